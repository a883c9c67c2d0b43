"""Listing pages and the sidebar, computed from the content model without generating any body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from archiver.replica.generate import mix
from archiver.replica.hostile import HOSTILE_PATHS, HOSTILE_TITLES, cp1251_item
from archiver.replica.texts import FAMILY_LABELS

if TYPE_CHECKING:
    from archiver.replica.content import ReplicaSite

SIDEBAR_ACTS = 4  # newest legal acts in the right sidebar, grouped under "Заңдар", "Жарлықтар"
SIDEBAR_NEWS = 3
LATEST_NEWS = {"kz": "Соңғы жаңалықтар", "ru": "Последние новости", "en": "Latest news"}


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

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


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
    if page > pages and site.pagination == "repeat" and pages:  # the last page, over and over
        return ListingView(lang, section, page, page + 1, listing(site, lang, section, pages).cards)
    if page > pages and site.pagination == "endless":
        return ListingView(lang, section, page, page + 1, traps.endless_cards(lang, section, page))
    return ListingView(lang, section, page, pages, cards)


def sidebar(site: ReplicaSite, lang: str, exclude: int | None) -> list[tuple[str, list[Card]]]:
    """Blocks of other articles with their own dates: the newest legal acts, the latest news."""
    key = ("sidebar", lang, site.articles, site.edit_round, site.duplicates)
    picks = site.memo.get(key)
    if picks is None:
        picks = []
        for section, size in (("legal_acts", SIDEBAR_ACTS), ("events", SIDEBAR_NEWS)):
            total = site.count(section)
            for k in range(total - 1, max(total - 2 - size, -1), -1):  # one spare, for `exclude`
                i = site.nth(section, k)
                item = site.item(lang, i, body=False)
                heading = (FAMILY_LABELS[site.event(i).family][lang] if section == "legal_acts"
                           else LATEST_NEWS[lang])
                picks.append((section, heading, i, Card(item.path, item.title, item.card_date,
                                                        _image(site, lang, i))))
        if len(site.memo) > 256:
            site.memo.clear()
        site.memo[key] = picks
    blocks: dict[str, list[Card]] = {}
    taken = {"legal_acts": 0, "events": 0}
    for section, heading, i, card in picks:
        if i != exclude and taken[section] < (SIDEBAR_ACTS if section == "legal_acts" else SIDEBAR_NEWS):
            blocks.setdefault(heading, []).append(card)
            taken[section] += 1
    return list(blocks.items())
