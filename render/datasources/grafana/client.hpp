#pragma once
// The HTTP side of [grafana]: requests to one Grafana's API with its service-account token
// (Authorization: Bearer) and organisation (X-Grafana-Org-Id), over the Prometheus source's
// libcurl client. Redirects are not followed, so the token only ever goes to the configured
// host; the token is never put in a message or a log line.
#include <cstdint>
#include <string>

#include "render/datasources/prometheus/http_client.hpp"

namespace reportd::render::grafana {

/// [grafana] as the client needs it (config/ reads the INI; app/ fills this in).
struct connection {
  std::string url;                  // base URL, no trailing slash
  std::string token;                // the secret itself (a $__file{} already read)
  std::int64_t org_id = 0;          // 0: no X-Grafana-Org-Id header (the token's own org)
  bool tls_skip_verify = false;
  std::string ca_cert_pem;          // the PEM text of [grafana] ca_cert
  std::int64_t timeout_ms = 30000;  // per request, cut to the caller's deadline
};

class client {
public:
  explicit client(connection c);
  /// GET `path`, or POST `json_body` when it is non-empty; the answer of any HTTP status.
  /// `deadline_ms` (epoch ms, 0: none) cuts the timeout. Throws std::runtime_error
  /// "Grafana at <url> unreachable: ..." when no answer came.
  prometheus::http_answer ask(const std::string& path, const std::string& json_body, std::int64_t deadline_ms) const;
  const std::string& url() const { return ep_.url; }

private:
  prometheus::endpoint ep_;
};

/// Why an answer is not the expected 200: Grafana's `message` (or `error`) member, a redirect
/// that was not followed, else the first 200 bytes of the body.
std::string error_text(const prometheus::http_answer& answer);

}  // namespace reportd::render::grafana
