"""The download floor: a bare Scrapy spider that fetches a list of URLs and does nothing with them.

    python -m benchmarks.bare_spider URLS_FILE [--concurrency 16] [--extract ARTICLES_FILE]

With --extract it also extracts every page as the archive crawl does (`extract_article` for the
article URLs listed in ARTICLES_FILE, `extract_listing` for the rest) and keeps nothing: the
download-and-extract run, against which the archive crawl's storage and capture are measured.

URLS_FILE holds one absolute URL a line (the listing pages and article pages an archive crawl of the
same replica requests). The spider downloads each once with archiver.fetch.settings as the archive crawl
applies them to a local site (concurrency, no delay, no AutoThrottle, robots.txt obeyed, timeout,
size limits, any Scrapy tuning), but with Scrapy's stock components only: no extraction, no
pipeline, no storage, no WARC, none of the archive's middlewares.
It prints one JSON line: responses by status, seconds between the engine's start and finish, the
response count and, with --extract, the pages extracted (articles apart) and those whose extraction
failed: an error is counted, never hidden, so that a run which extracted less cannot pass for a
cheaper one (benchmarks.crawl checks the counts). Run it in its own process so that its memory and CPU are its own.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archiver.fetch import settings as archive_settings
from archiver.errors import ExtractionError
from archiver.page.extract import extract_article, extract_listing


# The archive's own components: everything else in archiver.fetch.settings (concurrency, timeouts, size
# limits, robots.txt, user agent, Scrapy tuning) is shared, so the two crawls download alike.
# Scrapy's stock components (the *_BASE settings) stay.
ARCHIVE_COMPONENTS = {"ITEM_PIPELINES": {}, "EXTENSIONS": {}, "DOWNLOADER_MIDDLEWARES": {}, "SPIDER_MODULES": []}


def download_settings(log_level: str = "WARNING") -> Settings:
    """archiver.fetch.settings as the archive crawl applies them to a loopback site, minus its components."""
    settings = Settings()
    settings.setmodule(archive_settings, priority="project")
    settings.setdict(settings.getdict("ARCHIVE_LOCAL_SETTINGS"), priority="spider")
    settings.setdict({**ARCHIVE_COMPONENTS, "LOG_LEVEL": log_level}, priority="cmdline")
    return settings


class BareSpider(scrapy.Spider):
    """Requests every URL it is given; each response is counted and dropped."""

    name = "bare"

    def __init__(self, urls: list[str], articles: set[str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.urls = urls
        self.articles = articles  # None: download only
        self.statuses: dict[int, int] = {}
        self.extracted = 0
        self.articles_extracted = 0
        self.failed: list[str] = []  # URLs whose extraction raised ExtractionError

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
        if self.articles is not None and response.status == 200:
            article = response.url in self.articles
            try:
                if article:
                    extract_article(response.body, response.url)
                else:
                    extract_listing(response.body, response.url)
            except ExtractionError:
                self.failed.append(response.url)
                return None
            self.extracted += 1
            self.articles_extracted += article
        return None


def crawl(urls: list[str], concurrency: int | None = None, articles: set[str] | None = None) -> dict:
    """Download `urls` in this process (extracting each page when `articles` says which are
    articles); returns counts and the engine's seconds."""
    settings = download_settings()
    if concurrency:
        settings.setdict({"CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency},
                         priority="cmdline")
    process = CrawlerProcess(settings, install_root_handler=False)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls=urls, articles=articles)
    process.start()
    stats = crawler.stats.get_stats()
    began: datetime = stats["start_time"]
    ended: datetime = stats["finish_time"]
    return {
        "seconds": (ended - began).total_seconds(),
        "responses": sum(crawler.spider.statuses.values()),
        "statuses": {str(k): v for k, v in sorted(crawler.spider.statuses.items())},
        "requests": int(stats.get("downloader/request_count", 0)),
        "finish_reason": stats.get("finish_reason"),
        "extracted": crawler.spider.extracted,
        "articles_extracted": crawler.spider.articles_extracted,
        "extraction_failed": len(crawler.spider.failed),
        "failed_urls": crawler.spider.failed[:5],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls_file")
    parser.add_argument("--concurrency", type=int, default=None)
    parser.add_argument("--extract", metavar="ARTICLES_FILE", default=None,
                        help="extract every page; the article URLs are those in this file")
    args = parser.parse_args(argv)
    with open(args.urls_file, encoding="utf-8") as lines:
        urls = [line.strip() for line in lines if line.strip()]
    articles = None
    if args.extract:
        with open(args.extract, encoding="utf-8") as lines:
            articles = {line.strip() for line in lines if line.strip()}
    print(json.dumps(crawl(urls, args.concurrency, articles)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
