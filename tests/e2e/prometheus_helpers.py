"""A real Prometheus scraping a real node_exporter (Debian packages prometheus and
prometheus-node-exporter), both on free loopback ports, scrape interval 1 s, the exporter as
two instances (127.0.0.1:<port> and localhost:<port>); ready once
Prometheus reports `up == 1` for the exporter and has node metrics stored. Stopped afterwards."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest


def mem_total_text():
    """MemTotal from /proc/meminfo as Grafana's `bytes` unit shows it with 1 decimal (IEC)."""
    kib = int(re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M).group(1))
    value = kib * 1024
    for unit in ["B", "KiB", "MiB", "GiB", "TiB"]:
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} PiB"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


class PrometheusStack:
    """`secured`: Prometheus serves HTTPS with a self-signed certificate (self.ca_pem) and wants
    basic auth (self.user / self.password), through its own --web.config.file."""

    def __init__(self, folder, secured=False):
        self.folder = folder
        self.exporter_port = free_port()
        self.port = free_port()
        self.exporter = None
        self.prometheus = None
        self.secured = secured
        self.user = "reader"
        self.password = "s3cret-Pr0m"
        self.ca_pem = ""

    @property
    def url(self):
        return f"{'https' if self.secured else 'http'}://127.0.0.1:{self.port}"

    def write_web_config(self):
        import warnings
        with warnings.catch_warnings():  # deprecated in 3.11, still glibc's bcrypt ($2b$), as Prometheus wants
            warnings.simplefilter("ignore", DeprecationWarning)
            import crypt
        cert, key = self.folder / "cert.pem", self.folder / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
        self.ca_pem = cert.read_text()
        hashed = crypt.crypt(self.password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1 << 10))
        web = self.folder / "web.yml"
        web.write_text(f"tls_server_config:\n  cert_file: {cert}\n  key_file: {key}\n"
                       f"basic_auth_users:\n  {self.user}: '{hashed}'\n")
        return web

    @property
    def instance(self):
        return f"127.0.0.1:{self.exporter_port}"

    @property
    def second_instance(self):
        """The same exporter scraped under a second name, so a dashboard has two instances."""
        return f"localhost:{self.exporter_port}"

    def start(self, timeout=60):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.exporter = subprocess.Popen(
            ["prometheus-node-exporter", f"--web.listen-address=127.0.0.1:{self.exporter_port}"],
            stdout=subprocess.DEVNULL, stderr=open(self.folder / "exporter.log", "wb"))
        wait_listening(self.exporter_port, self.exporter)
        config = self.folder / "prometheus.yml"
        config.write_text(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            "scrape_configs:\n  - job_name: node\n    static_configs:\n"
            f"      - targets: ['{self.instance}', '{self.second_instance}']\n")
        self.start_prometheus()
        self.wait_ready(timeout)
        return self

    def start_prometheus(self):
        args = ["prometheus", f"--config.file={self.folder / 'prometheus.yml'}",
                f"--storage.tsdb.path={self.folder / 'data'}", f"--web.listen-address=127.0.0.1:{self.port}"]
        if self.secured:
            args.append(f"--web.config.file={self.write_web_config()}")
        self.prometheus = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                                           stderr=open(self.folder / "prometheus.log", "ab"))
        wait_listening(self.port, self.prometheus)

    def query(self, expr):
        url = f"{self.url}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        request = urllib.request.Request(url)
        context = None
        if self.secured:
            import base64
            import ssl
            context = ssl.create_default_context(cadata=self.ca_pem)
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=5, context=context) as r:
            return json.loads(r.read())["data"]["result"]

    def wait_ready(self, timeout=60):
        """Until the exporter is up and a few samples of its memory metric are stored."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                up = self.query('up{job="node"} == 1')
                samples = self.query("count_over_time(node_memory_MemTotal_bytes[1m])")
                if len(up) == 2 and samples and all(float(x["value"][1]) >= 3 for x in samples):
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError("Prometheus has no node_exporter data after %d s; see %s" % (timeout, self.folder))

    def stop_prometheus(self):
        if self.prometheus and self.prometheus.poll() is None:
            self.prometheus.send_signal(signal.SIGTERM)
            self.prometheus.wait(timeout=30)

    def stop(self):
        self.stop_prometheus()
        if self.exporter and self.exporter.poll() is None:
            self.exporter.send_signal(signal.SIGTERM)
            self.exporter.wait(timeout=30)


@pytest.fixture
def prometheus_stack(tmp_path):
    if not (shutil.which("prometheus") and shutil.which("prometheus-node-exporter")):
        pytest.fail("the Debian packages prometheus and prometheus-node-exporter are needed "
                    "(scripts/install-deps.sh installs them)")
    stack = PrometheusStack(tmp_path / "prometheus").start()
    yield stack
    stack.stop()


@pytest.fixture
def secured_prometheus(tmp_path):
    """Prometheus over HTTPS (self-signed) with basic auth."""
    stack = PrometheusStack(tmp_path / "prometheus-tls", secured=True).start()
    yield stack
    stack.stop()
