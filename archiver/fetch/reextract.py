"""Rebuild articles from their stored WARC captures with the current extractor: no network.

When a selector was wrong (the first live run is where SITE.md's guesses meet the real site),
fixing `archiver/page/extract.py` and running `archiver reextract` repairs the archive in minutes
instead of a re-crawl of days. Each article's newest response capture is read back
(`archiver.fetch.warc_read.CaptureReader`) and extracted again; what a page alone lacks, the listing card's
context (its date, the section, the section's label as category), is taken from the stored row,
so that the result equals what a fresh crawl with the same extractor would store:

- the card date stands in only where the row's date came from the card (date_source "listing");
- the section is the row's; the row's category stands in where the page shows none.

An article whose fields change gets a new version; the previous one goes to `revisions` with
reason "re-extracted" (a crawl that finds the site's page edited records "edited"). A capture that
no longer extracts is listed with its reason and its article is left alone. The run is recorded
in crawl_runs (arguments {"command": "reextract", ...}, 0 requests) like a crawl run.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from archiver import storage
from archiver.errors import ExtractionError, StorageError, UsageError
from archiver.page.extract import ListingEntry, extract_article
from archiver.fetch import Progress
from archiver.fetch.lock import CrawlLock
from archiver.storage.query import date_bound
from archiver.storage.reextract import capture_targets, changed_fields, count_targets, mark_unchanged, write_reextracted
from archiver.page.urls import canonical_url
from archiver.fetch.warc_read import CaptureReader

COMMAND = "reextract"
SAMPLE = 20  # changed articles and failures shown by format_report (the JSON report has them all)
BATCH = 500  # unchanged articles marked per transaction
SHORT = 100  # characters of a changed value kept in the report


def listing_context(row: dict) -> ListingEntry:
    """The listing card's part of an article as the stored row keeps it (see the module doc)."""
    card_date = row["date_raw"] if row["date_source"] == "listing" else None
    return ListingEntry(url=row["url"], title=None, date_raw=card_date, section=row["section"],
                        category=row["category"])


def _check(lang: str | None, since: str | None) -> None:
    storage.normalize_lang(lang)  # UsageError on an unknown language
    if since:
        date_bound(since, "since")


def reextract(db: str = storage.DEFAULT_DB, lang: str | None = None, since: str | None = None,
              section: str | None = None, url: str | None = None, dry_run: bool = False,
              warc_dir: str | None = None, progress: Progress | None = None) -> dict:
    """Re-extract the archived articles (filtered) from their captures; returns the run report.

    dry_run: compare only (read-only, no run recorded). progress(articles, total): wraps the
    articles as they are read (the CLI draws a bar). Raises UsageError on bad arguments,
    LockedError when a crawl holds the archive.
    """
    _check(lang, since)
    if not Path(db).exists():
        raise UsageError(f"no archive at {db} (run `archiver crawl` first)")
    arguments = {"command": COMMAND, "db": db, "lang": lang, "since": since, "section": section,
                 "url": canonical_url(url) if url else None, "dry_run": dry_run}
    warc = Path(warc_dir) if warc_dir else Path(db).resolve().parent / "warc"
    if dry_run:
        conn = storage.open_readonly(db)
        try:
            return _run(conn, None, None, warc, arguments, progress)
        finally:
            conn.close()
    with CrawlLock(db, command=COMMAND):
        archive = storage.open_archive(db)
        reader = storage.open_readonly(db)  # its snapshot (WAL) is not moved by the writes
        try:
            run_id = storage.start_run(archive, arguments)
            try:
                report = _run(reader, archive, run_id, warc, arguments, progress)
            except BaseException:
                storage.finish_run(archive, run_id, "failed", {}, {"interrupted": 1})
                raise
            storage.finish_run(archive, run_id, report["status"], report["counts"],
                               report["dropped"], report)
            report["coverage"] = storage.run_coverage(archive, run_id)
            return report
        finally:
            reader.close()
            archive.conn.close()


def _run(conn, archive, run_id: int | None, warc: Path, arguments: dict,
         progress: Progress | None = None) -> dict:
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    changed, failed, skipped, unchanged = [], [], [], []
    chosen = (arguments["lang"], arguments["since"], arguments["section"], arguments["url"])
    targets = capture_targets(conn, *chosen)
    if progress is not None:
        targets = progress(targets, count_targets(conn, *chosen))
    with CaptureReader(warc) as captures:
        for row in targets:
            if row["warc_file"] is None:
                skipped.append({"url": row["url"], "reason": "no-capture"})
                continue
            try:
                page = captures.payload(row["warc_file"], row["warc_offset"], row["warc_length"])
                article = extract_article(page, row["fetch_url"] or row["url"], listing_context(row))
            except (ExtractionError, StorageError) as exc:
                reason = exc.reason if isinstance(exc, ExtractionError) else "unreadable-capture"
                failed.append({"url": row["url"], "reason": reason, "detail": str(exc)[:300]})
                counts["failed"] += 1
                dropped[reason] += 1
                continue
            fields = changed_fields(row, article)
            if fields and archive is not None:  # the write compares again, inside its transaction
                fields = write_reextracted(archive, article, run_id)
            if not fields and archive is not None:
                unchanged.append(row["url"])
                if len(unchanged) >= BATCH:
                    mark_unchanged(archive, unchanged, run_id)
                    unchanged.clear()
            if fields:
                changed.append({"url": row["url"], "fields": fields,
                                "before": {f: _short(row[f]) for f in fields},
                                "after": {f: _short(getattr(article, f)) for f in fields}})
            counts["changed" if fields else "unchanged"] += 1
    if unchanged:
        mark_unchanged(archive, unchanged, run_id)
    elapsed = time.perf_counter() - started
    pages = counts["changed"] + counts["unchanged"] + counts["failed"]
    problems = [f"{len(failed)} capture(s) no longer extract; their articles were left alone"] \
        if failed else []
    return {
        "run_id": run_id, "status": "failed" if failed else "ok", "dry_run": archive is None,
        "counts": {"requests": 0, "changed": counts["changed"],
                   "unchanged": counts["unchanged"], "failed": counts["failed"],
                   "skipped": len(skipped)},
        "dropped": dict(sorted(dropped.items())), "changed": changed, "failed": failed,
        "skipped": skipped, "problems": problems, "arguments": arguments,
        "elapsed": round(elapsed, 3), "pages_per_second": round(pages / elapsed, 1) if elapsed else None,
    }


def _short(value):
    return value[:SHORT] + "…" if isinstance(value, str) and len(value) > SHORT else value


def format_report(report: dict) -> str:
    """A few lines for people: counts, then the first changed articles and failures."""
    c = report["counts"]
    head = "dry run (nothing written)" if report["dry_run"] else f"reextract run {report['run_id']}"
    lines = [f"{head}: {report['status']} — {c['changed']} changed, {c['unchanged']} unchanged,"
             f" {c['failed']} failed, {c['skipped']} without a capture;"
             f" {report['pages_per_second'] or 0:.0f} pages/s, no network request"]
    for item in report["changed"][:SAMPLE]:
        lines.append(f"  changed {item['url']}: {', '.join(item['fields'])}")
    for item in report["failed"][:SAMPLE]:
        lines.append(f"  failed  {item['url']}: {item['reason']} ({item['detail']})")
    for item in report["skipped"][:SAMPLE]:
        lines.append(f"  skipped {item['url']}: no response capture in the archive")
    more = sum(max(0, len(report[k]) - SAMPLE) for k in ("changed", "failed", "skipped"))
    if more:
        lines.append(f"  ... and {more} more (see --report)")
    lines += [f"problem: {p}" for p in report["problems"]]
    return "\n".join(lines)
