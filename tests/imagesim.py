"""An image server on 127.0.0.1 that shows whether downloads overlap, for the --download-media tests."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class Overlapping:
    """An image server that holds each request until another one is in flight (or 2 s pass),
    and records the most requests it ever had at once."""

    def __init__(self):
        self.in_flight = self.peak = 0
        self.paths: list[str] = []
        self.changed = threading.Condition()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                with owner.changed:
                    owner.paths.append(self.path)
                    owner.in_flight += 1
                    owner.peak = max(owner.peak, owner.in_flight)
                    owner.changed.notify_all()
                    owner.changed.wait_for(lambda: owner.in_flight > 1, timeout=2)
                status, body = (404, b"gone") if "gone" in self.path else (200, PNG)
                self.send_response(status)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                with owner.changed:
                    owner.in_flight -= 1

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def overlapping():
    server = Overlapping()
    yield server
    server.close()
