"""Rows to a terminal table, CSV or JSON (for `archiver query` and `archiver search`).

Every format streams: CSV and JSON write row by row; the table sizes its columns on the first
screenful and prints the rest at those widths, so two million rows cost no more memory than 50.
Text shown on a terminal has control and bidirectional-override characters made visible
(an ESC or RLO in a title cannot recolour or reverse the screen); CSV cells that a spreadsheet
would run as formulas are guarded with the export's rule; BLOBs become base64 in JSON (Datasette's
`{"$base64": true, "encoded": ...}`) and hex elsewhere.
"""

from __future__ import annotations

import base64
import csv
import json
import re
from collections.abc import Iterable
from itertools import islice
from typing import TextIO

from archiver.export.tabular import csv_cell

FORMATS = ("table", "csv", "json")
SCREENFUL = 50
# C0 and C1 controls, DEL, and the Unicode bidirectional embeddings, overrides, isolates, marks.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Columns shown whole even in a table: a URL cut short cannot be pasted into `history`.
WHOLE = frozenset({"url"})


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


def _cell(value, width: int | None, safe: bool) -> str:
    if isinstance(value, (int, float)):
        return str(value)  # a number cut short would read as another number
    value = _plain(value)
    text = "" if value is None else str(value)
    text = terminal_safe(text) if safe else text.replace("\n", " ")
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


def write_rows(columns: list[str], rows: Iterable, fmt: str, out: TextIO,
               max_width: int = 60, terminal: bool = True, max_widths: dict[str, int] | None = None) -> int:
    """Write rows (tuples or dicts) in `fmt`; returns how many were written. Streams every format.

    terminal: the output is read by a person on a terminal, so CSV and JSON text is made
    terminal-safe too (the table always is). max_widths: a table column's own limit (else max_width)."""
    if fmt == "csv":
        return _write_csv(columns, rows, out, terminal)
    if fmt == "json":
        return _write_json(columns, rows, out, terminal)
    return _write_table(columns, rows, out, max_width, max_widths or {})


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


def _write_table(columns: list[str], rows: Iterable, out: TextIO, max_width: int,
                 max_widths: dict[str, int]) -> int:
    rows = iter(rows)
    limits = [None if c in WHOLE else max_widths.get(c, max_width) for c in columns]
    first = [[_cell(v, w, True) for v, w in zip(_values(r, columns), limits)]
             for r in islice(rows, SCREENFUL)]
    widths = [max([len(c)] + [len(r[i]) for r in first]) for i, c in enumerate(columns)]
    # Beyond the first screenful, cells are cut to the widths the screenful set (URLs excepted).
    later = [None if c in WHOLE else max(w, 1) for c, w in zip(columns, widths)]

    def line(cells: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(cells, widths)).rstrip() + "\n"

    out.write(line(list(columns)))
    out.write("  ".join("-" * w for w in widths) + "\n")
    count = 0
    for cells in first:
        out.write(line(cells))
        count += 1
    for row in rows:
        out.write(line([_cell(v, w, True) for v, w in zip(_values(row, columns), later)]))
        count += 1
    return count


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
