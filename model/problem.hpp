#pragma once
// The project's one error vocabulary. Every failure anywhere in reportd ends up as a
// `problem`: an error class (errc) plus a sentence a user can act on. The mapping from
// errc to HTTP status and body lives in one place: model/http_errors.hpp.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace reportd::model {

enum class errc : std::uint8_t {
  none = 0,
  bad_request,
  unauthenticated,
  forbidden,
  not_found,
  timeout,
  render_failed,
  mail_failed,
  mail_uncertain,  // the SMTP server may have accepted the message without confirming it
  overloaded,
  internal,
};

/// Stable text name of an error class ("bad_request", ...), for logs and metrics.
const char* to_string(errc e) noexcept;

struct problem {
  errc code = errc::internal;
  std::string message;
  /// For errc::forbidden: the RBAC action that was missing ("reports:create").
  std::string action = {};
};

inline problem bad_request(std::string msg) { return {errc::bad_request, std::move(msg)}; }
inline problem not_found(std::string msg) { return {errc::not_found, std::move(msg)}; }
inline problem internal_error(std::string msg) { return {errc::internal, std::move(msg)}; }

/// A value or the problem that prevented it. Deliberately tiny: CAF-free code (model,
/// engines) uses this; actors convert a problem into a caf::error at their boundary.
template <class T>
class checked {
public:
  checked(T value) : v_(std::move(value)) {}
  checked(problem p) : v_(std::move(p)) {}
  explicit operator bool() const noexcept { return v_.index() == 0; }
  bool ok() const noexcept { return v_.index() == 0; }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const problem& error() const& { return std::get<1>(v_); }
  problem&& error() && { return std::get<1>(std::move(v_)); }

private:
  std::variant<T, problem> v_;
};

/// For operations that yield nothing but may fail.
struct unit {};

}  // namespace reportd::model
