"""Crawl-time machinery: Scrapy settings, middlewares and pipelines, the run session, the lock, the
archive writer process, WARC files, pagination guards, progress, schedules, the probe and re-extraction."""

from __future__ import annotations

from collections.abc import Callable, Iterable

# Wraps items whose total is known (articles to re-extract, WARC files to verify) as they are used:
# the CLI draws a progress bar; the library itself prints nothing.
Progress = Callable[[Iterable, int], Iterable]
