"""Articles: insert, change detection with revisions, deduplication, deletion, full-text index upkeep."""

from __future__ import annotations

import re
import sqlite3

import sqlite_utils

from archiver.page.items import Article
from archiver.page.urls import lang_of
from archiver.storage import fts, order
from archiver.storage.schema import ARTICLE_COLUMNS, content_hash, now_iso, retry_locked

_ID_URL = re.compile(r"^https://[^/]+/[a-z]{2}/[^/]*-\d{4,}$")  # /{lang}/{slug}-{id}


class _Tx:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on error. Inside a transaction already open (the
    archive writer's batches, archiver.fetch.writer, which roll back whole when a write fails) it
    adds nothing: a savepoint there would make FTS5 flush its pending terms at every release (see
    archiver.storage.bulk), a quarter of an article's write."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.conn = db.conn
        self.nested = False

    def __enter__(self) -> sqlite3.Connection:
        self.nested = self.conn.in_transaction
        if not self.nested:
            self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self.nested:
            self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")


def representative_key(url: str) -> tuple:
    """Which of several URLs with identical content is the article (the rest are duplicates).

    A stable rule, not "whichever was fetched first" (write_article first prefers a URL in the
    language the text is written in), so that the archive does not depend on
    the order responses came in (a resumed crawl equals an uninterrupted one): current-layout
    URLs with a numeric id first, then the shorter path, then the alphabetically first.
    """
    return (0 if _ID_URL.search(url) else 1, len(url), url)


def _promote(conn: sqlite3.Connection, article: Article, demoted: str) -> None:
    """Move an article row to a better URL for the same content; the old URL becomes a duplicate."""
    conn.execute("UPDATE articles SET url = ?, site_id = ?, lang = ?, text_lang = ?, work_id = ?,"
                 " date_raw = ?, published = ?, date_source = ?, category = ?,"
                 " section = coalesce(?, section) WHERE url = ?",
                 (article.url, article.site_id, article.lang, article.text_lang, article.work_id,
                  article.date_raw, article.published, article.date_source, article.category,
                  article.section, demoted))
    conn.execute("UPDATE revisions SET url = ? WHERE url = ?", (article.url, demoted))
    conn.execute("UPDATE duplicates SET duplicate_of = ? WHERE duplicate_of = ?",
                 (article.url, demoted))


def _fts_replace(conn: sqlite3.Connection, rowid: int, title: str | None, body: str,
                 delete_first: bool) -> None:
    """Index the article's new text; `delete_first`: it replaces a version now in `revisions`."""
    if delete_first:
        fts.reindex_changed(conn, rowid, title, body)
    else:
        fts.index_row(conn, rowid, title, body)


def _keep_in_order(conn: sqlite3.Connection, rowid: int, published: str | None, title: str | None,
                   body: str) -> None:
    """A row whose date was learnt or changed moves to its day's rowids (storage.order), its
    index entry (title and body as indexed) with it."""
    if order.in_place(rowid, published):
        return
    moved_to = order.new_rowid(conn, published)
    fts.unindex_row(conn, rowid, title, body)
    conn.execute("UPDATE articles SET rowid = ? WHERE rowid = ?", (moved_to, rowid))
    fts.index_row(conn, moved_to, title, body)


@retry_locked
def write_article(db: sqlite_utils.Database, article: Article, run_id: int | None = None,
                  seen_at: str | None = None) -> str:
    """Insert or update one article; returns "new", "changed", "unchanged" or "duplicate".

    - same canonical URL, same content: only `last_seen`/`last_run` move;
    - same URL, new title or body: the previous version goes to `revisions`, the row takes the new;
    - new URL whose content equals an archived article's: recorded in `duplicates`, not articles.
    """
    seen = seen_at or now_iso()
    digest = content_hash(article.title, article.body)
    with _Tx(db) as conn:
        row = conn.execute(
            "SELECT rowid, content_hash, version, title, body, date_raw, published, category,"
            " last_changed, changed_run FROM articles WHERE url = ?", (article.url,)).fetchone()
        if row is None:
            if conn.execute("UPDATE duplicates SET last_seen = ? WHERE url = ?",
                            (seen, article.url)).rowcount:
                return "duplicate"
            original = conn.execute(
                "SELECT url FROM articles WHERE content_hash = ? LIMIT 1", (digest,)).fetchone()
            if original is not None:
                keep, other = sorted((original[0], article.url),
                                     key=lambda u: (lang_of(u) != article.text_lang,
                                                    representative_key(u)))
                if keep == article.url:  # the newcomer is the better URL: it takes the row
                    _promote(conn, article, other)
                conn.execute("INSERT INTO duplicates VALUES (?, ?, ?, ?, ?, ?)",
                             (other, keep, digest, seen, seen, run_id))
                return "duplicate"
            values = {**article.to_dict(), "content_hash": digest, "version": 1,
                      "first_seen": seen, "last_seen": seen, "last_changed": seen,
                      "first_run": run_id, "changed_run": run_id, "last_run": run_id}
            cur = conn.execute(
                f"INSERT INTO articles (rowid, {', '.join(ARTICLE_COLUMNS)}) VALUES "
                f"(?, {', '.join('?' * len(ARTICLE_COLUMNS))})",
                [order.new_rowid(conn, article.published), *(values[c] for c in ARTICLE_COLUMNS)])
            _fts_replace(conn, cur.lastrowid, article.title, article.body, delete_first=False)
            return "new"
        rowid, old_hash, version = row[0], row[1], row[2]
        # Date fields may be learnt later (e.g. a listing date) without a content change.
        dated = {"date_raw": article.date_raw, "published": article.published,
                 "date_source": article.date_source, "category": article.category,
                 "section": article.section, "text_lang": article.text_lang,
                 "work_id": article.work_id}
        fill = {k: v for k, v in dated.items() if v is not None}
        if old_hash == digest:
            sets = ", ".join(f"{k} = ?" for k in fill)
            conn.execute(
                f"UPDATE articles SET last_seen = ?, last_run = ?{', ' if sets else ''}{sets}"
                " WHERE url = ?", [seen, run_id, *fill.values(), article.url])
            _keep_in_order(conn, rowid, fill.get("published", row[6]), row[3], row[4])
            return "unchanged"
        conn.execute(
            "INSERT INTO revisions (url, version, title, body, date_raw, published, category,"
            " content_hash, captured_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.url, version, row[3], row[4], row[5], row[6], row[7], old_hash, row[8],
             row[9]))
        conn.execute(
            "UPDATE articles SET title = ?, body = ?, content_hash = ?, version = ?, lang = ?,"
            " site_id = ?, date_raw = ?, published = ?, date_source = ?, category = ?,"
            " section = ?, last_seen = ?, last_changed = ?, changed_run = ?, last_run = ?,"
            " text_lang = ?, work_id = ? WHERE url = ?",
            (article.title, article.body, digest, version + 1, article.lang, article.site_id,
             article.date_raw, article.published, article.date_source, article.category,
             article.section, seen, seen, run_id, run_id, article.text_lang, article.work_id,
             article.url))
        _fts_replace(conn, rowid, article.title, article.body, delete_first=True)
        _keep_in_order(conn, rowid, article.published, article.title, article.body)
        return "changed"


def known_urls(db: sqlite_utils.Database, urls: list[str]) -> set[str]:
    """Which of these canonical URLs the archive already holds (as article, duplicate, or a listed
    URL that redirected to an archived one)."""
    found: set[str] = set()
    for start in range(0, len(urls), 500):
        chunk = urls[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for table in ("articles", "duplicates", "aliases"):
            found.update(r[0] for r in db.conn.execute(
                f"SELECT url FROM {table} WHERE url IN ({marks})", chunk))
    return found


def get_article(db: sqlite_utils.Database | sqlite3.Connection, url: str) -> dict | None:
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    cur = conn.execute("SELECT * FROM articles WHERE url = ?", (url,))
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row)) if row else None


@retry_locked
def delete_article(db: sqlite_utils.Database, url: str) -> bool:
    """Remove an article from the archive (a takedown): its row, its earlier versions, the URLs
    recorded as its duplicates, and its text from the full-text index. False if there was none."""
    with _Tx(db) as conn:
        row = conn.execute("SELECT rowid, title, body FROM articles WHERE url = ?", (url,)).fetchone()
        if row is None:
            return False
        fts.unindex_row(conn, *row)
        conn.execute("DELETE FROM duplicates WHERE duplicate_of = ?", (url,))
        conn.execute("DELETE FROM revisions WHERE url = ?", (url,))
        conn.execute("DELETE FROM articles WHERE url = ?", (url,))
        return True
