"""Crawl progress: periodic lines on a plain stderr, a line redrawn in place on a terminal (whole
lines on one without a width), no percentage of a total nobody knows, the same numbers as the run's
own report at the end, the final summary still there, and a stopped crawl's resume command."""

from __future__ import annotations

import json
import re
import shlex
import signal

import pytest
from _archiver import rows, run_archiver
from _pty import run_on_terminal

from archiver.replica import ReplicaSite, serve

LINE = re.compile(r"^progress: ([\d,]+) pages fetched \(([\d,]+)/min\), ([\d,]+) new, "
                  r"([\d,]+) changed, ([\d,]+) failed, ([\d,]+) queued, \d+:\d\d:\d\d$")
LIVE = re.compile(r"progress: ([\d,]+) pages fetched \(([\d,]+)/min\), ([\d,]+) new")
SLOW = ("--lang", "kk", "--set", "DOWNLOAD_DELAY=0.02", "--set", "ARCHIVE_PROGRESS_INTERVAL=0.2")


def number(text: str) -> int:
    return int(text.replace(",", ""))


def test_progress_lines_every_interval_and_the_final_numbers_match_the_report(replica,
                                                                              tmp_path):
    report = tmp_path / "report.json"
    proc = run_archiver("crawl", "--site", replica.url, "--db", str(tmp_path / "a.db"),
                        "--report", str(report), *SLOW, check=True)
    lines = [line for line in proc.stderr.splitlines() if line.startswith("progress:")]
    assert len(lines) >= 3, proc.stderr
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    fetched = [number(m.group(1)) for m in parsed]
    assert fetched == sorted(fetched) and fetched[0] < fetched[-1], "pages fetched must grow"
    assert any(number(m.group(6)) > 0 for m in parsed[:-1]), "the queue was never shown"
    final = json.loads(report.read_text())["counts"]
    last = parsed[-1]
    assert number(last.group(3)) == final["new"] and number(last.group(4)) == final["changed"]
    assert number(last.group(6)) == 0
    tail = proc.stderr.rstrip().splitlines()
    tail = tail[max(i for i, line in enumerate(tail) if line.startswith("progress:")) + 1:]
    assert tail and tail[0].startswith("run "), "the summary must stay last"


def test_progress_can_be_turned_off(replica, tmp_path):
    proc = run_archiver("crawl", "--site", replica.url, "--db", str(tmp_path / "a.db"),
                        "--lang", "en", "--set", "ARCHIVE_PROGRESS_INTERVAL=0", check=True)
    assert "progress:" not in proc.stderr


@pytest.mark.parametrize("columns", [0, 100])
def test_on_a_terminal_only_what_is_known_and_a_sign_of_life_every_5_s(tmp_path, columns):
    """A crawl's total is never known: no percentage, no bar, no time left. A terminal with a width
    gets one line redrawn in place and cut to fit; one without (0 columns) gets whole lines."""
    with serve(ReplicaSite(seed=7, articles=200)) as server:
        screen = run_on_terminal("crawl", "--site", server.url, "--db", str(tmp_path / "a.db"),
                                 "--lang", "kk", "--set", "DOWNLOAD_DELAY=0.03", columns=columns)
    assert screen.returncode == 0, screen.text[-2000:]
    lines = screen.lines()
    progress = [line.replace("\x1b[K", "") for line in lines if line.startswith("progress: ")]
    assert len(progress) >= 3, screen.text[-2000:]
    assert not any("%" in line for line in progress), progress  # nothing pretends to a total
    whole = [LINE.match(line) for line in progress]
    if columns:
        assert all(len(line) < columns for line in progress), progress
        assert "\rprogress: " in screen.text and "\x1b[K" in screen.text, "redrawn in place"
    assert all(whole), progress  # 100 columns hold the whole line; 0 columns get it uncut
    fetched = [number(m.group(1)) for m in whole]
    assert fetched == sorted(fetched) and fetched[0] < fetched[-1], "pages fetched must grow"
    times = [0.0] + screen.updates(b"progress: ") + [screen.pieces[-1][0]]
    assert times[-1] > 5, "a crawl shorter than 5 s shows nothing about the gaps"
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    assert max(gaps) <= 5, f"{max(gaps):.1f} s without a sign of life (updates at {times})"
    assert "\nrun 1: ok" in "\n".join(lines), "the summary comes last, on a line of its own"


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stopped_crawl_ends_with_the_command_that_resumes_it(tmp_path, stop):
    db = tmp_path / "a.db"
    args = ("crawl", "--site", "", "--db", str(db), "--lang", "kk", "--set", "DOWNLOAD_DELAY=0.02")
    with serve(ReplicaSite(seed=7, articles=200)) as server:
        args = tuple(server.url if a == "" else a for a in args)
        stopped = []

        def stop_once_archiving(child, screen):
            if not stopped and any(m and number(m.group(3)) >= 10 for m in map(
                    LIVE.match, screen.lines())):
                child.send_signal(stop)
                stopped.append(True)

        screen = run_on_terminal(*args, columns=100, while_running=stop_once_archiving)
        assert stopped and screen.returncode != 0
        tail = [line for line in screen.lines() if line.strip()][-2:]
        assert tail[0] == "stopped before the end; the same command resumes the crawl:", tail
        command = shlex.split(tail[1])
        assert command[0] == "archiver" and tuple(command[1:]) == args
        rerun = run_archiver(*command[1:], check=True)
    assert "resumes" not in rerun.stderr
    assert rows(db, "SELECT status FROM crawl_runs ORDER BY id") == [("failed",), ("ok",)]


def test_failures_are_the_spiders_own_count():
    from archiver.fetch.progress import failures

    # a page whose retries ran out is recorded by the spider as a failure: counted once
    assert failures({"retry/max_reached": 5, "archive/dropped/http-500": 5,
                     "archive/dropped/no-title": 2}) == 7


def test_a_bar_only_where_the_total_is_known_reextract_and_verify(replica, tmp_path):
    db = str(tmp_path / "a.db")
    run_archiver("crawl", "--site", replica.url, "--db", db, "--lang", "en", check=True)
    archived = rows(tmp_path / "a.db", "SELECT count(*) FROM articles")[0][0]
    for args, bar in ((("reextract", "--db", db, "--dry-run"), rf"Re-extracting\s+\[#+\]\s+"
                       rf"{archived}/{archived}\s+articles"),
                      (("verify", db), r"Verifying\s+\[#+\]\s+(\d+)/\1\s+WARC files")):
        screen = run_on_terminal(*args, columns=100)
        assert screen.returncode == 0, screen.text[-2000:]
        assert re.search(bar, screen.text), screen.text[-1000:]
        piped = run_archiver(*args, check=True)  # a log gets no bar
        assert "\r" not in piped.stderr and "[#" not in piped.stderr, piped.stderr
