"""A tiny HTTP server on 127.0.0.1 that answers like a cloud REST API from JSON fixtures.

Also serves the recorded price-API responses of tests/fixtures/pricing-api (test_live_prices).

Azure and GCP have no emulator we can run here, so their sweeps are tested through the SDKs'
real HTTP pipelines against this server: routes map (method, path regex) to a handler that
returns (status, JSON body, headers) from recorded-shape fixtures under
tests/fixtures/sweep/, and mutate a small state (a deleted resource group disappears from the
next listing). Every request is recorded for assertions.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator, Optional
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sweep"

Reply = tuple[int, Any, dict[str, str]]
Handler = Callable[["Request"], Reply]


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class Request:
    def __init__(self, method: str, path: str, query: dict[str, list[str]], body: bytes, match: "re.Match[str]", headers: Optional[dict[str, str]] = None):
        self.method, self.path, self.query, self.body, self.match = method, path, query, body, match
        self.headers = headers or {}

    def q(self, key: str) -> Optional[str]:
        values = self.query.get(key)
        return values[0] if values else None


class ReplayServer:
    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []
        self.httpd: Optional[ThreadingHTTPServer] = None

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self.routes.append((method, re.compile(pattern + r"$"), handler))

    @property
    def url(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> "ReplayServer":
        server = self

        class _H(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                query = parse_qs(parts.query)
                server.requests.append((self.command, parts.path, query))
                for method, pattern, handler in server.routes:
                    m = pattern.match(parts.path)
                    if method == self.command and m:
                        status, payload, headers = handler(Request(self.command, parts.path, query, body, m, dict(self.headers.items())))
                        break
                else:
                    status, payload, headers = 404, {"error": {"code": "NotFound", "message": f"no route {self.command} {parts.path}"}}, {}
                # bytes are sent as they are (an HTML error page, a truncated body), with the
                # handler's Content-Type header; anything else is JSON
                data = payload if isinstance(payload, bytes) else b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                if "Content-Type" not in headers:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _serve

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: Any) -> None:
        assert self.httpd is not None
        self.httpd.shutdown()
        self.httpd.server_close()

    def count(self, method: str, path_regex: str) -> int:
        rx = re.compile(path_regex)
        return sum(1 for m, p, _ in self.requests if m == method and rx.search(p))


def serve() -> Iterator[ReplayServer]:
    with ReplayServer() as server:
        yield server
