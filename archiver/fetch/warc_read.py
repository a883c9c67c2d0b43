"""Raw captures read back: a record by (file, offset), every record of a file, a torn tail trimmed.

The other half of archiver.fetch.warc (which writes them): a pure library, no Scrapy, no SQLite. Files are
read as gzip members, one record each; an unfinished member at the end of a file (a killed crawl's last
record) is stopped before, and damage anywhere else is an error that names the file and the offset.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from archiver.errors import StorageError
from archiver.fetch.warc import payload_digest

FIELDS = {  # read_record_info key -> WARC header
    "record_id": "WARC-Record-ID", "target_uri": "WARC-Target-URI", "date": "WARC-Date",
    "digest": "WARC-Payload-Digest", "refers_to_uri": "WARC-Refers-To-Target-URI",
    "refers_to_date": "WARC-Refers-To-Date",
}
CHUNK = 1 << 16  # bytes read at a time when splitting a file into gzip members


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
