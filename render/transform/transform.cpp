// The registry of transformations by Grafana id, and the pipeline that runs a panel's list.
#include "render/transform/transform.hpp"

#include <exception>
#include <string_view>

#include "render/transform/frame_ops.hpp"
#include "render/transform/transformers.hpp"

namespace reportd::render {
namespace {

using transformer = std::vector<frame> (*)(const transform::options&, std::vector<frame>);

struct entry {
  std::string_view id;
  transformer fn;
};

constexpr entry registry[] = {
    {"organize", transform::organize},
    {"merge", transform::merge},
    {"joinByField", transform::join_by_field},
    {"seriesToColumns", transform::join_by_field},  // Grafana 7's name for joinByField
    {"reduce", transform::reduce},
    {"filterFieldsByName", transform::filter_fields_by_name},
    {"filterByValue", transform::filter_by_value},
    {"renameByRegex", transform::rename_by_regex},
    {"calculateField", transform::calculate_field},
    {"sortBy", transform::sort_by},
    {"limit", transform::limit},
    {"seriesToRows", transform::series_to_rows},
    {"labelsToFields", transform::labels_to_fields},
};

transformer find(std::string_view id) {
  for (const auto& e : registry)
    if (e.id == id) return e.fn;
  return nullptr;
}

// The drawers show field names: after transforming, each field is named as Grafana would
// show it (labels that tell fields apart, frame names where they differ).
void name_as_shown(std::vector<frame>& frames) {
  const auto snapshot = frames;
  for (std::size_t i = 0; i < frames.size(); ++i)
    for (std::size_t k = 0; k < frames[i].fields.size(); ++k)
      frames[i].fields[k].name = transform::display_name(snapshot[i].fields[k], snapshot[i], snapshot);
}

}  // namespace

std::vector<frame> apply_transformations(const boost::json::array& transformations, std::vector<frame> frames,
                                         std::vector<std::string>& notes) {
  bool ran = false;
  for (const auto& tv : transformations) {
    if (!tv.is_object()) continue;
    const auto& t = tv.get_object();
    if (transform::opt_bool(t, "disabled", false)) continue;
    const auto id = transform::opt_string(t, "id");
    const auto fn = find(id);
    if (fn == nullptr) {
      notes.push_back("transformation " + (id.empty() ? std::string("(without id)") : id) + " is not supported");
      continue;
    }
    transform::options opts;
    if (const auto* o = t.if_contains("options"); o && o->is_object()) opts = o->get_object();
    try {
      // A copy goes in: a transformation that throws leaves the data as it was.
      frames = fn(opts, frames);
      ran = true;
    } catch (const std::exception& e) {
      notes.push_back("transformation " + id + " failed: " + e.what());
    }
  }
  if (ran) name_as_shown(frames);
  return frames;
}

}  // namespace reportd::render
