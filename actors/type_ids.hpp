#pragma once
// The actor layer's shared vocabulary: atoms, the project error category, and which
// message types travel between actors. Included only by actor code (it pulls in CAF).
//
// Most message types stay inside one process and are registered as local-only
// (CAF_ALLOW_UNSAFE_MESSAGE_TYPE, at the bottom). The render and mail jobs and their
// answers also travel to remote workers (reportd worker, actors/cluster): those have
// `inspect` overloads (renderer/render_wire.hpp, mailer/mail_wire.hpp) and are added to the
// actor system by add_wire_types.
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/fwd.hpp>

#include "actors/messages.hpp"
#include "model/problem.hpp"

// The engines' message types, declared only: their actor interfaces (renderer_actor.hpp,
// mailer_actor.hpp, front_actor.hpp) include the definitions for the actors that use them.
namespace reportd::http {
struct request;
class responder;
}  // namespace reportd::http
namespace reportd::render {
struct render_request;
struct render_result;
}  // namespace reportd::render
namespace reportd::mail {
struct message;
}  // namespace reportd::mail

namespace reportd {

// --- atoms, grouped by subsystem ---
// auth
using authenticate_atom = caf::atom_constant<caf::atom("authentic")>;
// store
using get_atom = caf::atom_constant<caf::atom("get")>;
using list_atom = caf::atom_constant<caf::atom("list")>;
using create_atom = caf::atom_constant<caf::atom("create")>;
using update_atom = caf::atom_constant<caf::atom("update")>;
using delete_atom = caf::atom_constant<caf::atom("delete")>;
using put_atom = caf::atom_constant<caf::atom("put")>;
using report_atom = caf::atom_constant<caf::atom("report")>;
using dashboard_atom = caf::atom_constant<caf::atom("dashboard")>;
using settings_atom = caf::atom_constant<caf::atom("settings")>;
using bundle_atom = caf::atom_constant<caf::atom("bundle")>;
using ping_atom = caf::atom_constant<caf::atom("ping")>;
using ok_atom = caf::atom_constant<caf::atom("ok")>;
// renderer, mailer
using render_atom = caf::atom_constant<caf::atom("render")>;
using send_atom = caf::atom_constant<caf::atom("send")>;
// front, supervisor
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using done_atom = caf::atom_constant<caf::atom("done")>;
using metrics_atom = caf::atom_constant<caf::atom("metrics")>;
// scheduler, run history
using schedule_atom = caf::atom_constant<caf::atom("schedule")>;
using run_atom = caf::atom_constant<caf::atom("run")>;
using claim_atom = caf::atom_constant<caf::atom("claim")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using load_atom = caf::atom_constant<caf::atom("load")>;
// cluster: a remote worker process offers its workers to the pools
using join_atom = caf::atom_constant<caf::atom("join")>;

// --- errors ---
/// The category atom of reportd's errors inside caf::error.
constexpr caf::atom_value error_category = caf::atom("reportd");

/// A problem as a caf::error (code = errc, context = the message).
caf::error to_error(const model::problem& p);

/// Any caf::error back as a problem. `step` names the hop for CAF's own errors: a
/// request_timeout becomes "<step> timed out after <N> s", a dead peer an internal error.
model::problem to_problem(const caf::error& e, const char* step, caf::timespan timeout = {});

/// Renders reportd errors in logs (registered with the actor system config).
std::string render_error(std::uint8_t code, caf::atom_value, const caf::message& context);

/// Registers, by name, the message types that cross the network to remote workers (render
/// and mail jobs, their answers) and reportd's error category. Both ends call it.
void add_wire_types(caf::actor_system_config& cfg);

}  // namespace reportd

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::http::request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::http::responder)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::model::principal)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::model::report)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<reportd::model::report>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::model::report_settings)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::model::stored_dashboard)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::credentials)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::send_bundle)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::model::schedule_entry)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<reportd::model::schedule_entry>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::optional<reportd::model::schedule_entry>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::model::run_claim)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::model::run_outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::model::run_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::model::report_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::model::dashboard_search)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<reportd::model::dashboard_entry>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<reportd::model::run_record>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reportd::model::run_counts)
