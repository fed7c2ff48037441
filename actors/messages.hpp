#pragma once
// Message payloads that are not plain model values. CAF-free, and model-only: an actor
// that never renders or mails does not compile the engines' headers because of this one.
#include <cstdint>
#include <string>
#include <vector>

#include "model/principal.hpp"
#include "model/records.hpp"
#include "model/report.hpp"
#include "model/settings.hpp"

namespace reportd {

/// What a request presents to the auth actor.
struct credentials {
  std::string authorization;  // Authorization header value
  std::string org_id_header;  // X-Grafana-Org-Id
  std::string source = {};    // the client's address ("ip:port"): failed logins are limited per source
};

/// Everything needed to generate a report, loaded in one store hop.
struct send_bundle {
  model::report report;
  std::vector<model::stored_dashboard> dashboards;  // in report order
  model::report_settings settings;
};

}  // namespace reportd
