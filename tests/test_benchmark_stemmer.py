"""The before/after benchmark of issue 12's index terms measures what it says: the "before" side is the
old textsearch from git history, both sides really index and search an archive, and today's functions
are put back afterwards."""

from __future__ import annotations

import re
import subprocess

import pytest

from archiver.search import textsearch
from archiver.search import querylang
from archiver.storage import fts, ranked
from benchmarks._report import PROJECT_ROOT
from benchmarks import stemmer_change  # numpy, for the generated articles, comes with matplotlib

HISTORY = subprocess.run(["git", "-C", str(PROJECT_ROOT), "cat-file", "-e", f"{stemmer_change.BEFORE}^{{commit}}"],
                         capture_output=True).returncode == 0
pytestmark = pytest.mark.skipif(not HISTORY, reason=f"commit {stemmer_change.BEFORE} is not in this clone's "
                                "history (a shallow clone): the 'before' side is read from it")


def test_the_before_side_is_the_old_stemmer_from_git_history() -> None:
    before = stemmer_change.before_module()
    assert before.stem_text("Президент заявил") != textsearch.stem_text("Президент заявил")
    assert textsearch.stem("заявил", "ru") == "заявить" and before.stem("заявил") != "заявить"


def test_a_small_run_prints_both_sides_measured_and_restores_todays_terms(monkeypatch) -> None:
    monkeypatch.setattr(stemmer_change, "RUNS", 1)
    monkeypatch.setattr(stemmer_change, "REPLICA_ARTICLES", 10)
    monkeypatch.setattr(stemmer_change.search_mix, "SEARCH_RUNS", 1)
    text = stemmer_change.run(90)
    rows = {m[0]: m[1:] for m in re.findall(r"^\| (before|after) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| "
                                              r"([\d.]+) \| ([\d.]+) \| (\d+)/(\d+) \|$", text, re.M)}
    assert set(rows) == {"before", "after"}
    for figures in rows.values():
        assert all(float(f.replace(",", "")) > 0 for f in figures[:3]) and int(figures[6]) > 0
    assert fts.index_stems is textsearch.index_stems and ranked.build_match is querylang.build_match
