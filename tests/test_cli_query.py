"""`archiver query` as a safe instrument: each write refused by name, a time limit and Ctrl-C that
stop a runaway query, every format streaming in bounded memory, BLOBs and parameters."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _archiver import ROOT, archiver_cmd, run_archiver

from archiver.storage import open_archive

RUNAWAY = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("query") / "archive.db"
    open_archive(path).conn.close()  # an empty archive: every table, no rows
    return str(path)


def query(db: str, sql: str, *args: str):
    return run_archiver("query", sql, "--db", db, *args, timeout=120)


@pytest.mark.parametrize("sql,action", [
    ("delete from articles", "DELETE"),
    ("insert into articles (url) values ('x')", "INSERT"),
    ("update articles set title = 'x'", "UPDATE"),
    ("drop table articles", "DROP TABLE"),
    ("create table t (a)", "CREATE TABLE"),
    ("create temp table t (a)", "CREATE TEMP TABLE"),
    ("create index i on articles (title)", "CREATE INDEX"),
    ("create view v as select 1", "CREATE VIEW"),
    ("alter table articles add column z", "ALTER TABLE"),
    ("attach database 'other.db' as other", "ATTACH"),
    ("pragma user_version = 3", "PRAGMA user_version = 3"),
    ("pragma journal_mode = delete", "PRAGMA journal_mode = delete"),
    ("pragma writable_schema = 1", "PRAGMA writable_schema = 1"),
    ("select load_extension('x')", "the function load_extension()"),
    ("begin", "TRANSACTION"),
    ("savepoint s", "SAVEPOINT"),
    ("reindex", "REINDEX"),
    ("analyze", "ANALYZE"),
])
def test_each_write_kind_is_refused_by_its_name(db, sql, action):
    proc = query(db, sql)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == (f"archiver: error: the archive is read-only here: {action} is "
                                   "not allowed (archiver query runs SELECT statements and "
                                   "read-only PRAGMAs only)")


@pytest.mark.parametrize("sql,first", [
    ("PRAGMA table_info(articles)", ["cid", "name", "type", "notnull", "dflt_value", "pk"]),
    ("select name from pragma_table_info('articles')", ["name"]),
    ("select * from pragma_index_list('articles')", ["seq", "name", "unique", "origin", "partial"]),
    ("pragma user_version", ["user_version"]),
    ("pragma quick_check", ["quick_check"]),
])
def test_read_only_pragmas_show_the_schema(db, sql, first):
    proc = query(db, sql, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows and list(rows[0]) == first
    if "table_info" in sql:
        assert {"url", "title", "body", "published"} <= {r["name"] for r in rows}


def test_a_runaway_query_is_stopped_by_the_timeout(db):
    started = time.monotonic()
    proc = query(db, RUNAWAY, "--timeout", "0.5")
    took = time.monotonic() - started  # the query never ends by itself: only the limit stops it
    assert took < 0.5 + 4, f"stopped after {took:.1f} s (0.5 s limit, start-up included)"
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("archiver: error: the query ran for more than 0.5 s")


def test_ctrl_c_stops_a_runaway_query_at_once(db):
    child = subprocess.Popen(archiver_cmd("query", RUNAWAY, "--db", db, "--timeout", "0"),
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)  # well inside the query (the CLI starts in a fraction of that)
    assert child.poll() is None, child.communicate()
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    waited = time.monotonic() - sent
    assert child.returncode == 130 and err.strip() == "archiver: error: interrupted", err
    assert waited < 1.0, f"the query ran on for {waited:.2f} s after Ctrl-C"


GENERATED = ("with recursive c(x) as (select 1 union all select x + 1 from c limit 2000000) "
             "select x, 'заголовок номер ' || x as title, x * 0.5 as half, "
             "'https://www.akorda.kz/kz/article-' || x as url from c")


# The child reports its own peak resident memory (VmHWM) as it exits. Not ru_maxrss: Linux
# carries the parent's high-water mark into a forked child across exec, so a large pytest
# process would be measured instead of the query.
PEAK = """import atexit, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("peak-kb " + line.split()[1] + "\\n")
atexit.register(peak)
from archiver.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_two_million_rows_stream_in_every_format_under_100_mb(db, fmt, tmp_path):
    out = tmp_path / f"rows.{fmt}"
    with open(out, "wb") as sink:
        child = subprocess.run([sys.executable, "-c", PEAK, "query", GENERATED, "--db", db,
                                "--format", fmt, "--timeout", "0"],
                               cwd=ROOT, stdout=sink, stderr=subprocess.PIPE, text=True)
    assert child.returncode == 0, child.stderr
    peak_mb = int(re.search(r"peak-kb (\d+)", child.stderr).group(1)) / 1024
    with open(out, "rb") as handle:
        lines = sum(1 for _ in handle)
    assert lines >= 2_000_000
    assert peak_mb < 100, f"{fmt}: peak RSS {peak_mb:.0f} MB for 2 million rows"


def test_blobs_are_base64_in_json_and_hex_in_csv(db):
    proc = query(db, "select zeroblob(3) as z, x'00ff' as b, 'text' as t", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [{"z": {"$base64": True, "encoded": "AAAA"},
                                        "b": {"$base64": True, "encoded": "AP8="}, "t": "text"}]
    csv_out = query(db, "select x'00ff' as b", "--format", "csv").stdout
    assert csv_out.splitlines() == ["b", "00ff"]


def test_named_parameters(db):
    proc = query(db, "select :day as day, :n + 1 as n", "-p", "day", "2024-01-01",
                 "--param", "n", "41", "--format", "json")
    assert json.loads(proc.stdout) == [{"day": "2024-01-01", "n": 42}]
    missing = query(db, "select :day")
    assert missing.returncode == 2 and "SQL error" in missing.stderr


def test_formula_cells_are_guarded_in_query_csv(db):
    proc = query(db, "select '=cmd|'' /c calc''!A1' as a, '@sum(1)' as b, 5 as n",
                 "--format", "csv")
    assert proc.stdout.splitlines()[1] == "'=cmd|' /c calc'!A1,'@sum(1),5"


def test_control_and_bidi_characters_never_reach_the_terminal_raw(db):
    sql = "select char(27) || '[31mred' as t, char(8238) || 'abc' as u"
    table = query(db, sql).stdout
    assert "\x1b" not in table and "\u202e" not in table
    assert "\\x1b[31mred" in table and "\\u202eabc" in table
    piped_csv = query(db, sql, "--format", "csv").stdout  # a pipe, not a person: data intact
    assert "\x1b[31mred" in piped_csv


def test_a_long_table_keeps_the_first_screenful_widths_on_a_terminal_and_a_pipe_gets_all(db):
    sql = ("with recursive c(x) as (select 1 union all select x + 1 from c limit 200) "
           "select x, case when x = 120 then 'a much longer cell than any before' else 'short' "
           "end as label from c")
    lines = run_archiver("query", sql, "--db", db, env={"COLUMNS": "100"}).stdout.splitlines()
    assert len(lines) == 202
    row_120 = lines[2 + 119]
    number, label = row_120.split(None, 1)
    assert number == "120", "a number is never cut"
    assert label == "a mu…" and len(label) == len("short")
    piped = query(db, sql).stdout.splitlines()
    assert piped[2 + 119].split(None, 1)[1] == "a much longer cell than any before"


def test_query_help_shows_examples():
    out = run_archiver("query", "--help").stdout
    assert "Examples:" in out and "-p day 2024-01-01" in out


def test_archive_file_untouched_by_refused_writes(db):
    before = Path(db).read_bytes()
    for sql in ("delete from articles", "drop table articles"):
        query(db, sql)
    assert Path(db).read_bytes() == before


def test_every_table_and_column_of_a_new_archive_is_described(db):
    from archiver.storage import open_readonly
    from archiver.storage.columns import describe

    tables = describe(open_readonly(db))
    assert tables[0]["name"] == "articles" and not tables[0]["internal"]
    for table in tables:
        assert table["description"], f"table {table['name']} has no description"
        if not table["internal"]:
            assert all(c["meaning"] for c in table["columns"]), \
                f"{table['name']}: {[c['name'] for c in table['columns'] if not c['meaning']]}"


def test_schema_shows_tables_columns_and_meanings_fitted_to_the_terminal(db):
    text = run_archiver("schema", "--db", db, env={"COLUMNS": "80"}, check=True).stdout
    assert text.startswith("articles (table): One row per news article")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert re.search(r"^  published\s+TEXT\s+Publication date", text, re.MULTILINE)
    assert "translations (view)" in text and "listing_state (table)" in text
    one = json.loads(run_archiver("schema", "revisions", "--db", db, "--format", "json",
                                  check=True).stdout)
    assert [t["name"] for t in one] == ["revisions"]
    assert {"name": "reason", "type": "TEXT", "meaning": one[0]["columns"][-1]["meaning"]} \
        == one[0]["columns"][-1] and "re-extracted" in one[0]["columns"][-1]["meaning"]
    wrong = run_archiver("schema", "article", "--db", db)
    assert wrong.returncode == 2 and wrong.stderr.startswith(
        "archiver: error: no table or view named article in ") and "Traceback" not in wrong.stderr
