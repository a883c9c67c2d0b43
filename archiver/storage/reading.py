"""One article as a reader sees it (the Datasette article page): the current text, the same
article in the site's other languages, its captures and its earlier versions."""

from __future__ import annotations

import sqlite3

from archiver.storage.query import history


def _dicts(cur: sqlite3.Cursor) -> list[dict]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur]


def article_view(conn: sqlite3.Connection, url: str) -> dict | None:
    """{article, translations, captures, versions} for a canonical URL, or None."""
    rows = _dicts(conn.execute(
        "SELECT url, lang, site_id, section, title, date_raw, published, category, body,"
        " version, first_seen, last_changed FROM articles WHERE url = ?", (url,)))
    if not rows:
        return None
    article = rows[0]
    # Verified translations only (the `translations` view: the same slug-id path under another
    # language prefix, each page's text in its own language; see archiver.page.extract).
    translations = _dicts(conn.execute(
        "SELECT b.url, b.lang, b.title, b.published FROM translations t JOIN articles b"
        " ON b.url = t.translation_url WHERE t.url = ? ORDER BY b.lang", (url,)))
    captures = _dicts(conn.execute(
        "SELECT fetched_at, record_type, status, fetch_url, warc_file FROM captures"
        " WHERE url = ? ORDER BY fetched_at DESC, id DESC", (url,)))
    return {"article": article, "translations": translations, "captures": captures,
            "versions": history(conn, url)}
