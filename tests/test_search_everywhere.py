"""One search everywhere: `archiver search`, the Datasette table page's search box and the canned
search_articles query find the same articles for the same inflected Kazakh and Russian words.

The CLI runs as a real process; Datasette as a real subprocess, asked through its JSON API."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
import urllib.request
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


# The query language's edges: the same string gives the same articles, or the same one-line explanation,
# through the CLI (stderr), the table page's search box and the canned query (a message on the page).
ONLY_EXCLUDES = "search query only excludes terms: add a term to search for"
EDGES = {
    "-Астана": ONLY_EXCLUDES,
    "-соғыс Астана": {"trip"},  # a query may start with - in the CLI
    '"Астана': 'unbalanced quote in search query: a phrase needs a " at each end',
    "title:Астанаға": {"trip"},  # the word as written, in the title
    "title:Астана*": {"trip"},
    "body:Астанаға": set(),  # its body says Астананы
    "NEAR(Президент Астана)": 'NEAR is not supported: a "quoted phrase" finds words side by side, and words '
                              "without quotes are found anywhere in the article",
    "*зидент": "*зидент: * is supported only at the end of a word (a prefix, as in презид*); a search "
               "cannot leave the start of a word open",
    '"Ұлттық қор"': 'no article has "Ұлттық қор" exactly as typed (a quoted phrase matches only that form); '
                    "without the quotes, Ұлттық қор finds 1 article",  # the text says "Ұлттық қордың"
    '"Ұлттық қордың"': {"fund"},
}


def _page_messages(server: Server, path: str, **params: str) -> list[str]:
    url = f"{server.base}{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=10) as response:
        page = response.read().decode()
    return [html.unescape(m) for m in re.findall(r'<p class="message-\w+">Search: (.*?)</p>', page)]


@pytest.mark.parametrize("query", EDGES)
def test_the_same_answer_or_the_same_explanation_everywhere(archive: Path, server: Server, query: str) -> None:
    cli = run_archiver("search", query, "--db", str(archive), "--format", "json")
    said = [line.split(": ", 2)[2] for line in cli.stderr.splitlines() if line.startswith("archiver: ")]
    answers = {
        "archiver search": (_keys([r["url"] for r in json.loads(cli.stdout or "[]")]), said),
        "table search box": (_keys([r["url"] for r in server.json("/archive/articles.json", _search=query,
                                                                     _shape="array")]),
                             _page_messages(server, "/archive/articles", _search=query)),
        "search_articles": (_keys([r["url"] for r in server.json("/archive/search_articles.json", q=query,
                                                                    _shape="array")]),
                            _page_messages(server, "/archive/search_articles", q=query)),
    }
    expected = (EDGES[query], []) if isinstance(EDGES[query], set) else (set(), [EDGES[query]])
    assert answers == dict.fromkeys(answers, expected)
    refused = expected[1] and not expected[1][0].startswith("no article has")  # a note is not a refusal
    assert cli.returncode == (2 if refused else 0)
