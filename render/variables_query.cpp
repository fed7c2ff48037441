#include "render/variables_query.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>

namespace reportd::render {
namespace {

namespace json = boost::json;

struct compiled_regex {
  std::regex re;
  int text_group = -1;   // named group `text`, else -1
  int value_group = -1;  // named group `value`, else -1
};

// std::regex has no named groups: `(?<name>` becomes `(`, and its number is remembered.
compiled_regex compile(std::string_view written) {
  std::string pattern(written);
  auto flags = std::regex::ECMAScript;
  if (pattern.size() >= 2 && pattern.front() == '/') {
    const auto end = pattern.rfind('/');
    if (end > 0) {
      const auto mods = pattern.substr(end + 1);
      if (mods.find('i') != std::string::npos) flags |= std::regex::icase;
      pattern = pattern.substr(1, end - 1);
    }
  }
  compiled_regex out;
  std::string plain;
  int group = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      plain += pattern.substr(i, 2);
      ++i;
      continue;
    }
    if (c == '(' && pattern.compare(i, 3, "(?<") == 0 && i + 3 < pattern.size() && pattern[i + 3] != '=' &&
        pattern[i + 3] != '!') {
      const auto close = pattern.find('>', i);
      if (close == std::string::npos) throw std::runtime_error("regex " + std::string(written) + " is not valid");
      const auto name = pattern.substr(i + 3, close - i - 3);
      ++group;
      if (name == "text") out.text_group = group;
      if (name == "value") out.value_group = group;
      plain += '(';
      i = close;
      continue;
    }
    if (c == '(' && (i + 1 >= pattern.size() || pattern[i + 1] != '?')) ++group;
    plain += c;
  }
  try {
    out.re = std::regex(plain, flags);
  } catch (const std::regex_error&) {
    throw std::runtime_error("regex " + std::string(written) + " is not valid");
  }
  return out;
}

// The first run of digits in `s`, or -1 (Grafana's numerical sort key).
long long first_number(const std::string& s) {
  const auto b = std::find_if(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
  if (b == s.end()) return -1;
  const auto e = std::find_if(b, s.end(), [](unsigned char c) { return !std::isdigit(c); });
  try {
    return std::stoll(std::string(b, e));
  } catch (const std::exception&) {
    return -1;
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "a2" < "a10": digit runs compare as numbers, the rest case-insensitively.
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = std::isdigit(static_cast<unsigned char>(a[i])), db = std::isdigit(static_cast<unsigned char>(b[j]));
    if (da && db) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      auto na = a.substr(i, ie - i), nb = b.substr(j, je - j);
      na.erase(0, std::min(na.find_first_not_of('0'), na.size() - 1));
      nb.erase(0, std::min(nb.find_first_not_of('0'), nb.size() - 1));
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ie;
      j = je;
      continue;
    }
    const auto ca = std::tolower(static_cast<unsigned char>(a[i])), cb = std::tolower(static_cast<unsigned char>(b[j]));
    if (ca != cb) return ca < cb;
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

std::string query_text(const json::value& q) {
  if (q.is_string()) return std::string(q.get_string());
  if (q.is_object()) return json::serialize(q);
  return {};
}

}  // namespace

std::vector<variable_option> options_from_texts(const std::vector<std::string>& texts, std::string_view regex) {
  std::vector<variable_option> out;
  std::set<std::string> seen;
  auto add = [&](std::string text, std::string value) {
    if (seen.insert(value).second) out.push_back({std::move(text), std::move(value)});
  };
  if (regex.empty()) {
    for (const auto& t : texts) add(t, t);
    return out;
  }
  const auto re = compile(regex);
  for (const auto& t : texts) {
    std::smatch m;
    if (!std::regex_search(t, m, re.re)) continue;
    auto group = [&](int g) { return g > 0 && static_cast<std::size_t>(g) < m.size() && m[g].matched ? m[g].str() : std::string{}; };
    if (re.text_group > 0 || re.value_group > 0) {
      auto text = group(re.text_group), value = group(re.value_group);
      if (text.empty()) text = value;
      if (value.empty()) value = text;
      if (!value.empty()) add(text, value);
      continue;
    }
    const auto value = m.size() > 1 && m[1].matched ? m[1].str() : m[0].str();
    add(value, value);
  }
  return out;
}

void sort_options(std::vector<variable_option>& options, int mode) {
  auto by = [&](auto less) { std::stable_sort(options.begin(), options.end(), less); };
  switch (mode) {
    case 1: by([](const auto& a, const auto& b) { return a.text < b.text; }); break;
    case 2: by([](const auto& a, const auto& b) { return b.text < a.text; }); break;
    case 3: by([](const auto& a, const auto& b) { return first_number(a.text) < first_number(b.text); }); break;
    case 4: by([](const auto& a, const auto& b) { return first_number(b.text) < first_number(a.text); }); break;
    case 5: by([](const auto& a, const auto& b) { return lower(a.text) < lower(b.text); }); break;
    case 6: by([](const auto& a, const auto& b) { return lower(b.text) < lower(a.text); }); break;
    case 7: by([](const auto& a, const auto& b) { return natural_less(a.text, b.text); }); break;
    case 8: by([](const auto& a, const auto& b) { return natural_less(b.text, a.text); }); break;
    default: break;
  }
}

std::vector<std::string> referenced_variables(std::string_view text) {
  // No `$` and no `[[`: nothing to find, and no regex run (see variables.cpp's may_reference).
  if (text.find('$') == std::string_view::npos && text.find("[[") == std::string_view::npos)
    return {};
  static const std::regex pattern(R"(\$(\w+)|\[\[(\w+?)(?::\w+)?\]\]|\$\{(\w+)(?:[^\}]*)\})");
  std::vector<std::string> out;
  std::string input(text);
  for (std::sregex_iterator it(input.begin(), input.end(), pattern), end; it != end; ++it) {
    const auto& m = *it;
    auto name = m[1].matched ? m[1].str() : m[2].matched ? m[2].str() : m[3].str();
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  }
  return out;
}

std::vector<std::size_t> resolution_order(const std::vector<std::string>& names,
                                          const std::vector<std::vector<std::string>>& deps) {
  std::vector<std::size_t> order;
  std::vector<bool> done(names.size(), false);
  auto pending_dep = [&](std::size_t i) {
    for (const auto& d : deps[i])
      for (std::size_t j = 0; j < names.size(); ++j)
        if (j != i && !done[j] && names[j] == d) return true;
    return false;
  };
  while (order.size() < names.size()) {
    bool progressed = false;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (done[i] || pending_dep(i)) continue;
      done[i] = true;
      order.push_back(i);
      progressed = true;
    }
    if (progressed) continue;
    // A cycle: take the first unresolved one in dashboard order.
    for (std::size_t i = 0; i < names.size(); ++i)
      if (!done[i]) {
        done[i] = true;
        order.push_back(i);
        break;
      }
  }
  return order;
}

void variable_set::resolve_queries(const query_runner& run, std::vector<std::string>& errors) {
  std::vector<std::size_t> queries;
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> deps;
  for (std::size_t i = 0; i < vars_.size(); ++i) {
    if (vars_[i].type != "query") continue;
    queries.push_back(i);
    names.push_back(vars_[i].name);
    auto refs = referenced_variables(query_text(vars_[i].query));
    for (auto& r : referenced_variables(query_text(vars_[i].datasource))) refs.push_back(std::move(r));
    deps.push_back(std::move(refs));
  }
  for (const auto k : resolution_order(names, deps)) {
    auto& v = vars_[queries[k]];
    std::vector<variable_option> options;
    try {
      options = options_from_texts(run(v, *this), v.regex);
    } catch (const std::exception& e) {
      // The report still renders, with the value the dashboard was saved with; the error says so.
      errors.push_back("variable '" + v.name + "': " + e.what() + " (its saved value is used)");
      continue;
    }
    sort_options(options, v.sort);
    v.options = std::move(options);
    if (v.from_report || v.all_selected) {
      if (v.all_selected) v.current = v.options;
      for (auto& c : v.current)
        for (const auto& o : v.options)
          if (o.value == c.value) c.text = o.text;
      continue;
    }
    // The saved values still offered; else the first option (All when includeAll, as Grafana
    // lists All first).
    std::vector<variable_option> kept;
    for (const auto& c : v.current)
      for (const auto& o : v.options)
        if (o.value == c.value) kept.push_back(o);
    if (!v.multi && kept.size() > 1) kept.resize(1);
    if (kept.empty() && v.include_all) {
      v.all_selected = true;
      v.current = v.options;
      continue;
    }
    if (kept.empty() && !v.options.empty()) kept.push_back(v.options.front());
    v.current = std::move(kept);
  }
}

}  // namespace reportd::render
