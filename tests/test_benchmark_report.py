"""Whichever benchmark script writes BENCHMARKS.md last, the file stays consistent: the goals at a glance
are rebuilt from the sections it then holds, and every section says which run and commit made it."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from benchmarks import _report
from benchmarks._report import Run, write
from benchmarks.verdict import IncompleteWork

FULL_RUN = Run("python -m benchmarks.run", datetime(2026, 11, 29, 22, 3, 41, tzinfo=timezone.utc), "c217883")
CRAWL_ALONE = Run("python -m benchmarks.crawl", datetime(2026, 12, 5, 9, 30, 0, tzinfo=timezone.utc), "ff44689")

MACHINE = "## Machine and run\n\n`python -m benchmarks.run` — reduced scale.\n\n- Benchmarks run: crawl, scale."
CRAWL_BEFORE = ("### Crawl (1,000 articles per language)\n\nA table.\n\n"
                "- Goal met: archive crawl at least 90% as fast as download-and-extract of the same URLs: 94%.\n"
                "- Goal met: crawl peak memory under 300 MB: 114 MB.")
SCALE = ("### Archive at scale (100,000 generated articles)\n\nA table.\n\n"
         "- Goal met: archive at most 2× its raw text: 1.97×.\n"
         "- Goal met: search p50 under 50 ms and p95 under 150 ms, measured at 100,000 articles: 9.5 ms and 23.9 ms.")
CRAWL_AFTER = ("### Crawl (1,000 articles per language; 5 paired rounds)\n\nA table.\n\n"
               "- Goal within noise: archive crawl at least 90% as fast as download-and-extract of the same URLs: "
               "median 88%, range 78%–94% over 5 paired rounds (2 of 5 clear 90%).\n"
               "- Goal met: crawl peak memory under 300 MB: median 114 MB, range 110 MB–118 MB over 5 runs "
               "(5 of 5 clear 300 MB).")


def _section(document: str, name: str) -> str:
    return dict(_report.SECTION.findall(document))[name]


def test_the_goals_are_rebuilt_from_the_sections_present_whichever_script_wrote_last(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    write({"machine": MACHINE, "crawl": CRAWL_BEFORE, "scale": SCALE}, FULL_RUN, report)  # `make bench`
    first = report.read_text(encoding="utf-8")
    assert "Goal met: archive crawl at least 90% as fast as download-and-extract of the same URLs: 94%. " \
           "*(crawl: 2026-11-29 22:03:41 UTC, commit c217883)*" in _section(first, "goals")
    assert "Sections from other runs" not in _section(first, "machine")

    write({"crawl": CRAWL_AFTER}, CRAWL_ALONE, report)  # then `python -m benchmarks.crawl` alone
    document = report.read_text(encoding="utf-8")
    goals = _section(document, "goals").splitlines()
    assert goals[:2] == ["## Goals at a glance", ""]
    assert goals[2:] == [
        "- Goal within noise: archive crawl at least 90% as fast as download-and-extract of the same URLs: median "
        "88%, range 78%–94% over 5 paired rounds (2 of 5 clear 90%). *(crawl: 2026-12-05 09:30:00 UTC, commit ff44689)*",
        "- Goal met: crawl peak memory under 300 MB: median 114 MB, range 110 MB–118 MB over 5 runs (5 of 5 clear "
        "300 MB). *(crawl: 2026-12-05 09:30:00 UTC, commit ff44689)*",
        "- Goal met: archive at most 2× its raw text: 1.97×. *(scale: 2026-11-29 22:03:41 UTC, commit c217883)*",
        "- Goal met: search p50 under 50 ms and p95 under 150 ms, measured at 100,000 articles: 9.5 ms and 23.9 ms. "
        "*(scale: 2026-11-29 22:03:41 UTC, commit c217883)*",
    ]
    assert "URLs: 94%." not in _section(document, "goals")  # the crawl goal it replaced is gone from the list
    crawl = _section(document, "crawl")
    assert crawl.splitlines()[:3] == [
        "### Crawl (1,000 articles per language; 5 paired rounds)", "",
        "*Run: started 2026-12-05 09:30:00 UTC, commit ff44689, by `python -m benchmarks.crawl`.*"]
    assert crawl.count("*Run: ") == 1
    assert "*Run: started 2026-11-29 22:03:41 UTC, commit c217883, by `python -m benchmarks.run`.*" in \
        _section(document, "scale")
    assert _section(document, "machine").endswith(
        "- Sections from other runs than this one: crawl (2026-12-05 09:30:00 UTC, commit ff44689).")
    assert [name for name, _ in _report.SECTION.findall(document)] == ["machine", "goals", "crawl", "scale"]

    write({"crawl": CRAWL_AFTER}, FULL_RUN, report)  # the crawl section from the full run's again
    assert "Sections from other runs" not in _section(report.read_text(encoding="utf-8"), "machine")


def test_sections_kept_from_before_stamps_say_their_run_is_not_recorded(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\n<!-- dates:start -->\n## Dates\n\nNo goal here.\n<!-- dates:end -->\n"
                      "<!-- scale:start -->\n" + SCALE + "\n<!-- scale:end -->\n", encoding="utf-8")
    write({"crawl": CRAWL_AFTER}, CRAWL_ALONE, report)
    goals = _section(report.read_text(encoding="utf-8"), "goals")
    assert "1.97×. *(scale: run not recorded)*" in goals and goals.count("- Goal") == 4


def test_a_standalone_benchmark_that_did_less_work_fails_in_one_line_and_writes_nothing(capsys) -> None:
    def short(_: int) -> str:
        raise IncompleteWork("the bare download did not do the work it is compared for: pages answered 200 3 of 4")

    before = (_report.PROJECT_ROOT / "BENCHMARKS.md").read_bytes()
    with pytest.raises(SystemExit) as stopped:
        _report.standalone("crawl", short, ["5"], 1000)
    assert stopped.value.code == 1
    assert capsys.readouterr().err == ("benchmark failed, nothing written: the bare download did not do the work "
                                       "it is compared for: pages answered 200 3 of 4\n")
    assert (_report.PROJECT_ROOT / "BENCHMARKS.md").read_bytes() == before
