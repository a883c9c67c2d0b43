"""archiver.fetch.lock: real processes contending for a real lock file."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from archiver.errors import LockedError
from archiver.fetch.lock import CrawlLock, lock_path_for

# argv: DB MODE. Takes the lock (exit 75 with the message on stderr if it cannot), prints "locked", then
# "hold": keeps it until stdin closes; "once": releases at once.
CHILD = """
import sys
from archiver.errors import LockedError
from archiver.fetch.lock import CrawlLock
try:
    lock = CrawlLock(sys.argv[1], command="archiver crawl --test-marker").acquire()
except LockedError as error:
    print(error, file=sys.stderr)
    sys.exit(error.exit_code)
print("locked", flush=True)
if sys.argv[2] == "hold":
    sys.stdin.read()
lock.release()
"""

MESSAGE = re.compile(
    r"archive (?P<db>\S+) is being crawled by pid (?P<pid>\d+) since (?P<since>\S+); try again later"
)


def run_child(db: Path, mode: str = "once") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(db), mode], capture_output=True, text=True, timeout=20
    )


@contextmanager
def holding_child(db: Path) -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), "hold"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "locked\n", child.stderr.read() if child.stderr else ""
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=20)
        for pipe in (child.stdin, child.stdout, child.stderr):
            if pipe is not None:
                pipe.close()


def test_a_second_crawl_in_another_process_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with CrawlLock(db) as lock:
        refused = run_child(db)
        assert lock.info is not None
        since = lock.info.started
        expected = f"archive {db} is being crawled by pid {os.getpid()} since {since}; try again later"
    assert refused.returncode == LockedError.exit_code == 75
    assert refused.stdout == ""
    assert refused.stderr == expected + "\n"


def test_a_crawl_held_by_another_process_refuses_this_one(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with holding_child(db) as child:
        with pytest.raises(LockedError) as caught:
            CrawlLock(db).acquire()
        match = MESSAGE.fullmatch(str(caught.value))
        assert match, str(caught.value)
        assert match["db"] == str(db) and int(match["pid"]) == child.pid
        assert match["since"].startswith("20") and match["since"].endswith("+00:00")
        assert caught.value.exit_code == 75
        assert child.stdin is not None
        child.stdin.close()  # the holder finishes and releases
        assert child.wait(timeout=20) == 0
    with CrawlLock(db) as lock:
        assert not lock.took_over_stale and lock.previous is None


def test_the_same_process_cannot_hold_it_twice(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with CrawlLock(db), pytest.raises(LockedError, match=f"by pid {os.getpid()} since"):
        CrawlLock(db).acquire()


def test_a_lock_left_by_a_killed_crawl_is_taken_over(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with holding_child(db) as child:
        child.kill()  # SIGKILL: no cleanup runs, the file and its record stay behind
        assert child.wait(timeout=20) == -signal.SIGKILL
    left = json.loads(lock_path_for(db).read_text(encoding="utf-8"))
    assert left["pid"] == child.pid
    with CrawlLock(db) as lock:
        assert lock.took_over_stale
        assert lock.previous is not None
        assert lock.previous.pid == child.pid
        assert lock.previous.command == "archiver crawl --test-marker"
        assert json.loads(lock_path_for(db).read_text(encoding="utf-8"))["pid"] == os.getpid()
        assert run_child(db).returncode == 75  # and it is really ours now
    assert not lock_path_for(db).exists()


def test_the_lock_is_released_when_the_block_exits(tmp_path: Path) -> None:
    db = tmp_path / "data" / "archive.db"  # the directory is created
    lock = CrawlLock(db, command="archiver crawl --since 2024-01-01")
    with lock:
        assert lock.held
        record = json.loads(lock_path_for(db).read_text(encoding="utf-8"))
        assert record["pid"] == os.getpid()
        assert record["command"] == "archiver crawl --since 2024-01-01"
        assert record["hostname"] and record["started"].startswith("20")
    assert not lock.held
    assert not lock_path_for(db).exists()
    assert run_child(db).returncode == 0
    with pytest.raises(RuntimeError), lock:
        raise RuntimeError("a crawl that fails")
    assert not lock_path_for(db).exists()  # released on an exception too
    second = CrawlLock(db).acquire()
    assert not second.took_over_stale
    second.release()
    second.release()  # harmless
