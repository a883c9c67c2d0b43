"""`archiver` run on a pseudo-terminal of a given width, its output read as it comes, with the time
each piece arrived."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import termios
import time
from collections.abc import Callable

from _archiver import PYTHONPATH, ROOT, archiver_cmd


class Screen:
    """What a process wrote to its terminal: (seconds since it started, bytes) pieces, and its exit
    code."""

    def __init__(self) -> None:
        self.pieces: list[tuple[float, bytes]] = []
        self.returncode: int | None = None

    @property
    def text(self) -> str:
        return b"".join(data for _, data in self.pieces).decode("utf-8", "replace")

    def lines(self) -> list[str]:
        """Lines as the terminal ends them (\\r\\n), a redrawn line (\\r) counting as a new one."""
        return self.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def updates(self, marker: bytes) -> list[float]:
        """When each line starting with `marker` began to arrive (a redraw is a new line)."""
        times, previous = [], b""
        for at, data in self.pieces:
            seen = (previous + data).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            before = previous.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            times += [at] * (seen.count(b"\n" + marker) - before.count(b"\n" + marker))
            previous += data
        return times


def run_on_terminal(*args: str, columns: int, rows: int = 40, timeout: float = 180,
                    env: dict | None = None,
                    while_running: Callable[[subprocess.Popen, Screen], None] | None = None
                    ) -> Screen:
    """Run `archiver ARGS` with stdout and stderr on a pseudo-terminal `columns` wide (0: one that
    reports no width). while_running(process, screen) is called after each piece read."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environment = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    environment.update({"PYTHONPATH": PYTHONPATH, **(env or {})})
    started = time.monotonic()
    child = subprocess.Popen(archiver_cmd(*args), cwd=ROOT, env=environment, stdin=follower,
                             stdout=follower, stderr=follower)
    os.close(follower)
    screen = Screen()
    deadline = started + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1.0)
            if not ready:
                continue
            try:
                data = os.read(leader, 65536)
            except OSError:  # the terminal closed: every process holding it has ended
                break
            if not data:
                break
            screen.pieces.append((time.monotonic() - started, data))
            if while_running is not None:
                while_running(child, screen)
        else:
            child.kill()
            raise AssertionError(f"archiver {' '.join(args)} ran over {timeout} s")
        screen.returncode = child.wait(timeout=60)
    finally:
        os.close(leader)
    return screen
