#pragma once
// Grafana's data frame wire format, as `POST /api/ds/query` answers it, read into render
// frames: `results.<refId>` holds `status`, `error` and `frames[]`, each frame a `schema`
// (name, refId, meta, fields[] with name, type, typeInfo, labels, config) and columnar
// `data.values` (NaN and infinities written as null plus `data.entities[i]` indices).
// A field's `config` (unit, displayNameFromDS, decimals, min, max, ...) is kept on the field
// for the drawers. Times are epoch ms; `data.nanos` (sub-millisecond parts) is not read.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "render/panel.hpp"

namespace reportd::render::grafana {

/// One refId's answer.
struct query_result {
  int status = 200;         // "status" (HTTP-like); absent: 200
  std::string error;        // "error": non-empty when the query failed
  std::vector<frame> frames;
};

/// Reads one `backend.DataResponse` object ({status, error, frames}). `ref_id` fills frames
/// without a schema.refId. Throws std::runtime_error when `body` is not such JSON.
query_result parse_data_response(std::string_view body, const std::string& ref_id = {});

/// Reads a whole `/api/ds/query` answer: refId -> result. Throws std::runtime_error when
/// the body is not JSON or has no `results` object.
std::map<std::string, query_result> parse_query_response(std::string_view body);

}  // namespace reportd::render::grafana
