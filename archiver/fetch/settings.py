"""Scrapy settings for the archiver. Defaults are for the live site: gentle and identifiable.

Every value has a one-line why. Project settings share the ARCHIVE_ prefix; the same word is the
spider argument and the CLI flag (ARCHIVE_SINCE / -a since= / --since).
"""

from __future__ import annotations

from archiver import __version__

BOT_NAME = "akorda-archiver"
SPIDER_MODULES = ["spiders"]  # spiders live in the top-level spiders/ package
NEWSPIDER_MODULE = "spiders"

# Who we are, so the site's operators can reach us instead of blocking us.
ARCHIVE_CONTACT_URL = "https://github.com/akorda-archiver/akorda-archiver#contact"
USER_AGENT = f"akorda-archiver/{__version__} (+{ARCHIVE_CONTACT_URL})"
ROBOTSTXT_OBEY = True  # the site's robots.txt is the operator's word (its Crawl-delay: archiver.fetch.robots)

# Politeness on the live site: at most 2 requests in flight, AutoThrottle adapts to its latency.
CONCURRENT_REQUESTS = 2
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0  # AutoThrottle never goes below this
DOWNLOAD_DELAY_JITTER = 0  # a floor is a floor: Scrapy's default ±50% sent requests 0.7 s apart
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30  # a page that does not come in 30 s is retried later, not waited on

# The site's certificate was recorded failing verification (SITE.md, "insecure-tls"); its pages are
# public and every response is kept in WARC with its digest. Scrapy's default, written out.
DOWNLOAD_VERIFY_CERTIFICATES = False

# News pages are ~50-200 KB; anything far larger is not an article (or a decompression bomb).
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

# Transient failures are retried with a budget; Retry-After is honoured (scrapy#3849) and plain
# retries back off exponentially. Our middleware subclasses Scrapy's and takes its slot.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "archiver.fetch.middlewares.RetryAfterMiddleware": 550,
    # Redirects off the site are refused where the request's errback hears of it: above
    # RedirectMiddleware (600) so it sees the 3xx first; Scrapy would otherwise drop them silently
    # (or follow them, for dont_filter requests such as retries).
    "archiver.fetch.middlewares.OffsiteRedirectGuard": 650,
}
RETRY_ENABLED = True
RETRY_TIMES = 3  # under 10% faults, 4 failures in a row happen ~1 in 10,000 requests
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
ARCHIVE_RETRY_AFTER_MAX = 300  # a longer Retry-After: give this request up, retry next run
ARCHIVE_RETRY_BACKOFF_BASE = 1.0  # 1, 2, 4 ... s between plain retries
ARCHIVE_RETRY_BACKOFF_MAX = 60
ARCHIVE_BLOCK_OFFSITE_REDIRECTS = True
REDIRECT_MAX_TIMES = 5

# The spider re-queues malformed pages with get_retry_request, which carries retry_times on
# purpose; Scrapy 2.19's meta-copy detector would warn about it on every such retry.
SPIDER_MIDDLEWARES = {"scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None}

# Our pipeline is synchronous, so parallel item processing buys nothing, and Scrapy 2.19 starts
# CONCURRENT_ITEMS asyncio tasks for every callback's output: 1 cut crawl CPU by ~20%.
CONCURRENT_ITEMS = 1

ITEM_PIPELINES = {"archiver.fetch.pipelines.ArchivePipeline": 300}
# Scrapy's messages without a DEBUG record per stored article unless LOG_LEVEL is DEBUG.
LOG_FORMATTER = "archiver.fetch.pipelines.ItemLogFormatter"
EXTENSIONS = {"archiver.fetch.pipelines.CaptureExtension": 500, "archiver.fetch.progress.CrawlProgress": 510,
              "archiver.fetch.robots.CrawlDelay": 520}
# Progress on stderr (archiver/fetch/progress.py): a line every N seconds; on a terminal, a line
# redrawn in place every second (a new line every 2 s on a terminal that reports no width).
ARCHIVE_PROGRESS_INTERVAL = 30.0  # 0: no progress output
ARCHIVE_PROGRESS_LIVE = "auto"  # auto: live when stderr is a terminal; true/false to force

# Where the archive lives (the CLI's --db); raw captures go to "warc/" beside it.
ARCHIVE_DB = "data/archive.db"
ARCHIVE_WARC_DIR = None
ARCHIVE_WARC_MAX_BYTES = 100 * 1024 * 1024  # rotate WARC files at 100 MB
# Storage and WARC capture run in a writer process of their own (archiver.fetch.writer), so that they cost
# the crawl's process nothing; "inline" keeps them in the crawl's process.
ARCHIVE_WRITER = "process"
ARCHIVE_MAX_FAILURE_RATE = 0.05  # a run with more failed pages than this exits non-zero

# Which part of the site, and how much of it (spider arguments of the same names override).
ARCHIVE_SITE = "https://www.akorda.kz"
ARCHIVE_LANG = "kk,ru,en"
ARCHIVE_SECTION = None  # None: every section in archiver.page.urls.SECTIONS
ARCHIVE_MAX_PAGES = 0  # listing pages per section; 0: no limit
ARCHIVE_SINCE = None  # YYYY, YYYY-MM or YYYY-MM-DD: do not walk listings past older articles
ARCHIVE_FULL = False  # walk every listing page even when the archive already knows them
ARCHIVE_KNOWN_PAGES = 1  # stop a walk after this many pages of already archived articles
ARCHIVE_REFRESH_DAYS = 0  # re-fetch articles published in the last N days to catch edits
# Revisits (archiver.fetch.revisit): every archived page is checked again, daily in its first week,
# weekly to 90 days, then every ARCHIVE_REVISIT_DAYS; at most ARCHIVE_REVISIT_BUDGET revisits a run.
ARCHIVE_REVISIT_DAYS = 30
ARCHIVE_REVISIT_BUDGET = 5000  # the default policy asks ~3,600 a day of a 100,000-article archive
ARCHIVE_TODAY = None  # the run's day (YYYY-MM-DD); None: today in UTC. Tests simulate days with it
ARCHIVE_DOCUMENTS = False  # also archive the menu's official pages (archiver.page.watch.DOCUMENT_PATHS)
# Pagination that must end (archiver.fetch.pagination): a section's walk stops, with a problem in the run
# report, past this many listing pages (the largest real section is a few thousand pages), or after
# this many pages in a row without a link not already seen in the run.
ARCHIVE_MAX_DEPTH = 20000
ARCHIVE_MAX_STALE_PAGES = 3

# Against the local replica (a loopback --site) speed is the point, not politeness; robots.txt is
# still obeyed, and its Crawl-delay still wins over this DOWNLOAD_DELAY (archiver.fetch.robots).
ARCHIVE_LOCAL_SETTINGS = {
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 10,
    "ARCHIVE_RETRY_BACKOFF_BASE": 0.05,
}

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False  # nothing should listen on a port during an unattended crawl
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19's code-executing control server: never unattended
FEED_EXPORT_ENCODING = "utf-8"
