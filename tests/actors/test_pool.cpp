// The worker pool in front of the renderer and mailer workers: jobs go to the worker with
// the fewest outstanding, so they spread over idle workers and a long job does not queue
// work behind it; every answer reaches the job's own requester.
#include "catch_prelude.hpp"

#include "actor_fixture.hpp"
#include "actors/pool.hpp"
#include "actors/renderer/renderer_actor.hpp"

using namespace reportd;
using namespace reportd::testing;

namespace {

/// Which worker got which job; each worker holds its jobs until told to finish one.
struct ledger {
  std::vector<std::pair<int, std::string>> taken;  // (worker, report name)
};

using finish_atom = ok_atom;

renderer_actor::behavior_type holding_worker(renderer_actor::pointer self, int index,
                                             std::shared_ptr<ledger> log) {
  using promise = caf::typed_response_promise<render::render_result>;
  auto held = std::make_shared<std::vector<std::pair<std::string, promise>>>();
  // A plain message (not in the typed interface) tells the worker to finish its oldest job.
  self->set_default_handler([held](caf::scheduled_actor*, caf::message_view&) -> caf::result<caf::message> {
    if (!held->empty()) {
      render::render_result out;
      out.dashboard_titles.push_back(held->front().first);
      held->front().second.deliver(std::move(out));
      held->erase(held->begin());
    }
    return caf::message{};
  });
  return {[=](render_atom, render::render_request& req) -> caf::result<render::render_result> {
    log->taken.emplace_back(index, req.report_name);
    auto rp = self->make_response_promise<render::render_result>();
    held->emplace_back(req.report_name, rp);
    return rp;
  }};
}

struct pool_fixture : fixture {
  std::shared_ptr<ledger> log = std::make_shared<ledger>();
  std::vector<renderer_actor> workers;
  renderer_actor front;
  std::vector<std::string> answered;  // titles, in the order the requesters got them

  explicit pool_fixture(int n = 3) {
    for (int i = 0; i < n; ++i) {
      workers.push_back(sys.spawn(holding_worker, i, log));
      spawned.push_back(caf::actor_cast<caf::actor>(workers.back()));
    }
    front = sys.spawn(pool<renderer_actor, render_atom, render::render_request, render::render_result>, workers);
    spawned.push_back(caf::actor_cast<caf::actor>(front));
  }

  void submit(std::string name) {
    sys.spawn([this, name](caf::event_based_actor* self) {
      render::render_request req;
      req.report_name = name;
      self->request(front, caf::infinite, render_atom::value, std::move(req))
        .then([this](render::render_result& out) { answered.push_back(out.dashboard_titles.at(0)); },
              [this](caf::error&) { answered.push_back("<error>"); });
    });
    sched.run();
  }

  void finish_one(int worker) {
    caf::anon_send(caf::actor_cast<caf::actor>(workers[worker]), finish_atom::value);
    sched.run();
  }
};

}  // namespace

TEST_CASE_METHOD(pool_fixture, "jobs spread over idle workers, one each") {
  submit("a");
  submit("b");
  submit("c");
  REQUIRE(log->taken.size() == 3);
  CHECK(log->taken[0] == std::make_pair(0, std::string("a")));
  CHECK(log->taken[1] == std::make_pair(1, std::string("b")));
  CHECK(log->taken[2] == std::make_pair(2, std::string("c")));
}

TEST_CASE_METHOD(pool_fixture, "a new job goes to the worker that finished, not behind a long one") {
  submit("long-0");
  submit("long-1");
  submit("short");
  finish_one(2);  // "short" is done; workers 0 and 1 are still busy
  CHECK(answered == std::vector<std::string>{"short"});
  submit("next");
  REQUIRE(log->taken.size() == 4);
  CHECK(log->taken[3] == std::make_pair(2, std::string("next")));
}

TEST_CASE_METHOD(pool_fixture, "every answer reaches its own requester") {
  submit("a");
  submit("b");
  finish_one(1);
  finish_one(0);
  CHECK(answered == std::vector<std::string>{"b", "a"});
}
