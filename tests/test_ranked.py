"""archiver.storage.ranked: the ranking rule (full bm25 unless too many match, and then said), the
notes, the filters refused in one line, and the canned Datasette query ranking by the same rule."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from _archiver import run_archiver
from _small_archive import make_archive

from archiver.errors import UsageError
from archiver.serve.datasette import QUERIES, archive_match, archive_snippet
from archiver.storage import open_readonly, search, search_notes, search_results
from archiver.storage.ranked import CANDIDATES, FULL_RANK_LIMIT

# Ten articles saying "жоба", one a day; the oldest says it most (so full bm25 ranks it first).
ARTICLES = [{"url": f"https://www.akorda.kz/kz/news-{n}", "lang": "kk", "published": f"2019-03-{n + 1:02d}",
             "title": f"Жаңалық {n}", "category": "Іс-сапарлар" if n % 2 else "Жаңалықтар",
             "body": " ".join(["жоба"] * (10 - n) + ["ел", "басқа", "сөз"] * 20)} for n in range(10)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("ranked") / "archive.db", ARTICLES)


@pytest.fixture
def conn(archive: Path) -> sqlite3.Connection:
    return open_readonly(archive)


def test_every_match_is_ranked_while_few_match(conn: sqlite3.Connection) -> None:
    found = search_results(conn, "жоба", limit=3)
    assert (found.total, found.ranked_over, found.cut_short, found.notes) == (10, 10, False, [])
    assert [r["url"][-2:] for r in found.rows] == ["-0", "-1", "-2"]  # the oldest says it most
    assert "[жоба]" in found.rows[0]["snippet"] and found.rows[0]["score"] < found.rows[1]["score"]


def test_beyond_the_limit_the_newest_are_ranked_and_the_results_say_so(conn: sqlite3.Connection) -> None:
    found = search_results(conn, "жоба", limit=3, rank_limit=5, candidates=4)
    assert (found.total, found.ranked_over, found.cut_short) == (10, 4, True)
    assert [r["url"][-2:] for r in found.rows] == ["-6", "-7", "-8"]  # the best of the newest 4
    assert found.notes == ["ranked by relevance among the newest 4 of 10 matching articles; ask for the full "
                           "ranking (--full-rank, or full_rank=1 in a web address) to rank them all"]
    full = search_results(conn, "жоба", limit=3, rank_limit=5, candidates=4, full_rank=True)
    assert not full.cut_short and [r["url"][-2:] for r in full.rows] == ["-0", "-1", "-2"]
    assert search(conn, "жоба", limit=3) == search_results(conn, "жоба", limit=3).rows
    assert [r["url"][-2:] for r in search(conn, "жоба", limit=3, candidates=4)] == ["-6", "-7", "-8"]


def test_the_cli_asks_for_the_full_ranking_with_full_rank(archive: Path) -> None:
    proc = run_archiver("search", "жоба", "--full-rank", "--limit", "2", "--format", "json", "--db", str(archive))
    # no note of a ranking cut short; the one note says how many matches the --limit left out
    assert (proc.returncode, proc.stdout.count('"url"')) == (0, 2)
    assert proc.stderr == "archiver: note: 2 of 10 matching articles shown, best first; --limit 10 shows them all\n"


def test_pages_and_date_order(conn: sqlite3.Connection) -> None:
    second = search_results(conn, "жоба", limit=3, offset=3)
    assert [r["url"][-2:] for r in second.rows] == ["-3", "-4", "-5"] and second.total == 10
    newest = search_results(conn, "жоба", order="date", limit=2, rank_limit=1)
    assert [r["published"] for r in newest.rows] == ["2019-03-10", "2019-03-09"] and not newest.cut_short
    with pytest.raises(UsageError, match="unknown order 'best': use relevance or date"):
        search_results(conn, "жоба", order="best")


@pytest.mark.parametrize(("filters", "message"), [
    ({"since": "2020", "until": "2019-06"}, "--since 2020 is after --until 2019-06: no article can be in that period"),
    ({"category": "Жаңалықтр"}, "unknown category 'Жаңалықтр': did you mean 'Жаңалықтар'? (the archive has 2: "
                                 "`archiver stats` lists them)"),
    ({"category": "Nope"}, "unknown category 'Nope': the archive has 'Іс-сапарлар', 'Жаңалықтар'"),
])
def test_filters_no_article_could_pass_are_refused_in_one_line(conn: sqlite3.Connection, archive: Path,
                                                               filters: dict, message: str) -> None:
    with pytest.raises(UsageError) as refused:
        search_results(conn, "жоба", **filters)
    assert str(refused.value) == message
    assert search_notes(conn, "жоба", **filters) == [message]
    options = [arg for name, value in filters.items() for arg in (f"--{name}", value)]
    for command in (["search", "жоба"], ["export", "--format", "csv", "--out", "-"]):
        proc = run_archiver(*command, "--db", str(archive), *options)
        assert (proc.returncode, proc.stderr, proc.stdout) == (2, f"archiver: error: {message}\n", "")


def test_a_phrase_that_finds_nothing_suggests_its_words(conn: sqlite3.Connection) -> None:
    assert search_results(conn, '"ел басқа"').total == 10  # the phrase is there
    assert search_notes(conn, '"сөз жоба"') == [
        'no article has "сөз жоба" exactly as typed (a quoted phrase matches only that form); without the quotes, '
        "сөз жоба finds 10 articles"]
    assert search_notes(conn, '"сөз жоба" -ел') == []  # its words find nothing either: nothing to suggest
    assert search_notes(conn, 'ел -"басқа сөз"') == []  # an excluded phrase is not unquoted


def _canned(conn: sqlite3.Connection, sql: str, **params: str) -> list[str]:
    conn.create_function("archive_match", 1, archive_match)
    conn.create_function("archive_snippet", 2, archive_snippet)
    values = {name: params.get(name, "") for name in QUERIES["search_articles"]["params"]}
    return [row[0] for row in conn.execute(sql, values)]


def test_the_canned_query_ranks_by_the_same_rule(conn: sqlite3.Connection) -> None:
    sql = QUERIES["search_articles"]["sql"]
    urls = [r["url"] for r in search_results(conn, "жоба", limit=100).rows]
    assert _canned(conn, sql, q="жоба") == urls
    assert _canned(conn, sql, q="жоба", category="Жаңалықтар") == [
        r["url"] for r in search_results(conn, "жоба", category="Жаңалықтар", limit=100).rows]
    small = sql.replace(f"<= {FULL_RANK_LIMIT} ", "<= 5 ").replace(f"ELSE {CANDIDATES} END", "ELSE 4 END")
    assert small != sql
    cut = [r["url"] for r in search_results(conn, "жоба", limit=4, rank_limit=5, candidates=4).rows]
    assert _canned(conn, small, q="жоба") == cut and len(cut) == 4
    assert _canned(conn, small, q="жоба", full_rank="1") == urls
    assert _canned(conn, sql, q="-жоба") == []  # refused: matches nothing, the page says why


def test_a_category_filters_through_its_index_and_finds_what_the_join_finds(archive: Path) -> None:
    """Migration 011 indexes categories: --category filters by the rowids the index gives (no article
    row read for each match) and the unknown-category check reads the index alone; an archive without
    the index (read-only, not yet migrated) gets the same rows through a join."""
    from archiver.storage.ranked import _pool, has_category_index

    conn = open_readonly(archive)
    assert has_category_index(conn)
    pool, params = _pool("жоба", category="Іс-сапарлар")
    plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN SELECT count(*) FROM {pool}", params))
    assert "INDEX articles_category" in plan and "articles f" not in pool, plan
    check = " ".join(row[3] for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT 1 FROM articles WHERE category = ? LIMIT 1", ("Nope",)))
    assert "INDEX articles_category" in check, check
    by_index = search_results(conn, "жоба", category="Іс-сапарлар", limit=10)
    conn.close()
    copy = archive.with_name("without-index.db")
    source, target = sqlite3.connect(archive), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.execute("DROP INDEX articles_category")
    target.close()
    conn = open_readonly(copy)
    assert not has_category_index(conn)
    joined = search_results(conn, "жоба", category="Іс-сапарлар", limit=10)
    conn.close()
    assert [r["url"] for r in by_index.rows] == [r["url"] for r in joined.rows]
    assert (by_index.total, joined.total) == (5, 5)
    assert {r["category"] for r in by_index.rows} == {"Іс-сапарлар"}
