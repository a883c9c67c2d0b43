"""A site that refuses this machine (archiver.fetch.refusal): HTTP 403 or 429 on page 1 of every
section, or a TLS handshake that fails, ends `archiver crawl` and `archiver probe` within a minute
with one line and a non-zero exit, without retrying each page to the limit; the frontier keeps the
pages for a run from a machine the site lets in. One refused section, or one refused article, is not
a refused machine. The bound of 60 s is how fast the feature must react (the brief's acceptance)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter

import pytest
from _archiver import articles, crawl, expected_as_archived, rows, run_archiver
from _tunnel import BrokenHandshake

from archiver.fetch.refusal import ENOUGH_SECTIONS, FirstContact
from archiver.page.urls import SECTIONS, path_of
from archiver.replica import ReplicaSite, serve

LANGS = ("kk", "ru", "en")


def refusal_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "refuses this machine" in line]


@pytest.mark.parametrize("status", [403, 429])
def test_a_site_refusing_every_request_ends_the_crawl_in_one_line(tmp_path, status):
    site, db = ReplicaSite(seed=7, articles=40), tmp_path / "a.db"
    with serve(site) as server:
        server.refuse = status
        started = time.monotonic()
        done = crawl(server, db, check=False)
        took = time.monotonic() - started
        asked = Counter(server.requests.paths())
        kept = rows(db, "SELECT count(*) FROM frontier WHERE kind = 'listing'")[0][0]
        server.refuse = None  # the same site, from a machine it lets in: the next run resumes
        again = crawl(server, db, check=False)
    assert took < 60, f"a refused crawl took {took:.0f} s"
    assert done.returncode == 1 and "Traceback" not in done.stderr
    # every section's page 1, or the first ENOUGH_SECTIONS of them if the verdict came before the rest
    line = (rf"the site refuses this machine \(HTTP {status} on (every section's first page|the first page "
            rf"of each of the first (\d+) sections asked, and nothing else answered)\)")
    [found] = refusal_lines(done.stderr)
    match = re.fullmatch(rf"problem: {line}; the crawl stopped, the next run starts where it stopped", found)
    assert match, done.stderr
    assert done.stderr.startswith("run 1: failed (site-refused)") or \
        "\nrun 1: failed (site-refused)" in done.stderr
    firsts = {f"/{code}/{section}" for code in ("kz", "ru", "en") for section in SECTIONS}
    assert set(asked) <= firsts | {"/robots.txt"}
    assert len(set(asked) & firsts) >= (int(match[2]) if match[2] else len(firsts)) >= ENOUGH_SECTIONS
    # no page retried to the limit (robots.txt, which holds every other request, is: RETRY_TIMES)
    assert max(asked[path] for path in firsts) <= (1 if status == 403 else 2), asked.most_common(3)
    assert kept == len(firsts)
    assert again.returncode == 0, again.stderr
    assert rows(db, "SELECT id, status, new FROM crawl_runs WHERE id = 1") == [(1, "failed", 0)]
    archived = articles(db)
    assert set(archived) == set(expected_as_archived(site, archived))


@pytest.mark.parametrize("status", [403, 429])
def test_probe_says_the_same_line(status):
    with serve(ReplicaSite(seed=7, articles=40)) as server:
        server.refuse = status
        started = time.monotonic()
        done = run_archiver("probe", "--site", server.url, "--delay", "0")
    assert time.monotonic() - started < 60
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"archiver: error: the site refuses this machine (HTTP {status} on every section's first page)"]


def test_a_failed_tls_handshake_ends_crawl_and_probe_naming_the_host(tmp_path):
    with BrokenHandshake() as broken:
        site = f"https://127.0.0.1:{broken.port}"
        started = time.monotonic()
        done = run_archiver("crawl", "--site", site, "--db", str(tmp_path / "a.db"))
        took = time.monotonic() - started
        hellos = broken.hellos
        probed = run_archiver("probe", "--site", site)
    assert took < 60 and done.returncode == 1 and "Traceback" not in done.stderr
    assert "run 1: failed (tls-failed)" in done.stderr
    assert "problem: the TLS handshake with 127.0.0.1 failed (tls alert handshake failure): nothing " \
        "can be fetched from this machine; the crawl stopped" in done.stderr, done.stderr
    assert hellos <= 1 + len(LANGS) * len(SECTIONS)  # robots.txt and each page 1, none retried
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM frontier WHERE kind = 'listing'") == \
        [(len(LANGS) * len(SECTIONS),)]
    assert probed.returncode == 1 and probed.stdout == ""
    assert probed.stderr.startswith("archiver: error: the TLS handshake with 127.0.0.1 failed ("), \
        probed.stderr
    assert len(probed.stderr.strip().splitlines()) == 1


def test_one_refused_section_is_named_and_the_others_crawled(tmp_path):
    db = tmp_path / "a.db"
    with serve(ReplicaSite(seed=7, articles=40)) as server:
        server.refuse, server.refuse_paths = 403, frozenset({"/en/speeches"})
        done = crawl(server, db, "--lang", "en", "--section", "events,speeches", "--max-pages", "1",
                     check=False)
    assert done.returncode == 1 and not refusal_lines(done.stderr)
    assert "problem: the site refused page 1 of a section (HTTP 403): en/speeches; not crawled by " \
        "this run, asked again by the next" in done.stderr, done.stderr
    assert rows(db, "SELECT count(*) FROM articles WHERE section = 'events'")[0][0] > 0
    assert rows(db, "SELECT reason FROM failures") == [("http-403",)]


def test_one_refused_article_is_a_failed_page_not_a_refusal(tmp_path):
    site, db = ReplicaSite(seed=7, articles=40), tmp_path / "a.db"
    article = site.expected_listing("en", "events")["entries"][0]["url"]
    with serve(site) as server:
        server.refuse, server.refuse_paths = 403, frozenset({path_of(article)})
        done = crawl(server, db, "--lang", "en", "--section", "events", "--max-pages", "1",
                     "--max-failure-rate", "0.5", check=False)
    assert done.returncode == 0, done.stderr
    assert "run 1: ok (finished)" in done.stderr and "refuse" not in done.stderr
    assert rows(db, "SELECT url, reason FROM failures") == [(article, "http-403")]


@pytest.mark.parametrize("status", ["403", "429"])
def test_replica_command_refuses_every_request(status):
    """`archiver replica --refuse 403`: the demo's site that refuses this machine."""
    proc = subprocess.Popen([sys.executable, "-m", "archiver.cli", "replica", "--port", "0",
                             "--articles", "5", "--refuse", status], stdout=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        for path in ("/robots.txt", "/en/events"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(url + path, timeout=10)
            assert refused.value.code == int(status)
            assert (refused.value.headers.get("Retry-After") is not None) == (status == "429")
    finally:
        proc.kill()
        proc.wait()


def test_enough_refused_sections_are_a_verdict_and_one_answer_is_not():
    sections = [("kk", f"s{n}") for n in range(60)]
    contact = FirstContact(sections)
    for key in sections[:ENOUGH_SECTIONS - 1]:
        assert contact.response(403, key) is None
    assert "first 6 sections asked" in contact.response(403, sections[ENOUGH_SECTIONS - 1])
    answered = FirstContact(sections)
    answered.response(200, None)  # some page answered: refusals are failed pages, not a refused machine
    assert all(answered.response(403, key) is None for key in sections)
    few = FirstContact(sections[:2])  # fewer sections than ENOUGH_SECTIONS: all of them decide
    assert few.response(429, sections[0]) is None
    assert "every section's first page" in few.response(429, sections[1])
