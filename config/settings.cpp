#include "config/settings.hpp"

#include <fstream>
#include <optional>

#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include "config/fields.hpp"
#include "config/values.hpp"

extern char** environ;  // POSIX; <unistd.h> declares it only with _GNU_SOURCE

namespace reportd::config {
namespace {

const std::string env_prefix = "REPORTD_";

// A value as Grafana's INI reader (go-ini) sees it: property_tree keeps everything after
// the '=', so an inline comment (`io_threads = 2 ; HTTP threads`) is cut here at the first
// ';' or '#'. A value that holds either character is quoted, as grafana.ini documents:
// "...", """...""" or `...`; the quotes are removed.
std::string ini_value(const std::string& raw) {
  auto trim = [](std::string v) {
    auto b = v.find_first_not_of(" \t\r");
    if (b == std::string::npos) return std::string();
    return v.substr(b, v.find_last_not_of(" \t\r") - b + 1);
  };
  std::string v = trim(raw);
  for (const char* q : {"\"\"\"", "\"", "`"}) {
    std::string quote(q);
    if (v.size() >= 2 * quote.size() && v.compare(0, quote.size(), quote) == 0) {
      auto end = v.find(quote, quote.size());
      if (end != std::string::npos) return v.substr(quote.size(), end - quote.size());
    }
  }
  auto comment = v.find_first_of(";#");
  return comment == std::string::npos ? v : trim(v.substr(0, comment));
}

// Stores one value; `origin` says where it came from when that is not the INI file.
std::optional<model::problem> apply(settings& s, const std::string& section, const std::string& key,
                                    const std::string& value, const std::string& origin) {
  const field* f = find_field(section, key);
  if (!f)
    return model::bad_request(origin + "unknown key [" + section + "] " + key);
  auto reason = f->assign(s, value);
  if (!reason.empty())
    return model::bad_request(origin + "[" + f->section + "] " + f->key + ": \"" + value + "\" " + reason);
  return std::nullopt;
}

std::optional<model::problem> apply_ini(settings& s, const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return model::bad_request("config file \"" + path + "\" cannot be read");
  boost::property_tree::ptree tree;
  try {
    boost::property_tree::read_ini(in, tree);
  } catch (const boost::property_tree::ini_parser_error& e) {
    return model::bad_request("config file \"" + path + "\" line " + std::to_string(e.line()) + ": " +
                              e.message());
  }
  for (const auto& [section, keys] : tree) {
    if (keys.empty())
      return model::bad_request("config file \"" + path + "\": key " + section + " is outside any section");
    // Sections reportd does not know are left alone: the file may be shared with Grafana.
    if (!known_section(section))
      continue;
    for (const auto& [key, node] : keys)
      if (auto p = apply(s, section, key, ini_value(node.data()), ""))
        return p;
  }
  return std::nullopt;
}

std::optional<model::problem> apply_environment(settings& s) {
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (entry.compare(0, env_prefix.size(), env_prefix) != 0 || eq == std::string::npos)
      continue;
    auto name = entry.substr(env_prefix.size(), eq - env_prefix.size());
    auto sep = name.find('_');  // section names hold no '_'; keys may
    if (sep == std::string::npos || !known_section(name.substr(0, sep)))
      continue;
    auto origin = "environment " + entry.substr(0, eq) + ": ";
    if (auto p = apply(s, to_lower(name.substr(0, sep)), name.substr(sep + 1), entry.substr(eq + 1), origin))
      return p;
  }
  return std::nullopt;
}

std::optional<model::problem> apply_overrides(settings& s, const std::vector<std::string>& overrides) {
  for (const auto& o : overrides) {
    auto eq = o.find('=');
    auto dot = o.find('.');
    if (eq == std::string::npos || dot == std::string::npos || dot > eq)
      return model::bad_request("override \"" + o + "\" is not of the form section.key=value");
    auto section = o.substr(0, dot);
    if (!known_section(section))
      return model::bad_request("override \"" + o + "\": unknown section [" + section + "]");
    if (auto p = apply(s, to_lower(section), o.substr(dot + 1, eq - dot - 1), o.substr(eq + 1), ""))
      return p;
  }
  return std::nullopt;
}

}  // namespace

model::checked<host_port> parse_host_port(const std::string& text, const std::string& what) {
  auto bad = [&] {
    return model::bad_request(what + ": \"" + text + "\" is not host:port (for example 10.0.0.5:7400)");
  };
  const auto colon = text.rfind(':');
  if (colon == std::string::npos)
    return bad();
  host_port hp;
  hp.host = text.substr(0, colon);
  if (hp.host.size() >= 2 && hp.host.front() == '[' && hp.host.back() == ']')
    hp.host = hp.host.substr(1, hp.host.size() - 2);
  const auto port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    return bad();
  const auto n = std::stoul(port);
  if (n == 0 || n > 65535)
    return bad();
  hp.port = static_cast<std::uint16_t>(n);
  return hp;
}

model::checked<settings> load(const std::string& ini_path, const std::vector<std::string>& overrides) {
  settings s;
  if (!ini_path.empty()) {
    if (auto p = apply_ini(s, ini_path))
      return std::move(*p);
    s.config_file = ini_path;
  }
  if (auto p = apply_environment(s))
    return std::move(*p);
  if (auto p = apply_overrides(s, overrides))
    return std::move(*p);
  // Grafana's habit: naming an SMTP host is enough to send mail through it.
  if (!s.smtp.host.empty())
    s.smtp.enabled = true;
  if (!s.cluster.listen.empty()) {
    if (auto hp = parse_host_port(s.cluster.listen, "[cluster] listen"); !hp)
      return std::move(hp).error();
    // An open port that runs any job it is handed must not be open to everyone.
    if (s.cluster.secret.empty())
      return model::bad_request("[cluster] listen needs [cluster] secret (or REPORTD_CLUSTER_SECRET): "
                                "workers authenticate with it");
  }
  return s;
}

}  // namespace reportd::config
