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
  if (type == "testdata" || type == "grafana-testdata-datasource" || type == "datasource") return true;
  // Grafana's built-in source answers random-walk queries, which TestData does too.
  if (ref.name == "-- Grafana --" || ref.uid == "grafana") return true;
  return lower(ref.name).find("testdata") != std::string::npos ||
         lower(ref.uid).find("testdata") != std::string::npos;
}

datasource_registry::datasource_registry() : testdata_(std::make_shared<testdata_source>()) {}

void datasource_registry::add(std::string type, std::string uid, std::string name,
                              std::shared_ptr<datasource> source) {
  entries_.push_back({std::move(type), std::move(uid), std::move(name), std::move(source)});
}

datasource* datasource_registry::find(const datasource_ref& ref) const {
  for (const auto& e : entries_) {
    const bool by_uid = !ref.uid.empty() && e.uid == ref.uid;
    const bool by_name = !ref.name.empty() && (e.name == ref.name || e.uid == ref.name);
    if (by_uid || by_name) return e.source.get();
  }
  // A {type} without uid: the first configured source of that type.
  if (ref.uid.empty() && ref.name.empty() && !ref.type.empty())
    for (const auto& e : entries_)
      if (e.type == ref.type) return e.source.get();
  return is_testdata(ref) ? testdata_.get() : nullptr;
}

}  // namespace reportd::render
