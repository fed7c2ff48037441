#include "model/json_read.hpp"

#include <cmath>

namespace reportd::model::json {

namespace {

// Integral value of a JSON number; doubles only when they hold a whole number.
std::optional<std::int64_t> whole_number(const element& e) {
  switch (e.type()) {
    case simdjson::dom::element_type::INT64: return e.get_int64().value();
    case simdjson::dom::element_type::UINT64: {
      const std::uint64_t u = e.get_uint64().value();
      if (u > static_cast<std::uint64_t>(INT64_MAX))
        return std::nullopt;
      return static_cast<std::int64_t>(u);
    }
    case simdjson::dom::element_type::DOUBLE: {
      const double d = e.get_double().value();
      if (std::trunc(d) != d || std::fabs(d) > 9.0e15)
        return std::nullopt;
      return static_cast<std::int64_t>(d);
    }
    default: return std::nullopt;
  }
}

std::optional<std::int64_t> digits_value(std::string_view s) {
  if (s.empty() || s.size() > 18)
    return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9')
      return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string join(std::string_view path, std::string_view key) {
  return std::string(path) + "." + std::string(key);
}

}  // namespace

namespace {

// Spares kept per thread, and the largest document capacity a kept spare may have grown to:
// a parser sized for a rare 10 MB body is freed rather than held by every thread.
constexpr std::size_t spare_parsers = 4;
constexpr std::size_t kept_capacity = 1 << 20;

std::vector<std::unique_ptr<simdjson::dom::parser>>& spares() {
  thread_local std::vector<std::unique_ptr<simdjson::dom::parser>> s;
  return s;
}

}  // namespace

parser_lease::parser_lease() {
  auto& s = spares();
  if (s.empty()) {
    parser_ = std::make_unique<simdjson::dom::parser>();
  } else {
    parser_ = std::move(s.back());
    s.pop_back();
  }
}

parser_lease::~parser_lease() {
  auto& s = spares();
  if (parser_->capacity() <= kept_capacity && s.size() < spare_parsers) {
    try {
      s.push_back(std::move(parser_));
    } catch (...) {  // no memory for the slot: the parser is simply freed
    }
  }
}

checked<object> parse_object(simdjson::dom::parser& parser, std::string_view body) {
  // The DOM parser needs SIMDJSON_PADDING bytes after the text; padded_string provides them.
  const simdjson::padded_string padded(body);
  element root;
  if (auto err = parser.parse(padded).get(root); err)
    return bad_request(std::string("invalid JSON: ") + simdjson::error_message(err));
  object o;
  if (root.get(o) != simdjson::SUCCESS)
    return bad_request("request body must be a JSON object");
  return o;
}

std::optional<element> field(const object& o, std::string_view key) {
  element e;
  if (o.at_key(key).get(e) != simdjson::SUCCESS || e.is_null())
    return std::nullopt;
  return e;
}

void reader::fail(std::string message) {
  if (!error_)
    error_ = bad_request(std::move(message));
}

bool reader::type_error(std::string_view path, std::string_view expected) {
  fail(std::string(path) + " must be " + std::string(expected));
  return false;
}

void reader::string(const object& o, std::string_view key, std::string& out, std::string_view path) {
  auto e = ok() ? field(o, key) : std::nullopt;
  if (!e)
    return;
  std::string_view s;
  if (e->get(s) != simdjson::SUCCESS)
    type_error(path, "a string");
  else
    out.assign(s);
}

void reader::boolean(const object& o, std::string_view key, bool& out, std::string_view path) {
  auto e = ok() ? field(o, key) : std::nullopt;
  if (!e) {
    out = false;
    return;
  }
  bool b = false;
  if (e->get(b) != simdjson::SUCCESS)
    type_error(path, "a boolean");
  else
    out = b;
}

void reader::integer(const object& o, std::string_view key, std::int64_t& out, std::string_view path,
                     bool allow_string) {
  auto e = ok() ? field(o, key) : std::nullopt;
  if (!e)
    return;
  std::optional<std::int64_t> v;
  std::string_view s;
  if (allow_string && e->get(s) == simdjson::SUCCESS)
    v = s.empty() ? std::optional<std::int64_t>(0) : digits_value(s);
  else
    v = whole_number(*e);
  if (!v)
    type_error(path, allow_string ? "an integer or a string of digits" : "an integer");
  else
    out = *v;
}

void reader::integer(const object& o, std::string_view key, int& out, std::string_view path, bool allow_string) {
  std::int64_t wide = out;
  integer(o, key, wide, path, allow_string);
  if (wide < INT32_MIN || wide > INT32_MAX)
    type_error(path, "a small integer");
  else
    out = static_cast<int>(wide);
}

void reader::text(const object& o, std::string_view key, std::string& out, std::string_view path) {
  auto e = ok() ? field(o, key) : std::nullopt;
  if (!e)
    return;
  std::string_view s;
  if (e->get(s) == simdjson::SUCCESS)
    out.assign(s);
  else if (auto v = whole_number(*e))
    out = std::to_string(*v);
  else
    type_error(path, "a string");
}

void reader::strings(const object& o, std::string_view key, std::vector<std::string>& out, std::string_view path) {
  auto items = list(o, key, path);
  if (!items)
    return;
  out.clear();
  for (element item : *items) {
    std::string_view s;
    if (item.get(s) != simdjson::SUCCESS) {
      type_error(path, "an array of strings");
      return;
    }
    out.emplace_back(s);
  }
}

void reader::string_lists(const object& o, std::string_view key, std::map<std::string, std::vector<std::string>>& out,
                          std::string_view path) {
  auto names = child(o, key, path);
  if (!names)
    return;
  for (auto [name, value] : *names) {
    auto& values = out[std::string(name)];
    std::string_view s;
    array items;
    if (value.get(s) == simdjson::SUCCESS) {
      values.emplace_back(s);
    } else if (value.get(items) == simdjson::SUCCESS) {
      for (element item : items) {
        if (item.get(s) != simdjson::SUCCESS) {
          type_error(join(path, name), "a string or an array of strings");
          return;
        }
        values.emplace_back(s);
      }
    } else if (!value.is_null()) {
      type_error(join(path, name), "a string or an array of strings");
      return;
    }
  }
}

std::optional<object> reader::child(const object& o, std::string_view key, std::string_view path) {
  auto e = ok() ? field(o, key) : std::nullopt;
  if (!e)
    return std::nullopt;
  object out;
  if (e->get(out) != simdjson::SUCCESS) {
    type_error(path, "an object");
    return std::nullopt;
  }
  return out;
}

std::optional<array> reader::list(const object& o, std::string_view key, std::string_view path) {
  auto e = ok() ? field(o, key) : std::nullopt;
  if (!e)
    return std::nullopt;
  array out;
  if (e->get(out) != simdjson::SUCCESS) {
    type_error(path, "an array");
    return std::nullopt;
  }
  return out;
}

}  // namespace reportd::model::json
