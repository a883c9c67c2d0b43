"""Crawl progress on stderr: a Scrapy extension that reads only the crawl's stats.

Every ARCHIVE_PROGRESS_INTERVAL seconds (and once at the end) it writes one line:

    progress: 1,204 pages fetched (36/min), 118 new, 3 changed, 2 failed, 311 queued, 0:33:20

When standard error is a terminal (ARCHIVE_PROGRESS_BAR = "auto"), a live tqdm bar replaces the
lines, refreshed every second. Counters come from Scrapy's stats only: `downloader/response_count`
(pages fetched), `archive/new`, `archive/changed`, failures (see `failures`), and the scheduler's
length plus the requests in flight (queue left), so the spider's internals can change freely.
ARCHIVE_PROGRESS_INTERVAL = 0 turns it off.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured

BAR_REFRESH = 1.0  # seconds between two redraws of the terminal bar


def failures(stats: dict) -> int:
    """Pages given up: the spider records each as a failure (`archive/dropped/<reason>`), whether
    its retries ran out or it could not be read."""
    return sum(v for k, v in stats.items() if k.startswith("archive/dropped/"))


def format_line(counts: dict, elapsed: float) -> str:
    minutes = max(elapsed / 60, 1 / 60)
    rate = counts["fetched"] / minutes
    queued = "queue unknown" if counts["queued"] is None else f"{counts['queued']:,} queued"
    whole = int(elapsed)
    clock = f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
    return (f"progress: {counts['fetched']:,} pages fetched ({rate:,.0f}/min), "
            f"{counts['new']:,} new, {counts['changed']:,} changed, {counts['failed']:,} failed, "
            f"{queued}, {clock}")


class CrawlProgress:
    """Scrapy extension: periodic progress lines, or a live bar on a terminal."""

    def __init__(self, crawler, interval: float, stream: TextIO, bar: bool) -> None:
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self.use_bar = bar
        self.bar = None
        self.task = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("ARCHIVE_PROGRESS_INTERVAL", 30.0)
        if interval <= 0:
            raise NotConfigured("ARCHIVE_PROGRESS_INTERVAL is 0: no progress output")
        mode = str(crawler.settings.get("ARCHIVE_PROGRESS_BAR", "auto")).lower()
        stream = sys.stderr
        bar = _terminal(stream) if mode == "auto" else mode in ("1", "true", "yes", "on")
        extension = cls(crawler, interval, stream, bar)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def counts(self) -> dict:
        stats = self.crawler.stats.get_stats()
        engine = self.crawler.engine
        scheduler = getattr(engine, "scheduler", None) if engine else None
        try:  # waiting in the scheduler, plus in flight in the downloader
            queued = len(scheduler) + len(getattr(engine.downloader, "active", ())) \
                if scheduler is not None else None
        except TypeError:  # a scheduler without __len__
            queued = None
        return {"fetched": stats.get("downloader/response_count", 0),
                "new": stats.get("archive/new", 0), "changed": stats.get("archive/changed", 0),
                "failed": failures(stats), "queued": queued}

    def opened(self, spider) -> None:
        self.started = time.monotonic()
        if self.use_bar:
            from tqdm import tqdm

            self.bar = tqdm(total=None, unit="page", desc="crawl", file=self.stream,
                            dynamic_ncols=True, mininterval=0.5)
        self.task = _looping_call(self.tick)
        self.task.start(BAR_REFRESH if self.bar is not None else self.interval, now=False)

    def tick(self) -> None:
        counts = self.counts()
        if self.bar is None:
            print(format_line(counts, time.monotonic() - self.started), file=self.stream,
                  flush=True)
            return
        if counts["queued"] is not None:
            self.bar.total = counts["fetched"] + counts["queued"]
        self.bar.n = counts["fetched"]
        self.bar.set_postfix(new=counts["new"], changed=counts["changed"],
                             failed=counts["failed"], queued=counts["queued"], refresh=False)
        self.bar.refresh()

    def closed(self, spider, reason) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        self.tick()
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _terminal(stream: TextIO) -> bool:
    """A terminal with a width (a pseudo-terminal may report 0 columns: no room for a bar)."""
    try:
        return stream.isatty() and os.get_terminal_size(stream.fileno()).columns > 0
    except (OSError, ValueError):
        return False


def _looping_call(func):
    try:
        from scrapy.utils.asyncio import create_looping_call
    except ImportError:  # Scrapy before 2.13
        from twisted.internet.task import LoopingCall

        return LoopingCall(func)
    return create_looping_call(func)
