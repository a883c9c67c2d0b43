"""The CLI's shared options and the one rule for its inputs and outputs.

`--db` is checked when it is parsed (archiver.storage.check: missing, a directory, a text file,
an empty or foreign SQLite database, a damaged archive), output paths likewise
(archiver.outpath), so a command refuses bad paths before it does any work. The --db of the
running command is kept in CURRENT so that an SQLite error met later can name the file.
"""

from __future__ import annotations

import click

from archiver.errors import ArchiverError, UsageError
from archiver.outpath import check_output
from archiver.serve.links import DEFAULT_FEED_BASE
from archiver.storage import DEFAULT_DB

CURRENT: dict[str, str] = {}


def _db_callback(create: bool, upgrade: bool):
    def check(ctx: click.Context, param: click.Parameter, value: str) -> str:
        from archiver.storage.check import check_archive

        CURRENT["db"] = value
        if not ctx.resilient_parsing:  # shell completion and --help do not touch files
            check_archive(value, create=create, upgrade=upgrade)
        return value
    return check


def db_option(create: bool = False, upgrade: bool = False):
    """--db for a command that reads an archive, or (create) may start a new one, or (upgrade)
    accepts one an older archiver wrote."""
    help_text = ("Path of the SQLite archive (created if missing)." if create
                 else "Path of the SQLite archive.")
    return click.option("--db", default=DEFAULT_DB, show_default=True, help=help_text,
                        callback=_db_callback(create, upgrade))


DB_OPTION = db_option()

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]),
                             default="table", show_default=True,
                             help="table for people; csv and json for programs.")


def _http_base(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not value.startswith(("http://", "https://")) or len(value) <= len("https://"):
        raise click.BadParameter(f"{value!r} is not an http:// or https:// address")
    return value


FEED_BASE_OPTION = click.option(
    "--feed-base", default=DEFAULT_FEED_BASE, show_default=True, callback=_http_base,
    help="Address the archive is served at (`archiver serve`): the feed links to its pages.")


def article_filters(func):
    """The filters `search` and `export` share, with the names their library functions take."""
    options = [
        click.option("--lang", default=None, callback=not_blank,
                     help="kk, ru, en (comma-separated)."),
        click.option("--since", default=None, callback=not_blank,
                     help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", default=None, callback=not_blank,
                     help="Published on or before (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--category", default=None, callback=not_blank,
                     help="Exact category label."),
        click.option("--all-langs", is_flag=True,
                     help="Only articles whose verified translations cover kk, ru and en."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


class DashArgument(click.Command):
    """A command whose one argument may start with "-" (`archiver search "-экспо Астана"`): a word
    that is none of the command's options, nor an option's value, is its argument wherever it stands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = {name: p for p in self.get_params(ctx) if isinstance(p, click.Option)
                   for name in (*p.opts, *p.secondary_opts)}
        kept, loose = [], []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                loose += rest
                break
            name = arg.split("=", 1)[0]
            if arg.startswith("-") and len(arg) > 1 and name not in options:
                loose.append(arg)
                continue
            kept.append(arg)
            option = options.get(name)
            if option is not None and "=" not in arg and not option.is_flag and not option.count:
                kept += [value for _, value in zip(range(option.nargs), rest)]  # its values, as they are
        return super().parse_args(ctx, kept + (["--", *loose] if loose else []))


class OutputPath(click.ParamType):
    """A file the command will write: see archiver.outpath for the rule."""

    name = "path"

    def __init__(self, dash: bool = False, suffixes: tuple[str, ...] = ()) -> None:
        self.dash = dash
        self.suffixes = suffixes

    def convert(self, value, param, ctx):
        try:
            return check_output(value, dash=self.dash, suffixes=self.suffixes)
        except UsageError as exc:
            self.fail(str(exc), param, ctx)


def examples(*lines: str) -> str:
    """A --help epilog listing example command lines (kept as written: click's \\b marker)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def parse_params(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """`-p name value` pairs to the dict sqlite3 binds :name with."""
    params: dict[str, str] = {}
    for name, value in pairs:
        key = name.lstrip(":$@")
        if not key.isidentifier():
            raise click.BadParameter(f"{name!r} is not a parameter name", param_hint="-p")
        params[key] = value
    return params


def not_blank(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An option given as "" is a mistake (a shell variable that was empty), not "no filter"."""
    if value is not None and not value.strip():
        raise click.BadParameter("is empty; leave the option out to mean 'all'")
    return value


def check_port(host: str, port: int) -> None:
    """Refuse, in one line, an address a server could not listen on (0: any free port)."""
    import socket

    if not port:
        return
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do
            probe.bind((host, port))
    except OSError as exc:
        raise ArchiverError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
