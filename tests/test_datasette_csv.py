"""Datasette's CSV is guarded like `archiver export --format csv`: a crawled title that a
spreadsheet would run as a formula comes out of every `.csv` link with the guard in front, over
real HTTP from a real Datasette subprocess; numbers and other text come out as they were.

The hostile article is crawled: the replica serves one English article whose title, category label
and first paragraph are formulas, `archiver crawl` archives it over HTTP, and Datasette serves that
archive (one more article, written directly, is the Kazakh control row)."""

from __future__ import annotations

import csv
import io
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from _datasette import Server, running
from test_datasette import KK_TRIP

from _archiver import articles, crawl
from archiver.page.urls import canonical_url
from archiver.replica import ReplicaSite, serve
from archiver.serve.csv_guard import CsvGuard, guard_text
from archiver.storage import open_archive, start_run, write_article

FORMULA = "=cmd|' /C calc'!A0"
CATEGORY = "@SUM(A1)"
FIRST = '-2+3 "quoted", and more'  # the first paragraph: the body starts with it
PLAIN = KK_TRIP


class FormulaSite(ReplicaSite):
    """The replica with one English article whose title, label and first paragraph are formulas."""

    def __init__(self) -> None:
        super().__init__(seed=7, articles=40)
        self.hostile_i = next(i for i in reversed(range(self.articles)) if self.plain("en", i))

    def plain(self, lang: str, i: int) -> bool:
        """A news page of the current layout with a date, in its own language, under one URL."""
        return (self.kind_of(lang, i) == "news" and not self.is_real(lang, i)
                and not self.shows_kazakh(lang, i) and not self.is_duplicated(lang, i)
                and not self.is_edited(lang, i) and not self.shows_no_date(i))

    def item(self, lang: str, i: int, body: bool = True):
        item = super().item(lang, i, body)
        if (lang, i) != ("en", self.hostile_i):
            return item
        paragraphs = [("p", FIRST)] + list(item.paragraphs) if body else item.paragraphs
        return replace(item, title=FORMULA, label=CATEGORY, paragraphs=paragraphs)


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(the archive, the hostile article's URL) after a crawl of FormulaSite in English."""
    path = tmp_path_factory.mktemp("datasette-csv") / "archive.db"
    site = FormulaSite()
    with serve(site) as replica:
        crawl(replica, path, "--lang", "en")
    url = canonical_url(site.path_of("en", site.hostile_i))
    archived = articles(path)
    assert archived[url]["title"] == FORMULA, archived[url]  # archived as the site showed it
    db = open_archive(path)
    run = start_run(db, {"test": "csv"})
    assert write_article(db, PLAIN, run) == "new"
    db.conn.close()
    return path, url


@pytest.fixture(scope="module")
def server(hostile_url: tuple[Path, str]) -> Iterator[Server]:
    pytest.importorskip("datasette")
    with running(hostile_url[0]) as started:
        yield started


def csv_rows(server: Server, path: str, **params: str) -> list[dict]:
    url = server.base + urllib.parse.quote(path) + "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        text = response.read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("path, params", [
    ("/archive/articles.csv", {}),
    ("/archive/articles.csv", {"_stream": "on", "_dl": "1"}),
    ("/archive/articles.csv", {"_size": "1", "lang": "en", "_labels": "on"}),
    ("/archive.csv", {"sql": "select url, title, category, body, version from articles"}),
    ("/archive/search_articles.csv", {"q": "calc", "lang": "", "category": "", "since": "",
                                      "until": ""}),
])
def test_a_crawled_formula_title_is_guarded_in_every_csv(server: Server, hostile_url: tuple[Path, str],
                                                         path: str, params: dict) -> None:
    rows = csv_rows(server, path, **params)
    hostile = next(row for row in rows if row["url"] == hostile_url[1])
    assert hostile["title"] == "'" + FORMULA
    assert hostile["category"] == "'" + CATEGORY
    if "body" in hostile:
        archived = articles(hostile_url[0])[hostile_url[1]]["body"]
        assert archived.startswith(FIRST + "\n\n")
        assert hostile["body"] == "'" + archived  # quotes and line ends kept inside
    if "version" in hostile:
        assert hostile["version"] == "1"
    plain = [row for row in rows if row["url"] == PLAIN.url]
    assert all(row["title"] == PLAIN.title for row in plain)


def test_numbers_are_not_guarded(server: Server) -> None:
    rows = csv_rows(server, "/archive.csv", sql="select -5 as n, -1.5e3 as x, '-' as dash, "
                    "'''quoted' as apostrophe, '' as blank")
    assert rows == [{"n": "-5", "x": "-1500.0", "dash": "'-", "apostrophe": "''quoted",
                     "blank": ""}]


def test_records_split_across_chunks_are_rewritten_whole() -> None:
    text = 'a,b\r\n1,"=x\r\n""y"""\r\n-3,@z\r\n'.encode()
    guard = CsvGuard()
    out = b"".join(guard.feed(text[i:i + 1]) for i in range(len(text))) + guard.feed(b"", True)
    assert list(csv.reader(io.StringIO(out.decode(), newline=""))) == [
        ["a", "b"], ["1", "'=x\r\n\"y\""], ["-3", "'@z"]]
    assert guard_text("Қ=") == "Қ=" and guard_text("+1") == "+1"
