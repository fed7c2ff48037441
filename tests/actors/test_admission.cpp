// Heavy admission (actors/front/admission.hpp): how many sends and renders may be in flight
// follows what the render workers finish inside the render timeout, learnt from answers;
// a refused client is told to come back later the longer the queue is.
#include "catch_prelude.hpp"

#include "actors/front/admission.hpp"

using reportd::heavy_admission;

TEST_CASE("before any answer, each worker is given eight jobs' worth of the budget") {
  heavy_admission a({2, 60, 256});
  // S is assumed to be D / 8 = 7.5 s: 0.8 * 60 / 7.5 = 6.4 -> 6 per worker.
  CHECK(a.limit() == 12);
  CHECK(a.admit(11));
  CHECK_FALSE(a.admit(12));
}

TEST_CASE("the first answer replaces the start-up guess") {
  heavy_admission a({1, 60, 256});
  a.observe(0.1, 1);  // one 100 ms render: 0.8 * 60 / 0.1 = 480, bounded at 256
  CHECK(a.typical_job_s() == Approx(0.1));
  CHECK(a.limit() == 256);
  a.observe(0.5, 1);  // later answers are averaged in
  CHECK(a.typical_job_s() == Approx(0.2));
}

TEST_CASE("fast jobs open admission up to the configured bound, slow jobs narrow it") {
  heavy_admission a({2, 10, 256});
  for (int i = 0; i < 200; ++i) a.observe(0.05, 1);  // 50 ms renders, nothing queued ahead
  CHECK(a.typical_job_s() == Approx(0.05).epsilon(0.05));
  CHECK(a.limit() == 256);  // 2 * 8 / 0.05 = 320, bounded by max_inflight_heavy

  heavy_admission b({2, 10, 256});
  for (int i = 0; i < 200; ++i) b.observe(2.0, 1);  // 2 s renders
  CHECK(b.limit() == 2 * 4);  // 0.8 * 10 / 2 = 4 per worker
}

TEST_CASE("queue wait is not mistaken for job time") {
  heavy_admission a({2, 10, 256});
  // Admitted 10th with 2 workers: 5 rounds; 1 s end to end is 0.2 s of its own.
  for (int i = 0; i < 200; ++i) a.observe(1.0, 10);
  CHECK(a.typical_job_s() == Approx(0.2).epsilon(0.05));
  CHECK(a.limit() == 2 * 40);
}

TEST_CASE("jobs slower than the budget still let every worker try one") {
  heavy_admission a({3, 5, 256});
  for (int i = 0; i < 200; ++i) a.observe(30, 1);
  CHECK(a.limit() == 3);
}

TEST_CASE("Retry-After grows with the queue and with the clients already told to come back") {
  heavy_admission a({2, 30, 256});
  for (int i = 0; i < 200; ++i) a.observe(0.5, 1);  // 2 workers x 2 jobs/s = 4 jobs/s
  // 10 in flight + this client: 11 jobs at 4/s.
  CHECK(a.refuse(10, 100.0) == 3);
  // Refused at the same moment, each later client is told to come back later.
  std::int64_t last = 0;
  for (int i = 0; i < 40; ++i) {
    const auto r = a.refuse(10, 100.0);
    CHECK(r >= last);
    last = r;
  }
  CHECK(last == 13);  // 10 + 41 told = 51 jobs at 4/s
  // The told clients drain at the workers' rate: 10 s later they are through.
  CHECK(a.refuse(10, 110.0) == 3);
  // A longer queue, a later retry; never more than ten budgets.
  CHECK(a.refuse(40, 200.0) == 11);
  CHECK(a.refuse(100000, 300.0) == 300);
}

TEST_CASE("workers that join (remote render workers) widen admission; workers that leave narrow it") {
  heavy_admission a({1, 60, 256});
  CHECK(a.limit() == 6);
  a.set_workers(5);  // four remote workers joined the pool
  CHECK(a.limit() == 30);
  a.set_workers(0);  // every worker gone: one is still assumed, so a request can try
  CHECK(a.limit() == 6);
}
