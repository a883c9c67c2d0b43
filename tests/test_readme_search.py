"""Every search example in README.md (`archiver search ...`, `archiver export ... --search ...`, in its
prose and in the command reference) runs on the demo archive (`archiver demo`, as a fresh clone makes
it) and returns what the README says: the number of articles its comment gives, the forms it names, the
note or the refusal it promises."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from _archiver import ROOT, rows, run_archiver

README = (ROOT / "README.md").read_text(encoding="utf-8")
URL = re.compile(r"https://www\.akorda\.kz/[^\s,\"]+")
EXAMPLE = re.compile(r"^\s*(?:\.venv/bin/)?(archiver (?:search|export) .*)$", re.M)


def examples() -> list[str]:
    """The command lines of README.md that search, comments included."""
    return [line.strip() for line in EXAMPLE.findall(README)
            if line.startswith("archiver search") or "--search" in line]


# example (as README.md writes it, without its comment) -> (articles, words the output must hold)
EXPECTED = {
    'archiver search "шілде" --lang kk': (2, ["[шілдесінде]"]),
    'archiver search "Шымкент" --lang kk --since 2018 --until 2019-06': (1, ["Шымкент", "Шымкенттің", "Шымкентте"]),
    "archiver search '\"Ұлттық құрылтайдың\" OR Құрылтай -сапар' --format json": (3, ["құрылтайдың"]),
    "archiver search '\"Ұлттық құрылтай\"'": (0, ["without the quotes, Ұлттық құрылтай finds 3 articles"]),
    "archiver search 'title:Астана*' --lang kk": (2, ["Астана"]),
    "archiver search '-Астана'": (None, ["search query only excludes terms"]),
    "archiver export --format csv --out data/snapshots/shymkent-2018.csv --lang kk --since 2018 --until 2018 "
    "--search Шымкент": (1, ["Шымкенттің"]),
    "archiver export --format html --out data/snapshots/shymkent-2018 --lang kk --search Шымкент": (1, []),
    # the command reference (--help epilogs): no comment, so at least one article each
    "archiver search шілде --lang kk": (2, ["[шілдесінде]"]),
    "archiver search 'Астана NOT экспо' --since 2018 --until 2019-06": (6, ["Астана"]),
    "archiver search 'title:Астана* -Алматы' --lang kk": (2, ["Астана"]),
    "archiver search economy --lang en --format csv > found.csv": (20, ["economy"]),
    "archiver export --format html --out bundle/ --search 'Астана'": (44, []),
}


def _command(example: str) -> str:
    return example.split("   #")[0].split("  #")[0].strip()


def test_every_search_example_of_the_readme_is_checked_here() -> None:
    assert sorted(dict.fromkeys(_command(e) for e in examples())) == sorted(EXPECTED)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("readme") / "archive.db"
    run_archiver("demo", "--db", str(db), check=True)
    return db


def _run(command: str, db: Path, work: Path):
    """The example as a user runs it in the project folder, on `db`, its outputs written under `work`."""
    args = shlex.split(command.split(" > ")[0])[1:]
    if "--out" in args:
        at = args.index("--out") + 1
        args[at] = str(work / Path(args[at].rstrip("/")).name)
    return run_archiver(*args, "--db", str(db)), args


@pytest.mark.parametrize("example", examples())
def test_the_readme_search_example_returns_what_the_readme_says(example: str, demo: Path, tmp_path: Path) -> None:
    command = _command(example)
    articles, words = EXPECTED[command]
    if "#" in example:  # what the comment promises is what this test checks
        said = example.split("#", 1)[1]
        assert (f"{articles} article" in said) if articles else ("no article" in said or "refused" in said)
    proc, args = _run(command, demo, tmp_path)
    if articles is None:
        assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1
    else:
        assert proc.returncode == 0, proc.stderr
    output = proc.stdout + proc.stderr
    if args[0] == "export":
        assert f"{articles} article{'s' if articles != 1 else ''} written" in proc.stderr
        if args[args.index("--format") + 1] == "csv":
            output = Path(args[args.index("--out") + 1]).read_text(encoding="utf-8")
    found = list(dict.fromkeys(URL.findall(output)))
    if args[0] == "search" and articles is not None:
        assert len(found) == articles, output
    texts = rows(demo, f"SELECT title || ' ' || body FROM articles WHERE url IN ({', '.join('?' * len(found))})",
                 tuple(found))
    for word in words:  # in what was printed, or in the articles found (a snippet shows one match)
        assert word in output or any(word in text for (text,) in texts), word
