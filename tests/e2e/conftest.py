import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportd_server import ReportdServer  # noqa: E402

# The fixture dashboards live in the repository (tests/fixtures/dashboards, see SOURCES.md).
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dashboards"


@pytest.fixture
def server(tmp_path):
    s = ReportdServer(tmp_path / "data").start()
    yield s
    if s.alive():
        s.stop()


@pytest.fixture
def make_server(tmp_path):
    """Factory for servers with custom settings; all stopped at the end."""
    started = []

    def make(settings=None, name="data", env=None):
        s = ReportdServer(tmp_path / name, settings=settings, env=env).start()
        started.append(s)
        return s

    yield make
    for s in started:
        if s.alive():
            s.stop()


def simple_dashboard(uid="cpu", title="CPU overview", panels=None):
    return {
        "uid": uid,
        "title": title,
        "schemaVersion": 39,
        "time": {"from": "now-6h", "to": "now"},
        "panels": panels if panels is not None else [
            {"id": 1, "type": "timeseries", "title": "CPU usage",
             "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
             "targets": [{"refId": "A", "scenarioId": "random_walk"}]},
        ],
    }


def fixture_dashboard(name):
    return json.loads((FIXTURES / name).read_text())
