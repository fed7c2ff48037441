// The mailer worker under a request's deadline: it sends within the smaller of the mail
// timeout and the time left, and a message whose time ran out while it was queued is never
// handed to the transport (no mail for a request already answered 500).
#include "catch_prelude.hpp"

#include <map>

#include "actor_fixture.hpp"
#include "actors/mailer/mailer.hpp"
#include "model/clock.hpp"

using namespace reportd;
using namespace reportd::testing;
using namespace std::chrono_literals;

namespace {

/// A transport that only records what it was asked to send, and with how much time.
struct recording_transport final : mail::transport {
  std::shared_ptr<std::vector<std::pair<std::string, std::chrono::milliseconds>>> sent;
  model::checked<model::unit> send(const std::string&, const std::vector<std::string>& rcpts,
                                   const std::string&, std::chrono::milliseconds time) override {
    sent->emplace_back(rcpts.front(), time);
    return model::unit{};
  }
};

struct mailer_fixture : fixture {
  std::shared_ptr<std::vector<std::pair<std::string, std::chrono::milliseconds>>> sent =
    std::make_shared<std::vector<std::pair<std::string, std::chrono::milliseconds>>>();
  mailer_actor worker;
  std::map<std::string, std::string> outcome;  // recipient -> "sent" or the error's text

  mailer_fixture() {
    auto log = sent;
    transport_factory make = [log] {
      auto t = std::make_unique<recording_transport>();
      t->sent = log;
      return t;
    };
    worker = sys.spawn(mailer_worker, make, caf::timespan{60s});
    spawned.push_back(caf::actor_cast<caf::actor>(worker));
  }

  void queue(const std::string& to, std::int64_t answer_by_ms) {
    mail::message m;
    m.from_address = "reports@example.com";
    m.to = {to};
    m.subject = "s";
    m.text_body = "t";
    m.answer_by_ms = answer_by_ms;
    sys.spawn([this, to, m](caf::event_based_actor* self) mutable {
      self->request(worker, caf::infinite, send_atom::value, std::move(m))
        .then([this, to](ok_atom) { outcome[to] = "sent"; },
              [this, to](caf::error& e) { outcome[to] = to_problem(e, "mail delivery").message; });
    });
  }
};

}  // namespace

TEST_CASE("the mail time is the smaller of the mail timeout and the time left, less a margin") {
  CHECK(mail_time(60s, 0, 1000) == 60s);  // no deadline: a scheduled run's own timeout
  CHECK(mail_time(60s, 1000 + 2000, 1000) == 1800ms);  // a tenth kept for the answer
  CHECK(mail_time(60s, 1000 + 30'000, 1000) == 29'750ms);  // at most 250 ms kept
  CHECK(mail_time(2s, 1000 + 30'000, 1000) == 2s);
  CHECK(mail_time(60s, 1000, 1000) == 0ms);
  CHECK(mail_time(60s, 999, 1000) == 0ms);
}

TEST_CASE_METHOD(mailer_fixture, "a message whose request gave up is not sent") {
  const auto now = model::epoch_ms();
  queue("wanted@example.com", now + 60'000);
  queue("expired@example.com", now - 1);  // its requester was answered while it waited
  queue("scheduled@example.com", 0);
  sched.run();
  REQUIRE(outcome.size() == 3);
  CHECK(outcome["wanted@example.com"] == "sent");
  CHECK(outcome["scheduled@example.com"] == "sent");
  CHECK(outcome["expired@example.com"].find("mail delivery was not started") != std::string::npos);
  REQUIRE(sent->size() == 2);
  CHECK((*sent)[0].first == "wanted@example.com");
  CHECK((*sent)[0].second <= 60s - 250ms);  // cut to the time left
  CHECK((*sent)[1].first == "scheduled@example.com");
  CHECK((*sent)[1].second == 60s);
}
