"""Datasette's CSV is guarded like `archiver export --format csv`: a crawled title that a
spreadsheet would run as a formula comes out of every `.csv` link with the guard in front, over
real HTTP from a real Datasette subprocess; numbers and other text come out as they were."""

from __future__ import annotations

import csv
import io
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from _datasette import Server, running
from test_datasette import KK_TRIP

from archiver.page.items import Article
from archiver.serve.csv_guard import CsvGuard, guard_text
from archiver.storage import open_archive, start_run, write_article

FORMULA = "=cmd|' /C calc'!A0"
HOSTILE = Article(
    url="https://www.akorda.kz/en/formula-1001", lang="en", site_id="1001", title=FORMULA,
    date_raw="1 June 2020", published="2020-06-01", date_source="page", category="@SUM(A1)",
    body='-2+3 "quoted",\nand a second line\n\n+7 727 000 00 00')
PLAIN = KK_TRIP


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    pytest.importorskip("datasette")
    path = tmp_path_factory.mktemp("datasette-csv") / "archive.db"
    db = open_archive(path)
    run = start_run(db, {"test": "csv"})
    for article in (HOSTILE, PLAIN):
        assert write_article(db, article, run) == "new"
    db.conn.close()
    with running(path) as started:
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
def test_a_formula_title_is_guarded_in_every_csv(server: Server, path: str,
                                                 params: dict) -> None:
    rows = csv_rows(server, path, **params)
    hostile = next(row for row in rows if row["url"] == HOSTILE.url)
    assert hostile["title"] == "'" + FORMULA
    assert hostile["category"] == "'@SUM(A1)"
    if "body" in hostile:
        assert hostile["body"] == "'" + HOSTILE.body  # quotes and line ends kept inside
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
