"""Output that can be reused, and the smaller contract points of the CLI: full URLs that paste
into `history`, URLs accepted as people write them, terminal-safe text, guarded CSV cells,
honest messages, a schedule cron keeps, examples and help on every command."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess

import pytest
from _archiver import PYTHONPATH, ROOT, archiver_cmd, run_archiver
from _small_archive import make_archive

from archiver import clidoc
from archiver.cli import cli

LONG_URL = ("https://www.akorda.kz/kz/memleket-basshysy-shymkent-kalasyna-zhumys-saparymen-"
            "bardy-2895717")
ARTICLES = [
    {"url": LONG_URL, "lang": "kk", "published": "2018-09-29",
     "title": "Мемлекет басшысы Шымкент қаласына жұмыс сапарымен барды",
     "body": "Мемлекет басшысы шілдеде Шымкентке барды."},
    {"url": "https://www.akorda.kz/en/trap-1", "lang": "en", "published": "2019-01-02",
     "title": "\x1b[2J\x1b[31mRED \u202eevil\u202c title", "body": "A working trip to Shymkent."},
    {"url": "https://www.akorda.kz/en/formula-2", "lang": "en", "published": "2019-01-03",
     "title": "=HYPERLINK(\"http://evil.example/\",\"x\")", "body": "Another working trip."},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return str(make_archive(tmp_path_factory.mktemp("out") / "archive.db", ARTICLES))


def test_search_prints_whole_urls_that_paste_into_history(db):
    out = run_archiver("search", "Шымкент", "--db", db, check=True).stdout
    assert LONG_URL in out
    pasted = re.search(r"https://\S+", out).group()
    assert run_archiver("history", pasted, "--db", db, check=True).stdout.startswith(LONG_URL)


@pytest.mark.parametrize("written", [
    LONG_URL.removeprefix("https://"),                      # no scheme
    LONG_URL.replace("https://www.", ""),                   # bare host alias
    LONG_URL.replace("https://www.", "http://wap.") + "/",  # another alias, trailing slash
    LONG_URL.removeprefix("https://www.akorda.kz"),         # the path alone
])
def test_urls_are_accepted_as_people_write_them(db, written):
    proc = run_archiver("history", written, "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{LONG_URL}: 1 version(s)")


def test_escape_and_bidi_characters_reach_no_terminal_raw(db):
    for fmt in ("table",):
        out = run_archiver("search", "working", "--db", db, "--format", fmt, check=True).stdout
        assert "\x1b" not in out and "\u202e" not in out
        assert "\\x1b[2J" in out and "\\u202eevil" in out


def on_terminal(*args: str) -> tuple[int, str]:
    """Run archiver with stdout and stderr on a pseudo-terminal; (exit code, what it showed)."""
    import fcntl
    import struct
    import termios

    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    child = subprocess.Popen(archiver_cmd(*args), cwd=ROOT, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    code = child.wait(timeout=60)
    os.close(leader)
    return code, b"".join(chunks).decode()


def test_history_on_a_terminal_is_terminal_safe(db):
    code, shown = on_terminal("history", "https://www.akorda.kz/en/trap-1", "--db", db)
    assert code == 0 and "RED" in shown and "\x1b" not in shown and "\u202e" not in shown


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_to_a_terminal_is_terminal_safe(db, fmt):
    code, shown = on_terminal("export", "--db", db, "--format", fmt, "--out", "-", "--lang", "en")
    assert code == 0 and "RED" in shown and "\x1b" not in shown and "\u202e" not in shown


def test_parquet_is_not_written_to_a_terminal(db):
    code, shown = on_terminal("export", "--db", db, "--format", "parquet", "--out", "-")
    assert code == 2 and "parquet is binary" in shown and "PAR1" not in shown


def test_search_csv_guards_formula_cells(db):
    out = run_archiver("search", "working", "--db", db, "--format", "csv", check=True).stdout
    assert "'=HYPERLINK(" in out and "\n=HYPERLINK" not in out and ",=HYPERLINK" not in out


def test_export_counts_in_words_and_warns_when_empty(db, tmp_path):
    one = run_archiver("export", "--db", db, "--format", "csv", "--lang", "kk",
                       "--out", str(tmp_path / "one.csv"), check=True)
    assert one.stderr.startswith("1 article written to ")
    none = run_archiver("export", "--db", db, "--format", "csv", "--since", "2030",
                        "--out", str(tmp_path / "none.csv"), check=True)
    assert none.stderr.splitlines()[0].startswith("0 articles written to ")
    assert "warning: no article matches these filters" in none.stderr


@pytest.mark.parametrize("args,needle", [
    (("demo", "--articles", "-5"), "--articles"),
    (("search", "x", "--lang", ""), "--lang"),
    (("export", "--format", "csv", "--out", "x.csv", "--category", " "), "--category"),
    (("search", "x", "--limit", "0"), "--limit"),
    (("schedule", "--every", "7h"), "1h 2h 3h 4h 6h 8h 12h"),
    (("schedule", "--every", "45m"), "cron cannot keep that period evenly"),
])
def test_bad_values_are_refused_not_silently_used(db, args, needle):
    proc = run_archiver(*args, "--db", db)
    assert proc.returncode == 2, proc.stderr
    line = proc.stderr.strip()
    assert line.startswith("archiver: error:") and "\n" not in line and needle in line


def test_crawl_since_takes_a_year_like_search(tmp_path):
    (tmp_path / "d").mkdir()
    year = run_archiver("crawl", "--since", "2024", "--db", str(tmp_path / "d"))
    assert "is a directory" in year.stderr, "a year was refused before --db was looked at"
    bad = run_archiver("crawl", "--since", "yesterday", "--db", str(tmp_path / "d"))
    assert "--since needs a date as YYYY, YYYY-MM or YYYY-MM-DD" in bad.stderr


def test_schedule_keeps_even_periods_and_escapes_percent(tmp_path):
    out = run_archiver("schedule", "--every", "8h", "--db", str(tmp_path / "100%h.db"),
                       check=True).stdout
    cron = next(line for line in out.splitlines() if line.startswith("7 */8 * * *"))
    assert "100\\%h.db" in cron and "100%h" not in cron.replace("\\%", "")
    exec_start = next(line for line in out.splitlines() if line.startswith("ExecStart="))
    assert "100%%h.db" in exec_start
    assert "OnUnitActiveSec=8h" in out
    assert run_archiver("schedule", "--every", "90m", "--db", str(tmp_path / "a.db")
                        ).returncode == 2
    assert "7 */2 * * *" in run_archiver("schedule", "--every", "120m", "--db",
                                         str(tmp_path / "a.db"), check=True).stdout


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_examples_and_every_option_help(name):
    command = cli.commands[name]
    assert command.epilog and "Examples:" in command.epilog, name
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help, f"archiver {name} {param.opts[0]} has no help text"


def test_readme_reference_is_the_real_help_output():
    readme = (ROOT / "README.md").read_text()
    env = {**os.environ, "COLUMNS": "100", "PYTHONPATH": PYTHONPATH}
    for name in sorted(cli.commands):
        real = subprocess.run(archiver_cmd(name, "--help"), capture_output=True, text=True,
                              cwd=ROOT, env=env, check=True).stdout
        assert f"### archiver {name}\n\n```\n{real}```" in readme, f"archiver {name} --help"
    assert "-h, --help" in clidoc.cli_reference()


def test_times_are_shown_to_the_second(db):
    out = run_archiver("stats", "--db", db, check=True).stdout
    runs = out[out.index("last runs:"):]
    assert not re.search(r"\d\d:\d\d:\d\d\.\d", runs), runs


def test_history_shows_version_times_to_the_second(db):
    out = run_archiver("history", LONG_URL, "--db", db, check=True).stdout
    assert re.search(r"v1  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC  run 1", out), out


def test_capture_to_a_terminal_is_terminal_safe_and_exact_to_a_pipe(tmp_path, replica):
    db = tmp_path / "a.db"
    run_archiver("crawl", "--site", replica.url, "--db", str(db), "--lang", "en",
                 "--max-pages", "1", "--set", "ARCHIVE_PROGRESS_INTERVAL=0")
    url = sqlite3.connect(db).execute("SELECT url FROM captures LIMIT 1").fetchone()[0]
    piped = subprocess.run(archiver_cmd("capture", url, "--db", str(db)), cwd=ROOT,
                           capture_output=True, check=True).stdout
    assert piped.startswith(b"<!DOCTYPE") or piped.lstrip().startswith(b"<")
    code, shown = on_terminal("capture", url, "--db", str(db))
    assert code == 0 and "</html>" in shown and "\x1b" not in shown


def test_terminal_lines_escape_across_chunk_boundaries():
    import io

    from archiver.read.tables import TerminalLines

    screen = io.StringIO()
    stream = TerminalLines(screen)
    data = "<p>Қазақ \x1b[2J\u202eevil</p>\r\n<p>екі</p>".encode()
    for i in range(0, len(data), 3):  # splits inside multi-byte letters too
        stream.write(data[i:i + 3])
    stream.flush()
    assert screen.getvalue() == "<p>Қазақ \\x1b[2J\\u202eevil</p>\n<p>екі</p>\n"
