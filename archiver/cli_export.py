"""`archiver` commands for snapshots: export (to a file, a bundle or standard output) and verify (a
snapshot against its manifest, or an archive's WARC files).

Each is a few lines around one library function; archiver.cli adds them to the command group
and turns errors into one line on stderr.
"""

from __future__ import annotations

import sys

import click

from archiver.cliopts import DB_OPTION, article_filters, examples, not_blank, progress_bar
from archiver.errors import ArchiverError


@click.command(epilog=examples("archiver export --format csv --out kk-2018.csv --lang kk --since 2018"
                             " --until 2018", "archiver export --format html --out bundle/ "
                             "--search 'Астана'", "archiver export --format jsonl --out - | head"))
@DB_OPTION
@click.option("--format", "fmt", required=True,
              type=click.Choice(["csv", "jsonl", "parquet", "parallel", "html", "md"]),
              help="csv/jsonl/parquet: one file; parallel: one JSON line per article with its "
                   "kk, ru and en versions, paragraph-aligned where counts agree; html/md: a "
                   "readable bundle (a directory).")
@click.option("--out", required=True,
              help="The snapshot file, or the bundle's directory; - writes a file format to "
                   "standard output (without a manifest).")
@article_filters
@click.option("--search", default=None, callback=not_blank,
              help="Only articles matching this full-text query.")
@click.option("--fields", default=None, callback=not_blank,
              help="Columns to export, comma-separated (csv/jsonl/parquet).")
@click.option("--force", is_flag=True, help="Replace an existing snapshot.")
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte-order mark (for Excel).")
def export(db: str, fmt: str, out: str, lang, since, until, category, search, fields,
           all_langs: bool, force: bool, bom: bool) -> None:
    """Write a citable snapshot with a checksummed manifest."""
    from archiver.export import FORMATS, export as run_export, export_stream
    from archiver.outpath import check_output

    options = dict(lang=lang, since=since, until=until, category=category, search=search,
                   fields=[fields] if fields else None, bom=bom, all_langs=all_langs)
    try:
        check_output(out, dash=not FORMATS[fmt].bundle, directory=FORMATS[fmt].bundle)
    except ArchiverError as exc:
        raise click.BadParameter(str(exc), param_hint="--out") from None
    if out == "-":
        rows = export_stream(db, fmt, _stdout(fmt), **options)
    else:
        rows = run_export(db, fmt, out, force=force, **options)["rows"]
    noun = "article" if rows == 1 else "articles"
    where = "standard output" if out == "-" else f"{out}; `archiver verify {out}` checks it"
    click.echo(f"{rows} {noun} written to {where}", err=True)
    if not rows:
        click.echo("archiver: warning: no article matches these filters; the snapshot is empty",
                   err=True)


def _stdout(fmt: str):
    """Standard output for `--out -`: bytes to a pipe; terminal-safe text lines to a terminal."""
    if not sys.stdout.isatty():
        return sys.stdout.buffer
    if fmt == "parquet":
        raise click.BadParameter("parquet is binary: send standard output to a file or a pipe",
                                 param_hint="--out")
    from archiver.read.tables import TerminalLines

    return TerminalLines(sys.stdout)


@click.command(epilog=examples("archiver verify kk-2018.csv", "archiver verify bundle/",
                             "archiver verify data/archive.db"))
@click.argument("path")
def verify(path: str) -> None:
    """Check a snapshot against its manifest, or an archive's WARC files; name every problem.

    Given an archive (the .db file), every WARC file beside it is read record by record (a torn
    or damaged file is named) and every capture it indexes must be a whole record."""
    from archiver.storage.check import is_sqlite

    if is_sqlite(path):
        from archiver.fetch.verify import verify_archive

        problems = verify_archive(path, progress=progress_bar("Verifying", "WARC files"))
        whole = "every WARC file is whole and holds its captures"
    else:
        from archiver.export import verify as run_verify

        problems, whole = run_verify(path), "every file matches its manifest"
    for line in problems:
        click.echo(line)
    if problems:
        sys.exit(1)
    click.echo(f"{path}: {whole}", err=True)
