#include "actors/type_ids.hpp"

#include <caf/all.hpp>
#include <chrono>

#include "actors/mailer/mailer_actor.hpp"
#include "actors/renderer/renderer_actor.hpp"

namespace reportd {

caf::error to_error(const model::problem& p) {
  return caf::error{static_cast<std::uint8_t>(p.code), error_category,
                    caf::make_message(p.message, p.action)};
}

namespace {

std::string seconds_text(caf::timespan t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t).count();
  if (ms % 1000 == 0)
    return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

}  // namespace

model::problem to_problem(const caf::error& e, const char* step, caf::timespan timeout) {
  if (e.category() == error_category) {
    model::problem p{static_cast<model::errc>(e.code()), {}, {}};
    const auto& ctx = e.context();
    if (ctx.match_elements<std::string, std::string>()) {
      p.message = ctx.get_as<std::string>(0);
      p.action = ctx.get_as<std::string>(1);
    }
    if (p.message.empty())
      p.message = std::string(step) + " failed";
    return p;
  }
  if (e == caf::sec::request_timeout)
    return {model::errc::timeout, std::string(step) + " timed out after " + seconds_text(timeout)};
  if (e == caf::sec::request_receiver_down || e.category() == caf::atom("exit"))
    return {model::errc::internal, std::string(step) + " failed: the actor serving it is down"};
  return {model::errc::internal, std::string(step) + " failed: " + caf::to_string(e)};
}

std::string render_error(std::uint8_t code, caf::atom_value, const caf::message& context) {
  std::string out = "reportd_error(";
  out += model::to_string(static_cast<model::errc>(code));
  if (context.match_elements<std::string, std::string>()) {
    out += ", ";
    out += context.get_as<std::string>(0);
  }
  out += ')';
  return out;
}

void add_wire_types(caf::actor_system_config& cfg) {
  // The names are the wire's: a worker and its coordinator must agree on them.
  cfg.add_message_type<render::render_request>("reportd::render_request");
  cfg.add_message_type<render::render_result>("reportd::render_result");
  cfg.add_message_type<mail::message>("reportd::mail_message");
}

}  // namespace reportd
