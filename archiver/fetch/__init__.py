"""Crawl-time machinery: Scrapy settings, middlewares and pipelines, the run session, the lock, the
archive writer process, WARC files, pagination guards, progress, schedules, the probe and re-extraction."""
