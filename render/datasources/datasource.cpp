#include "render/datasources/datasource.hpp"

#include <algorithm>
#include <cctype>

#include "render/datasources/testdata/testdata.hpp"

namespace reportd::render {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string member(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

}  // namespace

bool is_testdata_type(const std::string& type) {
  return type == "testdata" || type == "grafana-testdata-datasource";
}

bool same_source_type(const std::string& a, const std::string& b) {
  return a == b || (is_testdata_type(a) && is_testdata_type(b));
}

std::string datasource_ref::label() const {
  if (!name.empty()) return name;
  if (!uid.empty()) return uid;
  return type;
}

datasource_ref parse_datasource_ref(const boost::json::value* v) {
  datasource_ref ref;
  if (v == nullptr || v->is_null()) {
    ref.is_default = true;
  } else if (v->is_string()) {
    ref.name = std::string(v->get_string());
    ref.is_default = ref.name.empty() || ref.name == "default";
  } else if (v->is_object()) {
    ref.type = member(v->get_object(), "type");
    ref.uid = member(v->get_object(), "uid");
    ref.is_default = ref.type.empty() && ref.uid.empty();
  }
  return ref;
}

bool is_testdata(const datasource_ref& ref) {
  if (ref.is_default) return true;
  const auto type = lower(ref.type);
  if (is_testdata_type(type) || type == "datasource") return true;
  // Grafana's built-in source answers random-walk queries, which TestData does too.
  if (ref.name == "-- Grafana --" || ref.uid == "grafana") return true;
  return lower(ref.name).find("testdata") != std::string::npos ||
         lower(ref.uid).find("testdata") != std::string::npos;
}

datasource_registry::datasource_registry() {
  builtin_.config.org_id = 0;
  builtin_.config.name = "TestData";
  builtin_.config.uid = "testdata";
  builtin_.config.type = "grafana-testdata-datasource";
  builtin_.source = std::make_shared<testdata_source>();
}

void datasource_registry::add(model::datasource_config config, std::shared_ptr<datasource> source) {
  entries_.push_back({std::move(config), std::move(source)});
}

void datasource_registry::add(std::string type, std::string uid, std::string name,
                              std::shared_ptr<datasource> source) {
  model::datasource_config c;
  c.type = std::move(type);
  c.uid = std::move(uid);
  c.name = std::move(name);
  add(std::move(c), std::move(source));
}

const registered_source* datasource_registry::by_uid_or_name(const std::string& id) const {
  if (id.empty()) return nullptr;
  for (const auto& e : entries_)
    if (e.config.uid == id) return &e;
  for (const auto& e : entries_)
    if (e.config.name == id) return &e;
  return nullptr;
}

const registered_source& datasource_registry::default_source() const {
  for (const auto& e : entries_)
    if (e.config.is_default) return e;
  return builtin_;
}

const registered_source* datasource_registry::first_of_type(const std::string& type) const {
  const auto& d = default_source();
  if (same_source_type(d.config.type, type)) return &d;
  for (const auto& e : entries_)
    if (same_source_type(e.config.type, type)) return &e;
  return nullptr;
}

const registered_source& datasource_registry::testdata() const {
  for (const auto& e : entries_)
    if (is_testdata(datasource_ref{e.config.type, {}, {}, false}) && e.source) return e;
  return builtin_;
}

datasource* datasource_registry::find(const datasource_ref& ref) const {
  if (ref.is_default) return default_source().source.get();
  const auto& id = ref.uid.empty() ? ref.name : ref.uid;
  if (const auto* e = by_uid_or_name(id)) return e->source.get();
  // A {type} without uid: the default when of that type, else the first of that type.
  if (id.empty() && !ref.type.empty())
    if (const auto* e = first_of_type(ref.type)) return e->source.get();
  return is_testdata(ref) ? testdata().source.get() : nullptr;
}

void datasource_catalog::add(model::datasource_config config, std::shared_ptr<datasource> source) {
  const auto org = config.org_id;
  auto& registry = orgs_[org];
  registry.set_remote(remote_for(org));
  registry.add(std::move(config), std::move(source));
}

const remote_grafana* datasource_catalog::remote_for(std::int64_t org_id) const {
  auto it = per_org_.find(org_id);
  return it != per_org_.end() ? it->second.get() : all_orgs_.get();
}

void datasource_catalog::set_remote(std::shared_ptr<const remote_grafana> all_orgs,
                                    std::map<std::int64_t, std::shared_ptr<const remote_grafana>> per_org) {
  all_orgs_ = std::move(all_orgs);
  per_org_ = std::move(per_org);
  empty_.set_remote(all_orgs_.get());
  remote_only_.clear();
  for (const auto& [org, remote] : per_org_)
    if (!orgs_.count(org)) remote_only_[org].set_remote(remote.get());
  for (auto& entry : orgs_) entry.second.set_remote(remote_for(entry.first));
}

const datasource_registry& datasource_catalog::org(std::int64_t org_id) const {
  if (auto it = orgs_.find(org_id); it != orgs_.end()) return it->second;
  if (auto it = remote_only_.find(org_id); it != remote_only_.end()) return it->second;
  return empty_;
}

std::vector<std::int64_t> datasource_catalog::orgs() const {
  std::vector<std::int64_t> out;
  for (const auto& entry : orgs_) out.push_back(entry.first);
  return out;
}

std::vector<const model::datasource_config*> datasource_catalog::configs() const {
  std::vector<const model::datasource_config*> out;
  for (const auto& [org, registry] : orgs_)
    for (const auto& e : registry.entries()) out.push_back(&e.config);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->id < b->id; });
  return out;
}

}  // namespace reportd::render
