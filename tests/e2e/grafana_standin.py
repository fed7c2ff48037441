"""A stand-in for Grafana's HTTP API, for the [grafana] tests: Grafana itself cannot be installed
on these machines (no Debian package), so this small http.server on a loopback port answers the
three endpoints reportd calls, in Grafana's own shapes:

- GET  /api/dashboards/uid/:uid  -> {"dashboard": {...}, "meta": {...}}, 404 {"message": ...}
- GET  /api/search?type=dash-db&query&limit&page -> Grafana's hit list (folders and dashboards)
- POST /api/ds/query             -> {"results": {refId: {"status", "frames": [...]} | {"status", "error"}}}
- GET  /api/datasources/uid/:uid/resources/api/v1/{label/<n>/values,labels,series,query}
                                 -> the Prometheus datasource's resource API, which Grafana's
                                    backend forwards to that Prometheus (what the frontend asks
                                    for a variable's label_values(...) and the like)

Prometheus-type queries are answered by asking the REAL Prometheus the tests start
(prometheus_helpers.py) and returning its series as Grafana's data frames (the wire format
pinned by tests/fixtures/grafana/*.json: schema.fields with labels and config.displayNameFromDS,
columnar data.values, NaN/Inf as null plus data.entities). It checks the Bearer token and records
every request's Authorization header. `redirect(uid, url)` answers that dashboard with a 302 to
`url`; `stall()` holds /api/ds/query answers until `release()` (a Grafana that hangs)."""
import json
import math
import re
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def legend(expr, labels, legend_format):
    """Grafana's series name: legendFormat with {{label}} filled in, else metric{k="v", ...}."""
    if legend_format and legend_format != "__auto":
        return re.sub(r"\{\{\s*(.+?)\s*\}\}", lambda m: labels.get(m.group(1), ""), legend_format)
    name = labels.get("__name__", "")
    rest = ", ".join(f'{k}="{v}"' for k, v in sorted(labels.items()) if k != "__name__")
    if not rest:
        return name or expr
    return f"{name}{{{rest}}}"


def series_frame(ref_id, expr, legend_format, labels, samples, step_ms, result_type):
    """One Prometheus series as Grafana's frame: a Time field and a number field."""
    times, values, nans, infs, neg_infs = [], [], [], [], []
    for i, (t, v) in enumerate(samples):
        times.append(int(round(float(t) * 1000)))
        x = float(v)
        if math.isnan(x):
            values.append(None)
            nans.append(i)
        elif math.isinf(x):
            values.append(None)
            (infs if x > 0 else neg_infs).append(i)
        else:
            values.append(x)
    entities = {k: rows for k, rows in (("NaN", nans), ("Inf", infs), ("NegInf", neg_infs)) if rows}
    data = {"values": [times, values]}
    if entities:
        data["entities"] = [None, entities]
    meta = {"type": "timeseries-multi" if result_type == "matrix" else "numeric-multi", "typeVersion": [0, 1],
            "custom": {"resultType": result_type}, "executedQueryString": f"Expr: {expr}"}
    return {
        "schema": {
            "refId": ref_id,
            "meta": meta,
            "fields": [
                {"name": "Time", "type": "time", "typeInfo": {"frame": "time.Time"}, "config": {"interval": step_ms}},
                {"name": labels.get("__name__", "Value"), "type": "number", "typeInfo": {"frame": "float64"},
                 "labels": dict(labels),
                 "config": {"displayNameFromDS": legend(expr, labels, legend_format)}},
            ],
        },
        "data": data,
    }


class GrafanaStandIn:
    def __init__(self, prometheus_url, token, prometheus_uid="gf-prom"):
        self.prometheus_url = prometheus_url
        self.token = token
        self.prometheus_uid = prometheus_uid
        self.dashboards = {}
        self.redirects = {}
        self.seen = []  # (method, path, Authorization header or None)
        self.org_ids = []  # (path, X-Grafana-Org-Id header or None): which Grafana org was read
        self.queries = []  # every /api/ds/query body as sent
        self.resource_calls = []  # every datasource resource GET (path and query) as sent
        self._lock = threading.Lock()
        self._stalled = threading.Event()
        self._released = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = None

    @property
    def port(self):
        return self.server.server_address[1]

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.release()
        self.server.shutdown()
        self.server.server_close()

    def add_dashboard(self, dash):
        self.dashboards[dash["uid"]] = dash

    def redirect(self, uid, location):
        self.redirects[uid] = location

    def stall(self):
        self._released.clear()
        self._stalled.set()

    def release(self):
        self._stalled.clear()
        self._released.set()

    # --- GET /api/search, as Grafana's search answers it ---
    FOLDER = {"uid": "ops-folder", "title": "Operations"}

    def _search(self, params):
        """Grafana's hit list: folders (dash-folder) and dashboards (dash-db), by title; `type`,
        `query` (case-insensitive substring of the title), `limit` and `page` as Grafana reads them.
        Dashboards whose JSON has "folder": true sit in the Operations folder."""
        def slug(title):
            return "-".join("".join(c.lower() if c.isalnum() else " " for c in title).split())
        hits = [{"id": 1, "uid": self.FOLDER["uid"], "title": self.FOLDER["title"], "uri": "db/operations",
                 "url": "/dashboards/f/ops-folder/operations", "slug": "", "type": "dash-folder", "tags": [],
                 "isStarred": False, "sortMeta": 0}]
        for i, d in enumerate(self.dashboards.values(), start=2):
            hit = {"id": i, "uid": d["uid"], "title": d.get("title", ""), "uri": f"db/{slug(d.get('title', ''))}",
                   "url": f"/d/{d['uid']}/{slug(d.get('title', ''))}", "slug": "", "type": "dash-db",
                   "tags": d.get("tags", []), "isStarred": False, "sortMeta": 0}
            if d.get("folder"):
                hit.update({"folderId": 1, "folderUid": self.FOLDER["uid"], "folderTitle": self.FOLDER["title"],
                            "folderUrl": "/dashboards/f/ops-folder/operations"})
            hits.append(hit)
        kind = params.get("type", [""])[0]
        if kind:
            hits = [h for h in hits if h["type"] == kind]
        query = params.get("query", [""])[0].lower()
        hits = [h for h in hits if query in h["title"].lower()]
        hits.sort(key=lambda h: h["title"].lower())
        limit = int(params.get("limit", ["1000"])[0])
        page = int(params.get("page", ["1"])[0])
        return hits[(page - 1) * limit: page * limit]

    # --- Prometheus behind it ---
    def _prometheus(self, path, params):
        url = f"{self.prometheus_url}{path}?{urllib.parse.urlencode(params)}"
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:  # 400/422: Prometheus' own error JSON
            return json.loads(e.read())

    def _answer_query(self, q, from_ms, to_ms):
        ref_id = q.get("refId", "A")
        ds = q.get("datasource") or {}
        if ds.get("type") != "prometheus" or ds.get("uid") != self.prometheus_uid:
            return {"status": 404, "error": f"data source with uid {ds.get('uid')!r} not found"}
        expr = q.get("expr", "")
        step_ms = max(int(q.get("intervalMs", 1000)), 1000)
        if q.get("instant"):
            got = self._prometheus("/api/v1/query", {"query": expr, "time": to_ms / 1000})
        else:
            got = self._prometheus("/api/v1/query_range", {"query": expr, "start": from_ms / 1000,
                                                           "end": to_ms / 1000, "step": step_ms / 1000})
        if got.get("status") != "success":
            return {"status": 400, "error": f"{got.get('errorType')}: {got.get('error')}",
                    "errorSource": "downstream"}
        data = got["data"]
        frames = []
        for s in data["result"]:
            samples = s.get("values") or ([s["value"]] if "value" in s else [])
            frames.append(series_frame(ref_id, expr, q.get("legendFormat", ""), s.get("metric", {}), samples,
                                       step_ms, data["resultType"]))
        return {"status": 200, "frames": frames}

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, headers=()):
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(raw)

            def _authorized(self):
                auth = self.headers.get("Authorization")
                with standin._lock:
                    standin.seen.append((self.command, self.path, auth))
                    standin.org_ids.append((self.path, self.headers.get("X-Grafana-Org-Id")))
                if auth != f"Bearer {standin.token}":
                    self._send(401, {"message": "invalid API key"})
                    return False
                return True

            def do_GET(self):
                if not self._authorized():
                    return
                url = urllib.parse.urlsplit(self.path)
                if url.path.startswith("/api/dashboards/uid/"):
                    uid = urllib.parse.unquote(url.path[len("/api/dashboards/uid/"):])
                    if uid in standin.redirects:
                        return self._send(302, {}, [("Location", standin.redirects[uid])])
                    dash = standin.dashboards.get(uid)
                    if dash is None:
                        return self._send(404, {"message": "Dashboard not found"})
                    return self._send(200, {"dashboard": dash, "meta": {"slug": uid, "url": f"/d/{uid}"}})
                resources = f"/api/datasources/uid/{standin.prometheus_uid}/resources"
                if url.path.startswith(resources + "/api/v1/"):
                    with standin._lock:
                        standin.resource_calls.append(self.path)
                    params = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
                    return self._send(200, standin._prometheus(url.path[len(resources):], params))
                if url.path.startswith("/api/datasources/uid/"):
                    return self._send(404, {"message": "Data source not found"})
                if url.path == "/api/search":
                    return self._send(200, standin._search(urllib.parse.parse_qs(url.query)))
                self._send(404, {"message": "Not found"})

            def do_POST(self):
                if not self._authorized():
                    return
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
                if self.path != "/api/ds/query":
                    return self._send(404, {"message": "Not found"})
                with standin._lock:
                    standin.queries.append(body)
                if standin._stalled.is_set():
                    standin._released.wait(60)
                from_ms, to_ms = int(body["from"]), int(body["to"])
                results = {q.get("refId", "A"): standin._answer_query(q, from_ms, to_ms) for q in body["queries"]}
                self._send(200, {"results": results})

        return Handler


class Recorder:
    """A second loopback listener that records what reaches it (the target of a redirect)."""

    def __init__(self):
        self.seen = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                recorder.seen.append((self.path, dict(self.headers)))
                raw = json.dumps({"dashboard": {"uid": "moved", "title": "Elsewhere", "panels": []}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
