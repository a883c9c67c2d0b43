"""First contact with a site: what every selector of archiver.page.extract finds on a few real pages.

    probe(site="https://www.akorda.kz") -> {"pages": [...], "problems": [...]}

Read-only and polite: robots.txt first (obeyed; its Crawl-delay too), then for each language page 1
of every listing section and the first article each listing links, one request at a time with
`delay` seconds between them, identified by the archiver's user agent. Each page gives one record:
its kind, URL, HTTP status, the strategy that found the links (listings) or the layout that held the
article, the links and dates found, and for articles the title, the date and where it came from, the
category and the body. A problem is named wherever a page kind yields nothing: a listing without a
link, or a field that no article of a language has. `save_pages` writes each page with the JSON of
what was extracted, in the layout of tests/fixtures/pages (see README, "When the site changes").

A site that refuses this machine (HTTP 403 or 429 on page 1 of every section, or a failed TLS
handshake) raises RefusedError with the line the crawl reports (archiver.fetch.refusal). Like the
crawl (DOWNLOAD_VERIFY_CERTIFICATES = False), the probe does not verify the site's certificate.
"""

from __future__ import annotations

import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego

from archiver import __version__
from archiver.page import selectors
from archiver.page.dates import normalize_date
from archiver.errors import ExtractionError, RefusedError, UsageError
from archiver.page.extract import ListingEntry, extract_article, extract_listing, parse
from archiver.fetch.refusal import FirstContact, tls_line
from archiver.fetch.settings import ARCHIVE_CONTACT_URL
from archiver.storage import normalize_lang
from archiver.page.urls import ISO_TO_SITE, SECTIONS, listing_url

USER_AGENT = f"akorda-archiver-probe/{__version__} (+{ARCHIVE_CONTACT_URL})"
MAX_BYTES = 10 * 1024 * 1024  # a page larger than this is not read further
DISALLOWED = "disallowed by robots.txt"
ARTICLE_FIELDS = ("title", "date", "category", "body")
MISSING_FIELD = {"no-title": "title", "no-body": "body", "not-article": "body", "truncated": "body"}


@dataclass
class Page:
    kind: str  # "robots", "listing" or "article"
    lang: str | None
    section: str | None
    url: str
    status: int | None = None
    error: str | None = None  # a fetch or extraction failure, in a few words
    found_by: str | None = None  # listing strategy, or article layout
    links: int | None = None  # listings: article links found
    dates: int | None = None  # listings: cards whose date parses
    fields: dict = field(default_factory=dict)  # articles: title/date/date_source/category/body
    body: bytes | None = field(default=None, repr=False)  # the bytes received
    entry: ListingEntry | None = field(default=None, repr=False)  # articles: the card it came from
    missing: str | None = None  # articles the extractor refused: the field it found missing

    def record(self) -> dict:
        return {k: v for k, v in vars(self).items() if k not in ("body", "entry")}


def unverified_tls() -> ssl.SSLContext:
    """TLS without certificate checks, as the crawl's: the site's certificate is reported failing."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class Fetcher:
    """One request at a time, `delay` seconds apart, honouring robots.txt."""

    def __init__(self, site: str, delay: float, timeout: float) -> None:
        self.site, self.delay, self.timeout = site.rstrip("/"), delay, timeout
        self.robots: Protego | None = None
        self.last = 0.0
        self.tls = unverified_tls()

    def get(self, url: str) -> tuple[int | None, bytes, str | None]:
        """(status, body, error) of a GET; never raises for network or HTTP errors, but raises
        RefusedError when the TLS handshake fails (no page of the host can then be fetched)."""
        if self.robots is not None and not self.robots.can_fetch(url, USER_AGENT):
            return None, b"", DISALLOWED
        wait = self.last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=self.tls) as response:
                return response.status, response.read(MAX_BYTES), None
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(MAX_BYTES), f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, ssl.SSLError):
                detail = reason.reason or reason.strerror or str(reason)
                detail = detail.lower().replace("_", " ")
                raise RefusedError(tls_line(urlsplit(url).hostname or url, detail)) from None
            return None, b"", f"cannot fetch: {reason}"
        finally:
            self.last = time.monotonic()

    def read_robots(self) -> Page:
        page = Page("robots", None, None, f"{self.site}/robots.txt")
        page.status, page.body, page.error = self.get(page.url)
        if page.status == 200:
            self.robots = Protego.parse(page.body.decode("utf-8", "replace"))
            crawl_delay = self.robots.crawl_delay(USER_AGENT)
            self.delay = max(self.delay, float(crawl_delay or 0))
            page.found_by = f"{len(page.body.splitlines())} lines"
            page.error = None
        elif page.status is not None and 400 <= page.status < 500:  # RFC 9309: no rules
            page.error, page.found_by = None, f"none ({page.status}): everything allowed"
        elif page.status is not None:  # RFC 9309: a server error means everything is disallowed
            self.robots = Protego.parse("User-agent: *\nDisallow: /\n")
            page.error = f"HTTP {page.status}: robots.txt unavailable, nothing else fetched (RFC 9309)"
        return page


def page_layout(body: bytes) -> str:
    """Which of extract.py's article layouts holds the content (its own selectors, read-only)."""
    try:
        tree = parse(body).tree
    except ExtractionError as exc:
        return exc.reason
    content = tree.css_first(selectors.CONTENT_COLUMN)
    if content is None:
        return "no content column"
    if content.css_first(selectors.OLD_ITEM) is not None:
        return "older layout"
    return "current layout" if content.css_first(selectors.ARTICLE_BODY) is not None else "no article element"


def _listing(fetcher: Fetcher, lang: str, section: str) -> tuple[Page, list[ListingEntry]]:
    page = Page("listing", lang, section, listing_url(fetcher.site, lang, section))
    page.status, page.body, page.error = fetcher.get(page.url)
    if page.status != 200:
        return page, []
    try:
        listing = extract_listing(page.body, page.url)
    except ExtractionError as exc:
        page.error = f"{exc.reason}: {exc}"
        return page, []
    page.found_by = listing.strategy  # "content-column", or "page-scan" when the column is missing
    if not listing.recognised:
        page.found_by += " (not recognised as a listing)"
    page.links = len(listing.entries)
    page.dates = sum(1 for e in listing.entries if e.date_raw and normalize_date(e.date_raw, lang))
    return page, listing.entries


def _article(fetcher: Fetcher, lang: str, section: str, entry: ListingEntry) -> Page:
    page = Page("article", lang, section, entry.url, entry=entry)
    page.status, page.body, page.error = fetcher.get(entry.url)
    if page.status != 200:
        return page
    page.found_by = page_layout(page.body)
    try:
        article = extract_article(page.body, entry.url, listing=entry)
    except ExtractionError as exc:
        page.error, page.missing = f"{exc.reason}: {exc}", MISSING_FIELD.get(exc.reason, "body")
        return page
    page.fields = {"title": article.title, "date": article.published, "date_raw": article.date_raw,
                   "date_source": article.date_source, "category": article.category,
                   "body": article.body}
    return page


def problems(pages: list[Page]) -> list[str]:
    """Each page kind (per language) that yielded nothing, with the field it lacks; failed pages
    grouped by kind, language and reason."""
    found, failed = [], {}
    for page in pages:
        if page.error:
            failed.setdefault((page.kind, page.lang, page.error), []).append(page.url)
        elif page.kind == "listing" and not page.links:
            found.append(f"listing ({page.lang}): no article links on {page.url} ({page.found_by})")
    for lang in dict.fromkeys(p.lang for p in pages if p.kind == "article"):
        articles = [p for p in pages if p.kind == "article" and p.lang == lang and p.status == 200]
        for name in ARTICLE_FIELDS:  # a refused page tells only of the field it lacked
            known = [p for p in articles if not p.error or p.missing == name]
            if known and not any(p.fields.get(name) for p in known):
                found.append(f"article ({lang}): no {name} on any of {len(known)} article pages")
    for (kind, lang, error), urls in failed.items():
        more = f" and {len(urls) - 1} more" if len(urls) > 1 else ""
        found.append(f"{kind}{f' ({lang})' if lang else ''}: {error} — {urls[0]}{more}")
    return found


def probe(site: str, lang: str = "kk,ru,en", section: str | None = None, delay: float = 1.0,
          timeout: float = 30.0) -> dict:
    """Probe `site`: {"site", "pages": [Page], "problems": [str]} (see the module doc)."""
    parts = urlsplit(site)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--site must be an http(s) URL such as https://www.akorda.kz, not {site!r}")
    if delay < 0 or timeout <= 0:
        raise UsageError("--delay cannot be negative and --timeout must be positive")
    langs = normalize_lang(lang) or []
    sections = [s.strip("/ ") for s in section.split(",") if s.strip("/ ")] if section else list(SECTIONS)
    fetcher = Fetcher(site, delay, timeout)
    contact = FirstContact((code, name) for code in langs for name in sections)
    pages = [fetcher.read_robots()]
    for code in langs:
        for name in sections:
            listing_page, entries = _listing(fetcher, code, name)
            pages.append(listing_page)
            if listing_page.status is not None:
                contact.response(listing_page.status, (code, name))
            elif listing_page.error == DISALLOWED:
                contact.skipped((code, name))
            if entries:
                pages.append(_article(fetcher, code, name, entries[0]))
    if verdict := contact.verdict():
        raise RefusedError(verdict)
    return {"site": fetcher.site, "pages": pages, "problems": problems(pages)}


def site_lang(iso: str | None) -> str:
    return ISO_TO_SITE.get(iso or "", iso or "-")
