// Which store connection each store message reaches (actors/store/store_routing.hpp). A
// write sent to a read-only reader would fail at run time with "attempt to write a readonly
// database"; a read left on the writer only queues behind writes. This pins the table for
// every message of store_actor's interface, so adding a write to the reads list (or a new
// read that should go to a reader) is a visible decision.
#include "catch_prelude.hpp"

#include <string>

#include "actors/store/store_routing.hpp"

using namespace reportd;

namespace {

// Reads: each may go to a reader.
static_assert(store_reads_only<get_atom, report_atom, std::int64_t, std::int64_t>);
static_assert(store_reads_only<list_atom, report_atom, std::int64_t>);
static_assert(store_reads_only<list_atom, report_atom, model::report_page>);
static_assert(store_reads_only<list_atom, report_atom, std::int64_t, std::string>);
static_assert(store_reads_only<list_atom, dashboard_atom, model::dashboard_search>);
static_assert(store_reads_only<get_atom, dashboard_atom, std::int64_t, std::string>);
static_assert(store_reads_only<get_atom, settings_atom, std::int64_t>);
static_assert(store_reads_only<get_atom, bundle_atom, std::int64_t, std::int64_t>);
static_assert(store_reads_only<get_atom, bundle_atom, model::report>);
static_assert(store_reads_only<ping_atom>);
static_assert(store_reads_only<list_atom, schedule_atom>);
static_assert(store_reads_only<get_atom, schedule_atom, std::int64_t>);
static_assert(store_reads_only<list_atom, run_atom, model::run_query>);
static_assert(store_reads_only<stats_atom, run_atom>);
// Reference and const arguments classify like the values a sender passes.
static_assert(store_reads_only<const get_atom&, report_atom&, const std::int64_t&, std::int64_t>);

// Writes: each must reach the writer.
static_assert(!store_reads_only<create_atom, model::report>);
static_assert(!store_reads_only<update_atom, model::report>);
static_assert(!store_reads_only<delete_atom, report_atom, std::int64_t, std::int64_t>);
static_assert(!store_reads_only<put_atom, dashboard_atom, std::int64_t, std::string, bool>);
static_assert(!store_reads_only<delete_atom, dashboard_atom, std::int64_t, std::string>);
static_assert(!store_reads_only<put_atom, settings_atom, model::report_settings>);
static_assert(!store_reads_only<claim_atom, model::run_claim>);
static_assert(!store_reads_only<put_atom, run_atom, model::run_outcome>);
static_assert(!store_reads_only<delete_atom, run_atom, std::int64_t>);
// A message nobody listed goes to the writer.
static_assert(!store_reads_only<ok_atom, report_atom>);

}  // namespace

TEST_CASE("store_for sends reads round-robin over the readers and everything else to the writer") {
  const store_actor writer;
  store_reader_pool readers{std::vector<store_actor>(3)};
  const store_actor* first = &store_for<get_atom, report_atom, std::int64_t, std::int64_t>(writer, &readers);
  const store_actor* second = &store_for<list_atom, run_atom, model::run_query>(writer, &readers);
  CHECK(first != &writer);
  CHECK(second != &writer);
  CHECK(first != second);
  CHECK(&store_for<create_atom, model::report>(writer, &readers) == &writer);
  CHECK(&store_for<claim_atom, model::run_claim>(writer, &readers) == &writer);
}

TEST_CASE("with max_open_conn = 1 (no readers) every message goes to the writer") {
  const store_actor writer;
  store_reader_pool none{{}};
  CHECK(&store_for<get_atom, report_atom, std::int64_t, std::int64_t>(writer, &none) == &writer);
  CHECK(&store_for<get_atom, report_atom, std::int64_t, std::int64_t>(writer, nullptr) == &writer);
}
