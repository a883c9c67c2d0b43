"""A scripted HTTP server on an ephemeral localhost port, for crawl tests.

Each path gets a script of replies, served in order; the last one repeats. Every request is recorded as a
`Hit` with its arrival time and the time its reply was fully written, so tests can assert on the pacing of a
real crawl. Unscripted paths answer 404.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: str = "<html><body><p>ok</p></body></html>"
    delay: float = 0.0  # seconds to wait before answering


@dataclass(frozen=True)
class Hit:
    path: str
    status: int
    arrived: float  # time.monotonic() when the request line was read
    arrived_wall: float  # time.time() at the same moment
    answered: float  # time.monotonic() once the reply was written


ReplySource = Reply | Callable[[], Reply]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = False  # server_close() waits for replies still being written: every Hit is recorded

    def handle_error(self, request: object, client_address: object) -> None:
        return  # a client hanging up mid-reply is part of the scripts (timeouts)


class ScriptedServer:
    """`with ScriptedServer("127.0.0.2") as server: server.script("/a", Reply(429, ...), Reply())`."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._scripts: dict[str, list[ReplySource]] = {}
        self._served: dict[str, int] = {}
        self._hits: list[Hit] = []
        self._lock = threading.Lock()
        self._httpd = _QuietServer((host, 0), self._handler_class())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def script(self, path: str, *replies: ReplySource) -> None:
        with self._lock:
            self._scripts[path] = list(replies)
            self._served[path] = 0

    def hits(self, path: str | None = None) -> list[Hit]:
        """The requests received (for `path`, or all), in order of arrival."""
        with self._lock:
            hits = [hit for hit in self._hits if path is None or hit.path == path]
        return sorted(hits, key=lambda hit: hit.arrived)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next_reply(self, path: str) -> Reply:
        with self._lock:
            replies = self._scripts.get(path)
            if not replies:
                return Reply(404, body="not found")
            index = min(self._served[path], len(replies) - 1)
            self._served[path] += 1
            source = replies[index]
        return source() if callable(source) else source

    def _record(self, hit: Hit) -> None:
        with self._lock:
            self._hits.append(hit)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                arrived, arrived_wall = time.monotonic(), time.time()
                reply = server._next_reply(self.path)
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body.encode("utf-8")
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                    self.wfile.flush()
                finally:  # recorded even when the client gave up (a download timeout)
                    server._record(Hit(self.path, reply.status, arrived, arrived_wall, time.monotonic()))

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

        return Handler
