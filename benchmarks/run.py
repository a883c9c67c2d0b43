"""Every benchmark in one run, written into BENCHMARKS.md: `make bench` (reduced) and `make bench-full`.

    python -m benchmarks.run [--full] [--only extraction,dates,crawl,stemmer,scale,reextract,million]

Every benchmark at the reduced scale by default (a few minutes on two cores); `--full` adds the archive
of 1,000,000 articles (`million`: about an hour more), in a section of its own beside the 100,000 one.
Each section states its own scale and carries the run's stamp (start, UTC, and commit). Sections are
written together at the end; each is also printed as soon as it is measured. The machine section says
what ran, where, and how long each part took, and which sections of the file other runs wrote; the
goals at a glance are gathered from every section the file then holds (benchmarks._report). Every
timed ratio goal is judged on 5 paired rounds (benchmarks.verdict). A benchmark whose run, or baseline,
did not do all its work stops the run: one line on stderr, exit status 1, nothing written.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from benchmarks._report import Run, command, fail, write
from benchmarks.verdict import IncompleteWork


@dataclass(frozen=True)
class Scale:
    extraction_repeats: int
    date_lines: int
    crawl_per_language: int
    archive_articles: int


REDUCED = Scale(extraction_repeats=15, date_lines=2400, crawl_per_language=1000, archive_articles=100_000)
MILLION = 1_000_000  # articles in the archive of `--full`
PACKAGES = ("scrapy", "lxml", "parsel", "trafilatura", "dateparser", "python-dateutil", "sqlite-utils",
            "pyarrow", "warcio", "isal")


def _extraction(scale: Scale) -> dict[str, str]:
    from benchmarks import extraction
    return {"extraction": extraction.run(scale.extraction_repeats)}


def _dates(scale: Scale) -> dict[str, str]:
    from benchmarks import dates
    return {"dates": dates.run(scale.date_lines)}


def _crawl(scale: Scale) -> dict[str, str]:
    from benchmarks import crawl
    return {"crawl": crawl.run(scale.crawl_per_language)}


TREEBANKS = ("kk_ktb-ud-train.conllu", "kk_ktb-ud-test.conllu", "ru_gsd-ud-dev.conllu")


def _stemmer(scale: Scale) -> dict[str, str]:
    """Index terms before and after issue 12; and, where UD_TREEBANKS names a folder holding the
    Universal Dependencies files (not in this repository: CC BY-SA, fetched by whoever measures),
    recall, verbs and confusable on each."""
    from benchmarks import stemming, stemmer_change
    folder = os.environ.get("UD_TREEBANKS")
    found = [Path(folder) / name for name in TREEBANKS if folder and (Path(folder) / name).is_file()]
    if found:
        treebanks = ("### Stemming on Universal Dependencies treebanks (`python -m benchmarks.stemming`)\n\n"
                     + "\n\n".join(stemming.table(path) for path in found) + "\n\n"
                     + "\n".join(filter(None, map(stemming.goal_line, found))))
    else:
        treebanks = ("### Stemming on Universal Dependencies treebanks\n\nNot measured in this run: set "
                     f"UD_TREEBANKS to a folder holding {', '.join(TREEBANKS)} (from the GitHub repositories "
                     "UniversalDependencies/UD_Kazakh-KTB and UD_Russian-GSD).")
    return {"stemmer": stemmer_change.run() + "\n\n" + treebanks}


def _scale(scale: Scale) -> dict[str, str]:
    from benchmarks import scale as archive_scale
    scale_md, export_md = archive_scale.run(scale.archive_articles)
    return {"scale": scale_md, **({"export": export_md} if export_md else {})}


def _million(scale: Scale) -> dict[str, str]:
    """The archive of a million articles: its own section (the exports are measured at 100,000)."""
    from benchmarks import scale as archive_scale
    scale_md, _ = archive_scale.run(MILLION, export=False)
    return {"scale-full": scale_md}  # kept by `make bench` runs: its stamp says which run made it


def _reextract(scale: Scale) -> dict[str, str]:
    from benchmarks import reextract
    return {"reextract": reextract.run(max(100, scale.crawl_per_language // 5))}


def _revisit(scale: Scale) -> dict[str, str]:
    from benchmarks import revisit
    return {"revisit": revisit.run()}


# Name -> what it measures. CPU-timed benchmarks first, while nothing of ours runs beside them.
BENCHMARKS: dict[str, Callable[[Scale], dict[str, str]]] = {
    "extraction": _extraction, "dates": _dates, "crawl": _crawl, "stemmer": _stemmer, "scale": _scale,
    "reextract": _reextract, "revisit": _revisit, "million": _million,
}
FULL_ONLY = ("million",)  # run by --full (or named in --only)


def _memory() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            kb = next(int(line.split()[1]) for line in info if line.startswith("MemTotal:"))
        return f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        return "unknown"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            return next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def machine(full: bool, timings: dict[str, float], total: float, load: tuple[float, ...],
            started: datetime) -> str:
    """The machine section: what ran, where, for how long (the run's stamp is added when it is written)."""
    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    parts = ", ".join(f"{name} {seconds:,.0f} s" for name, seconds in timings.items())
    return "\n".join([
        "## Machine and run",
        "",
        f"`python -m benchmarks.run{' --full' if full else ''}` — "
        f"{'every benchmark and the million-article archive' if full else 'reduced scale'}, "
        f"started {started:%Y-%m-%d %H:%M} UTC, **{total / 60:.1f} minutes** in all ({parts}).",
        "",
        f"- Machine: {platform.platform()}; {_cpu_model()}; {os.cpu_count()} CPUs; {_memory()} of memory; "
        f"load average {load[0]:.2f} when the run began (the machine may be shared: CPU times are "
        "reported where wall time would be disturbed).",
        f"- Python {platform.python_version()} ({platform.python_implementation()}); SQLite "
        f"{sqlite3.sqlite_version}; {versions}.",
        f"- Benchmarks run: {', '.join(timings)}.",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true",
                        help="add the million-article archive (about an hour more)")
    parser.add_argument("--only", default=None, help=f"comma-separated subset of {', '.join(BENCHMARKS)}")
    args = parser.parse_args(argv)
    chosen = ([n.strip() for n in args.only.split(",")] if args.only else
              [n for n in BENCHMARKS if args.full or n not in FULL_ONLY])
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    scale = REDUCED
    run = Run.now(command("benchmarks.run", argv if argv is not None else sys.argv[1:]))
    load, began = os.getloadavg(), time.perf_counter()
    sections: dict[str, str] = {}
    timings: dict[str, float] = {}
    for name in chosen:
        t0 = time.perf_counter()
        print(f"== {name} ...", file=sys.stderr, flush=True)
        try:
            produced = BENCHMARKS[name](scale)
        except IncompleteWork as error:
            return fail(error)
        timings[name] = time.perf_counter() - t0
        for section, markdown in produced.items():
            print(markdown + "\n", flush=True)
            sections[section] = markdown
        print(f"== {name}: {timings[name]:,.0f} s", file=sys.stderr, flush=True)
    total = time.perf_counter() - began
    header = machine(args.full, timings, total, load, run.started)
    print(header)
    written = write({"machine": header, **sections}, run)
    print(f"\n{len(sections) + 2} sections written to {written} in {total / 60:.1f} minutes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
