#pragma once
// Internal to the model's JSON codecs: reading simdjson DOM values into model structs with
// error messages that name the field. Include only from model/*.cpp; simdjson types never
// leave the codecs.
#include <simdjson.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/problem.hpp"

namespace reportd::model::json {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

/// A DOM parser lent from this thread's spares for one parse and what is read from it. A
/// parser keeps the buffers it grew, so reusing one saves allocating them per request;
/// nested leases get separate parsers, and one grown past a bound is not kept.
class parser_lease {
public:
  parser_lease();
  ~parser_lease();
  parser_lease(const parser_lease&) = delete;
  parser_lease& operator=(const parser_lease&) = delete;
  operator simdjson::dom::parser&() noexcept { return *parser_; }
  simdjson::dom::parser* operator->() noexcept { return parser_.get(); }

private:
  std::unique_ptr<simdjson::dom::parser> parser_;
};

/// Parses `body` as a JSON object with `parser` (which owns the result): bad_request
/// "invalid JSON: …" or "request body must be a JSON object".
checked<object> parse_object(simdjson::dom::parser& parser, std::string_view body);

/// The field `key` of `o`, or nullopt when it is missing or null (clients send both for "unset").
std::optional<element> field(const object& o, std::string_view key);

/// Reads fields into model values, remembering the first type error and skipping every read
/// after it, so a parser reads like a list of fields instead of a ladder of early returns.
/// Missing or null fields leave the output untouched, except booleans, which become false.
class reader {
public:
  void string(const object& o, std::string_view key, std::string& out, std::string_view path);
  void boolean(const object& o, std::string_view key, bool& out, std::string_view path);
  /// An integral JSON number; with `allow_string` also a string of digits ("3").
  void integer(const object& o, std::string_view key, std::int64_t& out, std::string_view path,
               bool allow_string = false);
  void integer(const object& o, std::string_view key, int& out, std::string_view path, bool allow_string = false);
  /// A string, or a number written as its decimal text (dayOfMonth: 15 or "15").
  void text(const object& o, std::string_view key, std::string& out, std::string_view path);
  /// An array of strings.
  void strings(const object& o, std::string_view key, std::vector<std::string>& out, std::string_view path);
  /// An object of name -> string or array of strings (a string becomes a one-element list).
  void string_lists(const object& o, std::string_view key, std::map<std::string, std::vector<std::string>>& out,
                    std::string_view path);
  /// The field as an object; nullopt when missing, null, or of the wrong type (error recorded).
  std::optional<object> child(const object& o, std::string_view key, std::string_view path);
  /// The field as an array; nullopt when missing, null, or of the wrong type (error recorded).
  std::optional<array> list(const object& o, std::string_view key, std::string_view path);

  void fail(std::string message);
  bool ok() const noexcept { return !error_; }
  const problem& error() const { return *error_; }

private:
  bool type_error(std::string_view path, std::string_view expected);

  std::optional<problem> error_;
};

}  // namespace reportd::model::json
