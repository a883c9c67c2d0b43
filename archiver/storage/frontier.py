"""The frontier: every page a crawl means to fetch, written before it is scheduled.

A row is added (state "pending") before its request is handed to Scrapy, and leaves the table only
when the page is settled: an article archived, a listing page parsed (in the same transaction as the
rows it leads to). A page that could not be settled becomes state "failed" with its reason and
stays, a page the site's robots.txt forbids too (reason "robots": retried while the rules say no). The next crawl starts with every row left here, whatever
stopped the last one (kill -9, SIGTERM, a full disk): nothing scheduled can disappear without a row.

`failures` is a view of the failed rows. A listing section counts as walked to the bottom
(`section_complete`) only when its end page was recognised (`listing_state.complete`) and none of its
listing pages is left in the frontier.

Keys: an article's canonical URL; a listing page's canonical listing URL with `?page=N` (N > 1).
Context (JSON): for a listing page {"kind": "listing", "lang", "section", "page", "streak", "label"};
for an article {"lang", "entry": the listing card} or null.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from archiver.storage.articles import _Tx
from archiver.storage.schema import now_iso, retry_locked

LISTING, ARTICLE = "listing", "article"
PENDING, FAILED = "pending", "failed"


def _json(value: dict | None) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else None


def _row(kind: str, url: str, context: dict | None, run_id: int | None, now: str) -> tuple:
    context = context or {}
    section = context.get("section") or (context.get("entry") or {}).get("section")
    return (url, kind, context.get("lang"), section, _json(context or None), now, run_id)


_ADD = ("INSERT INTO frontier (url, kind, lang, section, context, state, attempts, added, run_id)"
        " VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT(url) DO UPDATE SET"
        " context = coalesce(excluded.context, context), run_id = excluded.run_id")


@retry_locked
def add(db: sqlite_utils.Database, rows: Iterable[tuple[str, str, dict | None]],
        run_id: int | None) -> None:
    """Record (kind, url, context) rows as pending; a row already there keeps its failure history."""
    now = now_iso()
    with _Tx(db) as conn:
        conn.executemany(_ADD, [_row(kind, url, ctx, run_id, now) for kind, url, ctx in rows])


@retry_locked
def settle(db: sqlite_utils.Database, url: str,
           then: Iterable[tuple[str, str, dict | None]] = (), run_id: int | None = None,
           end_of: tuple[str, str] | None = None) -> None:
    """Remove `url` from the frontier and, in the same transaction, add the rows it led to
    (`then`) and, for an end-of-listing page, mark its section as walked to the bottom."""
    now = now_iso()
    with _Tx(db) as conn:
        conn.executemany(_ADD, [_row(kind, u, ctx, run_id, now) for kind, u, ctx in then])
        conn.execute("DELETE FROM frontier WHERE url = ?", (url,))
        if end_of is not None:
            conn.execute(
                "INSERT INTO listing_state (lang, section, complete, deepest_page, updated)"
                " VALUES (?, ?, 1, 0, ?) ON CONFLICT(lang, section) DO UPDATE SET complete = 1,"
                " updated = excluded.updated", (*end_of, now))


@retry_locked
def fail(db: sqlite_utils.Database, url: str, kind: str, reason: str, detail: str,
         context: dict | None, run_id: int | None) -> None:
    """Mark a row failed with its reason (adding it if the spider never recorded it)."""
    now = now_iso()
    url_, kind_, lang, section, ctx, _, _ = _row(kind, url, context, run_id, now)
    with _Tx(db) as conn:
        conn.execute(
            "INSERT INTO frontier (url, kind, lang, section, context, state, reason, detail,"
            " attempts, added, first_failed, last_failed, run_id)"
            " VALUES (?, ?, ?, ?, ?, 'failed', ?, ?, 1, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
            " state = 'failed', reason = excluded.reason, detail = excluded.detail,"
            " attempts = attempts + 1, first_failed = coalesce(first_failed, excluded.first_failed),"
            " last_failed = excluded.last_failed, run_id = excluded.run_id,"
            " context = coalesce(excluded.context, context)",
            (url_, kind_, lang, section, ctx, reason, detail[:500], now, now, now, run_id))


def rows(db: sqlite_utils.Database) -> list[dict]:
    """Every row left in the frontier, listing pages first (in page order), then articles."""
    cur = db.conn.execute(
        "SELECT url, kind, state, reason, attempts, context FROM frontier"
        " ORDER BY kind = 'article', lang, section, url")
    return [{"url": u, "kind": k, "state": s, "reason": r, "attempts": a,
             "context": json.loads(c) if c else None} for u, k, s, r, a, c in cur]


def counts(db: sqlite_utils.Database, run_id: int) -> dict[str, int]:
    """How many rows this run left behind, by kind and state (e.g. {"article/pending": 2})."""
    cur = db.conn.execute("SELECT kind || '/' || state, count(*) FROM frontier WHERE run_id = ?"
                          " GROUP BY 1", (run_id,))
    return dict(cur.fetchall())


@retry_locked
def abandon_pending(db: sqlite_utils.Database, run_id: int, reason: str, detail: str) -> int:
    """At the normal end of a run, rows it scheduled that were never answered become failures."""
    now = now_iso()
    with _Tx(db) as conn:
        return conn.execute(
            "UPDATE frontier SET state = 'failed', reason = ?, detail = ?, attempts = attempts + 1,"
            " first_failed = coalesce(first_failed, ?), last_failed = ? WHERE run_id = ?"
            " AND state = 'pending'", (reason, detail, now, now, run_id)).rowcount


def section_complete(db: sqlite_utils.Database, lang: str, section: str) -> bool:
    row = db.conn.execute(
        "SELECT complete AND NOT EXISTS (SELECT 1 FROM frontier WHERE kind = 'listing'"
        " AND lang = ?1 AND section = ?2) FROM listing_state WHERE lang = ?1 AND section = ?2",
        (lang, section)).fetchone()
    return bool(row and row[0])


@retry_locked
def add_alias(db: sqlite_utils.Database, url: str, target: str, run_id: int | None) -> None:
    """`url` (as listed) redirects to the archived `target`: it counts as known from now on."""
    with _Tx(db) as conn:
        conn.execute("INSERT INTO aliases (url, target, first_seen, run_id) VALUES (?, ?, ?, ?)"
                     " ON CONFLICT(url) DO UPDATE SET target = excluded.target",
                     (url, target, now_iso(), run_id))



@retry_locked
def record_language_mismatch(db: sqlite_utils.Database, url: str, url_lang: str, text_lang: str,
                             run_id: int | None) -> None:
    """A page whose text is not in its URL's language (e.g. a missing translation served in
    Kazakh): kept for the record; such a page is never linked as a translation."""
    now = now_iso()
    with _Tx(db) as conn:
        conn.execute(
            "INSERT INTO language_mismatches (url, url_lang, text_lang, first_seen, last_seen,"
            " run_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
            " text_lang = excluded.text_lang, last_seen = excluded.last_seen,"
            " run_id = excluded.run_id", (url, url_lang, text_lang, now, now, run_id))
