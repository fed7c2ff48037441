// Panel types a printed report cannot show as Grafana does (they list live dashboards, alerts
// or news, or need a map, a canvas or a trace view): the panel keeps its frame and title and
// says in its body what is not drawn, so the reader knows the box is not a failure.
#include <string>

#include "render/draw/draw_panels.hpp"

namespace reportd::render {
namespace {

struct note_type {
  const char* type;
  const char* name;
};

constexpr note_type note_types[] = {
    {"news", "News"},
    {"dashlist", "Dashboard list"},
    {"alertlist", "Alert list"},
    {"annolist", "Annotations list"},
    {"geomap", "Geomap"},
    {"grafana-worldmap-panel", "Worldmap"},
    {"canvas", "Canvas"},
    {"nodeGraph", "Node graph"},
    {"flamegraph", "Flame graph"},
    {"traces", "Traces"},
    {"xychart", "XY chart"},
    {"candlestick", "Candlestick"},
    {"trend", "Trend"},
    {"datagrid", "Datagrid"},
    {"pluginlist", "Plugin list"},
    {"welcome", "Welcome"},
    {"gettingstarted", "Getting started"},
    {"live", "Live"},
};

}  // namespace

const char* note_type_name(const std::string& type) {
  for (const auto& n : note_types)
    if (type == n.type) return n.name;
  return nullptr;
}

std::string note_message(const std::string& type) {
  const char* name = note_type_name(type);
  return std::string(name != nullptr ? name : type.c_str()) + " panels are not drawn in reports";
}

void draw_note(const draw_context& ctx, const panel& p, const rect& body) {
  draw_message(ctx, body, note_message(p.type));
}

}  // namespace reportd::render
