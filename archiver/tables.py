"""Rows to a terminal table, CSV or JSON (for `archiver query` and `archiver search`)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

FORMATS = ("table", "csv", "json")


def _cell(value, width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _values(row, columns: list[str]) -> list:
    return [row[c] for c in columns] if isinstance(row, dict) else list(row)


def write_rows(columns: list[str], rows: Iterable, fmt: str, out: TextIO,
               max_width: int = 60) -> int:
    """Write rows (tuples or dicts) in `fmt`; returns how many were written. Streams csv/json."""
    count = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(_values(row, columns))
            count += 1
    elif fmt == "json":
        out.write("[")
        for row in rows:
            record = row if isinstance(row, dict) else dict(zip(columns, row))
            out.write(("," if count else "") + "\n  " + json.dumps(record, ensure_ascii=False))
            count += 1
        out.write("\n]\n" if count else "]\n")
    else:
        cells = [[_cell(v, max_width) for v in _values(row, columns)] for row in rows]
        count = len(cells)
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
        out.write("  ".join("-" * w for w in widths) + "\n")
        for r in cells:
            out.write("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")
    return count
