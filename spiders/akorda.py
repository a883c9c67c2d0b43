"""The akorda spider: walk section listings newest first, fetch the articles the archive lacks.

    scrapy crawl akorda -a site=http://127.0.0.1:8000 -a lang=kk,ru -a max_pages=3

Arguments (each also a setting ARCHIVE_<NAME> and an `archiver crawl --<name>` flag): site, lang,
section, max_pages, since, full, known_pages, refresh_days, db.
"""

from __future__ import annotations

import ipaddress
from dataclasses import asdict
from datetime import date, timedelta
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TxTimeoutError

from archiver.dates import normalize_date
from archiver.errors import ExtractionError, UsageError
from archiver.extract import ListingEntry, extract_article, extract_listing
from archiver.pipelines import CAPTURE_META
from archiver.session import ArchiveSession, PageFailure, RunOptions
from archiver.storage import normalize_lang
from archiver.urls import CANONICAL_SITE, SECTIONS, canonical_url, lang_of, listing_url, rebase


def is_local(site: str) -> bool:
    host = urlsplit(site).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def failure_reason(failure) -> tuple[str, str]:
    """A short reason slug and a detail line for a download failure."""
    exc = failure.value
    detail = str(exc)[:300]
    if isinstance(exc, HttpError):
        return f"http-{exc.response.status}", detail
    if isinstance(exc, IgnoreRequest):
        return ("robots" if "robots" in detail else
                "offsite-redirect" if "offsite" in detail else
                "too-large" if "MAXSIZE" in detail.upper() else "ignored"), detail
    name = type(exc).__name__
    if isinstance(exc, TxTimeoutError) or "Timeout" in name:
        return "timeout", detail
    if "Cancelled" in name and "size" in detail.lower() or "maxsize" in detail.lower():
        return "too-large", detail
    return name.lower(), detail


class AkordaSpider(scrapy.Spider):
    name = "akorda"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler.settings, kwargs)
        if is_local(spider.site):  # settings are not frozen yet while the spider is created
            crawler.settings.setdict(crawler.settings.getdict("ARCHIVE_LOCAL_SETTINGS"),
                                     priority="spider")
        spider.allowed_domains = [urlsplit(spider.site).hostname]
        spider.session = ArchiveSession(RunOptions(
            db=spider.db, warc_dir=crawler.settings.get("ARCHIVE_WARC_DIR"),
            warc_max_bytes=crawler.settings.getint("ARCHIVE_WARC_MAX_BYTES"),
            max_failure_rate=crawler.settings.getfloat("ARCHIVE_MAX_FAILURE_RATE"),
            arguments=spider.arguments))
        crawler.signals.connect(spider.closed_run, signal=signals.spider_closed)
        return spider

    def configure(self, settings, args: dict) -> None:
        """Spider arguments win over ARCHIVE_* settings; both are checked here, once."""
        def arg(name: str):
            return args.get(name, settings.get(f"ARCHIVE_{name.upper()}"))
        self.site = str(arg("site")).rstrip("/")
        self.db = str(arg("db"))
        self.langs = normalize_lang(str(arg("lang")))
        sections = arg("section")
        self.sections = [s.strip("/ ") for s in str(sections).split(",")] if sections \
            else list(SECTIONS)
        try:
            self.max_pages = int(arg("max_pages") or 0)
            self.known_pages = max(1, int(arg("known_pages") or 1))
            self.refresh_days = int(arg("refresh_days") or 0)
        except ValueError as exc:
            raise UsageError(f"a numeric spider argument is not a number: {exc}") from None
        since = arg("since")
        self.since = date.fromisoformat(since).isoformat() if since else None
        self.full = str(arg("full")).lower() in ("1", "true", "yes")
        self.refresh_from = ((date.today() - timedelta(days=self.refresh_days)).isoformat()
                             if self.refresh_days else None)
        self.completed: dict[tuple[str, str], bool] = {}
        self.arguments = {"site": self.site, "lang": ",".join(self.langs), "db": self.db,
                          "section": ",".join(self.sections), "max_pages": self.max_pages,
                          "since": self.since, "full": self.full,
                          "known_pages": self.known_pages, "refresh_days": self.refresh_days}

    async def start(self):
        for failure in self.session.pending_failures():
            context = failure["listing"] or {}
            if context.get("kind") == "listing":
                if context["lang"] in self.langs and context["section"] in self.sections:
                    yield self.listing_request(context["lang"], context["section"],
                                               context["page"], streak=0, retry=True)
            elif context.get("lang", "") in self.langs or not context:
                entry = ListingEntry(**context["entry"]) if context.get("entry") else None
                yield self.article_request(rebase(failure["url"], self.site), entry)
        for lang in self.langs:
            for section in self.sections:
                yield self.listing_request(lang, section, 1, streak=0)

    # -- listings ---------------------------------------------------------------------------
    def listing_request(self, lang: str, section: str, page: int, streak: int,
                        retry: bool = False) -> scrapy.Request:
        if (lang, section) not in self.completed:  # as it stood before this run: read once
            self.completed[lang, section] = self.session.listing_state(lang, section)["complete"]
        return scrapy.Request(
            listing_url(self.site, lang, section, page), callback=self.parse_listing,
            errback=self.listing_failed, dont_filter=retry,
            meta={"lang": lang, "section": section, "page": page, "streak": streak,
                  "complete": self.completed[lang, section]})

    def parse_listing(self, response):
        meta = response.meta
        lang, section, page = meta["lang"], meta["section"], meta["page"]
        try:
            listing = extract_listing(response.text, response.url)
        except ExtractionError as exc:  # e.g. a cut page: retried now, else next run
            yield self.retry_or_fail(response.request, exc, self.listing_failure)
            return
        self.session.resolved(listing_url(CANONICAL_SITE, lang, section, page))
        if not listing.entries:  # past the end: this section has been walked to the bottom
            self.session.listing_progress(lang, section, page, complete=True)
            return
        urls = [canonical_url(e.url) for e in listing.entries]
        known = self.session.known(urls)
        wanted = [(e, u) for e, u in zip(listing.entries, urls) if self.wants(e, u in known)]
        for entry, _ in wanted:
            yield self.article_request(entry.url, entry)
        self.session.listing_progress(lang, section, page)
        streak = meta["streak"] + 1 if not wanted else 0
        if self.walk_on(listing.entries, page, streak, meta["complete"]):
            yield self.listing_request(lang, section, page + 1, streak)

    def wants(self, entry: ListingEntry, known: bool) -> bool:
        published = normalize_date(entry.date_raw) if entry.date_raw else None
        if self.since and published and published < self.since:
            return False
        if known and not self.full:  # --full re-fetches everything: a verifying re-crawl
            return bool(self.refresh_from and published and published >= self.refresh_from)
        return True

    def walk_on(self, entries: list[ListingEntry], page: int, streak: int, complete: bool) -> bool:
        if self.max_pages and page >= self.max_pages:
            return False
        if self.since:
            dates = [normalize_date(e.date_raw) if e.date_raw else None for e in entries]
            if dates and all(d and d < self.since for d in dates):
                return False  # everything further down is older still
        if self.full or not complete:  # never walked to the bottom: keep going
            return True
        return streak < self.known_pages

    def listing_failed(self, failure):
        yield self.listing_failure(failure.request, *failure_reason(failure))

    def listing_failure(self, request, reason: str, detail: str) -> PageFailure:
        meta = request.meta
        key = listing_url(CANONICAL_SITE, meta["lang"], meta["section"], meta["page"])
        return PageFailure(key, reason, detail, listing={
            "kind": "listing", "lang": meta["lang"], "section": meta["section"],
            "page": meta["page"]})

    def retry_or_fail(self, request, exc: ExtractionError, make_failure):
        """A malformed page is fetched again (within RETRY_TIMES), then recorded as failed."""
        retry = get_retry_request(request, spider=self, reason=f"malformed-{exc.reason}")
        return retry if retry is not None else make_failure(request, exc.reason, str(exc))

    # -- articles ---------------------------------------------------------------------------
    def article_request(self, url: str, entry: ListingEntry | None) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_article, errback=self.article_failed,
                              priority=10, meta={"listing": entry, CAPTURE_META: True})

    def parse_article(self, response):
        entry = response.meta.get("listing")
        try:
            yield extract_article(response.text, response.url, listing=entry)
        except ExtractionError as exc:
            yield self.retry_or_fail(response.request, exc, self.failure)

    def article_failed(self, failure):
        reason, detail = failure_reason(failure)
        if reason == "robots":  # the operator's word, not a failure: counted, never retried
            self.crawler.stats.inc_value("archive/skipped/robots")
            return
        yield self.failure(failure.request, reason, detail)

    def failure(self, request, reason: str, detail: str) -> PageFailure:
        entry = request.meta.get("listing")
        context = {"lang": lang_of(entry.url), "entry": asdict(entry)} if entry else None
        return PageFailure(canonical_url(request.url), reason, detail, listing=context)

    def closed_run(self, spider, reason):
        self.report = self.session.finish(reason, self.crawler.stats.get_stats())
