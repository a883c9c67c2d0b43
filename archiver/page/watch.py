"""Pages a revisit reads besides articles (issue 19): the site's official static pages, and the signs
that an article URL now serves something else. Pure: HTML and URL in, plain data out.

The static pages are the menu's (SITE.md, seen on a real 2026 page): their markup is unknown, and is
read like an article page's (archiver.page.selectors, DOCUMENT_*: guesses).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from archiver.errors import ExtractionError
from archiver.page import selectors as S
from archiver.page.tree import parse, text_of
from archiver.page.urls import SECTIONS, canonical_url, path_of

# The menu's static pages below /{lang}/ (SITE.md, seen; "stucture" is the site's spelling).
DOCUMENT_PATHS = (
    "republic_of_kazakhstan/kazakhstan", "republic_of_kazakhstan/astana", "republic_of_kazakhstan/akorda",
    "president/president", "president/elbasy",
    "official_documents/constitution", "official_documents/strategies_and_programs",
    "official_documents/constitutional_laws",
    "state_symbols/about_state_symbols", "state_symbols/kazakhstan_flag",
    "state_symbols/kazakhstan_emblem", "state_symbols/kazakhstan_anthem",
    "executive_office/about_executive_office", "executive_office/executive_office_stucture",
    "executive_office/presidential_commissions", "executive_office/presidential_councils",
    "executive_office/schedule", "executive_office/ethics_commissioner",
    "executive_office/press_office", "executive_office/contacts",
    "secretary_of_state/about_secretary_of_state",
    "security_council/about", "security_council/national_security",
)


@dataclass
class Document:
    url: str  # canonical
    path: str  # below /{lang}/, e.g. "official_documents/constitution"
    title: str | None
    body: str


def extract_document(html: str | bytes, url: str, encoding: str | None = None) -> Document:
    """Title and body text of an official page; ExtractionError("not-document"|"no-body") otherwise."""
    tree = parse(html, encoding).tree
    content = tree.css_first(S.CONTENT_COLUMN)
    if content is None:
        raise ExtractionError("not-document", "no content column")
    paragraphs = content.css(S.DOCUMENT_PARAGRAPHS) or content.css(S.DOCUMENT_PARAGRAPHS_ANY)
    body = "\n\n".join(t for t in (text_of(p) for p in paragraphs) if t)
    if not body:
        raise ExtractionError("no-body", "no body paragraphs")
    path = path_of(url)
    return Document(canonical_url(url), path.split("/", 2)[2] if path.count("/") >= 2 else path,
                    text_of(content.css_first(S.DOCUMENT_TITLE)) or None, body)


def is_listing_path(url: str) -> bool:
    """The home page, a language's front page, or a section listing (what a removed article redirects to)."""
    parts = urlsplit(url).path.strip("/").split("/", 1)
    return parts == [""] or len(parts) == 1 or parts[1].strip("/") in SECTIONS


def redirect_gone(fetch_url: str, location: str) -> bool:
    return is_listing_path(urljoin(fetch_url, location))


def other_article(html: bytes, url: str, encoding: str | None = None) -> str | None:
    """The path of the article a current-layout URL serves instead of its own, when its language
    switcher links another slug-id path (SITE.md: the switcher links the page's own path in each
    language), else None."""
    path = path_of(url)
    if not S.CURRENT_ARTICLE_PATH.match(path):
        return None
    try:
        tree = parse(html, encoding, trust_utf8=True).tree
    except ExtractionError:
        return None
    header = tree.css_first(S.HEADER)
    links = [path_of(a.attributes.get("href") or "") for a in header.css(S.LANG_SWITCHER)] \
        if header is not None else []
    rest = path.split("/", 2)[2]
    served = {link.split("/", 2)[2] for link in links if link.count("/") >= 2}
    return None if not served or rest in served else "/" + sorted(served)[0]
