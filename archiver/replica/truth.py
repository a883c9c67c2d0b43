"""Ground truth: the Article fields the archive must hold for what the replica serves.

Derived from the content model (never from archiver.page.extract), so that end-to-end tests compare the
archive with what the site *is*, not with what the extractor reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from archiver.page.urls import SITE_LANGS, canonical_url, path_of, site_id_of

from archiver.replica.generate import Item
from archiver.replica.listings import listing
from archiver.replica.texts import LANGS, SECTION_BY_PATH

if TYPE_CHECKING:
    from archiver.replica.content import ReplicaSite

CURRENT_PATH = re.compile(r"^/(?:kz|ru|en)/[^/]+-\d{4,}$")  # the current URL family: /{lang}/{slug}-{id}


def _clean(text: str) -> str:
    return " ".join(text.split())


def article_fields(item: Item, path: str | None = None) -> dict:
    """The Article (as a dict) of an item, reached through its listing; `path` for a second URL."""
    url = canonical_url(path or item.path)
    date_raw = item.page_date or item.card_date
    return {
        "url": url,
        "lang": SITE_LANGS[item.lang],
        "site_id": site_id_of(url),
        "title": _clean(item.title),
        "date_raw": date_raw,
        "published": item.day.isoformat() if date_raw and item.day else None,
        "date_source": "page" if item.page_date else "listing" if item.card_date else None,
        "category": item.label or item.section_label,
        "body": "\n\n".join(_clean(text) for kind, text in item.paragraphs if kind in ("p", "h")),
        "section": item.section,
        "text_lang": SITE_LANGS[item.shown or item.lang],
        # every current-layout page links its slug-id path under the other languages
        "work_id": site_id_of(url) if CURRENT_PATH.match(path_of(url)) and not item.shown else None,
    }


def expected(site: ReplicaSite) -> Iterator[dict]:
    """Every article the listings link, once per canonical URL (second URLs, and translation paths
    that show the Kazakh text: see duplicates)."""
    for lang in LANGS:
        for i in range(site.articles):
            if not site.shows_kazakh(lang, i):
                yield article_fields(site.item(lang, i))
    if site.hostile:
        yield article_fields(site.special_item())


def duplicates(site: ReplicaSite) -> Iterator[tuple[dict, dict]]:
    """(the article, the same text under another URL) for every duplicated article, and for every
    missing translation served in Kazakh (its text is the Kazakh article's)."""
    for lang in LANGS:
        for i in range(site.articles):
            if site.is_duplicated(lang, i) and site.duplicates:
                item = site.item(lang, i)
                original = site.item("kz", i) if site.shows_kazakh(lang, i) else item
                yield article_fields(original), article_fields(item, item.dup_path)
            if site.shows_kazakh(lang, i):
                yield article_fields(site.item("kz", i)), article_fields(site.item(lang, i))


def translations(site: ReplicaSite) -> set[frozenset[str]]:
    """Pairs of canonical URLs that are one article in two languages: the same slug-id path, each
    page in its own language."""
    pairs = set()
    for i in range(site.articles):
        urls = [canonical_url(site.path_of(lang, i)) for lang in LANGS
                if site.shares_path(lang, i) and not site.shows_kazakh(lang, i)]
        pairs |= {frozenset((a, b)) for a in urls for b in urls if a < b}
    return pairs


def language_mismatches(site: ReplicaSite) -> dict[str, tuple[str, str]]:
    """Canonical URL -> (the URL's language, the text's language) of pages in another language."""
    return {canonical_url(site.path_of(lang, i)): (SITE_LANGS[lang], "kk")
            for lang in LANGS for i in range(site.articles) if site.shows_kazakh(lang, i)}


def edited(site: ReplicaSite, lang: str | None = None) -> list[str]:
    """Canonical URLs of the articles whose title or body this edit round changes."""
    return [canonical_url(site.path_of(code, i)) for code in (LANGS if lang is None else (lang,))
            for i in range(site.articles) if site.is_edited(code, i)]


def listing_entries(site: ReplicaSite, lang: str, section: str, page: int, base: str) -> dict:
    """What extract_listing must find on a listing page: entries (as dicts) and the next page URL."""
    view = listing(site, lang, section, page)
    category = SECTION_BY_PATH[section].label(lang)
    entries = []
    for card in view.cards:
        entries.append({"url": base + card.path, "title": card.title, "date_raw": card.date,
                        "section": section, "category": category})
        if card.print_path:
            entries.append({"url": base + card.print_path, "title": None, "date_raw": card.date,
                            "section": section, "category": category})
    next_page = f"{base}/{lang}/{section}?page={page + 1}" if view.has_next else None
    return {"entries": entries, "next_page": next_page}
