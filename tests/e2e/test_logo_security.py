"""The report logo cannot be used to reach inside the network (issue 10, item 6) and cannot
blow up memory (item 7). The logo server is a real HTTP server on a loopback port; no test
sends anything to a non-loopback address (10.0.0.1 is refused before a socket is opened)."""
import subprocess
import tempfile
import time
from urllib.parse import quote as urlquote

import pytest

from conftest import simple_dashboard
from logo_server import LogoServer, png
from pdf_tools import pdftotext

QUERY = urlquote('[{"dashboard":{"uid":"cpu"},"timeRange":{"from":"2026-11-20T00:00:00Z","to":"2026-11-27T00:00:00Z"}}]')


@pytest.fixture
def logos():
    s = LogoServer()
    yield s
    s.stop()


def images_in(pdf_bytes):
    """(width, height) of every image in the PDF, from poppler's pdfimages -list."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf_bytes)
        f.flush()
        out = subprocess.run(["pdfimages", "-list", f.name], capture_output=True, text=True, check=True).stdout
    sizes = []
    for line in out.splitlines()[2:]:
        cols = line.split()
        sizes.append((int(cols[3]), int(cols[4])))
    return sizes


def render_pdf(server):
    r = server.get("/api/reports/render/pdfs?title=Logo%20check&dashboards=" + QUERY)
    assert r.status == 200, r
    return r.body


def with_logo(server, url):
    assert server.post("/api/dashboards/db", {"dashboard": simple_dashboard(), "overwrite": True}).status == 200
    r = server.post("/api/reports/settings", {"branding": {"reportLogoUrl": url}})
    assert r.status == 200, r


def wait_for_log(server, text, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        log = server.stdout() + server.stderr()
        if text in log:
            return log
        time.sleep(0.05)
    raise AssertionError(f"no log line with {text!r}:\n{server.stdout()[-3000:]}")


def test_an_allowed_loopback_logo_is_drawn_and_cached(make_server, logos):
    logos.serve("/logo.png", png(97, 31, shade=40), headers={"Cache-Control": "max-age=600"})
    server = make_server({"security.allowed_logo_hosts": "127.0.0.1"})
    with_logo(server, logos.url("/logo.png"))
    first = render_pdf(server)
    assert (97, 31) in images_in(first)
    second = render_pdf(server)
    assert (97, 31) in images_in(second)
    assert logos.count("/logo.png") == 1  # the second render used the cached logo
    assert "Logo check" in pdftotext(second)


def test_a_loopback_logo_is_refused_and_logged_without_allowed_hosts(server, logos):
    logos.serve("/logo.png", png(97, 31))
    with_logo(server, logos.url("/logo.png"))
    pdf = render_pdf(server)  # the report goes out without the logo
    assert "Logo check" in pdftotext(pdf)
    assert images_in(pdf) == []
    assert logos.total() == 0
    wait_for_log(server, f"report logo {logos.url('/logo.png')} left out: refused to connect: "
                         "127.0.0.1 is a loopback address")


def test_reportd_own_metrics_are_not_fetched_as_a_logo(server):
    with_logo(server, f"http://127.0.0.1:{server.port}/metrics")
    render_pdf(server)
    wait_for_log(server, f"http://127.0.0.1:{server.port}/metrics left out: refused to connect: "
                         "127.0.0.1 is a loopback address")


def test_a_private_address_is_refused_before_connecting(server):
    # 10.0.0.1 is classified when curl asks to open the socket: no packet leaves the host.
    with_logo(server, "http://10.0.0.1/logo.png")
    started = time.monotonic()
    render_pdf(server)
    assert time.monotonic() - started < 5  # no connect timeout waited for
    wait_for_log(server, "http://10.0.0.1/logo.png left out: refused to connect: 10.0.0.1 is a private address")


def test_credentials_in_the_logo_url_stay_out_of_the_log(server, logos):
    with_logo(server, f"http://ops:s3cr3t@127.0.0.1:{logos.port}/logo.png")
    render_pdf(server)
    log = wait_for_log(server, f"http://127.0.0.1:{logos.port}/logo.png left out")
    assert "s3cr3t" not in log


def test_a_redirect_to_a_host_not_allowed_is_refused(make_server, logos):
    logos.serve("/logo.png", png(97, 31))
    logos.redirect("/moved", logos.url("/logo.png", host="localhost"))
    server = make_server({"security.allowed_logo_hosts": "127.0.0.1"})
    with_logo(server, logos.url("/moved"))
    pdf = render_pdf(server)
    assert images_in(pdf) == []
    assert logos.count("/moved") == 1 and logos.count("/logo.png") == 0
    wait_for_log(server, f"after a redirect to {logos.url('/logo.png', host='localhost')}: refused to connect")


def test_a_decompression_bomb_is_refused_from_its_header(make_server, logos):
    bomb = png(23000, 23000)
    assert len(bomb) < 2 * 1024 * 1024  # small on the wire: only its header tells
    logos.serve("/bomb.png", bomb)
    server = make_server({"security.allowed_logo_hosts": "127.0.0.1"})
    with_logo(server, logos.url("/bomb.png"))
    pdf = render_pdf(server)
    assert "Logo check" in pdftotext(pdf)
    assert images_in(pdf) == []
    wait_for_log(server, "left out: the logo is 23000 x 23000 pixels; the limit is 4096 x 4096")
    status = open(f"/proc/{server.proc.pid}/status").read()
    peak_kb = int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])
    assert peak_kb < 600 * 1024, f"peak resident memory {peak_kb} kB"  # decoding would take 2 GiB


def test_the_dimension_limit_is_configurable(make_server, logos):
    logos.serve("/logo.png", png(97, 31))
    server = make_server({"security.allowed_logo_hosts": "127.0.0.1", "security.max_logo_dimension": "64"})
    with_logo(server, logos.url("/logo.png"))
    assert images_in(render_pdf(server)) == []
    wait_for_log(server, "the logo is 97 x 31 pixels; the limit is 64 x 64")
