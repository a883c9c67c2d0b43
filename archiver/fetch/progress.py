"""Crawl progress on stderr: a Scrapy extension that reads only the crawl's stats.

It shows what is known and nothing else: a crawl discovers its pages as it goes, so its total is
never known, and there is no percentage, no bar and no time left. One line says

    progress: 1,204 pages fetched (36/min), 118 new, 3 changed, 2 failed, 311 queued, 0:33:20

On a terminal (ARCHIVE_PROGRESS_LIVE = "auto") the line is redrawn in place every second, cut to
the terminal's width (a log message clears it first, so it stands on a line of its own); on a
terminal that reports no width (a pseudo-terminal with 0 columns) a whole line is written every
LIVE_LINES seconds, so there is a sign of life at least that often.
Elsewhere (a log file, a pipe) a line every ARCHIVE_PROGRESS_INTERVAL seconds, and one at the end.
Counters come from Scrapy's stats only: `downloader/response_count` (pages fetched), `archive/new`,
`archive/changed`, failures (see `failures`), and the scheduler's length plus the requests in flight
(queued), so the spider's internals can change freely. ARCHIVE_PROGRESS_INTERVAL = 0 turns it off.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import TextIO

from scrapy import signals
from scrapy.exceptions import NotConfigured

LIVE_REDRAW = 1.0  # seconds between two redraws of the line on a terminal with a width
LIVE_LINES = 2.0  # seconds between two lines on a terminal without one
PREFIX = "progress: "


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
    return (f"{PREFIX}{counts['fetched']:,} pages fetched ({rate:,.0f}/min), "
            f"{counts['new']:,} new, {counts['changed']:,} changed, {counts['failed']:,} failed, "
            f"{queued}, {clock}")


def fit(line: str, columns: int) -> str:
    """The line cut to a terminal's width, leaving the last column free (a character written there
    wraps on some terminals)."""
    return line if len(line) < columns else line[:max(columns - 2, 0)] + "…"


class CrawlProgress:
    """Scrapy extension: progress lines, redrawn in place on a terminal."""

    def __init__(self, crawler, interval: float, stream: TextIO, live: bool) -> None:
        self.crawler = crawler
        self.stream = stream
        self.live = live
        self.period = min(interval, LIVE_REDRAW if _columns(stream) else LIVE_LINES) \
            if live else interval
        self.task = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("ARCHIVE_PROGRESS_INTERVAL", 30.0)
        if interval <= 0:
            raise NotConfigured("ARCHIVE_PROGRESS_INTERVAL is 0: no progress output")
        mode = str(crawler.settings.get("ARCHIVE_PROGRESS_LIVE", "auto")).lower()
        stream = sys.stderr
        live = _terminal(stream) if mode == "auto" else mode in ("1", "true", "yes", "on")
        extension = cls(crawler, interval, stream, live)
        crawler.signals.connect(extension.opened, signal=signals.engine_started)
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

    def opened(self) -> None:
        self.started = time.monotonic()
        if self.live:  # a log record first clears the line drawn in place; the next tick redraws it
            for handler in logging.getLogger().handlers:
                if getattr(handler, "stream", None) is self.stream:
                    handler.addFilter(self.clear_line)
        self.task = _looping_call(self.tick)
        self.task.start(self.period, now=self.live)

    def clear_line(self, record: logging.LogRecord) -> bool:
        if _columns(self.stream):
            self.stream.write("\r\x1b[K")
        return True

    def tick(self, last: bool = False) -> None:
        line = format_line(self.counts(), time.monotonic() - self.started)
        columns = _columns(self.stream) if self.live else 0
        if columns:  # redrawn in place: back to the line's start, the line, clear what is left
            self.stream.write(f"\r{fit(line, columns)}\x1b[K" + ("\n" if last else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def closed(self, spider, reason) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        for handler in logging.getLogger().handlers:
            handler.removeFilter(self.clear_line)
        self.tick(last=True)


def _columns(stream: TextIO) -> int:
    """The terminal's width, 0 when it reports none (or is no terminal)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns if stream.isatty() else 0
    except (OSError, ValueError):
        return 0


def _terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def _looping_call(func):
    try:
        from scrapy.utils.asyncio import create_looping_call
    except ImportError:  # Scrapy before 2.13
        from twisted.internet.task import LoopingCall

        return LoopingCall(func)
    return create_looping_call(func)
