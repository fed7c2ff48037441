// Reading Grafana's datasource provisioning YAML (yaml-cpp). yaml-cpp throws; every throw is
// caught in apply() and becomes a problem naming the file and the line.
#include "render/datasources/provisioning.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <boost/json.hpp>
#include <yaml-cpp/yaml.h>

namespace reportd::render {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

/// Something wrong at a place in the file (yaml-cpp's marks are 0-based).
struct file_error {
  int line = -1;
  int column = -1;
  std::string what;
};

[[noreturn]] void fail_at(const YAML::Node& node, std::string what) {
  const auto m = node.Mark();
  throw file_error{m.line, m.column, std::move(what)};
}

bool is_shell_special(char c) {
  return std::string_view("*#$@!?-").find(c) != std::string_view::npos ||
         std::isdigit(static_cast<unsigned char>(c));
}

bool is_name_char(char c) { return c == '_' || std::isalnum(static_cast<unsigned char>(c)); }

// Go's os.Expand: ${name}, $name (letters, digits, _), or one special character; "${}"
// and an unclosed "${" are dropped; a "$" followed by anything else stays.
std::string expand_env(std::string_view s, const env_lookup& env) {
  auto value = [&](const std::string& name) { return env(name).value_or(""); };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '$' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    const auto rest = s.substr(i + 1);
    if (rest[0] == '{') {
      if (rest.size() > 2 && is_shell_special(rest[1]) && rest[2] == '}') {
        out += value(std::string(1, rest[1]));
        i += 3;
        continue;
      }
      const auto close = rest.find('}');
      if (close == std::string_view::npos) {
        i += 1;  // invalid syntax: "${" is eaten
        continue;
      }
      if (close > 1) out += value(std::string(rest.substr(1, close - 1)));
      i += close + 1;
    } else if (is_shell_special(rest[0])) {
      out += value(std::string(1, rest[0]));
      i += 1;
    } else {
      std::size_t n = 0;
      while (n < rest.size() && is_name_char(rest[n])) ++n;
      if (n == 0) {
        out += '$';
        continue;
      }
      out += value(std::string(rest.substr(0, n)));
      i += n;
    }
  }
  return out;
}

// Grafana's settings expanders: $__env{NAME}, $__file{path} ($__vault needs Grafana Enterprise).
model::checked<std::string> expand_expanders(const std::string& s, const env_lookup& env) {
  static const std::regex expander(R"(\$__(\w+)\{(.*?)\})");
  std::string out;
  auto begin = std::sregex_iterator(s.begin(), s.end(), expander);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    out.append(s, last, static_cast<std::size_t>(m.position()) - last);
    const auto kind = m[1].str();
    const auto arg = m[2].str();
    if (kind == "env") {
      out += env(arg).value_or("");
    } else if (kind == "file") {
      std::ifstream f(arg, std::ios::binary);
      if (!f) return model::bad_request("$__file{" + arg + "}: the file cannot be read");
      std::ostringstream text;
      text << f.rdbuf();
      auto content = text.str();
      while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) content.pop_back();
      out += content;
    } else {
      return model::bad_request("$__" + kind + "{" + arg + "}: reportd knows only $__env{} and $__file{}");
    }
    last = static_cast<std::size_t>(m.position() + m.length());
  }
  out.append(s, last, std::string::npos);
  return out;
}

// ---- typed reading of nodes -------------------------------------------------------------

class reader {
public:
  explicit reader(const env_lookup& env) : env_(env) {}

  std::string text(const YAML::Node& n, const std::string& what) const {
    if (!n.IsScalar()) fail_at(n, what + " must be a single value");
    auto v = interpolate_env(n.Scalar(), env_);
    if (!v) fail_at(n, what + ": " + v.error().message);
    return std::move(*v);
  }

  bool boolean(const YAML::Node& n, const std::string& what) const {
    const auto v = text(n, what);
    // Go's strconv.ParseBool, as Grafana's BoolValue uses it.
    static const std::map<std::string, bool> words{{"1", true},     {"t", true},     {"T", true},
                                                   {"TRUE", true},  {"true", true},  {"True", true},
                                                   {"0", false},    {"f", false},    {"F", false},
                                                   {"FALSE", false}, {"false", false}, {"False", false},
                                                   {"", false}};
    auto it = words.find(v);
    if (it == words.end()) fail_at(n, what + ": '" + v + "' is not true or false");
    return it->second;
  }

  std::int64_t integer(const YAML::Node& n, const std::string& what) const {
    const auto v = text(n, what);
    if (v.empty()) return 0;
    std::size_t used = 0;
    std::int64_t out = 0;
    try {
      out = std::stoll(v, &used, 10);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != v.size()) fail_at(n, what + ": '" + v + "' is not a whole number");
    return out;
  }

  // jsonData: maps and lists as JSON; plain scalars typed as YAML 1.2 types them (true/false,
  // numbers, null), quoted ones stay strings; every string has the environment replaced.
  json::value to_json(const YAML::Node& n, const std::string& what) const {
    if (n.IsMap()) {
      json::object o;
      for (const auto& kv : n) o[text(kv.first, what + " key")] = to_json(kv.second, what + "." + kv.first.Scalar());
      return o;
    }
    if (n.IsSequence()) {
      json::array a;
      for (const auto& item : n) a.push_back(to_json(item, what + "[]"));
      return a;
    }
    if (n.IsNull() || !n.IsDefined()) return nullptr;
    const auto& raw = n.Scalar();
    if (n.Tag() == "?") {
      static const std::regex integer_re(R"([-+]?[0-9]+)");
      static const std::regex float_re(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
      if (raw == "true" || raw == "True" || raw == "TRUE") return true;
      if (raw == "false" || raw == "False" || raw == "FALSE") return false;
      if (raw == "null" || raw == "Null" || raw == "NULL" || raw == "~") return nullptr;
      try {
        if (std::regex_match(raw, integer_re)) return std::stoll(raw);
        if (std::regex_match(raw, float_re)) return std::stod(raw);
      } catch (const std::exception&) {
        // out of range: kept as written, a string
      }
    }
    return json::string(text(n, what));
  }

private:
  const env_lookup& env_;
};

// Keys of apiVersion 1, with their apiVersion 0 spelling (files without apiVersion).
YAML::Node field(const YAML::Node& ds, const char* v1, const char* v0, int version) {
  if (auto n = ds[v1]; n && !n.IsNull()) return n;
  if (version == 0 && v0 != nullptr)
    if (auto n = ds[v0]; n && !n.IsNull()) return n;
  return YAML::Node(YAML::NodeType::Undefined);
}

std::string derived_uid(const std::string& name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_') out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.size() > 40) out.resize(40);
  return out.empty() ? "datasource" : out;
}

model::datasource_config read_datasource(const YAML::Node& ds, int version, const reader& r,
                                         const std::string& where, std::vector<std::string>& warnings) {
  if (!ds.IsMap()) fail_at(ds, where + " must be a map of fields (name, type, url, ...)");
  model::datasource_config c;
  auto str = [&](const char* v1, const char* v0, std::string& out) {
    if (auto n = field(ds, v1, v0, version)) out = r.text(n, where + "." + v1);
  };
  auto flag = [&](const char* v1, const char* v0, bool& out) {
    if (auto n = field(ds, v1, v0, version)) out = r.boolean(n, where + "." + v1);
  };
  str("name", "name", c.name);
  if (c.name.empty()) fail_at(ds, where + ": name is missing");
  const auto named = where + " (" + c.name + ")";
  str("type", "type", c.type);
  if (c.type.empty()) fail_at(ds, named + ": type is missing");
  str("uid", nullptr, c.uid);
  str("url", "url", c.url);
  str("access", "access", c.access);
  if (c.access.empty()) c.access = "proxy";
  if (c.access != "proxy" && c.access != "direct") {
    warnings.push_back("datasource " + c.name + ": access '" + c.access + "' is not proxy or direct; proxy is used");
    c.access = "proxy";
  }
  if (auto n = field(ds, "orgId", "org_id", version)) c.org_id = r.integer(n, named + ".orgId");
  if (c.org_id == 0) c.org_id = 1;
  flag("isDefault", "is_default", c.is_default);
  flag("basicAuth", "basic_auth", c.basic_auth);
  str("basicAuthUser", "basic_auth_user", c.basic_auth_user);
  str("user", "user", c.user);
  str("database", "database", c.database);
  flag("withCredentials", "with_credentials", c.with_credentials);
  flag("editable", "editable", c.editable);
  if (auto n = field(ds, "version", "version", version)) c.version = static_cast<int>(r.integer(n, named + ".version"));
  if (c.version <= 0) c.version = 1;
  if (auto n = field(ds, "jsonData", "json_data", version)) {
    if (!n.IsMap()) fail_at(n, named + ".jsonData must be a map");
    c.json_data = r.to_json(n, named + ".jsonData").get_object();
  }
  if (auto n = field(ds, "secureJsonData", "secure_json_data", version)) {
    if (!n.IsMap()) fail_at(n, named + ".secureJsonData must be a map of strings");
    for (const auto& kv : n) {
      const auto key = kv.first.Scalar();
      c.secure_json_data[key] = r.text(kv.second, named + ".secureJsonData." + key);
    }
  }
  // Fields Grafana deprecated and moves into secureJsonData.
  std::string legacy;
  str("password", "password", legacy);
  if (!legacy.empty() && !c.secure_json_data.count("password")) c.secure_json_data["password"] = legacy;
  legacy.clear();
  str("basicAuthPassword", "basic_auth_password", legacy);
  if (!legacy.empty() && !c.secure_json_data.count("basicAuthPassword")) c.secure_json_data["basicAuthPassword"] = legacy;
  if (c.uid.empty()) c.uid = derived_uid(c.name);
  return c;
}

std::string place(const std::string& file, int line, int column) {
  if (line < 0) return file;
  return file + " line " + std::to_string(line + 1) + (column >= 0 ? ", column " + std::to_string(column + 1) : "");
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  return v ? std::optional<std::string>(v) : std::nullopt;
}

model::checked<std::string> interpolate_env(std::string_view text, const env_lookup& env) {
  std::string out;
  std::size_t start = 0;
  // "$$" is a literal "$": each piece between them is expanded on its own.
  while (true) {
    const auto at = text.find("$$", start);
    auto piece = expand_expanders(std::string(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start)), env);
    if (!piece) return piece;
    out += expand_env(*piece, env);
    if (at == std::string_view::npos) break;
    out += '$';
    start = at + 2;
  }
  return out;
}

datasource_provisioner::datasource_provisioner(env_lookup env) : env_(std::move(env)) {}

model::checked<model::unit> datasource_provisioner::apply(const std::string& text, const std::string& file) {
  try {
    const auto doc = YAML::Load(text);
    out_.files.push_back(file);
    if (!doc || doc.IsNull()) return model::unit{};
    if (!doc.IsMap()) fail_at(doc, "the file must be a map with apiVersion and datasources");
    const reader r(env_);
    int version = 0;
    if (auto v = doc["apiVersion"]) version = static_cast<int>(r.integer(v, "apiVersion"));
    if (version > 1) fail_at(doc["apiVersion"], "apiVersion " + std::to_string(version) + " is not known (1 is)");
    if (auto del = doc["deleteDatasources"]; del && !del.IsNull()) {
      if (!del.IsSequence()) fail_at(del, "deleteDatasources must be a list of {name, orgId}");
      for (const auto& d : del) {
        if (!d.IsMap() || !d["name"]) fail_at(d, "deleteDatasources: each entry needs a name");
        const auto name = r.text(d["name"], "deleteDatasources.name");
        std::int64_t org = 1;
        if (auto o = field(d, "orgId", "org_id", version)) org = r.integer(o, "deleteDatasources.orgId");
        if (org == 0) org = 1;
        auto& list = out_.datasources;
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&](const auto& c) { return c.name == name && c.org_id == org; }),
                   list.end());
      }
    }
    if (auto list = doc["datasources"]; list && !list.IsNull()) {
      if (!list.IsSequence()) fail_at(list, "datasources must be a list");
      for (std::size_t i = 0; i < list.size(); ++i) {
        auto c = read_datasource(list[i], version, r, "datasources[" + std::to_string(i) + "]", out_.warnings);
        c.source_file = file;
        auto same = std::find_if(out_.datasources.begin(), out_.datasources.end(),
                                 [&](const auto& d) { return d.name == c.name && d.org_id == c.org_id; });
        // Grafana updates a datasource of the same name and org in place: it keeps its id.
        if (same != out_.datasources.end()) {
          c.id = same->id;
          *same = std::move(c);
        } else {
          c.id = next_id_++;
          out_.datasources.push_back(std::move(c));
        }
      }
    }
    return model::unit{};
  } catch (const YAML::Exception& e) {
    return model::bad_request("datasource provisioning file " + place(file, e.mark.line, e.mark.column) + ": " + e.msg);
  } catch (const file_error& e) {
    return model::bad_request("datasource provisioning file " + place(file, e.line, e.column) + ": " + e.what);
  }
}

model::checked<provisioned_datasources> datasource_provisioner::finish() && {
  const auto& list = out_.datasources;
  for (std::size_t i = 0; i < list.size(); ++i)
    for (std::size_t j = i + 1; j < list.size(); ++j) {
      const auto& a = list[i];
      const auto& b = list[j];
      if (a.org_id != b.org_id) continue;
      const auto both = "\"" + a.name + "\" (" + a.source_file + ") and \"" + b.name + "\" (" + b.source_file + ")";
      if (a.is_default && b.is_default)
        return model::bad_request("datasource provisioning: only one datasource per organization can be marked as default; org " +
                                  std::to_string(a.org_id) + " has " + both);
      if (a.uid == b.uid)
        return model::bad_request("datasource provisioning: uid \"" + a.uid + "\" is used twice in org " +
                                  std::to_string(a.org_id) + ": by " + both);
    }
  return std::move(out_);
}

model::checked<provisioned_datasources> read_datasource_provisioning(const std::string& folder,
                                                                     const env_lookup& env) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return provisioned_datasources{};
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const auto ext = entry.path().extension().string();
    if (entry.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
  }
  if (ec) return model::bad_request("datasource provisioning: cannot list " + folder + ": " + ec.message());
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.filename() < b.filename(); });
  datasource_provisioner p(env);
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return model::bad_request("datasource provisioning file " + f.string() + " cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    if (auto ok = p.apply(text.str(), f.string()); !ok) return std::move(ok).error();
  }
  return std::move(p).finish();
}

}  // namespace reportd::render
