"""Rows to a terminal table, CSV or JSON (for `archiver query` and `archiver search`).

Every format streams: CSV and JSON write row by row; the table sizes its columns on the first
screenful and prints the rest at those widths, so two million rows cost no more memory than 50.
A table fits the terminal's width: long values are cut with an ellipsis (a URL to its path, cut in the middle; a snippet around its match), and
when even that is not enough the last columns are left out, saying so. A pipe, `--wide` and the
JSON and CSV formats get every value whole.
Text shown on a terminal has control and bidirectional-override characters made visible
(an ESC or RLO in a title cannot recolour or reverse the screen); CSV cells that a spreadsheet
would run as formulas are guarded with the export's rule; BLOBs become base64 in JSON (Datasette's
`{"$base64": true, "encoded": ...}`) and hex elsewhere.
"""

from __future__ import annotations

import base64
import csv
import json
import os
import re
import textwrap
from collections.abc import Iterable
from itertools import islice
from typing import TextIO

from archiver.export.tabular import csv_cell

FORMATS = ("table", "csv", "json")
SCREENFUL = 50
MIN_CELL = 8  # a text column gives way to no less than this; else the last columns are left out
# C0 and C1 controls, DEL, and the Unicode bidirectional embeddings, overrides, isolates, marks.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# How a column gives way when it must be cut (see cut): a URL keeps its path's start and its id,
# which tell rows apart; a snippet keeps its first [marked] match in view.
SHAPES = {"url": "middle", "page": "middle", "path": "middle", "snippet": "match"}


def terminal_safe(text: str) -> str:
    """Control and bidi characters as visible escapes (\\x1b, \\u202e); newlines as spaces."""
    text = text.replace("\r\n", " ").replace("\n", " ")
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


def _plain(value) -> object:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return value


def _json_value(value) -> object:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$base64": True, "encoded": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _values(row, columns: list[str]) -> list:
    return [row[c] for c in columns] if isinstance(row, dict) else list(row)


def middle_cut(text: str, width: int) -> str:
    """`text` in `width` characters, cut in the middle: the start (the language) and the end (the
    article's id) are what tell pages apart."""
    if len(text) <= width:
        return text
    head = max(1, (width - 1) // 3)
    return text[:head] + "…" + text[len(text) - (width - 1 - head):]


def cut(text: str, width: int | None, how: str | None = None) -> str:
    """`text` in at most `width` characters (None: whole), an ellipsis where it was cut. how:
    "middle" keeps a URL's path (without scheme and host) and its end; "match" keeps the first
    [marked] match of a snippet in view."""
    if width is None or len(text) <= width:
        return text
    if how == "middle" and width > 4:
        if "://" in text:
            text = "/" + text.split("://", 1)[1].partition("/")[2]
        return middle_cut(text, width)
    at = text.find("[") if how == "match" else -1
    if at > width // 2 and width > 8:
        start = min(at - width // 4, len(text) - width + 1)
        return "…" + cut(text[start:], width - 1)
    return text[: width - 1] + "…" if width > 0 else ""


def _cell(value, width: int | None, safe: bool, how: str | None = None) -> str:
    if isinstance(value, (int, float)):
        return str(value)  # a number cut short would read as another number
    value = _plain(value)
    text = "" if value is None else str(value)
    text = terminal_safe(text) if safe else text.replace("\n", " ")
    return cut(text, width, how)


def table_width(stream: TextIO, wide: bool = False) -> int | None:
    """The width a table must fit: COLUMNS when it is set, else the terminal's; None (every value
    whole) for --wide, for a pipe or a file, and for a terminal that reports no width."""
    if wide:
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return (os.get_terminal_size(stream.fileno()).columns or None) if stream.isatty() else None
    except (OSError, ValueError, AttributeError):  # no file descriptor (a test's StringIO)
        return None


def fit_widths(natural: list[int], fixed: list[bool], width: int | None) -> list[int]:
    """Widths of the columns shown (the first ones; two spaces between columns) in a line of at most
    `width`: the widest columns give way first, to no less than MIN_CELL; fixed ones (numbers) never.
    When even that is too wide, the last columns are left out."""
    if width is None:
        return list(natural)
    for shown in range(len(natural), 0, -1):
        room = width - 2 * (shown - 1) - sum(w for w, f in zip(natural[:shown], fixed) if f)
        flexible = [w for w, f in zip(natural[:shown], fixed) if not f]
        if sum(min(w, MIN_CELL) for w in flexible) > room:
            continue
        low, high = MIN_CELL, max(flexible, default=0)  # the largest cap that fits
        while low < high:
            cap = (low + high + 1) // 2
            low, high = (cap, high) if sum(min(w, cap) for w in flexible) <= room else (low, cap - 1)
        spare = room - sum(min(w, low) for w in flexible)
        widths = []
        for w, f in zip(natural[:shown], fixed):
            give = 0 if f or w <= low else min(spare, w - low)  # what the cap leaves, from the left
            spare -= give
            widths.append(w if f else min(w, low) + give)
        return widths
    return natural[:1]


def write_rows(columns: list[str], rows: Iterable, fmt: str, out: TextIO,
               terminal: bool = True, max_widths: dict[str, int] | None = None,
               width: int | None = None) -> int:
    """Write rows (tuples or dicts) in `fmt`; returns how many were written. Streams every format.

    terminal: the output is read by a person on a terminal, so CSV and JSON text is made
    terminal-safe too (the table always is). width: the line a table must fit (see table_width;
    None: every value whole). max_widths: a table column's own limit."""
    if fmt == "csv":
        return _write_csv(columns, rows, out, terminal)
    if fmt == "json":
        return _write_json(columns, rows, out, terminal)
    return _write_table(columns, rows, out, width, max_widths or {})


def _write_csv(columns: list[str], rows: Iterable, out: TextIO, terminal: bool) -> int:
    count = 0
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        cells = [csv_cell(_plain(v)) for v in _values(row, columns)]
        writer.writerow([terminal_safe(c) for c in cells] if terminal else cells)
        count += 1
    return count


def _write_json(columns: list[str], rows: Iterable, out: TextIO, terminal: bool) -> int:
    count = 0
    out.write("[")
    for row in rows:
        record = dict(zip(columns, (_json_value(v) for v in _values(row, columns))))
        line = json.dumps(record, ensure_ascii=False)
        if terminal:  # JSON escapes C0 controls itself; bidi marks stay valid JSON as \uXXXX
            line = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
        out.write(("," if count else "") + "\n  " + line)
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _write_table(columns: list[str], rows: Iterable, out: TextIO, width: int | None,
                 max_widths: dict[str, int]) -> int:
    """The first screenful sets the columns' widths (fitted to `width`); later rows are cut to them
    when a width is set, and shown whole otherwise."""
    rows = iter(rows)
    shapes = [SHAPES.get(c) for c in columns]
    first = [_values(r, columns) for r in islice(rows, SCREENFUL)]
    cells = [[_cell(v, max_widths.get(c), True, m) for v, c, m in zip(r, columns, shapes)]
             for r in first]
    natural = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    fixed = [bool(first) and all(isinstance(r[i], (int, float)) for r in first)
             for i in range(len(columns))]
    widths = fit_widths(natural, fixed, width)
    limits = widths if width is not None else [max_widths.get(c) for c in columns]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip() + "\n"

    out.write(line([cut(c, w) for c, w in zip(columns, widths)]))
    out.write("  ".join("-" * w for w in widths) + "\n")
    count = 0
    for raw, row in zip(first, cells):
        out.write(line([v if isinstance(r, (int, float)) else cut(v, w, m)
                        for r, v, w, m in zip(raw, row, widths, shapes)]))
        count += 1
    for row in rows:
        out.write(line([_cell(v, w, True, m) for v, w, m in zip(_values(row, columns), limits, shapes)]))
        count += 1
    if len(widths) < len(columns):
        out.write(left_out_note(columns[len(widths):], width) + "\n")
    return count


def fit_lines(text: str, width: int | None, indent: str = "  ") -> str:
    """Prose lines (a run's summary) for a terminal `width` wide: a longer line is wrapped at its
    spaces, the rest indented, nothing cut; None (a pipe, a file): as they are."""
    if not width:
        return text
    return "\n".join(textwrap.fill(line, width, subsequent_indent=indent, break_long_words=False,
                                    break_on_hyphens=False) if len(line) > width else line
                      for line in text.split("\n"))


def left_out_note(left_out: list[str], width: int | None) -> str:
    """The line under a table whose last columns did not fit: which, and how to see them."""
    many = len(left_out) > 1
    return cut(f"({len(left_out)} more column{'s' if many else ''} not shown, --wide or --format "
               f"json shows {'them' if many else 'it'}: {', '.join(left_out)})", width)


class TerminalLines:
    """A binary stream (for code that writes bytes, like `export --out -`) that shows its UTF-8
    text on a terminal line by line, terminal-safe."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.pending = b""

    def _show(self, line: bytes) -> None:
        self.out.write(terminal_safe(line.decode("utf-8", "replace").rstrip("\r")) + "\n")

    def write(self, data: bytes) -> int:
        *lines, self.pending = (self.pending + data).split(b"\n")
        for line in lines:
            self._show(line)
        return len(data)

    def flush(self) -> None:
        if self.pending:
            self._show(self.pending)
            self.pending = b""
        self.out.flush()
