"""Crawl runs and the raw-capture index (the frontier, failures and listing progress: frontier.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import sqlite_utils

from archiver.storage.articles import _Tx
from archiver.storage.schema import now_iso, retry_locked


@retry_locked
def start_run(db: sqlite_utils.Database, arguments: dict) -> int:
    with _Tx(db) as conn:
        cur = conn.execute(
            "INSERT INTO crawl_runs (started, status, arguments) VALUES (?, 'running', ?)",
            (now_iso(), json.dumps(arguments, sort_keys=True, ensure_ascii=False)))
        return cur.lastrowid


def run_coverage(db: sqlite_utils.Database, run_id: int) -> dict:
    """Share of the articles this run saw that have a title, a date, a body, a category."""
    row = db.conn.execute(
        "SELECT count(*), sum(title IS NOT NULL AND title != ''), sum(published IS NOT NULL),"
        " sum(body != ''), sum(category IS NOT NULL) FROM articles WHERE last_run = ?",
        (run_id,)).fetchone()
    total = row[0] or 0
    names = ("title", "date", "body", "category")
    return {"articles": total,
            **{n: (round((v or 0) / total, 4) if total else None) for n, v in zip(names, row[1:])}}


@retry_locked
def finish_run(db: sqlite_utils.Database, run_id: int, status: str, counts: dict,
               dropped: dict, report: dict | None = None) -> dict:
    coverage = run_coverage(db, run_id)
    with _Tx(db) as conn:
        conn.execute(
            "UPDATE crawl_runs SET ended = ?, status = ?, requests = ?, new = ?, changed = ?,"
            " unchanged = ?, duplicates = ?, failed = ?, dropped = ?, coverage = ?, report = ?"
            " WHERE id = ?",
            (now_iso(), status, counts.get("requests", 0), counts.get("new", 0),
             counts.get("changed", 0), counts.get("unchanged", 0), counts.get("duplicate", 0),
             counts.get("failed", 0), json.dumps(dropped, sort_keys=True),
             json.dumps(coverage, sort_keys=True),
             json.dumps(report, sort_keys=True, ensure_ascii=False) if report else None,
             run_id))
    return coverage


def last_runs(conn: sqlite3.Connection, limit: int = 5) -> list[dict]:
    cur = conn.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?", (limit,))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur]


def last_capture(db: sqlite_utils.Database, url: str) -> dict | None:
    """The newest full (response) capture of a canonical URL, for revisit decisions."""
    cur = db.conn.execute(
        "SELECT digest, fetched_at, fetch_url, warc_file, warc_offset FROM captures"
        " WHERE url = ? AND record_type = 'response' ORDER BY fetched_at DESC, id DESC LIMIT 1",
        (url,))
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row)) if row else None


@retry_locked
def record_capture(db: sqlite_utils.Database, url: str, fetch_url: str, ref, status: int,
                   fetched_at: str, run_id: int | None, etag: str | None = None,
                   last_modified: str | None = None) -> int:
    """Index one WARC record (an archiver.fetch.warc.CaptureRef) with the response's validators
    (sent back by the next revisit); returns its captures.id."""
    with _Tx(db) as conn:
        return conn.execute(
            "INSERT INTO captures (url, fetch_url, warc_file, warc_offset, warc_length, digest,"
            " record_type, status, fetched_at, run_id, etag, last_modified)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (url, fetch_url, ref.file, ref.offset, ref.length, ref.digest, ref.record_type,
             status, fetched_at, run_id, etag, last_modified)).lastrowid


def find_capture(conn: sqlite3.Connection, url: str, at: str | None = None) -> dict | None:
    """The response capture of `url` current at time `at` (ISO date or datetime), else newest."""
    sql = ("SELECT * FROM captures WHERE url = ? AND record_type = 'response'"
           + (" AND fetched_at <= ?" if at else "") + " ORDER BY fetched_at DESC, id DESC LIMIT 1")
    cur = conn.execute(sql, (url, at + "\uffff") if at else (url,))
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row)) if row else None


def capture_locations(conn: sqlite3.Connection) -> Iterator[tuple[str, int, int | None]]:
    """(WARC file, offset, length or None) of every indexed capture, by file then offset."""
    yield from conn.execute("SELECT warc_file, warc_offset, warc_length FROM captures"
                            " ORDER BY warc_file, warc_offset")


@retry_locked
def close_interrupted_runs(db: sqlite_utils.Database) -> list[int]:
    """Runs still "running" when a new crawl holds the lock were killed: say so in their rows."""
    with _Tx(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM crawl_runs WHERE status = 'running'")]
        conn.execute("UPDATE crawl_runs SET status = 'interrupted', ended = coalesce(ended, ?)"
                     " WHERE status = 'running'", (now_iso(),))
    return ids


def runs_started_since(db: sqlite_utils.Database, run_ids: list[int]) -> str | None:
    """The earliest start time of these runs (to find the WARC files they may have left torn)."""
    if not run_ids:
        return None
    marks = ", ".join("?" * len(run_ids))
    return db.conn.execute(f"SELECT min(started) FROM crawl_runs WHERE id IN ({marks})",
                           run_ids).fetchone()[0]
