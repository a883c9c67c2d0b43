"""Nothing lost: crawls stopped at random moments (kill -9, SIGTERM, Ctrl-C), over a full crawl and over
an incremental one after new articles appeared, then run again, equal an uninterrupted crawl.

A stop's moment is a point of the crawl's progress, not of the clock: the number of requests the replica
has received, drawn over the requests of an uninterrupted reference crawl, one stop in each part of the
run. A crawl that has received fewer than all of them has work left whatever the machine's speed, so each
stop interrupts a running crawl (on a clock, a busy machine made a stop land after the end). A stop also
waits for the crawl's run row (a kill while the interpreter starts proves nothing), and a stop whose run
left no row fails the test. The short form runs in `make test`; the long form (12 stops) in
`make test-slow`.
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
from _archiver import crawl, exited, rows, running_crawl, runs_after, snapshot, start_crawl, writer_of

from archiver import storage
from archiver.fetch.verify import verify_archive
from archiver.replica import ReplicaSite, serve

ARTICLES, NEW = 30, 8  # per language; NEW appear on top of their listings before the incremental run
STOPS = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)  # kill -9, a service manager, Ctrl-C


def copy_archive(source: Path, target: Path) -> None:
    """A consistent copy of an archive (SQLite's backup API) with its WARC directory."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    shutil.copytree(source.parent / "warc", target.parent / "warc")


def stopped_then_resumed(server, db: Path, after: int, how: signal.Signals) -> str:
    """Crawl; once its run row exists and the replica has received `after` of its requests, stop it
    with `how`; crawl again. Returns what the stop left: "{signal} at ..." when it interrupted the
    run, "finished at ..." when the run had ended (its row says ok) before the signal could stop it."""
    base = len(server.requests)
    proc, last, _ = running_crawl(server, db)
    deadline = time.monotonic() + 120
    while len(server.requests) - base < after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    received = len(server.requests) - base
    sent = proc.poll() is None
    if sent:
        proc.send_signal(how)
    try:
        proc.communicate(timeout=120)  # read its output: a full pipe must not hold it up
    except Exception:
        proc.kill()
        raise
    stopped = runs_after(db, last)
    assert stopped, f"{how.name} after {received} requests landed before the archive held the crawl's run"
    left = rows(db, "SELECT count(*) FROM frontier")[0][0]
    final = crawl(server, db, check=False)
    assert final.returncode == 0, final.stderr[-2000:]
    interrupted = sent and stopped[0][1] != "ok"  # running (killed) or failed (shut down)
    return f"{how.name if interrupted else 'finished'} at request {received} of the crawl, {left} rows left"


def counted_crawl(server, db: Path) -> int:
    """Crawl to the end; how many requests the replica received from it."""
    base = len(server.requests)
    proc, _, _ = running_crawl(server, db)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr[-2000:]
    return len(server.requests) - base


def run_interruptions(tmp_path: Path, stops: int, seed: int) -> None:
    rng = random.Random(seed)
    site = ReplicaSite(seed=seed, articles=ARTICLES)
    with serve(site) as server:
        full_ref = tmp_path / "ref-full" / "a.db"
        requests = {"full": counted_crawl(server, full_ref)}
        site.articles = ARTICLES + NEW
        inc_ref = tmp_path / "ref-inc" / "a.db"
        copy_archive(full_ref, inc_ref)
        requests["incremental"] = counted_crawl(server, inc_ref)
        expected = {"full": snapshot(full_ref), "incremental": snapshot(inc_ref)}
        assert len(expected["incremental"][0]) > len(expected["full"][0])
        seen, strata = [], list(range(stops))
        rng.shuffle(strata)  # one stop in each part of the run: its first 1/stops, the next...
        for n in range(stops):
            case = "full" if n % 2 == 0 else "incremental"
            how = STOPS[n % len(STOPS)]  # every signal on both cases within six stops
            db = tmp_path / f"run{n}" / "a.db"
            if case == "full":
                site.articles = ARTICLES
            else:
                site.articles = ARTICLES
                copy_archive(full_ref, db)
                site.articles = ARTICLES + NEW
            after = max(1, int((strata[n] + rng.random()) / stops * requests[case]))
            seen.append(stopped_then_resumed(server, db, after, how))
            assert snapshot(db) == expected[case], (case, seen[-1])
            conn = storage.open_readonly(db)
            assert conn.execute("SELECT count(*) FROM frontier").fetchone()[0] == 0, seen[-1]
            conn.close()
            assert verify_archive(db) == [], seen[-1]  # the resumed archive's WARC files are whole
    # the stops really interrupted crawls, and each signal interrupted one
    assert sum(not s.startswith("finished") for s in seen) >= stops // 2, seen
    assert {s.split()[0] for s in seen} >= {how.name for how in STOPS}, seen


def test_random_interruptions_short(tmp_path):
    run_interruptions(tmp_path, stops=4, seed=38)


@pytest.mark.slow
def test_random_interruptions_long(tmp_path):
    run_interruptions(tmp_path, stops=12, seed=47)


def test_a_killed_writer_process_stops_the_crawl_and_loses_nothing(tmp_path):
    site = ReplicaSite(seed=17, articles=ARTICLES)
    with serve(site) as server:
        reference = tmp_path / "ref" / "a.db"
        crawl(server, reference)
        db = tmp_path / "a.db"
        proc = start_crawl(server, db, "--set", "DOWNLOAD_DELAY=0.02")
        writer = writer_of(proc)
        assert writer, "the crawl must run its writer in a process of its own"
        time.sleep(1.0)
        os.kill(writer, signal.SIGKILL)
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode != 0 and "Traceback" not in stderr
        assert "archive writer is gone" in stderr, stderr[-2000:]
        final = crawl(server, db, check=False)
    assert final.returncode == 0, final.stderr[-2000:]
    assert snapshot(db) == snapshot(reference)


def test_the_writer_of_a_crawl_killed_with_9_commits_what_it_received_and_exits(tmp_path):
    site = ReplicaSite(seed=19, articles=ARTICLES)
    with serve(site) as server:
        db = tmp_path / "a.db"
        proc, _, _ = running_crawl(server, db, "--set", "DOWNLOAD_DELAY=0.02")
        writer = writer_of(proc)
        assert writer, "the crawl must run its writer in a process of its own"
        deadline = time.monotonic() + 60
        while rows(db, "SELECT count(*) FROM articles")[0][0] < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 60  # it drains what was sent (at most MAX_IN_FLIGHT writes)
        while not exited(writer) and time.monotonic() < deadline:
            time.sleep(0.05)
        gone = exited(writer)
        if not gone:
            os.kill(writer, signal.SIGKILL)  # it holds the crawl's output pipes: end it, then say so
        proc.communicate(timeout=60)
        assert gone, "the writer outlived its crawl by a minute"
        final = crawl(server, db, check=False)
    assert final.returncode == 0, final.stderr[-2000:]
    assert verify_archive(db) == []


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
