#include "render/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include <date/tz.h>
#include <iconv.h>
#include <zip.h>

#include "model/time_zone.hpp"

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

const field* time_field(const frame& f) {
  for (const auto& fl : f.fields)
    if (fl.type == field_type::time) return &fl;
  return nullptr;
}

// Several time series side by side: one Time column, one column per value field, empty
// cells where a series has no point at that time.
frame join_on_time(const std::vector<frame>& frames) {
  std::set<double> times;
  for (const auto& f : frames)
    for (double t : time_field(f)->numbers) times.insert(t);
  frame out;
  out.fields.push_back({"Time", field_type::time, {times.begin(), times.end()}, {}, {}});
  std::map<double, std::size_t> row_of;
  for (double t : times) row_of.emplace(t, row_of.size());
  for (const auto& f : frames) {
    const auto* tf = time_field(f);
    for (const auto& fl : f.fields) {
      if (&fl == tf) continue;
      field col{fl.name.empty() ? f.name : fl.name, fl.type, {}, {}, fl.labels};
      if (fl.type == field_type::string) col.strings.assign(times.size(), "");
      else col.numbers.assign(times.size(), std::nan(""));
      for (std::size_t i = 0; i < tf->numbers.size() && i < fl.size(); ++i) {
        const auto r = row_of[tf->numbers[i]];
        if (fl.type == field_type::string) col.strings[r] = fl.strings[i];
        else col.numbers[r] = fl.numbers[i];
      }
      out.fields.push_back(std::move(col));
    }
  }
  return out;
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

frame table_data(const panel& p) {
  if (p.frames.empty()) return {};
  const bool joinable =
      p.frames.size() > 1 && std::all_of(p.frames.begin(), p.frames.end(),
                                         [](const frame& f) { return time_field(f) != nullptr; });
  if (joinable) return join_on_time(p.frames);
  for (const auto& f : p.frames)
    if (f.length() > 0 && !f.fields.empty()) return f;
  return p.frames.front();
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
