"""Output that fits (issue 20): on a 100-column terminal no line of search, stats, probe or query on
the demo archive is wider than the terminal; a pipe, --wide and JSON keep every value whole; every
list that is cut says so and how to see all of it."""

from __future__ import annotations

import json

import pytest
from _archiver import run_archiver
from _pty import run_on_terminal

from archiver.replica import ReplicaSite, serve

COLUMNS = 100
SEARCHES = (("Астана",), ("Президент", "--lang", "ru"), ("President", "--limit", "50"),
            ("шілде", "--lang", "kk"), ("Астана", "--all-langs"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> str:
    db = tmp_path_factory.mktemp("width") / "demo.db"
    run_archiver("demo", "--db", str(db), check=True)  # the README's demo: 200 articles a language
    return str(db)


def wider_lines(screen, columns: int = COLUMNS) -> list[str]:
    return [line for line in screen.lines() if len(line) > columns]


@pytest.mark.parametrize("args", [*(("search", *a) for a in SEARCHES), ("stats",),
                                  ("query", "select * from articles limit 60"),
                                  ("changes", "--limit", "60"), ("schema",)],
                         ids=lambda args: " ".join(args))
def test_no_line_wider_than_a_100_column_terminal(demo, args):
    screen = run_on_terminal(*args, "--db", demo, columns=COLUMNS)
    assert screen.returncode == 0, screen.text[-2000:]
    assert len(screen.lines()) >= 3, screen.text
    assert wider_lines(screen) == [], screen.text[:3000]


def test_probe_of_the_demo_site_fits_a_100_column_terminal():
    with serve(ReplicaSite(seed=0, articles=200)) as server:  # the site `archiver demo` crawls
        screen = run_on_terminal("probe", "--site", server.url, "--delay", "0", columns=COLUMNS)
        assert screen.returncode == 0, screen.text[-2000:]
        assert wider_lines(screen) == [], screen.text[:3000]
        assert "yielded its fields" in screen.text
        piped = run_archiver("probe", "--site", server.url, "--delay", "0", "--lang", "kk")
    assert max(len(line) for line in piped.stdout.splitlines()) > COLUMNS, "a pipe gets it whole"


def test_columns_also_sets_the_width_and_a_pipe_or_wide_gets_whole_values(demo):
    found = json.loads(run_archiver("search", "Астана", "--db", demo, "--format", "json",
                                    check=True).stdout)
    longest = max((r["url"] for r in found), key=len)
    assert len(longest) > 60
    fitted = run_archiver("search", "Астана", "--db", demo, env={"COLUMNS": "100"}, check=True)
    assert max(len(line) for line in fitted.stdout.splitlines()) <= 100
    assert longest not in fitted.stdout and "…" in fitted.stdout
    for whole in (run_archiver("search", "Астана", "--db", demo, check=True),
                  run_archiver("search", "Астана", "--db", demo, "--wide",
                               env={"COLUMNS": "100"}, check=True)):
        assert longest in whole.stdout and all(r["title"] in whole.stdout for r in found)


def test_a_cut_list_says_what_was_left_out_and_how_to_see_it(demo):
    screen = run_on_terminal("stats", "--db", demo, columns=COLUMNS)
    text = screen.text.replace("\r\n", "\n")
    assert "categories (30 of 66, the largest first; archiver stats --wide lists every one):" in text
    assert "sub-sections folded in; archiver stats --wide lists them" in text
    first_screen = text.split("\n")[:40]
    assert "articles per year and language:" in first_screen, "the years come first"
    wide = run_archiver("stats", "--db", demo, "--wide", check=True).stdout
    categories = wide[wide.index("categories:"):wide.index("date source:")]
    assert len(categories.strip().splitlines()) == 1 + 66
    assert "events/akorda_news/meetings_and_receptions" in wide
    narrow = run_archiver("query", "select * from articles limit 3", "--db", demo,
                          env={"COLUMNS": "60"}, check=True).stdout.splitlines()
    assert narrow[-1].startswith("(") and "more columns not shown, --wide or --format json" \
        in narrow[-1] and all(len(line) <= 60 for line in narrow), narrow


def test_changes_to_a_pipe_keep_every_path_whole(demo):
    paths = {r["url"].split("akorda.kz", 1)[1] for r in json.loads(run_archiver(
        "changes", "--db", demo, "--format", "json", check=True).stdout)}
    piped = run_archiver("changes", "--db", demo, check=True).stdout
    assert max(map(len, paths)) > 60 and all(f" {path}" in piped for path in paths)
    narrow = run_archiver("changes", "--db", demo, env={"COLUMNS": "70"}, check=True).stdout
    assert narrow.splitlines()[-1].startswith("(2 more columns not shown, --wide or --format json")


def test_the_crawl_summary_is_wrapped_on_a_terminal_and_whole_in_a_pipe(tmp_path):
    """`archiver demo` ends with the crawl's summary: on 100 columns its long lines (the listing
    strategies, failures by reason) wrap at spaces, nothing cut; a pipe gets each on one line."""
    screen = run_on_terminal("demo", "--db", str(tmp_path / "t.db"), "--articles", "60",
                             columns=COLUMNS)
    assert screen.returncode == 0, screen.text[-2000:]
    assert wider_lines(screen) == [], screen.text[:3000]
    wrapped = " ".join(screen.text.replace("\r\n", "\n").split())
    piped = run_archiver("demo", "--db", str(tmp_path / "p.db"), "--articles", "60", check=True)
    line = next(line for line in piped.stderr.splitlines()
                if line.startswith("listing pages read by strategy:"))
    assert len(line) > COLUMNS and " ".join(line.split()) in wrapped  # the same words, wrapped
