"""The replica over HTTP: a threaded stdlib server on localhost, with deterministic fault injection.

Faults: the decision for a request is a pure function of (seed, path+query, how many times this server
was asked that path+query before), so two servers with the same seed fail the same way and a retry of a
failed request may succeed. Kinds: "500"; "timeout" (hold the connection silently for
site.timeout_hold seconds, then close it); "reset" (close with a TCP RST); "truncate" (a 200 whose HTML
is cut in half, Content-Length matching what is sent); "429" (with Retry-After: site.retry_after).
robots.txt is never faulted. Paths in site.broken always answer 500; a path in site.cut answers its
first site.cut[path] requests with half the page (as "truncate").

A server that refuses this machine (the firewall in front of the site, which reportedly answers 403 to
cloud machines): with `server.refuse` set to a status (403, or 429 with Retry-After: site.retry_after)
every request gets it, robots.txt included; with `server.refuse_paths` too, only those paths (path or
path+query).
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from typing import NamedTuple

from archiver.errors import UsageError

from archiver.replica.content import ReplicaSite
from archiver.replica.generate import mix
from archiver.replica.routes import Response, normalize_path, respond

FAULT_KINDS = ("500", "timeout", "reset", "truncate", "429")


def parse_faults(spec: str) -> dict[str, float]:
    """"500=0.1,timeout=0.05" -> {"500": 0.1, "timeout": 0.05}; UsageError on anything else."""
    faults: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        kind, sep, value = part.partition("=")
        kind = kind.strip()
        if not sep or kind not in FAULT_KINDS:
            raise UsageError(f"bad fault {part!r}: expected KIND=RATE, KIND one of {', '.join(FAULT_KINDS)}")
        try:
            rate = float(value)
        except ValueError:
            raise UsageError(f"bad fault rate {value.strip()!r} for {kind}: expected 0 to 1") from None
        if not 0.0 <= rate <= 1.0:
            raise UsageError(f"fault rate for {kind} must be between 0 and 1, got {rate}")
        faults[kind] = rate
    if sum(faults.values()) > 1.0:
        raise UsageError(f"fault rates add up to {sum(faults.values()):.3g}, more than 1")
    return faults


def choose_fault(seed: int, faults: dict[str, float], key: str, count: int) -> str | None:
    """The fault for the `count`-th (from 0) request of `key` (path+query), or None."""
    if not faults:
        return None
    roll = mix(seed, "fault", key, count) / 2**64
    for kind in FAULT_KINDS:
        roll -= faults.get(kind, 0.0)
        if roll < 0:
            return kind
    return None


class Request(NamedTuple):
    method: str
    path: str  # path and query as requested
    status: int  # the status sent; 0 when nothing was (timeout, reset)
    time: float  # time.monotonic() when the request arrived


class RequestLog:
    """A thread-safe list of Request records."""

    def __init__(self) -> None:
        self._items: list[Request] = []
        self._lock = threading.Lock()

    def append(self, item: Request) -> None:
        with self._lock:
            self._items.append(item)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def snapshot(self) -> list[Request]:
        with self._lock:
            return list(self._items)

    def paths(self) -> list[str]:
        return [r.path for r in self.snapshot()]

    def __iter__(self) -> Iterator[Request]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __getitem__(self, index: int) -> Request:
        with self._lock:
            return self._items[index]


def refusal(status: int, retry_after: int) -> Response:
    """What a firewall in front of the site answers a machine it refuses."""
    headers = [("Retry-After", str(retry_after))] if status == 429 else []
    phrase = HTTPStatus(status).phrase
    return Response(status, body=f"<html><body><h1>{status} {phrase}</h1></body></html>".encode(),
                    headers=headers)


def truncated(response: Response) -> Response:
    """The first half of a page, cut on a character boundary: no closing tags, no footer."""
    body = response.body
    cut = len(body) // 2
    while cut and (body[cut] & 0xC0) == 0x80 and "utf-8" in response.content_type:
        cut -= 1
    return Response(200, response.content_type, body[:cut], response.headers)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: every response has a Content-Length
    disable_nagle_algorithm = True
    timeout = 120  # an idle keep-alive connection is closed after this
    server_version = "nginx"
    sys_version = ""
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.replica._track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.replica._track(self.connection, False)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return

    def _serve(self, head: bool) -> None:
        replica = self.server.replica
        replica._arrive(self.headers.get("User-Agent", ""), +1)
        try:
            self._answer(head)
        finally:
            replica._arrive(None, -1)

    def _answer(self, head: bool) -> None:
        replica, arrived = self.server.replica, time.monotonic()
        site = replica.site
        path, _ = normalize_path(self.path)
        asked = replica._ask(self.path)  # requests for this path and query so far, this one included
        fault = None if path == "/robots.txt" else choose_fault(site.seed, site.faults, self.path, asked - 1)
        if replica.refuses(path, self.path):
            response, fault = refusal(replica.refuse, site.retry_after), None
        elif path in site.broken or self.path in site.broken:
            response = Response(500, body=b"<html><body><h1>500 Internal Server Error</h1></body></html>")
        elif fault in ("timeout", "reset"):
            replica.requests.append(Request(self.command, self.path, 0, arrived))
            replica.injected.append((self.path, fault))
            self.close_connection = True
            if fault == "timeout":
                replica._stopping.wait(site.timeout_hold)
            else:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            return
        elif fault == "500":
            response = Response(500, body=b"<html><body><h1>500 Internal Server Error</h1></body></html>")
        elif fault == "429":
            response = Response(429, body=b"<html><body><h1>429 Too Many Requests</h1></body></html>",
                                headers=[("Retry-After", str(site.retry_after))])
        else:
            response = respond(site, self.path)
            if response.is_page and not response.headers and \
                    (fault == "truncate" or asked <= site.cut.get(path, 0)):
                response = truncated(response)
        if fault:
            replica.injected.append((self.path, fault))
        replica.requests.append(Request(self.command, self.path, response.status, arrived))
        try:
            self._send(response, head)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _send(self, response: Response, head: bool) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        length = response.length if response.stream is not None else len(response.body)
        self.send_header("Content-Length", str(length))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if head:
            return
        if response.stream is None:
            self.wfile.write(response.body)
        else:
            for chunk in response.stream:
                self.wfile.write(chunk)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    replica: ReplicaServer

    def server_bind(self) -> None:  # HTTPServer's version does a slow reverse DNS lookup (getfqdn)
        TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request: object, client_address: object) -> None:
        return  # clients hanging up mid-response are normal here


class ReplicaServer:
    """A running replica: `.url`, `.site` (mutable), `.requests`, `.injected`, `.stop()`; `.refuse`
    and `.refuse_paths` (mutable), `.agents` (the User-Agent values received), `.peak_in_flight`
    (the most requests it was answering at once)."""

    def __init__(self, site: ReplicaSite, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site = site
        self.refuse: int | None = None
        self.refuse_paths: frozenset[str] = frozenset()  # empty: every path
        self.agents: set[str] = set()
        self.in_flight = self.peak_in_flight = 0
        self.requests = RequestLog()
        self.injected: list[tuple[str, str]] = []  # (path+query, fault kind), in order
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._httpd = _Server((host, port), _Handler)
        self._httpd.replica = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="replica-server", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        host = "127.0.0.1" if host in ("0.0.0.0", "") else host
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def refuses(self, path: str, target: str) -> bool:
        """Whether `path` (and query: `target`) is answered `self.refuse`."""
        paths = self.refuse_paths
        return self.refuse is not None and (not paths or path in paths or target in paths)

    def _arrive(self, agent: str | None, step: int) -> None:
        with self._lock:
            if agent is not None:
                self.agents.add(agent)
            self.in_flight += step
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)

    def _ask(self, key: str) -> int:
        """Count a request for `key` (path and query): how many there have been, this one included."""
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]

    def _track(self, conn: socket.socket, alive: bool) -> None:
        with self._lock:
            (self._connections.add if alive else self._connections.discard)(conn)

    def stop(self) -> None:
        """Stop serving: release held connections, close open ones, free the port."""
        self._stopping.set()
        self._httpd.shutdown()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ReplicaServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(site: ReplicaSite, host: str = "127.0.0.1", port: int = 0) -> ReplicaServer:
    """Start serving `site` in a background daemon thread; port 0 picks a free port."""
    return ReplicaServer(site, host, port)


def run_forever(site: ReplicaSite, host: str = "127.0.0.1", port: int = 0,
                on_ready: Callable[[ReplicaServer], None] | None = None) -> None:
    """Serve until interrupted (Ctrl-C); `on_ready(server)` is called once it listens (print its URL)."""
    server = serve(site, host, port)
    try:
        if on_ready:
            on_ready(server)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
