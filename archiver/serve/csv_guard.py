"""Datasette's CSV, guarded like every CSV the project writes (archiver.export.tabular).

Datasette 0.6x writes its `.csv` (table pages, canned and custom queries, `_stream=on` too) with
Python's csv module and offers no hook over the cells. `guard_asgi(app)` wraps the whole server:
a response to a CSV request is re-read record by record as it streams and every text cell that a
spreadsheet could run as a formula gets the project's guard (one `'` in front), by the same rule
as `archiver export --format csv` (CSV_ESCAPE_RULE). Numbers stay as they are: in the stream a
number is text, so a cell that reads as a number whole (`-5`, `-1.5e3`) is taken for one.

Nothing is held beyond the record being read: chunks are split at record ends (a line end
outside quotes), decoded incrementally, rewritten and sent on.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable

from archiver.export.tabular import FORMULA_GUARD, FORMULA_TRIGGERS

NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
CSV_TYPES = (b"text/csv", b"text/plain")


def guard_text(cell: str) -> str:
    """A cell as text (a CSV stream has no types): guarded unless it is a number."""
    if cell.startswith(FORMULA_TRIGGERS) and not NUMBER.fullmatch(cell):
        return FORMULA_GUARD + cell
    return cell


class CsvGuard:
    """Rewrites a CSV text stream fed in chunks; `feed` and `close` return what is ready."""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.pending = ""  # text after the last complete record

    def feed(self, data: bytes, final: bool = False) -> bytes:
        self.pending += self.decoder.decode(data, final=final)
        cut = len(self.pending) if final else self._record_end()
        ready, self.pending = self.pending[:cut], self.pending[cut:]
        if not ready:
            return b""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for row in csv.reader(io.StringIO(ready, newline="")):
            writer.writerow([guard_text(cell) for cell in row])
        return out.getvalue().encode("utf-8")

    def _record_end(self) -> int:
        """The position after the last line end that lies outside quotes (0: none yet)."""
        end, inside, start = 0, False, 0
        while True:
            newline = self.pending.find("\n", start)
            if newline < 0:
                return end
            inside ^= self.pending.count('"', start, newline) % 2 == 1
            if not inside:
                end = newline + 1
            start = newline + 1


def _is_csv_request(scope: dict) -> bool:
    path = scope.get("path", "")
    query = scope.get("query_string", b"")
    return path.endswith(".csv") or re.search(rb"(^|&)_format=csv(&|$)", query) is not None


def guard_asgi(app: Callable) -> Callable:
    """The ASGI app `app`, its CSV responses guarded (Datasette's `asgi_wrapper` hook)."""
    async def guarded(scope, receive, send):
        if scope.get("type") != "http" or not _is_csv_request(scope):
            return await app(scope, receive, send)
        guard: CsvGuard | None = None

        async def send_guarded(message):
            nonlocal guard
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if kind.startswith(CSV_TYPES):
                    guard = CsvGuard()  # the length changes: drop it, the body streams
                    message = {**message, "headers": [(k, v) for k, v in headers
                                                       if k.lower() != b"content-length"]}
            elif message["type"] == "http.response.body" and guard is not None:
                more = message.get("more_body", False)
                message = {**message, "body": guard.feed(message.get("body", b""), final=not more)}
            await send(message)

        return await app(scope, receive, send_guarded)

    return guarded
