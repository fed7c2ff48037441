#include "render/datasources/grafana/search.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include <boost/json/parse.hpp>

#include "model/text_encoding.hpp"
#include "render/datasources/grafana/client.hpp"

namespace reportd::render::grafana {
namespace {

std::string string_at(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

std::vector<model::dashboard_entry> parse_search(const std::string& body, const std::string& base_url) {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_array()) throw std::runtime_error("its search answer is not a JSON array");
  std::vector<model::dashboard_entry> out;
  for (const auto& hit : v.get_array()) {
    if (!hit.is_object()) continue;
    const auto& o = hit.get_object();
    if (string_at(o, "type") != "dash-db") continue;  // folders come back with type dash-folder
    model::dashboard_entry e;
    e.uid = string_at(o, "uid");
    if (e.uid.empty()) continue;
    e.title = string_at(o, "title");
    e.folder_title = string_at(o, "folderTitle");
    const auto url = string_at(o, "url");  // relative to Grafana's root ("/d/uid/slug")
    e.url = url.empty() || url.front() != '/' ? url : base_url + url;
    if (const auto* tags = o.if_contains("tags"); tags && tags->is_array())
      for (const auto& t : tags->get_array())
        if (t.is_string()) e.tags.emplace_back(t.get_string());
    e.origin = "grafana";
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<model::dashboard_entry> search(const client& grafana, const model::dashboard_search& q) {
  std::string path = "/api/search?type=dash-db&page=1&limit=" + std::to_string(q.limit);
  if (!q.query.empty()) path += "&query=" + model::percent_encode(q.query);
  const auto answer = grafana.ask(path, {}, q.answer_by_ms);
  if (answer.status != 200)
    throw std::runtime_error("Grafana at " + grafana.url() + " answered " + std::to_string(answer.status) +
                             " to the dashboard search: " + error_text(answer));
  try {
    return parse_search(answer.body, grafana.url());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("Grafana at " + grafana.url() + ": " + e.what());
  }
}

std::vector<model::dashboard_entry> union_of(std::vector<model::dashboard_entry> local,
                                             std::vector<model::dashboard_entry> remote, bool grafana_first,
                                             std::size_t limit) {
  auto& first = grafana_first ? remote : local;
  auto& second = grafana_first ? local : remote;
  std::set<std::string> seen;
  std::vector<model::dashboard_entry> out;
  out.reserve(first.size() + second.size());
  for (auto* list : {&first, &second})
    for (auto& e : *list)
      if (seen.insert(e.uid).second) out.push_back(std::move(e));
  // Each title lowered once, not on every comparison.
  std::vector<std::pair<std::string, std::size_t>> order;
  order.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) order.emplace_back(lower(out[i].title), i);
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : out[a.second].uid < out[b.second].uid;
  });
  std::vector<model::dashboard_entry> sorted;
  sorted.reserve(std::min(limit, order.size()));
  for (std::size_t i = 0; i < order.size() && sorted.size() < limit; ++i)
    sorted.push_back(std::move(out[order[i].second]));
  return sorted;
}

}  // namespace reportd::render::grafana
