"""Aggregates over the archive for the demo summary, `archiver stats` and the plot."""

from __future__ import annotations

import sqlite3


def _rows(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[tuple]:
    return [tuple(r) for r in conn.execute(sql, params)]


def archive_stats(conn: sqlite3.Connection) -> dict:
    """Counts an analyst looks at first: by language, section, year, category; date coverage."""
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    dated = conn.execute("SELECT count(*) FROM articles WHERE published IS NOT NULL").fetchone()[0]
    return {
        "articles": total,
        "dated": dated,
        "duplicates": conn.execute("SELECT count(*) FROM duplicates").fetchone()[0],
        "revisions": conn.execute("SELECT count(*) FROM revisions").fetchone()[0],
        "failures": conn.execute("SELECT count(*) FROM failures").fetchone()[0],
        "runs": conn.execute("SELECT count(*) FROM crawl_runs").fetchone()[0],
        "by_lang": _rows(conn, "SELECT lang, count(*), sum(published IS NOT NULL) FROM articles"
                               " GROUP BY lang ORDER BY lang"),
        "by_lang_section": _rows(conn, "SELECT lang, coalesce(section, '-'), count(*) FROM articles"
                                       " GROUP BY 1, 2 ORDER BY 1, 2"),
        "by_year_lang": _rows(conn, "SELECT coalesce(substr(published, 1, 4), 'undated'), lang,"
                                    " count(*) FROM articles GROUP BY 1, 2 ORDER BY 1, 2"),
        "by_category": _rows(conn, "SELECT lang, coalesce(category, '-'), count(*) FROM articles"
                                   " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"),
        "by_date_source": _rows(conn, "SELECT coalesce(date_source, 'none'), count(*) FROM articles"
                                      " GROUP BY 1 ORDER BY 1"),
    }


_GROUPS = {
    "lang": "lang",
    # the top-level section: "events/akorda_news/..." counts as "events"
    "section": "coalesce(substr(section, 1, instr(section || '/', '/') - 1), '-')",
}


def monthly_counts(conn: sqlite3.Connection, by: str = "lang") -> list[tuple[str, str, int]]:
    """(YYYY-MM, lang or top-level section, articles) for dated articles, in order; months
    without articles are absent (the plot fills them with zero)."""
    group = _GROUPS[by]
    return _rows(conn, f"SELECT substr(published, 1, 7), {group}, count(*) FROM articles"
                       " WHERE published IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2")
