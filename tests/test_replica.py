"""The replica over real HTTP on an ephemeral localhost port: pages, listings, knobs and faults."""

from __future__ import annotations

import http.client
import re
import threading
import time
import urllib.request
import zlib
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html
from _archiver import crawl, expected_as_archived, rows, run_archiver
from protego import Protego

from archiver.errors import ExtractionError, UsageError
from archiver.page.dates import normalize_date
from archiver.page.extract import extract_article, extract_listing
from archiver.replica import PAGE_SIZE, ReplicaSite, choose_fault, parse_faults, serve
from archiver.replica.texts import LANGS, SECTIONS
from archiver.page.urls import SECTIONS as URL_SECTIONS
from archiver.page.urls import canonical_url


def get(server, path: str, host: str | None = None, timeout: float = 10) -> tuple[int, dict, bytes]:
    """One request on a fresh connection, redirects not followed: (status, headers, body)."""
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(host or parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server():
    with serve(ReplicaSite(seed=3, articles=120)) as running:
        yield running


def walk(server, lang: str, section: str) -> tuple[list[str], int]:
    """Article URLs of a listing, page after page until the empty page; and the empty page's number.

    The next link is there on every page but the last; the page after the last is empty (200, no cards).
    """
    urls, page = [], 1
    while True:
        url = f"{server.url}/{lang}/{section}" + (f"?page={page}" if page > 1 else "")
        with urllib.request.urlopen(url) as response:
            assert response.status == 200
            listing = extract_listing(response.read(), url)
        if not listing.entries:
            return urls, page
        urls += [e.url for e in listing.entries]
        last = page == server.site.pages(lang, section)
        assert listing.next_page == (None if last else f"{server.url}/{lang}/{section}?page={page + 1}")
        page += 1


def test_listings_hold_exactly_the_expected_articles(server) -> None:
    site = server.site
    expected = {e["url"] for e in site.expected()}
    seconds = {second for _, second in site.duplicate_pairs()}
    found = set()
    for lang in LANGS:
        for section in SECTIONS:
            urls, empty = walk(server, lang, section.path)
            assert empty == site.pages(lang, section.path) + 1
            found |= {canonical_url(u) for u in urls if "print=" not in u}
    assert found == expected | seconds
    # every article number in every language: an article, or Kazakh text at a translation's path
    assert len(expected) + len(site.language_mismatches()) == 3 * site.articles and seconds


def test_pagination(server) -> None:
    bare = get(server, "/ru/events")
    first = get(server, "/ru/events?page=1")
    assert bare[0] == first[0] == 200 and bare[2] == first[2]
    listing = extract_listing(first[2], server.url + "/ru/events")
    assert listing.next_page == server.url + "/ru/events?page=2"
    assert PAGE_SIZE <= len([e for e in listing.entries if "print=" not in e.url]) <= PAGE_SIZE + 2
    dates = [e.date_raw for e in listing.entries]
    assert all(dates)
    past = get(server, f"/ru/events?page={server.site.pages('ru', 'events') + 1}")
    assert past[0] == 200 and b'class="card"' not in past[2]
    assert extract_listing(past[2], server.url + "/ru/events?page=99").entries == []
    assert get(server, "/ru/events?page=abc")[0] == 404
    assert get(server, "/ru/events/")[2] == bare[2]  # trailing slash


def test_every_article_is_served_and_extracts_to_its_ground_truth() -> None:
    site = ReplicaSite(seed=5, articles=30, hostile=True)
    with serve(site) as running:
        for expected in site.expected():
            path = urlsplit(expected["url"]).path
            status, headers, body = get(running, path)
            assert status == 200, path
            listing = f"/{path.split('/')[1]}/{expected['section']}"
            entries = extract_listing(get(running, listing)[2], running.url + listing).entries
            entry = next(e for e in entries if e.url == running.url + path)
            assert extract_article(body, running.url + path, entry).to_dict() == expected


def test_robots_txt_forbids_a_link_the_listing_shows(server) -> None:
    status, headers, body = get(server, "/robots.txt")
    assert status == 200 and headers["content-type"].startswith("text/plain")
    robots = Protego.parse(body.decode())
    listing = extract_listing(get(server, "/kz/events")[2], server.url + "/kz/events")
    forbidden = [e.url for e in listing.entries if not robots.can_fetch(e.url, "akorda-archiver")]
    assert len(forbidden) == 1 and "print=" in forbidden[0]
    assert robots.can_fetch(server.url + "/kz/events?page=2", "akorda-archiver")
    assert not robots.can_fetch(server.url + "/search/?q=x", "akorda-archiver")


def test_host_alias_and_any_host_header(server) -> None:
    path = server.site.path_of("en", 100)
    reference = get(server, path)
    assert reference[0] == 200
    alias = get(server, path, host="localhost")  # http://localhost:PORT is the same site
    assert (alias[0], alias[2]) == (200, reference[2])
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(server.url).port, timeout=5)
    conn.request("GET", path, headers={"Host": "www.akorda.kz"})
    assert conn.getresponse().read() == reference[2]
    conn.close()


def test_page_shape(server) -> None:
    site = server.site
    i = next(i for i in range(119, 0, -1) if site.kind_of("kz", i) == "news")
    page = get(server, site.path_of("kz", i))[2].decode()
    root = lxml_html.fromstring(page)
    title = site.item("kz", i).title
    assert '<html lang="kz">' in page and 'alt="National Emblem of Kazakhstan"' in page
    assert page.count("Қазақстан Республикасы Президентінің</p>") == 2
    assert root.findtext("head/title") == f"{title} — Қазақстан Республикасы Президентінің ресми сайты"
    assert '<meta property="og:type" content="website" />' in page and '"@type": "WebSite"' in page
    assert page.count('<section id="main_block"') == 2 and 'id="category_block"' in page
    assert all(f'id="{name}"' in page for name in ("mobile_site", "mySidenav", "desktop_site"))
    rest = site.path_of("kz", i)[4:]  # the switcher: absolute links on the host without www, twice
    assert all(page.count(f'href="https://akorda.kz/{code}/{rest}"') == 2 for code in LANGS)
    assert len(root.cssselect(f'a.lang_active[href="https://akorda.kz/kz/{rest}"]')) == 2
    assert page.count(">Кері қайту<") == 2 and ">Басып шығару<" in page
    assert "| 2026 ж." in page and "date_main_block_small" in page


def test_pages_weigh_what_real_pages_do(server) -> None:
    """SITE.md: about 60 KB of UTF-8 HTML, with the weight in the chrome the extractor must skip."""
    site = server.site
    for lang in LANGS:
        for i in (119, 60, 5):
            page = get(server, site.path_of(lang, i))[2]
            assert 48_000 <= len(page) <= 75_000, (lang, i, len(page))
        assert 48_000 <= len(get(server, f"/{lang}/events")[2]) <= 90_000
    page = get(server, site.path_of("kz", 119))[2].decode()
    keywords = re.search(r'<meta name="keywords" content="([^"]+)"', page).group(1)
    assert len(keywords.split(", ")) >= 26  # the real page lists 26
    assert page.count("<!--") >= 30 and "/webfonts/" in page and page.count('style="') >= 25
    for path in ("security_council/events", "official_documents/constitution",
                 "executive_office/executive_office_stucture", "deklaraciya-malimetteri-31115115"):
        # the slide-in and desktop menus (the latter with absolute links), the footer's site map
        assert page.count(f'href="/kz/{path}"') + page.count(f'href="https://akorda.kz/kz/{path}"') >= 3, path
    assert page.count('href="/kz/archive"') == 2  # as on the real page: slide-in menu and site map only


def test_content_is_independent_of_the_article_count() -> None:
    small, large = ReplicaSite(seed=9, articles=40), ReplicaSite(seed=9, articles=90)
    for lang in LANGS:
        for i in range(40):
            path = small.path_of(lang, i)
            assert small.expected_article(path) == large.expected_article(large.path_of(lang, i))
            assert small.path_of(lang, i) == large.path_of(lang, i)


def test_raising_articles_on_a_live_server_adds_them_on_top() -> None:
    site = ReplicaSite(seed=1, articles=100)
    with serve(site) as running:
        before = extract_listing(get(running, "/kz/events")[2], running.url + "/kz/events").entries
        site.articles = 130
        after = [e for page in ("/kz/events", "/kz/events?page=2")
                 for e in extract_listing(get(running, page)[2], running.url + page).entries]
    before = [e.url for e in before if "print=" not in e.url]
    after = [e.url for e in after if "print=" not in e.url]
    new = {running.url + path for i in range(100, 130) if site.section_of(i).path == "events"
           for path in (site.path_of("kz", i), site.dup_path_of("kz", i)) if path}
    assert new and set(after[:len(new)]) == new
    assert after[len(new):len(new) + 5] == before[:5]  # the old ones moved down, in order


def test_dates_span_the_years_and_never_pass_today() -> None:
    site = ReplicaSite(articles=100_000, today=date(2026, 12, 1))
    for lang in LANGS:
        assert get_listing_cards(site, lang, "events", 1) and get_listing_cards(site, lang, "speeches", 1)
        last = site.pages(lang, "events")
        assert get_listing_cards(site, lang, "events", last)
        assert not get_listing_cards(site, lang, "events", last + 1)
    days = [site.day_of("kz", i) for i in (0, 10, 100, 1000, 99_999)]
    assert days == sorted(days) and days[0].year == 2006 and days[-1].year == 2026
    assert days[-1] <= site.today
    assert ReplicaSite(articles=100_000).today == date.today()  # by default, the clock's day


@pytest.mark.parametrize("today", [date(2025, 6, 1), date(2019, 3, 20)])
def test_an_injected_today_dates_the_replica_and_the_parser_reads_it_so(today: date) -> None:
    """A site built on an earlier day (a machine whose clock is behind) shows nothing after it, and
    the parser, told the same day, reads every card's date as the truth; a day earlier, the newest
    cards would be in the future and are refused."""
    site = ReplicaSite(seed=4, articles=100_000, today=today)
    with serve(site) as running:
        for lang in LANGS:
            url = f"{running.url}/{lang}/events"
            entries = extract_listing(get(running, f"/{lang}/events")[2], url).entries
            read = {e.url: normalize_date(e.date_raw, today=today) for e in entries}
            truth = {e.url: site.expected_article(canonical_url(e.url))["published"] for e in entries}
            assert read == truth and max(read.values()) == today.isoformat(), (lang, read)
            before = today - timedelta(days=2)
            assert normalize_date(entries[0].date_raw, today=before) is None
    undated = [i for i in range(20_000) if site.shows_no_date(i)]
    in_speeches = sum(site.section_of(i).path in ("speeches", "addresses") for i in range(20_000))
    assert 0.02 < len(undated) / in_speeches < 0.05


def get_listing_cards(site: ReplicaSite, lang: str, section: str, page: int) -> list:
    return site.listing(lang, section, page).cards


def test_parse_faults() -> None:
    assert parse_faults("500=0.1, timeout=0.05,reset=0.02,truncate=0.01,429=0.02") == {
        "500": 0.1, "timeout": 0.05, "reset": 0.02, "truncate": 0.01, "429": 0.02}
    assert parse_faults("") == {}
    for bad in ("500", "503=0.1", "500=x", "500=1.5", "500=0.6,429=0.6"):
        with pytest.raises(UsageError) as caught:
            parse_faults(bad)
        assert "\n" not in str(caught.value)


def test_fault_choice_is_a_pure_function_with_the_given_rates() -> None:
    faults = {"500": 0.1, "429": 0.05, "reset": 0.02}
    picks = [choose_fault(7, faults, f"/kz/a-{n}", 0) for n in range(4000)]
    assert picks == [choose_fault(7, faults, f"/kz/a-{n}", 0) for n in range(4000)]
    assert 0.08 < picks.count("500") / 4000 < 0.12 and 0.03 < picks.count("429") / 4000 < 0.07
    assert picks != [choose_fault(8, faults, f"/kz/a-{n}", 0) for n in range(4000)]
    retries = [choose_fault(7, faults, "/kz/a-1", count) for count in range(50)]
    assert None in retries and len(set(retries)) > 1  # the count changes the draw: retries can succeed


def _statuses(seed: int, paths: list[str]) -> list[int]:
    site = ReplicaSite(seed=seed, articles=40, faults={"500": 0.3, "429": 0.2})
    with serve(site) as running:
        return [get(running, p)[0] for p in paths for _ in range(3)]


def test_faults_are_deterministic_under_the_seed_and_retries_succeed() -> None:
    paths = [f"/kz/events?page={n}" for n in range(1, 4)] + ["/robots.txt"] * 5
    first, again = _statuses(4, paths), _statuses(4, paths)
    assert first == again and {500, 429, 200} <= set(first)
    assert first[-15:] == [200] * 15  # robots.txt is never faulted
    tries = [first[n:n + 3] for n in range(0, 9, 3)]  # three tries of each listing page
    assert any(t[0] != 200 and 200 in t[1:] for t in tries)  # a retry after a fault succeeds
    assert _statuses(5, paths) != first


def test_429_has_retry_after() -> None:
    site = ReplicaSite(articles=20, faults={"429": 1.0}, retry_after=7)
    with serve(site) as running:
        status, headers, _ = get(running, "/en/events")
        assert (status, headers["retry-after"]) == (429, "7")
        assert running.requests[0][:3] == ("GET", "/en/events", 429)


def test_truncate_timeout_and_reset() -> None:
    site = ReplicaSite(articles=20, faults={"truncate": 1.0}, timeout_hold=30)
    with serve(site) as running:
        path = site.path_of("kz", 19)
        status, headers, body = get(running, path)
        assert status == 200 and int(headers["content-length"]) == len(body)
        assert b"</html>" not in body and b"<footer" not in body
        with pytest.raises(ExtractionError) as caught:
            extract_article(body, running.url + path)
        assert caught.value.reason == "truncated"
        site.faults = {"reset": 1.0}
        with pytest.raises((ConnectionError, http.client.HTTPException)):
            get(running, path)
        site.faults = {"timeout": 1.0}
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            get(running, path, timeout=0.5)
        outcome: list[object] = []

        def wait_for_answer() -> None:
            try:
                outcome.append(get(running, path, timeout=20))
            except (OSError, http.client.HTTPException) as exc:
                outcome.append(exc)

        held = threading.Thread(target=wait_for_answer)
        held.start()
        time.sleep(0.3)
    assert time.monotonic() - started < 5  # stop() does not wait for the 30 s hold
    held.join(timeout=5)
    assert not held.is_alive() and isinstance(outcome[0], (OSError, http.client.HTTPException))
    assert [status for _, _, status, _ in running.requests] == [200, 0, 0, 0]
    assert [kind for _, kind in running.injected] == ["truncate", "reset", "timeout", "timeout"]


def test_broken_paths_answer_500_while_present(server) -> None:
    path = server.site.path_of("ru", 50)
    server.site.broken = frozenset({path})
    try:
        assert [get(server, path)[0] for _ in range(3)] == [500, 500, 500]
    finally:
        server.site.broken = frozenset()
    assert get(server, path)[0] == 200


def test_request_log(server) -> None:
    server.requests.clear()
    get(server, "/kz/speeches?page=2")
    get(server, "/kz/no-such-page-1234567")
    log = list(server.requests)
    assert [(m, p, s) for m, p, s, _ in log] == [("GET", "/kz/speeches?page=2", 200),
                                                ("GET", "/kz/no-such-page-1234567", 404)]
    assert log[0].time <= log[1].time <= time.monotonic()


def test_edit_round_changes_exactly_the_edited_articles() -> None:
    site = ReplicaSite(seed=2, articles=200)
    before = {e["url"]: e for e in site.expected()}
    assert site.edited() == []
    with serve(site) as running:
        site.edit_round = 1
        first = {e["url"]: e for e in site.expected()}
        edited = set(site.edited())
        assert 0.02 < len(edited) / len(before) < 0.09
        assert {u for u in before if before[u] != first[u]} == edited
        changed = [(before[u]["title"] != first[u]["title"], before[u]["body"] != first[u]["body"])
                   for u in edited]
        assert (True, False) in changed and (False, True) in changed
        url = sorted(edited)[0]
        body = get(running, urlsplit(url).path)[2]
        served = extract_article(body, running.url + urlsplit(url).path).to_dict()
        assert (served["title"], served["body"]) == (first[url]["title"], first[url]["body"])
        site.edit_round = 2
        second = {e["url"]: e for e in site.expected()}
        assert set(site.edited()) == edited
        assert all(second[u] != first[u] for u in edited)
        assert all(second[u] == before[u] for u in before if u not in edited)


def test_duplicates_knob(server) -> None:
    site = server.site
    shown_in_kazakh = site.language_mismatches()  # their pairs: see test_translations.py
    pairs = [p for p in site.duplicates_expected() if p[1]["url"] not in shown_in_kazakh]
    assert len(pairs) >= 3 and len({first["lang"] for first, _ in pairs}) == 3
    strip = lambda d: {k: v for k, v in d.items() if k not in ("url", "site_id")}  # noqa: E731
    entries = {e.url: e for lang in LANGS for p in range(1, site.pages(lang, "events") + 1)
               for e in extract_listing(get(server, f"/{lang}/events?page={p}")[2],
                                        server.url + f"/{lang}/events?page={p}").entries}
    listed = list(entries)
    for original, second in pairs:
        assert original["url"] != second["url"] and strip(original) == strip(second)
        first_path, path = urlsplit(original["url"]).path, urlsplit(second["url"]).path
        assert listed[listed.index(server.url + first_path) + 1] == server.url + path  # listed next to it
        body = get(server, path)[2]
        assert extract_article(body, server.url + path, entries[server.url + path]).to_dict() == second
    site.duplicates = False
    try:
        assert get(server, path)[0] == 404
        assert [p for p in site.duplicates_expected() if p[1]["url"] not in shown_in_kazakh] == []
        assert server.url + path not in {e.url for e in extract_listing(
            get(server, "/kz/events?page=1")[2], server.url + "/kz/events").entries}
        assert get(server, first_path)[0] == 200
    finally:
        site.duplicates = True


def test_windows_1251_page() -> None:
    site = ReplicaSite(articles=30, hostile=True)
    with serve(site) as running:
        listing = extract_listing(get(running, "/ru/events")[2], running.url + "/ru/events")
        urls = {canonical_url(e.url) for e in listing.entries}
        assert set(site.hostile_urls().values()) <= urls
        cp1251 = urlsplit(site.hostile_urls()["cp1251"]).path
        status, headers, body = get(running, cp1251)
        assert (status, headers["content-type"]) == (200, "text/html; charset=windows-1251")
        assert "Ұ".encode() not in body and b"&#1200;" in body
        body.decode("cp1251")  # really single-byte windows-1251
        article = extract_article(body.decode("cp1251"), running.url + cp1251)
        assert article.to_dict() | {"section": "events"} == site.expected_article(cp1251)
        assert "Ұлытау" in article.title
        assert site.expected_article(cp1251) in list(site.expected())


def test_hostile_pages() -> None:
    site = ReplicaSite(articles=30, hostile=True)
    urls = {kind: urlsplit(url).path for kind, url in site.hostile_urls().items()}
    with serve(site) as running:
        status, headers, _ = get(running, urls["offsite"])
        assert (status, headers["location"]) == (302, "http://offsite.invalid/ru/interview")
        status, headers, body = get(running, urls["bomb"])
        assert headers["content-encoding"] == "gzip" and len(body) < 2_000_000
        inflate, size = zlib.decompressobj(16 + zlib.MAX_WBITS), 0
        for start in range(0, len(body), 4096):
            size += len(inflate.decompress(body[start:start + 4096]))
        assert size >= 100 * 1024 * 1024
        parts = urlsplit(running.url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        conn.request("GET", urls["oversized"])
        response = conn.getresponse()
        assert int(response.getheader("Content-Length")) > 16 * 1024 * 1024
        assert len(response.read(65536)) == 65536
        conn.close()
        assert get(running, "/ru/events")[0] == 200  # still serving after the client hung up
    plain = ReplicaSite(articles=30)
    assert all(plain.expected_article(u) is None for u in site.hostile_urls().values())


def test_every_page_is_utf8_without_hostile() -> None:
    site = ReplicaSite(articles=30)
    with serve(site) as running:
        for lang in LANGS:
            status, headers, body = get(running, site.path_of(lang, 29))
            assert headers["content-type"] == "text/html; charset=utf-8"
            body.decode("utf-8")
            assert not re.search(rb"&#\d+;", body)


def test_no_two_articles_of_a_language_have_the_same_content() -> None:
    site = ReplicaSite(seed=11, articles=1000)  # the archive would record a twin as a duplicate
    contents = {(e["lang"], e["title"], e["body"]) for e in site.expected()}
    assert len(contents) == 3 * site.articles - len(site.language_mismatches())


# Every news-like listing of the site's menu (SITE.md, "Listings (sections)"), besides the older
# event sections of URL family 2.
SITE_MD_LISTINGS = (
    "events", "legal_acts", "speeches", "addresses", "archive", "announcements",
    "executive_office/executive_office_news", "secretary_of_state/secretary_of_state_news",
    "secretary_of_state/secretary_of_state_speeches", "secretary_of_state/secretary_of_state_orders",
    "security_council/events", "events/astana_kazakhstan/working_trips",
    "events/astana_kazakhstan/visits_to_objects", "events/akorda_news/meetings_and_receptions",
    "events/akorda_news/meetings_and_sittings", "events/akorda_news/press_conferences",
    "events/international_community/telegram_of_condolences",
    "events/international_community/telegrammes_and_letters",
    "events/international_community/telegram_of_congratulations",
    "events/international_community/foreign_visits",
)


def test_a_default_crawl_archives_every_listing_section_in_every_language(tmp_path) -> None:
    assert set(SITE_MD_LISTINGS) == set(URL_SECTIONS) == {s.path for s in SECTIONS}
    site, db = ReplicaSite(seed=5, articles=120), tmp_path / "archive.db"
    with serve(site) as server:
        crawl(server, db)  # no --section: the default
    found = set(rows(db, "SELECT lang, section FROM articles GROUP BY 1, 2"))
    assert found == {(lang, path) for lang in ("kk", "ru", "en") for path in SITE_MD_LISTINGS}
    archived = dict(rows(db, "SELECT url, section FROM articles"))
    assert archived == {u: e["section"] for u, e in expected_as_archived(site, archived).items()}
    stats = run_archiver("stats", "--wide", "--db", str(db), check=True).stdout
    for path in SITE_MD_LISTINGS:  # a row per section, a column per language (kk, ru, en, all)
        assert re.search(rf"^{re.escape(path)}(\s+[1-9][\d,]*){{4}}$", stats, re.MULTILINE), path


def test_an_article_listed_in_two_sections_is_one_article(tmp_path) -> None:
    """The site's menu lists news under several listings (events and the archive, say): one row."""
    from _http import Reply, ScriptedServer

    from archiver.replica import markup
    from archiver.replica.listings import Card, ListingView
    from archiver.replica.routes import article_page
    from archiver.replica.texts import SECTION_BY_PATH

    site = ReplicaSite(seed=2, articles=60)
    i = next(i for i in range(59, -1, -1)
             if site.kind_of("kz", i) == "news" and not site.is_duplicated("kz", i))
    item = site.item("kz", i)
    card = Card(item.path, item.title, item.card_date, "/upload/media/news/1.jpg")
    db = tmp_path / "archive.db"
    with ScriptedServer() as server:
        for section in ("events", "archive"):
            label = SECTION_BY_PATH[section].label("kz")
            for page, cards in ((1, [card]), (2, [])):
                content = markup.listing_content(ListingView("kz", section, page, 1, cards), label)
                html = markup.page("kz", f"/kz/{section}", label, content, [], "events")
                server.script(f"/kz/{section}" + ("" if page == 1 else "?page=2"), Reply(body=html))
        server.script(item.path, Reply(body=article_page(site, item, item.path).body.decode()))
        for _ in range(2):
            run_archiver("crawl", "--site", server.base_url, "--db", str(db), "--lang", "kk",
                         "--section", "events,archive", check=True)
        fetched = len(server.hits(item.path))
    (url, section), = rows(db, "SELECT url, section FROM articles")
    assert url == canonical_url(item.path) and section in ("events", "archive")
    assert rows(db, "SELECT count(*) FROM duplicates")[0][0] == 0
    assert rows(db, "SELECT count(*) FROM revisions")[0][0] == 0
    assert fetched == 1  # listed twice, fetched once, in the first run; known in the second
