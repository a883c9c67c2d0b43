"""Reads that snapshots need beyond `query`: where the exported rows come from, and a stable view.

- `source_runs`: the crawl runs that first stored or last changed the filtered articles, for the
  manifest's provenance;
- `snapshot_reader`: one read transaction, so that the count, the runs and the rows of a snapshot
  all see the same state of the archive while a crawl keeps writing.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archiver.storage.query import article_filter
from archiver.storage.schema import open_readonly

RUN_COLUMNS = ("id", "started", "ended", "status")


def source_runs(conn: sqlite3.Connection, lang: str | None = None, since: str | None = None,
                until: str | None = None, category: str | None = None,
                search: str | None = None, all_langs: bool = False) -> list[dict]:
    """The crawl runs named by the filtered rows' `first_run` or `changed_run`, by id.

    Each: id, started, ended, status, and how many of the rows each run first stored
    (`first_stored`) and last changed (`last_changed`). Rows written outside a run (no id)
    are counted under id None.
    """
    where, params = article_filter(lang, since, until, category, search, all_langs)
    first: Counter[int | None] = Counter()
    changed: Counter[int | None] = Counter()
    for column, counter in (("first_run", first), ("changed_run", changed)):
        for run_id, n in conn.execute(
                f"SELECT a.{column}, count(*) FROM articles a WHERE 1 = 1{where}"
                f" GROUP BY a.{column}", params):
            counter[run_id] = n
    ids = sorted({*first, *changed} - {None})
    known: dict[int, tuple] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for row in conn.execute(
                f"SELECT {', '.join(RUN_COLUMNS)} FROM crawl_runs"
                f" WHERE id IN ({', '.join('?' * len(chunk))})", chunk):
            known[row[0]] = tuple(row)
    runs = []
    for run_id in ids + ([None] if None in first or None in changed else []):
        info = dict(zip(RUN_COLUMNS, known.get(run_id, (run_id, None, None, None))))
        if run_id is not None and run_id not in known:
            info["status"] = "unknown"  # the run row is gone: say so rather than drop the id
        info["first_stored"] = first.get(run_id, 0)
        info["last_changed"] = changed.get(run_id, 0)
        runs.append(info)
    return runs


@contextmanager
def snapshot_reader(path: str | Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection inside one read transaction (a consistent view under WAL)."""
    conn = open_readonly(path)
    try:
        conn.execute("BEGIN")
        yield conn
    finally:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        conn.close()
