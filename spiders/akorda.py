"""The akorda spider: walk section listings newest first, fetch the articles the archive lacks.

    scrapy crawl akorda -a site=http://127.0.0.1:8000 -a lang=kk,ru -a max_pages=3

Arguments (each also a setting ARCHIVE_<NAME> and an `archiver crawl --<name>` flag): site, lang,
section, max_pages, since, full, known_pages, refresh_days, db; and the revisit policy's today,
revisit_days, revisit_budget, documents (archiver.fetch.revisit). Safety limits are settings only:
ARCHIVE_MAX_DEPTH (listing pages per section walk) and ARCHIVE_MAX_STALE_PAGES.

Every request goes through the archive's frontier (archiver.storage.frontier): recorded before it is
yielded, settled when its page is archived or parsed, failed with a reason otherwise. Requests bypass
Scrapy's duplicate filter (the frontier and `self.scheduled` deduplicate), so that nothing is dropped
without a row: a redirect loop, an offsite redirect or a page robots.txt forbids (IgnoreRequest from
Scrapy's RobotsTxtMiddleware) reaches the errback as a failure.

Article pages are extracted and stored by the archive writer in its own process
(archiver.fetch.writer): this process downloads and reads listing pages. A page the writer finds
malformed comes back (`malformed`) to be fetched again or recorded; the crawl does not end while
the writer still holds pages (`idle`).

Page 1 of each section is asked first: whether the site lets this machine in at all is judged on
those pages (archiver.fetch.refusal): a refusal, or a failed TLS handshake, ends the run at once.
"""

from __future__ import annotations

import ipaddress
from dataclasses import asdict
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from w3lib.encoding import http_content_type_encoding

from archiver.page.dates import normalize_date
from archiver.errors import ExtractionError
from archiver.page.extract import Listing, ListingEntry, extract_listing
from archiver.fetch import revisit
from archiver.fetch.arguments import CrawlArguments
from archiver.fetch.pagination import WalkGuard
from archiver.fetch.pipelines import CAPTURE_META, header_pairs
from archiver.fetch.reasons import TLS, UNREACHABLE, failure_reason
from archiver.fetch.refusal import FirstContact, tls_line
from archiver.fetch.session import ArchiveSession, PageFailure, RunOptions
from archiver.storage.frontier import ARTICLE, LISTING
from archiver.page.urls import (CANONICAL_SITE, HOST_ALIASES, canonical_url, lang_of,
                                listing_url, rebase)

KEY = "frontier_key"  # Request.meta: the frontier row this request settles
CONTEXT = "frontier_context"  # Request.meta: the row's context (listing page, or listing card)
UNREACHABLE_AFTER = 3  # connection failures, with not one response, after which the crawl stops
FIRST_PAGE_PRIORITY = 20  # above articles (10): resumed pages wait until the site has let us in


def is_local(site: str) -> bool:
    host = urlsplit(site).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def declared_encoding(response) -> str | None:
    """The charset of the response's Content-Type header, if it names one. The extractor parses the
    bytes (response.text would decode each page first, and lxml parses text slower than bytes); the
    archive writer reads article pages' charset from the headers it is sent."""
    return http_content_type_encoding(response.headers.get(b"Content-Type", b"").decode("latin-1"))


def first_page_of(request) -> tuple[str, str] | None:
    """(lang, section) when `request` asks for page 1 of a section listing."""
    ctx = request.meta.get(CONTEXT) or {}
    if ctx.get("kind") == LISTING and ctx.get("page") == 1:
        return ctx["lang"], ctx["section"]
    return None


class AkordaSpider(scrapy.Spider):
    name = "akorda"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler.settings, kwargs)
        if is_local(spider.options.site):  # settings are not frozen yet while the spider is created
            crawler.settings.setdict(crawler.settings.getdict("ARCHIVE_LOCAL_SETTINGS"),
                                     priority="spider")
        host = urlsplit(spider.options.site).hostname
        # The site may redirect between its own host names (og:url has no www): not offsite.
        spider.allowed_domains = sorted(HOST_ALIASES) if host in HOST_ALIASES else [host]
        spider.capture = crawler.settings.getbool("ARCHIVE_CAPTURE", True)  # raw responses to WARC
        spider.session = ArchiveSession(RunOptions(
            db=spider.options.db, warc_dir=crawler.settings.get("ARCHIVE_WARC_DIR"),
            warc_max_bytes=crawler.settings.getint("ARCHIVE_WARC_MAX_BYTES"),
            max_failure_rate=crawler.settings.getfloat("ARCHIVE_MAX_FAILURE_RATE"),
            arguments=spider.options.recorded(), writer=crawler.settings.get("ARCHIVE_WRITER", "process"),
            today=spider.options.revisits.today.isoformat()))
        spider.session.on_abort = spider.stop
        spider.session.on_count = lambda name: crawler.stats.inc_value(f"archive/{name}")
        spider.session.on_malformed = spider.malformed
        crawler.signals.connect(spider.closed_run, signal=signals.spider_closed)
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.downloaded, signal=signals.response_downloaded)
        return spider

    def configure(self, settings, args: dict) -> None:
        """Spider arguments win over ARCHIVE_* settings; both are read and checked once, as
        `archiver crawl` checks them (archiver.fetch.arguments)."""
        self.options = CrawlArguments.read(
            lambda name: args.get(name, settings.get(f"ARCHIVE_{name.upper()}")))
        self.max_depth = settings.getint("ARCHIVE_MAX_DEPTH", 20000)  # safety limits: settings only
        self.max_stale = settings.getint("ARCHIVE_MAX_STALE_PAGES", 3)
        self.completed: dict[tuple[str, str], bool] = {}
        self.scheduled: set[str] = set()  # frontier keys requested in this run
        self.unreachable = 0  # failures that say the site cannot be reached
        self.contact = FirstContact((lang, section) for lang in self.options.langs
                                    for section in self.options.sections)
        self.closing = False
        self.walks: dict[tuple[str, str], WalkGuard] = {}

    async def start(self):
        # Completeness as it stood before this run (this run's own page-1 rows must not hide it).
        for lang in self.options.langs:
            for section in self.options.sections:
                self.completed[lang, section] = self.session.section_complete(lang, section)
        resumed = [self.resume(row) for row in self.session.frontier_rows()]
        resumed = [(kind, key, ctx) for kind, key, ctx in filter(None, resumed)]
        firsts = [(LISTING, listing_url(CANONICAL_SITE, lang, section, 1),
                   {"kind": LISTING, "lang": lang, "section": section, "page": 1, "streak": 0})
                  for lang in self.options.langs for section in self.options.sections]
        todo = {key: (kind, key, ctx) for kind, key, ctx in resumed + firsts}
        if not self.session.plan(todo.values()):
            return
        for kind, key, ctx in todo.values():
            yield self.request(kind, key, ctx)
        for request in revisit.start_requests(self):
            yield request

    def resume(self, row: dict) -> tuple[str, str, dict | None] | None:
        """A row left in the frontier by an earlier run, if this run covers its language/section."""
        ctx = row["context"] or {}
        if row["kind"] == LISTING:
            if ctx.get("lang") in self.options.langs and ctx.get("section") in self.options.sections:
                return LISTING, row["url"], ctx
            return None
        if (ctx.get("lang") or lang_of(row["url"])) in self.options.langs:
            return ARTICLE, row["url"], row["context"]
        return None

    def request(self, kind: str, key: str, ctx: dict | None) -> scrapy.Request:
        self.scheduled.add(key)
        meta = {KEY: key, CONTEXT: ctx}
        if kind == LISTING:
            url = listing_url(self.options.site, ctx["lang"], ctx["section"], ctx["page"])
            return scrapy.Request(url, callback=self.parse_listing, errback=self.failed,
                                  dont_filter=True, meta={**meta, CAPTURE_META: key},
                                  priority=FIRST_PAGE_PRIORITY if ctx["page"] == 1 else 0)
        entry = (ctx or {}).get("entry")
        meta.update(listing=ListingEntry(**entry) if entry else None)
        return scrapy.Request(rebase(key, self.options.site), callback=self.parse_article,  # captured there
                              errback=self.failed, dont_filter=True, priority=10, meta=meta)

    # -- listings ---------------------------------------------------------------------------
    def parse_listing(self, response):
        key, ctx = response.meta[KEY], response.meta[CONTEXT]
        lang, section, page = ctx["lang"], ctx["section"], ctx["page"]
        try:
            listing = extract_listing(response.body, response.url, declared_encoding(response))
            self.session.listing_strategy(listing.strategy)
            if listing.charset_note:
                self.session.charset_contradicted(key, listing.charset_note)
            if not listing.entries:
                self.check_end(listing, ctx)  # raises unless this is a recognised end page
                self.session.settle(key, end_of=(lang, section))
                return
        except ExtractionError as exc:  # cut, not a listing, empty first page: retried, else failed
            yield self.retry_or_fail(response.request, exc)
            return
        guard = self.walks.setdefault((lang, section), WalkGuard(self.max_depth, self.max_stale))
        urls = [canonical_url(e.url) for e in listing.entries]
        stop = guard.check(page, urls)
        known = self.session.known(urls)
        fresh: dict[str, ListingEntry] = {}  # one entry per canonical URL (a ?print= link is not one)
        for entry, url in zip(listing.entries, urls):
            fresh.setdefault(url, entry)
        wanted = [(e, u) for u, e in fresh.items()
                  if self.wants(e, u in known) and u not in self.scheduled]
        then = [(ARTICLE, u, {"lang": lang, "section": section, "entry": asdict(e)})
                for e, u in wanted]
        streak = ctx.get("streak", 0) + 1 if not wanted else 0
        if stop:
            self.session.problem(f"{lang}/{section}: the walk stopped at page {page}: {stop}")
        elif self.walk_on(listing, page, streak, self.completed.get((lang, section), False)):
            next_key = listing_url(CANONICAL_SITE, lang, section, page + 1)
            if next_key not in self.scheduled:  # a resumed walk may be there already
                then.append((LISTING, next_key, {**ctx, "page": page + 1, "streak": streak,
                                                 "label": listing.label or ctx.get("label")}))
        if self.session.settle(key, then):
            for kind, next_key, next_ctx in then:
                yield self.request(kind, next_key, next_ctx)

    def check_end(self, listing: Listing, ctx: dict) -> None:
        """An empty page ends a section only when it is recognisably that section's listing."""
        if ctx["page"] == 1:
            raise ExtractionError("empty-first-page", "page 1 of the section has no article link")
        expected = ctx.get("label")
        if not listing.recognised or (expected and listing.label and listing.label != expected):
            raise ExtractionError("not-a-listing", "no article link, and neither the section's "
                                  f"label ({expected!r}) nor pagination: not a listing page")

    def wants(self, entry: ListingEntry, known: bool) -> bool:
        published = normalize_date(entry.date_raw) if entry.date_raw else None
        if self.options.since and published and published < self.options.since:
            return False
        if known and not self.options.full:  # --full re-fetches everything: a verifying re-crawl
            start = self.options.refresh_from
            return bool(start and published and published >= start)
        return True

    def walk_on(self, listing: Listing, page: int, streak: int, complete: bool) -> bool:
        if self.options.max_pages and page >= self.options.max_pages:
            return False
        if self.options.since:
            dates = [normalize_date(e.date_raw) if e.date_raw else None for e in listing.entries]
            if dates and all(d and d < self.options.since for d in dates):
                return False  # everything further down is older still
        if self.options.full or not complete:  # never walked to the bottom: keep going
            return True
        return streak < self.options.known_pages

    # -- articles ---------------------------------------------------------------------------
    def parse_article(self, response) -> None:
        """The archive writer extracts the page and stores it, in its own process: this one goes on
        downloading. A page that gives no article comes back to `malformed`."""
        self.session.archive(response.meta[KEY], response.url, response.status, header_pairs(response),
                             response.body, response.meta.get("listing"), capture=self.capture,
                             token=response.request)

    def malformed(self, key: str, request, reason: str, detail: str) -> None:
        """An article page the writer could not read: fetched again (within RETRY_TIMES) while the
        crawl runs, else recorded as failed, as the pipeline records a PageFailure."""
        result = self.failure(request, reason, detail) if self.closing else \
            self.retry_or_fail(request, ExtractionError(reason, detail))
        if isinstance(result, scrapy.Request):
            self.crawler.engine.crawl(result)
            return
        self.session.fail(result)

    def idle(self, spider=None) -> None:
        """Nothing left to download: before the crawl may end, wait for the writer's answers about
        the article pages it has, which may send some of them back to be fetched again."""
        if self.session.extracting:
            self.session.flush()
            if not self.crawler.engine.spider_is_idle():
                raise DontCloseSpider("article pages sent back by the archive writer")

    # -- revisits (archiver.fetch.revisit) -------------------------------------------------------
    def parse_revisit(self, response) -> None:
        revisit.answer(self, response)

    def revisit_failed(self, failure) -> None:
        revisit.failed(self, failure)

    # -- failures -----------------------------------------------------------------------------
    def downloaded(self, response, request, spider=None) -> None:
        """Every response to the crawl's requests, before retries: does the site refuse us?"""
        if KEY in request.meta:
            verdict = self.contact.response(response.status, first_page_of(request))
            if verdict:
                self.give_up(verdict, "site-refused")

    def retry_or_fail(self, request, exc: ExtractionError):
        """A malformed page is fetched again (within RETRY_TIMES), then recorded as failed."""
        retry = get_retry_request(request, spider=self, reason=f"malformed-{exc.reason}")
        return retry if retry is not None else self.failure(request, exc.reason, str(exc))

    def failed(self, failure):
        reason, detail = failure_reason(failure)  # robots.txt's refusals too: retried next run
        first = first_page_of(failure.request)
        yield self.failure(failure.request, reason, detail)
        if first:
            self.contact.given_up(first, reason)
            if reason == "robots" and (verdict := self.contact.skipped(first)):
                self.give_up(verdict, "site-refused")  # every other section refused us
        self.unreachable += reason in UNREACHABLE
        if reason == TLS and not self.contact.answered:
            self.give_up(tls_line(urlsplit(failure.request.url).hostname, detail), "tls-failed")
        elif self.unreachable == UNREACHABLE_AFTER and \
                not self.crawler.stats.get_value("response_received_count"):
            self.give_up(f"the site {self.options.site} cannot be reached ({reason}: {detail})",
                         "site-unreachable")

    def give_up(self, line: str, reason: str) -> None:
        """The site cannot be crawled from here: say why, once, and stop. The frontier keeps every
        page for the next run."""
        if not self.closing:
            self.session.problem(f"{line}; the crawl stopped, the next run starts where it stopped")
            self.stop(reason)

    def failure(self, request, reason: str, detail: str) -> PageFailure:
        ctx = request.meta.get(CONTEXT)
        kind = LISTING if (ctx or {}).get("kind") == LISTING else ARTICLE
        return PageFailure(request.meta[KEY], reason, detail, kind, ctx)

    def dropped(self, request, spider=None):
        """A safety net: a request Scrapy dropped before downloading it still gets its row."""
        if KEY in request.meta:
            self.session.fail(self.failure(request, "dropped", "dropped by the scheduler"))

    def stop(self, reason: str) -> None:
        self.closing = True
        engine = self.crawler.engine
        if hasattr(engine, "close_spider_async"):
            deferred_from_coro(engine.close_spider_async(reason=reason))
        else:  # Scrapy < 2.14
            engine.close_spider(self, reason)

    def closed_run(self, spider, reason):
        self.closing = True  # the writer's last answers are recorded, not fetched again
        if refused := self.contact.report():
            self.session.problem(refused)
        self.report = self.session.finish(reason, self.crawler.stats.get_stats())
