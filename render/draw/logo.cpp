#include "render/draw/logo.hpp"

#include <cstring>

#include <curl/curl.h>

namespace reportd::render {
namespace {

struct sink {
  std::string data;
  bool too_big = false;
};

std::size_t on_data(char* ptr, std::size_t size, std::size_t n, void* user) {
  auto* s = static_cast<sink*>(user);
  std::size_t bytes = size * n;
  if (s->data.size() + bytes > max_logo_bytes) {
    s->too_big = true;
    return 0;  // makes curl abort the transfer
  }
  s->data.append(ptr, bytes);
  return bytes;
}

struct reader {
  const std::string* bytes;
  std::size_t pos = 0;
};

cairo_status_t read_png(void* closure, unsigned char* out, unsigned int length) {
  auto* r = static_cast<reader*>(closure);
  if (r->pos + length > r->bytes->size()) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(out, r->bytes->data() + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

logo_result decode_logo(const std::string& bytes) {
  static const char png_magic[] = "\x89PNG\r\n\x1a\n";
  if (bytes.size() < 8 || std::memcmp(bytes.data(), png_magic, 8) != 0)
    return {nullptr, "the logo is not a PNG image"};
  reader r{&bytes};
  surface_ptr s(cairo_image_surface_create_from_png_stream(read_png, &r));
  if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS)
    return {nullptr, std::string("the logo PNG could not be decoded: ") +
                         cairo_status_to_string(cairo_surface_status(s.get()))};
  return {std::move(s), ""};
}

logo_result fetch_logo(const std::string& url) {
  if (url.empty()) return {nullptr, ""};
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    return {nullptr, "the logo URL must be http or https"};
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return {nullptr, "could not start a download for the logo"};
  sink s;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_logo_bytes));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &s);
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  if (s.too_big || rc == CURLE_FILESIZE_EXCEEDED) return {nullptr, "the logo is larger than 2 MiB"};
  if (rc != CURLE_OK) return {nullptr, std::string("the logo could not be downloaded: ") + curl_easy_strerror(rc)};
  return decode_logo(s.data);
}

}  // namespace reportd::render
