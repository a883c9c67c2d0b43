"""Reading the archive: filters shared by search, export and stats; ranked full-text search."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta
from collections.abc import Iterator

from archiver.errors import UsageError
from archiver.search.snippets import highlight
from archiver.search.textsearch import BM25_WEIGHTS, Term, build_match, parse_query  # (title, body, stems) weights
from archiver.page.urls import SITE_LANGS
from archiver.storage import order

FILTER_COLUMNS = ("lang", "since", "until", "category")
CANDIDATES = 1000  # matches ranked by bm25, newest first: what search costs is bounded by it
SNIPPET_WINDOW = (120, 480)  # characters before and after the first likely match given to highlight


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
                   search: str | None = None, all_langs: bool = False,
                   alias: str = "a") -> tuple[str, list]:
    """A WHERE fragment (starting with " AND" or empty) and its parameters. `all_langs`: only
    articles whose verified translations (the `translations` view) cover kk, ru and en."""
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
    if all_langs:
        clauses.append(f"{alias}.work_id IN (SELECT work_id FROM articles WHERE work_id IS NOT NULL"
                       " GROUP BY work_id HAVING count(DISTINCT lang) = 3)")
    return "".join(f" AND {c}" for c in clauses), params


def search(conn: sqlite3.Connection, query: str, lang: str | None = None,
           since: str | None = None, until: str | None = None, category: str | None = None,
           limit: int = 20, candidates: int | None = CANDIDATES,
           all_langs: bool = False) -> list[dict]:
    """Ranked matches with a highlighted snippet; raises UsageError on a malformed query.

    Relevance: bm25 (title, body and stem columns weighted by BM25_WEIGHTS) among the `candidates`
    newest matching articles that pass the filters (rowids follow publication dates: storage.order);
    a query matching fewer articles is ranked over all of them. `candidates=None` ranks every match,
    which takes time in proportion to the matches (see BENCHMARKS.md).
    """
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    match = build_match(query)
    where, params = article_filter(lang, since, until, category, all_langs=all_langs, alias="f")
    score = f"bm25(articles_fts, {', '.join(map(str, BM25_WEIGHTS))})"
    # FTS5 walks matches in rowid order and stops at the LIMIT: newest first, only as many as
    # ranked. A filter joins each match to its article (CROSS JOIN: the index stays the outer loop).
    pool = f"SELECT articles_fts.rowid AS id, {score} AS score FROM articles_fts" + (
        " CROSS JOIN articles f ON f.rowid = articles_fts.rowid" if where else "") + (
        f" WHERE articles_fts MATCH ?{where}")
    if since or until:  # rowids follow publication days (storage.order): FTS5 seeks to the period
        pool += " AND articles_fts.rowid BETWEEN ? AND ?"
        params = [*params, *order.day_range(since and date_bound(since, "since"),
                                            until and date_bound(until, "until", upper=True))]
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
    first = _first_likely_match(query)
    for row in found:  # marks inflected forms too, which FTS5's snippet() cannot
        row["snippet"] = _snippet(row["snippet"] or "", query, first)
    return found


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif value:
        for item in value:
            yield from _strings(item)


def _first_likely_match(query: str) -> re.Pattern | None:
    """A word starting like one of the query's forms or stems, lower-cased: all but their last two
    letters (4 at least), as inflection changes the ending (встреча, встречи; заявить, заявил)."""
    forms = {s[:max(4, len(s) - 2)] for t in parse_query(query) if isinstance(t, Term) and not t.negated
             for s in (*t.exact, *_strings(t.stems)) if len(s) >= 3}
    if not forms:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + ")")


def _snippet(body: str, query: str, first: re.Pattern | None) -> str:
    """`highlight` of the body, given only a window around the first likely match: marking reads
    every word it is given, and a long body costs milliseconds. The whole body if the window shows
    no match (a stem that is not a prefix of the word, as a lemma may be)."""
    hit = first.search(body.lower()) if first else None
    if hit is None or len(body) <= sum(SNIPPET_WINDOW):
        return highlight(body, query)
    start = body.rfind(" ", 0, max(0, hit.start() - SNIPPET_WINDOW[0])) + 1
    end = body.find(" ", hit.start() + SNIPPET_WINDOW[1])
    end = len(body) if end < 0 else end
    shown = highlight(body[start:end], query)
    if "[" not in shown:
        return highlight(body, query)
    before = "… " if start and not shown.startswith("… ") else ""
    after = " …" if end < len(body) and not shown.endswith(" …") else ""
    return before + shown + after


def iter_articles(conn: sqlite3.Connection, lang: str | None = None, since: str | None = None,
                  until: str | None = None, category: str | None = None,
                  search: str | None = None, columns: tuple[str, ...] | None = None,
                  all_langs: bool = False) -> Iterator[dict]:
    """Stream articles in a stable order (published, then URL), filtered; never all in memory."""
    where, params = article_filter(lang, since, until, category, search, all_langs)
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
    """Every version of an article, oldest first: the revisions, then the current row. `reason`:
    why a version was replaced ("edited" on the site, "re-extracted" from its capture; None: current)."""
    cur = conn.execute(
        "SELECT version, title, body, content_hash, captured_at AS changed_at, run_id, reason"
        " FROM revisions WHERE url = ? ORDER BY version", (url,))
    names = [d[0] for d in cur.description]
    versions = [dict(zip(names, row)) for row in cur]
    row = conn.execute(
        "SELECT version, title, body, content_hash, last_changed, changed_run, NULL FROM articles"
        " WHERE url = ?", (url,)).fetchone()
    if row:
        versions.append(dict(zip(names, row)))
    return versions
