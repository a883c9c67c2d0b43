"""archiver reextract: a crawl made with a broken selector is repaired from its WARC captures alone.

The broken extractor is real code run for real: the crawl runs in its own process, where one
selector of archiver.page.extract is replaced before the crawl starts, with the archive writer (which
extracts the article pages) in that same process (ARCHIVE_WRITER=inline). Nothing in the archiver
knows about it. The replica is stopped and every socket connection refused before re-extraction.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from _archiver import PYTHONPATH, ROOT, articles, rows, run_archiver

from archiver import storage
from archiver.page import selectors
from archiver.page.items import Article
from archiver.fetch.reextract import reextract
from archiver.replica import ReplicaSite, serve
from archiver.replica.texts import SECTION_BY_PATH
from archiver.page.urls import ISO_TO_SITE

# Sections without overlaps, covering current news (own category and date), speeches (no date on
# the page: the card's), legal acts, and the older layout (no category on the page: the label's).
SECTIONS = "events,speeches,legal_acts,events/akorda_news/meetings_and_receptions"
FIELDS = ("url", "lang", "site_id", "section", "title", "date_raw", "published", "date_source",
          "category", "body", "content_hash", "text_lang", "work_id")
CRAWL = (  # the library's crawl, in a process of its own (Scrapy's reactor starts once)
    "import sys; from archiver.crawl import crawl;"
    " report = crawl(site=sys.argv[1], db=sys.argv[2], section=sys.argv[3],"
    " settings={'ARCHIVE_WRITER': sys.argv[4]});"
    " sys.exit(report['status'] != 'ok')")
BREAK_CATEGORY = ("import archiver.page.selectors as selectors;"
                  " selectors.ARTICLE_CATEGORY = 'no-such-element'; ")


def crawl_process(server, db, broken: bool = False) -> None:
    env = {**os.environ, "PYTHONPATH": PYTHONPATH}
    code = (BREAK_CATEGORY if broken else "") + CRAWL
    writer = "inline" if broken else "process"  # the broken selector must be where pages are extracted
    proc = subprocess.run([sys.executable, "-c", code, server.url, str(db), SECTIONS, writer],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr


def fields(db) -> dict[str, tuple]:
    return {url: tuple(row[f] for f in FIELDS) for url, row in articles(db).items()}


@pytest.fixture(scope="module")
def repaired(tmp_path_factory):
    base = tmp_path_factory.mktemp("reextract")
    fresh, broken = base / "fresh.db", base / "broken.db"
    site = ReplicaSite(seed=11, articles=60)
    with serve(site) as server:
        crawl_process(server, fresh)
        crawl_process(server, broken, broken=True)
    before = fields(broken)
    dry = run_archiver("reextract", "--db", str(broken), "--dry-run")
    unchanged_by_dry_run = fields(broken) == before
    ru_only = reextract(db=str(broken), lang="ru", dry_run=True)
    refused = []
    real_connect = socket.socket.connect

    def no_network(sock, address):
        refused.append(address)
        raise AssertionError(f"reextract opened a connection to {address}")

    socket.socket.connect = no_network
    try:
        report = reextract(db=str(broken))
        again = reextract(db=str(broken))
    finally:
        socket.socket.connect = real_connect
    return {"site": site, "fresh": fields(fresh), "before": before, "after": fields(broken), "db": broken,
            "report": report, "again": again, "dry": dry, "ru_only": ru_only,
            "unchanged_by_dry_run": unchanged_by_dry_run, "refused": refused}


def test_the_broken_crawl_really_lost_categories(repaired):
    before, fresh = repaired["before"], repaired["fresh"]
    assert before.keys() == fresh.keys()
    lost = {u for u in before if before[u] != fresh[u]}
    assert len(lost) >= 6
    category, section, lang = FIELDS.index("category"), FIELDS.index("section"), FIELDS.index("lang")
    for url in lost:  # the broken crawl stored the card's label instead of the page's own
        label = SECTION_BY_PATH[before[url][section]].label(ISO_TO_SITE[before[url][lang]])
        assert before[url][category] == label != fresh[url][category]
        assert [f for f, x, y in zip(FIELDS, before[url], fresh[url]) if x != y] == ["category"]


def test_every_article_restored_exactly_as_a_fresh_crawl_stores_it(repaired):
    assert repaired["after"] == repaired["fresh"]
    assert repaired["refused"] == []
    assert repaired["report"]["counts"]["requests"] == 0


def test_one_revision_per_repaired_article_marked_reextracted(repaired):
    repaired_urls = {u for u, f in repaired["before"].items() if f != repaired["fresh"][u]}
    revs = rows(repaired["db"], "SELECT url, version, reason, category FROM revisions")
    assert sorted(u for u, *_ in revs) == sorted(repaired_urls)
    assert {reason for _, _, reason, _ in revs} == {"re-extracted"}
    now = articles(repaired["db"])
    for url, version, _, category in revs:
        assert version == 1 and now[url]["version"] == 2
        assert category == repaired["before"][url][FIELDS.index("category")]  # the lost value kept
    assert {c["url"] for c in repaired["report"]["changed"]} == repaired_urls
    assert all(c["fields"] == ["category"] for c in repaired["report"]["changed"])


def test_history_says_the_change_came_from_re_extraction(repaired):
    url = sorted(c["url"] for c in repaired["report"]["changed"])[0]
    proc = run_archiver("history", url, "--db", str(repaired["db"]))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].endswith("2 version(s)")
    assert lines[1].startswith("  v1 ") and "[" not in lines[1]
    assert lines[2].startswith("  v2 ") and lines[2].endswith("[re-extracted from the capture]")


def test_the_run_is_recorded_like_a_crawl_run(repaired):
    run_id = repaired["report"]["run_id"]
    (status, arguments, requests, changed, unchanged), = rows(
        repaired["db"], "SELECT status, arguments, requests, changed, unchanged FROM crawl_runs"
        " WHERE id = ?", (run_id,))
    assert status == "ok" and requests == 0
    assert json.loads(arguments)["command"] == "reextract"
    assert changed == len(repaired["report"]["changed"]) and changed + unchanged == len(
        repaired["fresh"])
    assert repaired["report"]["coverage"]["articles"] == len(repaired["fresh"])


def test_a_second_run_changes_nothing(repaired):
    assert repaired["again"]["counts"]["changed"] == 0
    assert repaired["again"]["counts"]["unchanged"] == len(repaired["fresh"])


def test_dry_run_prints_the_changes_and_writes_nothing(repaired):
    assert repaired["dry"].returncode == 0, repaired["dry"].stderr
    assert repaired["unchanged_by_dry_run"]
    changes = len(repaired["report"]["changed"])
    assert f"dry run (nothing written): ok — {changes} changed" in repaired["dry"].stdout
    assert "category" in repaired["dry"].stdout


def test_filters_limit_the_articles(repaired):
    ru = repaired["ru_only"]
    russian = {u for u, f in repaired["before"].items() if f[FIELDS.index("lang")] == "ru"}
    assert ru["counts"]["changed"] + ru["counts"]["unchanged"] == len(russian)
    assert ru["changed"] and {c["url"] for c in ru["changed"]} <= russian
    url = next(iter(repaired["fresh"]))
    one = reextract(db=str(repaired["db"]), url=url.replace("https://www.", "http://mirror."),
                    dry_run=True)
    assert one["counts"]["unchanged"] == 1 and one["counts"]["changed"] == 0
    speeches = reextract(db=str(repaired["db"]), section="speeches", dry_run=True)
    total = speeches["counts"]["unchanged"]
    assert total == sum(1 for f in repaired["fresh"].values() if f[3] == "speeches") > 0
    late = reextract(db=str(repaired["db"]), since="2012", dry_run=True)["counts"]["unchanged"]
    assert 0 < late < len(repaired["fresh"])
    assert late == sum(1 for f in repaired["fresh"].values() if (f[6] or "") >= "2012-01-01")


def test_captures_that_no_longer_extract_are_listed_and_leave_articles_alone(
        repaired, monkeypatch):
    # a body selector gone wrong
    monkeypatch.setattr(selectors, "ARTICLE_PARAGRAPHS", selectors.OLD_PARAGRAPHS)
    before = articles(repaired["db"])
    report = reextract(db=str(repaired["db"]), section="speeches")
    assert report["status"] == "failed" and report["counts"]["changed"] == 0
    assert {f["reason"] for f in report["failed"]} == {"no-body"}
    assert len(report["failed"]) == report["counts"]["failed"] > 0
    assert articles(repaired["db"]) == before  # not a field, not a version moved
    proc = run_archiver("reextract", "--db", str(repaired["db"]), "--section", "speeches",
                        "--url", report["failed"][0]["url"])
    assert proc.returncode == 0  # in its own process the extractor is whole again


def test_cli_reports_failures_with_a_non_zero_exit(tmp_path):
    db = tmp_path / "a.db"
    archive = storage.open_archive(db)
    storage.write_article(archive, Article(
        url="https://www.akorda.kz/ru/x-1234567", lang="ru", site_id="1234567", title="T",
        date_raw=None, published=None, date_source=None, category=None, body="B"))
    archive.conn.close()
    proc = run_archiver("reextract", "--db", str(db))
    assert proc.returncode == 0 and "1 without a capture" in proc.stdout
    assert "skipped https://www.akorda.kz/ru/x-1234567" in proc.stdout
    bad = run_archiver("reextract", "--db", str(db), "--since", "yesterday")
    assert bad.returncode == 2 and bad.stderr.startswith("archiver: error: --since")
    assert "Traceback" not in bad.stderr


def test_a_crawl_revision_is_marked_edited(tmp_path):
    archive = storage.open_archive(tmp_path / "a.db")
    article = Article(url="https://www.akorda.kz/kz/a-1234567", lang="kk", site_id="1234567",
                      title="T", date_raw=None, published=None, date_source=None, category=None,
                      body="first")
    storage.write_article(archive, article)
    storage.write_article(archive, Article(**{**article.to_dict(), "body": "second"}))
    assert archive.conn.execute("SELECT reason FROM revisions").fetchall() == [("edited",)]

