"""archiver.serve.datasette: a real Datasette subprocess on a real archive, asked through its JSON API."""

from __future__ import annotations

import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from _datasette import Server, running

from archiver.serve.datasette import HIDDEN, MISSING, QUERIES, TABLES, command, metadata, serve
from archiver.errors import ArchiverError, StorageError
from archiver.page.items import Article
from archiver.storage import open_archive, start_run, write_article

KK_TRIP = Article(
    url="https://www.akorda.kz/kz/memleket-basshysy-shymkentke-bardy-1001", lang="kk",
    site_id="1001", title="Мемлекет басшысы Шымкенттің тұрғындарымен кездесті",
    date_raw="2018 жылғы 5 шілде", published="2018-07-05", date_source="page",
    category="Жұмыс сапарлары",
    body="Президент шілдеде өңірге жұмыс сапарымен барды.\n\nКездесу әкімдікте өтті.")
KK_TELEGRAM = Article(
    url="https://www.akorda.kz/kz/kunanbaev-1002", lang="kk", site_id="1002",
    title="Мемлекет басшысы көңіл айту жеделхатын жолдады", date_raw="2019 жылғы 2 наурыз",
    published="2019-03-02", date_source="listing", category="Жеделхаттар",
    body="Қасым-Жомарт Тоқаев Жапония Премьер-Министріне жеделхат жолдады.")
RU_DECREE = Article(
    url="https://www.akorda.kz/ru/o-naznachenii-1003", lang="ru", site_id="1003",
    title="Подписан Указ о назначении", date_raw="1 марта 2019 года", published="2019-03-01",
    date_source="page", category="Указы",
    body="Глава государства подписал указ о назначении акима Шымкента.")
RU_UNDATED = Article(
    url="https://www.akorda.kz/ru/events/sobranie", lang="ru", site_id="events/sobranie",
    title="Заседание Совета безопасности", date_raw=None, published=None, date_source=None,
    category="Указы", body="Состоялось заседание Совета безопасности.")
EN_MEETING = Article(
    url="https://www.akorda.kz/en/president-receives-ambassador-1004", lang="en", site_id="1004",
    title="President receives the Ambassador of Japan", date_raw="15 March 2019",
    published="2019-03-15", date_source="page", category="Meetings",
    body="The Head of State received the Ambassador of Japan in Akorda.")
ARTICLES = (KK_TRIP, KK_TELEGRAM, RU_DECREE, RU_UNDATED, EN_MEETING)
LATE = Article(
    url="https://www.akorda.kz/en/written-while-serving-1005", lang="en", site_id="1005",
    title="Written while Datasette is serving", date_raw="1 June 2020", published="2020-06-01",
    date_source="page", category="Meetings", body="Quokka appears after the server started.")

@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("datasette") / "archive.db"
    db = open_archive(path)
    run = start_run(db, {"test": "datasette"})
    for article in ARTICLES:
        assert write_article(db, article, run) == "new"
    edited = Article(**{**RU_DECREE.to_dict(), "body": RU_DECREE.body + " Указ вступает в силу."})
    assert write_article(db, edited, run) == "changed"
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def server(archive: Path) -> Iterator[Server]:
    with running(archive) as started:
        yield started


def urls(rows: list[dict]) -> list[str]:
    return sorted(row["url"] for row in rows)


def test_command_runs_this_module_with_host_and_port() -> None:
    argv = command("data/archive.db", host="0.0.0.0", port=9000, open_browser=True)
    assert argv[:3] == [sys.executable, "-m", "archiver.serve.datasette"]
    assert argv[3:] == ["data/archive.db", "--host", "0.0.0.0", "--port", "9000", "--open"]


def test_every_column_of_the_archive_is_described_or_its_table_hidden(archive: Path) -> None:
    meta = metadata(str(archive))
    tables = meta["databases"]["archive"]["tables"]
    db = open_archive(archive)
    try:
        names = db.table_names()
        for name in names:
            if tables.get(name, {}).get("hidden"):
                continue
            assert name in TABLES, f"table {name} is neither described nor hidden"
            columns = [c.name for c in db[name].columns]
            assert sorted(tables[name]["columns"]) == sorted(columns), name
            assert all(tables[name]["columns"].values()) and tables[name]["description"]
        assert {"listing_state", "_migrations", "articles_fts", "articles_fts_data"} <= set(HIDDEN)
        assert set(HIDDEN) - set(names) == set(), "a hidden table that the archive does not have"
    finally:
        db.conn.close()


def test_metadata_is_served_with_table_and_column_descriptions(server: Server) -> None:
    meta = server.json("/-/metadata.json")
    articles = meta["databases"]["archive"]["tables"]["articles"]
    assert articles["description"] == TABLES["articles"][0]
    assert "ISO 639-1" in articles["columns"]["lang"]
    assert "SHA-256" in articles["columns"]["content_hash"]
    assert meta["title"] == "Akorda news archive" and meta["source_url"] == "https://www.akorda.kz/"
    listed = {t["name"]: t for t in server.json("/archive.json")["tables"]}
    assert not listed["articles"]["hidden"] and not listed["revisions"]["hidden"]
    for internal in ("listing_state", "_migrations", "articles_fts", "articles_fts_idx"):
        assert listed[internal]["hidden"], internal


def test_full_text_search_through_the_table_api(server: Server) -> None:
    exact = server.json("/archive/articles.json", _search="шілдеде", _shape="array")
    assert urls(exact) == [KK_TRIP.url]
    # A stem reaches the inflected form through the stems column of articles_fts.
    stem = server.json("/archive/articles.json", _search="Шымкент", _shape="array")
    assert KK_TRIP.url in urls(stem)
    ranked = server.json("/archive/articles.json", _search="Ambassador Japan", _shape="array")
    assert urls(ranked) == [EN_MEETING.url]
    # Operators in user text are quoted, not an FTS5 syntax error.
    assert server.json("/archive/articles.json", _search='"Japan AND (', _shape="array") == []


def test_facets_on_language_category_and_year(server: Server) -> None:
    data = server.json("/archive/articles.json", _shape="objects")
    facets = data["facet_results"]
    lang = {r["value"]: r["count"] for r in facets["lang"]["results"]}
    assert lang == {"kk": 2, "ru": 2, "en": 1}
    # Categories are named in each language: their facet waits for one language to be chosen.
    assert "category" not in facets
    kazakh = server.json("/archive/articles.json", _shape="objects", lang="kk")["facet_results"]
    category = {r["value"]: r["count"] for r in kazakh["category"]["results"]}
    assert category == {"Жұмыс сапарлары": 1, "Жеделхаттар": 1}
    chosen = server.json("/archive/articles.json", _shape="objects", category="Указы")
    assert [r["value"] for r in chosen["facet_results"]["category"]["results"]] == ["Указы"]
    year = facets["published"]["results"]
    assert [(r["value"], r["count"]) for r in year] == [("2019", 3), ("2018", 1)]
    # The year facet's link filters the table to that year.
    toggle = urllib.parse.urlsplit(year[0]["toggle_url"])
    query = dict(urllib.parse.parse_qsl(toggle.query))
    assert query == {"_shape": "objects", "published__startswith": "2019"}
    rows = server.json(toggle.path, **query)["rows"]
    assert urls(rows) == sorted([KK_TELEGRAM.url, RU_DECREE.url, EN_MEETING.url])


def test_canned_articles_per_month(server: Server) -> None:
    rows = server.json("/archive/articles_per_month.json", _shape="array")
    empty = {"kk": 0, "ru": 0, "en": 0, "total": 0}
    assert rows == [
        {"month": "2018-07", "kk": 1, "ru": 0, "en": 0, "total": 1},
        *({"month": month, **empty} for month in ("2018-08", "2018-09", "2018-10", "2018-11",
                                                   "2018-12", "2019-01", "2019-02")),
        {"month": "2019-03", "kk": 1, "ru": 1, "en": 1, "total": 3},
    ]  # months without articles are rows of zeros, as in the plot


def test_canned_articles_per_month_agrees_with_the_plot(server: Server, archive: Path) -> None:
    import sqlite3

    from archiver.read.plot import monthly_series

    rows = server.json("/archive/articles_per_month.json", _shape="array")
    conn = sqlite3.connect(archive)
    plotted = monthly_series(conn, by="lang")
    conn.close()
    assert {lang: [(r["month"], r[lang]) for r in rows] for lang in plotted} == plotted


def test_canned_latest_by_category(server: Server) -> None:
    rows = server.json("/archive/latest_by_category.json", _shape="array")
    decrees = next(r for r in rows if r["category"] == "Указы")
    assert (decrees["lang"], decrees["articles"], decrees["latest"]) == ("ru", 2, "2019-03-01")
    assert decrees["latest_url"] == RU_DECREE.url and decrees["latest_title"] == RU_DECREE.title
    assert [r["latest"] for r in rows] == sorted((r["latest"] for r in rows), reverse=True)
    kazakh = server.json("/archive/latest_by_category.json", lang="kk", _shape="array")
    assert {r["category"] for r in kazakh} == {"Жұмыс сапарлары", "Жеделхаттар"}


def test_canned_search_with_filters(server: Server) -> None:
    def search(**params: str) -> list[str]:
        return urls(server.json("/archive/search_articles.json", _shape="array", **params))

    assert search(q="шілде") == [KK_TRIP.url]  # stem finds "шілдеде"
    assert search(q="Шымкент") == sorted([KK_TRIP.url, RU_DECREE.url])
    assert search(q="Шымкент", lang="ru") == [RU_DECREE.url]
    assert search(q="Шымкент", category="Жұмыс сапарлары") == [KK_TRIP.url]
    assert search(q="Шымкент", since="2019") == [RU_DECREE.url]
    assert search(q="Шымкент", until="2018") == [KK_TRIP.url]
    assert search(q="Шымкент", until="2018-06") == []
    assert search(q="указ") == [RU_DECREE.url]
    assert search(q="") == []  # the form's first load: no error, no rows
    assert search(q='"unbalanced (') == []  # refused: the page says why (test_search_everywhere)
    ranked = server.json("/archive/search_articles.json", q="Шымкенттің", _shape="array")
    assert [r["url"] for r in ranked] == [KK_TRIP.url, RU_DECREE.url]  # exact form first
    exact = server.json("/archive/search_articles.json", q="шілдеде", _shape="array")
    assert "[шілдеде]" in exact[0]["snippet"]


def test_canned_revised_articles(server: Server) -> None:
    rows = server.json("/archive/revised_articles.json", _shape="array")
    assert [(r["url"], r["version"]) for r in rows] == [(RU_DECREE.url, 2)]
    assert server.json("/archive/revisions.json", _shape="array")[0]["version"] == 1


def test_serves_read_only_while_a_crawl_keeps_writing(tmp_path: Path) -> None:
    archive = tmp_path / "archive.db"
    crawl = open_archive(archive)  # held open, as by a running crawl
    try:
        for article in ARTICLES:
            write_article(crawl, article)
        with running(archive) as server:
            assert server.json("/archive/articles.json", _search="Quokka", _shape="array") == []
            assert write_article(crawl, LATE) == "new"
            found = server.json("/archive/articles.json", _search="Quokka", _shape="array")
            assert urls(found) == [LATE.url]
            database = server.json("/-/databases.json")[0]
            assert database["name"] == "archive" and database["is_mutable"]
            status, _ = server.get("/archive.json", sql="DELETE FROM articles")
            assert status == 400
        assert crawl.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(
            ARTICLES) + 1
    finally:
        crawl.conn.close()


def test_serve_without_datasette_names_the_extra(archive: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datasette", None)
    with pytest.raises(ArchiverError) as info:
        serve(str(archive))
    assert str(info.value) == MISSING == (
        "datasette is not installed: pip install 'akorda-archiver[datasette]'")


def test_serve_a_missing_archive_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="no archive at"):
        serve(str(tmp_path / "absent.db"))
    assert not (tmp_path / "absent.db").exists()
