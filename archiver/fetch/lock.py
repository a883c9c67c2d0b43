"""One crawl at a time per archive: an exclusive `flock` on `<db>.lock`, with the holder written inside.

The kernel releases a flock when its process dies, however it dies, so a lock can never outlive its crawl.
The file is removed on a clean release; a file still holding a holder's record when we get the lock was left
by a killed crawl (`kill -9`, power loss): it is taken over, and `took_over_stale` / `previous` say so.

    with CrawlLock("data/archive.db") as lock:   # raises LockedError (exit code 75) if a crawl runs
        ...

flock is advisory and local: it does not guard an archive on a network file system shared by two machines.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shlex
import socket
import sys
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from archiver.errors import LockedError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LockInfo:
    """Who holds (or held) the lock: written to the lock file as one JSON line."""

    pid: int | None
    hostname: str
    started: str  # ISO 8601, UTC
    command: str

    @classmethod
    def for_this_process(cls, command: str | None = None) -> LockInfo:
        return cls(
            pid=os.getpid(),
            hostname=socket.gethostname(),
            started=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            command=command if command is not None else shlex.join(sys.argv),
        )

    @classmethod
    def parse(cls, text: str) -> LockInfo | None:
        """The record in a lock file; None for an empty file, a placeholder for a garbled one."""
        if not text.strip():
            return None
        try:
            data = json.loads(text)
            pid = data.get("pid")
            return cls(
                pid=pid if isinstance(pid, int) else None,
                hostname=str(data.get("hostname", "?")),
                started=str(data.get("started", "?")),
                command=str(data.get("command", "")),
            )
        except (ValueError, AttributeError):
            return cls(pid=None, hostname="?", started="?", command="")

    def to_text(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False) + "\n"


def lock_path_for(db_path: str | Path) -> Path:
    """`<db>.lock` beside the archive the path really leads to (links and `..` resolved), so that two
    crawls reaching one archive by different paths share one lock."""
    return Path(f"{Path(db_path).resolve()}.lock")


def _read(fd: int) -> LockInfo | None:
    chunks = []
    while chunk := os.pread(fd, 65536, sum(map(len, chunks))):
        chunks.append(chunk)
    return LockInfo.parse(b"".join(chunks).decode("utf-8", errors="replace"))


def _locked_message(db_path: str | Path, holder: LockInfo | None) -> str:
    if holder is None or holder.pid is None:
        return f"archive {db_path} is being crawled by another process; try again later"
    where = "" if holder.hostname == socket.gethostname() else f" on {holder.hostname}"
    return (
        f"archive {db_path} is being crawled by pid {holder.pid}{where} since {holder.started};"
        " try again later"
    )


class CrawlLock:
    def __init__(self, db_path: str | Path, command: str | None = None) -> None:
        self.db_path = db_path
        self.path = lock_path_for(db_path)
        self.command = command
        self.info: LockInfo | None = None  # ours, while held
        self.previous: LockInfo | None = None  # the killed holder's record, when took_over_stale
        self.took_over_stale = False
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> CrawlLock:
        """Take the lock or raise LockedError at once (never waits)."""
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already held by this CrawlLock")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = self._open_locked()
        self.previous = _read(fd)
        self.took_over_stale = self.previous is not None
        if self.previous is not None:
            logger.warning(
                "Taking over the stale lock %s: pid %s (started %s) ended without releasing it",
                self.path, self.previous.pid, self.previous.started,
            )
        self.info = LockInfo.for_this_process(self.command)
        data = self.info.to_text().encode("utf-8")
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
        os.fsync(fd)
        self._fd = fd
        return self

    def _open_locked(self) -> int:
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read(fd)
                os.close(fd)
                raise LockedError(_locked_message(self.db_path, holder)) from None
            # A releasing holder unlinks the file before unlocking it: a lock on an unlinked file is no lock.
            try:
                current = os.stat(self.path)
            except FileNotFoundError:
                current = None
            opened = os.fstat(fd)
            if current is not None and (current.st_dev, current.st_ino) == (opened.st_dev, opened.st_ino):
                return fd
            os.close(fd)

    def release(self) -> None:
        """Remove the lock file, then unlock; safe to call twice."""
        if self._fd is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None
        self.info = None

    def __enter__(self) -> CrawlLock:
        return self.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
