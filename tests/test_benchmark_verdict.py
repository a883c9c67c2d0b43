"""Benchmark verdicts come from measurements only: a goal is met, missed or within noise by the range of
its paired rounds, an estimate decides nothing, and a baseline that did less work stops the benchmark.
No timing is asserted here: the values judged are given, or counted from real runs."""

from __future__ import annotations

import re
import sqlite3

import pytest

from benchmarks import scale, scale_model
from benchmarks.verdict import (MET, MIN_ROUNDS, MISSED, NOISE, Estimate, IncompleteWork, judge,
                                measured_goal, paired_rounds, require_work, rounds_goal)


@pytest.mark.parametrize("values, op, goal, verdict", [
    ([0.91, 0.94, 0.92, 0.95, 0.90], ">=", 0.90, MET),  # the whole range clears (the goal itself included)
    ([0.78, 0.88, 0.87, 0.88, 0.84], ">=", 0.90, MISSED),  # the whole range below
    ([0.78, 0.88, 0.94, 0.87, 0.91], ">=", 0.90, NOISE),  # the range straddles the goal
    ([1.2, 1.9, 1.5, 2.0, 1.7], "<=", 2.0, MET),
    ([2.1, 2.4, 2.2, 2.3, 2.05], "<=", 2.0, MISSED),
    ([1.8, 2.1, 1.9, 1.7, 1.95], "<=", 2.0, NOISE),
    ([110.0, 300.0, 120.0, 115.0, 111.0], "<", 300.0, NOISE),  # "under": the goal itself does not clear
    ([0.5], ">=", 0.5, MET),
    ([0.49], ">=", 0.5, MISSED),
])
def test_the_verdict_is_met_missed_or_within_noise_by_the_whole_range(values, op, goal, verdict) -> None:
    assert judge(values, op, goal) == verdict


def test_a_round_goal_reports_median_range_and_rounds_and_needs_five() -> None:
    line = rounds_goal("archive crawl at least 90% as fast as download-and-extract",
                       [0.78, 0.88, 0.94, 0.87, 0.91], ">=", 0.90, lambda v: f"{v:.0%}", "too slow")
    assert line == ("- Goal within noise: archive crawl at least 90% as fast as download-and-extract: median 88%, "
                    "range 78%–94% over 5 paired rounds (2 of 5 clear 90%).")
    missed = rounds_goal("x", [1.0] * MIN_ROUNDS, ">=", 2.0, str, "too slow")
    assert missed.startswith("- Goal **missed**: x: median 1.0, range 1.0–1.0") and missed.endswith("— **too slow**.")
    with pytest.raises(ValueError, match="at least 5"):
        rounds_goal("x", [1.0] * (MIN_ROUNDS - 1), ">=", 0.5, str)
    assert measured_goal("archive at most 2× its raw text", 1.97, "<=", 2.0, lambda v: f"{v:.2f}×") == \
        "- Goal met: archive at most 2× its raw text: 1.97×."


def test_paired_rounds_interleave_the_runs() -> None:
    calls: list[str] = []
    results = paired_rounds({"A": lambda: calls.append("A") or len(calls),
                             "B": lambda: calls.append("B") or len(calls)}, rounds=5)
    assert calls == ["A", "B"] * 5
    assert results == {"A": [1, 3, 5, 7, 9], "B": [2, 4, 6, 8, 10]}


def test_an_estimate_decides_no_goal() -> None:
    with pytest.raises(TypeError, match="estimate"):
        judge([Estimate(53.7, "search_mix.extrapolated_ms")], "<", 150.0)
    with pytest.raises(TypeError, match="estimate"):
        scale.search_goal(Estimate(12.5, "model"), Estimate(53.7, "model"), "at 1,000,000 articles")
    searches = _query_mix(ms=5.0, count_ms=0.01)
    p95 = scale_model.estimate(searches, 100_000, 1_000_000, 0.95)
    assert isinstance(p95, Estimate)
    with pytest.raises(TypeError):
        judge([p95], "<", 150.0)


@pytest.mark.parametrize("count_ms", [0.01, 5.0])  # an estimate far under the goal, and one far over it
def test_the_scale_section_decides_no_goal_at_the_size_it_only_estimates(count_ms: float) -> None:
    last = scale_model.last_measured(MILLION_SECTION, 1_000_000)
    assert last == {"section": "scale-full", "p50": 13.8, "p95": 116.8,
                    "made_by": "2026-11-29 19:11:00 UTC, commit e1154cb"}
    text = scale.markdown(_built(100_000), _query_mix(ms=5.0, count_ms=count_ms), last)
    goals = [line for line in text.splitlines() if line.startswith("- Goal")]
    assert len(goals) == 3 and all("1,000,000" not in line and "xtrapolat" not in line for line in goals)
    assert "measured at 100,000 articles" in goals[1]
    assert goals[2] == ("- Goal met: the whole of full bm25's top 20 shown in every query, measured at 100,000 "
                        "articles: the least share in a query: 100%.")
    estimate = next(line for line in text.splitlines() if line.startswith("**Estimate** for 1,000,000 articles"))
    assert "not a measurement (it decides no goal)" in estimate
    p95 = scale_model.estimate(_query_mix(ms=5.0, count_ms=count_ms), 100_000, 1_000_000, 0.95).value
    assert f"measured p50 13.8 ms, p95 116.8 ms; this estimate is" in estimate
    assert f"{p95 / 116.8:.2f}×" in estimate and "(section scale-full: 2026-11-29 19:11:00 UTC, commit e1154cb)" in estimate
    unchecked = scale.markdown(_built(100_000), _query_mix(ms=5.0, count_ms=count_ms), None)
    assert "the model's error is unknown" in unchecked


def test_the_scale_section_counts_the_queries_whose_ranking_was_cut_short() -> None:
    mix = _query_mix(ms=5.0, count_ms=0.01)
    mix[3].update(cut_short=True, overlap=(15, 20))
    text = scale.markdown(_built(100_000), mix)
    assert "**1 of the queries had their ranking cut short** (more than " in text and "`word3` --lang kz." in text
    assert ("- Goal **missed**: the whole of full bm25's top 20 shown in every query, measured at 100,000 articles: "
            "the least share in a query: 75% — **1 of 40 queries show less**.") in text
    at_target = scale.markdown(_built(1_000_000), mix)
    assert "**1 of the queries had their ranking cut short**" in at_target and "least share" not in at_target
    assert "No query's ranking was cut short" in scale.markdown(_built(100_000), _query_mix(ms=5.0, count_ms=0.01))


def test_a_reused_archive_says_its_build_figures_are_not_this_runs() -> None:
    built = {**_built(1_000_000), "reused": "`kept.db.json`", "built": "built 2026-11-29 19:11:00 UTC, commit e1154cb"}
    text = scale.markdown(built, _query_mix(ms=5.0, count_ms=0.01))
    assert ("**Not measured by this run**: the outcome above and the ingest rates come from the build of this "
            "archive (built 2026-11-29 19:11:00 UTC, commit e1154cb; `kept.db.json`), reused with `--reuse`; the "
            "sizes (of the archive as it stands, migrations since its build included) and the searches are "
            "measured by this run.") in text
    assert "**Not measured" not in scale.markdown(_built(1_000_000), _query_mix(ms=5.0, count_ms=0.01))


def test_work_short_of_what_is_compared_stops_the_benchmark() -> None:
    require_work("the bare download", {"pages answered 200": 3264}, {"pages answered 200": 3264})
    with pytest.raises(IncompleteWork, match=re.escape(
            "download-and-extract did not do the work it is compared for: pages extracted 3,038 of 3,039 "
            "(ExtractionError on http://x/a)")):
        require_work("download-and-extract", {"pages answered 200": 3039, "pages extracted": 3038},
                     {"pages answered 200": 3039, "pages extracted": 3039}, "ExtractionError on http://x/a")


# -- data for the scale section: what a run's build and searches report ------------------------------------
MILLION_SECTION = """<!-- scale-full:start -->
### Archive at scale (1,000,000 generated articles)

Measured by `python -m benchmarks.run --full` (`make bench-full`) in the run started 2026-11-29 19:11 UTC, committed in e1154cb.

*Run: started 2026-11-29 19:11:00 UTC, commit e1154cb, by `python -m benchmarks.run --full`.*

Search, 100 queries: **p50 13.8 ms, p95 116.8 ms**, slowest 335 ms.
<!-- scale-full:end -->"""


def _built(n: int) -> dict:
    return {"n": n, "counts": {"new": n}, "text_bytes": 450_000_000, "db_bytes": 889_000_000,
            "sizes": {"articles table": 518_000_000, "full-text index": 326_000_000}, "single_n": 3000,
            "single_rate": 246.0, "batched_rate": 753.0, "write_seconds": n / 363, "generate_seconds": n / 3760}


def _query_mix(ms: float, count_ms: float) -> list[dict]:
    kinds = ["frequent word", "rare word", "phrase", "prefix + filters"]
    return [{"kind": kinds[i % 4], "query": f"word{i}", "filters": {"lang": "kz"} if i % 4 == 3 else {},
             "hits": 20, "ms": ms + i / 10, "cpu_ms": ms, "matches": 100 + i, "count_ms": count_ms * (1 + i / 20),
             "full_ms": ms * 2, "overlap": (20, 20)} for i in range(40)]


def test_a_reused_archive_is_measured_as_it_stands(tmp_path) -> None:
    """A kept archive given an index since its build (a migration): --reuse reports today's size."""
    path = tmp_path / "kept.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE articles (title TEXT, body TEXT)")
    conn.executemany("INSERT INTO articles VALUES (?, ?)", [(f"t{n}", "x" * 2000) for n in range(200)])
    conn.commit()
    before = scale._sizes_as_found(path)
    conn.execute("CREATE INDEX articles_body ON articles(body)")
    conn.commit()
    conn.close()
    after = scale._sizes_as_found(path)
    assert after["db_bytes"] == path.stat().st_size > before["db_bytes"]
    assert sum(after["sizes"].values()) > sum(before["sizes"].values())
