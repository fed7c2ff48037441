#include "render/datasources/grafana/client.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/json/parse.hpp>

#include "model/clock.hpp"

namespace reportd::render::grafana {

client::client(connection c) {
  ep_.url = c.url;
  while (!ep_.url.empty() && ep_.url.back() == '/') ep_.url.pop_back();
  ep_.peer = "Grafana";
  ep_.tls_skip_verify = c.tls_skip_verify;
  ep_.ca_cert_pem = std::move(c.ca_cert_pem);
  ep_.timeout_ms = c.timeout_ms;
  if (!c.token.empty()) ep_.headers.emplace_back("Authorization", "Bearer " + c.token);
  if (c.org_id > 0) ep_.headers.emplace_back("X-Grafana-Org-Id", std::to_string(c.org_id));
}

prometheus::http_answer client::ask(const std::string& path, const std::string& json_body,
                                    std::int64_t deadline_ms) const {
  auto timeout = ep_.timeout_ms;
  if (deadline_ms > 0) timeout = std::min(timeout, deadline_ms - model::epoch_ms());
  try {
    return prometheus::send_json(ep_, path, json_body, timeout);
  } catch (const std::runtime_error& e) {
    // "Grafana at <url> refused the connection" -> "Grafana at <url> unreachable: refused the connection"
    std::string why = e.what();
    const std::string where = "Grafana at " + ep_.url;
    if (why.rfind(where, 0) == 0) why.erase(0, where.size());
    while (!why.empty() && (why.front() == ' ' || why.front() == ':')) why.erase(0, 1);
    if (why.rfind("no time was left", 0) == 0) why = "no time was left for the request";
    throw std::runtime_error(where + " unreachable: " + why);
  }
}

std::string error_text(const prometheus::http_answer& answer) {
  if (answer.status >= 300 && answer.status < 400)
    return "a redirect, not followed: the token is only sent to the configured URL";
  const auto& body = answer.body;
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (!ec && v.is_object())
    for (const char* key : {"message", "error"})
      if (const auto* m = v.get_object().if_contains(key); m && m->is_string() && !m->get_string().empty())
        return std::string(m->get_string());
  return body.substr(0, 200);
}

}  // namespace reportd::render::grafana
