"""Page -> fields: pure functions over the HTML of akorda.kz pages (no Scrapy here).

Every selector of the site is a named constant below, grouped by page kind. SITE.md says which are seen
(the content column, the h2 title, the article body, the sidebar) and which are guesses (the category and
date lines, the older layout, the listing cards): when the real site shows otherwise, change them here.

Dates: an article's date comes from its own date line (date_source "page"), else from the listing card
it was found on ("listing"), else None. Never from the sidebar (other articles' dates) nor from the body
text: both are outside the selectors below by construction.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree

from archiver.page.dates import normalize_date
from archiver.errors import ExtractionError
from archiver.page.items import Article
from archiver.page.language import text_lang
from archiver.page.urls import HOST_ALIASES, canonical_url, lang_of, path_of, site_id_of


def _class(name: str) -> str:
    """The element has class `name` (the cheap substring test first prunes most elements)."""
    return f"contains(@class, '{name}') and contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# -- every page ---------------------------------------------------------------------------------------
CONTENT_COLUMN = f"(//div[{_class('col-lg-8')}])[1]"  # inside section#main_block (nested twice)
PAGE_TITLE = "/html/head/title"  # a direct path: "//head" would walk the whole ~60 KB page
HTML_LANG = "/html/@lang"
END_MARKERS = ("</html>", "</body>")  # a complete page ends with one of these...
FOOTER_MARKER = "<footer"  # ...and has its footer
END_WINDOW = 2048  # characters at the end of the page searched for END_MARKERS
SITE_NAMES = (  # the <title> suffix "{title} — {site name}"
    "Қазақстан Республикасы Президентінің ресми сайты",
    "Официальный сайт Президента Республики Казахстан",
    "Official website of the President of the Republic of Kazakhstan",
)
TITLE_SEPARATORS = (" — ", " – ", " - ", " | ")

# -- article, current layout (paths relative to the content column) -----------------------------------
ARTICLE_BODY = ".//article"  # div.mt-5 > article
ARTICLE_PARAGRAPHS = ".//article//p"
ARTICLE_TITLE = "(.//h2)[1]"
ARTICLE_CATEGORY = f"(.//div[{_class('news_category')}])[1]"  # guess: the label line before the title
ARTICLE_DATE = f"(.//p[{_class('date_main_block')}])[1]"  # guess: the date line after the title

# seen: a.lang_unactive links (the current one lang_active too) in the mobile and desktop headers, absolute
# links on akorda.kz
LANG_SWITCHER = f".//a[{_class('lang_unactive')}]/@href"

# -- article, older layout (2006-2017 pages: date before the title, section only in the URL) ------------
OLD_ITEM = f"(.//div[{_class('event_item')}])[1]"
OLD_TITLE = "(.//h2)[1]"
OLD_DATE = f"(.//p[{_class('event_date')}])[1]"
OLD_PARAGRAPHS = f".//div[{_class('event_text')}]//p"

# -- listing (paths relative to the content column) ---------------------------------------------------
LISTING_LABEL = ".//h1"  # the section's name above the cards (the first one outside page furniture)
LISTING_LINKS = ".//a[@href]"
CARD_DATE = ".//h5"  # reported: the card's date in h5
PAGINATION = f".//ul[{_class('pagination')}] | .//nav[{_class('pagination_block')}]"  # guess
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Article URLs: the current family /{lang}/{slug}-{id}; older ones sit one level under the listing path.
CURRENT_ARTICLE_PATH = re.compile(r"^/(?:kz|ru|en)/[^/]+-\d{4,}$")
# Paths that look like articles and are not: the asset-declarations page linked from the menu.
NOT_ARTICLE_PATH = re.compile(r"/deklarac")
# Fallback when the content column is missing or holds no article link (the listing markup is only
# reported): scan the whole body except these page furniture blocks.
PAGE_FURNITURE = ("//header | //nav | //footer | //section[@id='category_block'] "
                  f"| //a[{_class('lang_unactive')}] | //div[{_class('col-4')}] "
                  f"| //div[{_class('sidebar')}] | //aside")
STRATEGY_COLUMN, STRATEGY_SCAN = "content-column", "page-scan"

# -- pagination -----------------------------------------------------------------------------------------
NEXT_PAGE = ".//a[@rel='next']/@href"
PAGE_PARAMETER = "page"

_xp = {name: etree.XPath(expr) for name, expr in {
    "content": CONTENT_COLUMN, "page_title": PAGE_TITLE, "html_lang": HTML_LANG,
    "body": ARTICLE_BODY, "paragraphs": ARTICLE_PARAGRAPHS, "title": ARTICLE_TITLE,
    "category": ARTICLE_CATEGORY, "date": ARTICLE_DATE, "old_item": OLD_ITEM, "old_title": OLD_TITLE,
    "old_date": OLD_DATE, "old_paragraphs": OLD_PARAGRAPHS, "label": LISTING_LABEL,
    "links": LISTING_LINKS, "card_date": CARD_DATE, "next": NEXT_PAGE, "brs": ".//br",
    "pagination": PAGINATION, "furniture": PAGE_FURNITURE, "body_el": "//body",
    "switcher": "(//header)[1]" + LANG_SWITCHER[1:],  # seen in the page header
}.items()}
_PARSERS: dict[str | None, etree.HTMLParser] = {}
_ASCII_COMPATIBLE = frozenset({"utf-8", "cp1251", "koi8-r", "iso8859-1", "iso8859-5", "cp1252", "ascii"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_LANGS = {"kz": "kk", "kk": "kk", "ru": "ru", "en": "en"}


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
    strategy: str = STRATEGY_COLUMN  # where the links were looked for: the content column, or the page
    label: str | None = None  # the section's name on the page (LISTING_LABEL)
    paginated: bool = False  # a pagination block or a ?page= link to this listing was found

    @property
    def recognised(self) -> bool:
        """The page is recognisably a listing page (its label or pagination found), even if empty."""
        return bool(self.entries or self.label or self.paginated)


def _text(element: etree._Element | None) -> str:
    """The element's text with whitespace runs (and &nbsp;) collapsed to single spaces."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _first(name: str, node: etree._Element) -> etree._Element | None:
    found = _xp[name](node)
    return found[0] if found else None


def _encoding(data: bytes, declared: str | None = None) -> str:
    """The charset of HTML bytes: BOM, else the one the response `declared` (HTTP Content-Type), else
    <meta charset>, else UTF-8 (the order of the HTML standard)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"
    for name in (declared, _meta_charset(data)):
        if name:
            try:
                return codecs.lookup(name).name
            except LookupError:
                pass
    return "utf-8"


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data, 0, 4096)
    return match.group(1).decode("ascii") if match else None


def decode(data: str | bytes, encoding: str | None = None) -> str:
    """HTML text: bytes are decoded by their BOM, the declared `encoding` or <meta charset>, else as
    UTF-8."""
    if isinstance(data, str):
        return data
    return data.decode(_encoding(data, encoding), "replace").lstrip("\ufeff")


def _parser(encoding: str | None) -> etree.HTMLParser:
    if encoding not in _PARSERS:
        # collect_ids=False: no table of id attributes (nothing here asks for an element by its id
        # through XPath's id(); `@id` predicates read the attribute): 4% of the parse.
        _PARSERS[encoding] = etree.HTMLParser(encoding=encoding, remove_comments=True, no_network=True,
                                              collect_ids=False)
    return _PARSERS[encoding]


def _parse(data: str | bytes, declared: str | None = None) -> etree._Element:
    """The parsed page (plain lxml elements, the fastest tree); ExtractionError if it is cut short.
    Bytes are parsed as they are (decoding them first costs a tenth of the parse), in their charset
    (see _encoding; `declared`: the response's)."""
    if isinstance(data, bytes):
        encoding = _encoding(data, declared)
        if encoding not in _ASCII_COMPATIBLE:  # UTF-16 and the like: work on text
            return _parse(decode(data, encoding))
        tail, has_footer = data[-END_WINDOW:].lower(), data.rfind(FOOTER_MARKER.encode()) >= 0
        complete = any(marker.encode() in tail for marker in END_MARKERS)
        parser = _parser(encoding)
    else:
        tail, has_footer = data[-END_WINDOW:].lower(), data.rfind(FOOTER_MARKER) >= 0
        complete = any(marker in tail for marker in END_MARKERS)
        parser = _parser(None)
    if not (complete and has_footer):
        raise ExtractionError("truncated", "the page is cut short: no footer or closing tags")
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractionError("not-article", f"unparsable page: {exc}") from None
    if root is None:
        raise ExtractionError("not-article", "empty page")
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        # libxml2 stops building the tree past 256 nested elements: what follows is lost
        raise ExtractionError("too-deep", "the page nests deeper than the HTML parser reads")
    return root


def _strip_site_name(title: str) -> str:
    for separator in TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and tail.strip() in SITE_NAMES:
            return head.strip()
    return title


def _body(paragraphs: list[etree._Element]) -> str:
    texts = (_text(p) for p in paragraphs)
    return "\n\n".join(t for t in texts if t)


def extract_article(html: str | bytes, url: str, listing: ListingEntry | None = None,
                    encoding: str | None = None) -> Article:
    """The Article of an article page; ExtractionError("truncated"|"not-article"|"no-title"|"no-body").
    `encoding`: the charset the HTTP response declared, if any (a BOM still wins)."""
    root = _parse(html, encoding)
    content = _first("content", root)
    if content is None:
        raise ExtractionError("not-article", "no content column")
    older = _first("old_item", content)
    if older is not None:
        title_el, date_el, category_el = _first("old_title", older), _first("old_date", older), None
        paragraphs = _xp["old_paragraphs"](older)
    elif _first("body", content) is not None:
        title_el, date_el = _first("title", content), _first("date", content)
        category_el, paragraphs = _first("category", content), _xp["paragraphs"](content)
    else:
        raise ExtractionError("not-article", "no article body in the content column")
    for br in _xp["brs"](older if older is not None else content):
        br.tail = " " + (br.tail or "")
    title = _text(title_el) or _strip_site_name(_text(_first("page_title", root)))
    if not title:
        raise ExtractionError("no-title", "no title")
    body = _body(paragraphs)
    if not body:
        raise ExtractionError("no-body", "no body paragraphs")
    lang = lang_of(url) or _HTML_LANGS.get("".join(_xp["html_lang"](root)).strip().lower())
    date_raw, published, source = _date(_text(date_el), listing, lang)
    written_in = text_lang(f"{title}\n{body}")
    return Article(
        url=canonical_url(url), lang=lang or "", site_id=site_id_of(url), title=title,
        date_raw=date_raw, published=published, date_source=source,
        category=_text(category_el) or (listing.category if listing else None),
        body=body, section=listing.section if listing else None, text_lang=written_in,
        work_id=_work_id(root, url, lang, written_in),
    )


# The path of a link as urlsplit gives it (scheme and host, if any, then up to ? or #), without
# urlsplit's cost: every article page has a language switcher.
_HREF_PATH = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?://[^/?#]*)?([^?#]*)")


def _work_id(root: etree._Element, url: str, lang: str | None, written_in: str | None) -> str | None:
    """The id translations share: a current-layout page, written in its own language, whose language
    switcher links the same slug-id path under the other languages."""
    path = path_of(url)
    if not (lang and written_in == lang and CURRENT_ARTICLE_PATH.match(path)):
        return None
    rest = path.split("/", 2)[2]
    linked = {_HREF_PATH.match(href.strip()).group(1).rstrip("/") for href in _xp["switcher"](root)}
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


# -- listings ----------------------------------------------------------------------------------------
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
    if NOT_ARTICLE_PATH.search(path):
        return False
    if CURRENT_ARTICLE_PATH.match(path):
        return True
    rest = path[len(listing_path) + 1:] if path.startswith(listing_path + "/") else ""
    return bool(rest) and "/" not in rest


def _ancestors(node: etree._Element, stop: etree._Element):
    while node is not None:
        yield node
        if node is stop:
            return
        node = node.getparent()


def extract_listing(html: str | bytes, url: str, encoding: str | None = None) -> Listing:
    """Article links of a listing page (in page order) with their card's title and date, and the next page.

    Links are looked for in the content column; when it is missing or holds no article link, over the
    whole page except its furniture (header, menus, language switcher, sidebar, footer): the strategy
    is recorded in `Listing.strategy`. A link's date is the first date element (CARD_DATE) of the
    smallest block around it that holds no link to another article: the card, whatever its class.
    `encoding`: as for extract_article.
    """
    root = _parse(html, encoding)
    listing_path = urlsplit(url).path.rstrip("/")
    segments = listing_path.strip("/").split("/", 1)
    section = segments[1] if len(segments) > 1 else ""
    content = _first("content", root)
    listing = None
    if content is not None:
        listing = _listing_in(content, url, listing_path, section, STRATEGY_COLUMN, frozenset())
    if listing is None or not listing.entries:
        body = _first("body_el", root)
        if body is not None:
            furniture = frozenset(_xp["furniture"](root))
            scanned = _listing_in(body, url, listing_path, section, STRATEGY_SCAN, furniture)
            if scanned.entries or listing is None:
                listing = scanned
    return listing or Listing([], None)


def _outside(node: etree._Element, furniture: frozenset, stop: etree._Element) -> bool:
    return not furniture or not any(n in furniture for n in _ancestors(node, stop))


def _listing_in(scope: etree._Element, url: str, listing_path: str, section: str, strategy: str,
                furniture: frozenset) -> Listing:
    anchors = []  # (anchor, absolute URL, path)
    articles_under: dict[etree._Element, set[str]] = {}
    for anchor in _xp["links"](scope):
        article = _article_url(anchor.get("href", ""), url, listing_path)
        if article is not None and _outside(anchor, furniture, scope):
            path = urlsplit(article).path
            anchors.append((anchor, article, path))
            for node in _ancestors(anchor.getparent(), scope):
                articles_under.setdefault(node, set()).add(path)
    date_under: dict[etree._Element, str] = {}
    for element in _xp["card_date"](scope):
        text = _text(element)
        if text and _outside(element, furniture, scope):
            for node in _ancestors(element.getparent(), scope):
                date_under.setdefault(node, text)
    found: dict[str, dict] = {}
    for anchor, article, path in anchors:
        entry = found.setdefault(article, {"heading": None, "texts": [], "date": None})
        text = _text(anchor)
        parent = anchor.getparent()
        if text and parent is not None and parent.tag in HEADINGS:
            entry["heading"] = entry["heading"] or text
        elif text:
            entry["texts"].append(text)
        for node in _ancestors(parent, scope):
            if len(articles_under.get(node, ())) > 1 or entry["date"]:
                break
            entry["date"] = date_under.get(node)
    labels = [el for el in _xp["label"](scope) if _outside(el, furniture, scope)]
    category = _text(labels[0]) if labels else None
    entries = [ListingEntry(url=u, title=e["heading"] or max(e["texts"], key=len, default=None),
                            date_raw=e["date"], section=section, category=category or None)
               for u, e in found.items()]
    next_page = _next_page(scope, url, listing_path)
    paginated = next_page is not None or any(
        _outside(el, furniture, scope) for el in _xp["pagination"](scope))
    return Listing(entries, next_page if entries else None, strategy, category or None, paginated)


def _next_page(content: etree._Element, url: str, listing_path: str) -> str | None:
    links = _xp["next"](content)
    if links:
        return urljoin(url, links[0].strip())
    current = parse_qs(urlsplit(url).query).get(PAGE_PARAMETER, ["1"])[0]
    wanted = str(int(current) + 1) if current.isdigit() else "2"
    for anchor in _xp["links"](content):
        target = urlsplit(urljoin(url, anchor.get("href", "")))
        if target.path.rstrip("/") == listing_path and parse_qs(target.query).get(PAGE_PARAMETER) == [wanted]:
            return urljoin(url, anchor.get("href"))
    return None


__all__ = ["Listing", "ListingEntry", "decode", "extract_article", "extract_listing"]
