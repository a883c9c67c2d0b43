"""The CLI's contract: one line on stderr and a non-zero code for bad input, docs in step."""

from __future__ import annotations

import pytest
from _archiver import PYTHONPATH, run_archiver

from archiver import clidoc


def test_readme_command_reference_is_current():
    readme = (clidoc.Path(clidoc.__file__).resolve().parent.parent / "README.md").read_text()
    assert readme == clidoc.render(readme), "run: python -m archiver.clidoc"


@pytest.mark.parametrize("args,code,needle", [
    (("crawl", "--lang", "xx"), 2, "unknown language 'xx'"),
    (("crawl", "--max-pages", "abc"), 2, "--max-pages"),
    (("crawl", "--site", "ftp://x"), 2, "--site must be an http(s) URL"),
    (("crawl", "--since", "yesterday"), 2, "--since needs a date"),
    (("crawl", "--set", "lower=1"), 2, "NAME=VALUE"),
    (("search", "x", "--db", "/nonexistent/a.db"), 1, "no archive at"),
    (("schedule", "--every", "0h"), 2, "--every"),
    (("replica", "--faults", "500=2"), 2, "fault"),
    (("nosuchcommand",), 2, "No such command"),
])
def test_bad_arguments_give_one_line_and_an_exit_code(args, code, needle):
    proc = run_archiver(*args)
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("archiver: error:"), proc.stderr
    assert needle in lines[0]


def test_schedule_prints_cron_and_systemd_units(tmp_path):
    proc = run_archiver("schedule", "--every", "6h", "--db", str(tmp_path / "a.db"))
    assert proc.returncode == 0
    out = proc.stdout
    assert "7 */6 * * *" in out and "crawl --site https://www.akorda.kz" in out
    assert "--report" in out and "[Timer]" in out and "OnUnitActiveSec=6h" in out
    assert "SuccessExitStatus=75" in out


def test_replica_command_prints_its_url():
    import subprocess
    import sys
    import urllib.request

    proc = subprocess.Popen([sys.executable, "-m", "archiver.cli", "replica", "--port", "0",
                             "--articles", "5"], stdout=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "/robots.txt") as response:
            assert b"Disallow" in response.read()
    finally:
        proc.kill()
        proc.wait()


def test_scrapy_crawl_command_uses_the_same_spider(replica, tmp_path):
    import os
    import subprocess
    import sys

    from _archiver import ROOT, rows

    db = tmp_path / "a.db"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "akorda", "-a", f"site={replica.url}",
         "-a", "lang=en", "-a", f"db={db}", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": PYTHONPATH}, capture_output=True, text=True,
        timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert rows(db, "SELECT lang, count(*) FROM articles GROUP BY lang") == [("en", 40)]
