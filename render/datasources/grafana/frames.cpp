#include "render/datasources/grafana/frames.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/json/parse.hpp>
#include <simdjson.h>

namespace reportd::render::grafana {
namespace {

namespace dom = simdjson::dom;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string text(dom::element e) {
  std::string_view s;
  return e.get_string().get(s) == simdjson::SUCCESS ? std::string(s) : std::string{};
}

std::string member_text(dom::object o, const char* key) {
  dom::element e;
  return o.at_key(key).get(e) == simdjson::SUCCESS ? text(e) : std::string{};
}

double number(dom::element e) {
  switch (e.type()) {
    case dom::element_type::INT64: return static_cast<double>(int64_t(e));
    case dom::element_type::UINT64: return static_cast<double>(uint64_t(e));
    case dom::element_type::DOUBLE: return double(e);
    case dom::element_type::BOOL: return bool(e) ? 1.0 : 0.0;
    case dom::element_type::STRING: {  // a number sent as text
      const auto s = text(e);
      char* end = nullptr;
      const double v = std::strtod(s.c_str(), &end);
      return end != s.c_str() && *end == '\0' ? v : nan;
    }
    default: return nan;
  }
}

// A cell of a string field: strings as they are, anything else (the `other` type's JSON
// objects, numbers in a string column) as its JSON text; null as "".
std::string cell_text(dom::element e) {
  if (e.is_null()) return {};
  if (e.is_string()) return text(e);
  return simdjson::minify(e);
}

field_type type_of(const std::string& t) {
  if (t == "time") return field_type::time;
  if (t == "number") return field_type::number;
  if (t == "boolean") return field_type::boolean;
  return field_type::string;  // string, other, enum, unknown: shown as text
}

// `config.type.enum.text`: the texts an enum field's numbers index.
std::vector<std::string> enum_texts(const boost::json::object& config) {
  std::vector<std::string> out;
  const auto* t = config.if_contains("type");
  const auto* e = t && t->is_object() ? t->get_object().if_contains("enum") : nullptr;
  const auto* texts = e && e->is_object() ? e->get_object().if_contains("text") : nullptr;
  if (texts && texts->is_array())
    for (const auto& v : texts->get_array()) out.push_back(v.is_string() ? std::string(v.get_string()) : "");
  return out;
}

field read_field_schema(dom::object f, std::string* written_type) {
  field out;
  out.name = member_text(f, "name");
  *written_type = member_text(f, "type");
  out.type = type_of(*written_type);
  dom::object labels;
  if (f["labels"].get(labels) == simdjson::SUCCESS)
    for (auto kv : labels) out.labels[std::string(kv.key)] = cell_text(kv.value);
  dom::object config;
  if (f["config"].get(config) == simdjson::SUCCESS) {
    auto parsed = boost::json::parse(simdjson::minify(config));
    if (parsed.is_object()) out.config = std::move(parsed.get_object());
  }
  return out;
}

void read_values(field& out, const std::string& written_type, dom::array values) {
  const auto texts = written_type == "enum" ? enum_texts(out.config) : std::vector<std::string>{};
  for (auto v : values) {
    if (out.type == field_type::string) {
      if (written_type == "enum" && !v.is_null()) {
        const double i = number(v);
        out.strings.push_back(i >= 0 && i < static_cast<double>(texts.size()) ? texts[static_cast<std::size_t>(i)]
                                                                               : cell_text(v));
      } else {
        out.strings.push_back(cell_text(v));
      }
    } else {
      out.numbers.push_back(v.is_null() ? nan : number(v));
    }
  }
}

// `entities[i]`: {"NaN": [rows], "Inf": [rows], "NegInf": [rows]} for number field i.
void apply_entities(field& out, dom::element entities) {
  dom::object o;
  if (out.type == field_type::string || entities.get(o) != simdjson::SUCCESS) return;
  const std::pair<const char*, double> kinds[] = {{"NaN", nan},
                                                  {"Inf", std::numeric_limits<double>::infinity()},
                                                  {"NegInf", -std::numeric_limits<double>::infinity()}};
  for (const auto& [key, value] : kinds) {
    dom::array rows;
    if (o[key].get(rows) != simdjson::SUCCESS) continue;
    for (auto r : rows) {
      const double i = number(r);
      if (i >= 0 && i < static_cast<double>(out.numbers.size())) out.numbers[static_cast<std::size_t>(i)] = value;
    }
  }
}

frame read_frame(dom::object f, const std::string& ref_id) {
  frame out;
  out.ref_id = ref_id;
  dom::object schema;
  std::vector<std::string> written_types;
  if (f["schema"].get(schema) == simdjson::SUCCESS) {
    out.name = member_text(schema, "name");
    if (auto r = member_text(schema, "refId"); !r.empty()) out.ref_id = r;
    dom::array fields;
    if (schema["fields"].get(fields) == simdjson::SUCCESS)
      for (auto fe : fields) {
        dom::object fo;
        if (fe.get(fo) != simdjson::SUCCESS) continue;
        written_types.emplace_back();
        out.fields.push_back(read_field_schema(fo, &written_types.back()));
      }
  }
  dom::object data;
  if (f["data"].get(data) != simdjson::SUCCESS) return out;
  dom::array values;
  if (data["values"].get(values) == simdjson::SUCCESS) {
    std::size_t i = 0;
    for (auto column : values) {
      dom::array cells;
      if (i < out.fields.size() && column.get(cells) == simdjson::SUCCESS)
        read_values(out.fields[i], written_types[i], cells);
      ++i;
    }
  }
  dom::array entities;
  if (data["entities"].get(entities) == simdjson::SUCCESS) {
    std::size_t i = 0;
    for (auto e : entities) {
      if (i < out.fields.size()) apply_entities(out.fields[i], e);
      ++i;
    }
  }
  return out;
}

query_result read_result(dom::object o, const std::string& ref_id) {
  query_result out;
  dom::element status;
  if (o["status"].get(status) == simdjson::SUCCESS) out.status = static_cast<int>(number(status));
  out.error = member_text(o, "error");
  if (out.error.empty() && (out.status < 200 || out.status >= 300))
    out.error = "Grafana answered status " + std::to_string(out.status) + " for query " + ref_id;
  dom::array frames;
  if (o["frames"].get(frames) == simdjson::SUCCESS)
    for (auto f : frames) {
      dom::object fo;
      if (f.get(fo) == simdjson::SUCCESS) out.frames.push_back(read_frame(fo, ref_id));
    }
  return out;
}

dom::object parse_object(dom::parser& parser, std::string_view body, const char* what) {
  dom::object o;
  if (parser.parse(body.data(), body.size()).get(o) != simdjson::SUCCESS)
    throw std::runtime_error(std::string("Grafana's answer is not ") + what);
  return o;
}

}  // namespace

query_result parse_data_response(std::string_view body, const std::string& ref_id) {
  dom::parser parser;
  return read_result(parse_object(parser, body, "a JSON data response"), ref_id);
}

std::map<std::string, query_result> parse_query_response(std::string_view body) {
  dom::parser parser;
  auto root = parse_object(parser, body, "JSON");
  dom::object results;
  if (root["results"].get(results) != simdjson::SUCCESS) {
    // A request Grafana refused as a whole: {"message": "...", "error"?: "..."}.
    auto message = member_text(root, "message");
    if (message.empty()) message = member_text(root, "error");
    throw std::runtime_error(message.empty() ? "Grafana's answer has no results" : message);
  }
  std::map<std::string, query_result> out;
  for (auto kv : results) {
    dom::object o;
    if (kv.value.get(o) == simdjson::SUCCESS) out[std::string(kv.key)] = read_result(o, std::string(kv.key));
  }
  return out;
}

}  // namespace reportd::render::grafana
