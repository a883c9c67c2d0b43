"""Is an archive's raw evidence whole? `verify_archive(db)` reads every WARC file beside it strictly.

    verify_archive("data/archive.db")  # [] when every WARC file is whole and every capture is found

Every file is read record by record (gzip member, WARC headers, lengths and payload digest checked):
a torn tail (what a write cut short by a kill, a crash or a full disk leaves), damage inside a file
and an empty file are each one line. Then every capture the archive indexes must be a whole record
at its offset in an existing file. Records no capture names are fine: a killed crawl may have
written a record whose index row it never committed. `archiver verify ARCHIVE` and the tests use it.

The check holds the crawl lock (archiver.fetch.lock) while it reads, so no crawl appends to a file
being read: during a crawl it raises LockedError, as a second crawl would.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

from archiver import storage
from archiver.errors import StorageError
from archiver.fetch import Progress
from archiver.fetch.lock import CrawlLock
from archiver.fetch.warc import SUFFIX
from archiver.fetch.warc_read import iter_records
from archiver.storage.check import check_archive


def check_warc_file(path: Path) -> tuple[list[str], dict[int, int]]:
    """(problems, {offset: length} of its whole records) of one WARC file, read strictly."""
    records: dict[int, int] = {}
    try:
        for record in iter_records(path, strict=True):
            records[record["offset"]] = record["length"]
    except StorageError as exc:
        return [str(exc)], records
    except OSError as exc:
        return [f"cannot read {path}: {exc.strerror or exc}"], records
    return ([] if records else [f"{path}: an empty WARC file"]), records


def _missed(directory: Path, file: str, locations: Iterable[tuple[str, int, int | None]],
            records: dict[int, int] | None) -> list[str]:
    """The captures indexed in `file` that are not a whole record there, as one line."""
    wrong = [offset for _, offset, length in locations if records is None
             or records.get(offset) is None or (length is not None and records[offset] != length)]
    if not wrong:
        return []
    what = "a missing file" if records is None else "no whole record"
    return [f"{directory / file}: {len(wrong)} indexed capture(s) point to {what} (first at offset "
            f"{wrong[0]})"]


def verify_archive(db: str | Path, warc_dir: str | Path | None = None,
                   progress: Progress | None = None) -> list[str]:
    """Problems of the archive's WARC files (default: "warc" beside it), one line each; [] when
    whole. progress(files, total): wraps the WARC files as they are read (the CLI draws a bar)."""
    check_archive(db)
    directory = Path(warc_dir) if warc_dir else Path(db).resolve().parent / "warc"
    with CrawlLock(db, command="archiver verify"):
        problems: list[str] = []
        whole: dict[str, dict[int, int]] = {}
        files = sorted(directory.glob(f"*{SUFFIX}")) if directory.is_dir() else []
        for path in progress(files, len(files)) if progress is not None else files:
            found, whole[path.name] = check_warc_file(path)
            problems += found
        conn = storage.open_readonly(db)
        try:
            for file, locations in itertools.groupby(storage.capture_locations(conn), key=lambda r: r[0]):
                problems += _missed(directory, file, locations, whole.get(file))
        finally:
            conn.close()
    return problems
