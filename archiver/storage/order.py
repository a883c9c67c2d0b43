"""Article rowids in publication order, so that the full-text index lists the newest articles first.

FTS5 walks a word's matches in rowid order, and stops early only in that order. An article's rowid is
therefore its publication day times DAY_SLOTS plus its place among that day's articles: the search
takes "the newest matches" from the index alone, whatever order a crawl archived them in (a backfill
archives newest first). Undated articles get day 0, the oldest. When an article's date is learnt or
changes, the writer moves the row to its new day (storage.articles); `rekey_all` puts the rows of an
archive written before this order in place. Every writer of `published` keeps it (write_article,
re-extraction), so a date filter is also a rowid range that FTS5 seeks to (`day_range`); the
filters still read the articles' own dates as well.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from archiver.errors import StorageError

EPOCH = date(1990, 1, 1)  # day 1; earlier dates share it
DAY_SLOTS = 1 << 20  # articles a day can hold in order


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
        return low
    if top + 1 >= low + DAY_SLOTS:
        raise StorageError(f"more than {DAY_SLOTS:,} articles dated {published}: no rowid left in order")
    return top + 1


def day_range(since: str | None, until: str | None) -> tuple[int, int]:
    """The rowids of articles published from `since` to `until` (ISO days, inclusive; None: open)."""
    low = day_of(since) * DAY_SLOTS if since else DAY_SLOTS  # dated articles only
    high = (day_of(until) + 1) * DAY_SLOTS - 1 if until else (1 << 62)
    return low, high


def rekey_all(conn: sqlite3.Connection) -> int:
    """Move every article not at a rowid of its day (inside the caller's transaction, with the
    full-text index emptied: the caller indexes the articles afterwards); returns how many moved.
    They are set aside at negative rowids first, so that no old rowid stands in a day's way."""
    misplaced = [(rowid, published) for rowid, published in conn.execute(
        "SELECT rowid, published FROM articles ORDER BY published IS NULL, published, rowid")
        if not in_place(rowid, published)]
    for rowid, _ in misplaced:
        conn.execute("UPDATE articles SET rowid = ? WHERE rowid = ?", (-rowid - 1, rowid))
    for rowid, published in misplaced:
        conn.execute("UPDATE articles SET rowid = ? WHERE rowid = ?", (new_rowid(conn, published), -rowid - 1))
    return len(misplaced)
