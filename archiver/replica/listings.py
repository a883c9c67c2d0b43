"""Listing pages and the sidebar, computed from the content model without generating any body.

Listing layouts (the real listing markup is only reported, SITE.md): "column" (cards in the content
column div.col-lg-8 beside the sidebar, as article pages), "full-width" (cards in a div.col-lg-12, no
col-lg-8 and no sidebar) and "plain" (a list with no Bootstrap columns at all). ReplicaSite's
`listing_layout` picks them: "seeded" (the default) draws one for each section from the seed, and for
some sections a second one from page k+1 on; "LAYOUT" forces one everywhere; "LAYOUT:K:LAYOUT2" forces
pages 1..K in LAYOUT and the rest in LAYOUT2 (a layout that changes in the middle of a walk).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from archiver.errors import UsageError
from archiver.replica.generate import mix
from archiver.replica.hostile import HOSTILE_PATHS, HOSTILE_TITLES, cp1251_item
from archiver.replica.texts import FAMILY_LABELS

if TYPE_CHECKING:
    from archiver.replica.content import ReplicaSite

SIDEBAR_ACTS = 4  # newest legal acts in the right sidebar, each under its rubric ("Заңдар", "Жарлықтар")
SIDEBAR_NEWS = 3  # newest news in the right sidebar, each under its own title with a thumbnail
LAYOUTS = ("column", "full-width", "plain")
SEEDED = "seeded"
SWITCH_SHARE = 4  # 1 seeded section in 4 changes its layout after page k (k from 1 to 3)


@dataclass
class Card:
    path: str
    title: str
    date: str | None  # the card's h5, or None (no date shown anywhere)
    image: str
    print_path: str | None = None  # a printable-version link inside the card (robots.txt forbids it)


@dataclass
class ListingView:
    lang: str
    section: str
    page: int
    pages: int  # the last page with cards (0 when the section is empty)
    cards: list[Card]
    layout: str = "column"  # one of LAYOUTS

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass
class SidebarItem:
    """One item of the right sidebar: a rubric heading above a link to the article (legal acts), or
    (rubric None) the article's own title above its thumbnail."""

    rubric: str | None
    card: Card


@lru_cache(maxsize=64)
def parse_layout(spec: str) -> tuple[str, int, str] | None:
    """(first layout, last page in it, layout after) of a `listing_layout` spec; None for "seeded".
    UsageError for anything else."""
    if spec == SEEDED:
        return None
    first, *rest = spec.split(":")
    if not rest and first in LAYOUTS:
        return first, 0, first
    if len(rest) == 2 and first in LAYOUTS and rest[1] in LAYOUTS and rest[0].isdigit() and int(rest[0]) >= 1:
        return first, int(rest[0]), rest[1]
    raise UsageError(f"bad listing layout {spec!r}: expected {SEEDED!r}, one of {', '.join(LAYOUTS)}, "
                     "or LAYOUT:K:LAYOUT2 (pages 1..K in LAYOUT, the rest in LAYOUT2)")


@lru_cache(maxsize=1024)
def seeded_layout(seed: int, section: str) -> tuple[str, int, str]:
    roll = mix(seed, "listing-layout", section)
    first = roll % len(LAYOUTS)
    if roll // len(LAYOUTS) % SWITCH_SHARE:
        return LAYOUTS[first], 0, LAYOUTS[first]
    after = (first + 1 + roll // 100 % (len(LAYOUTS) - 1)) % len(LAYOUTS)
    return LAYOUTS[first], 1 + roll // 1000 % 3, LAYOUTS[after]


def layout_of(site: ReplicaSite, section: str, page: int) -> str:
    """The layout of page `page` of a section's listing."""
    first, until, after = parse_layout(site.listing_layout) or seeded_layout(site.seed, section)
    return first if page <= until else after  # without a switch, after is first


def _image(site: ReplicaSite, lang: str, i: int) -> str:
    return f"/upload/media/news/{mix(site.seed, 'cover', lang, i) % 10**8}.jpg"


def listing(site: ReplicaSite, lang: str, section: str, page: int) -> ListingView:
    """Page `page` (from 1) of a section listing, newest first; empty past the end."""
    from archiver.replica import traps
    from archiver.replica.content import PAGE_SIZE, PRINT_QUERY

    total = site.count(section)
    pages = -(-total // PAGE_SIZE)
    cards: list[Card] = []
    for rank in range((page - 1) * PAGE_SIZE, min(page * PAGE_SIZE, total)):
        i = site.nth(section, total - 1 - rank)
        item = site.item(lang, i, body=False)
        cards.append(Card(item.path, item.title, item.card_date, _image(site, lang, i)))
        if item.dup_path:
            cards.append(Card(item.dup_path, item.title, item.card_date, _image(site, lang, i)))
    if section == "events" and page == 1 and cards:
        cards[0].print_path = cards[0].path + PRINT_QUERY
        if site.hostile and lang == "ru":
            special = cp1251_item()
            for kind, path in HOSTILE_PATHS.items():
                title = special.title if kind == "cp1251" else HOSTILE_TITLES[kind]
                cards.append(Card(path, title, special.card_date, f"/upload/media/news/{kind}.jpg"))
        if site.redirects and lang == "ru":
            cards += traps.redirect_cards()
    if page == 1:
        cards[:0] = [Card(v.path, v.card_title, v.card_date, "/upload/media/news/verbatim.jpg")
                     for v in site.verbatim if v.lang == lang and v.section == section]
    layout = layout_of(site, section, page)
    if page > pages and site.pagination == "repeat" and pages:  # the last page, over and over
        return ListingView(lang, section, page, page + 1, listing(site, lang, section, pages).cards, layout)
    if page > pages and site.pagination == "endless":
        return ListingView(lang, section, page, page + 1, traps.endless_cards(lang, section, page), layout)
    return ListingView(lang, section, page, pages, cards, layout)


def sidebar(site: ReplicaSite, lang: str, exclude: int | None) -> list[SidebarItem]:
    """Other articles with their own dates: the newest legal acts under their rubric, alternating with
    the newest news under their own title."""
    key = ("sidebar", lang, site.articles, site.edit_round, site.duplicates)
    picks = site.memo.get(key)
    if picks is None:
        picks = []
        for section, size in (("legal_acts", SIDEBAR_ACTS), ("events", SIDEBAR_NEWS)):
            total = site.count(section)
            for k in range(total - 1, max(total - 2 - size, -1), -1):  # one spare, for `exclude`
                i = site.nth(section, k)
                item = site.item(lang, i, body=False)
                rubric = FAMILY_LABELS[site.event(i).family][lang] if section == "legal_acts" else None
                picks.append((section, i, SidebarItem(rubric, Card(item.path, item.title, item.card_date,
                                                                   _thumb(site, lang, i)))))
        if len(site.memo) > 256:
            site.memo.clear()
        site.memo[key] = picks
    chosen: dict[str, list[SidebarItem]] = {"legal_acts": [], "events": []}
    for section, i, entry in picks:
        if i != exclude and len(chosen[section]) < (SIDEBAR_ACTS if section == "legal_acts" else SIDEBAR_NEWS):
            chosen[section].append(entry)
    acts, news = chosen["legal_acts"], chosen["events"]
    mixed = [entry for pair in zip(acts, news) for entry in pair]
    return mixed + acts[len(news):] + news[len(acts):]


def _thumb(site: ReplicaSite, lang: str, i: int) -> str:
    return f"/assets/media/{mix(site.seed, 'thumb', lang, i) % 10**8:x}_mediumThumb.png"
