"""Changes the site made, as events (issue 19): an article or official page new, edited, removed or
restored, with the significance of an edit (archiver.read.diff.classify), the words removed and added,
the versions and captures (WARC records) on both sides.

The table is made by the migration "009_changes" (archiver.storage.schema). The crawl side records them (`record_change`); the readers' side lists them (`list_changes`: the CLI's
`archiver changes`, the Atom feed, the Datasette changes page) and reads each side's text
(`version_text`: a version is a row of `revisions`, or the current row of `articles`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date, timedelta

import sqlite_utils

from archiver.errors import UsageError
from archiver.storage.articles import _Tx
from archiver.storage.query import date_bound, normalize_lang
from archiver.storage.schema import retry_locked

KINDS = ("new", "edited", "removed", "restored")
SIGNIFICANCE = ("typographic", "minor", "substantive")
PAGE_KINDS = ("article", "document")
CHANGE_COLUMNS = (
    "id", "url", "lang", "page_kind", "kind", "seen_at", "run_id", "significance", "title_changed",
    "date_changed", "words_removed", "words_added", "old_version", "new_version", "old_capture",
    "new_capture", "detail",
)


def _choices(value: str | Iterable[str] | None, allowed: tuple[str, ...], name: str) -> list[str] | None:
    """"a,b" or ["a", "b"] -> ["a", "b"], each checked against `allowed`; None or empty: no filter."""
    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else list(value)
    parts = [p.strip() for p in parts if p and p.strip()]
    for part in parts:
        if part not in allowed:
            raise UsageError(f"unknown {name} {part!r}: use {', '.join(allowed)}")
    return parts or None


@retry_locked
def record_change(db: sqlite_utils.Database | sqlite3.Connection, *, url: str, lang: str, kind: str,
                  seen_at: str, run_id: int | None = None, page_kind: str = "article",
                  significance: str | None = None, title_changed: bool = False, date_changed: bool = False,
                  words_removed: Iterable[str] = (), words_added: Iterable[str] = (),
                  old_version: int | None = None, new_version: int | None = None,
                  old_capture: int | None = None, new_capture: int | None = None,
                  detail: str | None = None) -> int:
    """Store one change; returns its id. Commits at once (or joins the transaction already open)."""
    _choices([kind], KINDS, "change kind")
    _choices([page_kind], PAGE_KINDS, "page kind")
    if significance is not None:
        _choices([significance], SIGNIFICANCE, "significance")
    if not isinstance(db, sqlite_utils.Database):
        db = sqlite_utils.Database(db)
    with _Tx(db) as conn:
        return conn.execute(
            "INSERT INTO changes (url, lang, page_kind, kind, seen_at, run_id, significance,"
            " title_changed, date_changed, words_removed, words_added, old_version, new_version,"
            " old_capture, new_capture, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (url, lang, page_kind, kind, seen_at, run_id, significance, int(bool(title_changed)),
             int(bool(date_changed)), json.dumps(list(words_removed), ensure_ascii=False),
             json.dumps(list(words_added), ensure_ascii=False), old_version, new_version,
             old_capture, new_capture, detail)).lastrowid


def _conn(db) -> sqlite3.Connection:
    return db.conn if isinstance(db, sqlite_utils.Database) else db


def _row(names: list[str], row) -> dict:
    change = dict(zip(names, row))
    for key in ("words_removed", "words_added"):
        change[key] = json.loads(change[key]) if change.get(key) else []
    for key in ("title_changed", "date_changed"):
        change[key] = bool(change[key])
    return change


_SELECT = ("SELECT " + ", ".join(f"c.{c}" for c in CHANGE_COLUMNS)
           + ", a.title AS title, a.work_id AS work_id FROM changes c"
           " LEFT JOIN articles a ON a.url = c.url")
# The site's official pages (page_kind 'document') live in tables of their own, made by the revisit
# migrations ("010_watch"): where the archive has them, their titles and versions are read there.
_DOCUMENT_TITLE = ("coalesce(a.title, (SELECT d.title FROM documents d WHERE d.url = c.url)) AS title")


def _has_documents(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                        " AND name IN ('documents', 'document_revisions')").fetchone()[0] == 2


def _select(conn: sqlite3.Connection) -> str:
    return _SELECT.replace("a.title AS title", _DOCUMENT_TITLE) if _has_documents(conn) else _SELECT


def list_changes(db, *, since: str | None = None, kinds: str | Iterable[str] | None = None,
                 significance: str | Iterable[str] | None = None, lang: str | None = None,
                 page_kind: str | None = None, limit: int | None = None) -> list[dict]:
    """Changes newest first, each a dict of every column (the word lists decoded, the flags as
    booleans) plus the page's current `title` and `work_id` (None for a page the articles table does
    not hold). `since`: a day ("2026", "2026-03", "2026-03-01") or an ISO time, inclusive. Several
    kinds, significances or languages: comma-separated or a list. Unknown values: UsageError."""
    clauses, params = [], []
    if since:
        clauses.append("c.seen_at >= ?")
        params.append(since if "T" in since else date_bound(since, "since"))
    for column, value, allowed, name in (("kind", kinds, KINDS, "change kind"),
                                         ("significance", significance, SIGNIFICANCE, "significance"),
                                         ("page_kind", page_kind, PAGE_KINDS, "page kind")):
        chosen = _choices(value, allowed, name)
        if chosen:
            clauses.append(f"c.{column} IN ({', '.join('?' * len(chosen))})")
            params += chosen
    codes = normalize_lang(lang)
    if codes:
        clauses.append(f"c.lang IN ({', '.join('?' * len(codes))})")
        params += codes
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise UsageError(f"limit must be a whole number >= 0, not {limit!r}")
    conn = _conn(db)
    sql = (_select(conn) + (" WHERE " + " AND ".join(clauses) if clauses else "")
           + " ORDER BY c.seen_at DESC, c.id DESC" + (" LIMIT ?" if limit is not None else ""))
    cur = conn.execute(sql, params + ([limit] if limit is not None else []))
    names = [d[0] for d in cur.description]
    return [_row(names, row) for row in cur]


def get_change(db, change_id: int) -> dict | None:
    conn = _conn(db)
    cur = conn.execute(_select(conn) + " WHERE c.id = ?", (change_id,))
    row = cur.fetchone()
    return _row([d[0] for d in cur.description], row) if row else None


def _capture_of(conn: sqlite3.Connection, url: str, run_id: int | None, at: str | None) -> int | None:
    """The response capture that shows a version: the one fetched in the run that wrote it, else the
    newest fetched at or before the moment it was written."""
    base = "SELECT id FROM captures WHERE url = ? AND record_type = 'response'"
    if run_id is not None:
        row = conn.execute(base + " AND run_id = ? AND fetched_at <= ? ORDER BY fetched_at DESC, id DESC"
                           " LIMIT 1", (url, run_id, (at or "") + "\uffff")).fetchone()
        if row:
            return row[0]
    row = conn.execute(base + " AND fetched_at <= ? ORDER BY fetched_at DESC, id DESC LIMIT 1",
                       (url, (at or "") + "\uffff")).fetchone()
    return row[0] if row else None


def version_text(db, url: str, version: int) -> dict | None:
    """{title, body, date_raw, published, captured_at, capture_id} of one version of a page (an
    earlier one from `revisions`, the current one from `articles`; an official page's from
    `document_revisions` / `documents`, which have no date line), or None. `captured_at`: when the
    archive first saw that text; `capture_id`: the WARC record (captures.id) that shows it."""
    conn = _conn(db)
    fields = ("title", "body", "date_raw", "published", "captured_at", "run_id")
    row = conn.execute("SELECT title, body, date_raw, published, captured_at, run_id FROM revisions"
                       " WHERE url = ? AND version = ?", (url, version)).fetchone()
    if row is None:
        row = conn.execute("SELECT title, body, date_raw, published, last_changed, changed_run FROM articles"
                           " WHERE url = ? AND version = ?", (url, version)).fetchone()
    if row is None and _has_documents(conn):
        row = conn.execute("SELECT title, body, NULL, NULL, captured_at, run_id FROM document_revisions"
                           " WHERE url = ? AND version = ?", (url, version)).fetchone() or conn.execute(
            "SELECT title, body, NULL, NULL, last_changed, changed_run FROM documents"
            " WHERE url = ? AND version = ?", (url, version)).fetchone()
    if row is None:
        return None
    found = dict(zip(fields, row))
    run_id = found.pop("run_id")
    found["capture_id"] = _capture_of(conn, url, run_id, found["captured_at"])
    return found


def capture_record(db, capture_id: int) -> dict | None:
    """One row of the capture index (which WARC file, where, when, what status)."""
    cur = _conn(db).execute("SELECT * FROM captures WHERE id = ?", (capture_id,))
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row)) if row else None


def same_change_elsewhere(db, change: dict, days: int = 7) -> list[dict]:
    """The same kind of change to the page's verified translations (the `translations` view), seen
    within `days` of this one: [{id, url, lang, kind, significance, seen_at, title}], by language."""
    day = date.fromisoformat(change["seen_at"][:10])
    low, high = (day - timedelta(days=days)).isoformat(), (day + timedelta(days=days + 1)).isoformat()
    cur = _conn(db).execute(
        "SELECT c.id, c.url, c.lang, c.kind, c.significance, c.seen_at, b.title FROM translations t"
        " JOIN changes c ON c.url = t.translation_url JOIN articles b ON b.url = c.url"
        " WHERE t.url = ? AND c.kind = ? AND c.seen_at >= ? AND c.seen_at < ?"
        " ORDER BY c.lang, c.seen_at DESC", (change["url"], change["kind"], low, high))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur]
