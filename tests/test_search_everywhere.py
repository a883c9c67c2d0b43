"""One search everywhere: `archiver search`, the Datasette table page's search box and the canned
search_articles query find the same articles for the same inflected Kazakh and Russian words.

The CLI runs as a real process; Datasette as a real subprocess, asked through its JSON API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from _archiver import run_archiver
from test_datasette import Server, running

from archiver.page.items import Article
from archiver.storage import open_archive, start_run, write_article


def _article(n: int, lang: str, title: str, body: str) -> Article:
    return Article(url=f"https://www.akorda.kz/{'kz' if lang == 'kk' else lang}/news-{n}", lang=lang,
                   site_id=str(n), title=title, date_raw="2019-03-01", published="2019-03-01",
                   date_source="page", category="News", body=body)


# Each query word stands in these texts only in other forms than the one searched for.
ARTICLES = {
    "trip": _article(1, "kk", "Мемлекет басшысы Астанаға барды",
                     "Президент шілдеде Астананы аралап, елдің жаңа жобаларымен танысты."),
    "veterans": _article(2, "kk", "Соғыстан кейінгі жылдар",
                         "Облыстан келген ардагерлер соғыстың тарихын айтып берді. Елде бейбітшілік."),
    "defence": _article(3, "kk", "Қорғаныс министрлігінде",
                        "Қорғаныс министрі жаңа техниканы қолданысқа енгізуді ұсынды."),
    "fund": _article(4, "kk", "Ұлттық қордың қаражаты", "Қордың қаражаты жобаларға бөлінеді."),
    "statement": _article(5, "ru", "Глава государства заявил о важности факта",
                          "Президент заявил, что исполнение указа Токаева контролируется."),
    "decree": _article(6, "ru", "Подписаны указы", "Касым-Жомарт Токаев подписал указы о назначении."),
}
# query -> the articles it must find (by key above); the same set through all three ways in.
EXPECTED = {
    "Астана": {"trip"},  # Астанаға, Астананы
    "шілде": {"trip"},  # шілдеде
    "ел": {"trip", "veterans"},  # елдің, Елде
    "соғыс": {"veterans"},  # Соғыстан, соғыстың
    "облыс": {"veterans"},  # Облыстан
    "бару": {"trip"},  # барды
    "жоба": {"trip", "fund"},  # жобаларымен, жобаларға
    "қор": {"fund"},  # қордың; not Қорғаныс
    "заявить": {"statement"},  # заявил
    "факт": {"statement"},  # факта
    "указ": {"statement", "decree"},  # указа, указы
    "Токаев": {"statement", "decree"},  # Токаева
    # inflected query words
    "Астанада": {"trip"},
    "елдегі": {"trip", "veterans"},
    "соғыстан": {"veterans"},
    "жобаны": {"trip", "fund"},
    "барған": {"trip"},
    "заявила": {"statement"},
    "указом": {"statement", "decree"},
    "Токаеву": {"statement", "decree"},
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("one-search") / "archive.db"
    db = open_archive(path)
    run = start_run(db, {"test": "one search"})
    for article in ARTICLES.values():
        assert write_article(db, article, run) == "new"
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def server(archive: Path) -> Iterator[Server]:
    with running(archive) as started:
        yield started


def _keys(urls: list[str]) -> set[str]:
    by_url = {a.url: key for key, a in ARTICLES.items()}
    return {by_url[u] for u in urls}


def _cli(archive: Path, query: str) -> set[str]:
    proc = run_archiver("search", query, "--db", str(archive), "--format", "json", "--limit", "100",
                        check=True)
    return _keys([row["url"] for row in json.loads(proc.stdout)])


@pytest.mark.parametrize("query", EXPECTED)
def test_the_same_articles_through_the_cli_the_search_box_and_the_canned_query(
        archive: Path, server: Server, query: str) -> None:
    table = server.json("/archive/articles.json", _search=query, _shape="array")
    canned = server.json("/archive/search_articles.json", q=query, _shape="array")
    found = {"archiver search": _cli(archive, query), "table search box": _keys([r["url"] for r in table]),
             "search_articles": _keys([r["url"] for r in canned])}
    assert found == dict.fromkeys(found, EXPECTED[query])


def test_the_canned_query_marks_the_inflected_form_it_found(server: Server) -> None:
    rows = server.json("/archive/search_articles.json", q="заявить", _shape="array")
    assert "[заявил" in rows[0]["snippet"]
