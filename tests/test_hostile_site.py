"""A site that is not what it seems, over real HTTP: a maintenance page inside a listing, a page nested
beyond the parser, listings outside the content column, pagination that never ends, redirect loops and
moving redirects. None may lose an article or end in "ok" without the work done."""

from __future__ import annotations

import json

import pytest
from _archiver import articles, crawl, expected_as_archived, rows

from archiver.replica import ReplicaSite, serve
from archiver.replica.traps import REDIRECT_PATHS, REDIRECT_TITLES
from archiver.page.urls import canonical_url

KK_EVENTS = ("--lang", "kk", "--section", "events")


def expected_urls(site: ReplicaSite, lang: str, section: str) -> set[str]:
    code = {"kk": "kk", "ru": "ru", "en": "en"}[lang]
    return {e["url"] for e in site.expected() if e["lang"] == code and e["section"] == section}


def report_of(tmp_path, name: str = "report.json") -> dict:
    return json.loads((tmp_path / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("trap", ["maintenance", "deep"])
def test_a_bad_listing_page_is_a_loud_failure_and_the_next_run_recovers(tmp_path, trap):
    site = ReplicaSite(seed=5, articles=130)  # kk events: 3 listing pages
    assert site.pages("kz", "events") >= 3
    setattr(site, trap, frozenset({"/kz/events?page=2"}))
    db = tmp_path / "a.db"
    with serve(site) as server:
        first = crawl(server, db, *KK_EVENTS, "--report", str(tmp_path / "report.json"),
                      check=False)
        assert first.returncode != 0, first.stderr
        report = report_of(tmp_path)
        reason = "not-a-listing" if trap == "maintenance" else "too-deep"
        assert report["status"] == "failed" and report["listing_failures"] == {reason: 1}
        assert any("listing pages could not be read" in p for p in report["problems"])
        assert dict(rows(db, "SELECT url, reason FROM failures")) == {
            "https://www.akorda.kz/kz/events?page=2": reason}
        assert rows(db, "SELECT complete FROM listing_state") == []  # the bottom was never reached
        stored = len(articles(db))
        assert 0 < stored < len(expected_urls(site, "kk", "events"))

        setattr(site, trap, frozenset())  # the site is healthy again: no --full needed
        second = crawl(server, db, *KK_EVENTS)
    assert second.returncode == 0
    assert set(articles(db)) >= expected_urls(site, "kk", "events")
    assert rows(db, "SELECT count(*) FROM frontier") == [(0,)]
    assert rows(db, "SELECT complete FROM listing_state") == [(1,)]


@pytest.mark.parametrize("layout", ["full-width", "plain", "column:1:plain"])
def test_listings_outside_the_content_column_are_read_by_the_fallback(tmp_path, layout):
    """Cards in a full-width column, in a plain list without columns, or moving there after page 1:
    found by the page scan, nothing lost, and the report says the layout moved."""
    site = ReplicaSite(seed=11, articles=40, listing_layout=layout)
    db = tmp_path / "a.db"
    with serve(site) as server:
        done = crawl(server, db, "--report", str(tmp_path / "report.json"))
    report = report_of(tmp_path)
    archived = articles(db)
    assert set(archived) == set(expected_as_archived(site, archived))
    strategies = report["listing_strategies"]
    assert strategies.get("page-scan", 0) > 0
    assert (strategies.get("content-column", 0) > 0) == (layout == "column:1:plain")  # page 1 in the column
    assert "page-scan" in done.stderr and "layout moved" in done.stderr
    # nothing from the menu (the article-like asset-declarations link) or the header was taken
    assert not [u for u in archived if "deklarac" in u]


def test_a_first_page_without_article_links_is_never_a_quiet_end(tmp_path):
    site = ReplicaSite(seed=11, articles=40, maintenance=frozenset({"/en/speeches"}))
    db = tmp_path / "a.db"
    with serve(site) as server:
        done = crawl(server, db, "--lang", "en", "--section", "speeches,events", check=False)
    assert done.returncode != 0
    assert dict(rows(db, "SELECT url, reason FROM failures")) == {
        "https://www.akorda.kz/en/speeches": "empty-first-page"}
    assert rows(db, "SELECT section FROM listing_state WHERE complete = 1") == [("events",)]


@pytest.mark.parametrize("mode, settings", [("repeat", ()),
                                            ("endless", ("--set", "ARCHIVE_MAX_DEPTH=12"))])
def test_pagination_that_never_ends_is_stopped(tmp_path, mode, settings):
    site = ReplicaSite(seed=3, articles=45, pagination=mode)
    db = tmp_path / "a.db"
    with serve(site) as server:
        # A guard that does not stop the walk fails here in a minute (the crawl times out), not in five.
        done = crawl(server, db, "--lang", "en", "--section", "events", *settings,
                     "--report", str(tmp_path / "report.json"), check=False, timeout=60)
        listing_requests = [p for p in server.requests.paths() if p.split("?")[0] == "/en/events"]
    assert done.returncode != 0
    problems = report_of(tmp_path)["problems"]
    expected = "repeats the links of page" if mode == "repeat" else "ARCHIVE_MAX_DEPTH"
    assert any(expected in p for p in problems), problems
    assert len(listing_requests) <= 12 + 2
    assert set(expected_urls(site, "en", "events")) <= set(articles(db))


def test_redirect_loops_offsite_refresh_and_moving_redirects(tmp_path):
    site = ReplicaSite(seed=6, articles=20, redirects=True)
    db = tmp_path / "a.db"
    with serve(site) as server:
        crawl(server, db, "--lang", "ru", "--section", "events", check=False)
        fetched = server.requests.paths()
        failures = dict(rows(db, "SELECT url, reason FROM failures"))
        moving = [u for u, a in articles(db).items() if a["title"] == REDIRECT_TITLES["moving"]]
        counts = rows(db, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM duplicates)")
        again = crawl(server, db, "--lang", "ru", "--section", "events", check=False)
    assert failures == {canonical_url(REDIRECT_PATHS["loop"]): "redirect-loop",
                        canonical_url(REDIRECT_PATHS["meta-offsite"]): "offsite-redirect"}
    assert not any("offsite" in p for p in fetched)
    assert len(moving) == 1 and moving[0] != canonical_url(REDIRECT_PATHS["moving"])
    assert rows(db, "SELECT url, target FROM aliases") == [
        (canonical_url(REDIRECT_PATHS["moving"]), moving[0])]
    # the second run knows the moving URL: nothing stored twice
    assert rows(db, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM duplicates)") \
        == counts
    assert "redirect" in again.stderr


@pytest.mark.parametrize("writer", ["process", "inline"])
def test_an_article_page_cut_short_is_fetched_again_before_the_crawl_ends(tmp_path, writer):
    """The archive writer extracts article pages (in its own process, or inline). A page it finds
    cut short goes back to the crawl, which fetches it again within RETRY_TIMES (3) before the run
    ends: cut twice, it is archived whole; cut every time, it is recorded with its reason and the
    next run fetches it."""
    site = ReplicaSite(seed=5, articles=130)
    healed, lost = sorted(expected_urls(site, "kk", "events"))[:2]
    path = {url: url.removeprefix("https://www.akorda.kz") for url in (healed, lost)}
    site.cut = {path[healed]: 2, path[lost]: 100}
    db = tmp_path / "a.db"
    with serve(site) as server:
        crawl(server, db, *KK_EVENTS, "--set", f"ARCHIVE_WRITER={writer}", "--report",
              str(tmp_path / "report.json"))
        asked = [p for _, p, _, _ in server.requests.snapshot()]
        report = report_of(tmp_path)
        assert (asked.count(path[healed]), asked.count(path[lost])) == (3, 4)
        archived = articles(db)
        assert lost not in archived
        whole = site.expected_article(healed)
        assert {f: archived[healed][f] for f in ("title", "body")} == {f: whole[f] for f in ("title", "body")}
        assert dict(rows(db, "SELECT url, reason FROM failures")) == {lost: "truncated"}
        assert report["counts"]["failed"] == 1 and report["dropped"] == {"truncated": 1}
        assert set(archived) | {lost} >= expected_urls(site, "kk", "events")

        site.cut = {}  # served whole again: the next run fetches it
        crawl(server, db, *KK_EVENTS)
    assert lost in articles(db) and rows(db, "SELECT count(*) FROM failures") == [(0,)]
