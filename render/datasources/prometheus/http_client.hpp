#pragma once
// The HTTP side of the Prometheus source: one request to Prometheus' API over libcurl, with
// the datasource's auth, headers, TLS settings and a timeout. curl stays out of this header.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace reportd::render::prometheus {

/// How to reach one Prometheus, read from a datasource_config once.
struct endpoint {
  std::string url;                  // base URL without a trailing slash
  bool use_get = false;             // jsonData.httpMethod GET (POST form is Grafana's default)
  std::string basic_user;           // set: basic auth with basic_password
  std::string basic_password;
  std::vector<std::pair<std::string, std::string>> headers;  // httpHeaderName1 / httpHeaderValue1
  bool tls_skip_verify = false;
  std::string ca_cert_pem;          // tlsAuthWithCACert: trust this CA (PEM text)
  std::int64_t timeout_ms = 30000;  // jsonData.queryTimeout or 30 s
  std::string peer = "Prometheus";  // how errors name the server ("Prometheus at <url> refused ...")
};

struct http_answer {
  long status = 0;
  std::string body;
};

using form = std::vector<std::pair<std::string, std::string>>;

/// Sends `params` to `path` ("/api/v1/query_range") and returns the answer of any HTTP status.
/// Waits at most `timeout_ms`. Throws std::runtime_error naming what went wrong when no answer
/// came (refused, timed out, TLS, name not resolved). `force_get`: label APIs that are GET-only
/// on old servers.
http_answer send(const endpoint& ep, const std::string& path, const form& params, std::int64_t timeout_ms,
                 bool force_get = false);

/// As send(), with a JSON body (POST, Content-Type application/json), or a GET when
/// `json_body` is empty. Redirects are never followed (the answer is returned as it is), so
/// credentials in `ep.headers` only ever go to `ep.url`'s host.
http_answer send_json(const endpoint& ep, const std::string& path, const std::string& json_body,
                      std::int64_t timeout_ms);

}  // namespace reportd::render::prometheus
