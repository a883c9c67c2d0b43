"""The archive writer's half of a revisit (issue 19): what an answer means, and the changes it records.

Runs in the archive writer (archiver.fetch.writer), inside its batch transaction. Every page stored
(by a listing walk or a revisit) records its change in `changes` (archiver.storage.changes): `new`,
or `edited` with the classification of archiver.read.diff (typographic / minor / substantive, title
and date line apart, the words removed and added), both versions and both captures; and its check
in `watch` (archiver.storage.watch).

Removal is an event, confirmed before it is recorded:
- an answer says "gone" when it is 404 or 410, a redirect to a listing or the home page, or an
  article URL serving another article (its language switcher links another slug-id);
- errors (5xx after Scrapy's retries, timeouts, refused connections, a page that cannot be read) say
  nothing: they neither confirm nor refute a removal;
- a page is `removed` once CONFIRM_CHECKS checks said "gone", the first and the last at least
  CONFIRM_DAYS days apart, with no good answer between (a page that said "gone" once is checked every
  day: archiver.fetch.revisit). The change row's detail says what was seen, how often, since when; its
  old side is the last good version and capture. Nothing is deleted;
- a removed page that answers again (200, or 304 to the last good capture's validators) is
  `restored`, classified like an edit when its text changed (a new revision).
"""

from __future__ import annotations

from datetime import date

from archiver.errors import ExtractionError
from archiver.page.listing import ListingEntry
from archiver.page.watch import extract_document, other_article, redirect_gone
from archiver.read.diff import classify
from archiver.storage import watch
from archiver.storage.changes import record_change

CONFIRM_CHECKS = 3  # checks that said "gone"
CONFIRM_DAYS = 2  # days between the first and the last of them, at least


def note_store(writer, url: str, page_kind: str, lang: str, old: dict | None, new: dict,
               outcome: str, restored: bool = False) -> str:
    """Record the change a store made (and the page's check); returns the outcome, "changed" for a
    date line that moved without a new text."""
    row = watch.watch_row(writer.db, url)
    captured = writer.captured if writer.captured_url == url else None
    common = dict(url=url, lang=lang, page_kind=page_kind, seen_at=writer.seen_at(),
                  run_id=writer.run_id, new_capture=captured)
    if outcome == "new":
        record_change(writer.db, kind="new", new_version=1, **common)
    elif outcome in ("changed", "unchanged") and old is not None:
        if new.get("date_raw") is None:  # a page without its date keeps the one stored (write_article)
            new = {**new, "date_raw": old["date_raw"]}
        if outcome == "unchanged" and new["date_raw"] == old["date_raw"] and not restored:
            return _checked(writer, url, page_kind, lang, outcome, captured)  # nothing to classify
        verdict = classify(old, new)
        moved = outcome == "changed" or verdict.date_changed
        if moved or restored:
            version = old["version"] + (outcome == "changed")
            record_change(writer.db, kind="restored" if restored else "edited",
                          significance=verdict.significance if moved else None,
                          title_changed=verdict.title_changed, date_changed=verdict.date_changed,
                          words_removed=verdict.words_removed, words_added=verdict.words_added,
                          old_version=old["version"], new_version=version,
                          old_capture=row["good_capture"] if row else None, **common)
        outcome = "changed" if moved else outcome
    return _checked(writer, url, page_kind, lang, outcome, captured)


def _checked(writer, url: str, page_kind: str, lang: str, outcome: str, captured: int | None) -> str:
    if outcome != "duplicate":
        watch.checked(writer.db, url, page_kind, lang, writer.today, state=watch.PRESENT,
                      gone_since=None, last_gone=None, gone_checks=0, gone_reason=None,
                      **({"good_capture": captured} if captured else {}))
    return outcome


def revisit(writer, url: str, page_kind: str, lang: str, fetch_url: str, status: int,
            headers: list, body: bytes, location: str | None, error: str | None) -> str:
    """Read one revisit's answer: "304", "unchanged", "changed", "restored", "gone" (said gone, not
    yet confirmed, or still removed), "removed" (confirmed now), "new" (an official page archived for
    the first time), "missing" (an official page the site does not serve) or "error"."""
    writer.captured = None
    if status and error is None:
        writer.capture(url, fetch_url, status, headers, body)
    row = watch.watch_row(writer.db, url) or {"state": watch.PRESENT, "gone_checks": 0,
                                              "gone_since": None, "last_checked": None,
                                              "last_gone": None}
    old = watch.current(writer.db, url, page_kind)
    if old is None and page_kind == "document":
        return _first_document(writer, url, lang, fetch_url, status, headers, body)
    if old is None:  # no longer in the archive (deleted by the operator): nothing to compare
        return "error"
    gone = None if error else _gone(url, page_kind, fetch_url, status, location, body, headers)
    if gone:
        return _said_gone(writer, url, page_kind, lang, row, old, gone)
    restored = row["state"] == watch.REMOVED
    if status == 304:
        if restored:
            note_store(writer, url, page_kind, lang, old, old, "unchanged", restored=True)
        else:
            _keep(writer, url, page_kind, lang, row)
        return "restored" if restored else "304"
    if status != 200 or error:
        watch.checked(writer.db, url, page_kind, lang, writer.today)
        return "error"
    try:
        outcome = _store(writer, url, page_kind, lang, fetch_url, headers, body, old, restored)
    except ExtractionError:
        watch.checked(writer.db, url, page_kind, lang, writer.today)
        return "error"
    return "restored" if restored else outcome


def _keep(writer, url: str, page_kind: str, lang: str, row: dict) -> None:
    """A 304: the page is there as last captured (a suspect one was a false alarm)."""
    watch.checked(writer.db, url, page_kind, lang, writer.today, state=watch.PRESENT,
                  gone_since=None, last_gone=None, gone_checks=0, gone_reason=None)


def _store(writer, url, page_kind, lang, fetch_url, headers, body, old, restored) -> str:
    charset = writer.charset(headers)
    if page_kind == "document":
        doc = extract_document(body, fetch_url, charset)
        outcome = watch.write_document(writer.db, url, lang, doc.path, doc.title, doc.body,
                                       writer.run_id, writer.seen_at())
        new = {"title": doc.title, "body": doc.body, "date_raw": None}
        return note_store(writer, url, page_kind, lang, old, new, outcome, restored)
    current = writer.article_row(url)
    card = ListingEntry(url, None, current.get("date_raw"), current.get("section"),
                        current.get("category"))  # speeches show no date: keep the card's, and
    # the section and category the listing gave (a revisit comes from no listing)
    return writer.store_page(body, fetch_url, card, charset, url, restored=restored)


def _first_document(writer, url, lang, fetch_url, status, headers, body) -> str:
    if status != 200:
        return "missing"
    try:
        doc = extract_document(body, fetch_url, writer.charset(headers))
    except ExtractionError:
        return "missing"
    outcome = watch.write_document(writer.db, url, lang, doc.path, doc.title, doc.body,
                                   writer.run_id, writer.seen_at())
    return note_store(writer, url, "document", lang, None, {}, outcome)


def _gone(url, page_kind, fetch_url, status, location, body, headers) -> str | None:
    if status in (404, 410):
        return f"HTTP {status}"
    if 300 <= status < 400 and location and redirect_gone(fetch_url, location):
        return f"HTTP {status} to {location}"
    if status == 200 and page_kind == "article":
        other = other_article(body, url)
        if other:
            return f"served another article ({other})"
    return None


def _said_gone(writer, url: str, page_kind: str, lang: str, row: dict, old: dict, reason: str) -> str:
    today = writer.today
    if row["state"] == watch.REMOVED:
        watch.checked(writer.db, url, page_kind, lang, today)
        return "gone"
    counted = row["gone_checks"] + (row.get("last_gone") != today)  # one a day
    since = row["gone_since"] or today
    days = (date.fromisoformat(today) - date.fromisoformat(since)).days
    if counted >= CONFIRM_CHECKS and days >= CONFIRM_DAYS:
        record_change(writer.db, url=url, lang=lang, page_kind=page_kind, kind="removed",
                      seen_at=writer.seen_at(), run_id=writer.run_id, old_version=old["version"],
                      old_capture=row.get("good_capture"), new_capture=writer.captured,
                      detail=f"{reason} on {counted} checks over {days} days (first {since})")
        watch.checked(writer.db, url, page_kind, lang, today, state=watch.REMOVED,
                      gone_since=since, last_gone=today, gone_checks=counted, gone_reason=reason)
        return "removed"
    watch.checked(writer.db, url, page_kind, lang, today, state=watch.SUSPECT, gone_since=since,
                  last_gone=today, gone_checks=counted, gone_reason=reason)
    return "gone"
