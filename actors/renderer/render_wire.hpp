#pragma once
// How a render job and its result cross the network to a remote render worker (reportd
// worker, actors/cluster): CAF `inspect` overloads for render::render_request and
// render::render_result and every value inside them. Found by argument-dependent lookup, so
// each overload sits in its type's namespace. Included by renderer_actor.hpp: every place
// that sends a render job sees them (a type without one fails to compile, never silently).
//
// One trap of CAF 0.17: a member whose type is registered with CAF_ALLOW_UNSAFE_MESSAGE_TYPE
// (model::report_settings is, as a store reply) is skipped without a word when passed to an
// inspector. Such members are written field by field here. tests/actors/test_wire.cpp
// round-trips a request with every field set, so a field left out shows there.
#include "render/engine.hpp"

namespace reportd::model {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, time_range& x) {
  return f(x.from, x.to);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dashboard_ref& x) {
  return f(x.id, x.uid, x.name);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, report_dashboard& x) {
  return f(x.dashboard, x.range, x.variables);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, report_options& x) {
  return f(x.orientation, x.layout, x.range, x.pdf_show_template_variables, x.pdf_combine_one_file,
           x.csv_encoding);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, branding& x) {
  return f(x.report_logo_url, x.email_logo_url, x.email_footer_mode, x.email_footer_text, x.email_footer_link);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, footer_item& x) {
  return f(x.type, x.text, x.url);
}

}  // namespace reportd::model

namespace reportd::render {

/// The logo cache stays behind: a worker fills its own (renderer_worker).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, logo_policy& x) {
  return f(x.allowed_hosts, x.max_dimension);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, render_limits& x) {
  return f(x.max_panels, x.max_series, x.max_points, x.max_pages, x.logo);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dashboard_input& x) {
  return f(x.json, x.ref, x.origin_url, x.origin_org_id);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, render_request& x) {
  auto& s = x.settings;  // report_settings is an unsafe message type: its fields, one by one
  return f(x.org_id, x.report_name, x.dashboards, x.options, x.scale_factor, x.time_zone,  //
           s.id, s.user_id, s.org_id, s.branding, s.pdf_theme, s.embedded_image_theme, s.pdf_header_enabled,
           s.pdf_dashboard_title_enabled, s.pdf_time_range_enabled, s.footer_items, s.footer_font_family,  //
           x.now_ms, x.want_pdf, x.want_png, x.want_csv, x.want_pdf_tables, x.pdf_tables_appendix, x.csv_encoding,
           x.deadline_ms, x.answer_by_ms, x.limits);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, named_file& x) {
  return f(x.name, x.content_type, x.data);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, render_result& x) {
  return f(x.pdfs, x.pngs, x.csvs, x.dashboard_titles, x.ranges_ms, x.link_bases, x.link_org_ids, x.panel_errors);
}

}  // namespace reportd::render
