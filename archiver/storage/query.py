"""Reading the archive: filters shared by search, export and stats, article streams, history (ranked
full-text search: archiver.storage.ranked)."""

from __future__ import annotations

import difflib
import sqlite3
from datetime import date, timedelta
from collections.abc import Iterator

from archiver.errors import UsageError
from archiver.search.querylang import build_match
from archiver.page.urls import SITE_LANGS

FILTER_COLUMNS = ("lang", "since", "until", "category")
CATEGORIES_SHOWN = 5  # an unknown --category is answered with this many that exist


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


def check_filters(conn: sqlite3.Connection, lang: str | None = None, since: str | None = None,
                  until: str | None = None, category: str | None = None) -> None:
    """Refuse, in one line, filters that no article could pass whatever the query: a period that
    ends before it starts, a category the archive does not have (naming a few it has)."""
    if since and until and date_bound(since, "since") > date_bound(until, "until", upper=True):
        raise UsageError(f"--since {since} is after --until {until}: no article can be in that period")
    if not category or conn.execute("SELECT 1 FROM articles WHERE category = ? LIMIT 1", (category,)).fetchone():
        return
    codes = normalize_lang(lang) or list(dict.fromkeys(SITE_LANGS.values()))
    known = [row[0] for row in conn.execute(
        f"SELECT category FROM articles WHERE category IS NOT NULL AND lang IN ({', '.join('?' * len(codes))})"
        " GROUP BY category ORDER BY count(*) DESC, category", codes)]
    if not known:
        raise UsageError(f"unknown category {category!r}: the archive has no categories yet")
    close = difflib.get_close_matches(category, known, n=CATEGORIES_SHOWN, cutoff=0.6)
    if close:
        raise UsageError(f"unknown category {category!r}: did you mean {' or '.join(map(repr, close))}? (the "
                         f"archive has {len(known)}: `archiver stats` lists them)")
    more = len(known) - CATEGORIES_SHOWN
    raise UsageError(f"unknown category {category!r}: the archive has " + ", ".join(map(repr, known[:CATEGORIES_SHOWN]))
                     + (f" and {more} more (`archiver stats` lists them)" if more > 0 else ""))


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


def iter_articles(conn: sqlite3.Connection, lang: str | None = None, since: str | None = None,
                  until: str | None = None, category: str | None = None,
                  search: str | None = None, columns: tuple[str, ...] | None = None,
                  all_langs: bool = False) -> Iterator[dict]:
    """Stream articles in a stable order (published, then URL), filtered; never all in memory.
    Raises UsageError for filters no article could pass (`check_filters`)."""
    check_filters(conn, lang, since, until, category)
    where, params = article_filter(lang, since, until, category, search, all_langs)
    cols = ", ".join(f"a.{c}" for c in columns) if columns else "a.*"
    cur = conn.execute(
        f"SELECT {cols} FROM articles a WHERE 1 = 1{where}"
        " ORDER BY a.published IS NULL, a.published, a.url", params)
    names = [d[0] for d in cur.description]
    for row in cur:
        yield dict(zip(names, row))


def count_articles(conn: sqlite3.Connection, **filters) -> int:
    check_filters(conn, *(filters.get(name) for name in FILTER_COLUMNS))
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
