// The worker pool in front of the renderer and mailer workers: jobs go to the worker with
// the fewest outstanding, so they spread over idle workers and a long job does not queue
// work behind it; every answer reaches the job's own requester. A job carrying its
// request's deadline is waited for only until then, and dropped unrendered by a worker that
// reaches it later.
#include "catch_prelude.hpp"

#include <map>
#include <thread>

#include "actor_fixture.hpp"
#include "actors/pool.hpp"
#include "actors/renderer/renderer.hpp"
#include "actors/renderer/renderer_actor.hpp"
#include "model/clock.hpp"

using namespace reportd;
using namespace reportd::testing;

namespace {

/// Which worker got which job; each worker holds its jobs until told to finish one.
struct ledger {
  std::vector<std::pair<int, std::string>> taken;  // (worker, report name)
};

using finish_atom = ok_atom;

/// The render pool's options; without retries a lost job is answered as the mail pool's are.
pool_options options(bool retry_lost, std::size_t joined_cap) {
  pool_options o;
  o.what = "report rendering";
  o.retry_lost = retry_lost;
  o.lost_code = model::errc::mail_uncertain;
  o.joined_cap = joined_cap;
  return o;
}

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
  renderer_pool_actor front;
  std::vector<std::string> answered;  // titles, in the order the requesters got them
  std::vector<model::problem> errors;

  explicit pool_fixture(int n = 3, bool retry_lost = true, std::size_t joined_cap = 0) {
    for (int i = 0; i < n; ++i) {
      workers.push_back(sys.spawn(holding_worker, i, log));
      spawned.push_back(caf::actor_cast<caf::actor>(workers.back()));
    }
    front = sys.spawn(pool<renderer_actor, render_atom, render::render_request, render::render_result>, workers,
                      options(retry_lost, joined_cap));
    spawned.push_back(caf::actor_cast<caf::actor>(front));
  }

  /// A worker that joins later (as a remote one does through the cluster registrar); its
  /// index in `workers` is its ledger number.
  int join() {
    const int index = static_cast<int>(workers.size());
    workers.push_back(sys.spawn(holding_worker, index, log));
    caf::anon_send(front, join_atom::value, caf::actor_cast<caf::actor>(workers.back()),
                   "remote-" + std::to_string(index));
    sched.run();
    return index;
  }

  void kill(int worker) {
    caf::anon_send_exit(workers[worker], caf::exit_reason::kill);
    sched.run();
  }

  void submit(std::string name) {
    sys.spawn([this, name](caf::event_based_actor* self) {
      render::render_request req;
      req.report_name = name;
      self->request(front, caf::infinite, render_atom::value, std::move(req))
        .then([this](render::render_result& out) { answered.push_back(out.dashboard_titles.at(0)); },
              [this](caf::error& e) {
                answered.push_back("<error>");
                errors.push_back(to_problem(e, "report rendering"));
              });
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

namespace {

const char* const testdata_dashboard = R"({"uid":"cpu","title":"CPU overview","schemaVersion":39,
  "time":{"from":"now-6h","to":"now"},
  "panels":[{"id":1,"type":"timeseries","title":"CPU usage","gridPos":{"x":0,"y":0,"w":12,"h":8},
             "targets":[{"refId":"A","scenarioId":"random_walk"}]}]})";

render::render_request cpu_report(std::string name, std::int64_t answer_by_ms) {
  render::render_request req;
  req.report_name = std::move(name);
  req.now_ms = model::epoch_ms();
  req.answer_by_ms = answer_by_ms;
  render::dashboard_input in;
  in.json = testdata_dashboard;
  in.ref.dashboard.uid = "cpu";
  req.dashboards.push_back(std::move(in));
  return req;
}

/// The real renderer worker behind the real pool; each requester's outcome by report name.
struct renderer_fixture : fixture {
  renderer_actor pooled;
  std::map<std::string, std::string> outcome;  // "pdf <bytes>" or the error's message

  renderer_fixture() {
    std::vector<renderer_actor> ws{sys.spawn(renderer_worker, nullptr, renderer_worker_options{})};
    spawned.push_back(caf::actor_cast<caf::actor>(ws[0]));
    pooled = sys.spawn(pool<renderer_actor, render_atom, render::render_request, render::render_result>, ws,
                           options(true, 0));
    spawned.push_back(caf::actor_cast<caf::actor>(pooled));
  }

  /// Queues a job without running the scheduler: several jobs wait in the worker's mailbox.
  void queue(render::render_request req) {
    auto name = req.report_name;
    sys.spawn([this, name, req = std::move(req)](caf::event_based_actor* self) mutable {
      self->request(pooled, caf::infinite, render_atom::value, std::move(req))
        .then(
          [this, name](render::render_result& out) {
            outcome[name] = out.pdfs.empty() ? "no pdf" : "pdf " + std::to_string(out.pdfs[0].data.size());
          },
          [this, name](caf::error& e) { outcome[name] = to_problem(e, "report rendering").message; });
    });
  }
};

}  // namespace

TEST_CASE_METHOD(renderer_fixture, "a job whose deadline passed while it was queued is dropped without rendering") {
  const auto now = model::epoch_ms();
  queue(cpu_report("wanted", now + 60'000));
  queue(cpu_report("expired", now - 1));  // its requester gave up while it waited
  queue(cpu_report("no deadline", 0));
  sched.run();
  REQUIRE(outcome.size() == 3);
  CHECK(outcome["wanted"].rfind("pdf ", 0) == 0);
  CHECK(outcome["no deadline"].rfind("pdf ", 0) == 0);
  // Answered with why, and no PDF was made for it.
  CHECK(outcome["expired"].find("report rendering was not started") != std::string::npos);
  CHECK(outcome["expired"].find("past its deadline") != std::string::npos);
}

TEST_CASE_METHOD(renderer_fixture, "a job whose client went away while it was queued is dropped without rendering") {
  const auto now = model::epoch_ms();
  auto gone = std::make_shared<std::atomic<bool>>(false);
  auto still_there = std::make_shared<std::atomic<bool>>(false);
  auto left = cpu_report("left", now + 60'000);
  left.client_gone = gone;
  auto stayed = cpu_report("stayed", now + 60'000);
  stayed.client_gone = still_there;
  queue(std::move(left));
  queue(std::move(stayed));
  gone->store(true);  // the connection saw its client close while the job waited
  sched.run();
  REQUIRE(outcome.size() == 2);
  CHECK(outcome["stayed"].rfind("pdf ", 0) == 0);
  CHECK(outcome["left"].find("report rendering was not started") != std::string::npos);
  CHECK(outcome["left"].find("client closed its connection") != std::string::npos);
}

TEST_CASE_METHOD(pool_fixture, "the pool waits for a worker only until the job's deadline") {
  sys.spawn([this](caf::event_based_actor* self) {
    render::render_request req;
    req.report_name = "slow";
    req.answer_by_ms = model::epoch_ms() + 2'000;
    self->request(front, caf::infinite, render_atom::value, std::move(req))
      .then([this](render::render_result&) { answered.push_back("rendered"); },
            [this](caf::error& e) { answered.push_back(e == caf::sec::request_timeout ? "timed out" : "other"); });
  });
  sched.run();
  REQUIRE(log->taken.size() == 1);  // the worker holds it and never answers
  CHECK(answered.empty());
  sched.trigger_timeouts();  // the request's time-left timer fires (caf::infinite had none)
  sched.run();
  CHECK(answered == std::vector<std::string>{"timed out"});
}

struct one_worker_pool : pool_fixture {
  one_worker_pool() : pool_fixture(1) {}
};

struct no_retry_pool : pool_fixture {
  no_retry_pool() : pool_fixture(1, false) {}
};

struct capped_pool : pool_fixture {
  capped_pool() : pool_fixture(1, false, 1) {}
};

TEST_CASE_METHOD(capped_pool, "a joined worker at its cap holds no queue: the pool's own worker takes the rest") {
  const int joined = join();
  for (auto name : {"a", "b", "c", "d"})
    submit(name);
  REQUIRE(log->taken.size() == 4);
  int on_joined = 0;
  for (const auto& [worker, name] : log->taken)
    on_joined += worker == joined;
  CHECK(on_joined == 1);  // one job at a time; losing it loses one message at most
  kill(joined);
  CHECK(errors.size() == 1);
}

TEST_CASE_METHOD(one_worker_pool, "a worker that joins takes the next job at once") {
  submit("busy");  // the pool's own worker holds it
  const int joined = join();
  submit("next");
  REQUIRE(log->taken.size() == 2);
  CHECK(log->taken[1] == std::make_pair(joined, std::string("next")));
  finish_one(joined);
  CHECK(answered == std::vector<std::string>{"next"});
}

TEST_CASE_METHOD(one_worker_pool, "a render job whose joined worker goes away is done by another worker") {
  submit("busy");
  const int joined = join();
  submit("report");
  REQUIRE(log->taken.back() == std::make_pair(joined, std::string("report")));
  kill(joined);  // the worker process died with the job
  // Tried again on the one worker left, behind "busy"; nobody got an error.
  REQUIRE(log->taken.size() == 3);
  CHECK(log->taken[2] == std::make_pair(0, std::string("report")));
  finish_one(0);
  finish_one(0);
  CHECK(answered == std::vector<std::string>{"busy", "report"});
  CHECK(errors.empty());
  // Jobs go only to the worker that is left.
  submit("after");
  CHECK(log->taken.back() == std::make_pair(0, std::string("after")));
}

TEST_CASE_METHOD(no_retry_pool, "without retries (mail) a job lost with its worker is answered as uncertain, never redone") {
  const int joined = join();
  submit("held");  // both idle: the pool's own worker takes it
  submit("mail");  // the joined worker takes this one
  REQUIRE(log->taken.back() == std::make_pair(joined, std::string("mail")));
  kill(joined);
  CHECK(log->taken.size() == 2);  // not handed to anyone else
  REQUIRE(answered == std::vector<std::string>{"<error>"});
  CHECK(errors[0].code == model::errc::mail_uncertain);
  CHECK(errors[0].message.find("worker 'remote-1' went away") != std::string::npos);
  CHECK(errors[0].message.find("not retried") != std::string::npos);
}

TEST_CASE_METHOD(one_worker_pool, "a job lost with its worker is not redone past its deadline") {
  const int joined = join();
  submit("busy");
  sys.spawn([this](caf::event_based_actor* self) {
    render::render_request req;
    req.report_name = "late";
    req.answer_by_ms = model::epoch_ms() + 50;
    self->request(front, caf::infinite, render_atom::value, std::move(req))
      .then([this](render::render_result&) { answered.push_back("rendered"); },
            [this](caf::error& e) { errors.push_back(to_problem(e, "report rendering")); });
  });
  sched.run();
  REQUIRE(log->taken.back() == std::make_pair(joined, std::string("late")));
  std::this_thread::sleep_for(std::chrono::milliseconds(80));  // its requester has stopped waiting
  kill(joined);
  CHECK(log->taken.size() == 2);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == model::errc::timeout);
  CHECK(errors[0].message.find("deadline has passed") != std::string::npos);
}
