"""The revisit policy (issue 19): which archived pages a run checks again, and the requests that do it.

Every archived page (news article or official page) is checked again within a period the operator
sets. How often depends on its age (its publication date, else the day it was first archived):

    younger than 7 days   every day
    younger than 90 days  every 7 days
    older                 every `revisit_days` (ARCHIVE_REVISIT_DAYS / --revisit-days, 30 by default)

(never less often than every `revisit_days`). A page's checks fall on fixed days of its interval, chosen
by a hash of its URL: the archive's checks are spread evenly over the days, and a page is due on the first
of its days after its last check, so a run that was missed (or cut by the budget) leaves its pages due
for the next one, oldest due first. At most `revisit_budget` (ARCHIVE_REVISIT_BUDGET / --revisit-budget)
revisit requests a run. A page that answered "gone" once (archiver.fetch.recheck) is checked every day
until that is confirmed or refuted. "Today" is the run's `today` (ARCHIVE_TODAY / --today), not the wall
clock when given, so that tests simulate days.

Requests are conditional (If-None-Match / If-Modified-Since from the last 200 capture's ETag and
Last-Modified), follow no redirect (a redirect to a listing is an answer, archiver.fetch.recheck), and
bypass the frontier: a revisit's intent is the watch table's last check, which a lost answer leaves as
it was, so the page stays due.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import scrapy

from archiver.errors import UsageError
from archiver.fetch.pipelines import header_pairs
from archiver.page.urls import CANONICAL_SITE, ISO_TO_SITE, rebase
from archiver.page.watch import DOCUMENT_PATHS
from archiver.storage import watch

TIERS = ((7, 1), (90, 7))  # (age below this many days, checked every this many days)
REVISIT = "revisit"  # Request.meta: (canonical URL, page kind, ISO language)
ANSWERS = [301, 302, 303, 307, 308, 304, 404, 410]  # statuses the revisit reads itself


@dataclass(frozen=True)
class RevisitOptions:
    today: date
    revisit_days: int = 30
    revisit_budget: int = 5000
    documents: bool = False

    @classmethod
    def from_arguments(cls, arg) -> RevisitOptions:
        """From spider arguments / ARCHIVE_* settings (`arg(name)`); UsageError on a bad value."""
        today = arg("today")
        try:
            day = date.fromisoformat(str(today)) if today else datetime.now(timezone.utc).date()
        except ValueError:
            raise UsageError(f"--today needs a date as YYYY-MM-DD, not {today!r}") from None
        days, budget = arg("revisit_days"), arg("revisit_budget")
        try:
            days = 30 if days in (None, "") else int(str(days))
            budget = 0 if budget in (None, "") else int(str(budget))
        except ValueError as exc:
            raise UsageError(f"--revisit-days and --revisit-budget need whole numbers: {exc}") from None
        if days < 1:
            raise UsageError("--revisit-days must be at least 1")
        if budget < 0:
            raise UsageError("--revisit-budget cannot be negative")
        return cls(day, days, budget, str(arg("documents")).lower() in ("1", "true", "yes"))


def interval(age_days: int, revisit_days: int) -> int:
    """Days between two checks of a page this old."""
    for below, every in TIERS:
        if age_days < below:
            return min(every, revisit_days)
    return revisit_days


def phase(url: str) -> int:
    return int.from_bytes(hashlib.sha1(url.encode()).digest()[:8], "big")


def next_due(url: str, last_checked: date, every: int) -> date:
    """The first of the page's days (those whose ordinal is its phase modulo `every`) after its last check."""
    first = last_checked + timedelta(days=1)
    return first + timedelta(days=(phase(url) - first.toordinal()) % every)


def due_day(url: str, age_day: str | None, last_checked: str, state: str, today: date,
            revisit_days: int) -> date:
    checked = date.fromisoformat(last_checked[:10])
    if state == watch.SUSPECT:
        return checked + timedelta(days=1)
    try:
        age = (today - date.fromisoformat(age_day[:10])).days if age_day else revisit_days
    except ValueError:
        age = revisit_days
    return next_due(url, checked, interval(max(age, 0), revisit_days))


def plan(candidates: Iterable[tuple], today: date, revisit_days: int,
         budget: int) -> tuple[int, list[tuple[str, str, str]]]:
    """(how many pages are due today, the (url, page kind, lang) to check: the longest due first,
    at most `budget`)."""
    due = []
    for url, kind, lang, age_day, last_checked, state in candidates:
        day = due_day(url, age_day, last_checked, state, today, revisit_days)
        if day <= today:
            due.append((day, phase(url), url, kind, lang))
    due.sort()
    return len(due), [(url, kind, lang) for _, _, url, kind, lang in due[:budget]]


def start_requests(spider) -> list[scrapy.Request]:
    """This run's revisits and the official pages not yet archived (when `documents` is on)."""
    options: RevisitOptions = spider.options.revisits
    db = spider.session.db
    langs = set(spider.options.langs)
    candidates = (c for c in watch.candidates(db) if c[2] in langs)
    due, chosen = plan(candidates, options.today, options.revisit_days, options.revisit_budget)
    spider.session.revisits_due(due)
    requests = [request(spider, url, kind, lang, db) for url, kind, lang in chosen]
    if options.documents:
        known = watch.document_urls(db)
        for lang in spider.options.langs:
            for path in DOCUMENT_PATHS:
                url = f"{CANONICAL_SITE}/{ISO_TO_SITE[lang]}/{path}"
                if url not in known:
                    requests.append(request(spider, url, "document", lang, db))
    return requests


def request(spider, url: str, page_kind: str, lang: str, db) -> scrapy.Request:
    etag, modified = watch.validators(db, url)
    headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
    return scrapy.Request(rebase(url, spider.options.site), callback=spider.parse_revisit,
                          errback=spider.revisit_failed, dont_filter=True, priority=5,
                          headers=headers,
                          meta={REVISIT: (url, page_kind, lang), "dont_redirect": True,
                                "handle_httpstatus_list": ANSWERS})


def answer(spider, response) -> None:
    url, page_kind, lang = response.meta[REVISIT]
    location = response.headers.get(b"Location")
    spider.session.revisit(url, page_kind, lang, response.url, response.status,
                           header_pairs(response), response.body,
                           location.decode("latin-1") if location else None, None)


def failed(spider, failure) -> None:
    """No answer, or one Scrapy's retries gave up on (5xx): an error, never a sign of removal."""
    request = failure.request
    url, page_kind, lang = request.meta[REVISIT]
    response = getattr(failure.value, "response", None)
    status = response.status if response is not None else 0
    spider.session.revisit(url, page_kind, lang, request.url, status, [], b"", None,
                           f"{type(failure.value).__name__}: {failure.getErrorMessage()}"[:200])
