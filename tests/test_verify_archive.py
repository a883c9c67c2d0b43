"""archiver.fetch.verify and `archiver verify ARCHIVE`: an archive's WARC files read strictly.

The check the end-to-end tests use on WARC files, and the operator's: a torn tail in any file (not only
the last one an interrupted run left), damage, an empty file, a capture indexed where no whole record is.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from _archiver import rows, run_archiver, start_crawl, tear

from archiver.errors import LockedError, StorageError
from archiver.fetch.lock import CrawlLock
from archiver.fetch.session import ArchiveSession, RunOptions
from archiver.fetch.verify import verify_archive
from archiver.fetch.warc_read import iter_records
from archiver.replica import ReplicaSite, serve

PAGE = b"<html><body>" + "Мемлекет басшысы. ".encode() * 400 + b"</body></html>"


def torn_line(path: Path, end: int, size: int) -> str:
    return (f"{path}: a torn tail: {size} bytes of an unfinished record after the last whole one "
            f"(at offset {end})")


@pytest.fixture(scope="module")
def torn_mid_crawl(tmp_path_factory) -> dict:
    """A crawl whose WARC files rotate every ~60 KB; once its first file is closed (the second
    exists) and while it still runs, the test tears that first file's tail."""
    db = tmp_path_factory.mktemp("torn") / "a.db"
    warc = db.parent / "warc"
    with serve(ReplicaSite(seed=5, articles=30)) as server:
        proc = start_crawl(server, db, "--lang", "en,ru", "--set", "ARCHIVE_WARC_MAX_BYTES=60000")
        deadline = time.monotonic() + 60
        while len(list(warc.glob("*.warc.gz"))) < 2 and proc.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.01)
        running = proc.poll() is None
        first = sorted(warc.glob("*.warc.gz"))[0]
        end, size = tear(first)
        _, stderr = proc.communicate(timeout=300)
    assert running, "the tail must be torn while the crawl runs"
    assert proc.returncode == 0, stderr[-2000:]
    return {"db": db, "warc": warc, "first": first, "end": end, "size": size}


def test_a_torn_tail_written_in_the_middle_of_a_crawl_is_found(torn_mid_crawl):
    db, first = torn_mid_crawl["db"], torn_mid_crawl["first"]
    files = sorted(torn_mid_crawl["warc"].glob("*.warc.gz"))
    assert len(files) > 2 and rows(db, "SELECT count(*) FROM captures")[0][0] > 40
    assert verify_archive(db) == [torn_line(first, torn_mid_crawl["end"], torn_mid_crawl["size"])]
    with pytest.raises(StorageError, match="a torn tail"):
        list(iter_records(first, strict=True))


def test_the_operator_is_told_which_file_is_torn(torn_mid_crawl):
    db, first = torn_mid_crawl["db"], torn_mid_crawl["first"]
    done = run_archiver("verify", str(db))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stdout.splitlines() == [torn_line(first, torn_mid_crawl["end"],
                                                  torn_mid_crawl["size"])]


def small_archive(tmp_path: Path, pages: int = 3) -> Path:
    """An archive with `pages` captures, written through a crawl session (no network)."""
    session = ArchiveSession(RunOptions(db=str(tmp_path / "a.db"), arguments={}, writer="inline",
                                        warc_max_bytes=1))  # one record per file
    for n in range(pages):
        url = f"https://www.akorda.kz/ru/novost-{1000000 + n}"
        session.capture(url, url, 200, [("Content-Type", "text/html; charset=utf-8")], PAGE + bytes(n))
    session.finish("finished", {})
    return tmp_path / "a.db"


def test_a_whole_archive_passes(tmp_path):
    db = small_archive(tmp_path)
    assert len(list((tmp_path / "warc").glob("*.warc.gz"))) == 3
    assert verify_archive(db) == []
    done = run_archiver("verify", str(db))
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr == f"{db}: every WARC file is whole and holds its captures\n"


def test_damage_an_empty_file_and_lost_captures_are_each_named(tmp_path):
    db = small_archive(tmp_path, pages=4)
    first, second, third, fourth = sorted((tmp_path / "warc").glob("*.warc.gz"))
    data = bytearray(second.read_bytes())
    data[len(data) // 2] ^= 0xFF  # a flipped byte inside the last record
    second.write_bytes(bytes(data))
    third.write_bytes(b"")
    fourth.unlink()
    found = verify_archive(db)
    assert len(found) == 5, found
    assert found[0].startswith(f"{second}: damaged gzip data") or \
        found[0].startswith(f"{second} at offset")
    assert found[1] == f"{third}: an empty WARC file"
    assert found[2:] == [
        f"{second}: 1 indexed capture(s) point to no whole record (first at offset {offset(db, second)})",
        f"{third}: 1 indexed capture(s) point to no whole record (first at offset {offset(db, third)})",
        f"{fourth}: 1 indexed capture(s) point to a missing file (first at offset {offset(db, fourth)})"]
    assert verify_archive(db, warc_dir=tmp_path / "elsewhere")[0].endswith("point to a missing file "
                                                                           f"(first at offset {offset(db, first)})")
    assert first.exists()


def offset(db: Path, path: Path) -> int:
    return rows(db, "SELECT warc_offset FROM captures WHERE warc_file = ?", (path.name,))[0][0]


def test_an_archive_being_crawled_is_not_read_half_written(tmp_path):
    db = small_archive(tmp_path)
    with CrawlLock(db):
        with pytest.raises(LockedError):
            verify_archive(db)
        done = run_archiver("verify", str(db))
    assert done.returncode == 75 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"archiver: error: archive {db} is being crawled by pid")


def test_an_archive_is_known_by_its_bytes_and_anything_else_is_a_snapshot(tmp_path):
    db = small_archive(tmp_path)
    shutil.copy(db, tmp_path / "copy.csv")
    assert run_archiver("verify", str(tmp_path / "copy.csv")).stderr.endswith(
        "every WARC file is whole and holds its captures\n")
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    done = run_archiver("verify", str(tmp_path / "notes.csv"))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "manifest" in done.stderr
