#include "render/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <set>

#include <date/tz.h>
#include <iconv.h>
#include <zip.h>

#include "model/time_zone.hpp"
#include "render/json_access.hpp"

namespace reportd::render {
namespace {

std::string quote(const std::string& cell) {
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number_text(double d) {
  if (std::isnan(d)) return {};
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

std::string time_text(double ms, const std::string& zone) {
  if (std::isnan(ms)) return {};
  const date::sys_seconds tp{std::chrono::seconds(static_cast<std::int64_t>(std::floor(ms / 1000)))};
  if (const auto* tz = model::find_rules(zone))
    return date::format("%F %T", tz->to_local(tp));
  return date::format("%F %T", tp);
}

std::string cell_text(const field& f, std::size_t row, const std::string& zone) {
  if (row >= f.size()) return {};
  switch (f.type) {
    case field_type::string: return f.strings[row];
    case field_type::time: return time_text(f.numbers[row], zone);
    case field_type::boolean:
      return std::isnan(f.numbers[row]) ? "" : f.numbers[row] != 0 ? "true" : "false";
    case field_type::number: break;
  }
  return number_text(f.numbers[row]);
}

bool hidden(const field_display& d) {
  const auto it = d.custom.find("hidden");
  return d.hidden_in_viz || (it != d.custom.end() && it->value().is_bool() && it->value().get_bool());
}

// a < b for one column, nulls first (the lowest), numbers numerically, strings as text.
int compare_cells(const field& f, std::size_t a, std::size_t b) {
  if (f.type == field_type::string) {
    const auto& x = a < f.strings.size() ? f.strings[a] : std::string();
    const auto& y = b < f.strings.size() ? f.strings[b] : std::string();
    return x.compare(y);
  }
  const double x = a < f.numbers.size() ? f.numbers[a] : std::nan("");
  const double y = b < f.numbers.size() ? f.numbers[b] : std::nan("");
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) == std::isnan(y) ? 0 : std::isnan(x) ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

// options.sortBy: [{displayName, desc}], the first key first.
void sort_rows(const panel& p, table_view& t) {
  const auto* keys = json::get_array(p.options, "sortBy");
  if (keys == nullptr) return;
  std::vector<std::pair<const field*, bool>> order;
  for (const auto& k : *keys) {
    const auto* o = k.if_object();
    if (o == nullptr) continue;
    const auto name = json::get_string(*o, "displayName");
    for (std::size_t c = 0; c < t.columns.size(); ++c)
      if (t.display[c].name == name) {
        order.emplace_back(&t.source->fields[t.columns[c]], json::get_bool(*o, "desc", false));
        break;
      }
  }
  if (order.empty()) return;
  std::stable_sort(t.rows.begin(), t.rows.end(), [&](std::size_t a, std::size_t b) {
    for (const auto& [f, desc] : order) {
      const int c = compare_cells(*f, a, b);
      if (c != 0) return desc ? c > 0 : c < 0;
    }
    return false;
  });
}

std::string utf16le(const std::string& utf8) {
  iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  std::string out(utf8.size() * 4 + 4, '\0');
  char* in_ptr = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  const auto r = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1)) return {};
  out.resize(out.size() - out_left);
  return out;
}

std::string encode(const std::string& utf8, const std::string& encoding) {
  if (encoding == "utf-8-bom") return "\xEF\xBB\xBF" + utf8;
  if (encoding == "utf-16le") return "\xFF\xFE" + utf16le(utf8);
  return utf8;
}

std::string unique_name(const std::string& name, std::set<std::string>& used) {
  if (used.insert(name).second) return name;
  const auto dot = name.rfind('.');
  const auto stem = dot == std::string::npos ? name : name.substr(0, dot);
  const auto ext = dot == std::string::npos ? std::string{} : name.substr(dot);
  for (int n = 2;; ++n) {
    auto candidate = stem + " (" + std::to_string(n) + ")" + ext;
    if (used.insert(candidate).second) return candidate;
  }
}

// Reads the whole in-memory archive back out of the zip source it was written to.
std::string source_bytes(zip_source_t* src) {
  if (zip_source_open(src) < 0) return {};
  zip_source_seek(src, 0, SEEK_END);
  const auto size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::string out(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
  const auto got = size > 0 ? zip_source_read(src, out.data(), out.size()) : 0;
  zip_source_close(src);
  if (got != size) return {};
  return out;
}

}  // namespace

table_view table_of(const panel& p) {
  table_view t;
  t.frame_count = p.frames.size();
  if (p.frames.empty()) return t;
  // The first frame with fields (Grafana's inspector moves the first non-empty frame to the front).
  for (std::size_t i = 0; i < p.frames.size(); ++i)
    if (!p.frames[i].fields.empty()) {
      t.frame_index = i;
      break;
    }
  t.source = &p.frames[t.frame_index];
  for (std::size_t c = 0; c < t.source->fields.size(); ++c) {
    auto d = resolve_field(p, *t.source, t.source->fields[c]);
    if (hidden(d)) continue;
    t.columns.push_back(c);
    t.display.push_back(std::move(d));
  }
  t.rows.resize(t.source->length());
  for (std::size_t r = 0; r < t.rows.size(); ++r) t.rows[r] = r;
  sort_rows(p, t);
  return t;
}

frame table_data(const panel& p) {
  const auto t = table_of(p);
  frame out;
  if (t.source == nullptr) return out;
  out.name = t.source->name;
  out.ref_id = t.source->ref_id;
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const auto& src = t.source->fields[t.columns[c]];
    field col{t.display[c].name, src.type, {}, {}, src.labels};
    for (std::size_t r : t.rows) {
      if (src.type == field_type::string) col.strings.push_back(r < src.strings.size() ? src.strings[r] : "");
      else col.numbers.push_back(r < src.numbers.size() ? src.numbers[r] : std::nan(""));
    }
    out.fields.push_back(std::move(col));
  }
  return out;
}

std::string table_cell_text(const field& f, std::size_t row, const std::string& zone) {
  return cell_text(f, row, zone);
}

std::string table_csv(const panel& p, const std::string& encoding, const std::string& zone) {
  std::string out;
  if (p.frames.empty()) return encode(out, encoding);
  const frame data = table_data(p);
  for (std::size_t i = 0; i < data.fields.size(); ++i)
    out += (i ? "," : "") + quote(data.fields[i].name);
  out += "\r\n";
  for (std::size_t row = 0; row < data.length(); ++row) {
    for (std::size_t i = 0; i < data.fields.size(); ++i)
      out += (i ? "," : "") + quote(cell_text(data.fields[i], row, zone));
    out += "\r\n";
  }
  return encode(out, encoding);
}

std::string csv_file_name(const std::string& dashboard_title, const panel& p) {
  std::string name = dashboard_title + " - " + (p.title.empty() ? "Panel " + std::to_string(p.id) : p.title);
  for (auto& c : name)
    if (std::string_view("/\\:*?\"<>|").find(c) != std::string_view::npos || (c >= 0 && c < 0x20)) c = '_';
  return name + ".csv";
}

std::string zip_files(const std::vector<named_file>& files) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (src == nullptr) return {};
  zip_t* archive = zip_open_from_source(src, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(src);
    return {};
  }
  zip_source_keep(src);  // outlives zip_close so the bytes can be read back
  std::set<std::string> used;
  bool ok = true;
  for (const auto& f : files) {
    zip_source_t* data = zip_source_buffer(archive, f.data.data(), f.data.size(), 0);
    const auto name = unique_name(f.name, used);
    if (data == nullptr || zip_file_add(archive, name.c_str(), data, ZIP_FL_ENC_UTF_8) < 0) {
      if (data) zip_source_free(data);
      ok = false;
      break;
    }
  }
  if (!ok || zip_close(archive) < 0) {
    zip_discard(archive);  // after a failed close the archive is still open
    zip_source_free(src);
    return {};
  }
  auto bytes = source_bytes(src);
  zip_source_free(src);
  return bytes;
}

}  // namespace reportd::render
