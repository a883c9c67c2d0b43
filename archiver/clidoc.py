"""The README's command reference, generated from the CLI's own --help (so it cannot go stale).

    python -m archiver.clidoc          # rewrite the block in README.md
    python -m archiver.clidoc --check  # exit 1 when README.md is stale (the test suite does this)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from archiver.cli import cli

START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def cli_reference() -> str:
    parts = []
    for name in sorted(cli.commands):
        command = cli.commands[name]
        # the group's context settings (-h, --help; the width), as `archiver NAME --help` has;
        # click leaves 2 columns free on a terminal, so a 100-column one shows 98
        with click.Context(command, info_name=f"archiver {name}", terminal_width=98,
                           **cli.context_settings) as ctx:
            parts.append(f"### archiver {name}\n\n```\n{command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


def render(readme: str) -> str:
    block = f"{START}\n{cli_reference()}{END}"
    new, count = re.subn(re.escape(START) + ".*?" + re.escape(END), lambda _: block, readme,
                         flags=re.S)
    if count != 1:
        raise SystemExit(f"README.md must hold one {START} ... {END} block")
    return new


def main(argv: list[str]) -> int:
    path = Path(__file__).resolve().parent.parent / "README.md"
    current = path.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in argv:
        if current != wanted:
            print("README.md command reference is stale: run python -m archiver.clidoc",
                  file=sys.stderr)
            return 1
        return 0
    path.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
