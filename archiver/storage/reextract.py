"""Re-extraction's view of the archive: which captures to read back, and the write of an article
re-extracted from its capture (a revision whose `reason` says the change came from our code).

`revisions.reason` (migration 005) says why a version was replaced: "edited" when a crawl found
the site's page changed (the default, so crawls need not name it), "re-extracted" when
`archiver reextract` rebuilt the article from its stored capture with a changed extractor.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import fields

import sqlite_utils

from archiver.page.items import Article
from archiver.storage.articles import _fts_replace, _keep_in_order, _Tx
from archiver.storage.query import article_filter
from archiver.storage.schema import content_hash, now_iso, retry_locked

EDITED = "edited"
REEXTRACTED = "re-extracted"
# The fields extraction gives (every Article field but the key): a change in any of them is a new
# version of the article.
EXTRACTED_FIELDS = tuple(f.name for f in fields(Article) if f.name != "url" and f.metadata.get("stored", True))


def _targets(lang: str | None, since: str | None, section: str | None,
             url: str | None) -> tuple[str, list]:
    where, params = article_filter(lang, since, alias="a")
    if section:
        names = [s.strip("/ ") for s in section.split(",") if s.strip("/ ")]
        where += f" AND a.section IN ({', '.join('?' * len(names))})"
        params += names
    if url:
        where += " AND a.url = ?"
        params.append(url)
    return where, params


def count_targets(conn: sqlite3.Connection, lang: str | None = None, since: str | None = None,
                  section: str | None = None, url: str | None = None) -> int:
    """How many articles capture_targets gives (for a progress bar)."""
    where, params = _targets(lang, since, section, url)
    return conn.execute(f"SELECT count(*) FROM articles a WHERE 1 = 1{where}", params).fetchone()[0]


def capture_targets(conn: sqlite3.Connection, lang: str | None = None, since: str | None = None,
                    section: str | None = None, url: str | None = None) -> Iterator[dict]:
    """Each archived article (filtered) with its newest response capture (warc_file and
    warc_offset are None when the archive holds none), in WARC order so files are read forward."""
    where, params = _targets(lang, since, section, url)
    cur = conn.execute(
        f"SELECT a.url, {', '.join('a.' + f for f in EXTRACTED_FIELDS)}, c.fetch_url,"
        " c.warc_file, c.warc_offset, c.warc_length, c.fetched_at FROM articles a LEFT JOIN captures c ON c.id ="
        " (SELECT id FROM captures WHERE url = a.url AND record_type = 'response'"
        "  ORDER BY fetched_at DESC, id DESC LIMIT 1)"
        f" WHERE 1 = 1{where} ORDER BY c.warc_file IS NULL, c.warc_file, c.warc_offset, a.url", params)
    names = [d[0] for d in cur.description]
    for row in cur:
        yield dict(zip(names, row))


def changed_fields(old: dict, article: Article) -> list[str]:
    """The extracted fields whose value differs between the stored row and a re-extraction."""
    new = article.to_dict()
    return [name for name in EXTRACTED_FIELDS if old.get(name) != new[name]]


@retry_locked
def write_reextracted(db: sqlite_utils.Database, article: Article, run_id: int) -> list[str]:
    """Store a re-extracted article over its row; returns the fields that changed (none: untouched).

    A change keeps the previous version in `revisions` with reason "re-extracted" and gives the row
    the next version number; first_seen/last_seen (when a crawl saw the page) do not move.
    """
    with _Tx(db) as conn:
        cur = conn.execute(
            "SELECT rowid, version, content_hash, last_changed, changed_run,"
            f" {', '.join(EXTRACTED_FIELDS)} FROM articles WHERE url = ?", (article.url,))
        row = cur.fetchone()
        if row is None:
            return []
        old = dict(zip([d[0] for d in cur.description], row))
        changed = changed_fields(old, article)
        if not changed:
            conn.execute("UPDATE articles SET last_run = ? WHERE url = ?", (run_id, article.url))
            return []
        conn.execute(
            "INSERT INTO revisions (url, version, title, body, date_raw, published, category,"
            " content_hash, captured_at, run_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.url, old["version"], old["title"], old["body"], old["date_raw"],
             old["published"], old["category"], old["content_hash"], old["last_changed"],
             old["changed_run"], REEXTRACTED))
        values = article.to_dict()
        digest = content_hash(article.title, article.body)
        conn.execute(
            f"UPDATE articles SET {', '.join(f'{name} = ?' for name in EXTRACTED_FIELDS)},"
            " content_hash = ?, version = ?, last_changed = ?, changed_run = ?, last_run = ?"
            " WHERE url = ?",
            [values[name] for name in EXTRACTED_FIELDS]
            + [digest, old["version"] + 1, now_iso(), run_id, run_id, article.url])
        if digest != old["content_hash"]:
            _fts_replace(conn, old["rowid"], article.title, article.body, delete_first=True)
        _keep_in_order(conn, old["rowid"], article.published, article.title, article.body)  # a new date
        return changed


@retry_locked
def mark_unchanged(db: sqlite_utils.Database, urls: list[str], run_id: int) -> None:
    """Articles a re-extraction found as stored: only last_run moves (run coverage counts them)."""
    with _Tx(db) as conn:
        for start in range(0, len(urls), 500):
            chunk = urls[start:start + 500]
            conn.execute(f"UPDATE articles SET last_run = ? WHERE url IN ({', '.join('?' * len(chunk))})",
                         [run_id, *chunk])


def revision_reasons(conn: sqlite3.Connection, url: str) -> dict[int, str]:
    """version -> why it was replaced ("edited" or "re-extracted"), for an article's revisions."""
    return dict(conn.execute("SELECT version, reason FROM revisions WHERE url = ?", (url,)))
