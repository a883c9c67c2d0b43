"""Listing page -> the article links it shows, with each card's title and date, and the next page.

Links are looked for in the content column (selectors.CONTENT_COLUMN); when it is missing or holds no
article link, over the whole page except its furniture (header, menus, sidebar, footer: selectors.
PAGE_FURNITURE). Which of the two found them is `Listing.strategy`. Both read the HTML5 tree, where the
real page's unclosed header div is closed at </nav> as a browser closes it (archiver.page.tree).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, urljoin, urlsplit

from selectolax.lexbor import LexborNode

from archiver.errors import ExtractionError
from archiver.page import selectors as S
from archiver.page.tree import REPLACEMENT, Page, parse, text_of
from archiver.page.urls import HOST_ALIASES


@dataclass
class ListingEntry:
    url: str  # absolute, as linked
    title: str | None
    date_raw: str | None  # the card's date line, exactly
    section: str  # listing path without the language, e.g. "events/astana_kazakhstan/working_trips"
    category: str | None  # the section's label in the page's language, e.g. "Жұмыс сапарлары"


@dataclass
class Listing:
    entries: list[ListingEntry]
    next_page: str | None  # absolute URL of the next listing page, or None
    strategy: str = S.STRATEGY_COLUMN  # where the links were looked for: the content column, or the page
    label: str | None = None  # the section's name on the page (LISTING_LABEL)
    paginated: bool = False  # a pagination block or a ?page= link to this listing was found
    charset_note: str | None = None  # what the page's bytes said against its declared charset

    @property
    def recognised(self) -> bool:
        """The page is recognisably a listing page (its label or pagination found), even if empty."""
        return bool(self.entries or self.label or self.paginated)


_split = lru_cache(maxsize=64)(urlsplit)


def _article_url(href: str, base: str, listing_path: str) -> str | None:
    """The absolute URL of an article link, or None for anything else (nav, pagination, offsite)."""
    href = href.strip()
    origin = _split(base)
    if href.startswith("/") and not href.startswith("//"):  # the common case, without urljoin's cost
        url = f"{origin.scheme}://{origin.netloc}{href}".split("#", 1)[0]
        path = url[len(origin.scheme) + 3 + len(origin.netloc):].split("?", 1)[0].rstrip("/")
        return url if _is_article_path(path, listing_path) else None
    url = urljoin(base, href).split("#", 1)[0]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    if parts.netloc != origin.netloc:
        if parts.hostname not in HOST_ALIASES:
            return None
        url = f"{origin.scheme}://{origin.netloc}{url[len(parts.scheme) + 3 + len(parts.netloc):]}"
    return url if _is_article_path(parts.path.rstrip("/"), listing_path) else None


def _is_article_path(path: str, listing_path: str) -> bool:
    if S.NOT_ARTICLE_PATH.search(path):
        return False
    if S.CURRENT_ARTICLE_PATH.match(path):
        return True
    rest = path[len(listing_path) + 1:] if path.startswith(listing_path + "/") else ""
    return bool(rest) and "/" not in rest


def _ancestors(node: LexborNode | None, stop: LexborNode) -> list[LexborNode]:
    """The node and its ancestors up to `stop` (included); ExtractionError past selectors.MAX_DEPTH.
    (Nodes are told apart by mem_id: LexborNode's == serialises both nodes, ~160 us.)"""
    chain, end = [], stop.mem_id
    while node is not None:
        chain.append(node)
        if node.mem_id == end:
            break
        if len(chain) > S.MAX_DEPTH:
            raise ExtractionError("too-deep", "a link nests deeper than a browser reads")
        node = node.parent
    return chain


def extract_listing(html: str | bytes, url: str, encoding: str | None = None) -> Listing:
    """Article links of a listing page (in page order) with their card's title and date, and the next page.

    A link's date is the first date element (CARD_DATE) of the smallest block around it that holds no
    link to another article: the card, whatever its class. `encoding`: the charset the HTTP response
    declared, if any.
    """
    listing = _listing(parse(html, encoding, trust_utf8=True), url)
    read = [listing.label or ""] + [f"{e.title}{e.date_raw}{e.category}" for e in listing.entries]
    if isinstance(html, bytes) and REPLACEMENT in "".join(read):  # see extract_article
        listing = _listing(parse(html, encoding), url)
    return listing


def _listing(page: Page, url: str) -> Listing:
    tree = page.tree
    listing_path = urlsplit(url).path.rstrip("/")
    segments = listing_path.strip("/").split("/", 1)
    section = segments[1] if len(segments) > 1 else ""
    content = tree.css_first(S.CONTENT_COLUMN)
    listing = None
    if content is not None:
        listing = _listing_in(content, url, listing_path, section, S.STRATEGY_COLUMN, frozenset())
    if (listing is None or not listing.entries) and tree.body is not None:
        furniture = frozenset(n.mem_id for n in tree.body.css(S.PAGE_FURNITURE))
        scanned = _listing_in(tree.body, url, listing_path, section, S.STRATEGY_SCAN, furniture)
        if scanned.entries or listing is None:
            listing = scanned
    listing = listing or Listing([], None)
    listing.charset_note = page.charset.contradiction
    return listing


def _outside(chain: list[LexborNode], furniture: frozenset[int]) -> bool:
    return not furniture or not any(n.mem_id in furniture for n in chain)


def _listing_in(scope: LexborNode, url: str, listing_path: str, section: str, strategy: str,
                furniture: frozenset[int]) -> Listing:
    anchors = []  # (anchor, its ancestors up to scope, absolute URL)
    articles_under: dict[int, set[str]] = {}  # by mem_id
    for anchor in scope.css(S.LISTING_LINKS):
        article = _article_url(anchor.attributes.get("href") or "", url, listing_path)
        if article is None:
            continue
        chain = _ancestors(anchor, scope)
        if _outside(chain, furniture):
            anchors.append((anchor, chain, article))
            path = urlsplit(article).path
            for node in chain[1:]:
                articles_under.setdefault(node.mem_id, set()).add(path)
    date_under: dict[int, str] = {}
    for element in scope.css(S.CARD_DATE):
        text = text_of(element)
        chain = _ancestors(element, scope)
        if text and _outside(chain, furniture):
            for node in chain[1:]:
                date_under.setdefault(node.mem_id, text)
    found: dict[str, dict] = {}
    for anchor, chain, article in anchors:
        entry = found.setdefault(article, {"heading": None, "texts": [], "date": None})
        text = text_of(anchor)
        parent = chain[1] if len(chain) > 1 else None
        if text and parent is not None and parent.tag in S.HEADINGS:
            entry["heading"] = entry["heading"] or text
        elif text:
            entry["texts"].append(text)
        for node in chain[1:]:
            if len(articles_under.get(node.mem_id, ())) > 1 or entry["date"]:
                break
            entry["date"] = date_under.get(node.mem_id)
    labels = [el for el in scope.css(S.LISTING_LABEL) if _outside(_ancestors(el, scope), furniture)]
    category = text_of(labels[0]) if labels else None
    entries = [ListingEntry(url=u, title=e["heading"] or max(e["texts"], key=len, default=None),
                            date_raw=e["date"], section=section, category=category or None)
               for u, e in found.items()]
    next_page = _next_page(scope, url, listing_path)
    paginated = next_page is not None or any(
        _outside(_ancestors(el, scope), furniture) for el in scope.css(S.PAGINATION))
    return Listing(entries, next_page if entries else None, strategy, category or None, paginated)


def _next_page(scope: LexborNode, url: str, listing_path: str) -> str | None:
    link = scope.css_first(S.NEXT_PAGE)
    if link is not None and link.attributes.get("href"):
        return urljoin(url, link.attributes["href"].strip())
    current = parse_qs(urlsplit(url).query).get(S.PAGE_PARAMETER, ["1"])[0]
    wanted = str(int(current) + 1) if current.isdigit() else "2"
    for anchor in scope.css(S.LISTING_LINKS):
        href = anchor.attributes.get("href") or ""
        target = urlsplit(urljoin(url, href))
        if target.path.rstrip("/") == listing_path and parse_qs(target.query).get(S.PAGE_PARAMETER) == [wanted]:
            return urljoin(url, href)
    return None


__all__ = ["Listing", "ListingEntry", "extract_listing"]
