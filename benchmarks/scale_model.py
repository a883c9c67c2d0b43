"""The search-time model of the scale benchmark: estimates, never measurements.

`search_mix.extrapolated_ms` estimates a query's time in a larger archive from its time and its
count(*) time in the measured one. What it gives is an `Estimate` (benchmarks.verdict): printed as an
estimate, with the model's error against the last search measured at that size, and never judged
against a goal.
"""

from __future__ import annotations

import re

from benchmarks import search_mix
from benchmarks._report import SECTION, made_by
from benchmarks.search_mix import percentile
from benchmarks.verdict import Estimate

MODEL = "`search_mix.extrapolated_ms`"
MEASURED_AT = re.compile(r"### Archive at scale \(([\d,]+) generated articles\).*?"
                         r"\*\*p50 ([\d.]+) ms, p95 ([\d.]+) ms\*\*", re.DOTALL)


def last_measured(document: str, n: int) -> dict | None:
    """The search p50 and p95 last measured at `n` articles in a BENCHMARKS.md, with the run that
    measured them (None: no section of the document measured that size)."""
    for name, text in SECTION.findall(document):
        found = MEASURED_AT.search(text)
        if found and int(found[1].replace(",", "")) == n:
            return {"section": name, "p50": float(found[2]), "p95": float(found[3]), "made_by": made_by(text)}
    return None


def estimate(searches: list[dict], n: int, target: int, share: float) -> Estimate:
    """The `share` percentile of the query mix's times at `target` articles, by the model, from `n`."""
    return Estimate(percentile([search_mix.extrapolated_ms(r, n, target) for r in searches], share), MODEL)


def estimate_lines(searches: list[dict], n: int, target: int, last: dict | None) -> list[str]:
    """The estimate for `target` articles, printed as one, and the model's error against the last
    measurement at that size."""
    far = [search_mix.extrapolated_ms(r, n, target) for r in searches]
    kinds = list(dict.fromkeys(r["kind"].removesuffix(" + filters") for r in searches))
    per_kind = ", ".join(
        f"{kind} {percentile([f for f, r in zip(far, searches) if r['kind'].removesuffix(' + filters') == kind], 0.5):.0f}"
        for kind in kinds)
    p50, p95 = (estimate(searches, n, target, share) for share in (0.5, 0.95))
    if last is None:
        check = (f"No search measured at {target:,} articles in BENCHMARKS.md to check the model against "
                 "(`make bench-full` measures one): the model's error is unknown.")
    else:
        check = (f"The model against the last measurement at {target:,} articles (section {last['section']}: "
                 f"{last['made_by']}): measured p50 {last['p50']:.1f} ms, p95 {last['p95']:.1f} ms; this "
                 f"estimate is {p50.value / last['p50']:.2f}× and {p95.value / last['p95']:.2f}× of them "
                 f"(p95 off by {p95.value / last['p95'] - 1:+.0%}).")
    return [f"**Estimate** for {target:,} articles, not a measurement (it decides no goal): by the model "
            f"{MODEL}, each query's time plus its count(*) time for every further multiple of the archive: "
            f"p50 {p50.value:.0f} ms, p95 {p95.value:.0f} ms; p50 per class: {per_kind}. Walking every match once "
            f"(count(*)) takes p50 {percentile([r['count_ms'] for r in searches], 0.5):.1f} ms, p95 "
            f"{percentile([r['count_ms'] for r in searches], 0.95):.1f} ms here. {check}"]


def p95_limit(searches: list[dict], n: int, goal_ms: float) -> float | None:
    """Archive size at which the estimated p95 reaches `goal_ms` (None: not within 1000 times n)."""
    def p95(articles: float) -> float:
        return percentile([search_mix.extrapolated_ms(r, n, articles) for r in searches], 0.95)
    low, high = float(n), float(n) * 1000
    if p95(high) < goal_ms:
        return None
    if p95(low) >= goal_ms:
        return low
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if p95(middle) < goal_ms else (low, middle)
    return high
