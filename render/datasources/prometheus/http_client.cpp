#include "render/datasources/prometheus/http_client.hpp"

#include <memory>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>

#include "model/text_encoding.hpp"

namespace reportd::render::prometheus {
namespace {

struct curl_cleanup {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

constexpr std::size_t max_body_bytes = 256u << 20;  // an answer larger than this is an error

std::size_t on_data(char* data, std::size_t size, std::size_t n, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * n > max_body_bytes) return 0;
  body->append(data, size * n);
  return size * n;
}

// application/x-www-form-urlencoded with the project's one percent-encoder.
std::string encode(const form& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += model::percent_encode(k) + "=" + model::percent_encode(v);
  }
  return out;
}

std::string seconds_text(std::int64_t ms) {
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

[[noreturn]] void fail(CURLcode rc, const char* detail, const endpoint& ep, std::int64_t timeout_ms) {
  const std::string where = ep.peer + " at " + ep.url;
  switch (rc) {
    case CURLE_COULDNT_CONNECT:
      throw std::runtime_error(where + " refused the connection");
    case CURLE_OPERATION_TIMEDOUT:
      throw std::runtime_error(where + " did not answer within " + seconds_text(timeout_ms));
    case CURLE_COULDNT_RESOLVE_HOST:
      throw std::runtime_error(where + ": host name not found");
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      throw std::runtime_error(where + ": TLS failed: " + (detail[0] ? detail : curl_easy_strerror(rc)));
    case CURLE_WRITE_ERROR:
      throw std::runtime_error(where + " answered more than " + std::to_string(max_body_bytes >> 20) + " MiB");
    default:
      throw std::runtime_error(where + ": " + (detail[0] ? detail : curl_easy_strerror(rc)));
  }
}

// One request: GET `url`, or POST `body` as `content_type` when `post`.
http_answer perform(const endpoint& ep, const std::string& url, bool post, const std::string& body,
                    const char* content_type, std::int64_t timeout_ms) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (timeout_ms <= 0) throw std::runtime_error("no time was left to ask " + ep.peer + " at " + ep.url);
  // One handle per thread, reset between requests: its connection and DNS caches survive the
  // reset, so a worker's next query to the same Prometheus reuses the open connection.
  thread_local std::unique_ptr<CURL, curl_cleanup> handle;
  if (handle) {
    curl_easy_reset(handle.get());
  } else {
    handle.reset(curl_easy_init());
    if (!handle) throw std::runtime_error("could not start an HTTP request");
  }
  CURL* h = handle.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // credentials go to ep.url's host only
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // gzip when the server offers it
  if (post) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body.c_str());
  }
  if (!ep.basic_user.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_USERNAME, ep.basic_user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, ep.basic_password.c_str());
  }
  std::unique_ptr<curl_slist, curl_cleanup> headers;
  curl_slist* list = curl_slist_append(nullptr, "Accept: application/json");
  if (post && content_type != nullptr) list = curl_slist_append(list, (std::string("Content-Type: ") + content_type).c_str());
  for (const auto& [name, value] : ep.headers) list = curl_slist_append(list, (name + ": " + value).c_str());
  headers.reset(list);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  if (ep.tls_skip_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  curl_blob ca{};
  if (!ep.ca_cert_pem.empty()) {
    ca.data = const_cast<char*>(ep.ca_cert_pem.data());
    ca.len = ep.ca_cert_pem.size();
    ca.flags = CURL_BLOB_COPY;
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
  }
  http_answer out;
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &out.body);
  char detail[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
  if (const auto rc = curl_easy_perform(h); rc != CURLE_OK) fail(rc, detail, ep, timeout_ms);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
  return out;
}

}  // namespace

http_answer send(const endpoint& ep, const std::string& path, const form& params, std::int64_t timeout_ms,
                 bool force_get) {
  const auto query = encode(params);
  std::string url = ep.url + path;
  const bool get = ep.use_get || force_get;
  if (get && !query.empty()) url += "?" + query;
  return perform(ep, url, !get, query, nullptr, timeout_ms);
}

http_answer send_json(const endpoint& ep, const std::string& path, const std::string& json_body,
                      std::int64_t timeout_ms) {
  return perform(ep, ep.url + path, !json_body.empty(), json_body, "application/json", timeout_ms);
}

}  // namespace reportd::render::prometheus
