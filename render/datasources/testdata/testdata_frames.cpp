// TestData scenarios whose input is data in text form: csv_content and raw_frame.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <limits>
#include <optional>
#include <sstream>

#include <boost/json.hpp>
#include <date/date.h>

#include "render/datasources/testdata/testdata.hpp"

namespace reportd::render {
namespace {

namespace json = boost::json;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::optional<double> as_number(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const double d = std::stod(cell, &used);
    if (used == cell.size()) return d;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// RFC 3339 / ISO 8601 date-times ("2020-01-01T10:00:00Z", "...+02:00", "2020-01-01 10:00:00").
std::optional<double> as_time(const std::string& cell) {
  for (const char* fmt : {"%FT%T%Ez", "%FT%TZ", "%F %T%Ez", "%F %T", "%FT%T", "%F"}) {
    std::istringstream in(cell);
    date::sys_time<std::chrono::milliseconds> tp;
    in >> date::parse(fmt, tp);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof())
      return static_cast<double>(tp.time_since_epoch().count());
  }
  return std::nullopt;
}

bool is_null_cell(const std::string& cell) { return cell.empty() || lower(cell) == "null"; }

field typed_column(const std::string& name, const std::vector<std::string>& cells) {
  auto all = [&](auto pred) {
    return std::all_of(cells.begin(), cells.end(),
                       [&](const std::string& c) { return is_null_cell(c) || pred(c); });
  };
  const auto lname = lower(name);
  const bool time_name = lname == "time" || lname == "timestamp" || lname == "date";
  field f;
  f.name = name;
  if (all([](const std::string& c) { return as_number(c).has_value(); })) {
    f.type = time_name ? field_type::time : field_type::number;
    for (const auto& c : cells) f.numbers.push_back(as_number(c).value_or(nan));
  } else if (all([](const std::string& c) { return as_time(c).has_value(); })) {
    f.type = field_type::time;
    for (const auto& c : cells) f.numbers.push_back(as_time(c).value_or(nan));
  } else if (all([](const std::string& c) { return lower(c) == "true" || lower(c) == "false"; })) {
    f.type = field_type::boolean;
    for (const auto& c : cells) f.numbers.push_back(is_null_cell(c) ? nan : lower(c) == "true");
  } else {
    f.type = field_type::string;
    f.strings = cells;
  }
  return f;
}

field field_from_json(const json::object& def, const json::array* values) {
  field f;
  if (const auto* n = def.if_contains("name"); n && n->is_string()) f.name = std::string(n->get_string());
  std::string type;
  if (const auto* t = def.if_contains("type"); t && t->is_string()) type = std::string(t->get_string());
  f.type = type == "time" ? field_type::time
           : type == "string" ? field_type::string
           : type == "boolean" ? field_type::boolean
                               : field_type::number;
  if (values == nullptr) return f;
  for (const auto& v : *values) {
    if (f.type == field_type::string) {
      f.strings.push_back(v.is_string() ? std::string(v.get_string()) : v.is_null() ? "" : json::serialize(v));
    } else if (v.is_number()) {
      f.numbers.push_back(v.to_number<double>());
    } else if (v.is_bool()) {
      f.numbers.push_back(v.get_bool() ? 1 : 0);
    } else {
      f.numbers.push_back(nan);
    }
  }
  return f;
}

std::optional<frame> frame_from_json(const json::object& o, const std::string& ref_id) {
  frame f;
  f.ref_id = ref_id;
  const json::object* schema = o.contains("schema") && o.at("schema").is_object() ? &o.at("schema").get_object() : &o;
  if (const auto* n = schema->if_contains("name"); n && n->is_string()) f.name = std::string(n->get_string());
  const json::array* columns = nullptr;
  if (o.contains("data") && o.at("data").is_object()) {
    const auto* v = o.at("data").get_object().if_contains("values");
    if (v && v->is_array()) columns = &v->get_array();
  }
  const auto* defs = schema->if_contains("fields");
  if (defs == nullptr || !defs->is_array()) return std::nullopt;
  std::size_t i = 0;
  for (const auto& d : defs->get_array()) {
    if (!d.is_object()) continue;
    const json::array* values = nullptr;
    if (columns && i < columns->size() && (*columns)[i].is_array()) values = &(*columns)[i].get_array();
    if (const auto* own = d.get_object().if_contains("values"); own && own->is_array()) values = &own->get_array();
    f.fields.push_back(field_from_json(d.get_object(), values));
    ++i;
  }
  return f;
}

}  // namespace

std::vector<std::vector<std::string>> parse_csv_rows(std::string_view csv) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  auto end_row = [&] {
    if (any || !cell.empty() || !row.empty()) {
      row.push_back(std::move(cell));
      rows.push_back(std::move(row));
    }
    row.clear();
    cell.clear();
    any = false;
  };
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (c == '\n') {
      end_row();
    } else if (c != '\r') {
      cell += c;
    }
  }
  end_row();
  for (auto& r : rows)
    for (auto& c : r) {
      // Unquoted cells around commas carry the writer's spaces; values do not.
      const auto b = c.find_first_not_of(' ');
      c = b == std::string::npos ? std::string{} : c.substr(b, c.find_last_not_of(' ') - b + 1);
    }
  return rows;
}

frame frame_from_csv(std::string_view csv, const std::string& ref_id) {
  frame f;
  f.ref_id = ref_id;
  f.name = ref_id;
  const auto rows = parse_csv_rows(csv);
  if (rows.empty()) return f;
  const auto& header = rows.front();
  for (std::size_t col = 0; col < header.size(); ++col) {
    std::vector<std::string> cells;
    for (std::size_t r = 1; r < rows.size(); ++r)
      cells.push_back(col < rows[r].size() ? rows[r][col] : std::string{});
    f.fields.push_back(typed_column(header[col], cells));
  }
  return f;
}

std::vector<frame> frames_from_raw(std::string_view json_text, const std::string& ref_id) {
  boost::system::error_code ec;
  const auto doc = json::parse(json_text, ec);
  std::vector<frame> out;
  if (ec) return out;
  auto add = [&](const json::value& v) {
    if (!v.is_object()) return;
    if (auto f = frame_from_json(v.get_object(), ref_id)) out.push_back(std::move(*f));
  };
  if (doc.is_array()) {
    for (const auto& v : doc.get_array()) add(v);
  } else {
    add(doc);
  }
  return out;
}

}  // namespace reportd::render
