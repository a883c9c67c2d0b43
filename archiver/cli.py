"""The `archiver` command: one thin command per library function, same parameter names.

Errors from the library (archiver.errors) and bad arguments become one line on stderr and a
non-zero exit code; never a traceback.
"""

from __future__ import annotations

import shlex
import sqlite3
import sys
import time

import click

from archiver import __version__
from archiver.cliopts import CURRENT, DB_OPTION, FEED_BASE_OPTION, OutputPath, check_port, db_option, examples, not_blank, progress_bar
from archiver.errors import ArchiverError


def fail(message: str, code: int = 1) -> None:
    click.echo(f"archiver: error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="archiver")
def cli() -> None:
    """Archive the official news of the President of Kazakhstan (akorda.kz) into SQLite."""


def crawl_options(func):
    options = [
        click.option("--site", default="https://www.akorda.kz", show_default=True,
                     help="Base URL: the live site, a host alias, or a local replica."),
        click.option("--lang", default="kk,ru,en", show_default=True,
                     help="Languages, comma-separated ISO codes (kz is accepted for kk)."),
        click.option("--section", default=None,
                     help="Listing sections, comma-separated (default: all), e.g. events,speeches."),
        db_option(create=True),
        click.option("--max-pages", type=int, default=0, show_default=True,
                     help="Listing pages per section at most (0: no limit)."),
        click.option("--since", default=None, callback=_since_day,
                     help="Do not go back past this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--full", is_flag=True, help="Walk every listing page, known or not."),
        click.option("--known-pages", type=int, default=1, show_default=True,
                     help="Stop a walk after this many pages of already archived articles."),
        click.option("--refresh-days", type=int, default=0, show_default=True,
                     help="Re-fetch articles published in the last N days to catch edits."),
        click.option("--revisit-days", type=int, default=30, show_default=True,
                     help="Check every archived page again at least this often (days; recent ones "
                          "daily, then weekly)."),
        click.option("--revisit-budget", type=int, default=5000, show_default=True,
                     help="Revisit requests a run at most (0: no revisits)."),
        click.option("--today", default=None,
                     help="The run's day, YYYY-MM-DD (default: today in UTC), for the revisit policy."),
        click.option("--documents", is_flag=True,
                     help="Also archive the site's official pages (Constitution, state symbols...)."),
        click.option("--max-failure-rate", type=float, default=0.05, show_default=True,
                     help="Exit non-zero when more than this share of article pages failed."),
        click.option("--log-level", default="WARNING", show_default=True,
                     type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
                     help="Scrapy's log level on stderr."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _since_day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A year or month as its first day, as `search --since` reads it."""
    from archiver.storage.query import date_bound

    return date_bound(value, "since") if value else None


def parse_settings(pairs: tuple[str, ...]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip().isupper():
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE with an upper-case Scrapy "
                                     "setting name", param_hint="--set")
        settings[name.strip()] = value
    return settings


@cli.command(epilog=examples("archiver crawl", "archiver crawl --lang kk --since 2024",
                             "archiver crawl --site http://127.0.0.1:8000 --db /tmp/a.db"))
@crawl_options
@click.option("--report", default=None, type=OutputPath(),
              help="Write the run report as JSON to this path.")
@click.option("--feed", default=None, type=OutputPath(suffixes=(".xml", ".atom")),
              help="After the run, write the Atom feed of the newest changes to this path (.xml or .atom).")
@FEED_BASE_OPTION
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy or ARCHIVE_ setting (repeatable), e.g. DOWNLOAD_TIMEOUT=5.")
def crawl(settings: tuple[str, ...], **kwargs) -> None:
    """Crawl the site (incremental by default) into the archive."""
    from archiver.crawl import crawl as run_crawl
    from archiver.fetch.session import format_summary
    from archiver.read.tables import fit_lines, table_width

    if sys.stderr.isatty():  # a sign of life at once: opening a large archive takes a moment
        click.echo(fit_lines(f"crawling {kwargs['site']} into {kwargs['db']} (Ctrl-C stops it; "
                             "the same command resumes it)", table_width(sys.stderr)), err=True)
    report = run_crawl(settings=parse_settings(settings), **kwargs)
    click.echo(fit_lines(format_summary(report), table_width(sys.stderr)), err=True)
    if report["finish_reason"] == "shutdown":  # Ctrl-C or SIGTERM: the frontier keeps the rest
        command = shlex.join(["archiver", *CURRENT.get("argv", sys.argv[1:])])
        click.echo(f"stopped before the end; the same command resumes the crawl:\n  {command}",
                   err=True)
    if report["status"] != "ok":
        sys.exit(1)


@cli.command(epilog=examples("archiver replica --port 0 --articles 50",
                             "archiver replica --faults 500=0.1,timeout=0.05",
                             "archiver replica --robots-forbid ru/events --crawl-delay 2",
                             "archiver replica --refuse 403"))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="0 picks a free port.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--articles", type=click.IntRange(1), default=200, show_default=True,
              help="Articles per language.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the generated content (same seed, same site).")
@click.option("--faults", default=None,
              help="Fault injection, e.g. 500=0.1,timeout=0.05,reset=0.02,truncate=0.01,429=0.02")
@click.option("--edit-round", type=int, default=0, show_default=True,
              help="Serve the N-th round of content edits (0: original content).")
@click.option("--listing-layout", default="seeded", show_default=True,
              help="Listing cards: seeded (a layout per section from --seed, some switching after page "
                   "1-3), column, full-width, plain, or LAYOUT:K:LAYOUT2 (pages 1..K, then the other).")
@click.option("--lying-charset", is_flag=True,
              help="Serve UTF-8 pages as 'charset=windows-1251', without <meta charset>.")
@click.option("--robots-forbid", multiple=True, metavar="SECTION",
              help="robots.txt forbids this listing whole: LANG/SECTION, e.g. ru/events "
                   "(repeatable).")
@click.option("--robots-articles", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              metavar="SHARE", help="Share of articles robots.txt forbids one by one (chosen by "
                                    "--seed).")
@click.option("--crawl-delay", type=click.FloatRange(0), default=0.0, show_default=True,
              metavar="SECONDS", help="robots.txt's Crawl-delay (0: none).")
@click.option("--refuse", type=click.Choice(["403", "429"]), default=None,
              help="Answer every request with this status, robots.txt included: a site that refuses"
                   " this machine.")
def replica(port: int, host: str, articles: int, seed: int, faults: str | None,
            edit_round: int, listing_layout: str, lying_charset: bool, robots_forbid: tuple[str, ...],
            robots_articles: float, crawl_delay: float, refuse: str | None) -> None:
    """Serve the local replica of akorda.kz until interrupted."""
    from archiver.replica import ReplicaSite, parse_faults, serve
    from archiver.replica.robots import parse_forbid

    site = ReplicaSite(seed=seed, articles=articles, edit_round=edit_round,
                       faults=parse_faults(faults) if faults else None, lying_charset=lying_charset,
                       listing_layout=listing_layout,
                       robots_forbid=parse_forbid(robots_forbid), robots_articles=robots_articles,
                       crawl_delay=crawl_delay)
    try:
        server = serve(site, host=host, port=port)
    except OSError as exc:
        raise ArchiverError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.refuse = int(refuse) if refuse else None
    click.echo(server.url, nl=True)
    sys.stdout.flush()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


@cli.command(epilog=examples("archiver demo --db /tmp/demo.db --articles 40"))
@db_option(create=True)
@click.option("--articles", type=click.IntRange(1), default=200, show_default=True,
              help="Articles per language in the replica.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the generated content (same seed, same site).")
def demo(db: str, articles: int, seed: int) -> None:
    """Start the replica on a free port, crawl it into the archive, print a summary."""
    from archiver.crawl import crawl as run_crawl
    from archiver.replica import ReplicaSite, serve
    from archiver.fetch.session import format_summary
    from archiver.storage import open_readonly
    from archiver.read.summary import archive_summary
    from archiver.read.tables import fit_lines, table_width

    started = time.monotonic()
    server = serve(ReplicaSite(seed=seed, articles=articles), port=0)
    try:
        click.echo(fit_lines(f"replica serving on {server.url}; crawling into {db} ...",
                             table_width(sys.stderr)), err=True)
        report = run_crawl(site=server.url, db=db, full=True)
    finally:
        server.stop()
    click.echo(fit_lines(format_summary(report), table_width(sys.stderr)), err=True)
    conn = open_readonly(db)
    click.echo(archive_summary(conn, elapsed=time.monotonic() - started,
                               width=table_width(sys.stdout)))
    if report["status"] != "ok":
        sys.exit(1)


@cli.command(epilog=examples("archiver reextract --dry-run",
                             "archiver reextract --lang ru --section speeches"))
@DB_OPTION
@click.option("--lang", default=None, callback=not_blank,
              help="kk, ru, en (comma-separated).")
@click.option("--since", default=None, callback=not_blank,
              help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--section", default=None, help="Listing sections, comma-separated, e.g. speeches.")
@click.option("--url", default=None, help="One article (any host alias).")
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--report", default=None, type=OutputPath(),
              help="Write the run report as JSON to this path.")
def reextract(db: str, lang, since, section, url, dry_run: bool, report) -> None:
    """Rebuild articles from the stored WARC captures with the current extractor (no network)."""
    from pathlib import Path

    from archiver.crawl import write_json_atomic
    from archiver.fetch.reextract import format_report, reextract as run_reextract

    result = run_reextract(db=db, lang=lang, since=since, section=section, url=url,
                           dry_run=dry_run, progress=progress_bar("Re-extracting", "articles"))
    click.echo(format_report(result))
    if report:
        write_json_atomic(Path(report), result)
    if result["status"] != "ok":
        sys.exit(1)


@cli.command(epilog=examples("archiver probe", "archiver probe --lang ru --section events,speeches",
                             "archiver probe --site http://127.0.0.1:8000 --delay 0 --save probe-pages"))
@click.option("--site", default="https://www.akorda.kz", show_default=True,
              help="Base URL: the live site, a host alias, or a local replica.")
@click.option("--lang", default="kk,ru,en", show_default=True, help="kk, ru, en (comma-separated).")
@click.option("--section", default=None,
              help="Listing sections, comma-separated (default: every section the crawl walks).")
@click.option("--delay", type=float, default=1.0, show_default=True,
              help="Seconds between requests (robots.txt's Crawl-delay wins when longer).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds per request.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of the table.")
@click.option("--wide", is_flag=True, help="A table with every value whole, however wide.")
@click.option("--save", default=None,
              help="Write each page and the JSON of what was extracted into this directory, in the"
                   " layout of tests/fixtures/pages.")
def probe(site: str, lang: str, section, delay: float, timeout: float, as_json: bool, wide: bool,
          save) -> None:
    """Fetch robots.txt, page 1 of each listing and its first article; show what each selector finds.

    Read-only and polite. Exits 1 when a page kind yields nothing (a listing without links, a field
    no article has), naming it.
    """
    import json

    from archiver.fetch.probe import probe as run_probe
    from archiver.fetch.probe_output import as_json as probe_json, format_table, save_pages
    from archiver.read.tables import table_width

    result = run_probe(site, lang=lang, section=section, delay=delay, timeout=timeout)
    if save:
        names = save_pages(result, save)
        click.echo(f"{len(names)} pages saved to {save} (see README: When the site changes)", err=True)
    if as_json:
        click.echo(json.dumps(probe_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(format_table(result, width=table_width(sys.stdout, wide)))
    if result["problems"]:
        sys.exit(1)


@cli.command(epilog=examples("archiver schedule --every 6h --db /srv/akorda/archive.db"))
@click.option("--every", default="6h", show_default=True,
              help="Period: 15m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 1d ... (one that divides an hour"
                   " or a day evenly).")
@db_option(create=True)
@click.option("--site", default="https://www.akorda.kz", show_default=True,
              help="Base URL to crawl.")
def schedule(every: str, db: str, site: str) -> None:
    """Print a crontab line and a systemd service + timer for the incremental crawl."""
    from archiver.fetch.schedule import schedule as make_schedule

    click.echo(make_schedule(every, db, site=site))


@cli.command(epilog=examples("archiver serve --open", "archiver serve --db /tmp/a.db --port 0"))
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True,
              help="Port to listen on (0: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open a browser on the archive.")
def serve(db: str, host: str, port: int, open_browser: bool) -> None:
    """Browse and query the archive in Datasette (the optional `datasette` extra)."""
    from archiver.serve.datasette import serve as run_datasette

    check_port(host, port)  # else uvicorn says it in three log lines and exits 3
    sys.exit(run_datasette(db, host=host, port=port, open_browser=open_browser))


@cli.command(epilog=examples("archiver upgrade --db data/archive.db"))
@db_option(upgrade=True)
def upgrade(db: str) -> None:
    """Bring an archive written by an older archiver up to this version's schema."""
    from archiver.storage import open_archive

    archive = open_archive(db)  # applies the pending migrations, safe to run twice
    archive.conn.close()
    click.echo(f"{db}: schema is current", err=True)


# Commands defined beside this module, one file per kind of use.
from archiver.cli_export import export, verify  # noqa: E402
from archiver.cli_read import capture, changes, history, query, schema, search, stats  # noqa: E402

for _command in (search, query, schema, stats, history, capture, changes, export, verify):
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: click's usage errors and the library's errors become one line on stderr."""
    argv = list(sys.argv[1:] if argv is None else argv)
    CURRENT["argv"] = argv
    if not argv:  # `archiver` alone asks what it can do: the help, not an error
        context = click.Context(cli, info_name="archiver", **cli.context_settings)
        click.echo(cli.get_help(context))
        return
    try:
        cli.main(args=argv, prog_name="archiver", standalone_mode=False)
    except click.exceptions.Abort:  # click's name for a KeyboardInterrupt
        fail("interrupted", 130)
    except click.ClickException as exc:
        fail(exc.format_message(), exc.exit_code)
    except ArchiverError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        sys.stderr.close()  # the reader left (`| head`): nothing more to say
        sys.exit(1)
    except sqlite3.DatabaseError as exc:
        db = CURRENT.get("db", "the archive")
        fail(f"{db}: {exc} (the archive may be damaged: sqlite3 {db} 'PRAGMA integrity_check')")
    except OSError as exc:
        fail(f"{exc.filename + ': ' if exc.filename else ''}{exc.strerror or exc}")


if __name__ == "__main__":
    main()
