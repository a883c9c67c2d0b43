"""Thin Scrapy components: store articles and failures, capture raw responses, log items only when
asked. They call archiver.fetch.session (which calls storage and warc); no SQL and no selectors here."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.logformatter import LogFormatter

from archiver.fetch.session import ArticlePage, PageFailure
from archiver.page.urls import canonical_url

# Request.meta: write this response to WARC, indexed under this key (True: the response's canonical URL)
CAPTURE_META = "archive_capture"


class ArchivePipeline:
    """Writes each ArticlePage through the spider's ArchiveSession; records PageFailures. A failed
    write is handled by the session (it stops the crawl), so nothing here raises."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        session = self.crawler.spider.session
        if isinstance(item, ArticlePage):
            session.store(item)  # counted (stats archive/new ...) once the writer commits it
        elif isinstance(item, PageFailure):
            session.fail(item)  # counted (stats archive/dropped/<reason>) by the session
        return item


class ItemLogFormatter(LogFormatter):
    """Scrapy's log messages, but the DEBUG line per stored article ("Scraped from ...", the whole
    item) only when LOG_LEVEL is DEBUG: Scrapy builds that record for every item even when no
    handler shows it, about 1% of the crawl process's CPU. Stats and the run report count the
    articles. settings.py: LOG_FORMATTER."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler):
        level = crawler.settings.get("LOG_LEVEL", "DEBUG")
        level = logging.getLevelName(level.upper()) if isinstance(level, str) else level
        return cls(not isinstance(level, int) or level <= logging.DEBUG)

    def scraped(self, item, response, spider):
        return super().scraped(item, response, spider) if self.debug else None


class CaptureExtension:
    """Writes every response whose request asks for it (CAPTURE_META: listing pages) to the WARC files
    (response or revisit record). Article pages travel to the archive writer whole, with their
    capture (ArchiveSession.archive): one message, not two."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ARCHIVE_CAPTURE", True):
            raise NotConfigured("ARCHIVE_CAPTURE is off: raw responses are not kept")
        ext = cls(crawler)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def response_received(self, response, request, spider=None) -> None:
        key = request.meta.get(CAPTURE_META)
        if not key or response.status != 200:
            return
        session = getattr(self.crawler.spider, "session", None)
        if session is None:
            return
        url = canonical_url(response.url) if key is True else key
        session.capture(url, response.url, response.status, header_pairs(response), response.body)


def header_pairs(response) -> list[tuple[str, str]]:
    """A Scrapy response's headers as (name, value) text pairs, repeated names kept, for WARC."""
    return [(k.decode("latin-1"), v.decode("latin-1"))
            for k, values in response.headers.items() for v in values]
