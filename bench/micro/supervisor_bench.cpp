// One request through a real request supervisor on CAF's work-stealing scheduler, with
// stub auth and store actors that answer at once: the actor layer's own round-trip cost
// (spawn, two hops, encode, answer) for GET /api/reports/1.
#include <benchmark/benchmark.h>

#include <future>
#include <memory>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/supervisor/supervisor.hpp"
#include "actors/type_ids.hpp"

namespace {

using namespace reportd;

caf::behavior accepting_auth() {
  return {[](authenticate_atom, const credentials&) -> caf::result<model::principal> {
    model::principal p;
    p.org_id = 1;
    p.service_account_id = 7;
    p.login = "bench";
    p.role = model::role::admin;
    return p;
  }};
}

caf::behavior one_report_store() {
  return {[](get_atom, report_atom, std::int64_t org, std::int64_t id) -> caf::result<model::report> {
    model::report r;
    r.id = id;
    r.org_id = org;
    r.name = "Weekly CPU";
    r.recipients = "ops@example.com";
    r.dashboards.push_back({{0, "bench-six", "Bench"}, {"now-6h", "now"}, {}});
    return r;
  }};
}

struct quiet_config : caf::actor_system_config {
  quiet_config() {
    set("logger.verbosity", caf::atom("quiet"));
    add_error_category(error_category, render_error);
  }
};

http::request get_report() {
  http::request r;
  r.id = "bench";
  r.method = "GET";
  r.path = "/api/reports/1";
  r.target = r.path;
  r.authorization = "Bearer bench-token";
  return r;
}

void supervisor_round_trip(benchmark::State& state) {
  spdlog::set_level(spdlog::level::off);  // finish() logs each request line
  quiet_config cfg;
  caf::actor_system sys{cfg};
  services svc;
  auto auth = sys.spawn(accepting_auth);
  auto store = sys.spawn(one_report_store);
  svc.auth = caf::actor_cast<auth_actor>(auth);
  svc.store = caf::actor_cast<store_actor>(store);
  using namespace std::chrono_literals;
  svc.timeouts = {2s, 5s, 60s, 60s, 120s};
  const auto req = get_report();
  const auto match = http::match_route(req.method, req.path);
  for (auto _ : state) {
    auto answered = std::make_shared<std::promise<unsigned>>();
    auto status = answered->get_future();
    http::responder out([answered](http::response r) { answered->set_value(r.status); }, "bench");
    sys.spawn(supervisor, req, out, match, svc, front_actor{});
    if (status.get() != 200) {
      state.SkipWithError("supervisor did not answer 200");
      break;
    }
  }
  caf::anon_send_exit(auth, caf::exit_reason::kill);
  caf::anon_send_exit(store, caf::exit_reason::kill);
}
BENCHMARK(supervisor_round_trip)->UseRealTime();

}  // namespace
