"""One crawl's connection to the archive: the lock, the run row, the WARC writer, the counters.

The spider creates it (so `scrapy crawl akorda` and `archiver crawl` behave alike); the pipeline
and the capture extension write through it. Everything is committed as it happens, so a crawl
killed at any moment leaves an archive the next run completes.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import storage
from .items import Article
from .lock import CrawlLock
from .warc import WarcWriter, payload_digest

log = logging.getLogger(__name__)

# A run "looks broken" when fewer of its articles than this have the field. Dates and categories
# come from the page or else the listing card, so a sharp fall means both changed their markup.
COVERAGE_FLOOR = {"title": 0.95, "body": 0.95, "date": 0.8, "category": 0.8}


@dataclass
class PageFailure:
    """An article page that could not be archived (download error or malformed page)."""

    url: str  # canonical
    reason: str  # e.g. "truncated", "http-500", "timeout"
    detail: str = ""
    listing: dict | None = None  # the listing card's context, to retry with it next run


@dataclass
class RunOptions:
    db: str = storage.DEFAULT_DB
    warc_dir: str | None = None  # default: "warc" beside the database
    warc_max_bytes: int = 100 * 1024 * 1024
    max_failure_rate: float = 0.05
    arguments: dict = field(default_factory=dict)


class ArchiveSession:
    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.lock = CrawlLock(options.db)
        self.lock.__enter__()  # raises LockedError when another crawl holds the archive
        try:
            self.db = storage.open_archive(options.db)
            self.run_id = storage.start_run(self.db, options.arguments)
        except BaseException:
            self.lock.__exit__(None, None, None)
            raise
        warc_dir = options.warc_dir or str(Path(options.db).resolve().parent / "warc")
        self.warc = WarcWriter(warc_dir, max_bytes=options.warc_max_bytes)
        self.failing = {f["url"] for f in storage.pending_failures(self.db)}  # to clear on success
        self.counts: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.report: dict | None = None
        self.closed = False

    # -- articles -------------------------------------------------------------------------
    def store(self, article: Article) -> str:
        outcome = storage.write_article(self.db, article, self.run_id)
        self.resolved(article.url)
        self.counts[outcome] += 1
        return outcome

    def fail(self, failure: PageFailure) -> None:
        storage.record_failure(self.db, failure.url, failure.reason, failure.detail,
                               self.run_id, failure.listing)
        self.failing.add(failure.url)
        self.counts["failed"] += 1
        self.dropped[failure.reason] += 1

    def resolved(self, url: str) -> None:
        """A page that had failed before has now been fetched."""
        if url in self.failing:
            storage.clear_failure(self.db, url)
            self.failing.discard(url)

    def known(self, urls: list[str]) -> set[str]:
        return storage.known_urls(self.db, urls)

    # -- raw captures -----------------------------------------------------------------------
    def capture(self, url: str, fetch_url: str, status: int, headers: list[tuple[str, str]],
                body: bytes) -> str:
        """Write the response to WARC: a full record, or a revisit when the payload is unchanged."""
        fetched = datetime.now(timezone.utc)
        digest = payload_digest(body)
        previous = storage.last_capture(self.db, url)
        if previous and previous["digest"] == digest:
            ref = self.warc.write_revisit(fetch_url, status, headers, digest,
                                          refers_to_uri=previous["fetch_url"],
                                          refers_to_date=previous["fetched_at"],
                                          fetched_at=fetched)
        else:
            ref = self.warc.write_response(fetch_url, status, headers, body, fetched_at=fetched)
        storage.record_capture(self.db, url, fetch_url, ref, status,
                               fetched.strftime("%Y-%m-%dT%H:%M:%SZ"), self.run_id)
        return ref.record_type

    # -- listing progress -------------------------------------------------------------------
    def listing_state(self, lang: str, section: str) -> dict:
        return storage.listing_state(self.db, lang, section)

    def listing_progress(self, lang: str, section: str, page: int, complete: bool = False) -> None:
        storage.save_listing_state(self.db, lang, section, page=page, complete=complete)

    def pending_failures(self) -> list[dict]:
        return storage.pending_failures(self.db)

    # -- the end of the run -----------------------------------------------------------------
    def finish(self, reason: str, stats: dict) -> dict:
        """Close the run row, judge the run, release everything. Returns the run report."""
        if self.closed:
            return self.report or {}
        self.counts["requests"] = int(stats.get("downloader/request_count", 0))
        processed = sum(self.counts[k] for k in ("new", "changed", "unchanged", "duplicate",
                                                 "failed"))
        failure_rate = self.counts["failed"] / processed if processed else 0.0
        coverage = storage.run_coverage(self.db, self.run_id)
        problems = []
        if failure_rate > self.options.max_failure_rate:
            problems.append(f"{failure_rate:.1%} of article pages failed "
                            f"(more than --max-failure-rate {self.options.max_failure_rate:.1%})")
        for name, floor in COVERAGE_FLOOR.items():
            share = coverage.get(name)
            if coverage["articles"] >= 20 and share is not None and share < floor:
                problems.append(f"only {share:.0%} of articles have a {name}: "
                                "the site's markup may have changed")
        status = "failed" if problems or reason not in ("finished",) else "ok"
        self.report = {
            "run_id": self.run_id, "status": status, "finish_reason": reason,
            "counts": {k: self.counts[k] for k in ("requests", "new", "changed", "unchanged",
                                                    "duplicate", "failed")},
            "dropped": dict(sorted(self.dropped.items())), "coverage": coverage,
            "failure_rate": round(failure_rate, 4), "problems": problems,
            "arguments": self.options.arguments,
        }
        storage.finish_run(self.db, self.run_id, status, dict(self.counts), dict(self.dropped),
                           self.report)
        self.close()
        return self.report

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.warc.close()
        self.db.conn.close()
        self.lock.__exit__(None, None, None)


def format_summary(report: dict) -> str:
    c = report["counts"]
    cov = report["coverage"]
    lines = [f"run {report['run_id']}: {report['status']} ({report['finish_reason']}) — "
             f"{c['requests']} requests, {c['new']} new, {c['changed']} changed, "
             f"{c['unchanged']} unchanged, {c['duplicate']} duplicates, {c['failed']} failed"]
    if cov.get("articles"):
        lines.append("coverage: " + ", ".join(
            f"{k} {cov[k]:.0%}" for k in ("title", "date", "body", "category")))
    if report["dropped"]:
        lines.append("failed by reason: " + json.dumps(report["dropped"], ensure_ascii=False))
    lines += [f"problem: {p}" for p in report["problems"]]
    return "\n".join(lines)
