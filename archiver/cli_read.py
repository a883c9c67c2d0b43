"""`archiver` commands that read the archive: search, query, stats, history, capture.

Each is a few lines around one library function; archiver.cli adds them to the command group
and turns errors into one line on stderr.
"""

from __future__ import annotations

import sys

import click

from archiver.cliopts import (DB_OPTION, FEED_BASE_OPTION, FORMAT_OPTION, WIDE_OPTION, DashArgument, OutputPath,
                              article_filters, examples, not_blank, parse_params)


@click.command(cls=DashArgument, epilog=examples(
    "archiver search шілде --lang kk", "archiver search 'Астана NOT экспо' --since 2018 --until 2019-06",
    "archiver search 'title:Астана* -Алматы' --lang kk", "archiver search economy --lang en --format csv > found.csv"))
@click.argument("query")
@DB_OPTION
@article_filters
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True,
              help="At most this many articles, best first.")
@click.option("--full-rank", is_flag=True,
              help="Rank every match by relevance, however many (slower on a very common word).")
@FORMAT_OPTION
@WIDE_OPTION
def search(query: str, db: str, lang, since, until, category, limit: int, full_rank: bool, all_langs: bool,
           fmt: str, wide: bool) -> None:
    """Full-text search, Kazakh- and Russian-aware ("шілде" finds "шілдеде")."""
    from archiver.storage import open_readonly, search_results
    from archiver.read.tables import table_width, write_rows

    found = search_results(open_readonly(db), query, lang=lang, since=since, until=until,
                           category=category, limit=limit, all_langs=all_langs, full_rank=full_rank)
    for note in found.notes:
        click.echo(f"archiver: note: {note}", err=True)
    if found.total > len(found.rows) and found.rows:
        click.echo(f"archiver: note: {len(found.rows):,} of {found.total:,} matching articles shown, best"
                   f" first; --limit {found.total} shows them all", err=True)
    columns = ["published", "lang", "category", "title", "snippet", "url"]
    if not found.rows and fmt == "table":
        click.echo("no articles match", err=True)
        return
    write_rows(columns, found.rows, fmt, sys.stdout, terminal=sys.stdout.isatty(),
               width=table_width(sys.stdout, wide))


@click.command(epilog=examples(
    "archiver query 'select lang, count(*) from articles group by lang'",
    "archiver query 'select url, title from articles where published >= :day' -p day 2024-01-01",
    "archiver query 'select * from articles' --format csv --timeout 0 > all.csv"))
@click.argument("sql")
@DB_OPTION
@FORMAT_OPTION
@WIDE_OPTION
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="Bind :NAME in the SQL to VALUE (repeatable).")
@click.option("--timeout", type=click.FloatRange(0), default=5.0, show_default=True,
              help="Seconds SQLite may spend computing rows (0: no limit).")
def query(sql: str, db: str, fmt: str, wide: bool, params, timeout: float) -> None:
    """Run a read-only SQL statement on the archive (writes are refused).

    `archiver schema` lists the tables and what their columns mean; read-only PRAGMAs work too
    (`PRAGMA table_info(articles)`). Every format streams, so any number of rows fits in memory; Ctrl-C stops the query at once.
    """
    import signal

    from archiver.storage import open_readonly, run_sql
    from archiver.storage.sql import QueryBudget
    from archiver.read.tables import table_width, write_rows

    conn = open_readonly(db)
    budget = QueryBudget(timeout)
    signal.signal(signal.SIGINT, lambda signum, frame: budget.stop())
    columns, rows = run_sql(conn, sql, parse_params(params), budget=budget)
    write_rows(columns, rows, fmt, sys.stdout, terminal=sys.stdout.isatty(),
               width=table_width(sys.stdout, wide))


@click.command(epilog=examples("archiver stats", "archiver stats --plot months.png",
                             "archiver stats --plot sections.png --by section"))
@DB_OPTION
@click.option("--plot", default=None, type=OutputPath(suffixes=(".png", ".svg", ".pdf")),
              help="Also draw articles per month to this image (.png, .svg or .pdf).")
@click.option("--by", type=click.Choice(["lang", "section"]), default="lang", show_default=True,
              help="The plot's panels: one per language, or one per section.")
@click.option("--wide", is_flag=True,
              help="Every section, category and run, and lines as long as they are.")
def stats(db: str, plot: str | None, by: str, wide: bool) -> None:
    """Articles per year and language, sections, categories, date coverage, the last runs."""
    from archiver.storage import open_readonly
    from archiver.read.summary import stats_text
    from archiver.read.tables import table_width

    conn = open_readonly(db)
    click.echo(stats_text(conn, width=table_width(sys.stdout, wide), wide=wide))
    if plot:
        from archiver.read.plot import plot_monthly
        plot_monthly(conn, plot, by=by)
        click.echo(f"plot written to {plot}", err=True)


@click.command(epilog=examples("archiver history https://www.akorda.kz/kz/some-article-12345",
                             "archiver history akorda.kz/ru/some-article-12345 --diff 1 2"))
@click.argument("url")
@DB_OPTION
@click.option("--diff", "diff", nargs=2, type=int, default=None, metavar="A B",
              help="Show a unified diff between versions A and B (default: the last two).")
def history(url: str, db: str, diff) -> None:
    """List the versions of an article and show what changed."""
    from archiver.read.history import format_history
    from archiver.storage import open_readonly

    from archiver.read.tables import terminal_safe

    text = format_history(open_readonly(db), url, diff)
    if sys.stdout.isatty():
        text = "\n".join(terminal_safe(line) for line in text.split("\n"))
    click.echo(text)


@click.command(epilog=examples("archiver capture https://www.akorda.kz/kz/some-article-12345 > page.html",
                             "archiver capture www.akorda.kz/ru/some-article-12345 --at 2024-05-01"))
@click.argument("url")
@DB_OPTION
@click.option("--at", default=None, help="The capture current at this date/time (ISO).")
def capture(url: str, db: str, at: str | None) -> None:
    """Print the raw HTML of an article exactly as it was captured.

    To a file or a pipe the bytes go unchanged; on a terminal, control characters are shown
    escaped.
    """
    from archiver.read.history import captured_bytes
    from archiver.storage import open_readonly
    from archiver.read.tables import TerminalLines

    payload = captured_bytes(open_readonly(db), db, url, at)
    out = TerminalLines(sys.stdout) if sys.stdout.isatty() else sys.stdout.buffer
    out.write(payload)
    out.flush()


@click.command(epilog=examples("archiver changes --since 2026-03", "archiver changes --kind removed --lang ru",
                             "archiver changes --kind edited --significance substantive --format json",
                             "archiver changes --format atom > changes.xml"))
@DB_OPTION
@click.option("--since", default=None, callback=not_blank,
              help="Seen on or after (YYYY, YYYY-MM, YYYY-MM-DD or an ISO time).")
@click.option("--kind", default=None, callback=not_blank,
              help="new, edited, removed, restored (comma-separated).")
@click.option("--significance", default=None, callback=not_blank,
              help="Of an edit: typographic, minor, substantive (comma-separated).")
@click.option("--lang", default=None, callback=not_blank, help="kk, ru, en (comma-separated).")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many, newest first.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "atom"]), default="table",
              show_default=True, help="table for people; json for programs; atom for a feed reader.")
@FEED_BASE_OPTION
@WIDE_OPTION
def changes(db: str, since, kind, significance, lang, limit, fmt: str, feed_base: str,
            wide: bool) -> None:
    """Changes the site made: articles new, edited, removed or restored, newest first."""
    from pathlib import Path

    from archiver.read.changes import changes as list_changes, write_changes
    from archiver.storage import open_readonly

    conn = open_readonly(db)
    rows = list_changes(conn, since=since, kind=kind, significance=significance, lang=lang, limit=limit)
    if fmt == "atom":
        from archiver.serve.feed import atom_feed

        sys.stdout.buffer.write(atom_feed(conn, rows, feed_base, Path(db).stem))
        sys.stdout.flush()
        return
    if not rows and fmt == "table":
        click.echo("no changes match", err=True)
        return
    from archiver.read.tables import table_width

    write_changes(rows, fmt, sys.stdout, terminal=sys.stdout.isatty(),
                  width=table_width(sys.stdout, wide))


@click.command(epilog=examples("archiver schema", "archiver schema articles revisions",
                             "archiver schema --format json"))
@click.argument("tables", nargs=-1)
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people; json for programs.")
def schema(tables: tuple[str, ...], db: str, fmt: str) -> None:
    """The archive's tables and views: their columns, types and what each means.

    The same words describe the tables in Datasette (`archiver serve`); `archiver query` reads
    the tables, and `PRAGMA table_info(articles)` lists a table's columns too."""
    import json

    from archiver.errors import UsageError
    from archiver.read.summary import schema_text
    from archiver.read.tables import table_width
    from archiver.storage import open_readonly
    from archiver.storage.columns import describe

    found = describe(open_readonly(db))
    unknown = [name for name in tables if name not in {t["name"] for t in found}]
    if unknown:
        raise UsageError(f"no table or view named {', '.join(unknown)} in {db} (tables: "
                         f"{', '.join(t['name'] for t in found)})")
    chosen = [t for t in found if not tables or t["name"] in tables]
    if fmt == "json":
        click.echo(json.dumps(chosen, ensure_ascii=False, indent=2))
    else:
        click.echo(schema_text(chosen, width=table_width(sys.stdout)))
