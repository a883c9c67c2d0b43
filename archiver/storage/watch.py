"""Revisits (issue 19): when each archived page was last checked, whether the site still serves it, the
validators of its captures, and the site's official pages as documents.

- `watch`: one row per page checked by a run (an article, or a document): the day of its last check
  (the crawl's "today", injectable), its state (`present`, `suspect` after an answer that says it is
  gone, `removed` once that is confirmed), the day it was first seen gone and how many checks said so,
  and its last good capture (captures.id). A page without a row was last checked on its `last_seen` day.
- `captures.etag` / `captures.last_modified`: the validators of each capture, sent back as
  If-None-Match / If-Modified-Since by the next revisit.
- `documents` / `document_revisions`: the official static pages (Constitution, state symbols, ...), with
  their earlier versions, apart from `articles` so that news counts, search and exports do not change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import sqlite_utils

from archiver.storage.articles import _Tx
from archiver.storage.schema import content_hash, now_iso, retry_locked

PRESENT, SUSPECT, REMOVED = "present", "suspect", "removed"
_WATCH = ("url", "page_kind", "lang", "last_checked", "state", "gone_since", "last_gone", "gone_checks",
          "gone_reason", "good_capture", "checks")


def _conn(db) -> sqlite3.Connection:
    return db.conn if isinstance(db, sqlite_utils.Database) else db


def candidates(db) -> Iterator[tuple]:
    """Every archived page as (url, page_kind, lang, age day, last checked day, state): the age day is
    an article's publication date, else the day it was first archived; None for an official page
    (not news: checked at the revisit period)."""
    yield from _conn(db).execute(
        "SELECT a.url, 'article', a.lang, coalesce(a.published, substr(a.first_seen, 1, 10)),"
        " coalesce(w.last_checked, substr(a.last_seen, 1, 10)), coalesce(w.state, 'present')"
        " FROM articles a LEFT JOIN watch w ON w.url = a.url"
        " UNION ALL SELECT d.url, 'document', d.lang, NULL,"
        " coalesce(w.last_checked, substr(d.last_seen, 1, 10)), coalesce(w.state, 'present')"
        " FROM documents d LEFT JOIN watch w ON w.url = d.url")


def watch_row(db, url: str) -> dict | None:
    row = _conn(db).execute(f"SELECT {', '.join(_WATCH)} FROM watch WHERE url = ?", (url,)).fetchone()
    return dict(zip(_WATCH, row)) if row else None


@retry_locked
def checked(db, url: str, page_kind: str, lang: str | None, day: str, **fields) -> None:
    """A page was checked on `day`: its row (made if missing) takes the day and `fields`
    (state, gone_since, gone_checks, gone_reason, good_capture)."""
    unknown = set(fields) - set(_WATCH)
    if unknown:
        raise ValueError(f"not watch columns: {sorted(unknown)}")
    with _Tx(sqlite_utils.Database(_conn(db)) if not isinstance(db, sqlite_utils.Database) else db) as conn:
        conn.execute("INSERT INTO watch (url, page_kind, lang, last_checked) VALUES (?, ?, ?, ?)"
                     " ON CONFLICT(url) DO UPDATE SET last_checked = excluded.last_checked,"
                     " checks = checks + 1", (url, page_kind, lang, day))
        if fields:
            conn.execute(f"UPDATE watch SET {', '.join(f'{k} = ?' for k in fields)} WHERE url = ?",
                         [*fields.values(), url])


def validators(db, url: str) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) of the page's last good capture (a page that serves another article now
    must not be told "not modified" by its validators), else of its newest 200."""
    row = _conn(db).execute(
        "SELECT etag, last_modified FROM captures WHERE id = coalesce((SELECT good_capture FROM watch"
        " WHERE url = ?), (SELECT max(id) FROM captures WHERE url = ? AND status = 200))",
        (url, url)).fetchone()
    return (row[0], row[1]) if row else (None, None)


def current(db, url: str, page_kind: str = "article") -> dict | None:
    """The page's current {title, body, date_raw, version, lang} (articles or documents), or None."""
    table, date = ("articles", "date_raw") if page_kind == "article" else ("documents", "NULL")
    row = _conn(db).execute(f"SELECT title, body, {date}, version, lang FROM {table} WHERE url = ?",
                            (url,)).fetchone()
    return dict(zip(("title", "body", "date_raw", "version", "lang"), row)) if row else None


@retry_locked
def write_document(db: sqlite_utils.Database, url: str, lang: str, path: str, title: str | None,
                   body: str, run_id: int | None = None, seen_at: str | None = None) -> str:
    """Insert or update an official page: "new", "changed" (the earlier version goes to
    document_revisions) or "unchanged"."""
    seen = seen_at or now_iso()
    digest = content_hash(title, body)
    with _Tx(db) as conn:
        row = conn.execute("SELECT content_hash, version, title, body, last_changed, changed_run"
                           " FROM documents WHERE url = ?", (url,)).fetchone()
        if row is None:
            conn.execute("INSERT INTO documents (url, lang, path, title, body, content_hash, version,"
                         " first_seen, last_seen, last_changed, first_run, changed_run, last_run)"
                         " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
                         (url, lang, path, title, body, digest, seen, seen, seen, run_id, run_id, run_id))
            return "new"
        if row[0] == digest:
            conn.execute("UPDATE documents SET last_seen = ?, last_run = ? WHERE url = ?",
                         (seen, run_id, url))
            return "unchanged"
        conn.execute("INSERT INTO document_revisions (url, version, title, body, content_hash,"
                     " captured_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (url, row[1], row[2], row[3], row[0], row[4], row[5]))
        conn.execute("UPDATE documents SET title = ?, body = ?, content_hash = ?, version = ?,"
                     " last_seen = ?, last_changed = ?, changed_run = ?, last_run = ? WHERE url = ?",
                     (title, body, digest, row[1] + 1, seen, seen, run_id, run_id, url))
        return "changed"


def document_urls(db) -> set[str]:
    return {r[0] for r in _conn(db).execute("SELECT url FROM documents")}


def document_version(db, url: str, version: int) -> dict | None:
    """{title, body, captured_at} of one version of an official page (earlier or current)."""
    conn = _conn(db)
    row = conn.execute("SELECT title, body, captured_at FROM document_revisions WHERE url = ? AND"
                       " version = ?", (url, version)).fetchone() or \
        conn.execute("SELECT title, body, last_changed FROM documents WHERE url = ? AND version = ?",
                     (url, version)).fetchone()
    return dict(zip(("title", "body", "captured_at"), row)) if row else None
