"""The first live run, rehearsed on this machine: `archiver crawl --site https://www.akorda.kz`,
as an operator would type it, its requests sent through a CONNECT proxy on 127.0.0.1 (https_proxy,
which Scrapy's HttpProxyMiddleware honours) to the replica behind TLS with a self-signed
certificate for the site's host names (Scrapy does not verify certificates:
DOWNLOAD_VERIFY_CERTIFICATES = False). Every other test crawls a loopback --site, for which the
spider switches to fast local settings (spiders/akorda.py `is_local`): here the live settings must
be in force, and are measured at the server. Nothing leaves the machine: the proxy refuses every
destination but the site's host names, and the crawl runs under audit hooks that refuse (and log)
any connection or name lookup outside loopback (tests/_offline.py).
"""

from __future__ import annotations

import time

import pytest
from _archiver import articles, rows
from _http import Reply, ScriptedServer
from _offline import run_offline
from _tunnel import BrokenHandshake, ConnectProxy, TlsFront

from archiver.fetch import refusal, settings
from archiver.page.urls import SECTIONS, canonical_url, path_of
from archiver.replica import ReplicaSite, serve

LIVE = "https://www.akorda.kz"
# A request reaches the server up to this much later than Scrapy sent it (a new connection goes
# through the proxy and a TLS handshake first), so two arrivals may be this much closer than the
# delay between the two sends.
ARRIVAL_SLACK = 0.25


def listed_on_page_1(site: ReplicaSite, section: str) -> set[str]:
    """The articles page 1 of an English listing links (its ?print= copy is the same article)."""
    return {canonical_url(e["url"]) for e in site.expected_listing("en", section)["entries"]}


def crawl_live(tmp_path, proxy: ConnectProxy, *args: str, site: str = LIVE):
    return run_offline(tmp_path / "net.log", "crawl", "--site", site, "--db", str(tmp_path / "a.db"),
                       "--lang", "en", *args, proxy=proxy.url)


def assert_nothing_left_the_machine(tmp_path, proxy: ConnectProxy, hosts: set[str]) -> None:
    net = (tmp_path / "net.log").read_text(encoding="utf-8").splitlines()
    assert net and all("'127.0.0.1'" in line and not line.startswith("REFUSED") for line in net), net
    assert proxy.refused == [] and {t.rpartition(":")[0] for t in proxy.tunnels} == hosts


def test_a_crawl_of_www_akorda_kz_runs_with_the_live_settings(tmp_path):
    site = ReplicaSite(seed=0, articles=22)  # en/events page 1: a handful of articles
    listed = listed_on_page_1(site, "events")
    with serve(site) as replica, TlsFront(replica.url) as tls, \
            ConnectProxy({"www.akorda.kz": tls.port}) as proxy:
        done = crawl_live(tmp_path, proxy, "--section", "events", "--max-pages", "1")
        log, peak, agents = replica.requests.snapshot(), replica.peak_in_flight, set(replica.agents)
    assert done.returncode == 0, done.stderr
    assert_nothing_left_the_machine(tmp_path, proxy, {"www.akorda.kz"})
    assert tls.handshakes >= 1
    paths = [r.path for r in log]
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert not any("print=" in p for p in paths)  # page 1 links a printable copy robots.txt forbids
    assert sorted(paths[1:]) == sorted(["/en/events", *(path_of(url) for url in listed)])
    gaps = [b.time - a.time for a, b in zip(log, log[1:])]
    assert min(gaps) >= settings.DOWNLOAD_DELAY - ARRIVAL_SLACK, gaps
    assert peak <= settings.CONCURRENT_REQUESTS
    assert agents == {settings.USER_AGENT}
    assert set(articles(tmp_path / "a.db")) == listed  # the live site's canonical URLs


@pytest.mark.parametrize("kind", ["refused", "tls"])
def test_a_first_live_run_that_is_refused_ends_in_one_line(tmp_path, kind):
    with serve(ReplicaSite(seed=0, articles=22)) as replica, TlsFront(replica.url) as tls, \
            BrokenHandshake() as broken:
        replica.refuse = 403
        route = tls.port if kind == "refused" else broken.port
        with ConnectProxy({"www.akorda.kz": route}) as proxy:
            started = time.monotonic()
            done = crawl_live(tmp_path, proxy, "--section", "events,speeches")
            took = time.monotonic() - started
    assert took < 60 and done.returncode == 1 and "Traceback" not in done.stderr
    assert_nothing_left_the_machine(tmp_path, proxy, {"www.akorda.kz"})
    line = ("the site refuses this machine (HTTP 403 on every section's first page)"
            if kind == "refused" else "the TLS handshake with www.akorda.kz failed (")
    assert f"problem: {line}" in done.stderr, done.stderr
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM frontier") == [(2,)]


def test_a_refused_default_crawl_of_every_section_ends_within_a_minute_at_the_live_pace(tmp_path):
    """All 60 sections at one request a second or two: waiting for every page 1 took about two
    minutes; the verdict comes once ENOUGH_SECTIONS of them were refused and nothing else answered."""
    with serve(ReplicaSite(seed=0, articles=22)) as replica, TlsFront(replica.url) as tls:
        replica.refuse = 403
        with ConnectProxy({"www.akorda.kz": tls.port}) as proxy:
            started = time.monotonic()
            done = crawl_live(tmp_path, proxy, "--lang", "kk,ru,en")
            took = time.monotonic() - started
            asked = [p for p in replica.requests.paths() if p != "/robots.txt"]
    assert took < 60 and done.returncode == 1 and "Traceback" not in done.stderr, (took, done.stderr)
    assert_nothing_left_the_machine(tmp_path, proxy, {"www.akorda.kz"})
    assert refusal.ENOUGH_SECTIONS <= len(asked) < len(SECTIONS)  # not every section was waited for
    line = (f"the site refuses this machine (HTTP 403 on the first page of each of the first "
            f"{refusal.ENOUGH_SECTIONS} sections asked, and nothing else answered)")
    assert f"problem: {line}" in done.stderr, done.stderr
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM frontier") == [(3 * len(SECTIONS),)]


def test_a_redirect_to_the_host_without_www_is_followed(tmp_path):
    """og:url names https://akorda.kz/...: if www.akorda.kz redirects there, every page must not
    fail as an offsite redirect."""
    site = ReplicaSite(seed=0, articles=22)
    listed = listed_on_page_1(site, "speeches")
    with serve(site) as replica, ScriptedServer() as www:
        www.script("/robots.txt", Reply(404, body=""))
        for path in ["/en/speeches", *(path_of(url) for url in listed)]:
            www.script(path, Reply(301, {"Location": f"https://akorda.kz{path}"}, body=""))
        with TlsFront(www.base_url) as www_tls, TlsFront(replica.url) as bare_tls, \
                ConnectProxy({"www.akorda.kz": www_tls.port, "akorda.kz": bare_tls.port}) as proxy:
            done = crawl_live(tmp_path, proxy, "--section", "speeches", "--max-pages", "1")
    assert done.returncode == 0, done.stderr
    assert_nothing_left_the_machine(tmp_path, proxy, {"www.akorda.kz", "akorda.kz"})
    assert set(articles(tmp_path / "a.db")) == listed


def test_the_guard_refuses_what_would_leave_the_machine(tmp_path):
    """Without the proxy the crawl would look the live host up: the guard refuses the lookup before
    anything is sent, so a rehearsal that lost its proxy fails instead of going out."""
    done = run_offline(tmp_path / "net.log", "crawl", "--site", LIVE, "--db", str(tmp_path / "a.db"),
                       "--lang", "en", "--section", "events", "--set", "RETRY_TIMES=0", proxy=None)
    net = (tmp_path / "net.log").read_text(encoding="utf-8").splitlines()
    assert net and all(line.startswith("REFUSED socket.") and "'www.akorda.kz'" in line
                       for line in net), net
    assert done.returncode == 1 and 'failed by reason: {"dns-error": 1}' in done.stderr, done.stderr
    assert rows(tmp_path / "a.db", "SELECT count(*) FROM articles") == [(0,)]


def test_probe_of_www_akorda_kz_reads_through_a_certificate_it_cannot_verify(tmp_path):
    """The probe sees what the crawl will see: a certificate that fails verification (as the site's
    was recorded) does not stop it."""
    with serve(ReplicaSite(seed=0, articles=22)) as replica, TlsFront(replica.url) as tls, \
            ConnectProxy({"www.akorda.kz": tls.port}) as proxy:
        done = run_offline(tmp_path / "net.log", "probe", "--site", LIVE, "--lang", "en",
                           "--section", "events", proxy=proxy.url)
        paths = replica.requests.paths()
    assert done.returncode == 0, done.stdout + done.stderr
    assert_nothing_left_the_machine(tmp_path, proxy, {"www.akorda.kz"})
    assert paths[:2] == ["/robots.txt", "/en/events"] and len(paths) == 3
