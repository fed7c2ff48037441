// Report settings: one row per org, defaults until first saved.
#include "store/database_impl.hpp"

#include "model/settings_json.hpp"

namespace reportd::store {

using model::checked;

checked<model::report_settings> database::get_settings(std::int64_t org_id) {
  return detail::guarded("get settings", [&]() -> checked<model::report_settings> {
    sql::statement s(impl_->db,
                     "SELECT id, user_id, org_id, report_logo_url, email_logo_url,"
                     " email_footer_mode, email_footer_text, email_footer_link, pdf_theme,"
                     " embedded_image_theme, pdf_header_enabled, pdf_dashboard_title_enabled,"
                     " pdf_time_range_enabled, footer_items, footer_font_family"
                     " FROM report_settings WHERE org_id = :org");
    s.bind_int(":org", org_id);
    model::report_settings out;
    out.org_id = org_id;
    if (!s.step()) return out;  // never saved: the defaults, id 0
    sql::row_reader c(s);
    out.id = c.next_int();
    out.user_id = c.next_int();
    out.org_id = c.next_int();
    out.branding.report_logo_url = c.next_text();
    out.branding.email_logo_url = c.next_text();
    out.branding.email_footer_mode = c.next_text();
    out.branding.email_footer_text = c.next_text();
    out.branding.email_footer_link = c.next_text();
    out.pdf_theme = c.next_text();
    out.embedded_image_theme = c.next_text();
    out.pdf_header_enabled = c.next_bool();
    out.pdf_dashboard_title_enabled = c.next_bool();
    out.pdf_time_range_enabled = c.next_bool();
    out.footer_items = model::footer_items_from_json(c.next_text());
    out.footer_font_family = c.next_text();
    return out;
  });
}

checked<model::unit> database::save_settings(model::report_settings st) {
  return detail::guarded("save settings", [&]() -> checked<model::unit> {
    sql::transaction tx(impl_->db);
    // Create or replace: the row id stays stable across saves.
    sql::statement s(impl_->db,
                     "INSERT INTO report_settings (org_id, user_id, report_logo_url,"
                     " email_logo_url, email_footer_mode, email_footer_text, email_footer_link,"
                     " pdf_theme, embedded_image_theme, pdf_header_enabled,"
                     " pdf_dashboard_title_enabled, pdf_time_range_enabled, footer_items,"
                     " footer_font_family)"
                     " VALUES (:org, :user, :rlogo, :elogo, :fmode, :ftext, :flink, :ptheme,"
                     " :itheme, :header, :title, :range, :items, :font)"
                     " ON CONFLICT (org_id) DO UPDATE SET user_id = excluded.user_id,"
                     " report_logo_url = excluded.report_logo_url,"
                     " email_logo_url = excluded.email_logo_url,"
                     " email_footer_mode = excluded.email_footer_mode,"
                     " email_footer_text = excluded.email_footer_text,"
                     " email_footer_link = excluded.email_footer_link,"
                     " pdf_theme = excluded.pdf_theme,"
                     " embedded_image_theme = excluded.embedded_image_theme,"
                     " pdf_header_enabled = excluded.pdf_header_enabled,"
                     " pdf_dashboard_title_enabled = excluded.pdf_dashboard_title_enabled,"
                     " pdf_time_range_enabled = excluded.pdf_time_range_enabled,"
                     " footer_items = excluded.footer_items,"
                     " footer_font_family = excluded.footer_font_family");
    const auto& b = st.branding;
    s.bind_int(":org", st.org_id).bind_int(":user", st.user_id);
    s.bind_text(":rlogo", b.report_logo_url).bind_text(":elogo", b.email_logo_url);
    s.bind_text(":fmode", b.email_footer_mode).bind_text(":ftext", b.email_footer_text);
    s.bind_text(":flink", b.email_footer_link);
    s.bind_text(":ptheme", st.pdf_theme).bind_text(":itheme", st.embedded_image_theme);
    s.bind_bool(":header", st.pdf_header_enabled);
    s.bind_bool(":title", st.pdf_dashboard_title_enabled);
    s.bind_bool(":range", st.pdf_time_range_enabled);
    s.bind_text(":items", model::footer_items_to_json(st.footer_items));
    s.bind_text(":font", st.footer_font_family).run();
    tx.commit();
    return model::unit{};
  });
}

}  // namespace reportd::store
