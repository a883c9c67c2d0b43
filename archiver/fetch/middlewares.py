"""Downloader middlewares: polite retries (Retry-After, exponential backoff) and no offsite redirects.

`RetryAfterMiddleware` *replaces* Scrapy's RetryMiddleware (it subclasses it, so RETRY_ENABLED, RETRY_TIMES,
RETRY_HTTP_CODES, RETRY_EXCEPTIONS, the `max_retry_times`/`dont_retry` meta keys and the `retry/*` stats keep
their meaning), and adds:

- a 429 or 503 carrying `Retry-After` (delta-seconds or HTTP-date) delays its whole downloader slot (host):
  requests already queued in the slot are held, and any request for that slot waits in `process_request`,
  until the time has passed; other slots are not touched. The failed request is then retried. Above
  ARCHIVE_RETRY_AFTER_MAX seconds the request is given up (stats `archive/retry_after/too_long`).
- other retries (RETRY_HTTP_CODES without Retry-After, RETRY_EXCEPTIONS) wait ARCHIVE_RETRY_BACKOFF_BASE
  seconds, doubling per attempt, capped by ARCHIVE_RETRY_BACKOFF_MAX; that request only, not its host.
- a failed TLS handshake is not retried: the server's answer does not change within a run (the spider
  stops the run when it comes before any response: archiver.fetch.refusal).

Waiting requests count towards CONCURRENT_REQUESTS, exactly like requests queued behind DOWNLOAD_DELAY.

`OffsiteRedirectGuard` drops redirects (3xx and meta refresh) leaving `allowed_domains`, and 3xx loops (a
target already visited on the way), raising IgnoreRequest so that the request's errback records them. Scrapy's own
OffsiteMiddleware lets through any request with `dont_filter=True`, and RedirectMiddleware copies that flag to
the redirect: start requests and every retry have it, so their redirects to other hosts are followed.

settings.py: DOWNLOADER_MIDDLEWARES = {"scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
"archiver.fetch.middlewares.RetryAfterMiddleware": 550, "archiver.fetch.middlewares.OffsiteRedirectGuard": 60}.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urljoin, urlparse
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.asyncio import call_later, sleep
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message

from archiver.fetch.reasons import tls_failure

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.core.downloader import Downloader
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = frozenset({429, 503})
NOT_BEFORE_META = "archive_not_before"  # wall-clock time before which a backed-off retry is not sent
DEFAULTS = {  # setting -> default, in seconds
    "ARCHIVE_RETRY_AFTER_MAX": 300.0,
    "ARCHIVE_RETRY_BACKOFF_BASE": 1.0,
    "ARCHIVE_RETRY_BACKOFF_MAX": 60.0,
}


def retry_after_seconds(value: bytes | str | None, now: float) -> float | None:
    """Seconds to wait from `now` (a Unix time) for a Retry-After value; None when absent or unparsable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isascii() and text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - now)  # a naive result means GMT, which timestamp() assumes as UTC


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """Delay before retry number `attempt` (1, 2, ...): base, 2*base, 4*base, ... at most cap."""
    return min(cap, base * 2 ** max(0, attempt - 1))


class RetryAfterMiddleware(RetryMiddleware):
    def __init__(
        self, crawler: Crawler, retry_after_max: float, backoff_base: float, backoff_max: float
    ) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.retry_after_max = retry_after_max
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self._not_before: dict[str, float] = {}  # slot key -> time.monotonic() deadline

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured("RETRY_ENABLED is False: nothing is retried")
        values = {name: settings.getfloat(name, default) for name, default in DEFAULTS.items()}
        negative = [name for name, value in values.items() if value < 0]
        if negative:
            raise NotConfigured(f"{', '.join(negative)} must not be negative")
        mw = cls(crawler, *values.values())
        crawler.signals.connect(mw._response_downloaded, signal=signals.response_downloaded)
        return mw

    async def process_request(self, request: Request) -> None:
        while (wait := self._wait_before(request)) > 0:
            await sleep(wait)

    def process_response(  # type: ignore[override]  # no `spider` argument: deprecated in Scrapy 2.14+
        self, request: Request, response: Response
    ) -> Request | Response:
        delay = self._retry_after(response)
        if delay is not None and delay <= self.retry_after_max:
            self._delay_slot(self._slot_key(request), delay)  # binds the host even when not retrying
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        reason = response_status_message(response.status)
        if delay is None:
            return self._retry_with_backoff(request, reason) or response
        if delay > self.retry_after_max:
            self.crawler.stats.inc_value("archive/retry_after/too_long")
            logger.warning(
                "Gave up on %(request)s: %(reason)s with Retry-After %(delay).0f s,"
                " above ARCHIVE_RETRY_AFTER_MAX %(max).0f s",
                {"request": request, "reason": reason, "delay": delay, "max": self.retry_after_max},
            )
            return response
        retry = self._retry(request, reason)
        if retry is None:
            return response
        self.crawler.stats.inc_value("archive/retry_after")
        logger.info(
            "Retrying %(request)s in %(delay).1f s (Retry-After)", {"request": request, "delay": delay}
        )
        return retry

    def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | None:
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry", False) \
                and tls_failure(exception) is None:
            return self._retry_with_backoff(request, exception)
        return None

    def _retry_with_backoff(self, request: Request, reason: str | Exception) -> Request | None:
        retry = self._retry(request, reason)
        if retry is None:
            return None
        delay = backoff_seconds(retry.meta["retry_times"], self.backoff_base, self.backoff_max)
        if delay > 0:
            retry.meta[NOT_BEFORE_META] = time.time() + delay
            self.crawler.stats.inc_value("archive/retry_backoff")
        return retry

    def _retry_after(self, response: Response) -> float | None:
        if response.status not in RETRY_AFTER_STATUSES:
            return None
        return retry_after_seconds(response.headers.get(b"Retry-After"), time.time())

    def _response_downloaded(self, response: Response, request: Request) -> None:
        # Sent before the slot hands its transfer to the next queued request: hold the slot right now.
        delay = self._retry_after(response)
        if delay is not None and delay <= self.retry_after_max:
            self._delay_slot(self._slot_key(request), delay)

    def _downloader(self) -> Downloader:
        assert self.crawler.engine is not None
        return self.crawler.engine.downloader

    def _slot_key(self, request: Request) -> str:
        key = request.meta.get("download_slot")
        return key if key is not None else self._downloader().get_slot_key(request)

    def _wait_before(self, request: Request) -> float:
        wait = 0.0
        if NOT_BEFORE_META in request.meta:  # wall clock, as meta may outlive the process (JOBDIR)
            wait = min(request.meta[NOT_BEFORE_META] - time.time(), self.backoff_max)
        key = self._slot_key(request)
        deadline = self._not_before.get(key)
        if deadline is not None:
            if deadline <= time.monotonic():
                del self._not_before[key]
            wait = max(wait, deadline - time.monotonic())
        return wait

    def _delay_slot(self, key: str, delay: float) -> None:
        deadline = time.monotonic() + delay
        if deadline <= self._not_before.get(key, 0.0):
            return
        self._not_before[key] = deadline
        logger.debug(
            "Retry-After: holding requests to %(slot)s for %(delay).1f s", {"slot": key, "delay": delay}
        )
        # Requests already past the middlewares wait in the slot's queue; Scrapy's own DOWNLOAD_DELAY timer
        # (slot.latercall) holds that queue, so replace it with one firing at the deadline. Needs the
        # downloader's _latercall (Scrapy 2.11-2.19); without it only process_request holds new requests.
        downloader = self._downloader()
        slot = downloader.slots.get(key)
        release = getattr(downloader, "_latercall", None)
        if slot is None or release is None or delay <= 0:
            return
        if slot.latercall is not None:
            slot.latercall.cancel()
        slot.latercall = call_later(delay, release, slot)


def host_is_allowed(host: str, allowed_domains: list[str]) -> bool:
    """Scrapy's rule: the host is an allowed domain or one of its subdomains."""
    host = host.lower()
    return any(host == d or host.endswith("." + d) for d in (d.lower() for d in allowed_domains if d))


class OffsiteRedirectGuard:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ARCHIVE_BLOCK_OFFSITE_REDIRECTS", True):
            raise NotConfigured("ARCHIVE_BLOCK_OFFSITE_REDIRECTS is False")
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        """Seen before RedirectMiddleware (when placed above 600): refuse a 3xx pointing offsite,
        so the request's errback hears of it (Scrapy's OffsiteMiddleware would drop the
        redirected request silently at scheduling time)."""
        location = response.headers.get(b"Location")
        allowed: list[str] = getattr(self.crawler.spider, "allowed_domains", None) or []
        if not (300 <= response.status < 400 and location and allowed) or \
                request.meta.get("allow_offsite") or request.meta.get("dont_redirect"):
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        if target == request.url or target in (request.meta.get("redirect_urls") or ()):
            self.crawler.stats.inc_value("archive/redirect_loop")
            raise IgnoreRequest(f"redirect loop: {request.url} leads back to {target}")
        host = urlparse(target).hostname or ""
        if host_is_allowed(host, allowed):
            return response
        self.crawler.stats.inc_value("archive/offsite_redirect")
        logger.info("Not following offsite redirect from %(src)s to %(dst)s",
                    {"src": request.url, "dst": target})
        raise IgnoreRequest(f"offsite redirect to {host!r}")

    def process_request(self, request: Request) -> None:
        redirect_urls: list[str] = request.meta.get("redirect_urls") or []
        allowed: list[str] = getattr(self.crawler.spider, "allowed_domains", None) or []
        if not redirect_urls or not allowed or request.meta.get("allow_offsite"):
            return
        host = urlparse_cached(request).hostname or ""
        if host_is_allowed(host, allowed):
            return
        self.crawler.stats.inc_value("archive/offsite_redirect")
        logger.info(
            "Not following offsite redirect from %(src)s to %(request)s",
            {"src": redirect_urls[-1], "request": request},
        )
        raise IgnoreRequest(f"offsite redirect to {host!r}")
