"""Raw captures: HTTP responses kept in gzip WARC files (warcio) and read back by (file, offset).

A pure library (no Scrapy, no SQLite): `WarcWriter` returns a `CaptureRef` per record, `archiver.storage`
indexes it, `read_payload` gives the bytes back. WARC 1.1, one gzip member per record, a warcinfo record first
in every file. Each record is compressed in memory, then written and flushed at once: a killed crawl leaves at
most one half-written record at the end of a file, which readers stop before and `trim_incomplete` removes.

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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParserException
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
FIELDS = {  # read_record_info key -> WARC header
    "record_id": "WARC-Record-ID", "target_uri": "WARC-Target-URI", "date": "WARC-Date",
    "digest": "WARC-Payload-Digest", "refers_to_uri": "WARC-Refers-To-Target-URI",
    "refers_to_date": "WARC-Refers-To-Date",
}
CHUNK = 1 << 16  # bytes read at a time when splitting a file into gzip members
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


def _members(stream: BinaryIO) -> Iterator[tuple[int, int, bytes]]:
    """(offset, compressed length, decompressed bytes) of each gzip member from the stream's position on.
    Stops quietly at an unfinished member at the end (the record a kill interrupted); zlib.error on damage."""
    offset, data = stream.tell(), b""
    while data or (data := stream.read(CHUNK)):
        member, parts, length = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16), [], 0
        while not member.eof:
            if not data and not (data := stream.read(CHUNK)):
                return
            parts.append(member.decompress(data))
            length += len(data) - len(member.unused_data)
            data = member.unused_data
        yield offset, length, b"".join(parts)
        offset += length


def _parse(raw: bytes, where: str) -> tuple[dict[str, Any], bytes]:
    """One uncompressed WARC record: its description and its payload, exactly as stored (no decoding)."""
    try:
        record = next(iter(ArchiveIterator(io.BytesIO(raw), check_digests=True)))
        payload = record.raw_stream.read()
    except (StopIteration, ArchiveLoadFailed, StatusAndHeadersParserException, EOFError) as exc:
        raise StorageError(f"{where}: not a WARC record ({exc})") from exc
    expected = record.payload_length if record.http_headers else record.length
    if expected is None or len(payload) != expected or record.digest_checker.passed is False:
        raise StorageError(f"{where}: WARC record does not match its length or digest")
    http = record.http_headers
    info = {"type": record.rec_type, **{key: record.rec_headers.get_header(name) for key, name in FIELDS.items()},
            "status": int(http.get_statuscode()) if http and http.get_statuscode().isdigit() else None,
            "headers": list(http.headers) if http else []}
    return info, payload


def _member(directory: str | Path, file: str, offset: int, length: int | None = None) -> bytes:
    """The decompressed gzip member at `offset` of `file` (read in one piece when `length` is known)."""
    where = f"{Path(directory) / file} at offset {offset}"
    try:
        with open(Path(directory) / file, "rb") as stream:
            return _member_of(stream, where, offset, length)
    except OSError as exc:
        raise StorageError(f"cannot read {where}: {exc}") from exc


def _member_of(stream: BinaryIO, where: str, offset: int, length: int | None) -> bytes:
    try:
        stream.seek(offset)
        if length:
            whole = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
            raw = whole.decompress(stream.read(length))
            if whole.eof and not whole.unused_data:
                return raw
            stream.seek(offset)
        member = next(_members(stream), None)
    except (OSError, zlib.error) as exc:
        raise StorageError(f"cannot read {where}: {exc}") from exc
    if member is None:
        raise StorageError(f"{where}: no complete WARC record")
    return member[2]


def _read_record(directory: str | Path, file: str, offset: int) -> tuple[dict[str, Any], bytes]:
    return _parse(_member(directory, file, offset), f"{Path(directory) / file} at offset {offset}")


def read_payload(directory: str | Path, file: str, offset: int, length: int | None = None) -> bytes:
    """The HTTP body of the response record at `offset` of `file`, exactly as written (digest verified).

    Records this writer wrote are read directly (one gzip member, header blocks split, length and
    payload digest checked): a third of warcio's cost. Anything else goes through warcio. `length`,
    the member's size as indexed, lets the member be read in one piece."""
    return _response_payload(_member(directory, file, offset, length), Path(directory) / file, offset)


def _response_payload(raw: bytes, path: Path, offset: int) -> bytes:
    payload = _quick_payload(raw)
    if payload is not None:
        return payload
    info, payload = _parse(raw, f"{path} at offset {offset}")
    if info["type"] != "response":
        raise StorageError(f"{path.name} at offset {offset} is a {info['type']} record, not a response")
    return payload


class CaptureReader:
    """`read_payload` for many captures in a row, keeping the file being read open between them
    (re-extraction reads the captures in WARC order: one open per file, not one per page)."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._file: str | None = None
        self._stream: BinaryIO | None = None

    def payload(self, file: str, offset: int, length: int | None = None) -> bytes:
        path = self.directory / file
        if file != self._file or self._stream is None:
            self.close()
            try:
                self._stream = open(path, "rb")
            except OSError as exc:
                raise StorageError(f"cannot read {path} at offset {offset}: {exc}") from exc
            self._file = file
        return _response_payload(_member_of(self._stream, f"{path} at offset {offset}", offset, length),
                                 path, offset)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        self._stream = self._file = None

    def __enter__(self) -> CaptureReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _quick_payload(raw: bytes) -> bytes | None:
    """The payload of a plain response record whose lengths and digest check out, else None (the
    caller then asks warcio, which explains what is wrong)."""
    head_end = raw.find(b"\r\n\r\n")
    if head_end < 0 or not raw.startswith(b"WARC/"):
        return None
    fields = {}
    for line in raw[:head_end].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        fields[name.strip().lower()] = value.strip()
    block = raw[head_end + 4:]
    try:
        length = int(fields.get(b"content-length", b""))
    except ValueError:
        return None
    http_end = block.find(b"\r\n\r\n")
    if fields.get(b"warc-type") != b"response" or len(block) != length + 4 or http_end < 0 \
            or not block.endswith(b"\r\n\r\n"):
        return None
    payload = block[http_end + 4:length]
    digest = fields.get(b"warc-payload-digest", b"").decode("ascii", "replace")
    return payload if digest and digest == payload_digest(payload) else None


def read_record_info(directory: str | Path, file: str, offset: int) -> dict[str, Any]:
    """type, record_id, target_uri, date, digest, refers_to_uri/date, status (int) and headers (pairs)."""
    return _read_record(directory, file, offset)[0]


def iter_records(path: str | Path, strict: bool = False) -> Iterator[dict[str, Any]]:
    """Every record of a WARC file, warcinfo first, as `read_record_info` dicts plus offset, length and
    payload_length. A half-written record at the end (a killed writer) quietly ends the listing, or, when
    `strict`, raises StorageError naming it once the whole records are listed; damage anywhere else
    raises StorageError rather than hiding the records after it."""
    with open(path, "rb") as stream:
        end = 0
        try:
            for offset, length, raw in _members(stream):
                info, payload = _parse(raw, f"{path} at offset {offset}")
                end = offset + length
                yield {**info, "offset": offset, "length": length, "payload_length": len(payload)}
        except zlib.error as exc:
            raise StorageError(f"{path}: damaged gzip data ({exc})") from exc
        size = os.fstat(stream.fileno()).st_size
        if strict and end < size:
            raise StorageError(f"{path}: a torn tail: {size - end} bytes of an unfinished record "
                               f"after the last whole one (at offset {end})")


def trim_incomplete(path: str | Path) -> int:
    """Cut off the half-written record a killed crawl left at the end of a closed WARC file (warcio ignores it,
    gzip does not); returns the number of bytes removed. Raises StorageError if the damage is elsewhere."""
    end = 0
    for info in iter_records(path):
        end = info["offset"] + info["length"]
    size = os.path.getsize(path)
    if end < size:
        os.truncate(path, end)
    return size - end
