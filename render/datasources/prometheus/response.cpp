#include "render/datasources/prometheus/response.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <regex>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>

namespace reportd::render::prometheus {
namespace {

namespace json = boost::json;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

json::value parse_body(std::string_view body) {
  boost::system::error_code ec;
  auto doc = json::parse(body, ec);
  if (ec || !doc.is_object()) throw std::runtime_error("Prometheus' answer is not JSON");
  return doc;
}

std::string str(const json::value* v) {
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

label_set labels_of(const json::value* metric) {
  label_set out;
  if (metric == nullptr || !metric->is_object()) return out;
  for (const auto& kv : metric->get_object()) out[std::string(kv.key())] = str(&kv.value());
  return out;
}

// A [seconds, "value"] pair.
std::pair<double, double> sample(const json::value& pair) {
  if (!pair.is_array() || pair.get_array().size() < 2) return {nan, nan};
  const auto& a = pair.get_array();
  const double t = a[0].is_number() ? a[0].to_number<double>() * 1000.0 : nan;
  return {std::round(t), a[1].is_string() ? sample_value(a[1].get_string()) : nan};
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string label_text(const label_set& labels, std::string_view sep) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (k == "__name__") continue;
    if (!out.empty()) out += sep;
    out += k + "=" + quoted(v);
  }
  return out;
}

struct series_data {
  label_set labels;
  std::vector<double> times;
  std::vector<double> values;
};

std::vector<series_data> read_result(const json::value& doc) {
  const auto& root = doc.get_object();
  if (str(root.if_contains("status")) != "success")
    throw std::runtime_error(error_message(200, json::serialize(doc)));
  const auto* data = root.if_contains("data");
  if (data == nullptr || !data->is_object()) throw std::runtime_error("Prometheus' answer has no data");
  const auto type = str(data->get_object().if_contains("resultType"));
  const auto* result = data->get_object().if_contains("result");
  std::vector<series_data> out;
  if (result == nullptr) return out;
  if (type == "scalar" || type == "string") {
    series_data s;
    auto [t, v] = sample(*result);
    s.times.push_back(t);
    s.values.push_back(v);
    out.push_back(std::move(s));
    return out;
  }
  if (!result->is_array()) return out;
  for (const auto& item : result->get_array()) {
    if (!item.is_object()) continue;
    const auto& o = item.get_object();
    series_data s;
    s.labels = labels_of(o.if_contains("metric"));
    auto add = [&](const json::value& pair) {
      auto [t, v] = sample(pair);
      s.times.push_back(t);
      s.values.push_back(v);
    };
    if (const auto* values = o.if_contains("values"); values && values->is_array())
      for (const auto& pair : values->get_array()) add(pair);
    if (const auto* value = o.if_contains("value")) add(*value);
    out.push_back(std::move(s));
  }
  return out;
}

frame series_frame(series_data s, const frame_spec& spec) {
  frame f;
  f.ref_id = spec.ref_id;
  f.name = series_name(s.labels, spec);
  field time{"Time", field_type::time, std::move(s.times), {}, {}};
  field value{"Value", field_type::number, std::move(s.values), {}, std::move(s.labels)};
  f.fields.push_back(std::move(time));
  f.fields.push_back(std::move(value));
  return f;
}

frame table_frame(const std::vector<series_data>& all, const frame_spec& spec) {
  std::set<std::string> names;
  for (const auto& s : all)
    for (const auto& kv : s.labels) names.insert(kv.first);
  frame f;
  f.ref_id = spec.ref_id;
  f.fields.push_back({"Time", field_type::time, {}, {}, {}});
  for (const auto& n : names) f.fields.push_back({n, field_type::string, {}, {}, {}});
  f.fields.push_back({"Value", field_type::number, {}, {}, {}});
  for (const auto& s : all) {
    for (std::size_t i = 0; i < s.values.size(); ++i) {
      f.fields.front().numbers.push_back(s.times[i]);
      std::size_t col = 1;
      for (const auto& n : names) {
        auto it = s.labels.find(n);
        f.fields[col++].strings.push_back(it == s.labels.end() ? std::string{} : it->second);
      }
      f.fields.back().numbers.push_back(s.values[i]);
    }
  }
  return f;
}

// Histogram buckets are cumulative; a heatmap cell shows each bucket's own count.
std::vector<frame> heatmap_frames(std::vector<series_data> all, const frame_spec& spec) {
  auto le = [](const series_data& s) {
    auto it = s.labels.find("le");
    if (it == s.labels.end()) return std::numeric_limits<double>::infinity();
    try {
      return std::stod(it->second);  // "+Inf" is the last bucket
    } catch (const std::exception&) {
      return std::numeric_limits<double>::infinity();
    }
  };
  std::stable_sort(all.begin(), all.end(), [&](const auto& a, const auto& b) { return le(a) < le(b); });
  for (std::size_t i = all.size(); i-- > 1;) {
    auto& upper = all[i].values;
    const auto& lower = all[i - 1].values;
    for (std::size_t j = 0; j < upper.size() && j < lower.size(); ++j) upper[j] -= lower[j];
  }
  std::vector<frame> out;
  for (auto& s : all) out.push_back(series_frame(std::move(s), spec));
  return out;
}

}  // namespace

double sample_value(std::string_view text) {
  try {
    const double v = std::stod(std::string(text));
    return std::isfinite(v) ? v : nan;
  } catch (const std::exception&) {
    return nan;
  }
}

std::string series_name(const label_set& labels, const frame_spec& spec) {
  std::string legend;
  if (spec.legend_format.empty() || spec.legend_format == "__auto") {
    const auto name = labels.count("__name__") ? labels.at("__name__") : std::string{};
    const auto rest = label_text(labels, ", ");
    legend = rest.empty() ? (name.empty() ? "{}" : name) : name + "{" + rest + "}";
  } else {
    static const std::regex placeholder(R"(\{\{\s*(.+?)\s*\}\})");
    std::string input = spec.legend_format;
    auto last = input.cbegin();
    for (std::sregex_iterator it(input.begin(), input.end(), placeholder), end; it != end; ++it) {
      legend.append(last, (*it)[0].first);
      last = (*it)[0].second;
      if (auto found = labels.find((*it)[1].str()); found != labels.end()) legend += found->second;
    }
    legend.append(last, input.cend());
  }
  return legend == "{}" ? spec.expr : legend;
}

std::vector<frame> frames_from_response(std::string_view body, const frame_spec& spec) {
  auto all = read_result(parse_body(body));
  if (spec.format == "table") return {table_frame(all, spec)};
  if (spec.format == "heatmap") return heatmap_frames(std::move(all), spec);
  std::vector<frame> out;
  for (auto& s : all) out.push_back(series_frame(std::move(s), spec));
  return out;
}

std::vector<std::string> string_list(std::string_view body) {
  const auto doc = parse_body(body);
  const auto& root = doc.get_object();
  if (str(root.if_contains("status")) != "success") throw std::runtime_error(error_message(200, body));
  std::vector<std::string> out;
  if (const auto* data = root.if_contains("data"); data && data->is_array())
    for (const auto& v : data->get_array())
      if (v.is_string()) out.emplace_back(v.get_string());
  return out;
}

std::vector<std::string> query_result_texts(std::string_view body) {
  std::vector<std::string> out;
  for (const auto& s : read_result(parse_body(body))) {
    std::string text = s.labels.count("__name__") ? s.labels.at("__name__") : std::string{};
    if (const auto rest = label_text(s.labels, ","); !rest.empty()) text += "{" + rest + "}";
    if (!s.values.empty()) {
      char v[32];
      std::snprintf(v, sizeof v, "%.15g", s.values.back());
      text += std::string(" ") + v + " " + std::to_string(static_cast<std::int64_t>(s.times.back()));
    }
    out.push_back(std::move(text));
  }
  return out;
}

std::vector<std::string> series_texts(std::string_view body, const std::string& selector) {
  const auto doc = parse_body(body);
  const auto& root = doc.get_object();
  if (str(root.if_contains("status")) != "success") throw std::runtime_error(error_message(200, body));
  std::vector<std::string> out;
  if (const auto* data = root.if_contains("data"); data && data->is_array())
    for (const auto& s : data->get_array()) out.push_back(series_name(labels_of(&s), frame_spec{selector, "", "", ""}));
  return out;
}

std::string error_message(long http_status, std::string_view body) {
  boost::system::error_code ec;
  auto doc = json::parse(body, ec);
  if (!ec && doc.is_object()) {
    const auto& o = doc.get_object();
    const auto type = str(o.if_contains("errorType"));
    const auto error = str(o.if_contains("error"));
    if (!error.empty()) return type.empty() ? error : type + ": " + error;
  }
  std::string head(body.substr(0, 200));
  while (!head.empty() && (head.back() == '\n' || head.back() == '\r')) head.pop_back();
  return "Prometheus answered HTTP " + std::to_string(http_status) + (head.empty() ? "" : ": " + head);
}

}  // namespace reportd::render::prometheus
