"""Snapshots for journalists: a filtered export of the archive to CSV, JSON Lines, Parquet or a
readable bundle (HTML, Markdown), with a checksummed manifest, and `verify` to check one later.

    export("data/archive.db", "csv", "kk-2018.csv", lang="kk", since="2018", until="2018")
    verify("kk-2018.csv")  # [] when the file still matches kk-2018.csv.manifest.json

Rows stream from one read transaction of the archive to a temporary file (or directory) beside
`out`, which is renamed into place with its manifest once complete. The same archive and the
same arguments give byte-identical data files; the manifest's `created` is the only timestamp.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from archiver import __version__
from archiver.errors import UsageError
from archiver.storage import ARTICLE_COLUMNS, SCHEMA_VERSION, count_articles, find_capture, iter_articles
from archiver.storage.schema import now_iso
from archiver.storage.snapshot import snapshot_reader, source_runs
from archiver.export.bundle import BUNDLE_COLUMNS, write_bundle
from archiver.storage.translations import WORK_FIELDS, count_works, iter_works
from archiver.export.files import Target, file_entry, sha256_file
from archiver.export.manifest import MANIFEST_VERSION, ORDER, verify, write_manifest
from archiver.export.parallel import write_parallel
from archiver.export.tabular import CSV_ESCAPE_RULE, pyarrow_modules, write_csv, write_jsonl, write_parquet

__all__ = ["FORMATS", "export", "export_stream", "verify"]


@dataclass(frozen=True)
class Format:
    bundle: bool
    write: Callable[..., int] | None = None  # row formats: (rows, columns, path, bom) -> count
    notes: Callable[[bool], dict] = lambda bom: {}  # format-specific manifest entries
    works: bool = False  # rows are translation groups (storage.translations), not articles


FORMATS: dict[str, Format] = {
    "csv": Format(False, write_csv, lambda bom: {
        "encoding": "utf-8 with BOM" if bom else "utf-8", "csv_escape": CSV_ESCAPE_RULE}),
    "jsonl": Format(False, write_jsonl, lambda bom: {"encoding": "utf-8"}),
    "parquet": Format(False, write_parquet, lambda bom: {
        "parquet_writer": f"pyarrow {pyarrow_modules()[0].__version__}"}),
    "parallel": Format(False, write_parallel, lambda bom: {
        "encoding": "utf-8", "alignment": "paragraph pairs by position where counts agree"},
        works=True),
    "html": Format(True, notes=lambda bom: {"encoding": "utf-8"}),
    "md": Format(True, notes=lambda bom: {"encoding": "utf-8"}),
}


def select_fields(fields: Iterable[str] | None, fmt: Format, format: str) -> tuple[str, ...]:
    """The columns of a row format, in the order asked; "a,b" items are split; none: all."""
    if not fields:
        return WORK_FIELDS if fmt.works else ARTICLE_COLUMNS
    if fmt.bundle or fmt.works:
        raise UsageError(f"--fields applies to csv, jsonl and parquet; {format} shows each"
                         " article whole")
    names = [n.strip() for item in fields for n in item.split(",") if n.strip()]
    unknown = [n for n in names if n not in ARTICLE_COLUMNS]
    if unknown:
        raise UsageError(f"unknown field {unknown[0]!r}; fields: {', '.join(ARTICLE_COLUMNS)}")
    if not names:
        raise UsageError("--fields names no column")
    if len(set(names)) != len(names):
        raise UsageError("--fields names a column twice")
    return tuple(names)


@contextmanager
def progress_bar(rows: Iterator[dict], total: Callable[[], int],
                 show: bool | None) -> Iterator[Iterator[dict]]:
    """The rows, behind a progress bar on stderr when it is a terminal (never when show=False)."""
    if show is False or not sys.stderr.isatty():
        yield rows
        return
    import click

    with click.progressbar(rows, length=total(), label="Exporting", file=sys.stderr) as bar:
        yield bar


def capture_time(conn: sqlite3.Connection) -> Callable[[dict], str]:
    """When the article's current text was fetched: its WARC capture's time if the archive
    indexed one (the response current when this version was stored), else `last_changed`."""
    def captured(row: dict) -> str:
        at = row["last_changed"] or row["first_seen"]
        capture = find_capture(conn, row["url"], at=at)
        return capture["fetched_at"] if capture else at
    return captured


def export(db: str, format: str, out: str, lang: str | None = None, since: str | None = None,
           until: str | None = None, category: str | None = None, search: str | None = None,
           fields: list[str] | None = None, force: bool = False, bom: bool = False,
           progress: bool | None = None, all_langs: bool = False) -> dict:
    """Write a snapshot of the articles matching the filters to `out`; returns its manifest.

    format: csv, jsonl, parquet (files: manifest at `out.manifest.json`) or html, md (bundles:
    `out` is a directory holding index, `articles/` and `manifest.json`). Raises UsageError on
    bad arguments, SnapshotError when `out` exists (without force) or cannot be written.
    """
    fmt = FORMATS.get(format)
    if fmt is None:
        raise UsageError(f"unknown format {format!r}; formats: {', '.join(FORMATS)}")
    columns = select_fields(fields, fmt, format)
    if bom and format != "csv":
        raise UsageError("--bom applies to csv only")
    notes = fmt.notes(bom)  # fails early (pyarrow missing) before anything is written
    filters = {"lang": lang, "since": since, "until": until, "category": category,
               "search": search, "all_langs": all_langs}
    target = Target(Path(out), fmt.bundle)
    target.check(force)
    with snapshot_reader(db) as conn:
        runs = source_runs(conn, **filters)  # also checks the filters (UsageError)
        query_columns = BUNDLE_COLUMNS if fmt.bundle else columns
        if fmt.works:
            rows, total = iter_works(conn, **filters), lambda: count_works(conn, **filters)
        else:
            rows = iter_articles(conn, **filters, columns=query_columns)
            total = lambda: count_articles(conn, **filters)  # noqa: E731
        with progress_bar(rows, total, progress) as rows, \
                target.stage() as stage:
            if fmt.bundle:
                as_of = max((r.get("ended") or r.get("started") or "" for r in runs), default="")
                count, files = write_bundle(rows, stage.data, format, filters, capture_time(conn),
                                            as_of)
            else:
                count = fmt.write(rows, columns, stage.data, bom)
                files = {target.out.name: file_entry(*sha256_file(stage.data))}
            manifest = {
                "manifest_version": MANIFEST_VERSION,
                "tool": {"name": "akorda-archiver", "version": __version__},
                "created": now_iso(),
                "format": format,
                "archive": str(Path(db).resolve()),
                "schema_version": SCHEMA_VERSION,
                "filters": filters,
                "fields": list(query_columns),
                "order": ORDER,
                "rows": count,
                "runs": runs,
                "files": files,
                **notes,
            }
            write_manifest(stage.manifest, manifest)
            stage.commit()
    return manifest


def export_stream(db: str, format: str, stream: BinaryIO, **options) -> int:
    """Write a row format (csv, jsonl, parquet, parallel) to an open binary stream, e.g. stdout;
    returns the row count. No manifest: a stream has no place beside it for one."""
    fmt = FORMATS.get(format)
    if fmt is None or fmt.bundle:
        raise UsageError(f"only csv, jsonl, parquet and parallel can go to standard output, not {format}")
    with tempfile.TemporaryDirectory(prefix="archiver-export-") as tmp:
        path = Path(tmp, f"snapshot.{format}")
        rows = export(db, format, str(path), progress=False, **options)["rows"]
        with open(path, "rb") as handle:
            shutil.copyfileobj(handle, stream)
        stream.flush()
    return rows
