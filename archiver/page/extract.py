"""Page -> fields: pure functions over the HTML of akorda.kz pages (no Scrapy here).

Pages are parsed as a browser parses them: by an HTML5 parser (Lexbor, through selectolax), so that the
tree read here is the page a reader of the site sees, whatever libxml2 would have repaired (see
archiver.page.selectors, which holds every selector with its seen/guess note). Bytes are read in the
charset archiver.page.charset decides from the evidence; a page cut short, nested past what a browser
builds, or in an unreadable charset raises ExtractionError with its reason.

Dates: an article's date comes from its own date line (date_source "page"), else from the listing card
it was found on ("listing"), else None. Never from the sidebar (other articles' dates) nor from the body
text: both are outside the selectors by construction.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver.errors import ExtractionError
from archiver.page import selectors as S
from archiver.page.charset import decode
from archiver.page.dates import normalize_date
from archiver.page.items import Article
from archiver.page.language import SAMPLE_CHARS, text_lang
from archiver.page.listing import Listing, ListingEntry, extract_listing
from archiver.page.tree import REPLACEMENT, Page, depth_of, parse, text_of
from archiver.page.urls import canonical_url, lang_of, path_of, site_id_of

_HTML_LANGS = {"kz": "kk", "kk": "kk", "ru": "ru", "en": "en"}

# The path of a link as urlsplit gives it (scheme and host, if any, then up to ? or #), without
# urlsplit's cost: every article page has a language switcher.
_HREF_PATH = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?://[^/?#]*)?([^?#]*)")


def _strip_site_name(title: str) -> str:
    for separator in S.TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and tail.strip() in S.SITE_NAMES:
            return head.strip()
    return title


def _body(paragraphs: list[LexborNode]) -> str:
    texts = (text_of(p) for p in paragraphs)
    return "\n\n".join(t for t in texts if t)


def _line_breaks_as_spaces(scope: LexborNode) -> None:
    for br in scope.css("br"):
        br.replace_with(" ")


def extract_article(html: str | bytes, url: str, listing: ListingEntry | None = None,
                    encoding: str | None = None) -> Article:
    """The Article of an article page; ExtractionError("truncated"|"not-article"|"no-title"|"no-body"|
    "too-deep"|"charset"). `encoding`: the charset the HTTP response declared, if any.
    Bytes said to be UTF-8 are read so without checking them first; where that gave a U+FFFD, the
    page is read again in the charset the evidence says (archiver.page.charset)."""
    article = _article(parse(html, encoding, trust_utf8=True), url, listing)
    if isinstance(html, bytes) and (REPLACEMENT in article.title or REPLACEMENT in article.body):
        article = _article(parse(html, encoding), url, listing)
    return article


def _article(page: Page, url: str, listing: ListingEntry | None) -> Article:
    tree = page.tree
    content = tree.css_first(S.CONTENT_COLUMN)
    if content is None:
        raise ExtractionError("not-article", "no content column")
    if depth_of(content) > S.MAX_DEPTH:
        raise ExtractionError("too-deep", "the content column nests deeper than a browser reads")
    older = content.css_first(S.OLD_ITEM)
    if older is not None:
        title_el, date_el, category_el = older.css_first(S.OLD_TITLE), older.css_first(S.OLD_DATE), None
        scope = older
    elif content.css_first(S.ARTICLE_BODY) is not None:
        title_el, date_el = content.css_first(S.ARTICLE_TITLE), content.css_first(S.ARTICLE_DATE)
        category_el, scope = content.css_first(S.ARTICLE_CATEGORY), content
    else:
        raise ExtractionError("not-article", "no article body in the content column")
    _line_breaks_as_spaces(scope)
    paragraphs = scope.css(S.OLD_PARAGRAPHS if older is not None else S.ARTICLE_PARAGRAPHS)
    title = text_of(title_el) or _strip_site_name(text_of(tree.css_first(S.PAGE_TITLE)))
    if not title:
        raise ExtractionError("no-title", "no title")
    body = _body(paragraphs)
    if not body:
        raise ExtractionError("no-body", "no body paragraphs")
    root = tree.root
    lang = lang_of(url) or _HTML_LANGS.get(((root.attributes.get("lang") if root else None) or "")
                                           .strip().lower())
    date_raw, published, source = _date(text_of(date_el), listing, lang)
    written_in = text_lang(f"{title}\n{body[:SAMPLE_CHARS]}")  # text_lang reads no further
    return Article(
        url=canonical_url(url), lang=lang or "", site_id=site_id_of(url), title=title,
        date_raw=date_raw, published=published, date_source=source,
        category=text_of(category_el) or (listing.category if listing else None),
        body=body, section=listing.section if listing else None, text_lang=written_in,
        work_id=_work_id(tree, url, lang, written_in), charset_note=page.charset.contradiction,
    )


def _work_id(tree: LexborHTMLParser, url: str, lang: str | None, written_in: str | None) -> str | None:
    """The id translations share: a current-layout page, written in its own language, whose language
    switcher links the same slug-id path under the other languages."""
    path = path_of(url)
    if not (lang and written_in == lang and S.CURRENT_ARTICLE_PATH.match(path)):
        return None
    rest = path.split("/", 2)[2]
    header = tree.css_first(S.HEADER)
    links = header.css(S.LANG_SWITCHER) if header is not None else []
    linked = {_HREF_PATH.match((a.attributes.get("href") or "").strip()).group(1).rstrip("/")
              for a in links}
    others = {f"/{code}/{rest}" for code in ("kz", "ru", "en")} - {path}
    return site_id_of(url) if others <= linked else None


def _date(page_line: str, listing: ListingEntry | None,
          lang: str | None) -> tuple[str | None, str | None, str | None]:
    """(date_raw, published, date_source): the page's own date line first, then the listing card's."""
    candidates = [(page_line, "page"), ((listing.date_raw or "").strip() if listing else "", "listing")]
    present = [(raw, source) for raw, source in candidates if raw]
    for raw, source in present:
        published = normalize_date(raw, lang)
        if published:
            return raw, published, source
    return (present[0][0], None, present[0][1]) if present else (None, None, None)


__all__ = ["Listing", "ListingEntry", "Page", "decode", "extract_article", "extract_listing", "parse",
           "text_of"]
