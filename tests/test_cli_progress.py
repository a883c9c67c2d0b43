"""Crawl progress: periodic lines on a plain stderr, a live bar on a terminal, the same numbers as
the run's own report at the end, and the final summary still there."""

from __future__ import annotations

import fcntl
import json
import os
import re
import struct
import subprocess
import termios

from _archiver import ROOT, archiver_cmd, run_archiver

LINE = re.compile(r"^progress: ([\d,]+) pages fetched \(([\d,]+)/min\), ([\d,]+) new, "
                  r"([\d,]+) changed, ([\d,]+) failed, ([\d,]+) queued, \d+:\d\d:\d\d$")
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


def test_a_live_bar_on_a_terminal(replica, tmp_path):
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    child = subprocess.Popen(archiver_cmd("crawl", "--site", replica.url, "--db",
                                          str(tmp_path / "a.db"), "--lang", "kk", "--set",
                                          "DOWNLOAD_DELAY=0.02"),
                             cwd=ROOT, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    assert child.wait(timeout=120) == 0
    os.close(leader)
    screen = b"".join(chunks).decode()
    redraws = re.findall(r"\rcrawl: +\d+%\|[^|]*\| (\d+)/(\d+) \[[^\]]*new=(\d+), queued=(\d+)\]",
                         screen)
    assert len(redraws) >= 2, screen[-800:]
    assert redraws[-1][0] == redraws[-1][1], "the bar ends full"
    assert "progress:" not in screen, "a terminal gets the bar, not lines"
    assert "\nrun 1: ok" in screen.replace("\r\n", "\n")


def test_failures_are_the_spiders_own_count():
    from archiver.fetch.progress import failures

    # a page whose retries ran out is recorded by the spider as a failure: counted once
    assert failures({"retry/max_reached": 5, "archive/dropped/http-500": 5,
                     "archive/dropped/no-title": 2}) == 7
