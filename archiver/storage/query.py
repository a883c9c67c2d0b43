"""Reading the archive: filters shared by search, export and stats; ranked full-text search."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from collections.abc import Iterator

from ..errors import UsageError
from ..snippets import highlight
from ..textsearch import BM25_WEIGHTS, build_match  # (title, body, stems) weights
from ..urls import SITE_LANGS

FILTER_COLUMNS = ("lang", "since", "until", "category")
CANDIDATES = 1000  # matches ranked by bm25, newest first: what search costs is bounded by it


def normalize_lang(lang: str | None) -> list[str] | None:
    """"kk,ru" -> ["kk", "ru"]; the site's "kz" is accepted for Kazakh."""
    if not lang:
        return None
    codes = []
    for part in lang.replace(" ", "").split(","):
        code = SITE_LANGS.get(part, part)
        if code not in SITE_LANGS.values():
            raise UsageError(f"unknown language {part!r}: use kk, ru or en")
        codes.append(code)
    return codes


def date_bound(value: str, name: str, upper: bool = False) -> str:
    """"2018" / "2018-09" / "2018-09-29" -> an ISO day; a lower or upper bound of the period."""
    parts = value.strip().split("-")
    try:
        if not 1 <= len(parts) <= 3 or len(parts[0]) != 4:
            raise ValueError
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if upper else 1)
        if len(parts) == 3:
            day = date(year, month, int(parts[2]))
        elif upper:
            day = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
        else:
            day = date(year, month, 1)
    except ValueError:
        raise UsageError(f"--{name} needs a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return day.isoformat()


def article_filter(lang: str | None = None, since: str | None = None,
                   until: str | None = None, category: str | None = None,
                   search: str | None = None, alias: str = "a") -> tuple[str, list]:
    """A WHERE fragment (starting with " AND" or empty) and its parameters."""
    clauses, params = [], []
    codes = normalize_lang(lang)
    if codes:
        clauses.append(f"{alias}.lang IN ({', '.join('?' * len(codes))})")
        params += codes
    if since:
        clauses.append(f"{alias}.published >= ?")
        params.append(date_bound(since, "since"))
    if until:
        clauses.append(f"{alias}.published <= ?")
        params.append(date_bound(until, "until", upper=True))
    if category:
        clauses.append(f"{alias}.category = ?")
        params.append(category)
    if search:
        clauses.append(f"{alias}.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(build_match(search))
    return "".join(f" AND {c}" for c in clauses), params


def search(conn: sqlite3.Connection, query: str, lang: str | None = None,
           since: str | None = None, until: str | None = None, category: str | None = None,
           limit: int = 20, candidates: int | None = CANDIDATES) -> list[dict]:
    """Ranked matches with a highlighted snippet; raises UsageError on a malformed query.

    Relevance: bm25 (title, body and stem columns weighted by BM25_WEIGHTS) among the `candidates`
    newest matching articles that pass the filters (rowids follow publication dates: storage.order);
    a query matching fewer articles is ranked over all of them. `candidates=None` ranks every match,
    which takes time in proportion to the matches (see BENCHMARKS.md).
    """
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    match = build_match(query)
    where, params = article_filter(lang, since, until, category, alias="f")
    score = f"bm25(articles_fts, {', '.join(map(str, BM25_WEIGHTS))})"
    # FTS5 walks matches in rowid order and stops at the LIMIT: newest first, only as many as
    # ranked. A filter joins each match to its article (CROSS JOIN: the index stays the outer loop).
    pool = f"SELECT articles_fts.rowid AS id, {score} AS score FROM articles_fts" + (
        " CROSS JOIN articles f ON f.rowid = articles_fts.rowid" if where else "") + (
        f" WHERE articles_fts MATCH ?{where}")
    bound: list = []
    if candidates is not None:
        pool += " ORDER BY articles_fts.rowid DESC LIMIT ?"
        bound = [max(candidates, limit)]
    inner = f"SELECT id, score FROM ({pool}) ORDER BY score LIMIT ?"
    params = [*params, *bound]
    sql = ("SELECT a.url, a.lang, a.published, a.category, a.title, a.body AS snippet, top.score"
           f" FROM ({inner}) top JOIN articles a ON a.rowid = top.id ORDER BY top.score")
    try:
        cur = conn.execute(sql, [match, *params, limit])
        names = [d[0] for d in cur.description]
        found = [dict(zip(names, row)) for row in cur]
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
            raise UsageError(f"cannot search for {query!r}: {exc}") from exc
        raise
    for row in found:  # marks inflected forms too, which FTS5's snippet() cannot
        row["snippet"] = highlight(row["snippet"] or "", query)
    return found


def iter_articles(conn: sqlite3.Connection, lang: str | None = None, since: str | None = None,
                  until: str | None = None, category: str | None = None,
                  search: str | None = None, columns: tuple[str, ...] | None = None
                  ) -> Iterator[dict]:
    """Stream articles in a stable order (published, then URL), filtered; never all in memory."""
    where, params = article_filter(lang, since, until, category, search)
    cols = ", ".join(f"a.{c}" for c in columns) if columns else "a.*"
    cur = conn.execute(
        f"SELECT {cols} FROM articles a WHERE 1 = 1{where}"
        " ORDER BY a.published IS NULL, a.published, a.url", params)
    names = [d[0] for d in cur.description]
    for row in cur:
        yield dict(zip(names, row))


def count_articles(conn: sqlite3.Connection, **filters) -> int:
    where, params = article_filter(**filters)
    return conn.execute(f"SELECT count(*) FROM articles a WHERE 1 = 1{where}", params).fetchone()[0]


def history(conn: sqlite3.Connection, url: str) -> list[dict]:
    """Every version of an article, oldest first: the revisions, then the current row."""
    cur = conn.execute(
        "SELECT version, title, body, content_hash, captured_at AS changed_at, run_id"
        " FROM revisions WHERE url = ? ORDER BY version", (url,))
    names = [d[0] for d in cur.description]
    versions = [dict(zip(names, row)) for row in cur]
    row = conn.execute(
        "SELECT version, title, body, content_hash, last_changed, changed_run FROM articles"
        " WHERE url = ?", (url,)).fetchone()
    if row:
        versions.append(dict(zip(names, row)))
    return versions
