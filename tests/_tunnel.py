"""The live site's network, played on this machine: a CONNECT proxy that opens tunnels only to
loopback servers (and refuses every other destination), TLS in front of the replica with a
self-signed certificate for the site's host names, and a server that breaks the TLS handshake.

    with TlsFront(replica.url) as tls, ConnectProxy({"www.akorda.kz": tls.port}) as proxy:
        # https_proxy=proxy.url archiver crawl --site https://www.akorda.kz ...

Every server listens on 127.0.0.1 on an ephemeral port and stops with its `with` block.
"""

from __future__ import annotations

import datetime
import ipaddress
import select
import socket
import ssl
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

SITE_HOSTS = ("www.akorda.kz", "akorda.kz", "mirror.akorda.kz", "node2.akorda.kz", "wap.akorda.kz")
# A fatal TLS alert record: handshake_failure (40), as a server with no cipher or version in common sends.
HANDSHAKE_FAILURE_ALERT = b"\x15\x03\x03\x00\x02\x02\x28"


def self_signed_context(hosts: tuple[str, ...] = SITE_HOSTS) -> ssl.SSLContext:
    """A server-side TLS context with a fresh self-signed certificate naming `hosts`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as tmp:
        cert_path, key_path = Path(tmp, "cert.pem"), Path(tmp, "key.pem")
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        context.load_cert_chain(cert_path, key_path)
    return context


def relay(a: socket.socket, b: socket.socket, idle: float = 30.0) -> None:
    """Copy bytes both ways until either side closes (or nothing moves for `idle` seconds)."""
    pair = {a: b, b: a}
    while True:
        ready = [s for s in pair if isinstance(s, ssl.SSLSocket) and s.pending()]
        ready = ready or select.select(list(pair), [], [], idle)[0]
        if not ready:
            return
        for source in ready:
            try:
                data = source.recv(65536)
                if not data:
                    return
                pair[source].sendall(data)
            except (OSError, ssl.SSLError):
                return


class _Listener:
    """A loopback server: one thread accepts, one thread per connection runs `handle`."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._socket.close()
        with self._lock:
            for conn in list(self._open):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                conn.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(30)
            self._track(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _track(self, conn: socket.socket) -> None:
        with self._lock:
            self._open.add(conn)

    def _serve(self, conn: socket.socket) -> None:
        try:
            self.handle(conn)
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()

    def handle(self, conn: socket.socket) -> None:
        raise NotImplementedError


def loopback_connection(port: int) -> socket.socket:
    conn = socket.create_connection(("127.0.0.1", port), timeout=30)
    assert ipaddress.ip_address(conn.getpeername()[0]).is_loopback
    return conn


class TlsFront(_Listener):
    """TLS (self-signed, for the site's host names) in front of a plain HTTP server on loopback."""

    def __init__(self, upstream_url: str, context: ssl.SSLContext | None = None) -> None:
        super().__init__()
        self.upstream = urlsplit(upstream_url).port
        self.context = context or self_signed_context()
        self.handshakes = 0

    def handle(self, conn: socket.socket) -> None:
        secure = self.context.wrap_socket(conn, server_side=True)
        self.handshakes += 1
        with loopback_connection(self.upstream) as upstream:
            self._track(upstream)
            relay(secure, upstream)


class BrokenHandshake(_Listener):
    """Reads the client's hello and answers a fatal handshake_failure alert: no TLS session, ever."""

    def __init__(self) -> None:
        super().__init__()
        self.hellos = 0

    def handle(self, conn: socket.socket) -> None:
        if conn.recv(16384):
            self.hellos += 1
            conn.sendall(HANDSHAKE_FAILURE_ALERT)


class ConnectProxy(_Listener):
    """An HTTP proxy that knows only CONNECT to the names in `routes` (port 443), each tunnelled to a
    loopback port. Any other destination, and any request that is not CONNECT, is refused with 403
    and recorded in `refused`; `tunnels` lists the destinations opened."""

    def __init__(self, routes: dict[str, int]) -> None:
        super().__init__()
        self.routes = dict(routes)
        self.tunnels: list[str] = []
        self.refused: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def handle(self, conn: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(4096)
            if not chunk:
                return
            head += chunk
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        method, target, _ = (line.split(" ") + ["", ""])[:3]
        host, _, port = target.rpartition(":")
        if method != "CONNECT" or port != "443" or host not in self.routes:
            self.refused.append(line)
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        self.tunnels.append(target)
        with loopback_connection(self.routes[host]) as upstream:
            self._track(upstream)
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            relay(conn, upstream)
