"""Row formats: CSV, JSON Lines, Parquet. Each writer streams rows (dicts with the snapshot's
columns) to one file and returns how many it wrote; none keeps more than a batch in memory, and
none writes anything that depends on the time or the machine (same rows, same bytes)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from archiver.errors import SnapshotError

# --- CSV ---------------------------------------------------------------------------------------

# A spreadsheet may run a cell beginning with one of these as a formula (OWASP "CSV injection").
# The apostrophe is in the set too, so that the rule is exactly reversible (see CSV_ESCAPE_RULE).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")
FORMULA_GUARD = "'"
CSV_ESCAPE_RULE = (
    "Formula-injection guard: a text cell whose original value began with one of"
    " = + - @ TAB CR or ' has had one ' prepended. To restore the original values, remove the"
    " first character of every text cell that begins with '. Numbers and empty cells are"
    " never changed; an empty cell is a missing value.")


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return FORMULA_GUARD + value if value.startswith(FORMULA_TRIGGERS) else value
    return str(value)


def write_csv(rows: Iterable[dict], columns: tuple[str, ...], path: Path,
              bom: bool = False) -> int:
    """RFC 4180 CSV in UTF-8 (with a BOM for spreadsheets that need one): CRLF row ends, fields
    with commas, quotes or newlines quoted, a header row of column names."""
    count = 0
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, dialect="excel")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row[c]) for c in columns])
            count += 1
    return count


# --- JSON Lines --------------------------------------------------------------------------------

def write_jsonl(rows: Iterable[dict], columns: tuple[str, ...], path: Path,
                bom: bool = False) -> int:
    """One JSON object per line, keys in column order, UTF-8 (not escaped), LF line ends."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps({c: row[c] for c in columns}, ensure_ascii=False))
            handle.write("\n")
            count += 1
    return count


# --- Parquet -----------------------------------------------------------------------------------

# A row group (one record batch) holds at most this many rows or about this much text: bounded
# memory whatever the articles' length (5,000 rows of long speeches would not be). With ~2,300
# characters a body, a group is ~430 articles; 2,000,000 characters peaked ~30 MB higher.
PARQUET_BATCH = 5_000
PARQUET_BATCH_CHARS = 1_000_000
PARQUET_COMPRESSION = "zstd"
# Few distinct values: dictionary-encoded (unique texts such as bodies and URLs are not).
DICTIONARY_COLUMNS = ("lang", "section", "date_source", "category")
# Column types by name; every other column is a UTF-8 string.
ARROW_TYPES = {
    "published": "date32",
    "version": "int64", "first_run": "int64", "changed_run": "int64", "last_run": "int64",
    "first_seen": "timestamp", "last_seen": "timestamp", "last_changed": "timestamp",
}


def pyarrow_modules():
    """(pyarrow, pyarrow.parquet), or a SnapshotError saying how to get them."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise SnapshotError("Parquet export needs pyarrow, an optional extra: "
                            "pip install 'akorda-archiver[parquet]'") from exc
    return pyarrow, pyarrow.parquet


def arrow_type(pa, column: str):
    kind = ARROW_TYPES.get(column, "string")
    return {"string": pa.string(), "int64": pa.int64(), "date32": pa.date32(),
            "timestamp": pa.timestamp("us", tz="UTC")}[kind]


def _batches(rows: Iterable[dict], size: int, chars: int) -> Iterator[list[dict]]:
    """Lists of at most `size` rows holding at most about `chars` characters of text."""
    batch: list[dict] = []
    held = 0
    for row in rows:
        batch.append(row)
        held += sum(len(v) for v in row.values() if isinstance(v, str))
        if len(batch) == size or held >= chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _column(pa, name: str, values: list, type_, pool):
    """An Arrow array of one column; dates and times are parsed from the archive's ISO text."""
    if type_ in (pa.string(), pa.int64()):
        return pa.array(values, type=type_, memory_pool=pool)
    try:
        return pa.array(values, type=pa.string(), memory_pool=pool).cast(type_, memory_pool=pool)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise SnapshotError(f"column {name}: a value is not an ISO date or time ({exc})") from exc


def write_parquet(rows: Iterable[dict], columns: tuple[str, ...], path: Path,
                  bom: bool = False) -> int:
    """Parquet with typed columns (published: date32; counters and run ids: int64; seen times:
    timestamp[us, UTC]), one row group per batch of rows (see PARQUET_BATCH)."""
    pa, pq = pyarrow_modules()
    schema = pa.schema([pa.field(c, arrow_type(pa, c)) for c in columns])
    # pyarrow's C-allocator pool: its default (mimalloc) keeps more resident than it holds, which
    # made the peak for 100,000 articles ~25 MB higher. Passed explicitly, not set as default.
    pool = pa.system_memory_pool()
    count = 0
    # The file holds no time or host: the footer's created_by names only the writer library's
    # version, so the same rows give the same bytes with the same pyarrow.
    with pq.ParquetWriter(str(path), schema, compression=PARQUET_COMPRESSION,
                          use_dictionary=[c for c in columns if c in DICTIONARY_COLUMNS],
                          write_statistics=True, memory_pool=pool) as writer:
        for batch in _batches(rows, PARQUET_BATCH, PARQUET_BATCH_CHARS):
            arrays = [_column(pa, f.name, [r[f.name] for r in batch], f.type, pool)
                      for f in schema]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            count += len(batch)
    return count
