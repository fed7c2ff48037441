"""Which process answered: /api/health and /metrics name this instance and its database
engine, so a load balancer or a Prometheus in front of several instances can tell them apart."""
import os
import re
import socket

from reportd_server import E2E_DATABASE


def test_health_names_the_configured_instance_and_database(make_server):
    srv = make_server({"server.instance_id": "reportd-eu-1"})
    r = srv.get("/api/health", token=None)
    assert r.status == 200
    body = r.json()
    assert body["database"] == "ok"
    assert body["instance"] == "reportd-eu-1"
    assert body["databaseType"] == E2E_DATABASE
    assert body["version"]


def test_instance_defaults_to_host_and_process_when_the_port_is_picked_at_start(make_server):
    a = make_server(name="a")
    b = make_server(name="b")
    ia = a.get("/api/health", token=None).json()["instance"]
    ib = b.get("/api/health", token=None).json()["instance"]
    assert ia == f"{socket.gethostname()}/pid{a.proc.pid}"
    assert ia != ib


def test_instance_from_the_environment(make_server):
    srv = make_server(env={"REPORTD_SERVER_INSTANCE_ID": "from-env"})
    assert srv.get("/api/health", token=None).json()["instance"] == "from-env"


def test_metrics_carry_an_instance_info_sample(make_server):
    srv = make_server({"server.instance_id": 'odd "name"'})
    text = srv.get("/metrics", token=None).body.decode()
    assert "# TYPE reportd_instance_info gauge" in text
    m = re.search(r'^reportd_instance_info\{instance_id="odd \\"name\\"",version="[^"]+",database="' + E2E_DATABASE + r'"\} 1$',
                  text, re.M)
    assert m, text[:600]
