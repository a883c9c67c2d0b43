"""Is this path an archive? One answer for every command, before it does any work.

`check_archive(path)` raises StorageError with one sentence naming the file and what is wrong:
missing, a directory, not a regular file, not SQLite (a text file, an image...), cut short,
an empty SQLite database, another program's database, or unreadable (damaged). Writers
(`create=True`: crawl, demo, schedule) accept a missing file or an empty SQLite database, which
they initialise, and also run SQLite's quick_check so that nothing is written into a damaged file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from archiver.errors import StorageError
from archiver.storage.schema import MIGRATIONS

SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables every archive has had since its first migration.
ARCHIVE_TABLES = ("_migrations", "articles")


def is_sqlite(path: str | Path) -> bool:
    """Whether `path` is a file that starts as an SQLite database does (an archive, not a snapshot)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _header_problem(path: Path, size: int) -> str | None:
    with open(path, "rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_MAGIC):
        kind = "a text file" if _looks_like_text(header) else "a binary file"
        return f"is not an SQLite archive (it is {kind})"
    if len(header) < 100:
        return "is damaged: cut short inside the SQLite header"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The in-header page count is valid when "version-valid-for" equals the change counter; a
    # write-ahead log beside the file may hold the pages a stopped checkpoint did not copy yet.
    wal = path.with_name(path.name + "-wal")
    logged = wal.exists() and wal.stat().st_size > 0
    if header[24:28] == header[92:96] and pages and size < pages * page_size and not logged:
        return f"is damaged: cut short ({size} bytes of {pages * page_size})"
    return None


def _looks_like_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(b < 9 or 13 < b < 32 for b in data)


def check_archive(path: str | Path, create: bool = False, upgrade: bool = False) -> Path:
    """The path, when it holds an archive (or, with create, can become one); else StorageError.

    A reader refuses an archive written by an older archiver (schema upgrades pending), naming
    the command that upgrades it; writers (create) and `archiver upgrade` (upgrade) accept it."""
    path = Path(path)
    if not path.exists():
        if create:
            if path.parent.exists() and not path.parent.is_dir():
                raise StorageError(f"cannot create archive {path}: {path.parent} is not a "
                                   "directory")
            return path
        raise StorageError(f"no archive at {path} (run `archiver crawl` or `archiver demo` "
                           "first)")
    if path.is_dir():
        raise StorageError(f"{path} is a directory, not an archive file (--db takes the .db "
                           "file)")
    if not path.is_file():
        raise StorageError(f"{path} is not a regular file, so it cannot be an archive")
    size = path.stat().st_size
    if size == 0:
        if create:
            return path
        raise StorageError(f"{path} is an empty file, not an archive")
    try:
        problem = _header_problem(path, size)
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if problem:
        raise StorageError(f"{path} {problem}")
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True, timeout=30)
        try:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            applied = ({row[0] for row in conn.execute("SELECT name FROM _migrations")}
                       if "_migrations" in names else set())
            if create and names:
                verdict = " ".join(conn.execute("PRAGMA quick_check(1)").fetchone()[0].split())
                if verdict != "ok":
                    raise StorageError(f"{path} is damaged ({verdict}); nothing was written")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is damaged or not an archive: {exc}") from None
    if not names:
        if create:
            return path
        raise StorageError(f"{path} is an empty SQLite database, not an archive (`archiver "
                           f"crawl --db {path}` starts one)")
    missing = [t for t in ARCHIVE_TABLES if t not in names]
    if missing:
        shown = ", ".join(sorted(n for n in names if not n.startswith("sqlite_"))[:5])
        raise StorageError(f"{path} is an SQLite database but not an archive (no {missing[-1]} "
                           f"table; it has: {shown})")
    pending = [name for name, _ in MIGRATIONS if name not in applied]
    if pending and not (create or upgrade):
        raise StorageError(f"{path} was written by an older archiver ({len(pending)} schema "
                           f"upgrade(s) pending, e.g. {pending[0]}); `archiver upgrade --db "
                           f"{path}` applies them (a crawl does too)")
    return path
