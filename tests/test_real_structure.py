"""The replica's pages parse as untidily as the real page does (tests/fixtures/real/, ORIGIN.md there).

On the real page div#desktop_site is never closed: libxml2 (lxml, parsel, Scrapy) puts section#main_block,
the content, the sidebar and the footer under header > nav > div#desktop_site, an HTML5 parser under body.
A replica made of tidy markup would let a crawl pass here and fail on the live site, so every landmark of
the page must sit under the same chain of ancestors (tags and ids) in replica pages as in the real one:
article pages, and listing pages in each layout (archiver.replica.listings).
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from archiver.errors import UsageError
from archiver.replica import ReplicaSite
from archiver.replica.listings import LAYOUTS, layout_of, seeded_layout
from archiver.replica.routes import respond
from archiver.replica.texts import LANGS, SECTIONS

REAL = Path(__file__).parent / "fixtures" / "real" / "speech-555737-kz.html"
# Landmarks of every page, and those of an article page in the current layout (CSS selectors).
CHROME = {"main_block": "section#main_block", "flag": "section#flag", "tabs": "section#category_block",
          "footer": "footer", "mobile": "div#mobile_site", "sidenav": "div#mySidenav",
          "desktop": "div#desktop_site"}
ARTICLE = {**CHROME, "column": "div.col-lg-8", "sidebar": "div.col-4", "article": "article"}
KINDS = ("news", "speech", "legal")  # current-layout article pages


def _name(tag: str, id_: str | None) -> str:
    return tag + (f"#{id_}" if id_ else "")


def lxml_chains(page: bytes, marks: dict[str, str]) -> dict[str, list[str]]:
    """Each landmark's elements, as the chain of their ancestors' tags and ids, under lxml."""
    root = lxml.html.fromstring(page)
    return {key: [" < ".join(_name(a.tag, a.get("id")) for a in el.iterancestors()) for el in root.cssselect(css)]
            for key, css in marks.items()}


def lexbor_chains(page: bytes, marks: dict[str, str]) -> dict[str, list[str]]:
    """The same under an HTML5 parser (selectolax/Lexbor)."""
    from selectolax.lexbor import LexborHTMLParser

    tree, out = LexborHTMLParser(page), {}
    for key, css in marks.items():
        out[key] = []
        for node in tree.css(css):
            chain, parent = [], node.parent
            while parent is not None and not parent.tag.startswith("-"):  # up to the document node
                chain.append(_name(parent.tag, parent.attributes.get("id")))
                parent = parent.parent
            out[key].append(" < ".join(chain))
    return out


@pytest.fixture(scope="module")
def site() -> ReplicaSite:
    return ReplicaSite(seed=0, articles=200)


def _article(site: ReplicaSite, lang: str, kind: str) -> bytes:
    i = next(i for i in range(site.articles - 1, -1, -1) if site.kind_of(lang, i) == kind)
    return respond(site, site.path_of(lang, i)).body


def _listing(layout: str, lang: str = "kz", page: int = 1) -> bytes:
    site = ReplicaSite(seed=0, articles=200, listing_layout=layout)
    return respond(site, f"/{lang}/events" + (f"?page={page}" if page > 1 else "")).body


def test_the_real_page_nests_the_whole_page_in_the_header_under_lxml() -> None:
    """The evidence itself: what SITE.md says of the real page holds for the kept copy."""
    chains = lxml_chains(REAL.read_bytes(), ARTICLE)
    inside = "div#desktop_site < nav < header < body < html"
    assert chains["main_block"][0] == inside
    assert all(chain.endswith(inside) for key in ("footer", "column", "sidebar", "article")
               for chain in chains[key])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_article_pages_parse_like_the_real_page_under_lxml(site, lang, kind) -> None:
    assert lxml_chains(_article(site, lang, kind), ARTICLE) == lxml_chains(REAL.read_bytes(), ARTICLE)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_listing_pages_parse_like_the_real_page_under_lxml(layout) -> None:
    real = lxml_chains(REAL.read_bytes(), ARTICLE)
    page = _listing(layout)
    got = lxml_chains(page, ARTICLE)
    assert {key: got[key] for key in CHROME} == {key: real[key] for key in CHROME}
    if layout == "column":  # the content column and the sidebar where an article page has them
        assert (got["column"], got["sidebar"]) == (real["column"], real["sidebar"])
    else:
        assert got["column"] == got["sidebar"] == []


def test_pages_parse_like_the_real_page_under_an_html5_parser(site) -> None:
    pytest.importorskip("selectolax.lexbor")
    real = lexbor_chains(REAL.read_bytes(), ARTICLE)
    assert real["main_block"][0] == "body < html"  # closed at </nav>: the tidy tree a browser builds
    for lang in LANGS:
        for kind in KINDS:
            assert lexbor_chains(_article(site, lang, kind), ARTICLE) == real, (lang, kind)
    for layout in LAYOUTS:
        got = lexbor_chains(_listing(layout), CHROME)
        assert got == {key: real[key] for key in CHROME}, layout


def _sidebar_shapes(page: bytes) -> set[tuple[str, ...]]:
    """The items of the sidebar (children of div.tab-content between two hr), each as its tags and
    classes: the real page's are (h3, date, link) for a rubric and (h3, date, thumbnail) for news."""
    def shape(el) -> str:  # spacing classes (mt-2) left out
        return f"{el.tag}." + " ".join(c for c in (el.get("class") or "").split() if c != "mt-2")

    box = lxml.html.fromstring(page).cssselect("div.col-4 div.tab-content")[0]
    shapes, item = set(), []
    for child in box:
        if child.tag == "hr":
            shapes.add(tuple(item))
            item = []
        else:
            item.append(shape(child) + "".join(">" + shape(c) for c in child))
    return shapes


def test_the_sidebar_items_have_the_real_shapes(site) -> None:
    real = _sidebar_shapes(REAL.read_bytes())
    assert real == {("h3.", "p.date_main_block_small", "p.date_main_block>a."),
                    ("h3.", "p.date_main_block_small", "div.>img.img-fluid")}
    page = _article(site, "kz", "news")
    assert _sidebar_shapes(page) == real
    thumbs = lxml.html.fromstring(page).cssselect("div.col-4 img.img-fluid")
    assert thumbs and all(img.get("src").endswith("_mediumThumb.png") for img in thumbs)


def test_full_width_and_plain_listings_have_no_content_column() -> None:
    for layout in ("full-width", "plain"):
        root = lxml.html.fromstring(_listing(layout))
        main = root.cssselect("section#main_block section#main_block")[0]
        columns = [el.get("class") for el in main.iter() if "col-" in (el.get("class") or "")]
        assert not [c for c in columns if "col-lg-8" in c], layout
        assert root.cssselect("h3 a") and root.cssselect("h5") and root.cssselect("img.card-img-top")
        assert bool(columns) == (layout == "full-width"), columns  # plain: no Bootstrap column at all
        cards = root.cssselect("div.card-body, li.news_item")
        assert [child.tag for child in cards[0]][:2] == ["h3", "h5"]  # the title before the date (reported)


def test_a_layout_can_change_in_the_middle_of_a_walk() -> None:
    site = ReplicaSite(seed=0, articles=200, listing_layout="column:2:plain")
    pages = [respond(site, f"/ru/events?page={n}").body for n in (1, 2, 3, 4)]
    assert [b'class="col-lg-8' in page for page in pages] == [True, True, False, False]
    assert all(b'<ul class="list-unstyled news_list">' in page for page in pages[2:])


def test_seeded_layouts_differ_between_sections_and_repeat_with_the_seed() -> None:
    site = ReplicaSite(seed=0, articles=200)
    firsts = {layout_of(site, s.path, 1) for s in SECTIONS}
    assert firsts == set(LAYOUTS)  # seed 0 shows every layout
    switches = [s.path for s in SECTIONS if seeded_layout(0, s.path)[0] != seeded_layout(0, s.path)[2]]
    assert switches  # and some section changes layout after its first pages
    again = ReplicaSite(seed=0, articles=50)
    assert [layout_of(again, s.path, n) for s in SECTIONS for n in (1, 5)] == \
        [layout_of(site, s.path, n) for s in SECTIONS for n in (1, 5)]
    with pytest.raises(UsageError, match="bad listing layout"):
        ReplicaSite(listing_layout="column:x:plain")


def test_pages_weigh_about_what_the_real_page_does(site) -> None:
    real = len(REAL.read_bytes())
    for lang in LANGS:
        for kind in KINDS:
            assert 0.8 * real <= len(_article(site, lang, kind)) <= 1.2 * real, (lang, kind)
        for layout in LAYOUTS:
            assert 0.75 * real <= len(_listing(layout, lang)) <= 1.3 * real, (lang, layout)
