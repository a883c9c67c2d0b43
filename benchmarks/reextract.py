"""Re-extraction: `archiver reextract` against the bare HTML parse of the same captures.

    python -m benchmarks.reextract [ARTICLES_PER_LANGUAGE]

An archive is made by a real crawl of the replica (ARTICLES_PER_LANGUAGE articles in each of kk, ru,
en), so its WARC files hold the bytes a crawl receives. Then, in rounds taking turns:
- the floor: the HTML5 parse the extractor stands on (selectolax's Lexbor) of every captured page,
  payloads already in memory; lxml's parse (the floor before issue 18) beside it;
- the WARC read alone, to show where the rest of the time goes;
- `reextract --dry-run`: read each capture back from its WARC file (gzip, digest check), extract,
  compare with the stored row;
- `reextract`: the same, plus the write (here every row is unchanged: one small UPDATE each), the
  run recorded in crawl_runs.
The figure is pages per second over all the captures, median of the rounds (range beside it), in
wall time and in the process's CPU time (the machine is shared: CPU time is the steadier one). The goal
is judged on each round's ratio of reextract to the floor (benchmarks.verdict); every round checks that
each tool did all its work (every page parsed, read, re-extracted), or the benchmark stops.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import lxml.html
from selectolax.lexbor import LexborHTMLParser

from archiver import storage
from archiver.fetch.reextract import reextract
from archiver.replica import ReplicaSite, serve
from archiver.fetch.warc_read import read_payload
from benchmarks.verdict import MIN_ROUNDS, require_work, rounds_goal, spread

ROOT = Path(__file__).resolve().parent.parent
SEED = 3
ROUNDS = MIN_ROUNDS
T = TypeVar("T")
GOAL_RATIO = 0.5  # reextract at least half the parse-only rate (issue 11)
CRAWL = ("import sys; from archiver.crawl import crawl;"
         " r = crawl(site=sys.argv[1], db=sys.argv[2], full=True); sys.exit(r['status'] != 'ok')")


def make_archive(directory: Path, per_lang: int) -> Path:
    """A crawled archive of the replica (in a process of its own: Scrapy's reactor starts once)."""
    db = directory / "archive.db"
    with serve(ReplicaSite(seed=SEED, articles=per_lang)) as server:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.run([sys.executable, "-c", CRAWL, server.url, str(db)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        raise SystemExit(f"the benchmark's crawl failed:\n{proc.stderr[-3000:]}")
    return db


def captures(db: Path) -> list[tuple[str, int]]:
    """(WARC file, offset) of every archived article's response capture."""
    conn = storage.open_readonly(db)
    try:
        return conn.execute("SELECT c.warc_file, c.warc_offset FROM articles a JOIN captures c"
                            " ON c.url = a.url AND c.record_type = 'response'").fetchall()
    finally:
        conn.close()


def payloads(db: Path) -> list[bytes]:
    return [read_payload(db.parent / "warc", file, offset) for file, offset in captures(db)]


def timed(call: Callable[[], T]) -> tuple[float, float, T]:
    """(wall seconds, CPU seconds, result) of one call, the garbage collector paused."""
    gc.collect()
    gc.disable()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        return time.perf_counter() - wall, time.process_time() - cpu, result
    finally:
        gc.enable()


FLOOR, LXML, WARC, DRY, FULL = ("Lexbor parse (floor; payloads in memory)", "lxml parse (payloads in memory)",
                                "WARC read alone (`read_payload`: gunzip, record parse, digest check)",
                                "reextract --dry-run (WARC read + extract + compare)",
                                "reextract (WARC read + extract + compare + store, run recorded)")


def check_work(results: dict[str, object], pages: int) -> None:
    """Every tool of a round did all its work: each parse gave every page a tree, the WARC read every
    payload, each reextract every page with none failed (IncompleteWork otherwise)."""
    for name in (FLOOR, LXML):
        require_work(name, {"pages parsed": results[name]}, {"pages parsed": pages})
    require_work(WARC, {"payloads read": len(results[WARC])}, {"payloads read": pages})
    for name in (DRY, FULL):
        counts = results[name]["counts"]
        require_work(name, {"pages re-extracted": counts["unchanged"] + counts["changed"],
                            "pages failed": counts["failed"]}, {"pages re-extracted": pages, "pages failed": 0})


def measure(per_lang: int = 200, rounds: int = ROUNDS) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-reextract-") as tmp:
        db = make_archive(Path(tmp), per_lang)
        pages = payloads(db)
        refs = captures(db)
        tools: dict[str, Callable[[], object]] = {
            FLOOR: lambda: sum(LexborHTMLParser(page).body is not None for page in pages),
            LXML: lambda: sum(lxml.html.fromstring(page).find("body") is not None for page in pages),
            WARC: lambda: [read_payload(db.parent / "warc", file, offset) for file, offset in refs],
            DRY: lambda: reextract(db=str(db), dry_run=True),
            FULL: lambda: reextract(db=str(db)),
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in tools}
        for _ in range(rounds):  # the tools in turn, round after round
            results = {}
            for name, call in tools.items():
                wall, cpu, results[name] = timed(call)
                times[name].append((wall, cpu))
            check_work(results, len(pages))
        check = results[DRY]["counts"]
    return {"pages": len(pages), "kib": sum(map(len, pages)) / len(pages) / 1024, "times": times,
            "per_lang": per_lang, "rounds": rounds, "check": check}


def times_x(value: float) -> str:
    return f"{value:.2f}×"


def _rate(pages: int, seconds: list[float]) -> tuple[float, float, float]:
    rates = [pages / s for s in seconds]
    return statistics.median(rates), min(rates), max(rates)


def markdown(result: dict) -> str:
    pages, times = result["pages"], result["times"]
    rows = []
    for name, measured in times.items():
        wall = _rate(pages, [w for w, _ in measured])
        cpu = _rate(pages, [c for _, c in measured])
        rows.append(f"| {name} | {wall[0]:,.0f} ({wall[1]:,.0f}–{wall[2]:,.0f}) "
                    f"| {cpu[0]:,.0f} ({cpu[1]:,.0f}–{cpu[2]:,.0f}) |")

    def ratios(tool: str, floor: str, clock: int) -> list[float]:  # rate ÷ rate, one per round
        return [f[clock] / t[clock] for t, f in zip(times[tool], times[floor])]

    to_floor_cpu, to_floor_wall, to_lxml = ratios(FULL, FLOOR, 1), ratios(FULL, FLOOR, 0), ratios(FULL, LXML, 1)
    warc = statistics.median(ratios(WARC, FLOOR, 1))  # the WARC read's rate ÷ the floor's
    check = result["check"]
    return "\n".join([
        "## Re-extraction from the WARC captures",
        "",
        f"`python -m benchmarks.reextract {result['per_lang']}`: a crawl of the replica "
        f"({result['per_lang']} articles per language) gives {pages:,} captured article pages, "
        f"{result['kib']:.1f} KiB each on average. Pages per second over all of them, median of "
        f"{result['rounds']} rounds in turn (range in brackets); each round re-extracted "
        f"{check['unchanged']:,} pages unchanged and {check['changed']} changed, {check['failed']} "
        "failed (checked every round, as every parse's and read's page count: a tool that did less would "
        "have stopped the benchmark). The floor is the HTML5 parse the extractor stands on (selectolax's "
        "Lexbor); lxml's parse, the floor before issue 18, stands beside it.",
        "",
        "| | pages/s, wall | pages/s, CPU |",
        "|---|---:|---:|",
        *rows,
        "",
        f"Reextract's rate ÷ the floor's, round by round: {', '.join(map(times_x, to_floor_cpu))} in CPU "
        f"time ({spread(to_floor_wall, times_x)} in wall time); ÷ lxml's parse {spread(to_lxml, times_x)} in "
        f"CPU time. Reading a capture back alone costs {1 / warc:.2f}× the Lexbor parse (median).",
        "",
        rounds_goal(f"reextract at least {GOAL_RATIO:.1f}× the floor's rate on the same captures (reading WARC "
                    "+ extraction + storage at most twice the parse), in CPU time", to_floor_cpu, ">=",
                    GOAL_RATIO, times_x,
                    f"reading a capture back alone costs {1 / warc:.2f}× the parse, which leaves extraction "
                    f"(itself a parse) and storage {max(0.0, 1 / GOAL_RATIO - 1 / warc):.2f}× the parse"),
    ])


def run(per_lang: int = 200) -> str:
    return markdown(measure(per_lang))


def main(argv: list[str]) -> None:
    from benchmarks._report import standalone

    standalone("reextract", run, argv, 200)


if __name__ == "__main__":
    main(sys.argv[1:])
