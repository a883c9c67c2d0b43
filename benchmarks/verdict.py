"""Goal verdicts from measurements only, with their noise.

A goal is decided by the values a run measured: one value for a figure that does not depend on timing (a
size, an accuracy), or one value per round for a timed one, each round timing both sides of a ratio in
turn (A, B, A, B, ...). The verdict is:

- **met** when every value clears the goal (the whole range is on the right side);
- **missed** when no value does (the whole range is on the wrong side);
- **within noise** otherwise: the run cannot tell.

A ratio goal needs at least `MIN_ROUNDS` paired rounds. A figure from a model (`Estimate`) is printed as
an estimate and decides nothing: `judge` refuses it. A baseline that did less work than the run it is
compared with would look cheaper; `require_work` stops the benchmark instead (`IncompleteWork`).
"""

from __future__ import annotations

import operator
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

MET, MISSED, NOISE = "met", "missed", "within noise"
MIN_ROUNDS = 5  # paired rounds behind every ratio goal
COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
T = TypeVar("T")


@dataclass(frozen=True)
class Estimate:
    """A figure worked out by a model, not measured: it may be printed, never judged."""

    value: float
    model: str  # what it was worked out from


class IncompleteWork(RuntimeError):
    """A benchmark's run (a baseline, or the run compared with it) did not do all the work it is
    compared for: raised by `require_work`, it ends the benchmark run."""


def judge(values: Sequence[float], op: str, goal: float) -> str:
    """MET if every value satisfies `value op goal`, MISSED if none does, NOISE otherwise."""
    if not values:
        raise ValueError("no measurement to judge")
    if any(isinstance(value, Estimate) for value in values):
        raise TypeError("an estimate decides no goal: only measured values are judged")
    clears = [COMPARE[op](value, goal) for value in values]
    return MET if all(clears) else MISSED if not any(clears) else NOISE


def spread(values: Sequence[float], show: Callable[[float], str]) -> str:
    """'median 88%, range 78–94%' ('88%' for a single value)."""
    if len(values) == 1:
        return show(values[0])
    return f"median {show(statistics.median(values))}, range {show(min(values))}–{show(max(values))}"


def _line(verdict: str, text: str, miss: str) -> str:
    label = {MET: "met", MISSED: "**missed**", NOISE: "within noise"}[verdict]
    return f"- Goal {label}: {text}" + (f" — **{miss}**" if verdict == MISSED and miss else "") + "."


def measured_goal(text: str, value: float, op: str, goal: float, show: Callable[[float], str],
                  miss: str = "") -> str:
    """The goal line of a figure measured once: '- Goal met: TEXT: 1.97×.'"""
    return _line(judge([value], op, goal), f"{text}: {show(value)}", miss)


def rounds_goal(text: str, values: Sequence[float], op: str, goal: float, show: Callable[[float], str],
                miss: str = "", rounds: str = "paired rounds") -> str:
    """The goal line of a figure measured once per round, with its median, range and verdict:
    '- Goal within noise: TEXT: median 88%, range 78–94% over 5 paired rounds (2 of 5 clear 90%).'"""
    if len(values) < MIN_ROUNDS:
        raise ValueError(f"{len(values)} rounds: a goal measured in rounds needs at least {MIN_ROUNDS}")
    verdict = judge(values, op, goal)
    clear = sum(COMPARE[op](value, goal) for value in values)
    return _line(verdict, f"{text}: {spread(values, show)} over {len(values)} {rounds} "
                          f"({clear} of {len(values)} clear {show(goal)})", miss)


def paired_rounds(runs: Mapping[str, Callable[[], T]], rounds: int = MIN_ROUNDS) -> dict[str, list[T]]:
    """Each callable once per round, in turn (A, B, A, B, ...): the results of each, in round order."""
    results: dict[str, list[T]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, call in runs.items():
            results[name].append(call())
    return results


def require_work(who: str, done: Mapping[str, int], expected: Mapping[str, int], detail: str = "") -> None:
    """Raise IncompleteWork unless `done` has every count of `expected`: 'WHO did not do the work it is
    compared for: pages extracted 3,038 of 3,039 (DETAIL)'."""
    short = [f"{name} {done.get(name, 0):,} of {want:,}" for name, want in expected.items()
             if done.get(name, 0) != want]
    if short:
        raise IncompleteWork(f"{who} did not do the work it is compared for: {'; '.join(short)}"
                             + (f" ({detail})" if detail else ""))
