"""A real HTTP server on a loopback port serving logos (and redirects) for the logo tests,
counting the requests each path gets; and PNG bytes built with zlib."""
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width, height, shade=0):
    """A valid 8-bit grey PNG of width x height, compressed row by row (a 23000 x 23000 one
    is about half a megabyte on the wire and 2 GiB as RGBA pixels)."""
    comp = zlib.compressobj(9)
    row = b"\x00" + bytes([shade]) * width
    parts = [comp.compress(row) for _ in range(height)]
    idat = b"".join(parts) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


class LogoServer:
    """routes: path -> (status, headers dict, body bytes)."""

    def __init__(self):
        self.routes = {}
        self.hits = {}
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with outer._lock:
                    outer.hits[self.path] = outer.hits.get(self.path, 0) + 1
                    status, headers, body = outer.routes.get(self.path, (404, {}, b"not found"))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path, host="127.0.0.1"):
        return f"http://{host}:{self.port}{path}"

    def serve(self, path, body, status=200, headers=None):
        with self._lock:
            self.routes[path] = (status, {"Content-Type": "image/png", **(headers or {})}, body)

    def redirect(self, path, location, status=302):
        with self._lock:
            self.routes[path] = (status, {"Location": location}, b"")

    def count(self, path):
        with self._lock:
            return self.hits.get(path, 0)

    def total(self):
        with self._lock:
            return sum(self.hits.values())

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
