"""Operating-system edges of a crawl: an archive reached through a symbolic link, report paths that are
not files, and a full disk (a small tmpfs mounted by the test, where mounting is allowed)."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from _archiver import articles, closed_site, crawl, expected_as_archived, rows, run_archiver

from archiver.fetch.lock import CrawlLock
from archiver.replica import ReplicaSite, serve
from archiver.fetch.verify import verify_archive
from archiver.fetch.warc_read import iter_records


def test_a_symlinked_archive_is_locked_like_the_real_one(tmp_path, replica):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with CrawlLock(real / "a.db"):
        blocked = crawl(replica, tmp_path / "link" / "a.db", check=False)
    assert blocked.returncode == 75, blocked.stderr
    assert blocked.stderr.count("\n") == 1 and "being crawled" in blocked.stderr
    assert len(replica.requests) == 0


@pytest.mark.parametrize("target", ["/dev/null", "missing-dir/report.json", "."])
def test_report_paths_that_are_not_files_are_refused_before_the_crawl(tmp_path, replica, target):
    path = target if target.startswith("/") else str(tmp_path / target)
    done = crawl(replica, tmp_path / "a.db", "--report", path, check=False)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "--report" in done.stderr
    assert len(replica.requests) == 0
    assert Path("/dev/null").is_char_device()


@pytest.fixture
def small_disk(tmp_path, request):
    """An 8 MB tmpfs (or the size a test asks by indirect parametrisation); skipped where this process
    may not mount one. A new archive takes about 2 MB, and as much again in its WAL while it is made."""
    size = getattr(request, "param", "8m")
    where = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_full_disk_stops_the_crawl_cleanly_and_the_next_run_completes(small_disk):
    site = ReplicaSite(seed=13, articles=120)
    db = small_disk / "a.db"
    with serve(site) as server:
        first = crawl(server, db, check=False)
        assert first.returncode != 0
        assert "Traceback" not in first.stderr
        problems = [line for line in first.stderr.splitlines() if line.startswith("problem:")]
        assert problems and "cannot write the archive" in problems[0], first.stderr[-3000:]
        assert "No space left" in problems[0] or "full" in problems[0]
        assert first.stderr.count("cannot write the archive") <= 3  # stopped at once, said once
        assert rows(db, "SELECT status FROM crawl_runs") == [("failed",)]
        warcs = sorted((small_disk / "warc").glob("*.warc.gz"))
        assert warcs and all(len(list(iter_records(w, strict=True))) > 1 for w in warcs)  # + warcinfo
        assert verify_archive(db) == []  # no torn tail, every capture a whole record
        stored = len(articles(db))
        assert stored < len(list(site.expected()))
        # room again: the same command completes the archive
        subprocess.run(["mount", "-o", "remount,size=256m", str(small_disk)], check=True)
        crawl(server, db)
    archived = articles(db)
    assert set(archived) == set(expected_as_archived(site, archived))
    assert rows(db, "SELECT count(*) FROM frontier") == [(0,)]
    assert [s for (s,) in rows(db, "SELECT status FROM crawl_runs ORDER BY id")] == ["failed", "ok"]
    assert verify_archive(db) == []
    os.sync()


@pytest.mark.parametrize("small_disk", ["1m"], indirect=True)
def test_a_disk_too_full_for_a_new_archive_says_so_in_one_line(small_disk):
    done = run_archiver("crawl", "--site", closed_site(), "--db", str(small_disk / "a.db"))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("archiver: error: cannot open archive") and "full" in line, done.stderr


def test_an_unreachable_site_stops_the_crawl_with_one_clear_problem(tmp_path):
    done = run_archiver("crawl", "--site", closed_site(), "--db", str(tmp_path / "a.db"), "--lang", "en")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Gave up retrying" not in done.stderr
    lines = [line for line in done.stderr.strip().splitlines()
             if not line.startswith(("progress:", "delay:"))]
    assert lines[0].startswith("run 1: failed (site-unreachable)") and len(lines) <= 4, lines
    assert any("cannot be reached (connection-refused" in line for line in lines)
    # what it meant to fetch is kept for the next run
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM frontier")[0][0] > 0
