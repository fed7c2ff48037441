// What crosses the network to a remote worker (reportd worker): a render job, its result and
// a mail job, each written and read back through CAF's binary serializer as the middleman
// does, inside a message and by registered name. Every field is set away from its default,
// so one that the inspect overloads leave out (or that CAF skips: a member of an "unsafe"
// type) comes back different.
#include "catch_prelude.hpp"

#include <caf/all.hpp>

#include "actors/mailer/mailer_actor.hpp"
#include "actors/renderer/renderer_actor.hpp"

using namespace reportd;

namespace {

struct wire_system {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  wire_system() {
    cfg.set("logger.verbosity", caf::atom("quiet"));
    cfg.add_error_category(error_category, render_error);
    add_wire_types(cfg);
    sys = std::make_unique<caf::actor_system>(cfg);
  }

  /// `x` inside a message, written to bytes and read back as a new message.
  template <class T>
  T round_trip(const T& x) {
    std::vector<char> buf;
    {
      caf::binary_serializer sink{*sys, buf};
      auto msg = caf::make_message(x);
      REQUIRE_FALSE(sink(msg));
    }
    caf::message back;
    caf::binary_deserializer source{*sys, buf};
    REQUIRE_FALSE(source(back));
    REQUIRE(back.match_elements<T>());
    return back.get_as<T>(0);
  }
};

render::render_request full_request() {
  render::render_request r;
  r.org_id = 7;
  r.report_name = "Weekly CPU";
  render::dashboard_input d;
  d.json = R"({"uid":"cpu"})";
  d.ref.dashboard = {42, "cpu", "CPU overview"};
  d.ref.range = {"now-7d", "now-1d"};
  d.ref.variables = {{"host", {"a", "b"}}, {"env", {"prod"}}};
  d.origin_url = "http://grafana:3000";
  d.origin_org_id = 3;
  r.dashboards = {d, d};
  r.options = {"portrait", "simple", {"now-1h", "now"}, true, true, "utf-16le"};
  r.scale_factor = 150;
  r.time_zone = "Europe/Berlin";
  auto& s = r.settings;
  s.id = 11;
  s.user_id = 12;
  s.org_id = 7;
  s.branding = {"http://logo/report.png", "http://logo/mail.png", "none", "footer text", "http://link"};
  s.pdf_theme = "dark";
  s.embedded_image_theme = "dark";
  s.pdf_header_enabled = false;
  s.pdf_dashboard_title_enabled = false;
  s.pdf_time_range_enabled = false;
  s.footer_items = {{"text", "Confidential", "http://c"}};
  s.footer_font_family = "DejaVu Serif";
  r.now_ms = 1'700'000'000'123;
  r.want_pdf = false;
  r.want_png = true;
  r.want_csv = true;
  r.want_pdf_tables = true;
  r.pdf_tables_appendix = true;
  r.csv_encoding = "utf-8-bom";
  r.deadline_ms = 1'700'000'050'000;
  r.answer_by_ms = 1'700'000'060'000;
  r.limits.max_panels = 9;
  r.limits.max_series = 8;
  r.limits.max_points = 7;
  r.limits.max_pages = 6;
  r.limits.logo.allowed_hosts = {"logo.internal"};
  r.limits.logo.max_dimension = 512;
  return r;
}

}  // namespace

TEST_CASE("a render job crosses the wire with every field") {
  wire_system w;
  const auto in = full_request();
  const auto out = w.round_trip(in);
  CHECK(out.org_id == 7);
  CHECK(out.report_name == "Weekly CPU");
  REQUIRE(out.dashboards.size() == 2);
  const auto& d = out.dashboards[1];
  CHECK(d.json == in.dashboards[1].json);
  CHECK(d.ref.dashboard.id == 42);
  CHECK(d.ref.dashboard.uid == "cpu");
  CHECK(d.ref.dashboard.name == "CPU overview");
  CHECK(d.ref.range.from == "now-7d");
  CHECK(d.ref.range.to == "now-1d");
  CHECK(d.ref.variables == in.dashboards[1].ref.variables);
  CHECK(d.origin_url == "http://grafana:3000");
  CHECK(d.origin_org_id == 3);
  CHECK(out.options.orientation == "portrait");
  CHECK(out.options.layout == "simple");
  CHECK(out.options.range.from == "now-1h");
  CHECK(out.options.pdf_show_template_variables);
  CHECK(out.options.pdf_combine_one_file);
  CHECK(out.options.csv_encoding == "utf-16le");
  CHECK(out.scale_factor == 150);
  CHECK(out.time_zone == "Europe/Berlin");
  const auto& s = out.settings;
  CHECK(s.id == 11);
  CHECK(s.user_id == 12);
  CHECK(s.org_id == 7);
  CHECK(s.branding.report_logo_url == "http://logo/report.png");
  CHECK(s.branding.email_logo_url == "http://logo/mail.png");
  CHECK(s.branding.email_footer_mode == "none");
  CHECK(s.branding.email_footer_text == "footer text");
  CHECK(s.branding.email_footer_link == "http://link");
  CHECK(s.pdf_theme == "dark");
  CHECK(s.embedded_image_theme == "dark");
  CHECK_FALSE(s.pdf_header_enabled);
  CHECK_FALSE(s.pdf_dashboard_title_enabled);
  CHECK_FALSE(s.pdf_time_range_enabled);
  REQUIRE(s.footer_items.size() == 1);
  CHECK(s.footer_items[0].text == "Confidential");
  CHECK(s.footer_items[0].url == "http://c");
  CHECK(s.footer_font_family == "DejaVu Serif");
  CHECK(out.now_ms == 1'700'000'000'123);
  CHECK_FALSE(out.want_pdf);
  CHECK(out.want_png);
  CHECK(out.want_csv);
  CHECK(out.want_pdf_tables);
  CHECK(out.pdf_tables_appendix);
  CHECK(out.csv_encoding == "utf-8-bom");
  CHECK(out.deadline_ms == 1'700'000'050'000);
  CHECK(out.answer_by_ms == 1'700'000'060'000);
  CHECK(out.limits.max_panels == 9);
  CHECK(out.limits.max_series == 8);
  CHECK(out.limits.max_points == 7);
  CHECK(out.limits.max_pages == 6);
  CHECK(out.limits.logo.allowed_hosts == std::vector<std::string>{"logo.internal"});
  CHECK(out.limits.logo.max_dimension == 512);
  CHECK_FALSE(out.limits.logo.cache);  // the worker's own cache fills in
}

TEST_CASE("a render result crosses the wire with its files, binary bytes intact") {
  wire_system w;
  render::render_result r;
  std::string pdf = "%PDF-1.5\n";
  for (int i = 0; i < 256; ++i)
    pdf.push_back(static_cast<char>(i));
  r.pdfs = {{"CPU.pdf", "application/pdf", pdf}};
  r.pngs = {{"CPU.png", "image/png", std::string("\x89PNG\0\x01", 6)}};
  r.csvs = {{"CPU - A.csv", "text/csv", "a,b\n1,2\n"}, {"CPU - B.csv", "text/csv", "x\n"}};
  r.dashboard_titles = {"CPU overview"};
  r.ranges_ms = {{1000, 2000}};
  r.link_bases = {"http://grafana:3000"};
  r.link_org_ids = {4};
  r.panel_errors = {"panel 'CPU' (id 3): query A failed"};
  auto out = w.round_trip(r);
  REQUIRE(out.pdfs.size() == 1);
  CHECK(out.pdfs[0].name == "CPU.pdf");
  CHECK(out.pdfs[0].content_type == "application/pdf");
  CHECK(out.pdfs[0].data == pdf);
  REQUIRE(out.pngs.size() == 1);
  CHECK(out.pngs[0].data == std::string("\x89PNG\0\x01", 6));
  REQUIRE(out.csvs.size() == 2);
  CHECK(out.csvs[1].name == "CPU - B.csv");
  CHECK(out.dashboard_titles == r.dashboard_titles);
  CHECK(out.ranges_ms == r.ranges_ms);
  CHECK(out.link_bases == r.link_bases);
  CHECK(out.link_org_ids == r.link_org_ids);
  CHECK(out.panel_errors == r.panel_errors);
}

TEST_CASE("a mail job crosses the wire with its attachments") {
  wire_system w;
  mail::message m;
  m.from_name = "reportd";
  m.from_address = "reports@example.com";
  m.to = {"a@example.com", "b@example.com"};
  m.reply_to = {"ops@example.com"};
  m.subject = "Weekly CPU";
  m.text_body = "text";
  m.html_body = "<p>html</p>";
  m.attachments = {{"CPU.pdf", "application/pdf", "%PDF", ""}, {"logo.png", "image/png", "PNG", "logo@reportd"}};
  m.answer_by_ms = 1'700'000'060'000;
  auto out = w.round_trip(m);
  CHECK(out.from_name == "reportd");
  CHECK(out.from_address == "reports@example.com");
  CHECK(out.to == m.to);
  CHECK(out.reply_to == m.reply_to);
  CHECK(out.subject == "Weekly CPU");
  CHECK(out.text_body == "text");
  CHECK(out.html_body == "<p>html</p>");
  REQUIRE(out.attachments.size() == 2);
  CHECK(out.attachments[1].filename == "logo.png");
  CHECK(out.attachments[1].content_type == "image/png");
  CHECK(out.attachments[1].data == "PNG");
  CHECK(out.attachments[1].content_id == "logo@reportd");
  CHECK(out.answer_by_ms == 1'700'000'060'000);
}

TEST_CASE("a reportd error crosses the wire with its class and message") {
  wire_system w;
  auto e = to_error({model::errc::unauthenticated, "refused: wrong secret"});
  auto out = w.round_trip(e);
  auto p = to_problem(out, "joining");
  CHECK(p.code == model::errc::unauthenticated);
  CHECK(p.message == "refused: wrong secret");
}
