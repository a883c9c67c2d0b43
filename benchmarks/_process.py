"""Processes measured from outside: a module run in a fresh interpreter, and the replica in its own process.

`run_measured` runs `python -m MODULE ARGS` and reports its seconds (interpreter start-up excluded), its
CPU time apart from its children's, and its own peak resident memory (VmHWM). `Replica` serves the
replica from `archiver replica` in a process of its own, so that its work shares no interpreter with
what it is measured against; its CPU time is read from /proc.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from archiver.page.urls import SECTIONS
from archiver.replica import ReplicaSite
from archiver.replica.texts import LANGS

ROOT = Path(__file__).resolve().parent.parent
SEED = 0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Finished:
    """A finished child process: exit code, seconds, CPU seconds, peak resident memory, stdout."""

    code: int
    wall: float  # the whole process
    own_cpu: float  # user + system of the process itself, when its module returned
    children_cpu: float  # user + system of the children it had waited for by then (the writer)
    rss_mb: float | None  # its own peak resident memory (VmHWM), None where /proc is missing
    stdout: str
    seconds: float  # the module's run, interpreter start-up excluded


# Runs a module as `python -m` would, then records this process's own peak resident memory
# (VmHWM), the module's seconds, and CPU time apart from its children's. Not ru_maxrss (nor
# wait4's): Linux carries the parent's high-water mark into a child across fork and exec, so a child
# of a large process looks as large. Nor wait4's CPU time alone: it adds the children's (the writer).
MEASURED = """
import json, resource, runpy, sys, time
report, module, *args = sys.argv[1:]
sys.argv = [module, *args]
began = time.perf_counter()
try:
    runpy.run_module(module, run_name="__main__", alter_sys=True)
finally:
    seconds = time.perf_counter() - began
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = None
    with open(report, "w") as out:
        json.dump({"peak_mb": peak, "seconds": seconds, "own_cpu": own.ru_utime + own.ru_stime,
                   "children_cpu": children.ru_utime + children.ru_stime}, out)
"""


def run_measured(module: str, args: list[str], ok_codes: tuple[int, ...] = (0,)) -> Finished:
    """`python -m module args...` in a fresh process from the project root, measured."""
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:
        report = Path(tmp) / "measured.json"
        began = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", MEASURED, str(report), module, *args], cwd=ROOT,
                                 stdout=out, stderr=err)
        child.wait()
        wall = time.perf_counter() - began
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
        if child.returncode not in ok_codes or not report.exists():
            raise RuntimeError(f"{module} {' '.join(args)} exited {child.returncode}: {stderr.strip()[-2000:]}")
        measured = json.loads(report.read_text())
    return Finished(child.returncode, wall, measured["own_cpu"],
                    measured["children_cpu"], measured["peak_mb"], stdout, measured["seconds"])


class Replica:
    """`archiver replica` in its own process; `.url`, `.cpu()` seconds so far, `.stop()`."""

    def __init__(self, articles: int, seed: int = SEED) -> None:
        self._errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "archiver.cli", "replica", "--port", "0", "--articles", str(articles),
             "--seed", str(seed)], cwd=ROOT, stdout=subprocess.PIPE, stderr=self._errors, text=True)
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()  # it prints its URL once it listens
        if not self.url.startswith("http"):
            self.process.kill()
            self.process.wait()
            self._errors.seek(0)
            message = self._errors.read().decode(errors="replace")
            self._errors.close()
            raise RuntimeError(f"the replica did not start: {message}")

    def cpu(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime

    def warm(self, site: ReplicaSite) -> None:
        """One request per section and language: the replica builds its path indexes before any clock."""
        for lang in LANGS:
            for section in SECTIONS:
                with urllib.request.urlopen(f"{self.url}/{lang}/{section}", timeout=60) as response:
                    response.read()
            older = next(i for i in range(site.articles) if site.kind_of(lang, i) == "older")
            with urllib.request.urlopen(self.url + site.path_of(lang, older), timeout=60) as response:
                response.read()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._errors.close()

    def __enter__(self) -> Replica:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
