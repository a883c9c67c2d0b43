"""Article rowids in publication order, so that the full-text index lists the newest articles first.

FTS5 walks a word's matches in rowid order, and stops early only in that order. An article's rowid is
therefore its publication day times DAY_SLOTS plus its place among that day's articles: the search
takes "the newest matches" from the index alone, whatever order a crawl archived them in (a backfill
archives newest first). Undated articles get day 0, the oldest. When an article's date is learnt or
changes, the writer moves the row to its new day (storage.articles); `rekey_all` puts the rows of an
archive written before this order in place. The order is a speed-up of the search, not a fact the
archive relies on: filters always read the articles' own dates.
"""

from __future__ import annotations

import sqlite3
from datetime import date

EPOCH = date(1990, 1, 1)  # day 1; earlier dates share it
DAY_SLOTS = 1 << 20  # articles a day can hold in order; beyond, they go after every other


def day_of(published: str | None) -> int:
    """The day number of an ISO date (1 for EPOCH and before), 0 when there is none."""
    if not published:
        return 0
    try:
        return max(1, (date.fromisoformat(published[:10]) - EPOCH).days + 1)
    except ValueError:
        return 0


def in_place(rowid: int, published: str | None) -> bool:
    return rowid // DAY_SLOTS == day_of(published)


def new_rowid(conn: sqlite3.Connection, published: str | None) -> int:
    """A free rowid after every article of the same day."""
    low = day_of(published) * DAY_SLOTS
    top = conn.execute("SELECT max(rowid) FROM articles WHERE rowid BETWEEN ? AND ?",
                       (low, low + DAY_SLOTS - 1)).fetchone()[0]
    if top is None:
        candidate = low
    elif top + 1 < low + DAY_SLOTS:
        candidate = top + 1
    else:  # a full day: after everything
        return conn.execute("SELECT max(rowid) + 1 FROM articles").fetchone()[0]
    if conn.execute("SELECT 1 FROM articles WHERE rowid = ?", (candidate,)).fetchone():
        return conn.execute("SELECT max(rowid) + 1 FROM articles").fetchone()[0]
    return candidate


def rekey_all(conn: sqlite3.Connection) -> int:
    """Move every article not at a rowid of its day (inside the caller's transaction, with the
    full-text index emptied: the caller indexes the articles afterwards); returns how many moved."""
    moved = 0
    for rowid, published in conn.execute(
            "SELECT rowid, published FROM articles ORDER BY published IS NULL, published, rowid").fetchall():
        if not in_place(rowid, published):
            conn.execute("UPDATE articles SET rowid = ? WHERE rowid = ?", (new_rowid(conn, published), rowid))
            moved += 1
    return moved
