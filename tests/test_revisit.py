"""Issue 19: the revisit policy (archiver.fetch.revisit) and how the writer reads a revisit's answer
(archiver.fetch.recheck): removals confirmed, transient errors ignored, restorations recorded."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from archiver.errors import UsageError
from archiver.fetch.recheck import CONFIRM_CHECKS
from archiver.fetch.revisit import RevisitOptions, interval, next_due, plan
from archiver.fetch.writer import ArchiveWriter, WriterConfig
from archiver.page.items import Article
from archiver.storage import open_archive

TODAY = date(2026, 3, 1)


def test_interval_tiers_never_exceed_the_revisit_period():
    assert [interval(age, 30) for age in (0, 6, 7, 89, 90, 4000)] == [1, 1, 7, 7, 30, 30]
    assert interval(30, 5) == 5 and interval(400, 5) == 5


def test_checks_are_spread_evenly_and_each_page_is_due_once_a_period():
    urls = [f"https://www.akorda.kz/ru/a-{n}" for n in range(3000)]
    days = Counter(next_due(url, TODAY, 30) for url in urls)
    assert set(days) == {TODAY + timedelta(days=d) for d in range(1, 31)}
    assert max(days.values()) < 2 * min(days.values())  # ~100 a day, none far off


def test_plan_takes_the_longest_due_first_within_the_budget():
    old = [(f"u{n}", "article", "ru", "2010-01-01", "2026-01-01", "present") for n in range(50)]
    fresh = [(f"f{n}", "article", "ru", "2010-01-01", TODAY.isoformat(), "present") for n in range(50)]
    due, chosen = plan(old + fresh, TODAY, 30, budget=10)
    assert due == 50 and len(chosen) == 10 and all(url.startswith("u") for url, _, _ in chosen)
    suspect = [("s", "article", "ru", "2010-01-01", (TODAY - timedelta(days=1)).isoformat(), "suspect")]
    assert plan(suspect, TODAY, 30, 10)[1] == [("s", "article", "ru")]  # said gone: checked daily


def test_options_refuse_bad_values():
    args = {"today": "2026-13-01"}
    with pytest.raises(UsageError, match="--today"):
        RevisitOptions.from_arguments(args.get)
    with pytest.raises(UsageError, match="revisit"):
        RevisitOptions.from_arguments({"revisit_days": "0"}.get)


URL = "https://www.akorda.kz/ru/glava-gosudarstva-1200001"
PAGE = ("<html><body><header></header><div class='col-lg-8'><h2>Заголовок</h2><div class='mt-5'>"
        "<article><p>Текст статьи о встрече.</p></article></div></div><footer></footer></body></html>")


def _writer(tmp_path, day: date) -> ArchiveWriter:
    return ArchiveWriter(WriterConfig(str(tmp_path / "a.db"), str(tmp_path / "warc"), 10**8, 1,
                                      day.isoformat()))


def _answers(tmp_path, statuses: list[tuple[int, int]]) -> list[str]:
    """Archive the article on day 0, then revisit it: (day, status) each; the outcomes."""
    writer = _writer(tmp_path, TODAY)
    writer.store(Article(URL, "ru", "1200001", "Заголовок", None, None, None, None,
                         "Текст статьи о встрече."), URL)
    writer.close()
    outcomes = []
    for day, status in statuses:
        writer = _writer(tmp_path, TODAY + timedelta(days=day))
        body = PAGE.encode() if status == 200 else b"<html></html>"
        error = "HttpError: 503" if status == 503 else None
        outcomes.append(writer.revisit(URL, "article", "ru", URL, status, [], body, None, error))
        writer.close()
    return outcomes


def _changes(tmp_path) -> list[tuple]:
    return list(open_archive(tmp_path / "a.db").conn.execute(
        "SELECT kind, detail FROM changes WHERE kind != 'new' ORDER BY id"))


def test_a_single_503_is_no_removal(tmp_path):
    assert _answers(tmp_path, [(1, 503), (2, 200)]) == ["error", "unchanged"]
    assert _changes(tmp_path) == []


def test_a_removal_needs_three_gone_answers_over_two_days(tmp_path):
    outcomes = _answers(tmp_path, [(1, 404), (1, 404), (2, 503), (2, 404), (3, 404), (4, 410)])
    # Day 1 counts once; the 503 neither confirms nor refutes; day 3 is the third day, 2 days on.
    assert outcomes == ["gone", "gone", "error", "gone", "removed", "gone"]
    assert CONFIRM_CHECKS == 3
    assert _changes(tmp_path) == [("removed", "HTTP 404 on 3 checks over 2 days (first 2026-03-02)")]
    db = open_archive(tmp_path / "a.db").conn
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1  # the text stays


def test_a_false_alarm_and_a_restoration(tmp_path):
    outcomes = _answers(tmp_path, [(1, 404), (2, 200), (3, 404), (4, 404), (5, 404), (9, 200)])
    assert outcomes == ["gone", "unchanged", "gone", "gone", "removed", "restored"]
    assert [kind for kind, _ in _changes(tmp_path)] == ["removed", "restored"]


def test_a_page_read_without_its_date_is_no_date_change(tmp_path):
    """A speech's date comes from its listing card: read again without the card it is unchanged."""
    writer = _writer(tmp_path, TODAY)
    dated = Article(URL, "ru", "1200001", "Заголовок", "12 марта 2026 года", "2026-03-12", "listing",
                    None, "Текст статьи о встрече.")
    assert writer.store(dated, URL) == "new"
    undated = Article(URL, "ru", "1200001", "Заголовок", None, None, None, None,
                      "Текст статьи о встрече.")
    assert writer.store(undated, URL) == "unchanged"
    moved = Article(URL, "ru", "1200001", "Заголовок", "11 марта 2026 года", "2026-03-11", "page",
                    None, "Текст статьи о встрече.")
    assert writer.store(moved, URL) == "changed"  # the date line moved: an edit, no new text
    writer.close()
    db = open_archive(tmp_path / "a.db").conn
    assert db.execute("SELECT kind, date_changed, old_version, new_version FROM changes"
                      " ORDER BY id").fetchall() == [("new", 0, None, 1), ("edited", 1, 1, 1)]
