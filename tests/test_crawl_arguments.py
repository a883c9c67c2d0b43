"""One name, one meaning, in every layer: `archiver crawl --since`, `crawl(since=)`, `scrapy crawl
akorda -a since=` and ARCHIVE_SINCE read the same values through archiver.fetch.arguments, and refuse
the same bad ones with the same line before anything is fetched."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from _archiver import PYTHONPATH, ROOT, closed_site, rows, run_archiver

from archiver.crawl import check_arguments
from archiver.errors import UsageError
from archiver.fetch.arguments import CrawlArguments

BASE = {"site": "https://www.akorda.kz/", "db": "a.db", "lang": "kz,ru", "today": "2026-12-05"}


def read(**given) -> CrawlArguments:
    return CrawlArguments.read({**BASE, **given}.get)


@pytest.mark.parametrize("since, day", [("2024", "2024-01-01"), ("2024-03", "2024-03-01"),
                                        ("2024-03-09", "2024-03-09")])
def test_since_takes_a_year_a_month_or_a_day(since, day):
    assert read(since=since).since == day
    check_arguments("https://www.akorda.kz", "kk", None, since, 0, 1, 0, 0.05)  # the library's check


def test_the_arguments_as_read_and_recorded():
    options = read(section="/events/, speeches", max_pages="3", full="true", refresh_days="7",
                   known_pages="0")
    assert options.site == "https://www.akorda.kz" and options.langs == ("kk", "ru")
    assert options.sections == ("events", "speeches") and options.max_pages == 3
    assert options.full and options.known_pages == 1  # a walk looks at one known page at least
    assert options.refresh_from == "2026-11-28"
    assert options.recorded()["since"] is None and options.recorded()["lang"] == "kk,ru"
    assert len(read().sections) > 5 and read().refresh_from is None  # every section by default


@pytest.mark.parametrize("given, message", [
    ({"since": "yesterday"}, "--since needs a date as YYYY, YYYY-MM or YYYY-MM-DD, not 'yesterday'"),
    ({"since": "2024-13"}, "--since needs a date"),
    ({"max_pages": "x"}, "--max-pages needs a whole number, not 'x'"),
    ({"refresh_days": "-1"}, "--refresh-days cannot be negative"),
    ({"revisit_days": "0"}, "--revisit-days must be at least 1"),  # 0 is not the default's 30
    ({"revisit_budget": "-5"}, "--revisit-budget cannot be negative"),
    ({"site": "ftp://x"}, "--site must be an http(s) URL"),
    ({"section": "events;drop"}, "is not a listing path"),
    ({"lang": "xx"}, "unknown language 'xx'"),
])
def test_a_bad_value_is_one_line_naming_the_flag(given, message):
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read(**given)


def test_the_cli_and_scrapy_refuse_the_same_value_with_the_same_line(tmp_path):
    cli = run_archiver("crawl", "--since", "2024-13", "--site", closed_site(),
                       "--db", str(tmp_path / "cli.db"))
    scrapy = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "akorda", "-a", "since=2024-13",
         "-a", f"site={closed_site()}", "-a", f"db={tmp_path / 'scrapy.db'}"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": PYTHONPATH}, capture_output=True, text=True,
        timeout=120)
    line = "--since needs a date as YYYY, YYYY-MM or YYYY-MM-DD, not '2024-13'"
    assert cli.returncode == 2 and line in cli.stderr
    assert scrapy.returncode != 0 and line in scrapy.stderr
    assert not (tmp_path / "cli.db").exists()  # refused before anything started


def test_scrapy_crawl_takes_a_year_as_since(replica, tmp_path):
    """The replica's English articles run from 2006 to 2015: a year in, the older ones left out."""
    db = tmp_path / "a.db"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "akorda", "-a", f"site={replica.url}",
         "-a", "lang=en", "-a", "since=2014", "-a", f"db={db}", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": PYTHONPATH}, capture_output=True, text=True,
        timeout=120)
    assert proc.returncode == 0, proc.stderr
    days = sorted(day for (day,) in rows(db, "SELECT published FROM articles") if day)
    site = replica.site
    wanted = sorted(str(site.day_of("en", i)) for i in range(site.articles)
                    if not site.shows_no_date(i) and str(site.day_of("en", i)) >= "2014-01-01")
    assert days == wanted and 0 < len(days) < site.articles
    assert '"since": "2014-01-01"' in rows(db, "SELECT arguments FROM crawl_runs")[0][0]
