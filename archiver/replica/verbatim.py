"""Real pages served as they are: the replica's way to put a page of the live site, kept whole as a
test fixture (tests/fixtures/real/), through a crawl.

A `Verbatim` page is served byte for byte at its path and listed first on page 1 of its section's
listing in its language, with the card (title, date) the caller gives: the listing card is the
replica's, since the real page's own listing was not kept. Nothing else of the replica changes, and
its ground truth (ReplicaSite.expected) does not include these pages: the caller knows their truth.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verbatim:
    path: str  # where the replica serves it, e.g. /kz/memleket-...-555737
    body: bytes  # the page, exactly as kept
    lang: str  # the site's language segment: kz, ru or en
    section: str  # the listing that links it, e.g. "speeches"
    card_title: str
    card_date: str | None  # the card's h5, as the site would write it


def by_path(pages: tuple[Verbatim, ...]) -> dict[str, Verbatim]:
    return {page.path: page for page in pages}


__all__ = ["Verbatim", "by_path"]
