"""Real akorda.kz pages, kept unmodified as fixtures (tests/fixtures/real/, origins in ORIGIN.md), are
the final judge of the extractor: each must come out exactly as its hand-written JSON says, and every
selector's assumption is checked against the tree a browser builds of it, not the replica's."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from urllib.parse import urlsplit

import lxml.html
import pytest
from _archiver import articles, crawl

from archiver.page import selectors as S
from archiver.page.dates import KK_MONTHS
from archiver.page.extract import extract_article, extract_listing, parse
from archiver.replica import ReplicaSite, serve
from archiver.replica.texts import SECTION_BY_PATH
from archiver.replica.verbatim import Verbatim

REAL = Path(__file__).parent / "fixtures" / "real"
PAGES = sorted(p.stem for p in REAL.glob("*.json"))


def load(name: str) -> tuple[bytes, dict]:
    return (REAL / f"{name}.html").read_bytes(), json.loads((REAL / f"{name}.json").read_text("utf-8"))


def ancestors(node) -> list[str]:
    chain = []
    node = node.parent
    while node is not None and node.tag != "-document":
        chain.append(f"{node.tag}#{node.id}" if node.id else node.tag)
        node = node.parent
    return chain[::-1]


def test_there_are_real_pages() -> None:
    assert "speech-555737-kz" in PAGES


@pytest.mark.parametrize("name", PAGES)
def test_a_real_page_extracts_exactly(name: str) -> None:
    page, meta = load(name)
    article = extract_article(page, meta["url"])
    assert article.to_dict() == meta["expected"]
    assert article.charset_note is None


@pytest.mark.parametrize("name", PAGES)
def test_the_tree_read_is_a_browsers_not_libxml2s_repair(name: str) -> None:
    page, _ = load(name)
    tree = parse(page).tree
    main = tree.css_first("section#main_block")
    assert ancestors(main) == ["html", "body"]  # a browser closes div#desktop_site at </nav>
    # ... where libxml2 keeps it open: the whole page under header > nav (SITE.md)
    under_lxml = lxml.html.fromstring(page).xpath("//section[@id='main_block']")[0]
    assert [a.tag for a in under_lxml.iterancestors()][::-1][:4] == ["html", "body", "header", "nav"]
    # The selectors' assumptions, on the browser's tree of the real page:
    columns = tree.css(S.CONTENT_COLUMN)
    assert len(columns) == 1 and "section#main_block" in ancestors(columns[0])
    assert ancestors(columns[0]).count("section#main_block") == 2  # the id twice, nested
    content = columns[0]
    assert content.css_first(S.ARTICLE_BODY) is not None and content.css_first(S.ARTICLE_TITLE) is not None
    assert content.css_first(S.ARTICLE_DATE) is None  # a speech: no date line of its own...
    dated, sidebar = tree.css("p.date_main_block_small"), tree.css_first("div.col-4")
    assert dated and len(sidebar.css("p.date_main_block_small")) == len(dated)  # ...only the sidebar's
    assert all(d.css_first("a") is not None for d in tree.css(S.ARTICLE_DATE))  # sidebar: links, not dates
    assert len(tree.css_first(S.HEADER).css(S.LANG_SWITCHER)) >= 3  # the switcher, in the header
    assert all(n.css_first(S.ARTICLE_BODY) is None for n in tree.body.css(S.PAGE_FURNITURE))


@pytest.mark.parametrize("name", PAGES)
def test_the_page_scan_of_a_real_page_finds_its_links_outside_the_furniture(name: str) -> None:
    """As a listing, the real page's links outside the header, menus, sidebar and footer: under lxml's
    repair the header holds the whole page, and the scan found nothing at all."""
    page, meta = load(name)
    assert "col-lg-8" in page.decode()
    without_column = page.replace(b'class="col-lg-8 col-md-12"', b'class="col-lg-12"')
    listing = extract_listing(without_column, "https://www.akorda.kz/kz/speeches")
    assert listing.strategy == S.STRATEGY_SCAN
    sidebar = {a.attributes["href"] for a in parse(page).tree.css("div.col-4 a[href]")}
    assert sidebar and not {e.url for e in listing.entries} & {f"https://www.akorda.kz{h}" for h in sidebar}


@pytest.mark.parametrize("name", PAGES)
def test_a_real_page_comes_out_exactly_in_a_crawl_through_the_replica(tmp_path, name: str) -> None:
    """The page served byte for byte by the replica, linked from page 1 of its section's listing with
    a card of the replica's (the real listing card was not kept): the archived row is the page's truth
    plus what the card gives a page without its own date and category."""
    page, meta = load(name)
    path = urlsplit(meta["url"]).path
    lang, section = path.split("/")[1], "speeches"
    # The card's date, never after the clock's today: the crawl refuses a date after its tomorrow
    day = min(date(2026, 6, 13), date.today())
    card_date = f"{day.year} жылғы {day.day:02d} {KK_MONTHS[day.month - 1]}"
    real = Verbatim(path, page, lang, section, meta["expected"]["title"], card_date)
    site = ReplicaSite(seed=2, articles=30, listing_layout="plain", verbatim=(real,))
    db = tmp_path / "a.db"
    with serve(site) as server:
        crawl(server, db, "--lang", "kk", "--section", section)
        assert server.requests.paths().count(path) == 1
    label = SECTION_BY_PATH[section].label(lang)
    expected = {**meta["expected"], "date_raw": card_date, "published": day.isoformat(),
                "date_source": "listing", "category": label, "section": section}
    archived = articles(db)[meta["expected"]["url"]]
    assert {k: archived[k] for k in expected} == expected
