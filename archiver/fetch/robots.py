"""robots.txt in the crawl: what Scrapy's RobotsTxtMiddleware does not do by itself.

The middleware (ROBOTSTXT_OBEY, Protego's parser) fetches robots.txt once per host before the first
request to it and refuses what the rules forbid: IgnoreRequest("Forbidden by robots.txt"), which
reaches the request's errback like a download error (archiver.fetch.reasons: reason "robots"). The
spider records such a page in the frontier as failed (the `failures` view), so every run tries it
again and archives it once the rules allow it; `forbidden_problem` says what the run report adds.
Local settings of a loopback site leave ROBOTSTXT_OBEY alone: the replica's rules are obeyed too.

The middleware reads `Crawl-delay` but nothing applies it. `CrawlDelay`, an extension, does, as soon
as the rules are parsed (signal robots_parsed, sent before the requests waiting for the rules go
on): the site's download slot waits the larger of the Crawl-delay and DOWNLOAD_DELAY between two
requests, without random jitter below it, AutoThrottle's floor is raised to it, and a slot Scrapy
recreates (after a minute idle) keeps it. The fast settings of a loopback site only lower
DOWNLOAD_DELAY, so a replica that asks for 2 s gets 2 s. The delay in force and where it came from
are put in the stats (`archive/delay`), and from there in the run report (`delay_report`).
"""

from __future__ import annotations

from scrapy import signals
from scrapy.extensions.throttle import AutoThrottle
from scrapy.settings import SETTINGS_PRIORITIES

from archiver.storage.frontier import LISTING

STATS = "archive/delay"  # the stats key: {"seconds", "source", "crawl_delay", "configured", ...}
# Requests leave a Crawl-delay apart; their transit times differ by milliseconds (a new connection,
# a busy machine), so the site could see two of them a little closer. This margin keeps the gaps it
# sees at the Crawl-delay or above.
ARRIVAL_MARGIN = 0.1


def configured_source(settings) -> str:
    """Where DOWNLOAD_DELAY came from: the local settings of a loopback site, --set, or the default."""
    priority = settings.getpriority("DOWNLOAD_DELAY")
    if priority == SETTINGS_PRIORITIES["spider"]:
        return "ARCHIVE_LOCAL_SETTINGS, a loopback site"
    if priority == SETTINGS_PRIORITIES["cmdline"]:
        return "--set DOWNLOAD_DELAY"
    return "DOWNLOAD_DELAY"


class CrawlDelay:
    """Apply robots.txt's Crawl-delay to the crawl (see the module's docstring)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT")

    @classmethod
    def from_crawler(cls, crawler) -> CrawlDelay:
        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.parsed, signal=signals.robots_parsed)
        return extension

    def opened(self, spider=None) -> None:
        settings = self.crawler.settings  # final by now (the spider's local settings included)
        self.configured = settings.getfloat("DOWNLOAD_DELAY")
        self.crawler.stats.set_value(STATS, {
            "seconds": self.configured, "source": configured_source(settings),
            "crawl_delay": None, "configured": self.configured,
            "autothrottle": settings.getbool("AUTOTHROTTLE_ENABLED")})

    def parsed(self, robotparser, request) -> None:
        crawl_delay = robotparser.crawl_delay(self.agent)
        delay = dict(self.crawler.stats.get_value(STATS) or {}, crawl_delay=crawl_delay)
        if crawl_delay:
            self.apply(max(crawl_delay + ARRIVAL_MARGIN, self.configured), request)
            if crawl_delay >= self.configured:
                delay.update(seconds=float(crawl_delay), source="robots.txt Crawl-delay")
        self.crawler.stats.set_value(STATS, delay)

    def apply(self, floor: float, request) -> None:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)  # robots.txt came through this slot: it exists
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay, slot.jitter = max(slot.delay, floor), 0.0  # jitter would go below it
        downloader.per_slot_settings[key] = {**downloader.per_slot_settings.get(key, {}),
                                             "delay": slot.delay if slot else floor, "jitter": 0.0}
        for extension in self.crawler.extensions.middlewares:
            if isinstance(extension, AutoThrottle):  # it never sets a slot's delay below mindelay
                extension.mindelay = max(extension.mindelay, floor)


def delay_report(stats: dict) -> dict | None:
    """The delay in force, for the run report (None when the extension did not run)."""
    return stats.get(STATS)


def format_delay(delay: dict) -> str:
    """One line of the run's summary: the delay in force and where it came from."""
    line = f"delay: {delay['seconds']:g} s between requests ({delay['source']}"
    if delay.get("crawl_delay") is not None and delay["source"] != "robots.txt Crawl-delay":
        line += f"; robots.txt Crawl-delay {delay['crawl_delay']:g} s is shorter"
    elif delay["source"] == "robots.txt Crawl-delay":
        line += f"; configured {delay['configured']:g} s"
    if delay.get("autothrottle"):
        line += "; AutoThrottle adapts above it"
    return line + ")"


def forbidden_problem(kind: str, context: dict | None) -> str | None:
    """What the run report says of a page robots.txt forbids: a listing page is a problem (its
    section, or the rest of its walk, was not crawled); an article is only counted."""
    ctx = context or {}
    if kind != LISTING:
        return None
    where = f"{ctx.get('lang')}/{ctx.get('section')}"
    if ctx.get("page", 1) == 1:
        return f"robots.txt forbids section {where}: nothing of it was crawled"
    return f"robots.txt forbids page {ctx['page']} of {where}: its walk stopped there"
