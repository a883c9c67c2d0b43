"""Nothing lost: crawls stopped at random moments (kill -9 or SIGTERM), over a full crawl and over an
incremental one after new articles appeared, then run again, equal an uninterrupted crawl.

The short form runs in `make test`; the long form (12 stop moments) is marked slow:
`.venv/bin/python -m pytest -m slow tests/test_frontier.py`.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from _archiver import crawl, rows, snapshot, start_crawl

from archiver import storage
from archiver.replica import ReplicaSite, serve

ARTICLES, NEW = 30, 8  # per language; NEW appear on top of their listings before the incremental run


def copy_archive(source: Path, target: Path) -> None:
    """A consistent copy of an archive (SQLite's backup API) with its WARC directory."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    shutil.copytree(source.parent / "warc", target.parent / "warc")


def stopped_then_resumed(server, db: Path, moment: float, how: signal.Signals) -> str:
    """Crawl, stop it `moment` seconds in with `how`, crawl again; returns what the stop left."""
    proc = start_crawl(server, db)
    time.sleep(moment)
    stopped = proc.poll() is None
    if stopped:
        proc.send_signal(how)
    try:
        proc.communicate(timeout=120)  # read its output: a full pipe must not hold it up
    except Exception:
        proc.kill()
        raise
    left = rows(db, "SELECT count(*) FROM frontier")[0][0] if db.exists() and \
        rows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'frontier'")[0][0] else 0
    final = crawl(server, db, check=False)
    assert final.returncode == 0, final.stderr[-2000:]
    return f"{how.name if stopped else 'finished'} at {moment:.2f}s, {left} rows left"


def run_interruptions(tmp_path: Path, stops: int, seed: int) -> None:
    rng = random.Random(seed)
    site = ReplicaSite(seed=seed, articles=ARTICLES)
    with serve(site) as server:
        full_ref = tmp_path / "ref-full" / "a.db"
        started = time.monotonic()
        crawl(server, full_ref)
        duration = time.monotonic() - started
        site.articles = ARTICLES + NEW
        inc_ref = tmp_path / "ref-inc" / "a.db"
        copy_archive(full_ref, inc_ref)
        crawl(server, inc_ref)
        expected = {"full": snapshot(full_ref), "incremental": snapshot(inc_ref)}
        assert len(expected["incremental"][0]) > len(expected["full"][0])
        seen = []
        for n in range(stops):
            case = "full" if n % 2 == 0 else "incremental"
            how = signal.SIGKILL if (n // 2) % 2 == 0 else signal.SIGTERM
            db = tmp_path / f"run{n}" / "a.db"
            if case == "full":
                site.articles = ARTICLES
            else:
                site.articles = ARTICLES
                copy_archive(full_ref, db)
                site.articles = ARTICLES + NEW
            moment = rng.uniform(0.2, duration)
            seen.append(stopped_then_resumed(server, db, moment, how))
            assert snapshot(db) == expected[case], (case, seen[-1])
            conn = storage.open_readonly(db)
            assert conn.execute("SELECT count(*) FROM frontier").fetchone()[0] == 0, seen[-1]
            conn.close()
    # the moments really interrupted crawls, and both signals were used
    assert sum(not s.startswith("finished") for s in seen) >= stops // 2, seen


def test_random_interruptions_short(tmp_path):
    run_interruptions(tmp_path, stops=4, seed=31)


@pytest.mark.slow
def test_random_interruptions_long(tmp_path):
    run_interruptions(tmp_path, stops=12, seed=47)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def writer_of(pid: int) -> int | None:
    for child in children(pid):
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes() and \
                b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes():
            return child
    return None


def test_a_killed_writer_process_stops_the_crawl_and_loses_nothing(tmp_path):
    site = ReplicaSite(seed=17, articles=ARTICLES)
    with serve(site) as server:
        reference = tmp_path / "ref" / "a.db"
        crawl(server, reference)
        db = tmp_path / "a.db"
        proc = start_crawl(server, db, "--set", "DOWNLOAD_DELAY=0.02")
        deadline = time.monotonic() + 30
        writer = None
        while writer is None and time.monotonic() < deadline and proc.poll() is None:
            writer = writer_of(proc.pid)
            time.sleep(0.05)
        assert writer, "the crawl must run its writer in a process of its own"
        time.sleep(1.0)
        os.kill(writer, signal.SIGKILL)
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode != 0 and "Traceback" not in stderr
        assert "archive writer is gone" in stderr, stderr[-2000:]
        final = crawl(server, db, check=False)
    assert final.returncode == 0, final.stderr[-2000:]
    assert snapshot(db) == snapshot(reference)


def test_articles_left_in_the_frontier_are_fetched_even_when_the_walk_stops_early(tmp_path):
    """New articles on page 2 that fail in an incremental run are not found again by the next
    run's walk (page 1 is then all known and the walk stops): only the frontier brings them back."""
    site = ReplicaSite(seed=23, articles=120)
    db = tmp_path / "a.db"
    with serve(site) as server:
        crawl(server, db, "--lang", "kk", "--section", "events")
        site.articles = 200  # more new kk news than one listing page holds
        page2 = {card.path for card in site.listing("kz", "events", 2).cards}
        new = {e["url"] for e in site.expected() if e["lang"] == "kk" and e["section"] == "events"}
        archived = set(rows_of(db))
        lost_if_not_resumed = {u for u in new - archived if u.removeprefix("https://www.akorda.kz")
                               in page2}
        assert lost_if_not_resumed, "the test needs new articles on page 2"
        site.broken = frozenset(u.removeprefix("https://www.akorda.kz") for u in lost_if_not_resumed)
        crawl(server, db, "--lang", "kk", "--section", "events", check=False)
        assert not lost_if_not_resumed & set(rows_of(db))
        site.broken = frozenset()
        crawl(server, db, "--lang", "kk", "--section", "events")
    assert lost_if_not_resumed <= set(rows_of(db))
    assert rows(db, "SELECT count(*) FROM frontier") == [(0,)]


def rows_of(db: Path) -> list[str]:
    return [u for (u,) in rows(db, "SELECT url FROM articles")]
