"""One crawl's connection to the archive: the lock, the run row, the frontier, the WARC writer, the
counters and the run's verdict.

The spider creates it (so `scrapy crawl akorda` and `archiver crawl` behave alike); the pipeline and the
capture extension write through it. Whatever the spider means to fetch goes into the frontier before it
is scheduled (archiver.storage.frontier), and every write is committed as it happens: a crawl stopped at
any moment, however, leaves an archive and a frontier the next run completes. A write that fails (a full
disk, an I/O error) stops the crawl at once: `abort` closes the WARC file cleanly and asks the spider to
close; the run row says why.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from archiver import storage
from archiver.errors import ArchiverError
from archiver.page.extract import ListingEntry
from archiver.page.items import Article
from archiver.fetch.lock import CrawlLock
from archiver.storage import frontier
from archiver.fetch import writer
from archiver.fetch.reasons import ROBOTS
from archiver.fetch.revisit_report import format_revisits, revisit_counts
from archiver.fetch.robots import delay_report, forbidden_problem, format_delay
from archiver.fetch.warc import SUFFIX
from archiver.fetch.warc_read import trim_incomplete
from archiver.fetch.writer import WRITE_ERRORS, WriterConfig

log = logging.getLogger(__name__)

# A run "looks broken" when fewer of its articles than this have the field. Dates and categories
# come from the page or else the listing card, so a sharp fall means both changed their markup.
COVERAGE_FLOOR = {"title": 0.95, "body": 0.95, "date": 0.8, "category": 0.8}
# Room kept free beside the archive (a file deleted when a write fails) so that the run row can still
# be closed with the reason on a full disk.
RESERVE_BYTES = 256 * 1024


@dataclass
class PageFailure:
    """A page that could not be archived or read (download error, malformed page, not a listing)."""

    url: str  # the frontier key: canonical article URL, or the listing page's URL
    reason: str  # e.g. "truncated", "http-500", "timeout", "not-a-listing"
    detail: str = ""
    kind: str = frontier.ARTICLE
    context: dict | None = None  # the listing page, or the listing card: to retry with it


@dataclass
class ArticlePage:
    """An extracted article and the frontier key it was fetched for (the URL as listed)."""

    article: Article
    key: str


@dataclass
class RunOptions:
    db: str = storage.DEFAULT_DB
    warc_dir: str | None = None  # default: "warc" beside the database
    warc_max_bytes: int = 100 * 1024 * 1024
    max_failure_rate: float = 0.05
    arguments: dict = field(default_factory=dict)
    writer: str = "process"  # archiver.fetch.writer: "process" (off the crawl's process) or "inline"
    today: str | None = None  # the run's day (ISO), injectable (archiver.fetch.revisit)


class ArchiveSession:
    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.lock = CrawlLock(options.db)  # keyed on the resolved path: links lead to the same lock
        self.lock.__enter__()  # raises LockedError when another crawl holds the archive
        try:
            self.db = storage.open_archive(options.db)
            interrupted = storage.close_interrupted_runs(self.db)
            self.run_id = storage.start_run(self.db, options.arguments)
        except BaseException:
            self.lock.__exit__(None, None, None)
            raise
        self.reserve = Path(f"{Path(options.db).resolve()}.reserve")
        try:
            self.reserve.write_bytes(bytes(RESERVE_BYTES))
        except OSError:  # already too full: the run will say so at its first write
            self.reserve.unlink(missing_ok=True)
        self.counts: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.listing_failures: Counter[str] = Counter()
        self.strategies: Counter[str] = Counter()
        self.charsets: Counter[str] = Counter()  # charset contradictions, by what was decided
        self.charset_examples: dict[str, str] = {}  # the first page of each
        self.problems: list[str] = []
        self.warc_dir = Path(options.warc_dir or Path(options.db).resolve().parent / "warc")
        self.repaired = self._repair_warc(storage.runs_started_since(self.db, interrupted))
        self.aborted: str | None = None
        self.on_abort: Callable[[str], None] = lambda reason: None  # the spider closes itself
        self.on_count: Callable[[str], None] = lambda name: None  # e.g. Scrapy stats
        # An article page the writer found malformed: (its key, its token, reason, detail). The
        # spider fetches it again or records the failure. Tokens of pages sent, not yet answered:
        self.on_malformed: Callable[[str, object, str, str], None] = self._malformed
        self.extracting: dict[str, object] = {}
        self.report: dict | None = None
        self.closed = False
        config = WriterConfig(str(options.db), str(self.warc_dir), options.warc_max_bytes,
                              self.run_id, options.today)
        try:
            self.writer = writer.start(config, self._answered, options.writer)
        except BaseException:
            self.close(writer=False)
            raise

    def _repair_warc(self, since: str | None) -> list[str]:
        """Trim the torn tail a killed run left in its WARC files; remove files left empty."""
        if since is None or not self.warc_dir.is_dir():
            return []
        started = datetime.fromisoformat(since.replace("Z", "+00:00")).timestamp()
        repaired = []
        for path in sorted(self.warc_dir.glob(f"*{SUFFIX}")):
            if path.stat().st_mtime < started - 1:
                continue
            try:
                if trim_incomplete(path) or path.stat().st_size == 0:
                    repaired.append(path.name)
            except ArchiverError as exc:  # damage inside the file: not ours to cut, say so
                self.problems.append(f"a WARC file is damaged: {exc}")
            if path.stat().st_size == 0:
                path.unlink()
        if repaired:
            log.warning("Repaired WARC files left by an interrupted run: %s", ", ".join(repaired))
        return repaired

    # -- writes go through the archive writer; a failed one stops the crawl ---------------------
    def _answered(self, op: str, committed: bool, value: object) -> None:
        if not committed:
            self.abort(value)
        elif op == "store":
            self._count(str(value))
        elif op == "article":
            key, outcome, record, *why = value
            token = self.extracting.pop(key, None)
            if record:
                self.on_count(f"capture/{record}")
            if outcome == writer.MALFORMED:
                self.on_malformed(key, token, *why)
            else:
                self._count(outcome)
                if why and why[0]:
                    self.charset_contradicted(key, why[0])
        elif op == "capture":
            self.on_count(f"capture/{value}")
        elif op == "revisit":
            self._count(f"revisit/{value}")
        elif op == "abandon" and value:
            self.problem(f"{value} scheduled pages were never answered (recorded as failures)")

    def _count(self, name: str) -> None:
        self.counts[name] += 1
        self.on_count(name)

    def _send(self, op: str, *args, wait: bool = False) -> bool:
        if not self.aborted:
            self.writer.submit(op, *args, wait=wait)
        return not self.aborted

    def abort(self, error: object) -> None:
        """A write failed: stop writing, ask the spider to close."""
        if self.aborted:
            return
        self.aborted = f"cannot write the archive: {error}"
        log.error("Stopping the crawl: %s", self.aborted)
        self.reserve.unlink(missing_ok=True)  # room to close the run row
        self.on_abort("storage-error")

    # -- the frontier ---------------------------------------------------------------------------
    def plan(self, rows: Iterable[tuple[str, str, dict | None]]) -> bool:
        """Record pages to fetch before they are scheduled; False when the archive cannot be written."""
        rows = list(rows)
        return self._send("plan", rows) if rows else not self.aborted

    def settle(self, key: str, then: Iterable[tuple[str, str, dict | None]] = (),
               end_of: tuple[str, str] | None = None) -> bool:
        """A page is done; `then` are the pages it leads to (recorded in the same transaction)."""
        then = list(then)
        return self._send("settle", key, then, end_of)

    def frontier_rows(self) -> list[dict]:
        return frontier.rows(self.db)

    def section_complete(self, lang: str, section: str) -> bool:
        return frontier.section_complete(self.db, lang, section)

    def known(self, urls: list[str]) -> set[str]:
        return storage.known_urls(self.db, urls)

    def listing_strategy(self, strategy: str) -> None:
        self.strategies[strategy] += 1

    def charset_contradicted(self, url: str, note: str) -> None:
        """A page whose bytes contradicted its declared charset (read by the bytes: archiver.page.charset)."""
        self.charsets[note] += 1
        self.charset_examples.setdefault(note, url)
        self.on_count("charset/contradicted")

    def problem(self, text: str) -> None:
        """Something the run report must say (the summary prints it at the end)."""
        log.info("%s", text)
        self.problems.append(text)

    # -- articles, failures, raw captures ----------------------------------------------------------
    def store(self, page: ArticlePage) -> None:
        """Archive an article (its outcome is counted once the writer has committed it)."""
        self._send("store", page.article, page.key)

    def archive(self, key: str, fetch_url: str, status: int, headers: list[tuple[str, str]],
                body: bytes, listing: ListingEntry | None, capture: bool = True,
                token: object = None) -> None:
        """Archive an article page: the writer keeps the response in WARC (`capture`), extracts the
        article (off the crawl's process) and stores it. A page that gives no article comes back as
        on_malformed(key, token, reason, detail)."""
        self.extracting[key] = token  # before sending: an inline writer answers at once
        if not self._send("article", key, fetch_url, status, headers, body, listing, capture):
            self.extracting.pop(key, None)

    def revisit(self, url: str, page_kind: str, lang: str, fetch_url: str, status: int,
                headers: list[tuple[str, str]], body: bytes, location: str | None,
                error: str | None) -> None:
        """A revisit's answer (or its error) to the writer (archiver.fetch.recheck)."""
        self._send("revisit", url, page_kind, lang, fetch_url, status, headers, body, location, error)

    def revisits_due(self, due: int) -> None:
        self.counts["revisit/due"] = due

    def _malformed(self, key: str, token: object, reason: str, detail: str) -> None:
        """Without a spider to fetch it again: recorded as failed (the next run retries it)."""
        self.fail(PageFailure(key, reason, detail))

    def flush(self) -> None:
        """Wait until everything sent is committed and answered."""
        self.writer.flush()

    def fail(self, failure: PageFailure) -> None:
        if not self._send("fail", failure.url, failure.kind, failure.reason, failure.detail,
                          failure.context):
            return
        if failure.reason == ROBOTS:  # the operator's word: a listing page not read is a problem
            problem = forbidden_problem(failure.kind, failure.context)
            if problem:
                self.problems.append(problem)
            else:
                self.counts["forbidden"] += 1
        elif failure.kind == frontier.LISTING:
            self.listing_failures[failure.reason] += 1
        else:
            self.counts["failed"] += 1
        self.dropped[failure.reason] += 1
        self.on_count(f"dropped/{failure.reason}")

    def capture(self, url: str, fetch_url: str, status: int, headers: list[tuple[str, str]],
                body: bytes) -> None:
        """Keep the response in WARC (a response record, or a revisit when unchanged)."""
        self._send("capture", url, fetch_url, status, headers, body)

    # -- the end of the run -----------------------------------------------------------------
    def finish(self, reason: str, stats: dict) -> dict:
        """Close the run row, judge the run, release everything. Returns the run report."""
        if self.closed:
            return self.report or {}
        self.counts["requests"] = int(stats.get("downloader/request_count", 0))
        if reason == "finished":
            self._send("abandon", wait=True)
        try:
            self.writer.close()  # everything sent is committed (or refused) before the verdict
        except WRITE_ERRORS as exc:
            self.abort(exc)
        self.report = self._verdict(reason)
        self.report["delay"] = delay_report(stats)
        began = stats.get("start_time")  # Scrapy's engine start: the archive and its writer were ready
        self.report["engine_started"] = began.isoformat() if hasattr(began, "isoformat") else None
        try:
            storage.finish_run(self.db, self.run_id, self.report["status"], dict(self.counts),
                               dict(self.dropped), self.report)
        except WRITE_ERRORS as exc:  # a full disk: the next run marks this row interrupted
            log.error("Could not close run %s in the archive: %s", self.run_id, exc)
        self.close()
        return self.report

    def _verdict(self, reason: str) -> dict:
        processed = sum(self.counts[k] for k in ("new", "changed", "unchanged", "duplicate",
                                                 "failed"))
        failure_rate = self.counts["failed"] / processed if processed else 0.0
        coverage = storage.run_coverage(self.db, self.run_id)
        problems = ([self.aborted] if self.aborted else []) + self.problems
        if self.listing_failures:
            problems.append(f"{sum(self.listing_failures.values())} listing pages could not be read "
                            f"({_reasons(self.listing_failures)}): retried by the next run")
        if failure_rate > self.options.max_failure_rate:
            problems.append(f"{failure_rate:.1%} of article pages failed "
                            f"(more than --max-failure-rate {self.options.max_failure_rate:.1%})")
        for name, floor in COVERAGE_FLOOR.items():
            share = coverage.get(name)
            if coverage["articles"] >= 20 and share is not None and share < floor:
                problems.append(f"only {share:.0%} of articles have a {name}: "
                                "the site's markup may have changed")
        left = frontier.counts(self.db, self.run_id)
        status = "failed" if problems or reason != "finished" else "ok"
        return {
            "run_id": self.run_id, "status": status, "finish_reason": reason,
            "counts": {k: self.counts[k] for k in ("requests", "new", "changed", "unchanged",
                                                    "duplicate", "failed", "forbidden")},
            "dropped": dict(sorted(self.dropped.items())), "coverage": coverage,
            "listing_failures": dict(sorted(self.listing_failures.items())),
            "listing_strategies": dict(sorted(self.strategies.items())),
            "charset_contradictions": [{"pages": n, "decision": note, "example": self.charset_examples[note]}
                                       for note, n in self.charsets.most_common()],
            "frontier_left": left, "warc_repaired": self.repaired,
            "failure_rate": round(failure_rate, 4), "problems": problems,
            "arguments": self.options.arguments, "revisits": revisit_counts(self.counts),
        }

    def close(self, writer: bool = True) -> None:
        if self.closed:
            return
        self.closed = True
        if writer:
            try:
                self.writer.close()
            except WRITE_ERRORS as exc:
                log.error("Could not close the archive writer: %s", exc)
        self.db.conn.close()
        self.reserve.unlink(missing_ok=True)
        self.lock.__exit__(None, None, None)


def _reasons(counter: Counter[str]) -> str:
    return ", ".join(f"{n} {reason}" for reason, n in sorted(counter.items()))


def format_summary(report: dict) -> str:
    c = report["counts"]
    cov = report["coverage"]
    lines = [f"run {report['run_id']}: {report['status']} ({report['finish_reason']}) — "
             f"{c['requests']} requests, {c['new']} new, {c['changed']} changed, "
             f"{c['unchanged']} unchanged, {c['duplicate']} duplicates, {c['failed']} failed"
             + (f", {c['forbidden']} forbidden by robots.txt" if c.get("forbidden") else "")]
    if report.get("delay"):
        lines.append(format_delay(report["delay"]))
    if cov.get("articles"):
        lines.append("coverage: " + ", ".join(
            f"{k} {cov[k]:.0%}" for k in ("title", "date", "body", "category")))
    strategies = report.get("listing_strategies") or {}
    if set(strategies) - {"content-column"}:
        lines.append("listing pages read by strategy: " + json.dumps(strategies) +
                     " (page-scan: no article link in the content column, so the whole page was"
                     " read; the real listings' column is not known (SITE.md), or the layout moved)")
    for contradiction in report.get("charset_contradictions") or []:
        lines.append(f"charset: {contradiction['pages']} pages: {contradiction['decision']} "
                     f"(e.g. {contradiction['example']})")
    if report.get("revisits"):
        lines.append(format_revisits(report["revisits"]))
    if report["dropped"]:
        lines.append("failed by reason: " + json.dumps(report["dropped"], ensure_ascii=False))
    lines += [f"problem: {p}" for p in report["problems"]]
    return "\n".join(lines)

