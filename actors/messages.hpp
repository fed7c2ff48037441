#pragma once
// Message payloads that are not plain model values. CAF-free, so tests and engines can
// build them without pulling in the actor headers.
#include <cstdint>
#include <string>
#include <vector>

#include "mail/engine.hpp"
#include "render/engine.hpp"
#include "store/database.hpp"
#include "http/message.hpp"
#include "http/responder.hpp"
#include "model/principal.hpp"
#include "model/report.hpp"
#include "model/settings.hpp"

namespace reportd {

/// What a request presents to the auth actor.
struct credentials {
  std::string authorization;  // Authorization header value
  std::string org_id_header;  // X-Grafana-Org-Id
};

/// Everything needed to generate a report, loaded in one store hop.
struct send_bundle {
  model::report report;
  std::vector<store::stored_dashboard> dashboards;  // in report order
  model::report_settings settings;
};

}  // namespace reportd
