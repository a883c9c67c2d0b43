"""Test helpers: `archiver` run as a real process, and read-only looks into an archive file."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from archiver.fetch.warc_read import iter_records

ROOT = Path(__file__).resolve().parent.parent
# A child process imports the project first, then what this run was given (make test-shifted-clock
# gives its harness, tools/shifted-clock, this way).
PYTHONPATH = os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))


def closed_site() -> str:
    """The URL of a local port nothing listens on: one this test bound and released (a fixed port, such
    as 9, may be served on some machine)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def archiver_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "archiver.cli", *args]


def run_archiver(*args: str, timeout: float = 300, check: bool = False, env: dict | None = None
                 ) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh process (Scrapy's reactor cannot be restarted in one process); env:
    variables set for it (COLUMNS is unset unless given: output goes to a pipe)."""
    env = {**{k: v for k, v in os.environ.items() if k != "COLUMNS"}, "PYTHONPATH": PYTHONPATH,
           **(env or {})}
    proc = subprocess.run(archiver_cmd(*args), capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"archiver {' '.join(args)} exited {proc.returncode}:\n"
                             f"{proc.stdout}\n{proc.stderr}")
    return proc


def crawl(server, db: Path, *extra: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    return run_archiver("crawl", "--site", server.url, "--db", str(db), *extra, check=check, timeout=timeout)


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def articles(db: Path) -> dict[str, dict]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return {r["url"]: dict(r) for r in conn.execute("SELECT * FROM articles")}
    finally:
        conn.close()


def expected_as_archived(site, archived: dict) -> dict[str, dict]:
    """The replica's ground truth; of an article served under two URLs, the one archived first."""
    expected = {e["url"]: e for e in site.expected()}
    for original, second in site.duplicates_expected():
        if second["url"] in archived:
            del expected[original["url"]]
            expected[second["url"]] = second
    return expected


def snapshot(db: Path) -> tuple[dict, dict]:
    """(canonical URL -> content hash) of articles, and of duplicates: what "equal archives" means."""
    return (dict(rows(db, "SELECT url, content_hash FROM articles")),
            dict(rows(db, "SELECT url, content_hash FROM duplicates")))


def start_crawl(server, db: Path, *extra: str) -> subprocess.Popen:
    """`archiver crawl` in the background (to be stopped by the test)."""
    env = {**os.environ, "PYTHONPATH": PYTHONPATH}
    return subprocess.Popen(archiver_cmd("crawl", "--site", server.url, "--db", str(db), *extra),
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def runs_after(db: Path, last: int) -> list[tuple[int, str]]:
    """(id, status) of the runs after run `last`; [] while the archive or its run table is not there."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT id, status FROM crawl_runs WHERE id > ? ORDER BY id",
                                (last,)).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def running_crawl(server, db: Path, *extra: str) -> tuple[subprocess.Popen, int, float]:
    """A crawl in the background, returned once its archive holds its run row (a stop before that
    would only stop the interpreter starting): (process, the last run before it, when)."""
    before = runs_after(db, -1)
    last = before[-1][0] if before else 0
    proc = start_crawl(server, db, *extra)
    deadline = time.monotonic() + 60
    while not runs_after(db, last):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"the crawl never started its run: {proc.communicate()[1][-2000:]}")
        time.sleep(0.005)
    return proc, last, time.monotonic()


def children(pid: int) -> list[int]:
    """The processes `pid` started (Linux: /proc/PID/task/*/children)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def writer_of(proc: subprocess.Popen, timeout: float = 30) -> int | None:
    """The archive writer process of a running crawl (archiver.fetch.writer), once it has started it."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        for child in children(proc.pid):
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in cmdline and b"resource_tracker" not in cmdline:
                return child
        time.sleep(0.02)
    return None


def exited(pid: int) -> bool:
    """Whether a process has ended: gone, or a zombie its new parent has not reaped (as in a container
    whose first process reaps nothing)."""
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True


def tear(path: Path) -> tuple[int, int]:
    """Append the first half of the file's last record, as a write cut short leaves it: (offset, bytes)."""
    last = list(iter_records(path))[-1]
    with open(path, "rb") as handle:
        handle.seek(last["offset"])
        half = handle.read(last["length"] // 2)
    end = path.stat().st_size
    with open(path, "ab") as handle:
        handle.write(half)
    return end, len(half)
