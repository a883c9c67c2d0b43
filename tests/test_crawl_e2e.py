"""End to end: the replica (200 articles per language, every section) crawled over real HTTP
by `archiver crawl` into a real SQLite file; the archive must hold exactly what the site serves."""

from __future__ import annotations

from collections import Counter

import json
import re

import pytest

from archiver.replica import ReplicaSite, serve
from archiver.page.urls import canonical_url

from _archiver import articles, crawl, expected_as_archived, rows, run_archiver

FIELDS = ("url", "lang", "site_id", "title", "date_raw", "published", "date_source", "category",
          "body", "section")
REAL_2018_TITLE = ("Қазақстан Президенті Шымкент қаласының әлеуметтік-экономикалық даму "
                   "мәселелері жөнінде кеңес өткізді")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One full crawl, then a second identical one; snapshots of the archive after each."""
    site = ReplicaSite(seed=11, articles=200)
    db = tmp_path_factory.mktemp("e2e") / "archive.db"
    with serve(site) as server:
        first = crawl(server, db, "--full", "--report", str(db.parent / "r1.json"))
        after_first = articles(db)
        requests_first = len(server.requests)
        second = crawl(server, db, "--full", "--report", str(db.parent / "r2.json"))
        after_second = articles(db)
    return {"site": site, "db": db, "first": first, "second": second, "a1": after_first,
            "a2": after_second, "requests_first": requests_first}


def test_archive_holds_exactly_what_the_replica_serves(crawled):
    archived = crawled["a1"]
    expected = expected_as_archived(crawled["site"], archived)
    assert len(expected) == len(list(crawled["site"].expected())) > 580
    assert set(archived) == set(expected)
    mismatches = [(url, f, archived[url][f], e[f]) for url, e in expected.items()
                  for f in FIELDS if archived[url][f] != e[f]]
    assert mismatches == []


def test_every_language_and_section_is_present(crawled):
    by_lang = dict(rows(crawled["db"], "SELECT lang, count(*) FROM articles GROUP BY lang"))
    served = Counter(e["lang"] for e in crawled["site"].expected())
    assert by_lang == served and served["kk"] == 200 and min(served.values()) > 190
    sections = {s for (s,) in rows(crawled["db"], "SELECT DISTINCT section FROM articles")}
    assert {"events", "speeches", "legal_acts", "addresses"} <= sections
    assert any(s.startswith("events/") for s in sections)


def test_fields_filled_where_the_page_has_them(crawled):
    archived = crawled["a1"].values()
    assert all(a["title"] and a["body"] and a["category"] for a in archived)
    # speeches show no date on the page: their date comes from the listing card
    speeches = [a for a in archived if a["section"] == "speeches" and a["published"]]
    assert speeches and all(a["date_source"] == "listing" for a in speeches)
    # a date is never borrowed from the sidebar or the body: undated pages stay undated
    undated = [e for e in crawled["site"].expected() if e["published"] is None]
    assert undated, "the replica must serve some articles with no date anywhere"
    assert all(crawled["a1"][e["url"]]["published"] is None for e in undated)


def test_the_real_2018_page_comes_out_exactly(crawled):
    real = [a for a in crawled["a1"].values() if a["title"] == REAL_2018_TITLE]
    assert len(real) == 1
    page = real[0]
    assert (page["date_raw"], page["published"], page["date_source"], page["category"]) == \
        ("2018 жылғы 29 қыркүйек", "2018-09-29", "page", "Жұмыс сапарлары")
    paragraphs = page["body"].split("\n\n")
    assert paragraphs[0].startswith("Қала активі алдында сөйлеген сөзінде")
    assert paragraphs[-1].endswith("түсіндіру жұмыстарын жүргізуді тапсырды.")
    assert len(paragraphs) == 11
    assert "Кері қайту" not in page["body"] and "Twitter" not in page["body"]


def test_duplicates_are_recorded_not_archived_twice(crawled):
    pairs = list(crawled["site"].duplicates_expected())
    assert pairs
    dup_rows = dict(rows(crawled["db"], "SELECT url, duplicate_of FROM duplicates"))
    assert len(dup_rows) == len(pairs)
    for original, second in pairs:  # whichever URL was fetched first is the article
        assert dup_rows.get(second["url"]) == original["url"] or \
            dup_rows.get(original["url"]) == second["url"]


def test_second_crawl_changes_only_last_seen(crawled):
    a1, a2 = crawled["a1"], crawled["a2"]
    assert set(a1) == set(a2)
    for url in a1:
        changed = {k for k in a1[url] if a1[url][k] != a2[url][k]}
        assert changed == {"last_seen", "last_run"}, (url, changed)
        assert a2[url]["last_seen"] > a1[url]["last_seen"]
    assert rows(crawled["db"], "SELECT count(*) FROM revisions") == [(0,)]
    report = json.loads((crawled["db"].parent / "r2.json").read_text())
    assert report["counts"]["new"] == 0 and report["counts"]["changed"] == 0
    assert report["counts"]["unchanged"] == len(list(crawled["site"].expected()))


def test_crawl_runs_table_counts_what_was_served(crawled):
    runs = rows(crawled["db"], "SELECT id, status, new, changed, unchanged, duplicates, failed,"
                               " requests FROM crawl_runs ORDER BY id")
    dup_count = len(list(crawled["site"].duplicates_expected()))
    served = len(list(crawled["site"].expected()))
    assert runs[0][1:7] == ("ok", served, 0, 0, dup_count, 0)
    assert runs[0][7] == crawled["requests_first"]
    assert runs[1][1:5] == ("ok", 0, 0, served)


def test_demo_command_builds_and_summarises(tmp_path):
    proc = run_archiver("demo", "--db", str(tmp_path / "demo.db"), "--articles", "30", check=True)
    assert "archive: 90 articles" in proc.stdout
    assert "\nwith a date: en 100.0% of 30, kk 100.0% of 30, ru 100.0% of 30\n" in proc.stdout
    assert re.search(r"^section\s+kk\s+ru\s+en\s+all$", proc.stdout, re.MULTILINE), proc.stdout
    assert rows(tmp_path / "demo.db", "SELECT lang, count(*) FROM articles GROUP BY lang") == \
        [("en", 30), ("kk", 30), ("ru", 30)]


def test_host_alias_reaches_the_same_rows(tmp_path):
    site = ReplicaSite(seed=5, articles=20)
    db = tmp_path / "a.db"
    with serve(site) as server:
        crawl(server, db, "--full", "--lang", "en")
        alias = type("Alias", (), {"url": server.url.replace("127.0.0.1", "localhost")})()
        crawl(alias, db, "--full", "--lang", "en")
    assert rows(db, "SELECT count(*), sum(version) FROM articles") == [(20, 20)]
    assert all(url == canonical_url(url) for url in articles(db))


def test_utf8_pages_under_a_lying_windows_1251_header_are_stored_as_cyrillic_and_reported(tmp_path):
    site = ReplicaSite(seed=3, articles=30, lying_charset=True)
    db, report = tmp_path / "a.db", tmp_path / "report.json"
    with serve(site) as server:
        served = server.site  # the header lies on every page, listings included
        done = crawl(server, db, "--lang", "ru", "--section", "events", "--report", str(report))
    archived = articles(db)
    expected = expected_as_archived(served, archived)
    assert archived and set(archived) <= set(expected)
    assert all(archived[u]["title"] == expected[u]["title"] and archived[u]["body"] == expected[u]["body"]
               for u in archived)
    assert not any("Р" + c in a["title"] for a in archived.values() for c in "°“‘Ћ")  # no mojibake
    contradictions = json.loads(report.read_text(encoding="utf-8"))["charset_contradictions"]
    assert contradictions and sum(c["pages"] for c in contradictions) >= len(archived)
    assert all(re.search(r"declares (cp|windows-)1251, but the bytes are UTF-8", c["decision"])
               for c in contradictions)
    assert "charset:" in done.stdout + done.stderr
