"""Schema and connections: the migrations, opening the archive read-write or read-only.

Open with `open_archive(path)`; it migrates (safe to run twice) and turns on WAL so that readers
(search, query, export, Datasette) keep working while a crawl writes. Writes go through
`write_article`, `record_capture`, `record_failure`, the run helpers and the listing-state helpers;
each commits at once, so a killed crawl loses at most the row being written.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
import unicodedata
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils
from tenacity import retry, retry_if_exception, stop_after_delay, wait_exponential

from archiver.errors import StorageError
from archiver.storage.fts import ensure_current

DEFAULT_DB = "data/archive.db"
SCHEMA_VERSION = 6
# Pages of a new archive. An article row is 2-9 KB of text: in 4 KB pages most spill into overflow
# pages and leave the rest of their leaf page unused (0.16x the raw text at 100,000 articles); in
# 64 KB pages (SQLite's largest) a leaf holds many rows and 0.05x is unused: the archive at 1.97x its
# raw text instead of 2.09x. The price, measured: the writer ~0.2 ms more CPU an article (whole
# pages to the WAL), search p95 a few ms more. An archive made before keeps its pages (see README).
PAGE_SIZE = 65536

ARTICLE_COLUMNS = (
    "url", "lang", "site_id", "section", "title", "date_raw", "published", "date_source",
    "category", "body", "content_hash", "version", "first_seen", "last_seen", "last_changed",
    "first_run", "changed_run", "last_run", "text_lang", "work_id",
)

# Each migration runs once; its name is recorded in `_migrations`.
MIGRATIONS: list[tuple[str, str]] = [
    ("001_articles", """
        CREATE TABLE articles (
            url TEXT PRIMARY KEY, lang TEXT NOT NULL, site_id TEXT NOT NULL, section TEXT,
            title TEXT, date_raw TEXT, published TEXT, date_source TEXT, category TEXT,
            body TEXT NOT NULL, content_hash TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1,
            first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, last_changed TEXT NOT NULL,
            first_run INTEGER, changed_run INTEGER, last_run INTEGER);
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE INDEX articles_lang_published ON articles(lang, published);
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE duplicates (
            url TEXT PRIMARY KEY, duplicate_of TEXT NOT NULL REFERENCES articles(url),
            content_hash TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
            first_run INTEGER);
        CREATE TABLE listing_state (
            lang TEXT NOT NULL, section TEXT NOT NULL, complete INTEGER NOT NULL DEFAULT 0,
            deepest_page INTEGER NOT NULL DEFAULT 0, updated TEXT, PRIMARY KEY (lang, section));
    """),
    ("002_history", """
        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY, started TEXT NOT NULL, ended TEXT, status TEXT NOT NULL,
            arguments TEXT, requests INTEGER DEFAULT 0, new INTEGER DEFAULT 0,
            changed INTEGER DEFAULT 0, unchanged INTEGER DEFAULT 0, duplicates INTEGER DEFAULT 0,
            failed INTEGER DEFAULT 0, dropped TEXT, coverage TEXT, report TEXT);
        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY, url TEXT NOT NULL REFERENCES articles(url),
            version INTEGER NOT NULL, title TEXT, body TEXT NOT NULL, date_raw TEXT,
            published TEXT, category TEXT, content_hash TEXT NOT NULL, captured_at TEXT NOT NULL,
            run_id INTEGER, UNIQUE (url, version));
        CREATE TABLE captures (
            id INTEGER PRIMARY KEY, url TEXT NOT NULL, fetch_url TEXT, warc_file TEXT NOT NULL,
            warc_offset INTEGER NOT NULL, warc_length INTEGER, digest TEXT NOT NULL,
            record_type TEXT NOT NULL, status INTEGER, fetched_at TEXT NOT NULL, run_id INTEGER);
        CREATE INDEX captures_url ON captures(url, fetched_at);
        CREATE TABLE failures (
            url TEXT PRIMARY KEY, reason TEXT NOT NULL, detail TEXT, attempts INTEGER NOT NULL,
            first_failed TEXT NOT NULL, last_failed TEXT NOT NULL, run_id INTEGER, listing TEXT);
    """),
    ("003_search", """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, stems, tokenize = 'unicode61 remove_diacritics 0');
    """),
    # Snapshots stream in this order; served by an index, SQLite need not sort (and hold) rows.
    ("004_export_order", """
        CREATE INDEX articles_export_order ON articles(published IS NULL, published, url);
    """),
    # Why a version was replaced: "edited" on the site (a crawl), or "re-extracted" from its capture.
    ("005_d_revision_reason", """
        ALTER TABLE revisions ADD COLUMN reason TEXT NOT NULL DEFAULT 'edited';
    """),
    # The full-text index without FTS5's own copy of the text (storage/fts.py): an existing index
    # is dropped and rebuilt from the articles when a writer next opens the archive.
    ("006_c_contentless_fts", """
        DROP TABLE IF EXISTS articles_fts;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, stems, content = '', tokenize = 'unicode61 remove_diacritics 0');
        CREATE TABLE IF NOT EXISTS fts_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        DELETE FROM fts_state;
    """),
    # The crawl frontier (storage/frontier.py): every page a crawl means to fetch, written before it
    # is scheduled; failures become a view of its failed rows. Aliases: listed URLs that redirect.
    ("007_lead_frontier", """
    CREATE TABLE frontier (
        url TEXT PRIMARY KEY, kind TEXT NOT NULL, lang TEXT, section TEXT, context TEXT,
        state TEXT NOT NULL, reason TEXT, detail TEXT, attempts INTEGER NOT NULL DEFAULT 0,
        added TEXT NOT NULL, first_failed TEXT, last_failed TEXT, run_id INTEGER);
    CREATE INDEX frontier_section ON frontier(lang, section, kind);
    CREATE INDEX frontier_run ON frontier(run_id, state);
    INSERT INTO frontier (url, kind, lang, section, context, state, reason, detail, attempts, added,
                          first_failed, last_failed, run_id)
        SELECT url, CASE WHEN json_extract(listing, '$.kind') = 'listing' THEN 'listing'
                    ELSE 'article' END,
               json_extract(listing, '$.lang'),
               coalesce(json_extract(listing, '$.section'), json_extract(listing, '$.entry.section')),
               listing, 'failed', reason, detail, attempts, first_failed, first_failed, last_failed,
               run_id FROM failures;
    DROP TABLE failures;
    CREATE VIEW failures AS SELECT url, kind, reason, detail, attempts, first_failed, last_failed,
        run_id, context AS listing FROM frontier WHERE state = 'failed';
    CREATE TABLE aliases (url TEXT PRIMARY KEY, target TEXT NOT NULL, first_seen TEXT NOT NULL,
                          run_id INTEGER);
"""),    # Translations: the language a text is written in, the id verified translations share
    # (archiver.page.extract), pages whose text is not in their URL's language, and a view of the links.
    ("008_lead_translations", """
        ALTER TABLE articles ADD COLUMN text_lang TEXT;
        ALTER TABLE articles ADD COLUMN work_id TEXT;
        CREATE INDEX articles_work ON articles(work_id) WHERE work_id IS NOT NULL;
        CREATE TABLE language_mismatches (
            url TEXT PRIMARY KEY, url_lang TEXT NOT NULL, text_lang TEXT NOT NULL,
            first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, run_id INTEGER);
        CREATE VIEW translations AS SELECT a.url, a.lang, b.url AS translation_url,
            b.lang AS translation_lang, a.work_id FROM articles a JOIN articles b
            ON b.work_id = a.work_id AND b.lang != a.lang WHERE a.work_id IS NOT NULL;
    """),
    # Changes the site made (issue 19; archiver.storage.changes): new, edited, removed, restored
    # pages, each edit with its significance and the words removed and added, and both sides'
    # versions and captures. Rows are added by the crawl and never rewritten.
    ("009_changes", """
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY, url TEXT NOT NULL, lang TEXT NOT NULL,
            page_kind TEXT NOT NULL DEFAULT 'article', kind TEXT NOT NULL, seen_at TEXT NOT NULL,
            run_id INTEGER, significance TEXT, title_changed INTEGER NOT NULL DEFAULT 0,
            date_changed INTEGER NOT NULL DEFAULT 0, words_removed TEXT, words_added TEXT,
            old_version INTEGER, new_version INTEGER, old_capture INTEGER, new_capture INTEGER,
            detail TEXT);
        CREATE INDEX changes_seen ON changes(seen_at);
        CREATE INDEX changes_url ON changes(url, seen_at);
    """),
    # Revisits (issue 19; archiver.storage.watch): each page's last check and removal state, the
    # validators of each capture (conditional requests), and the site's official pages as documents,
    # apart from the news articles so that news counts, search and exports stay unchanged.
    ("010_watch", """
        CREATE TABLE watch (
            url TEXT PRIMARY KEY, page_kind TEXT NOT NULL DEFAULT 'article', lang TEXT,
            last_checked TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'present',
            gone_since TEXT, last_gone TEXT, gone_checks INTEGER NOT NULL DEFAULT 0, gone_reason TEXT,
            good_capture INTEGER, checks INTEGER NOT NULL DEFAULT 0);
        ALTER TABLE captures ADD COLUMN etag TEXT;
        ALTER TABLE captures ADD COLUMN last_modified TEXT;
        CREATE TABLE documents (
            url TEXT PRIMARY KEY, lang TEXT NOT NULL, path TEXT NOT NULL, title TEXT,
            body TEXT NOT NULL, content_hash TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1,
            first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, last_changed TEXT NOT NULL,
            first_run INTEGER, changed_run INTEGER, last_run INTEGER);
        CREATE TABLE document_revisions (
            id INTEGER PRIMARY KEY, url TEXT NOT NULL, version INTEGER NOT NULL, title TEXT,
            body TEXT NOT NULL, content_hash TEXT NOT NULL, captured_at TEXT NOT NULL,
            run_id INTEGER, UNIQUE (url, version));
    """),
    # Categories by index (issue 20's search at scale): `--category` is checked against the archive
    # before a search (an unknown one is refused, naming close ones), and filters a search through the
    # set of its articles' rowids. Without the index both read the whole articles table: seconds at
    # 1,000,000 articles. (category, lang): the categories of a language too, from the index alone.
    ("011_category_index", """
        CREATE INDEX articles_category ON articles(category, lang);
    """),
]


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content_hash(title: str | None, body: str) -> str:
    """SHA-256 of the normalized title and body (NFC, whitespace folded)."""
    def norm(text: str | None) -> str:
        return " ".join(unicodedata.normalize("NFC", text or "").split())
    return hashlib.sha256(f"{norm(title)}\n{norm(body)}".encode()).hexdigest()


def _is_locked(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower()


# A write that meets a lock (another process checkpointing, a long reader upgrade) is retried.
_retrying = retry(
    retry=retry_if_exception(_is_locked),
    wait=wait_exponential(multiplier=0.05, max=2),
    stop=stop_after_delay(60),
    reraise=True,
)


def retry_locked(function):
    """`function`, retried with backoff (tenacity) after it meets a locked database. The first attempt is a
    plain call: tenacity's bookkeeping costs ~20 us a call, and the archive writer makes several per
    article, nearly all of which meet no lock."""
    retrying = _retrying(function)

    @functools.wraps(function)
    def first_plain(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            if not _is_locked(exc):
                raise
        return retrying(*args, **kwargs)

    return first_plain


def open_archive(path: str | Path = DEFAULT_DB) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the archive. Safe to call any number of times."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 30000")
        if conn.execute("PRAGMA page_count").fetchone()[0] == 0:  # a new file: before its first page
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db = sqlite_utils.Database(conn)
        db.enable_wal()
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(db)
        ensure_current(conn)
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"cannot open archive {path}: {exc}") from exc
    return db


def open_readonly(path: str | Path = DEFAULT_DB) -> sqlite3.Connection:
    """A read-only connection: the file is opened with mode=ro and writes are refused."""
    path = Path(path)
    if not path.exists():
        raise StorageError(f"no archive at {path} (run `archiver crawl` or `archiver demo` first)")
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True, timeout=30,
                           check_same_thread=False)
    conn.execute("PRAGMA query_only = 1")
    conn.row_factory = sqlite3.Row
    return conn


@retry_locked
def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations not yet applied; returns their names."""
    conn = db.conn
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT)")
    done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("ROLLBACK")  # another process got there first
                continue
            for statement in sql.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO _migrations VALUES (?, ?)", (name, now_iso()))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # a failed COMMIT (a full disk) may have rolled back already
                conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


