"""Table panels through the real binary: the PDF draws the table Grafana shows (display names,
sortBy order, footer, the first of several frames named in a note), and the panel's CSV holds
that same table, row for row."""
import csv
import io
import json
import zipfile
from urllib.parse import quote

from pdf_tools import pdftotext

HOSTS = "host,region,cpu\nweb-1,eu,42.5\nweb-2,eu,37.1\ndb-1,us,71.9\ndb-2,us,12\n"
OTHER = "name,size\nx-disk,10\n"


def table_dashboard():
    return {
        "uid": "tables", "title": "Tables", "schemaVersion": 39,
        "time": {"from": "now-6h", "to": "now"},
        "panels": [{
            "id": 1, "type": "table", "title": "Hosts", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 10},
            "targets": [{"refId": "A", "scenarioId": "csv_content", "csvContent": HOSTS},
                        {"refId": "B", "scenarioId": "csv_content", "csvContent": OTHER}],
            "options": {"showHeader": True, "sortBy": [{"displayName": "CPU %", "desc": True}],
                        "footer": {"show": True, "reducer": ["sum"], "fields": ""}},
            "fieldConfig": {"defaults": {}, "overrides": [
                {"matcher": {"id": "byName", "options": "cpu"},
                 "properties": [{"id": "displayName", "value": "CPU %"}, {"id": "decimals", "value": 1}]},
                {"matcher": {"id": "byName", "options": "region"},
                 "properties": [{"id": "custom.hidden", "value": True}]}]},
        }],
    }


def test_pdf_and_csv_show_the_same_table(server):
    r = server.post("/api/dashboards/db", {"dashboard": table_dashboard(), "overwrite": True})
    assert r.status == 200, r
    q = quote(json.dumps([{"dashboard": {"uid": "tables"}}]), safe="")
    pdf = server.get(f"/api/reports/render/pdfs?dashboards={q}&layout=grid&orientation=landscape")
    assert pdf.status == 200, pdf
    text = pdftotext(pdf.body)
    # Display name, the hidden column gone, rows by CPU descending, the footer's sum, the note.
    assert "CPU %" in text and "region" not in text
    order = [text.index(h) for h in ("db-1", "web-1", "web-2", "db-2")]
    assert order == sorted(order), text
    assert "12.0" in text  # decimals 1: the PDF formats, the CSV below keeps the raw value
    assert f"{71.9 + 42.5 + 37.1 + 12:.1f}" in text
    assert "frame 1 of 2: A" in text
    assert "x-disk" not in text

    r = server.get(f"/api/reports/render/csvs?dashboards={q}")
    assert r.status == 200, r
    z = zipfile.ZipFile(io.BytesIO(r.body))
    [name] = z.namelist()
    rows = list(csv.reader(io.StringIO(z.read(name).decode())))
    assert rows == [["host", "CPU %"], ["db-1", "71.9"], ["web-1", "42.5"], ["web-2", "37.1"], ["db-2", "12"]]
