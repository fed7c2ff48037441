"""POST/GET /api/reports/settings as Grafana's clients use them (issue 10, items 17 and 19):
Grafana's own settings object leaves the PDF header alone, footerItems and footerFontFamily
round-trip and reach the PDF footer, URLs are checked when saved."""
from urllib.parse import quote as urlquote

from conftest import simple_dashboard
from pdf_tools import pdftotext

QUERY = urlquote('[{"dashboard":{"uid":"cpu"},"timeRange":{"from":"2026-11-20T00:00:00Z","to":"2026-11-27T00:00:00Z"}}]')
RANGE_TEXT = "2026-11-20 00:00 to 2026-11-27 00:00"

# ReportSettings exactly as Grafana's public/api-enterprise-spec.json defines it (what its UI,
# Terraform provider and Go clients send): no pdfHeaderEnabled, pdfDashboardTitleEnabled or
# pdfTimeRangeEnabled.
GRAFANA_SETTINGS = {
    "id": 1, "orgId": 1, "userId": 1,
    "branding": {"reportLogoUrl": "", "emailLogoUrl": "", "emailFooterMode": "sent-by",
                 "emailFooterText": "Grafana", "emailFooterLink": "https://grafana.com/"},
    "pdfTheme": "light", "embeddedImageTheme": "dark",
}


def render_text(server):
    assert server.post("/api/dashboards/db", {"dashboard": simple_dashboard(), "overwrite": True}).status == 200
    r = server.get("/api/reports/render/pdfs?title=Weekly%20capacity&dashboards=" + QUERY)
    assert r.status == 200, r
    return pdftotext(r.body)


def test_saving_grafanas_settings_object_keeps_the_pdf_header(server):
    r = server.post("/api/reports/settings", GRAFANA_SETTINGS)
    assert r.status == 200, r
    got = server.get("/api/reports/settings").json()
    assert got["pdfHeaderEnabled"] is True
    assert got["pdfDashboardTitleEnabled"] is True
    assert got["pdfTimeRangeEnabled"] is True
    assert got["embeddedImageTheme"] == "dark"
    assert got["branding"]["emailFooterText"] == "Grafana"
    text = render_text(server)
    assert "Weekly capacity" in text, text
    assert "CPU overview" in text, text
    assert RANGE_TEXT in text, text


def test_a_key_left_out_keeps_its_stored_value(server):
    assert server.post("/api/reports/settings", {"pdfTimeRangeEnabled": False}).status == 200
    assert server.post("/api/reports/settings", GRAFANA_SETTINGS).status == 200
    got = server.get("/api/reports/settings").json()
    assert got["pdfTimeRangeEnabled"] is False  # turned off on purpose, and still off
    assert got["pdfHeaderEnabled"] is True
    text = render_text(server)
    assert "Weekly capacity" in text and "CPU overview" in text, text
    assert RANGE_TEXT not in text, text


def test_footer_items_and_font_round_trip_and_reach_the_pdf_footer(server):
    items = [{"type": "text", "text": "Internal - do not forward", "url": ""},
             {"type": "link", "text": "Capacity runbook", "url": "https://wiki.example.com/capacity"}]
    body = dict(GRAFANA_SETTINGS, footerItems=items, footerFontFamily="DejaVu Serif")
    assert server.post("/api/reports/settings", body).status == 200
    got = server.get("/api/reports/settings").json()
    assert got["footerItems"] == items
    assert got["footerFontFamily"] == "DejaVu Serif"
    # Saving Grafana's object again (which has neither key) keeps them.
    assert server.post("/api/reports/settings", GRAFANA_SETTINGS).status == 200
    assert server.get("/api/reports/settings").json()["footerItems"] == items
    text = render_text(server)
    assert "Internal - do not forward" in text, text
    assert "Capacity runbook" in text, text


def test_settings_urls_are_checked_when_saved(server):
    cases = [
        ({"branding": {"reportLogoUrl": "file:///etc/passwd"}}, "branding.reportLogoUrl"),
        ({"branding": {"reportLogoUrl": "http://x.example/a\r\nHost: evil"}}, "branding.reportLogoUrl"),
        ({"branding": {"emailLogoUrl": "http://x.example/" + "a" * 2100}}, "branding.emailLogoUrl"),
        ({"branding": {"emailFooterMode": "sent-by", "emailFooterText": "x",
                       "emailFooterLink": "javascript:alert(document.cookie)"}}, "branding.emailFooterLink"),
        ({"footerItems": [{"text": "x", "url": "data:text/html,<script>1</script>"}]}, "footerItems[0].url"),
    ]
    for body, field in cases:
        r = server.post("/api/reports/settings", body)
        assert r.status == 400, (body, r)
        assert field in r.json()["message"], (field, r.json())
    assert server.get("/api/reports/settings").json()["branding"]["reportLogoUrl"] == ""  # nothing saved
    ok = server.post("/api/reports/settings", {"branding": {"reportLogoUrl": "https://cdn.example.com/logo.png"}})
    assert ok.status == 200, ok
