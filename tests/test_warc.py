"""archiver.fetch.warc and warc_read against real WARC files in tmp_path, checked by warcio's own command-line tools."""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys
import tempfile
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.http import Headers
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver import __version__
from archiver.errors import StorageError
from archiver.fetch.warc import CaptureRef, WarcWriter, payload_digest
from archiver.fetch.warc_read import (
    CaptureReader,
    iter_records,
    read_payload,
    read_record_info,
    trim_incomplete,
)

WARCIO = Path(sys.executable).with_name("warcio")
URL = "https://www.akorda.kz/ru/events/{}"
HTML_1251 = "<html><meta charset=windows-1251><h1>Указ Президента Республики Казахстан</h1></html>".encode("cp1251")
KAZAKH = "<p>Мемлекет басшысы Шымкенттің әкімімен кездесті. Қазақстан — өңір</p>".encode()
NAME = re.compile(r"^akorda-\d{8}T\d{6}Z-[0-9a-f]{8}-\d{5}\.warc\.gz$")


def warcio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(WARCIO), *args], capture_output=True, text=True, timeout=60)


def write_pages(writer: WarcWriter, bodies: list[bytes]) -> list[CaptureRef]:
    return [writer.write_response(URL.format(i), 200, {"Content-Type": "text/html"}, body)
            for i, body in enumerate(bodies)]


def raw_records(path: Path) -> list[tuple[str, dict[str, str]]]:
    """(type, WARC headers) of every record, read by warcio alone (no archiver code)."""
    with open(path, "rb") as stream:
        return [(record.rec_type, dict(record.rec_headers.headers)) for record in ArchiveIterator(stream)]


def test_payloads_round_trip_exactly(tmp_path: Path) -> None:
    bodies = {"cp1251": HTML_1251, "kazakh": KAZAKH, "empty": b"", "binary": bytes(range(256)) * 3}
    with WarcWriter(tmp_path) as writer:
        refs = {name: writer.write_response(URL.format(name), 200, [("Content-Type", "text/html")], body)
                for name, body in bodies.items()}
    for name, body in bodies.items():
        ref = refs[name]
        assert read_payload(tmp_path, ref.file, ref.offset) == body
        assert (ref.record_type, ref.target_uri, ref.digest) == ("response", URL.format(name), payload_digest(body))
    assert len(writer.files) == 1 and NAME.match(writer.files[0])
    assert all(ref.file == writer.files[0] for ref in refs.values())


@settings(max_examples=40, deadline=None)
@given(body=st.binary(max_size=3000), status=st.sampled_from([200, 301, 404, 500]))
def test_any_body_round_trips_with_its_digest(body: bytes, status: int) -> None:
    with tempfile.TemporaryDirectory() as directory, WarcWriter(directory) as writer:
        ref = writer.write_response(URL.format("x"), status, {}, body)
        assert read_payload(directory, ref.file, ref.offset) == body
        assert read_record_info(directory, ref.file, ref.offset)["status"] == status
        assert ref.digest == payload_digest(body)


def test_payload_digest_is_what_warcio_wrote(tmp_path: Path) -> None:
    bodies = [HTML_1251, KAZAKH, b"", b"x" * 100_000]
    with WarcWriter(tmp_path) as writer:
        refs = write_pages(writer, bodies)
    written = [headers["WARC-Payload-Digest"] for kind, headers in raw_records(tmp_path / refs[0].file)
               if kind == "response"]
    assert written == [payload_digest(body) for body in bodies] == [ref.digest for ref in refs]
    assert payload_digest(b"") == "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"  # sha1 of nothing, base32


def test_transfer_headers_are_renamed_and_length_fixed(tmp_path: Path) -> None:
    body = KAZAKH * 10  # what Scrapy hands over: decompressed, de-chunked
    headers = Headers({"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip",
                       "Transfer-Encoding": "chunked", "Content-Length": "123", "Set-Cookie": ["a=1", "b=2"]})
    with WarcWriter(tmp_path) as writer:
        ref = writer.write_response(URL.format(1), 200, headers, body)
    info = read_record_info(tmp_path, ref.file, ref.offset)
    found = {name.lower(): value for name, value in info["headers"]}
    assert "content-encoding" not in found and "transfer-encoding" not in found
    assert found["content-length"] == str(len(body))
    assert found["x-archive-orig-content-encoding"] == "gzip"
    assert found["x-archive-orig-transfer-encoding"] == "chunked"
    assert found["x-archive-orig-content-length"] == "123"
    assert [value for name, value in info["headers"] if name.lower() == "set-cookie"] == ["a=1", "b=2"]
    # warcio's own payload extraction (which would un-gzip a Content-Encoding) gives the body back unchanged
    extracted = subprocess.run([str(WARCIO), "extract", "--payload", str(tmp_path / ref.file), str(ref.offset)],
                               capture_output=True, timeout=60)
    assert extracted.returncode == 0 and extracted.stdout == body


def test_record_info_describes_the_response(tmp_path: Path) -> None:
    almaty = timezone(timedelta(hours=5))
    with WarcWriter(tmp_path) as writer:
        ref = writer.write_response(URL.format(1), 404, {"Server": "nginx"}, b"gone",
                                    fetched_at=datetime(2024, 7, 1, 17, 30, 5, 250, tzinfo=almaty))
        odd = writer.write_response(URL.format(2), 599, {}, b"", fetched_at=datetime(2024, 7, 1, 12, 0))
    info = read_record_info(tmp_path, ref.file, ref.offset)
    assert info["type"] == "response" and info["status"] == 404
    assert info["target_uri"] == URL.format(1) and info["digest"] == payload_digest(b"gone")
    assert info["date"] == ref.warc_date == "2024-07-01T12:30:05.000250Z"
    assert ("Server", "nginx") in info["headers"]
    assert read_record_info(tmp_path, odd.file, odd.offset)["status"] == 599
    assert odd.warc_date == "2024-07-01T12:00:00Z"  # naive means UTC


def test_many_records_in_one_file_each_read_back_at_its_offset(tmp_path: Path) -> None:
    bodies = [f"<p>Жаңалық {i}</p>".encode() * (i % 7 + 1) for i in range(60)]
    with WarcWriter(tmp_path) as writer:
        refs = write_pages(writer, bodies)
        # flushed on return: readable from another handle while the writer is still open
        assert read_payload(tmp_path, refs[-1].file, refs[-1].offset) == bodies[-1]
    assert len({ref.file for ref in refs}) == 1
    offsets = [ref.offset for ref in refs]
    assert offsets == sorted(set(offsets))
    assert all(a.offset + a.length == b.offset for a, b in zip(refs, refs[1:]))  # contiguous gzip members
    for ref, body in reversed(list(zip(refs, bodies))):
        assert read_payload(tmp_path, ref.file, ref.offset) == body
    listed = list(iter_records(tmp_path / refs[0].file))
    assert listed[0]["type"] == "warcinfo" and listed[0]["offset"] == 0
    assert [(r["offset"], r["length"], r["target_uri"]) for r in listed[1:]] == \
        [(ref.offset, ref.length, ref.target_uri) for ref in refs]
    assert listed[-1]["offset"] + listed[-1]["length"] == (tmp_path / refs[0].file).stat().st_size


def test_rotation_by_size_keeps_every_record_readable(tmp_path: Path) -> None:
    bodies = [bytes([i]) * 5000 + HTML_1251 * i for i in range(40)]
    with WarcWriter(tmp_path, max_bytes=4000) as writer:
        refs = write_pages(writer, bodies)
    files = sorted(path.name for path in tmp_path.iterdir())
    assert files == sorted(writer.files) and len(files) >= 4
    assert [int(name[-13:-8]) for name in writer.files] == list(range(1, len(files) + 1))
    for ref, body in zip(refs, bodies):
        assert read_payload(tmp_path, ref.file, ref.offset) == body
    for name in files:
        listed = list(iter_records(tmp_path / name))
        assert listed[0]["type"] == "warcinfo"
        assert all(record["type"] == "response" for record in listed[1:]) and len(listed) >= 2
        size = (tmp_path / name).stat().st_size
        assert size <= 4000 or len(listed) == 2  # only a record bigger than max_bytes overflows, alone


def test_warcinfo_names_the_software(tmp_path: Path) -> None:
    with WarcWriter(tmp_path, prefix="test") as writer:
        ref = writer.write_response(URL.format(1), 200, {}, b"x")
    kind, headers = raw_records(tmp_path / ref.file)[0]
    assert kind == "warcinfo" and headers["WARC-Filename"] == ref.file and ref.file.startswith("test-")
    with gzip.open(tmp_path / ref.file, "rb") as stream:
        first = stream.read(2000).decode()
    assert first.startswith("WARC/1.1\r\n")
    assert f"software: akorda-archiver/{__version__}" in first and "format: WARC File Format 1.1" in first


def test_revisit_records_carry_the_profile_and_no_payload(tmp_path: Path) -> None:
    with WarcWriter(tmp_path) as writer:
        original = writer.write_response(URL.format(1), 200, {"Content-Type": "text/html"}, HTML_1251)
        revisit = writer.write_revisit(URL.format(1), 200, {"Content-Type": "text/html", "Content-Encoding": "br"},
                                       original.digest, original.target_uri, original.warc_date,
                                       fetched_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
        by_datetime = writer.write_revisit(URL.format(1), 200, {}, original.digest, original.target_uri,
                                           datetime(2025, 5, 6, 7, 8, 9, tzinfo=timezone.utc))
    assert revisit.record_type == "revisit" and revisit.digest == original.digest
    assert revisit.warc_date == "2026-01-02T03:04:05Z"
    kind, headers = raw_records(tmp_path / revisit.file)[2]
    assert kind == "revisit"
    assert headers["WARC-Profile"] == "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
    assert headers["WARC-Refers-To-Target-URI"] == URL.format(1)
    assert headers["WARC-Refers-To-Date"] == original.warc_date
    assert headers["WARC-Payload-Digest"] == payload_digest(HTML_1251)
    info = read_record_info(tmp_path, revisit.file, revisit.offset)
    assert (info["type"], info["status"], info["refers_to_uri"]) == ("revisit", 200, URL.format(1))
    assert ("Content-Type", "text/html") in info["headers"]
    assert ("X-Archive-Orig-Content-Encoding", "br") in info["headers"]
    assert read_record_info(tmp_path, by_datetime.file, by_datetime.offset)["refers_to_date"] == "2025-05-06T07:08:09Z"
    listed = {r["offset"]: r for r in iter_records(tmp_path / revisit.file)}
    assert listed[revisit.offset]["payload_length"] == 0
    with pytest.raises(StorageError, match="revisit"):
        read_payload(tmp_path, revisit.file, revisit.offset)
    assert read_payload(tmp_path, original.file, original.offset) == HTML_1251


def test_every_file_passes_warcio_check_and_index(tmp_path: Path) -> None:
    with WarcWriter(tmp_path, max_bytes=1200) as writer:
        refs = write_pages(writer, [HTML_1251 * 20, b"", KAZAKH * 20, bytes(range(256)) * 10])
        first = refs[0]
        refs.append(writer.write_revisit(first.target_uri, 200, {}, first.digest, first.target_uri, first.warc_date))
    paths = [str(tmp_path / name) for name in writer.files]
    assert len(paths) >= 2
    check = warcio("check", "-v", *paths)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "fail" not in check.stdout.lower()
    assert check.stdout.count("digest pass") == len(paths) + 4  # every warcinfo and response verified
    assert check.stdout.count("digest present but not checked (revisit)") == 1
    listed = []
    for name in writer.files:
        index = warcio("index", "-f", "offset,length,warc-type,warc-target-uri,http:status", str(tmp_path / name))
        assert index.returncode == 0, index.stderr
        rows = [json.loads(line) for line in index.stdout.splitlines()]
        assert rows[0]["warc-type"] == "warcinfo"
        listed += [(name, int(row["offset"]), int(row["length"]), row["warc-type"], row["http:status"])
                   for row in rows[1:]]
    assert listed == [(ref.file, ref.offset, ref.length, ref.record_type, "200") for ref in refs]


def test_a_truncated_file_still_yields_its_complete_records(tmp_path: Path) -> None:
    bodies = [HTML_1251, KAZAKH, b"", HTML_1251 * 3]
    with WarcWriter(tmp_path) as writer:
        refs = write_pages(writer, bodies)
    path = tmp_path / refs[0].file
    data = path.read_bytes()
    last = refs[-1]
    for cut in range(last.offset + 1, len(data), 7):  # every few bytes of the last record
        path.write_bytes(data[:cut])
        listed = list(iter_records(path))
        assert [r["offset"] for r in listed[1:]] == [ref.offset for ref in refs[:-1]], cut
        for ref, body in zip(refs[:-1], bodies):
            assert read_payload(tmp_path, ref.file, ref.offset) == body
        with pytest.raises(StorageError):
            read_payload(tmp_path, last.file, last.offset)
    path.write_bytes(data[: last.offset + last.length // 2])
    assert trim_incomplete(path) == last.length // 2
    assert path.stat().st_size == last.offset
    assert gzip.decompress(path.read_bytes()).count(b"WARC-Type: response") == 3  # a valid gzip stream again
    assert trim_incomplete(path) == 0


def test_damage_before_the_end_is_an_error_not_a_silent_stop(tmp_path: Path) -> None:
    with WarcWriter(tmp_path) as writer:
        refs = write_pages(writer, [KAZAKH * 30, HTML_1251 * 30, KAZAKH])
    path = tmp_path / refs[0].file
    data = bytearray(path.read_bytes())
    data[refs[1].offset + refs[1].length // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError):
        list(iter_records(path))
    with pytest.raises(StorageError):
        trim_incomplete(path)
    assert path.read_bytes() == bytes(data)  # nothing cut
    with pytest.raises(StorageError):
        read_payload(tmp_path, refs[1].file, refs[1].offset)
    assert read_payload(tmp_path, refs[2].file, refs[2].offset) == KAZAKH
    with pytest.raises(StorageError):
        read_payload(tmp_path, refs[0].file, refs[0].offset + 1)  # not a record boundary
    with pytest.raises(StorageError):
        read_payload(tmp_path, "missing.warc.gz", 0)



def test_a_capture_reader_reads_across_files_as_read_payload_does(tmp_path: Path) -> None:
    """Re-extraction's reader keeps the current file open: every payload, in any order and across
    rotated files, is read_payload's; damage and missing files are the same StorageError, and the
    reader goes on with the next capture."""
    bodies = [bytes([i]) * 5000 + HTML_1251 * i for i in range(12)]
    with WarcWriter(tmp_path, max_bytes=4000) as writer:
        refs = write_pages(writer, bodies)
    assert len({ref.file for ref in refs}) >= 2
    order = list(zip(refs, bodies))
    order = order[::2] + order[1::2] + order[:3]  # back and forth between files
    with CaptureReader(tmp_path) as reader:
        for ref, body in order:
            assert reader.payload(ref.file, ref.offset, ref.length) == body
            assert reader.payload(ref.file, ref.offset) == body  # the length is only a shortcut
        with pytest.raises(StorageError, match="missing.warc.gz"):
            reader.payload("missing.warc.gz", 0)
        with pytest.raises(StorageError):
            reader.payload(refs[0].file, refs[0].offset + 1)  # not a record boundary
        assert reader.payload(refs[1].file, refs[1].offset) == bodies[1]
    assert reader._stream is None  # closed on leaving


def test_a_payload_that_does_not_match_its_digest_is_refused(tmp_path: Path) -> None:
    """Written by warcio itself with a wrong WARC-Payload-Digest: gzip is intact, the content is not."""
    path = tmp_path / "forged.warc.gz"
    with open(path, "wb") as stream:
        forger = WARCWriter(stream, gzip=True, warc_version="1.1")
        http = StatusAndHeaders("200 OK", [("Content-Length", "5")], protocol="HTTP/1.1")
        forger.write_record(forger.create_warc_record(
            URL.format(1), "response", payload=io.BytesIO(b"forge"), length=5, http_headers=http,
            warc_headers_dict={"WARC-Payload-Digest": payload_digest(b"other")}))
    assert warcio("check", str(path)).returncode == 1  # warcio agrees the record is bad
    with pytest.raises(StorageError, match="digest"):
        read_payload(tmp_path, path.name, 0)


def test_writers_in_the_same_second_never_share_a_file(tmp_path: Path) -> None:
    writers = [WarcWriter(tmp_path) for _ in range(20)]
    refs = [writer.write_response(URL.format(i), 200, {}, str(i).encode()) for i, writer in enumerate(writers)]
    for writer in writers:
        writer.close()
    names = [ref.file for ref in refs]
    assert len(set(names)) == 20 and all(NAME.match(name) for name in names)
    for i, ref in enumerate(refs):
        assert read_payload(tmp_path, ref.file, ref.offset) == str(i).encode()
        assert [r["type"] for r in iter_records(tmp_path / ref.file)] == ["warcinfo", "response"]


def test_files_are_created_lazily_and_never_reopened(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path / "warc")
    assert list((tmp_path / "warc").iterdir()) == []  # no empty warcinfo-only files
    first = writer.write_response(URL.format(1), 200, {}, b"one")
    writer.close()
    size = (tmp_path / "warc" / first.file).stat().st_size
    writer.close()  # idempotent
    second = writer.write_response(URL.format(2), 200, {}, b"two")
    writer.close()
    assert second.file != first.file and writer.files == [first.file, second.file]
    assert (tmp_path / "warc" / first.file).stat().st_size == size
    assert read_payload(tmp_path / "warc", second.file, second.offset) == b"two"


def test_a_failed_write_leaves_earlier_records_readable(tmp_path: Path) -> None:
    """A real 'disk full' (a file size limit): the writer says so, cuts its file back to the last whole
    record and writes nothing more (the crawl stops; the next run starts a new file)."""
    script = textwrap.dedent(f"""
        import json, resource, signal
        from archiver.errors import StorageError
        from archiver.fetch.warc import WarcWriter
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (6000, 6000))
        writer, written = WarcWriter({str(tmp_path)!r}), []
        try:
            for i in range(100):
                written.append(writer.write_response("https://x/%d" % i, 200, {{}}, bytes(range(256)) * 4).offset)
        except StorageError as exc:
            failed = str(exc)
        try:
            writer.write_response("https://x/after", 200, {{}}, b"after")
            after = "written"
        except StorageError as exc:
            after = str(exc)
        writer.close()
        print(json.dumps({{"written": written, "failed": failed, "files": writer.files, "after": after}}))
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert "cannot write WARC file" in result["failed"] and result["after"] == result["failed"]
    assert len(result["files"]) == 1 and result["written"]
    first = result["files"][0]
    assert [r["offset"] for r in iter_records(tmp_path / first)][1:] == result["written"]
    for offset in result["written"]:
        assert read_payload(tmp_path, first, offset) == bytes(range(256)) * 4
    assert trim_incomplete(tmp_path / first) == 0  # no torn tail left


def test_a_file_that_could_not_hold_one_record_is_removed(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import resource, signal
        from archiver.errors import StorageError
        from archiver.fetch.warc import WarcWriter
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))
        writer = WarcWriter({str(tmp_path)!r})
        try:
            writer.write_response("https://x/1", 200, {{}}, bytes(range(256)) * 40)
        except StorageError as exc:
            print(exc)
        print(writer.files)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert "cannot write WARC file" in run.stdout and run.stdout.strip().endswith("[]"), run
    assert list(tmp_path.glob("*.warc.gz")) == []
