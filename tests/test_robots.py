"""robots.txt is part of the record: pages it forbids are failures rows with reason `robots` (a
forbidden section fails the run, naming it), and its Crawl-delay spaces the crawl's requests. Each
test crawls the replica over real HTTP with `archiver crawl`, the replica serving stricter rules
(archiver.replica.robots)."""

from __future__ import annotations

import json
from urllib.request import urlopen

import pytest
from protego import Protego

from archiver.page.urls import canonical_url
from archiver.replica import ROBOTS_TXT, ReplicaSite, serve
from archiver.replica.robots import forbidden_articles

from _archiver import crawl, rows, run_archiver

AGENT = "akorda-archiver"


def robots_of(server) -> Protego:
    with urlopen(server.url + "/robots.txt") as response:
        return Protego.parse(response.read().decode())


def test_default_rules_stay_permissive_and_the_knobs_are_deterministic():
    with serve(ReplicaSite(seed=0, articles=20)) as server:
        with urlopen(server.url + "/robots.txt") as response:
            assert response.read().decode() == ROBOTS_TXT
    strict = dict(seed=3, articles=30, robots_forbid=frozenset({"ru/events"}),
                  robots_articles=0.1, crawl_delay=2)
    assert forbidden_articles(ReplicaSite(**strict)) == forbidden_articles(ReplicaSite(**strict))
    with serve(ReplicaSite(**strict)) as server:
        rules = robots_of(server)
        forbidden = forbidden_articles(server.site)
    assert forbidden and all(not rules.can_fetch(server.url + p, AGENT) for p in forbidden)
    assert not rules.can_fetch(server.url + "/ru/events", AGENT)
    assert not rules.can_fetch(server.url + "/ru/events?page=2", AGENT)
    assert rules.can_fetch(server.url + "/kz/events", AGENT)
    assert rules.can_fetch(server.url + "/ru/events/astana_kazakhstan/working_trips", AGENT)
    assert rules.crawl_delay(AGENT) == 2


def test_a_bad_section_to_forbid_is_one_line_on_stderr():
    proc = run_archiver("replica", "--port", "0", "--robots-forbid", "de/events", timeout=30)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "bad section to forbid 'de/events'" in proc.stderr


def test_a_forbidden_section_fails_the_run_and_is_named(tmp_path):
    site = ReplicaSite(seed=0, articles=20, robots_forbid=frozenset({"ru/events"}))
    db = tmp_path / "a.db"
    with serve(site) as server:
        proc = crawl(server, db, "--lang", "ru", "--section", "events,speeches",
                     "--max-pages", "1", check=False)
        assert "/ru/events" not in server.requests.paths()
        assert "/ru/speeches" in server.requests.paths()  # the rest of the run goes on
    assert proc.returncode == 1
    assert [line for line in proc.stderr.splitlines() if "forbids" in line] == \
        ["problem: robots.txt forbids section ru/events: nothing of it was crawled"]
    assert rows(db, "SELECT url, kind, reason FROM failures") == [
        ("https://www.akorda.kz/ru/events", "listing", "robots")]


def test_a_forbidden_article_is_a_failure_counted_and_archived_once_allowed(tmp_path):
    site = ReplicaSite(seed=3, articles=30, robots_articles=0.1)
    listed = {c.path for c in site.listing("ru", "events", 1).cards}
    forbidden = sorted(canonical_url(p) for p in set(forbidden_articles(site)) & listed)
    assert forbidden  # the seed puts at least one on page 1
    db, report = tmp_path / "a.db", tmp_path / "r.json"
    args = ("--lang", "ru", "--section", "events", "--max-pages", "1")
    with serve(site) as server:
        first = crawl(server, db, *args, "--report", str(report), check=False)
        assert rows(db, "SELECT url, reason FROM failures ORDER BY url") == \
            [(url, "robots") for url in forbidden]
        assert not set(forbidden) & {u for (u,) in rows(db, "SELECT url FROM articles")}
        run = json.loads(report.read_text())
        assert run["counts"]["forbidden"] == len(forbidden) and run["counts"]["failed"] == 0
        assert run["dropped"] == {"robots": len(forbidden)}
        assert f", {len(forbidden)} forbidden by robots.txt" in first.stderr
        assert rows(db, "SELECT dropped FROM crawl_runs") == [(json.dumps(run["dropped"]),)]
        site.robots_articles = 0  # the site lifts its rules: the next run archives them
        second = crawl(server, db, *args, check=False)
    assert second.returncode == 0, second.stderr
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]
    archived = {u for (u,) in rows(db, "SELECT url FROM articles")}
    assert set(forbidden) <= archived


STAMP_SLACK = 0.4  # seconds a request's stamp at the replica may trail its send
FIRST_STAMP_SLACK = 1.0  # the same for the first request of a crawl


@pytest.mark.parametrize("settings", [
    (),  # the fast local settings of a loopback site: DOWNLOAD_DELAY 0, no AutoThrottle
    ("--set", "AUTOTHROTTLE_ENABLED=True", "--set", "DOWNLOAD_DELAY=0.5"),  # as on the live site
], ids=["local", "autothrottle"])
def test_crawl_delay_spaces_every_request_and_the_report_says_so(tmp_path, settings):
    site = ReplicaSite(seed=3, articles=30, crawl_delay=2)
    report = tmp_path / "r.json"
    with serve(site) as server:
        proc = crawl(server, tmp_path / "a.db", "--lang", "ru", "--section", "addresses",
                     "--max-pages", "1", "--report", str(report), *settings)
        times = [r.time for r in server.requests]
    assert len(times) >= 4  # robots.txt, the listing, its articles
    gaps = [b - a for a, b in zip(times, times[1:])]
    # Scrapy counts the delay from when it sends a request; the replica stamps a request when its
    # thread reads it. A loaded machine moves a stamp by a fraction of a second, and robots.txt, the
    # process's first request, also waits for the resolver and the first connection to start (its stamp
    # trailed its send by 0.47 s under a load of 4 on 2 cores). Without the delay, gaps are milliseconds.
    assert gaps[0] >= 2 - FIRST_STAMP_SLACK, gaps
    assert min(gaps[1:]) >= 2 - STAMP_SLACK, gaps
    assert "delay: 2 s between requests (robots.txt Crawl-delay" in proc.stderr
    delay = json.loads(report.read_text())["delay"]
    assert delay["seconds"] == 2 and delay["source"] == "robots.txt Crawl-delay"
    assert delay["crawl_delay"] == 2 and delay["autothrottle"] == bool(settings)


def test_without_crawl_delay_the_report_names_the_configured_delay(tmp_path):
    with serve(ReplicaSite(seed=0, articles=20)) as server:
        proc = crawl(server, tmp_path / "a.db", "--lang", "ru", "--section", "addresses",
                     "--max-pages", "1")
    assert "delay: 0 s between requests (ARCHIVE_LOCAL_SETTINGS, a loopback site)" in proc.stderr
