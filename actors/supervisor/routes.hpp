#pragma once
// The route handlers of the request supervisor, one function per endpoint. Each runs after
// authentication, checks its RBAC action, and ends in finish()/fail() exactly once.
#include <string>
#include <tuple>
#include <type_traits>

#include "actors/supervisor/supervisor.hpp"

namespace reportd::routes {

/// A request to the report store, sent when `.then(on_ok, on_error)` is called and counted
/// in the store queue shared by every supervisor: when [database] max_queue requests are
/// already waiting for the store, the client gets 503 with Retry-After at once (and neither
/// continuation runs) instead of queueing into "report store timed out". Made by
/// ask_store(); instantiated in routes*.cpp, which include caf/all.hpp.
template <class... Ts>
class store_call {
public:
  explicit store_call(supervisor_actor* self, Ts... xs) : self_(self), args_(std::move(xs)...) {}

  template <class F, class G>
  void then(F on_ok, G on_error) {
    auto& svc = self_->state.svc;
    store_queue::ticket slot;
    if (svc.store_depth && !(slot = svc.store_depth->enter()))
      return fail(self_, {model::errc::overloaded,
                          "the report store is busy (" + std::to_string(svc.store_depth->max_depth()) +
                            " requests waiting); retry later"});
    auto timeout = budget(self_, svc.timeouts.store);
    auto* self = self_;
    // The slot travels with the continuations and is released when CAF drops them: after
    // the reply, the error or the timeout, or when the supervisor goes away.
    // Reads go to a reader connection, writes to the writer: decided by the atoms at compile time.
    const auto& dest = store_for<Ts...>(svc.store, svc.store_readers.get());
    std::apply([&](auto&... xs) { return self->request(dest, timeout, std::move(xs)...); }, args_)
      .then(std::move(on_ok), [on_error = std::move(on_error), slot](caf::error& e) mutable { on_error(e); });
  }

private:
  supervisor_actor* self_;
  std::tuple<Ts...> args_;
};

/// ask_store(self, atoms..., args...).then(on_ok, store_failed(self)).
template <class... Ts>
store_call<std::decay_t<Ts>...> ask_store(supervisor_actor* self, Ts&&... xs) {
  return store_call<std::decay_t<Ts>...>(self, std::forward<Ts>(xs)...);
}

/// A query parameter as an integer in [lo, hi] (`fallback` when absent), or a 400 naming it.
model::checked<std::int64_t> bounded_param(const http::request& req, const char* name, std::int64_t lo,
                                           std::int64_t hi, std::int64_t fallback);

// routes.cpp: reports, settings, health
void list_reports(supervisor_actor* self);
void get_report(supervisor_actor* self);
void reports_by_dashboard(supervisor_actor* self);
void create_report(supervisor_actor* self);
void update_report(supervisor_actor* self);
void delete_report(supervisor_actor* self);
void get_settings(supervisor_actor* self);
void save_settings(supervisor_actor* self);
void health(supervisor_actor* self);

// routes_dashboards.cpp
void save_dashboard(supervisor_actor* self);
/// GET /api/reports/dashboards: the dashboards stored here and, with [grafana], in Grafana.
void list_dashboards(supervisor_actor* self);
void get_dashboard(supervisor_actor* self);
void delete_dashboard(supervisor_actor* self);

// routes_runs.cpp: schedule previews, run history, /metrics, and telling the scheduler
void preview_runs(supervisor_actor* self);
void report_next_runs(supervisor_actor* self);
void report_runs(supervisor_actor* self);
void list_runs(supervisor_actor* self);
void metrics(supervisor_actor* self);
/// A report was created, updated or deleted: the scheduler re-plans it (no-op without one).
void notify_scheduler(supervisor_actor* self, std::int64_t report_id);

// routes_datasources.cpp: the provisioned datasources of the caller's org, in Grafana's shape
void list_datasources(supervisor_actor* self);
void get_datasource(supervisor_actor* self);

// routes_send.cpp: the heavy routes (render + mail)
void send_report(supervisor_actor* self);
void test_email(supervisor_actor* self);
void render_pdfs(supervisor_actor* self);
void render_csvs(supervisor_actor* self);

}  // namespace reportd::routes
