"""Every real Grafana dashboard in tests/fixtures/dashboards renders through the API in grid and
simple layout, portrait and landscape: a valid PDF showing the dashboard and its panel
titles, with no placeholder for a supported panel type and no unconfigured datasource."""
import json
import re
from urllib.parse import quote

import pytest

from conftest import FIXTURES
from pdf_tools import pdfinfo, pdftotext

SUPPORTED = {"timeseries", "graph", "stat", "gauge", "bargauge", "table", "text", "piechart", "row", "heatmap", "state-timeline", "status-history", "barchart", "histogram", "logs"}
NAMES = sorted(p.name for p in FIXTURES.glob("*.json"))


def test_fixture_dashboards_are_there():
    """A loop over no files would pass for nothing: the fixtures must be found."""
    assert len(NAMES) >= 8, f"expected the fixture dashboards in {FIXTURES}, found {NAMES}"


def plain_titles(dashboard):
    """Titles without variables, of the panels at any depth (rows hold collapsed children)."""
    out = []

    def walk(panels):
        for p in panels:
            t = p.get("title", "")
            if p.get("type") != "row" and t and "$" not in t and not p.get("repeatPanelId"):
                out.append(t)
            walk(p.get("panels", []))
    walk(dashboard.get("panels", []))
    return out


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    from reportd_server import ReportdServer
    server = ReportdServer(tmp_path_factory.mktemp("fixtures") / "data").start()
    for name in NAMES:
        dash = json.loads((FIXTURES / name).read_text())
        dash.pop("id", None)
        r = server.post("/api/dashboards/db", {"dashboard": dash, "overwrite": True})
        assert r.status == 200, (name, r)
    yield server
    server.stop()


def test_there_are_fixtures():
    assert len(NAMES) >= 8


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("layout,orientation", [("grid", "portrait"), ("grid", "landscape"),
                                                ("simple", "portrait"), ("simple", "landscape")])
def test_fixture_renders(loaded, name, layout, orientation):
    dash = json.loads((FIXTURES / name).read_text())
    q = quote(json.dumps([{"dashboard": {"uid": dash["uid"]}}]), safe="")
    r = loaded.get(f"/api/reports/render/pdfs?dashboards={q}&layout={layout}&orientation={orientation}")
    assert r.status == 200, r
    info = pdfinfo(r.body)
    assert int(info["Pages"]) >= 1
    width, height = (float(v) for v in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (width > height) == (orientation == "landscape")
    text = " ".join(pdftotext(r.body).split())
    assert dash["title"] in text
    assert "is not supported by the report renderer" not in text
    assert "is not configured" not in text
    missing = [t for t in plain_titles(dash) if " ".join(t.split())[:12] not in text]
    assert not missing, missing
    types = {p.get("type") for p in dash.get("panels", [])}
    assert types <= SUPPORTED, types - SUPPORTED
