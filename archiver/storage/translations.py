"""Translations as analysts read them: one article in several languages, linked by the `work_id`
that verified translations share (archiver.page.extract sets it; the `translations` view lists the links)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from archiver.storage.query import article_filter

WORK_FIELDS = ("url", "title", "date_raw", "published", "category", "body")


def _works_sql(filters: dict) -> tuple[str, list]:
    where, params = article_filter(**filters)
    return ("SELECT w.work_id FROM (SELECT work_id, min(published) AS first FROM articles"
            " WHERE work_id IS NOT NULL GROUP BY work_id HAVING count(DISTINCT lang) >= 2) w"
            " WHERE w.work_id IN (SELECT a.work_id FROM articles a WHERE a.work_id IS NOT NULL"
            f"{where}) ORDER BY w.first IS NULL, w.first, w.work_id"), params


def iter_works(conn: sqlite3.Connection, **filters) -> Iterator[dict]:
    """Articles with at least two languages, one dict per work: {"work_id", "kk": {...}, "ru": ...}
    (WORK_FIELDS of each language present), oldest first. A work is included when any of its
    languages matches the filters (those of `article_filter`)."""
    sql, params = _works_sql(filters)
    for (work_id,) in conn.execute(sql, params).fetchall():  # a second cursor reads each work
        work: dict = {"work_id": work_id}
        for row in conn.execute(f"SELECT lang, {', '.join(WORK_FIELDS)} FROM articles"
                                " WHERE work_id = ? ORDER BY lang", (work_id,)):
            work[row[0]] = dict(zip(WORK_FIELDS, row[1:]))
        yield work


def count_works(conn: sqlite3.Connection, **filters) -> int:
    sql, params = _works_sql(filters)
    return conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def translations_of(conn: sqlite3.Connection, url: str) -> list[dict]:
    """The other languages of an article: [{"lang", "url", "title"}], by language."""
    cur = conn.execute(
        "SELECT t.translation_lang, t.translation_url, b.title FROM translations t"
        " JOIN articles b ON b.url = t.translation_url WHERE t.url = ? ORDER BY 1", (url,))
    return [dict(zip(("lang", "url", "title"), row)) for row in cur]
