"""The archive writer: extraction, storage and WARC capture off the crawl's critical path.

`ArchiveWriter` applies the crawl's writes: frontier rows (`plan`, `settle`, `fail`), article pages
(`article`: extracted here, then stored; `store` for an article extracted already), raw responses
(`capture`). `WriterProcess` runs it in a process of its own: the crawl
sends each operation through a pipe and goes on; the writer applies them in order, in transactions
of up to BATCH operations, and answers each once its transaction is committed. `InlineWriter` runs it
in the crawl's own process (ARCHIVE_WRITER = "inline"), one transaction per operation.

The crawl waits for none of it (at most MAX_IN_FLIGHT operations wait in the pipe: back-pressure keeps
memory bounded), and the frontier's promise (archiver.storage.frontier) still holds, because the writer
applies operations in the order they were sent and each is atomic:
- a listing page's `settle` removes its row and adds the rows of the pages it leads to in one
  transaction, sent before any of those pages' own results: if the crawl dies before it is committed,
  the listing page's row is still pending and the next run reads it again, finding the same pages;
- `plan` at the start records page 1 of each section (planned again by every run) and rows that are
  already in the frontier;
- an article's `article` or `store`, or a `fail`, settles its row: if it is lost, the row stays pending
  and the page is fetched again. An article page that gives no article (cut short, a maintenance
  page) settles nothing: it is answered MALFORMED, and the crawl fetches it again (RETRY_TIMES) or
  records the failure.
The crawl's process is then left with downloading and reading listing pages: on two cores the
download and the extraction of article pages run side by side.
A writer whose crawl died finishes what it received, then exits (end of the pipe); it ignores SIGINT and
SIGTERM, which are the crawl's to handle.

A failed write (a full disk) is answered as an error: the session stops the crawl; the writer cuts its
WARC file back to the last whole record and refuses everything after.
"""

from __future__ import annotations

import atexit
import fcntl
import logging
import multiprocessing
import pickle
import queue
import signal
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import count

from w3lib.encoding import http_content_type_encoding

from archiver import storage
from archiver.errors import ArchiverError, ExtractionError, StorageError
from archiver.page.extract import ListingEntry, extract_article
from archiver.page.urls import canonical_url
from archiver.storage import frontier, watch
from archiver.fetch import recheck
from archiver.fetch.warc import WarcWriter, payload_digest

log = logging.getLogger(__name__)

WRITE_ERRORS = (sqlite3.Error, OSError, ArchiverError)
BATCH = 100  # operations per transaction at most (one commit each: ~0.38 ms, in batches ~0.17 ms)
# How long a transaction waits for more operations before it commits. A commit writes every page the
# transaction touched (64 KB pages: archiver.storage.schema.PAGE_SIZE) to the WAL: batches of the few
# operations that happened to be waiting made commits 16% of the writer's CPU. Nothing is answered
# before its commit, so the crawl's promise is unchanged: what is not committed is fetched again.
LINGER = 0.1
MAX_IN_FLIGHT = 256  # operations sent and not yet committed, at most
MALFORMED = "malformed"  # the outcome of an `article` whose page gives no article
PIPE_BYTES = 1 << 20  # the requests pipe's kernel buffer (Linux's default limit for F_SETPIPE_SZ)


@dataclass(frozen=True)
class WriterConfig:
    db: str
    warc_dir: str
    warc_max_bytes: int
    run_id: int
    today: str | None = None  # the run's day (ISO date; injectable: archiver.fetch.revisit), else UTC's


class ArchiveWriter:
    """The writes of one crawl run, on the writer's own connection and WARC files."""

    def __init__(self, config: WriterConfig) -> None:
        self.run_id = config.run_id
        self.db = storage.open_archive(config.db)
        self.warc = WarcWriter(config.warc_dir, max_bytes=config.warc_max_bytes)
        self.broken: str | None = None
        self.today = config.today or datetime.now(timezone.utc).date().isoformat()
        self.captured: int | None = None  # captures.id of the last capture, and its canonical URL
        self.captured_url: str | None = None

    def plan(self, rows: list) -> None:
        frontier.add(self.db, rows, self.run_id)

    def settle(self, key: str, then: list, end_of: tuple[str, str] | None) -> None:
        frontier.settle(self.db, key, then, self.run_id, end_of)

    def fail(self, url: str, kind: str, reason: str, detail: str, context: dict | None) -> None:
        frontier.fail(self.db, url, kind, reason, detail, context, self.run_id)

    def article(self, key: str, fetch_url: str, status: int, headers: list, body: bytes,
                listing: ListingEntry | None, capture: bool) -> tuple:
        """Capture an article page (when `capture`), extract it in the charset its Content-Type
        header declares (else its own) and archive it: (key,
        new/changed/unchanged/duplicate, WARC record type or None, what its bytes said against its
        declared charset or None). A page that gives no article
        is left to the crawl, which fetches it again or records it: (key, MALFORMED, record type,
        reason, detail); only its capture is written."""
        self.captured = None
        record = self.capture(canonical_url(fetch_url), fetch_url, status, headers, body) \
            if capture else None
        try:
            page = extract_article(body, fetch_url, listing, _declared_charset(headers))
        except ExtractionError as exc:
            return key, MALFORMED, record, exc.reason, str(exc)
        return key, self.store(page, key), record, page.charset_note

    def store_page(self, body: bytes, fetch_url: str, listing: ListingEntry | None,
                   charset: str | None, key: str, restored: bool = False) -> str:
        """Extract and store an article page already captured (a revisit); ExtractionError."""
        return self.store(extract_article(body, fetch_url, listing, charset), key, restored)

    def store(self, article, key: str, restored: bool = False) -> str:
        """Archive an article fetched for frontier row `key`; returns new/changed/unchanged/duplicate.
        The change it makes is recorded with its classification (archiver.fetch.recheck)."""
        old = watch.current(self.db, article.url)
        outcome = storage.write_article(self.db, article, self.run_id, self.seen_at())
        if article.text_lang and article.lang and article.text_lang != article.lang:
            frontier.record_language_mismatch(self.db, article.url, article.lang,
                                              article.text_lang, self.run_id)
        if key != article.url:  # the listed URL redirected: remember it as known
            frontier.add_alias(self.db, key, article.url, self.run_id)
        frontier.settle(self.db, key, run_id=self.run_id)
        new = {"title": article.title, "body": article.body, "date_raw": article.date_raw}
        return recheck.note_store(self, article.url, "article", article.lang, old, new, outcome,
                                  restored)

    def revisit(self, *args) -> str:
        """A revisit's answer (archiver.fetch.recheck.revisit)."""
        return recheck.revisit(self, *args)

    def seen_at(self) -> str:
        """Now, on the run's day (its `today`)."""
        return f"{self.today}{storage.now_iso()[10:]}"

    def charset(self, headers: list) -> str | None:
        return _declared_charset(headers)

    def article_row(self, url: str) -> dict:
        return storage.get_article(self.db, url) or {}

    def capture(self, url: str, fetch_url: str, status: int, headers: list, body: bytes) -> str:
        """Write a response to WARC: a full record, or a revisit when the payload is unchanged."""
        fetched = datetime.now(timezone.utc)
        digest = payload_digest(body)
        previous = storage.last_capture(self.db, url)
        if previous and previous["digest"] == digest:
            ref = self.warc.write_revisit(fetch_url, status, headers, digest,
                                          refers_to_uri=previous["fetch_url"],
                                          refers_to_date=previous["fetched_at"], fetched_at=fetched)
        else:
            ref = self.warc.write_response(fetch_url, status, headers, body, fetched_at=fetched,
                                           digest=digest)
        values = {name.lower(): value for name, value in headers}
        self.captured_url = url
        self.captured = storage.record_capture(
            self.db, url, fetch_url, ref, status, fetched.strftime("%Y-%m-%dT%H:%M:%SZ"), self.run_id,
            values.get("etag"), values.get("last-modified"))
        return ref.record_type

    def abandon(self) -> int:
        return frontier.abandon_pending(self.db, self.run_id, "unanswered",
                                        "scheduled but never answered in the run")

    def apply(self, op: str, args: tuple):
        if self.broken:
            raise StorageError(self.broken)
        return getattr(self, op)(*args)

    def fail_all(self, exc: BaseException) -> None:
        self.broken = self.broken or str(exc)
        self.warc.discard_broken()

    def close(self) -> None:
        try:
            self.warc.close()
        finally:
            self.db.conn.close()


Reply = Callable[[str, bool, object], None]  # (op, committed, result or error text)


class InlineWriter:
    """The writer in the crawl's process: each operation applied and answered at once."""

    def __init__(self, config: WriterConfig, on_reply: Reply) -> None:
        self.writer, self.on_reply = ArchiveWriter(config), on_reply

    def submit(self, op: str, *args, wait: bool = False) -> None:
        try:
            result = self.writer.apply(op, args)
        except WRITE_ERRORS as exc:
            self.writer.fail_all(exc)
            self.on_reply(op, False, str(exc))
        else:
            self.on_reply(op, True, result)

    def flush(self) -> None:
        return

    def close(self) -> None:
        self.writer.close()


class WriterProcess:
    """The writer in a process of its own (started with "spawn": it inherits no lock or socket)."""

    def __init__(self, config: WriterConfig, on_reply: Reply) -> None:
        context = multiprocessing.get_context("spawn")
        requests, self.requests = context.Pipe(duplex=False)
        self.replies, replies = context.Pipe(duplex=False)
        _widen(self.requests)
        self.process = context.Process(target=serve, args=(requests, replies, config),
                                       name="archive-writer")
        self.process.start()
        requests.close()
        replies.close()
        self.on_reply = on_reply
        self.sent: dict[int, str] = {}  # sequence number -> op, not yet answered (oldest first)
        self.numbers = count()
        self.closed = False
        # A crawl that exits without closing the writer (stopped before its spider closed) ends the
        # pipe first: multiprocessing's own exit handler would otherwise wait forever for a writer
        # that waits for more work. Registered after it, this one runs before it.
        atexit.register(self._end_pipe)

    def _end_pipe(self) -> None:
        if not self.closed:
            self.requests.close()  # the writer sees the end, commits what it has, exits

    def submit(self, op: str, *args, wait: bool = False) -> None:
        number = next(self.numbers)
        try:  # plain pickle: multiprocessing's own pickler builds a dispatch table per message
            self.requests.send_bytes(pickle.dumps((number, op, args), pickle.HIGHEST_PROTOCOL))
        except OSError as exc:  # the writer died: nothing more can be written
            self.on_reply(op, False, f"the archive writer is gone ({exc})")
            return
        self.sent[number] = op
        if wait:
            self._answers(until=number)
        elif len(self.sent) > MAX_IN_FLIGHT:  # back-pressure: answers come in the order sent
            self._answers(until=number - MAX_IN_FLIGHT)
        while self.sent and self.replies.poll():  # answers already there: the counts stay current
            self._answers(until=next(iter(self.sent)))

    def flush(self) -> None:
        """Wait until everything sent is committed (or refused)."""
        if self.sent:
            self._answers(until=next(reversed(self.sent)))

    def _answers(self, until: int) -> None:
        while self.sent and next(iter(self.sent)) <= until:  # numbers are sent, and answered, in order
            try:
                answers = self.replies.recv()
            except (EOFError, OSError) as exc:
                self.process.join(timeout=5)
                gone = f"the archive writer is gone (exit code {self.process.exitcode}, {exc!r})"
                for op in self.sent.values():
                    self.on_reply(op, False, gone)
                self.sent.clear()
                return
            if isinstance(answers, str):  # the writer could not start: every write is refused
                for op in self.sent.values():
                    self.on_reply(op, False, answers)
                self.sent.clear()
                return
            for number, ok, value in answers:  # one message per committed batch
                self.on_reply(self.sent.pop(number), ok, value)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.flush()
        try:
            self.requests.send(None)  # the end: close the files and exit
        except OSError:
            pass
        self.process.join(timeout=60)
        self.requests.close()
        self.replies.close()
        atexit.unregister(self._end_pipe)


def _declared_charset(headers: list[tuple[str, str]]) -> str | None:
    content_type = next((value for name, value in headers if name.lower() == "content-type"), "")
    return http_content_type_encoding(content_type)


def _widen(connection) -> None:
    """Let the kernel hold about a megabyte of sends (Linux; a pipe holds 64 KB, one page)."""
    try:
        fcntl.fcntl(connection.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except OSError:
        pass


def serve(requests, replies, config: WriterConfig) -> None:
    """The writer process: apply operations in batches, answer each after its batch commits.

    A thread keeps reading the requests pipe into a queue, so that the crawl's sends never wait for a
    batch being written (a pipe holds less than one captured page)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_read, args=(requests, inbox), daemon=True).start()
    try:
        writer = ArchiveWriter(config)
    except BaseException as exc:  # say why, rather than leave the crawl an end of file
        replies.send(f"the archive writer could not start: {exc}")
        return
    try:
        while True:
            batch = [inbox.get()]
            deadline = time.monotonic() + LINGER
            while len(batch) < BATCH and batch[-1] is not None:
                try:
                    batch.append(inbox.get(timeout=max(0.0, deadline - time.monotonic())))
                except queue.Empty:
                    break
            done = batch[-1] is None  # the end of the run, or of a crawl that died
            _apply(writer, [m for m in batch if m is not None], replies)
            if done:
                break
    finally:
        writer.close()


def _read(requests, inbox: queue.SimpleQueue) -> None:
    try:
        while True:
            message = pickle.loads(requests.recv_bytes())
            inbox.put(message)
            if message is None:
                return
    except (EOFError, OSError):
        inbox.put(None)


def _apply(writer: ArchiveWriter, batch: list, conn) -> None:
    results = []
    db = writer.db.conn
    try:
        db.execute("BEGIN IMMEDIATE")
        for number, op, args in batch:
            results.append((number, True, writer.apply(op, args)))
        db.execute("COMMIT")
    except WRITE_ERRORS as exc:
        if db.in_transaction:
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        writer.fail_all(exc)
        results = [(number, False, str(exc)) for number, _, _ in batch]
    try:
        conn.send(results)  # the whole batch's answers in one message
    except OSError:  # nobody listens any more: the work is committed all the same
        return


def start(config: WriterConfig, on_reply: Reply, mode: str = "process") -> InlineWriter | WriterProcess:
    if mode not in ("process", "inline"):
        raise StorageError(f"ARCHIVE_WRITER must be 'process' or 'inline', not {mode!r}")
    return (WriterProcess if mode == "process" else InlineWriter)(config, on_reply)


__all__ = ["MALFORMED", "ArchiveWriter", "InlineWriter", "WriterConfig", "WriterProcess", "serve", "start"]
