"""Raw captures: HTTP responses kept in gzip WARC files (warcio) and read back by (file, offset).

A pure library (no Scrapy, no SQLite): `WarcWriter` returns a `CaptureRef` per record, `archiver.storage`
indexes it, `read_payload` (archiver.fetch.warc_read) gives the bytes back. WARC 1.1, one gzip member per record, a warcinfo record first
in every file. Each record is compressed in memory, then written and flushed at once: a killed crawl leaves at
most one half-written record at the end of a file, which readers stop before and `trim_incomplete` removes
(archiver.fetch.warc_read).

Bodies are stored as the spider received them, already decoded by Scrapy (no gzip, no chunking). So that each
record is self-consistent (digests, `warcio check`, replay), the headers describing the transfer rather than
the content (Content-Encoding, Transfer-Encoding, Content-Length) are kept renamed `X-Archive-Orig-*` (the
replay tools' convention) and a Content-Length of the stored body is added.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import os
import secrets
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from typing import Any, BinaryIO

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from archiver import __version__
from archiver.errors import StorageError

WARC_VERSION = "1.1"
SUFFIX = ".warc.gz"
DIGEST_ALGORITHM = "sha1"  # what warcio writes; `payload_digest` must match it
TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
ORIGINAL_HEADER_PREFIX = "X-Archive-Orig-"
WARCINFO = {
    "software": f"akorda-archiver/{__version__} (warcio/{version('warcio')})",
    "format": "WARC File Format 1.1",
    "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
    "description": "Official news of the President of Kazakhstan (akorda.kz): article responses as crawled."
    " Bodies are stored decoded; original transfer headers are kept as X-Archive-Orig-*.",
}
REASONS = {status.value: status.phrase for status in HTTPStatus}
try:  # ISA-L's deflate: gzip members any reader reads, in a fifth of zlib's time (WarcWriter._serialize)
    from isal import isal_zlib as _deflate

    GZIP_LEVEL = 2  # ISA-L's default (its levels are 0-3)
except ImportError:  # no ISA-L build for this platform: the standard library's zlib
    _deflate = zlib
    GZIP_LEVEL = 3

Headers = Mapping[Any, Any] | Iterable[tuple[Any, Any]]  # a dict, pairs, or Scrapy's Headers


@dataclass(frozen=True)
class CaptureRef:
    """Where one record lives: `file` is relative to the WARC directory; `length` is the gzip member size."""

    file: str
    offset: int
    length: int
    digest: str
    record_type: str  # "response" or "revisit"
    warc_date: str
    target_uri: str


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest warcio writes for this body ("sha1:" + base32), to decide revisit vs response."""
    return f"{DIGEST_ALGORITHM}:" + base64.b32encode(hashlib.new(DIGEST_ALGORITHM, body).digest()).decode("ascii")


def warc_date(moment: datetime | None = None) -> str:
    """A WARC-Date (UTC, microseconds) for `moment` (naive means UTC), or for now."""
    moment = moment or datetime.now(timezone.utc)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return datetime_to_iso_date(moment, use_micros=True)


def _text(value: Any) -> str:
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return text.replace("\r", " ").replace("\n", " ")  # a header value never spans lines


def _header_pairs(headers: Headers) -> list[tuple[str, str]]:
    """(name, value) pairs from a dict, a list of pairs, or Scrapy's Headers (bytes keys, lists of bytes)."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    return [(_text(name), _text(one)) for name, value in items
            for one in (value if isinstance(value, (list, tuple)) else [value])]


def _http_headers(status: int, headers: Headers, body_length: int | None) -> StatusAndHeaders:
    pairs = _header_pairs(headers)
    kept = [(name, value) for name, value in pairs if name.lower() not in TRANSFER_HEADERS]
    kept += [("Content-Length", str(body_length))] if body_length is not None else []
    renamed = [(ORIGINAL_HEADER_PREFIX + name, value) for name, value in pairs if name.lower() in TRANSFER_HEADERS]
    return StatusAndHeaders(f"{status} {REASONS.get(status, '')}".strip(), kept + renamed, protocol="HTTP/1.1")


class WarcWriter:
    """Writes response and revisit records into `directory`, rotating files at `max_bytes`.

    Files are named `{prefix}-{UTC start}-{random}-{serial}.warc.gz` and created exclusively (never two
    writers in one file, never an append to an old file). A file is opened at the first write; a record
    bigger than `max_bytes` gets a file of its own. `files` lists the names written, oldest first.
    """

    def __init__(self, directory: str | Path, max_bytes: int = 100 * 1024 * 1024, prefix: str = "akorda") -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_bytes, self.prefix = max_bytes, prefix
        self.files: list[str] = []
        self._started = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self._token = secrets.token_hex(4)
        self._buffer = io.BytesIO()
        self._warcio = WARCWriter(self._buffer, gzip=False, warc_version=WARC_VERSION)
        self._file: BinaryIO | None = None
        self._size = self._records = 0
        self._broken: str | None = None  # why writing stopped: nothing is written after a failure

    def write_response(self, url: str, status: int, headers: Headers, body: bytes,
                       fetched_at: datetime | None = None, digest: str | None = None) -> CaptureRef:
        """A response record: status line, headers (transfer headers renamed, see module doc) and `body`.
        `digest`: the body's `payload_digest` when the caller has it already (warcio then does not
        hash the body again)."""
        record = self._warcio.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=_http_headers(status, headers, len(body)),
            warc_headers_dict={"WARC-Date": warc_date(fetched_at),
                               **({"WARC-Payload-Digest": digest} if digest else {})})
        return self._append(record)

    def write_revisit(self, url: str, status: int, headers: Headers, digest: str, refers_to_uri: str,
                      refers_to_date: str | datetime, fetched_at: datetime | None = None) -> CaptureRef:
        """A revisit record (identical-payload-digest profile): this fetch's status and headers, no payload."""
        if isinstance(refers_to_date, datetime):
            refers_to_date = warc_date(refers_to_date)
        record = self._warcio.create_revisit_record(
            url, digest, refers_to_uri, refers_to_date, http_headers=_http_headers(status, headers, None),
            warc_headers_dict={"WARC-Date": warc_date(fetched_at)})
        return self._append(record)

    def close(self) -> None:
        """Flush, fsync and close the current file. Writing afterwards starts a new file."""
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            self._file = None

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _append(self, record: ArcWarcRecord) -> CaptureRef:
        if self._broken:
            raise StorageError(self._broken)
        data = self._serialize(record)
        if self._file is None or (self._records and self._size + len(data) > self.max_bytes):
            self._open_next()
        offset = self._write(data)
        self._records += 1
        headers = record.rec_headers
        return CaptureRef(file=self.files[-1], offset=offset, length=len(data),
                          digest=headers.get_header("WARC-Payload-Digest"), record_type=record.rec_type,
                          warc_date=headers.get_header("WARC-Date"),
                          target_uri=headers.get_header("WARC-Target-URI"))

    def _serialize(self, record: ArcWarcRecord) -> bytes:
        """The record as one gzip member. warcio compresses at level 9 with zlib. Measured on 60
        replica article pages (56 KB each): zlib level 3 took 266 µs a page to 22.4% of the size,
        level 1 222 µs to 23.8%; ISA-L (isal) level 2 56 µs to 23.2%. With zlib, compression was a
        third of the archive writer's CPU in a crawl."""
        self._warcio.write_record(record)
        data = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        member = _deflate.compressobj(GZIP_LEVEL, _deflate.DEFLATED, _deflate.MAX_WBITS | 16)
        return member.compress(data) + member.flush()

    def _write(self, data: bytes) -> int:
        assert self._file is not None
        offset = self._size
        try:
            self._file.write(data)
            self._file.flush()  # in the OS's hands: survives a kill of this process
        except OSError as exc:  # disk full: cut the torn tail, never write after it
            self._broken = f"cannot write WARC file {self.files[-1]}: {exc}"
            self.discard_broken()
            raise StorageError(self._broken) from exc
        self._size += len(data)
        return offset

    def discard_broken(self) -> None:
        """After a failed write (or when the crawl stops on one): cut the current file back to its last
        whole record, remove it if it holds none, and refuse every later write."""
        self._broken = self._broken or "the writer was stopped after a failed write"
        if self._file is None:
            return
        name, keep = self.files[-1], self._size if self._records else 0
        with contextlib.suppress(OSError):
            self._file.close()
        self._file = None
        with contextlib.suppress(OSError):
            if keep:
                os.truncate(self.directory / name, keep)
            else:
                os.unlink(self.directory / name)
                self.files.pop()

    def _open_next(self) -> None:
        self.close()
        while self._file is None:
            name = f"{self.prefix}-{self._started}-{self._token}-{len(self.files) + 1:05d}{SUFFIX}"
            try:
                self._file = open(self.directory / name, "xb")
            except FileExistsError:
                self._token = secrets.token_hex(4)
        self.files.append(name)
        self._size = self._records = 0
        self._write(self._serialize(self._warcio.create_warcinfo_record(name, WARCINFO)))
