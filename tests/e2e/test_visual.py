"""Visual regression suite: every fixture dashboard, rendered at a fixed time range with TestData's
seeded series, page by page against the reference PNGs in tests/fixtures/visual/.

A page that differs beyond the perceptual tolerance (visual.py) fails the test and leaves, in
build/visual-diff/, the new page and a diff image (reference faded, changed pixels red, the new
page beside it). When a change is meant to alter the pictures, run scripts/update-visual-refs.sh,
LOOK at the new references, and commit them with the change.

TestData series are seeded by dashboard, panel, query and time range, so a fixed range gives the
same data on every machine; fonts come from the packages scripts/install-deps.sh installs.
"""
import json
import os
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image, ImageDraw

import visual
from conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
REFERENCES = ROOT / "tests" / "fixtures" / "visual"
DIFFS = ROOT / "build" / "visual-diff"
UPDATE = os.environ.get("REPORTD_UPDATE_VISUAL") == "1"
RANGE = {"from": "2026-01-15T06:00:00Z", "to": "2026-01-15T12:00:00Z"}
NAMES = sorted(p.stem for p in FIXTURES.glob("*.json"))
LAYOUTS = [("grid", "landscape"), ("simple", "portrait")]
DARK = ["panel-stat-tests", "timeseries"]  # the dark theme (pdfTheme) on two of them


def start_with_fixtures(tmp_path_factory, names, theme="light"):
    from reportd_server import ReportdServer
    server = ReportdServer(tmp_path_factory.mktemp("visual") / "data").start()
    for name in names:
        dash = json.loads((FIXTURES / f"{name}.json").read_text())
        dash.pop("id", None)
        r = server.post("/api/dashboards/db", {"dashboard": dash, "overwrite": True})
        assert r.status == 200, (name, r)
    if theme != "light":
        settings = server.get("/api/reports/settings").json()
        settings["pdfTheme"] = theme
        assert server.post("/api/reports/settings", settings).status == 200
    return server


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    server = start_with_fixtures(tmp_path_factory, NAMES)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def loaded_dark(tmp_path_factory):
    server = start_with_fixtures(tmp_path_factory, DARK, theme="dark")
    yield server
    server.stop()


def render(server, name, layout, orientation):
    dash = json.loads((FIXTURES / f"{name}.json").read_text())
    q = quote(json.dumps([{"dashboard": {"uid": dash["uid"]}, "timeRange": RANGE}]), safe="")
    r = server.get(f"/api/reports/render/pdfs?dashboards={q}&layout={layout}&orientation={orientation}")
    assert r.status == 200, r
    return visual.render_pages(r.body)


def references(case):
    return sorted(REFERENCES.glob(f"{case}.p*.png"), key=lambda p: int(p.stem.rsplit(".p", 1)[1]))


def write_references(case, pages):
    REFERENCES.mkdir(parents=True, exist_ok=True)
    for old in references(case):
        old.unlink()
    for i, page in enumerate(pages, 1):
        page.save(REFERENCES / f"{case}.p{i}.png", optimize=True)


def test_every_fixture_has_references():
    """A new fixture without references would be compared against nothing."""
    if UPDATE:
        pytest.skip("writing references")
    cases = [f"{n}.{l}-{o}" for n in NAMES for l, o in LAYOUTS] + [f"{n}.dark.grid-landscape" for n in DARK]
    missing = [c for c in cases if not references(c)]
    assert not missing, f"no reference images for {missing}: run scripts/update-visual-refs.sh and look at them"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("layout,orientation", LAYOUTS)
def test_page_matches_reference(loaded, name, layout, orientation):
    check_case(f"{name}.{layout}-{orientation}", render(loaded, name, layout, orientation))


@pytest.mark.parametrize("name", DARK)
def test_dark_page_matches_reference(loaded_dark, name):
    check_case(f"{name}.dark.grid-landscape", render(loaded_dark, name, "grid", "landscape"))


def check_case(case, pages):
    assert pages, "the PDF has no pages"
    if UPDATE:
        write_references(case, pages)
        return
    refs = references(case)
    assert refs, f"no reference for {case}: run scripts/update-visual-refs.sh and look at the images"
    assert len(pages) == len(refs), f"{case}: {len(pages)} pages, the reference has {len(refs)}"
    failures = []
    for i, (page, ref_path) in enumerate(zip(pages, refs), 1):
        ref = Image.open(ref_path).convert("RGB")
        if page.size != ref.size:
            failures.append(f"page {i}: size {page.size}, reference {ref.size}")
            continue
        s, share, changed = visual.compare(page, ref)
        if s < visual.MIN_SSIM or share > visual.MAX_COLOUR_SHARE:
            DIFFS.mkdir(parents=True, exist_ok=True)
            page.save(DIFFS / f"{case}.p{i}.new.png")
            visual.diff_image(page, ref, changed).save(DIFFS / f"{case}.p{i}.diff.png")
            failures.append(f"page {i}: SSIM {s:.4f} (min {visual.MIN_SSIM}), colour changed on "
                            f"{share:.2%} of the page (max {visual.MAX_COLOUR_SHARE:.1%}); "
                            f"see {DIFFS / f'{case}.p{i}.diff.png'}")
    assert not failures, f"{case} differs from its reference:\n" + "\n".join(failures)


# The tolerance must not swallow what a user would notice: the comparison itself is checked on a
# real reference page.

def a_reference():
    refs = sorted(REFERENCES.glob("*.png"))
    if not refs:
        pytest.skip("no references yet")
    return Image.open(refs[0]).convert("RGB")


def test_identical_pages_pass():
    page = a_reference()
    s, share, _ = visual.compare(page, page.copy())
    assert s > 0.9999 and share == 0


def test_a_recoloured_panel_area_fails():
    """A 24x24 px block of a different colour (a stat turned from green to red) is caught."""
    page = a_reference()
    changed = page.copy()
    ImageDraw.Draw(changed).rectangle([100, 100, 124, 124], fill=(242, 73, 92))
    s, share, _ = visual.compare(changed, page)
    assert s < visual.MIN_SSIM or share > visual.MAX_COLOUR_SHARE, (s, share)


def test_content_moved_by_three_pixels_fails():
    """Everything shifted by 3 px (a layout change) is caught."""
    page = a_reference()
    moved = Image.new("RGB", page.size, (255, 255, 255))
    moved.paste(page.crop((0, 0, page.width - 3, page.height)), (3, 0))
    s, share, _ = visual.compare(moved, page)
    assert s < visual.MIN_SSIM or share > visual.MAX_COLOUR_SHARE, (s, share)


def test_a_missing_line_of_text_fails():
    """A panel's value text gone (painted over with the panel's white) is caught."""
    page = a_reference()
    px = page.load()
    # find the darkest row band (text) in the middle of the page and blank 8 rows of it
    w, h = page.size
    rows = [sum(sum(px[x, y]) < 300 for x in range(w)) for y in range(h // 4, 3 * h // 4)]
    y = h // 4 + max(range(len(rows)), key=rows.__getitem__)
    blanked = page.copy()
    ImageDraw.Draw(blanked).rectangle([0, y - 4, w, y + 4], fill=(255, 255, 255))
    s, share, _ = visual.compare(blanked, page)
    assert s < visual.MIN_SSIM or share > visual.MAX_COLOUR_SHARE, (s, share)
