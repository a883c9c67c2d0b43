"""Ranked full-text search: the one function behind `archiver search`, the web search page and the
benchmarks (`search_results`), and `search`, its list of rows.

Relevance is bm25 over every article that matches (title, body and stem columns weighted by
BM25_WEIGHTS) whenever that stays within the search time goal. Counting the matches is cheap (FTS5
reads the index alone); ranking costs time in proportion to them. So the matches are counted first,
and only beyond FULL_RANK_LIMIT is the ranking cut short: to the CANDIDATES newest matches (rowids
follow publication dates: storage.order), which the results then say (`SearchResults.notes`), with
the way to ask for the full ranking (`full_rank=True`: `--full-rank`, `full_rank=1` in a URL).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from archiver.errors import UsageError
from archiver.search.querylang import build_match, unquoted
from archiver.search.snippets import body_snippet, likely_match
from archiver.search.textsearch import BM25_WEIGHTS
from archiver.storage import order as rowids
from archiver.storage.query import article_filter, check_filters, date_bound

# Beyond this many matching articles the ranking is cut short (unless full_rank): full bm25 takes time
# in proportion to the matches, the same at both sizes measured: about 1.2 us a match at 100,000
# articles ("президент", 72,728 matches: 85 ms), 1.2-1.6 us at 1,000,000 (2 for a NOT), unfiltered.
# 75,000 matches (about 105 ms) leave the goal's p95 of 150 ms room for the count, the snippets and
# the filters; 100,000 did not (search p50 62 ms at 1,000,000 articles against 46 ms: BENCHMARKS.md).
# Every query of the mix at 100,000 articles (at most 72,728 matches) is ranked in full.
FULL_RANK_LIMIT = 75_000
CANDIDATES = 1000  # the newest matches a cut-short ranking considers
ORDERS = ("relevance", "date")
SCORE = f"bm25(articles_fts, {', '.join(map(str, BM25_WEIGHTS))})"


@dataclass
class SearchResults:
    """One page of a search.

    rows: dicts with url, lang, published, category, title, snippet (a window of the body around the
      first match, matched words in [brackets], inflected forms too) and score (bm25: lower is better;
      None in date order);
    total: the articles that match the query and the filters;
    ranked_over: how many of them the ranking considered (total, unless cut short);
    cut_short: the ranking considered only the newest `ranked_over` matches;
    notes: one-line explanations to show beside the results (a quoted phrase that found nothing while
      its words would; a ranking cut short and how to ask for the full one).
    """

    rows: list[dict]
    total: int
    ranked_over: int
    cut_short: bool
    notes: list[str] = field(default_factory=list)


def search_results(conn: sqlite3.Connection, query: str, *, lang: str | None = None,
                   since: str | None = None, until: str | None = None, category: str | None = None,
                   all_langs: bool = False, order: str = "relevance", limit: int = 20, offset: int = 0,
                   full_rank: bool = False, candidates: int = CANDIDATES,
                   rank_limit: int = FULL_RANK_LIMIT) -> SearchResults:
    """Search the archive: rows `offset` to `offset + limit` of the matches, best first
    (order="relevance") or newest first (order="date"), and how many match in all.

    `query` is in the query language of archiver.search.querylang (words in any inflected form,
    "exact phrases", OR, -excluded, prefix*). Filters as in `article_filter`: `lang` ("kk,ru"),
    `since`/`until` (YYYY, YYYY-MM or YYYY-MM-DD), an exact `category`, `all_langs`.
    Relevance is full bm25 when at most `rank_limit` articles match, or with `full_rank`; else bm25
    among the `candidates` newest matches, and `cut_short` says so (with a note).
    Raises UsageError with a one-line explanation for a query that cannot be searched or filters
    that contradict each other (since after until, an unknown category).
    """
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    if offset < 0:
        raise UsageError("--offset cannot be negative")
    plan = _Plan(conn, query, dict(lang=lang, since=since, until=until, category=category, all_langs=all_langs),
                 order, full_rank, max(candidates, limit + offset), rank_limit)
    if order == "date":
        inner = (f"SELECT articles_fts.rowid AS id, NULL AS score FROM {plan.pool}"
                 " ORDER BY articles_fts.rowid DESC LIMIT ? OFFSET ?")
    else:
        newest = f" ORDER BY articles_fts.rowid DESC LIMIT {int(plan.ranked_over)}" if plan.cut_short else ""
        inner = (f"SELECT id, score FROM (SELECT articles_fts.rowid AS id, {SCORE} AS score FROM {plan.pool}"
                 f"{newest}) ORDER BY score, id DESC LIMIT ? OFFSET ?")
    sql = ("SELECT a.url, a.lang, a.published, a.category, a.title, a.body AS snippet, top.score"
           f" FROM ({inner}) top JOIN articles a ON a.rowid = top.id"
           + (" ORDER BY top.id DESC" if order == "date" else " ORDER BY top.score, top.id DESC"))
    cur = _execute(conn, query, sql, [*plan.params, limit, offset])
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, row)) for row in cur]
    first = likely_match(query)
    for row in rows:  # marks inflected forms too, which FTS5's snippet() cannot
        row["snippet"] = body_snippet(row["snippet"] or "", query, first)
    return SearchResults(rows, plan.total, plan.ranked_over, plan.cut_short, plan.notes())


def search_notes(conn: sqlite3.Connection, query: str, *, order: str = "relevance", full_rank: bool = False,
                 **filters) -> list[str]:
    """What `search_results` would say beside its results, without searching for them: its notes, or
    the one-line explanation of a query or filters it refuses (for pages that show the results of
    their own SQL: the Datasette search box and canned query)."""
    try:
        return _Plan(conn, query, filters, order, full_rank, CANDIDATES, FULL_RANK_LIMIT).notes()
    except UsageError as exc:
        return [str(exc)]


class _Plan:
    """A search's matches counted before any is ranked: how many, and whether ranking them all fits."""

    def __init__(self, conn: sqlite3.Connection, query: str, filters: dict, order: str, full_rank: bool,
                 candidates: int, rank_limit: int) -> None:
        if order not in ORDERS:
            raise UsageError(f"unknown order {order!r}: use relevance or date")
        check_filters(conn, filters.get("lang"), filters.get("since"), filters.get("until"), filters.get("category"))
        self.conn, self.query, self.filters = conn, query, filters
        self.category_index = bool(filters.get("category")) and has_category_index(conn)
        self.pool, self.params = _pool(build_match(query), **filters, category_index=self.category_index)
        self.total = _execute(conn, query, f"SELECT count(*) FROM {self.pool}", self.params).fetchone()[0]
        self.cut_short = order == "relevance" and not full_rank and self.total > max(rank_limit, candidates)
        self.ranked_over = min(self.total, candidates) if self.cut_short else self.total

    def notes(self) -> list[str]:
        notes = []
        if self.cut_short:
            notes.append(f"ranked by relevance among the newest {self.ranked_over:,} of {self.total:,} matching "
                         "articles; ask for the full ranking (--full-rank, or full_rank=1 in a web address) "
                         "to rank them all")
        if not self.total and (hint := self._phrase_hint()):
            notes.append(hint)
        return notes

    def _phrase_hint(self) -> str | None:
        """A quoted phrase found nothing: how many its words find without the quotes, if any."""
        if (plain := unquoted(self.query)) is None:
            return None
        alternative, phrases = plain
        try:
            pool, params = _pool(build_match(alternative), **self.filters, category_index=self.category_index)
        except UsageError:
            return None
        found = self.conn.execute(f"SELECT count(*) FROM {pool}", params).fetchone()[0]
        if not found:
            return None
        shown = " and ".join(f'"{p}"' for p in phrases)
        return (f"no article has {shown} exactly as typed (a quoted phrase matches only that form); without the "
                f"quotes, {alternative} finds {found:,} article{'s' if found != 1 else ''}")


def search(conn: sqlite3.Connection, query: str, lang: str | None = None,
           since: str | None = None, until: str | None = None, category: str | None = None,
           limit: int = 20, candidates: int | None = None,
           all_langs: bool = False, full_rank: bool = False) -> list[dict]:
    """The rows of `search_results`, best first. `candidates`: rank only the newest this many matches
    (None: the rule of `search_results`; `full_rank`: every match)."""
    bound = {} if candidates is None else {"candidates": candidates, "rank_limit": candidates}
    return search_results(conn, query, lang=lang, since=since, until=until, category=category,
                          all_langs=all_langs, limit=limit, full_rank=full_rank, **bound).rows


def _pool(match: str, lang: str | None = None, since: str | None = None, until: str | None = None,
          category: str | None = None, all_langs: bool = False,
          category_index: bool = True) -> tuple[str, list]:
    """FROM and WHERE of the matches that pass the filters, and their parameters. FTS5 walks the
    matches; language and category (with the dates) are checked against the set of rowids their indexes give
    (`+` keeps that set a filter rather than a list of rowids to look up in the full-text index, which
    is slower): 3-4x faster than reading each match's article row, which only the filters without an
    index (all_langs; category in an archive not yet given its index, migration 011) do, through a
    join. A period is also a rowid range that FTS5 seeks to (rowids follow publication days:
    storage.order)."""
    pool, params = "articles_fts", [match]
    by_index = category if category_index else None
    joined, joined_params = article_filter(category=None if by_index else category, all_langs=all_langs,
                                           alias="f")
    if joined:  # CROSS JOIN: the index stays the outer loop
        pool += " CROSS JOIN articles f ON f.rowid = articles_fts.rowid"
    pool += " WHERE articles_fts MATCH ?"
    # A period alone is the rowid range below, exactly (storage.order keeps every row at its day): the
    # set of its rowids would be most of a large archive (280 ms at 1,000,000 articles for "since 2013").
    # With a language or category, the period narrows their set, through the same index.
    indexed, indexed_params = article_filter(lang, since, until, by_index, alias="s") if lang or by_index \
        else ("", [])
    if indexed:
        pool += f" AND +articles_fts.rowid IN (SELECT s.rowid FROM articles s WHERE 1 = 1{indexed})"
        params += indexed_params
    pool += joined
    params += joined_params
    if since or until:
        pool += " AND articles_fts.rowid BETWEEN ? AND ?"
        params += rowids.day_range(since and date_bound(since, "since"),
                                   until and date_bound(until, "until", upper=True))
    return pool, params


def has_category_index(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'articles_category'"
                        ).fetchone() is not None


def _execute(conn: sqlite3.Connection, query: str, sql: str, params: list) -> sqlite3.Cursor:
    try:
        return conn.execute(sql, params)
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
            raise UsageError(f"cannot search for {query!r}: {exc}") from exc
        raise
