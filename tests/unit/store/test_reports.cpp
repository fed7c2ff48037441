#include "temp_db.hpp"

using reportd::model::errc;
using reportd::model::report;
using reportd::store::testing::dashboard_json;
using reportd::store::testing::temp_db;

namespace {

/// A report with every field set to something other than its default.
report full_report(std::int64_t org_id) {
  report r;
  r.org_id = org_id;
  r.user_id = 42;
  r.name = "Weekly traffic";
  r.subject = "Traffic, week ${week}";
  r.recipients = "a@example.com; b@example.com";
  r.reply_to = "ops@example.com";
  r.message = "Hello,\nsee attached.";
  r.schedule.start_date = 1700000000;
  r.schedule.end_date = 1800000000;
  r.schedule.frequency = "custom";
  r.schedule.interval_frequency = "days";
  r.schedule.interval_amount = 3;
  r.schedule.workdays_only = true;
  r.schedule.day_of_month = "last";
  r.schedule.time_zone = "Europe/Berlin";
  r.options.orientation = "portrait";
  r.options.layout = "simple";
  r.options.range = {"now-7d/d", "now/d"};
  r.options.pdf_show_template_variables = true;
  r.options.pdf_combine_one_file = true;
  r.enable_dashboard_url = true;
  r.enable_csv = true;
  r.state = "paused";
  r.formats = {"pdf", "csv", "image"};
  r.scale_factor = 150;
  reportd::model::report_dashboard d1;
  d1.dashboard.uid = "traffic";
  d1.range = {"now-6h", "now"};
  d1.variables = {{"host", {"web-1", "web-2"}}, {"region", {"eu"}}, {"empty", {}}};
  reportd::model::report_dashboard d2;
  d2.dashboard.uid = "errors";
  r.dashboards = {d1, d2};
  return r;
}

void seed_dashboards(temp_db& db, std::int64_t org_id) {
  REQUIRE(db->save_dashboard(org_id, dashboard_json("traffic", "Traffic"), true));
  REQUIRE(db->save_dashboard(org_id, dashboard_json("errors", "Errors"), true));
}

void check_same_fields(const report& got, const report& want) {
  CHECK(got.org_id == want.org_id);
  CHECK(got.user_id == want.user_id);
  CHECK(got.name == want.name);
  CHECK(got.subject == want.subject);
  CHECK(got.recipients == want.recipients);
  CHECK(got.reply_to == want.reply_to);
  CHECK(got.message == want.message);
  CHECK(got.schedule.start_date == want.schedule.start_date);
  CHECK(got.schedule.end_date == want.schedule.end_date);
  CHECK(got.schedule.frequency == want.schedule.frequency);
  CHECK(got.schedule.interval_frequency == want.schedule.interval_frequency);
  CHECK(got.schedule.interval_amount == want.schedule.interval_amount);
  CHECK(got.schedule.workdays_only == want.schedule.workdays_only);
  CHECK(got.schedule.day_of_month == want.schedule.day_of_month);
  CHECK(got.schedule.time_zone == want.schedule.time_zone);
  CHECK(got.options.orientation == want.options.orientation);
  CHECK(got.options.layout == want.options.layout);
  CHECK(got.options.range.from == want.options.range.from);
  CHECK(got.options.range.to == want.options.range.to);
  CHECK(got.options.pdf_show_template_variables == want.options.pdf_show_template_variables);
  CHECK(got.options.pdf_combine_one_file == want.options.pdf_combine_one_file);
  CHECK(got.enable_dashboard_url == want.enable_dashboard_url);
  CHECK(got.enable_csv == want.enable_csv);
  CHECK(got.state == want.state);
  CHECK(got.formats == want.formats);
  CHECK(got.scale_factor == want.scale_factor);
  REQUIRE(got.dashboards.size() == want.dashboards.size());
  for (std::size_t i = 0; i < got.dashboards.size(); ++i) {
    CHECK(got.dashboards[i].dashboard.uid == want.dashboards[i].dashboard.uid);
    CHECK(got.dashboards[i].range.from == want.dashboards[i].range.from);
    CHECK(got.dashboards[i].range.to == want.dashboards[i].range.to);
    CHECK(got.dashboards[i].variables == want.dashboards[i].variables);
  }
}

}  // namespace

TEST_CASE("a report round-trips with every field") {
  temp_db db;
  seed_dashboards(db, 1);
  const report sent = full_report(1);
  auto id = db->create_report(sent);
  REQUIRE(id);
  auto got = db->get_report(1, *id);
  if (!got) FAIL(got.error().message);
  check_same_fields(*got, sent);
  CHECK(got->id == *id);
  CHECK(got->uid.size() >= 9);
  CHECK(got->uid.size() <= 14);
  CHECK(got->created > 0);
  CHECK(got->updated == got->created);
  // Dashboard id and name come from the dashboards table.
  auto traffic = db->get_dashboard(1, "traffic");
  REQUIRE(traffic);
  CHECK(got->dashboards[0].dashboard.id == traffic->id);
  CHECK(got->dashboards[0].dashboard.name == "Traffic");
  CHECK(got->dashboards[1].dashboard.name == "Errors");
}

TEST_CASE("a missing start date is stored as the creation time, except for never") {
  temp_db db;
  seed_dashboards(db, 1);
  report r = full_report(1);
  r.schedule.start_date.reset();
  r.schedule.end_date.reset();
  auto id = db->create_report(r);
  REQUIRE(id);
  auto got = db->get_report(1, *id);
  REQUIRE(got);
  REQUIRE(got->schedule.start_date);
  CHECK(*got->schedule.start_date == got->created);
  CHECK_FALSE(got->schedule.end_date);  // forever

  r.schedule.frequency = "never";
  auto never_id = db->create_report(r);
  REQUIRE(never_id);
  CHECK_FALSE(db->get_report(1, *never_id)->schedule.start_date);
}

TEST_CASE("update replaces the report but keeps id, uid, org, user and created") {
  temp_db db;
  seed_dashboards(db, 1);
  auto id = db->create_report(full_report(1));
  REQUIRE(id);
  const auto before = *db->get_report(1, *id);

  report changed;
  changed.id = *id;
  changed.org_id = 1;
  changed.user_id = 99;  // ignored: the owner stays
  changed.name = "Renamed";
  changed.recipients = "c@example.com";
  changed.schedule.frequency = "never";
  reportd::model::report_dashboard d;
  d.dashboard.uid = "errors";
  d.variables = {{"x", {"1"}}};
  changed.dashboards = {d};
  REQUIRE(db->update_report(changed));

  auto after = db->get_report(1, *id);
  REQUIRE(after);
  CHECK(after->uid == before.uid);
  CHECK(after->user_id == before.user_id);
  CHECK(after->created == before.created);
  CHECK(after->name == "Renamed");
  CHECK(after->subject.empty());
  CHECK(after->state == "scheduled");
  CHECK(after->formats == std::vector<std::string>{"pdf"});
  REQUIRE(after->dashboards.size() == 1);
  CHECK(after->dashboards[0].dashboard.name == "Errors");
  CHECK(after->dashboards[0].variables.at("x") == std::vector<std::string>{"1"});
}

TEST_CASE("list and lookup by dashboard return the org's reports") {
  temp_db db;
  seed_dashboards(db, 1);
  report a = full_report(1);
  report b = full_report(1);
  b.name = "Only errors";
  b.dashboards.erase(b.dashboards.begin());
  REQUIRE(db->create_report(a));
  REQUIRE(db->create_report(b));
  auto all = db->list_reports(1);
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].name == "Weekly traffic");
  CHECK((*all)[1].name == "Only errors");
  CHECK((*all)[1].dashboards.size() == 1);

  auto using_traffic = db->reports_using_dashboard(1, "traffic");
  REQUIRE(using_traffic);
  REQUIRE(using_traffic->size() == 1);
  CHECK(using_traffic->front().name == "Weekly traffic");
  CHECK(db->reports_using_dashboard(1, "errors")->size() == 2);
  CHECK(db->reports_using_dashboard(1, "nothing")->empty());
}

TEST_CASE("another org can neither see, change nor delete a report") {
  temp_db db;
  seed_dashboards(db, 1);
  auto org2 = db->create_org("Tenant two");
  REQUIRE(org2);
  seed_dashboards(db, *org2);
  auto id = db->create_report(full_report(1));
  REQUIRE(id);

  auto got = db->get_report(*org2, *id);
  REQUIRE_FALSE(got);
  CHECK(got.error().code == errc::not_found);
  CHECK(got.error().message == "report not found");

  report hijack = full_report(*org2);
  hijack.id = *id;
  hijack.name = "Hijacked";
  auto updated = db->update_report(hijack);
  REQUIRE_FALSE(updated);
  CHECK(updated.error().code == errc::not_found);

  auto deleted = db->delete_report(*org2, *id);
  REQUIRE_FALSE(deleted);
  CHECK(deleted.error().code == errc::not_found);

  CHECK(db->list_reports(*org2)->empty());
  CHECK(db->reports_using_dashboard(*org2, "traffic")->empty());
  auto still = db->get_report(1, *id);
  REQUIRE(still);
  CHECK(still->name == "Weekly traffic");
}

TEST_CASE("an unknown dashboard uid is not_found and nothing is stored") {
  temp_db db;
  seed_dashboards(db, 1);
  auto org2 = db->create_org("Tenant two");
  REQUIRE(org2);
  REQUIRE(db->save_dashboard(*org2, dashboard_json("foreign", "Foreign"), true));

  report r = full_report(1);
  r.dashboards[1].dashboard.uid = "foreign";  // exists, but in org 2
  auto id = db->create_report(r);
  REQUIRE_FALSE(id);
  CHECK(id.error().code == errc::not_found);
  CHECK(id.error().message == "dashboard foreign not found");
  CHECK(db->list_reports(1)->empty());

  auto good = db->create_report(full_report(1));
  REQUIRE(good);
  report bad_update = full_report(1);
  bad_update.id = *good;
  bad_update.name = "Should not stick";
  bad_update.dashboards[0].dashboard.uid = "missing";
  auto updated = db->update_report(bad_update);
  REQUIRE_FALSE(updated);
  CHECK(updated.error().code == errc::not_found);
  auto unchanged = db->get_report(1, *good);
  CHECK(unchanged->name == "Weekly traffic");
  CHECK(unchanged->dashboards.size() == 2);
}

TEST_CASE("delete removes the report and its dashboards") {
  temp_db db;
  seed_dashboards(db, 1);
  auto id = db->create_report(full_report(1));
  REQUIRE(id);
  REQUIRE(db->delete_report(1, *id));
  CHECK(db->get_report(1, *id).error().code == errc::not_found);
  CHECK(db->reports_using_dashboard(1, "traffic")->empty());
  CHECK(db->delete_report(1, *id).error().code == errc::not_found);
}

TEST_CASE("an acknowledged write survives closing and reopening") {
  temp_db db;
  seed_dashboards(db, 1);
  auto id = db->create_report(full_report(1));
  REQUIRE(id);
  db.reopen();
  auto got = db->get_report(1, *id);
  REQUIRE(got);
  check_same_fields(*got, full_report(1));
}

TEST_CASE("a report page is a slice in id order with each report's own dashboards") {
  temp_db db;
  seed_dashboards(db, 1);
  auto org2 = db->create_org("Tenant two");
  REQUIRE(org2);
  seed_dashboards(db, *org2);
  // Interleave the two orgs' ids, and give every third report only the "errors" dashboard.
  std::vector<std::int64_t> ours;
  for (int i = 0; i < 12; ++i) {
    report r = full_report(1);
    r.name = "r" + std::to_string(i);
    if (i % 3 == 0) r.dashboards.erase(r.dashboards.begin());
    auto id = db->create_report(r);
    REQUIRE(id);
    ours.push_back(*id);
    REQUIRE(db->create_report(full_report(*org2)));
  }
  reportd::model::report_page q;
  q.org_id = 1;
  q.limit = 5;
  auto first = db->list_reports(q);
  REQUIRE(first);
  REQUIRE(first->size() == 5);
  for (std::size_t i = 0; i < first->size(); ++i) {
    const auto& r = (*first)[i];
    CHECK(r.id == ours[i]);
    CHECK(r.org_id == 1);
    CHECK(r.name == "r" + std::to_string(i));
    REQUIRE(r.dashboards.size() == (i % 3 == 0 ? 1u : 2u));
    CHECK(r.dashboards.back().dashboard.uid == "errors");
    CHECK(r.dashboards.back().dashboard.name == "Errors");
  }
  CHECK(first->front().dashboards.front().variables.empty());
  CHECK((*first)[1].dashboards.front().variables.at("host") == std::vector<std::string>{"web-1", "web-2"});

  q.after_id = first->back().id;  // keyset: the next slice
  auto second = db->list_reports(q);
  REQUIRE(second);
  REQUIRE(second->size() == 5);
  CHECK(second->front().id == ours[5]);

  q.after_id = 0;
  q.offset = 10;  // an offset page: what remains
  auto last = db->list_reports(q);
  REQUIRE(last);
  REQUIRE(last->size() == 2);
  CHECK(last->front().id == ours[10]);
  CHECK(last->back().id == ours[11]);

  q.offset = 12;
  CHECK(db->list_reports(q)->empty());
  // The whole list reads the same reports in the same order.
  auto all = db->list_reports(1);
  REQUIRE(all);
  REQUIRE(all->size() == ours.size());
  CHECK(all->back().id == ours.back());
  CHECK(all->back().dashboards.size() == 2);
}
