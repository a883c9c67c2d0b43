"""Unattended operation against the replica over real HTTP: kill -9, Ctrl-C and resume, injected faults,
Retry-After, incremental cost, one crawl at a time, readers during a crawl."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

from _archiver import (articles, crawl, exited, expected_as_archived, rows, running_crawl, runs_after,
                       snapshot, tear, writer_of)

from archiver import storage
from archiver.fetch.verify import check_warc_file, verify_archive
from archiver.replica import ReplicaSite, serve
from archiver.page.urls import SECTIONS

FAULTS = {"500": 0.1, "timeout": 0.05, "reset": 0.02, "truncate": 0.01, "429": 0.02}
FAST_FAULTS = ("--set", "DOWNLOAD_TIMEOUT=2", "--set", "ARCHIVE_RETRY_BACKOFF_BASE=0.01")


def article_count(db) -> int:
    try:
        return rows(db, "SELECT count(*) FROM articles")[0][0]
    except Exception:  # not created yet
        return 0


def test_stopped_at_several_points_then_rerun_equals_uninterrupted(tmp_path):
    """kill -9, Ctrl-C, kill -9, each once the crawl has archived a few articles of its own, then one
    more run. The count is this crawl's: the stopped crawl's writer commits what it was sent before
    its output closes (it holds the pipes), so the next crawl starts from a quiet archive."""
    site = ReplicaSite(seed=21, articles=60)
    with serve(site) as server:
        reference = tmp_path / "reference.db"
        crawl(server, reference)
        db = tmp_path / "killed.db"
        partial_counts = []
        for step, how in ((5, signal.SIGKILL), (20, signal.SIGINT), (20, signal.SIGKILL)):
            proc, last, _ = running_crawl(server, db, "--set", "DOWNLOAD_DELAY=0.02")
            target = article_count(db) + step  # its run row is there: it has started
            deadline = time.monotonic() + 60
            while article_count(db) < target and proc.poll() is None \
                    and time.monotonic() < deadline:
                time.sleep(0.01)
            assert proc.poll() is None and article_count(db) >= target, \
                f"the crawl ended before it archived {step} articles"
            proc.send_signal(how)
            _, stderr = proc.communicate(timeout=120)
            assert proc.returncode != 0 and "Traceback" not in stderr, stderr[-2000:]
            assert runs_after(db, last)[0][1] != "ok", f"{how.name} did not stop the run"
            partial_counts.append(article_count(db))
        final = crawl(server, db)
    served = len(list(site.expected()))
    assert all(0 < n < served for n in partial_counts), partial_counts
    assert "run" in final.stderr
    assert snapshot(db) == snapshot(reference)
    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(served, served)]
    assert rows(db, "SELECT count(*) FROM revisions") == [(0,)]
    assert rows(db, "SELECT status FROM crawl_runs ORDER BY id") == [
        ("interrupted",), ("failed",), ("interrupted",), ("ok",)]  # Ctrl-C closes its run as failed


def test_injected_faults_archive_everything_once_and_failures_recover(tmp_path):
    site = ReplicaSite(seed=4, articles=60, faults=FAULTS, retry_after=1, timeout_hold=3)
    expected = {e["url"] for e in site.expected()}
    db = tmp_path / "a.db"
    with serve(site) as server:
        crawl(server, db, *FAST_FAULTS)
        assert len(server.site.faults) and any(s >= 500 or s == 0 for _, _, s, _ in
                                               server.requests.snapshot())
        archived, dups = snapshot(db)
        assert set(archived) == set(expected_as_archived(site, archived))
        assert len(dups) == len(list(site.duplicates_expected()))
        assert rows(db, "SELECT count(*) FROM failures") == [(0,)]

        # a page that keeps failing is listed with its reason, then recovered by the next run
        site.faults = {}
        victims = sorted(expected)[:3]
        db2 = tmp_path / "b.db"
        site.broken = frozenset(u.removeprefix("https://www.akorda.kz") for u in victims)
        first = crawl(server, db2, *FAST_FAULTS, check=False)
        assert first.returncode == 0, first.stderr  # 3 of 180 stays under the failure rate
        failed = dict(rows(db2, "SELECT url, reason FROM failures"))
        assert failed == {u: "http-500" for u in victims}
        site.broken = frozenset()
        crawl(server, db2, *FAST_FAULTS)
        assert rows(db2, "SELECT count(*) FROM failures") == [(0,)]
        assert set(victims) <= set(articles(db2))
        assert rows(db2, "SELECT count(*) FROM articles")[0][0] == len(archived)


def test_retry_after_delays_the_next_request(tmp_path):
    site = ReplicaSite(seed=2, articles=10, faults={"429": 0.15}, retry_after=2)
    with serve(site) as server:
        crawl(server, tmp_path / "a.db", "--lang", "en", "--section", "events,speeches",
              "--set", "CONCURRENT_REQUESTS=1", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
        log = server.requests.snapshot()
    throttled = [i for i, entry in enumerate(log) if entry[2] == 429]
    assert throttled, "the replica must have answered 429 at least once"
    for i in throttled:
        if i + 1 < len(log):
            assert log[i + 1][3] - log[i][3] >= 2.0 - 0.05, (log[i], log[i + 1])
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM articles")[0][0] > 0


def test_incremental_costs_one_listing_page_per_section_and_finds_new(tmp_path):
    site = ReplicaSite(seed=8, articles=80)
    db = tmp_path / "a.db"
    with serve(site) as server:
        crawl(server, db, "--full")
        before = set(articles(db))
        server.requests.clear()
        crawl(server, db)
        paths = [p for _, p, _, _ in server.requests.snapshot()]
        listing = [p for p in paths if p != "/robots.txt"]
        assert len(listing) <= 3 * len(SECTIONS), listing
        assert all(any(p.split("?")[0].endswith(s) for s in SECTIONS) for p in listing)

        site.articles = 90  # ten new articles per language, on top of their listings
        new_expected = {e["url"] for e in site.expected()} - before
        report = tmp_path / "r.json"
        crawl(server, db, "--report", str(report))
    data = json.loads(report.read_text())
    assert len(new_expected) == 30
    assert data["counts"]["new"] == 30 and data["counts"]["changed"] == 0
    now = articles(db)
    assert set(now) == set(expected_as_archived(site, now))
    assert len(set(now) - before) == 30


def test_one_crawl_at_a_time_and_a_killed_crawls_lock_taken_over(tmp_path):
    """kill -9 a crawl for real: the lock it leaves is taken over by the next run, which marks the
    killed run `interrupted` and trims the torn tail of its last WARC file."""
    site = ReplicaSite(seed=9, articles=40)
    db = tmp_path / "a.db"
    with serve(site) as server:
        slow = ("--set", "DOWNLOAD_DELAY=0.2", "--set", "CONCURRENT_REQUESTS=1")
        first, _, _ = running_crawl(server, db, *slow)
        writer = writer_of(first)
        lock = tmp_path / "a.db.lock"
        while rows(db, "SELECT count(*) FROM captures")[0][0] < 3 and first.poll() is None:
            time.sleep(0.02)
        second = crawl(server, db, check=False)
        assert second.returncode == 75
        assert second.stderr.strip().startswith("archiver: error: archive")
        assert f"pid {first.pid}" in second.stderr and len(second.stderr.strip().splitlines()) == 1
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        while writer and not exited(writer):  # it commits what it was sent, then exits
            time.sleep(0.05)
        first.communicate()
        assert json.loads(lock.read_text())["pid"] == first.pid  # left behind by the killed crawl
        assert rows(db, "SELECT status FROM crawl_runs") == [("running",)]
        # A kill inside a write leaves half a record; the test writes it, as the timing is not ours.
        last = sorted((tmp_path / "warc").glob("*.warc.gz"))[-1]
        whole = last.stat().st_size
        tear(last)
        assert "a torn tail" in check_warc_file(last)[0][0]
        report = tmp_path / "r.json"
        third = crawl(server, db, "--report", str(report), check=False)
    assert third.returncode == 0, third.stderr
    assert f"Taking over the stale lock {lock}: pid {first.pid}" in third.stderr
    assert rows(db, "SELECT id, status FROM crawl_runs") == [(1, "interrupted"), (2, "ok")]
    assert json.loads(report.read_text())["warc_repaired"] == [last.name]
    assert last.stat().st_size == whole and verify_archive(db) == []
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == 120
    assert not lock.exists()


def test_search_keeps_answering_while_a_crawl_writes(tmp_path):
    site = ReplicaSite(seed=12, articles=80)
    db = tmp_path / "a.db"
    storage.open_archive(db).conn.close()
    errors: list[BaseException] = []
    answered = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                conn = storage.open_readonly(db)
                answered.append(len(storage.search(conn, "президент")))
                conn.close()
            except BaseException as exc:  # noqa: BLE001 - any failure is the finding
                errors.append(exc)
            time.sleep(0.005)

    thread = threading.Thread(target=reader)
    with serve(site) as server:
        thread.start()
        try:
            crawl(server, db)
        finally:
            stop.set()
            thread.join()
    assert errors == []
    assert len(answered) > 20 and answered[-1] > 0


def test_hostile_pages_are_refused_and_cp1251_is_archived_intact(tmp_path):
    site = ReplicaSite(seed=6, articles=20, hostile=True)
    urls = site.hostile_urls()
    db = tmp_path / "a.db"
    with serve(site) as server:
        proc = crawl(server, db, "--lang", "ru", "--section", "events", check=False)
        fetched = [p for _, p, _, _ in server.requests.snapshot()]
    archived = articles(db)
    failures = dict(rows(db, "SELECT url, reason FROM failures"))
    # refused, recorded with a reason, never stored as an article
    assert failures == {urls["bomb"]: "too-large", urls["oversized"]: "too-large",
                        urls["offsite"]: "offsite-redirect"}, failures
    assert not {urls["bomb"], urls["oversized"], urls["offsite"]} & set(archived)
    assert not any("offsite" in p for p in fetched)  # the redirect target was never requested
    # 3 of 21 pages failed: above the default 5% failure rate, so the run says so
    assert proc.returncode == 1 and "failed" in proc.stderr
    page = archived[urls["cp1251"]]
    assert "Ұлытау" in page["title"] and "қасиетті жер" in page["body"]
    assert page == {**page, **site.expected_article(urls["cp1251"])}
