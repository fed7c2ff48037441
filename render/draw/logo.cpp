#include "render/draw/logo.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/algorithm/string/trim.hpp>

#include "render/draw/logo_cache.hpp"

namespace reportd::render {
namespace {

// One hop of the download: the body (capped), the cache headers of the response, and why a
// socket was not opened when the address was refused.
struct transfer {
  std::string data;
  bool too_big = false;
  std::string cache_control;
  std::string expires;
  bool allow_internal = false;
  std::string refused;  // "127.0.0.1 is a loopback address"
};

std::size_t on_data(char* ptr, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<transfer*>(user);
  std::size_t bytes = size * n;
  if (t->data.size() + bytes > max_logo_bytes) {
    t->too_big = true;
    return 0;  // makes curl abort the transfer
  }
  t->data.append(ptr, bytes);
  return bytes;
}

std::size_t on_header(char* ptr, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<transfer*>(user);
  std::string line(ptr, size * n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a 100 Continue): its own headers
    t->cache_control.clear();
    t->expires.clear();
  }
  auto colon = line.find(':');
  if (colon == std::string::npos) return size * n;
  const std::string name = boost::algorithm::to_lower_copy(line.substr(0, colon));
  if (name == "cache-control")
    t->cache_control += (t->cache_control.empty() ? "" : ",") + boost::algorithm::trim_copy(line.substr(colon + 1));
  else if (name == "expires")
    t->expires = boost::algorithm::trim_copy(line.substr(colon + 1));
  return size * n;
}

std::string numeric_host(const sockaddr* a) {
  char buf[64] = {};
  if (a->sa_family == AF_INET)
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(a)->sin_addr, buf, sizeof buf);
  else if (a->sa_family == AF_INET6)
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr, buf, sizeof buf);
  return buf;
}

// Runs before every connect, with the address curl resolved: the check a DNS answer that
// changes between lookups cannot get around.
curl_socket_t open_socket(void* user, curlsocktype purpose, curl_sockaddr* a) {
  auto* t = static_cast<transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  if (!t->allow_internal) {
    if (const char* why = refused_address(&a->addr)) {
      t->refused = numeric_host(&a->addr) + " is " + why;
      return CURL_SOCKET_BAD;
    }
  }
  return ::socket(a->family, a->socktype, a->protocol);
}

struct url_handle {
  CURLU* h = curl_url();
  ~url_handle() { curl_url_cleanup(h); }
};

std::string url_part(const std::string& url, CURLUPart part) {
  url_handle u;
  if (u.h == nullptr || curl_url_set(u.h, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return "";
  char* out = nullptr;
  if (curl_url_get(u.h, part, &out, 0) != CURLUE_OK) return "";
  std::string s(out);
  curl_free(out);
  return s;
}

bool host_allowed(const std::string& url, const logo_policy& policy) {
  std::string host = url_part(url, CURLUPART_HOST);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::algorithm::to_lower(host);
  for (auto allowed : policy.allowed_hosts) {
    if (allowed.size() > 2 && allowed.front() == '[' && allowed.back() == ']')
      allowed = allowed.substr(1, allowed.size() - 2);
    if (!host.empty() && allowed == host) return true;
  }
  return false;
}

// Scheme and characters of a URL we may ask for: http(s), no control characters, bounded.
std::string url_problem(const std::string& url) {
  if (url.size() > 2048) return "the logo URL is longer than 2048 characters";
  for (unsigned char c : url)
    if (c < 0x20 || c == 0x7f) return "the logo URL contains a control character";
  std::string scheme = url_part(url, CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https") return "the logo URL must be http or https";
  return "";
}

struct curl_handle {
  CURL* h = curl_easy_init();
  ~curl_handle() { curl_easy_cleanup(h); }
};

// One request without following redirects; *next is set to the Location of a redirect.
std::string fetch_once(CURL* curl, const std::string& url, transfer& t, std::string* next) {
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  CURLcode rc = curl_easy_perform(curl);
  if (t.too_big || rc == CURLE_FILESIZE_EXCEEDED) return "the logo is larger than 2 MiB";
  if (!t.refused.empty()) return "refused to connect: " + t.refused + " (allow the host in [security] allowed_logo_hosts)";
  if (rc != CURLE_OK) return std::string("the logo could not be downloaded: ") + curl_easy_strerror(rc);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 300 && status < 400) {
    char* location = nullptr;
    curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location);
    if (location == nullptr) return "the logo URL answered " + std::to_string(status) + " without a Location";
    *next = location;
    return "";
  }
  if (status != 200) return "the logo URL answered " + std::to_string(status);
  return "";
}

struct download {
  std::string bytes;
  std::optional<std::chrono::seconds> fresh_for;
};

// The logo's bytes after at most max_logo_redirects redirects, each hop's URL and addresses
// checked; a reason in `why` when there are none.
std::optional<download> download_logo(std::string url, const logo_policy& policy, std::string& why) {
  curl_handle curl;
  if (curl.h == nullptr) {
    why = "could not start a download for the logo";
    return std::nullopt;
  }
  for (int hop = 0; hop <= max_logo_redirects; ++hop) {
    if (hop > 0) {
      if (auto bad = url_problem(url); !bad.empty()) {
        why = "redirected to " + url_for_log(url) + ": " + bad;
        return std::nullopt;
      }
    }
    transfer t;
    t.allow_internal = host_allowed(url, policy);
    curl_easy_reset(curl.h);
    curl_easy_setopt(curl.h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl.h, CURLOPT_PROXY, "");  // an environment proxy would hide the address checked
    curl_easy_setopt(curl.h, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(curl.h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.h, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(curl.h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_logo_bytes));
    curl_easy_setopt(curl.h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(curl.h, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl.h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl.h, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl.h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(curl.h, CURLOPT_OPENSOCKETDATA, &t);
    std::string next;
    why = fetch_once(curl.h, url, t, &next);
    if (!why.empty()) {
      if (hop > 0) why = "after a redirect to " + url_for_log(url) + ": " + why;
      return std::nullopt;
    }
    if (next.empty()) {
      auto now = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch()).count();
      return download{std::move(t.data), freshness(t.cache_control, t.expires, now)};
    }
    url = next;
  }
  why = "the logo URL redirects more than " + std::to_string(max_logo_redirects) + " times";
  return std::nullopt;
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

std::uint32_t be32(const std::string& b, std::size_t at) {
  auto u = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])); };
  return (u(0) << 24) | (u(1) << 16) | (u(2) << 8) | u(3);
}

logo_result skipped(const std::string& url, std::string reason) {
  spdlog::warn("report logo {} left out: {}", url_for_log(url), reason);
  return {nullptr, std::move(reason)};
}

}  // namespace

std::optional<image_size> png_size(const std::string& bytes) {
  static const char png_magic[] = "\x89PNG\r\n\x1a\n";
  // Signature, then the IHDR chunk: length (13), "IHDR", width, height (big-endian).
  if (bytes.size() < 24 || std::memcmp(bytes.data(), png_magic, 8) != 0 || bytes.compare(12, 4, "IHDR") != 0)
    return std::nullopt;
  return image_size{static_cast<long>(be32(bytes, 16)), static_cast<long>(be32(bytes, 20))};
}

logo_result decode_logo(const std::string& bytes, int max_dimension) {
  auto size = png_size(bytes);
  if (!size) return {nullptr, "the logo is not a PNG image"};
  if (size->width > max_dimension || size->height > max_dimension)
    return {nullptr, "the logo is " + std::to_string(size->width) + " x " + std::to_string(size->height) +
                         " pixels; the limit is " + std::to_string(max_dimension) + " x " +
                         std::to_string(max_dimension) + " ([security] max_logo_dimension)"};
  reader r{&bytes};
  surface_ptr s(cairo_image_surface_create_from_png_stream(read_png, &r));
  if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS)
    return {nullptr, std::string("the logo PNG could not be decoded: ") +
                         cairo_status_to_string(cairo_surface_status(s.get()))};
  return {std::move(s), ""};
}

logo_result fetch_logo(const std::string& url, const logo_policy& policy) {
  if (url.empty()) return {nullptr, ""};
  if (auto bad = url_problem(url); !bad.empty()) return skipped(url, bad);
  std::optional<std::string> bytes;
  if (policy.cache) bytes = policy.cache->get(url);
  if (!bytes) {
    std::string why;
    auto got = download_logo(url, policy, why);
    if (!got) return skipped(url, why);
    if (policy.cache && got->fresh_for)
      policy.cache->put(url, got->bytes, logo_cache::clock::now() + *got->fresh_for);
    bytes = std::move(got->bytes);
  }
  auto decoded = decode_logo(*bytes, policy.max_dimension);
  if (!decoded.image) return skipped(url, decoded.reason);
  return decoded;
}

std::string url_for_log(const std::string& url) {
  url_handle u;
  if (u.h == nullptr || curl_url_set(u.h, CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    // Not a URL curl reads: nothing of it, which may hold credentials or control characters.
    return "(a malformed URL of " + std::to_string(url.size()) + " characters)";
  }
  curl_url_set(u.h, CURLUPART_USER, nullptr, 0);
  curl_url_set(u.h, CURLUPART_PASSWORD, nullptr, 0);
  char* out = nullptr;
  if (curl_url_get(u.h, CURLUPART_URL, &out, 0) != CURLUE_OK) return "(unprintable URL)";
  std::string s(out);
  curl_free(out);
  if (s.size() > 200) s = s.substr(0, 200) + "...";  // a log line, not the URL's archive
  return s;
}

}  // namespace reportd::render
