"""Run a crawl in this process: settings from archiver.fetch.settings, arguments checked before Scrapy
starts, the run report returned (and written as JSON when asked)."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from archiver.errors import ArchiverError, UsageError
from archiver.serve.links import DEFAULT_FEED_BASE
from archiver.storage import DEFAULT_DB

QUIET_LOGGERS = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt",
                 "archiver.fetch.middlewares")


def check_arguments(site: str, lang: str, section: str | None, since: str | None,
                    max_pages: int, known_pages: int, refresh_days: int,
                    max_failure_rate: float, today: str | None = None, revisit_days: int = 30,
                    revisit_budget: int = 0) -> None:
    """Raise UsageError, with one line saying what is wrong, before anything starts: the spider's own
    reading of its arguments (archiver.fetch.arguments), and the failure rate it does not read."""
    from archiver.fetch.arguments import CrawlArguments

    given = {"site": site, "lang": lang, "section": section, "since": since, "max_pages": max_pages,
             "known_pages": known_pages, "refresh_days": refresh_days, "today": today,
             "revisit_days": revisit_days, "revisit_budget": revisit_budget, "db": DEFAULT_DB}
    CrawlArguments.read(given.get)
    if not 0 <= max_failure_rate <= 1:
        raise UsageError("--max-failure-rate is a share between 0 and 1, e.g. 0.05")


def crawl(site: str = "https://www.akorda.kz", lang: str = "kk,ru,en",
          section: str | None = None, db: str = DEFAULT_DB, max_pages: int = 0,
          since: str | None = None, full: bool = False, known_pages: int = 1,
          refresh_days: int = 0, report: str | None = None, max_failure_rate: float = 0.05,
          log_level: str = "WARNING", settings: dict | None = None, today: str | None = None,
          revisit_days: int = 30, revisit_budget: int = 5000, documents: bool = False,
          feed: str | None = None, feed_base: str = DEFAULT_FEED_BASE) -> dict:
    """Crawl `site` into the archive at `db`; returns the run report (see ArchiveSession). `feed`: also
    write the Atom feed of the newest changes there after the run (archiver.serve.feed), linking to
    the archive served at `feed_base`."""
    check_arguments(site, lang, section, since, max_pages, known_pages, refresh_days,
                    max_failure_rate, today, revisit_days, revisit_budget)
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "archiver.fetch.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from spiders.akorda import AkordaSpider

    project = get_project_settings()
    project.setdict({"LOG_LEVEL": log_level, "ARCHIVE_MAX_FAILURE_RATE": max_failure_rate,
                     **(settings or {})}, priority="cmdline")
    process = CrawlerProcess(project)
    if log_level == "WARNING":  # each failure is in the run report: no per-request errors and
        for name in QUIET_LOGGERS:  # tracebacks from Scrapy's retry and robots.txt middlewares
            logging.getLogger(name).setLevel(logging.CRITICAL)
    errors: list[BaseException] = []
    crawler = process.create_crawler(AkordaSpider)
    deferred = process.crawl(
        crawler, site=site, lang=lang, section=section, db=db, max_pages=max_pages,
        since=since, full=full, known_pages=known_pages, refresh_days=refresh_days, today=today,
        revisit_days=revisit_days, revisit_budget=revisit_budget, documents=documents)
    deferred.addErrback(lambda failure: errors.append(failure.value))
    process.start()
    if errors:
        if isinstance(errors[0], ArchiverError):
            raise errors[0]
        raise ArchiverError(f"the crawl could not start: {errors[0]}") from errors[0]
    result = getattr(crawler.spider, "report", None)
    if result is None:
        raise ArchiverError("the crawl ended without a report (see the log above)")
    if report:
        write_json_atomic(Path(report), result)
    if feed:
        write_feed_of(db, feed, feed_base)
    return result


def write_feed_of(db: str, feed: str, feed_base: str) -> int:
    from archiver.serve.feed import write_feed
    from archiver.storage import open_readonly

    conn = open_readonly(db)
    try:
        return write_feed(conn, feed, base=feed_base, db_name=Path(db).stem)
    finally:
        conn.close()


def write_json_atomic(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=2, sort_keys=True)
        out.write("\n")
    os.replace(tmp, path)
