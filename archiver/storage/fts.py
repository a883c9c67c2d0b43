"""The full-text index: an FTS5 table that holds the inverted index only (`content=''`).

FTS5 stores no copy of the text: titles and bodies live once, in `articles` (and earlier versions in
`revisions`); search snippets are cut from `articles.body`. The price of a contentless table is that
FTS5 cannot look up what it indexed for a row: taking a row out of the index (SQLite 3.40 has no
`contentless_delete`) is the 'delete' command with exactly the values that were indexed. Those are
recomputed from the archive: the current row before it changes (or, once it has changed, the latest
revision, which holds the replaced version) and `index_stems`, the function that made the stems
(`stem_text` less the words that are their own stem: the index holds those once, in title/body).

That is only right while `index_stems` is the function that indexed the archive. The archive records
a fingerprint of the stemmer (`fts_state`); a writer that opens an archive indexed by another
stemmer rebuilds the index first (`ensure_current`), so a 'delete' never removes stems that were
never there, and queries stemmed today meet text stemmed the same way. Opening read-only does not
rebuild: such an archive is searched with the stems it has until a writer opens it.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import sqlite3
import sys
import unicodedata
from functools import cache
from importlib import metadata
from pathlib import Path
from types import ModuleType

from archiver.search import textsearch
from archiver.search.textsearch import index_stems
from archiver.storage import order

FTS_TABLE = "articles_fts"
REBUILD_BATCH = 2000


def _stemming_modules() -> tuple[list[ModuleType], set[str]]:
    """The project's modules that `stem_text` rests on (textsearch and what it imports from the
    project, transitively), and the names of the third-party packages they use."""
    seen: dict[str, ModuleType] = {}
    packages: set[str] = set()
    pending = [textsearch]
    while pending:
        module = pending.pop()
        if module.__name__ in seen:
            continue
        seen[module.__name__] = module
        for value in vars(module).values():
            owner = value if isinstance(value, ModuleType) else inspect.getmodule(value)
            if owner is None or owner.__name__.split(".")[0] in sys.stdlib_module_names:
                continue
            if owner.__name__.startswith("archiver."):
                if owner.__name__ != "archiver.errors":
                    pending.append(owner)
            elif owner.__name__ != "builtins":
                packages.add(owner.__name__.split(".")[0])
    return sorted(seen.values(), key=lambda m: m.__name__), packages


def _versions(packages: set[str]) -> list[str]:
    """What identifies the installed third-party packages: the version of the distribution named as
    the package and of those it requires (a morphological analyser's dictionary is a package of its
    own), else the size and time of the package's file."""
    names, found = set(), []
    for package in sorted(packages):
        try:
            metadata.version(package)
            names.add(package)
        except metadata.PackageNotFoundError:
            stat = Path(sys.modules[package].__file__).stat()
            found.append(f"{package}:{stat.st_size}:{stat.st_mtime_ns}")
    for name in list(names):
        names.update(re.split(r"[ ;<>=!~\[(]", req, maxsplit=1)[0]
                     for req in metadata.requires(name) or [] if "extra ==" not in req)
    for name in sorted(names):
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}==?")
    return found


@cache
def stemmer_fingerprint() -> str:
    """Changes whenever the stems could: the sources of the stemming modules, the versions of the
    packages they use (and their data), the Unicode tables, and which of their functions makes the
    indexed values (`_values`)."""
    modules, packages = _stemming_modules()
    digest = hashlib.sha256(unicodedata.unidata_version.encode())
    digest.update(inspect.getsource(_values).encode())
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    digest.update("\n".join(_versions(packages)).encode())
    return digest.hexdigest()[:16]


def _values(title: str | None, body: str) -> tuple[str, str, str]:
    return title or "", body, index_stems(f"{title or ''}\n{body}")


def index_row(conn: sqlite3.Connection, rowid: int, title: str | None, body: str) -> None:
    """Add an article's text to the index under its rowid."""
    conn.execute(f"INSERT INTO {FTS_TABLE} (rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                 (rowid, *_values(title, body)))


def unindex_row(conn: sqlite3.Connection, rowid: int, title: str | None, body: str) -> None:
    """Take a row out of the index: `title` and `body` must be the text it was indexed with."""
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, body, stems)"
                 " VALUES ('delete', ?, ?, ?, ?)", (rowid, *_values(title, body)))


def reindex_changed(conn: sqlite3.Connection, rowid: int, title: str | None, body: str) -> None:
    """The article at `rowid` now has this title and body; its previous version, the one indexed,
    is already the latest of its `revisions` (write_article and re-extraction both store it there
    before they change the row)."""
    old = conn.execute(
        "SELECT r.title, r.body FROM articles a JOIN revisions r ON r.url = a.url"
        " WHERE a.rowid = ? ORDER BY r.version DESC LIMIT 1", (rowid,)).fetchone()
    if old is None:
        raise sqlite3.IntegrityError(f"article {rowid} changed but its previous version is not in revisions")
    unindex_row(conn, rowid, old[0], old[1])
    index_row(conn, rowid, title, body)


def _indexed_with(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM fts_state WHERE key = 'stemmer'").fetchone()
    return row[0] if row else None


def rebuild(conn: sqlite3.Connection) -> int:
    """Index every article afresh, each at its rowid in publication order (storage.order), inside
    the caller's transaction; returns how many."""
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")
    order.rekey_all(conn)  # an archive written before rowids followed publication dates
    done, last = 0, 0
    while rows := conn.execute("SELECT rowid, title, body FROM articles WHERE rowid > ?"
                               " ORDER BY rowid LIMIT ?", (last, REBUILD_BATCH)).fetchall():
        conn.executemany(f"INSERT INTO {FTS_TABLE} (rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                         [(rowid, *_values(title, body)) for rowid, title, body in rows])
        done, last = done + len(rows), rows[-1][0]
    _merge_segments(conn)
    conn.execute("INSERT OR REPLACE INTO fts_state (key, value) VALUES ('stemmer', ?)",
                 (stemmer_fingerprint(),))
    return done


def _merge_segments(conn: sqlite3.Connection) -> None:
    """FTS5 'optimize': the index's segments merged into one. Writing in batches (or one article at a
    time) leaves FTS5's automerge keeping several segments per level, each repeating its terms: about
    7% more index (a 10,000-article trial: 0.95x the raw text as written, 0.89x merged, either way)."""
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")


def compact(conn: sqlite3.Connection) -> None:
    """After building an archive in bulk: the index merged into one segment, and the pages that frees
    (the old segments) given back to the disk with VACUUM, unless another connection is reading.
    Takes time in proportion to the whole archive, not to what was just written."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        _merge_segments(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    _vacuum(conn)


def ensure_current(conn: sqlite3.Connection) -> int | None:
    """Rebuild the index if another stemmer (or none: a converted archive) made it; how many
    articles were indexed, or None when the index was current."""
    if _indexed_with(conn) == stemmer_fingerprint():
        return None
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = None if _indexed_with(conn) == stemmer_fingerprint() else rebuild(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if done is not None:
        _give_back_free_pages(conn)
    return done


def _give_back_free_pages(conn: sqlite3.Connection) -> None:
    """After converting an archive, the old index's pages are free but still in the file: when they
    are most of it, VACUUM returns them to the disk (once; a busy archive keeps them for reuse)."""
    free = conn.execute("PRAGMA freelist_count").fetchone()[0]
    if free * 2 > conn.execute("PRAGMA page_count").fetchone()[0]:
        _vacuum(conn)


def _vacuum(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("VACUUM")
    except sqlite3.OperationalError:  # another connection is reading: the pages get reused
        pass

