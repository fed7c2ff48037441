#pragma once
// The request and response values that cross from the Beast session into the actors.
// Immutable once built; no Beast or CAF types here, so actors and tests include this cheaply.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace reportd::http {

struct request {
  std::string id;      // request id for logs and 500 bodies ("traceID")
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw target, "/api/reports?x=1"
  std::string path;    // decoded path without query, "/api/reports"
  std::map<std::string, std::string> query;  // decoded query parameters
  std::string authorization;  // Authorization header value, "" when absent
  std::string content_type;   // Content-Type header value
  std::string org_id_header;  // X-Grafana-Org-Id header value
  std::string body;
  std::string remote;         // peer address, for logs
  /// Set (by the connection) once the client has closed its connection while the request
  /// waits for its answer: nobody will read it, so heavy work for it is dropped. nullptr:
  /// never set (requests made inside reportd, tests).
  std::shared_ptr<const std::atomic<bool>> client_gone;

  /// Query parameter or `fallback`.
  std::string param(const std::string& key, std::string fallback = {}) const {
    auto i = query.find(key);
    return i == query.end() ? std::move(fallback) : i->second;
  }
};

struct response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  bool close = false;  // close the connection after writing
};

}  // namespace reportd::http
