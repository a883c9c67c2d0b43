"""One error path for every command: each subcommand, given each kind of bad --db and each bad
output path, answers with one line on stderr and an exit code, never a traceback, and does no
work first (no file appears, the archive is unchanged)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from _archiver import closed_site, run_archiver
from _small_archive import make_archive

URL = "https://www.akorda.kz/kz/x-1"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """A real archive file (every table, a few articles), written through the storage API."""
    db = tmp_path_factory.mktemp("archive") / "archive.db"
    return make_archive(db, [
        {"url": f"https://www.akorda.kz/{lang}/article-{n}", "lang": lang,
         "title": f"Title {n} " + "word " * 40, "published": f"2020-01-{n + 1:02d}",
         "body": "Paragraph. " * 300} for n, lang in enumerate(["kk", "ru", "en"] * 10)])


def _bad_db(kind: str, base: Path, archive: Path) -> Path:
    path = base / f"{kind}.db"
    if kind == "directory":
        path.mkdir()
    elif kind == "text":
        path.write_text("title,url\nhello,world\n")
    elif kind == "foreign":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE notes (a)")
    elif kind == "empty-sqlite":
        sqlite3.connect(path).execute("VACUUM")
    elif kind == "truncated":
        data = archive.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "garbled":  # the schema page overwritten after the header
        data = bytearray(archive.read_bytes())
        data[100:4096] = b"\xa5" * (4096 - 100)
        path.write_bytes(bytes(data))
    return path


READERS = {
    "search": ("search", "шілде"),
    "query": ("query", "select 1"),
    "stats": ("stats",),
    "history": ("history", URL),
    "capture": ("capture", URL),
    "export": ("export", "--format", "csv", "--out", "{tmp}/out.csv"),
    "serve": ("serve", "--port", "0"),
    "reextract": ("reextract", "--dry-run"),
    "upgrade": ("upgrade",),
}
WRITERS = {  # a missing file or an empty SQLite database is a new archive for these
    "crawl": ("crawl", "--site", "{site}"),
    "demo": ("demo", "--articles", "2"),
    "schedule": ("schedule",),
}
KINDS = ["missing", "directory", "text", "foreign", "empty-sqlite", "truncated", "garbled"]


def _listing(folder: Path) -> list[str]:
    """The files, less SQLite's own -wal/-shm (opening a WAL database read-only makes them)."""
    return sorted(n for n in os.listdir(folder) if not n.endswith(("-wal", "-shm")))


def _one_error_line(proc, code: int = 1) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("archiver: error:"), proc.stderr
    assert proc.returncode == code, proc.stderr
    return lines[0]


def _args(template: tuple[str, ...], tmp: Path) -> list[str]:
    site = closed_site()
    return [a.format(tmp=tmp, site=site) for a in template]


# A writer starts a new archive in a missing file or an empty SQLite database (tested below).
CASES = [(command, kind) for command in sorted(READERS) + sorted(WRITERS) for kind in KINDS
         if not (command in WRITERS and kind in ("missing", "empty-sqlite"))]


@pytest.mark.parametrize("command,kind", CASES)
def test_every_command_refuses_each_bad_db_in_one_line(command, kind, tmp_path, archive):
    db = _bad_db(kind, tmp_path, archive)
    before = _listing(tmp_path)
    template = READERS.get(command) or WRITERS[command]
    proc = run_archiver(*_args(template, tmp_path), "--db", str(db), timeout=60)
    line = _one_error_line(proc)
    assert db.name in line
    assert _listing(tmp_path) == before, "the command did work before refusing"


@pytest.mark.parametrize("kind,needle", [
    ("missing", "no archive at"), ("directory", "is a directory"), ("text", "a text file"),
    ("foreign", "not an archive (no articles table"), ("empty-sqlite", "empty SQLite database"),
    ("truncated", "cut short"), ("garbled", "damaged"),
])
def test_the_line_says_what_is_wrong(kind, needle, tmp_path, archive):
    db = _bad_db(kind, tmp_path, archive)
    assert needle in _one_error_line(run_archiver("stats", "--db", str(db)))


def test_writers_start_an_archive_in_an_empty_sqlite_file(tmp_path):
    db = _bad_db("empty-sqlite", tmp_path, Path())
    proc = run_archiver("demo", "--db", str(db), "--articles", "2")
    assert "Traceback" not in proc.stderr and "archiver: error" not in proc.stderr, proc.stderr
    assert "articles per year" in run_archiver("stats", "--db", str(db), check=True).stdout


def test_crawl_refuses_an_archive_damaged_inside_its_data(tmp_path, archive):
    damaged = tmp_path / "damaged.db"
    data = bytearray(archive.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    page = 65536 if page == 1 else page  # the header's page size (1 stands for 64 KB)
    assert len(data) >= page * 6
    data[page * 3:page * 6] = b"\xff" * (page * 3)  # three whole pages of data, past the schema
    damaged.write_bytes(bytes(data))
    line = _one_error_line(run_archiver("crawl", "--site", closed_site(), "--db", str(damaged)))
    assert "damaged" in line and "nothing was written" in line
    assert damaged.read_bytes() == bytes(data)


def _bad_outputs(tmp: Path) -> dict[str, str]:
    (tmp / "adir").mkdir(exist_ok=True)
    return {"no such directory": str(tmp / "nodir" / "x.{ext}"),
            "a directory": str(tmp / "adir"),
            "an unwritable place": "/proc/x.{ext}",
            "a device": "/dev/null"}


OUTPUTS = [
    ("export", ("export", "--format", "csv", "--out"), "csv", "--out"),
    ("export-jsonl", ("export", "--format", "jsonl", "--out"), "jsonl", "--out"),
    ("stats", ("stats", "--plot"), "png", "--plot"),
    ("crawl", ("crawl", "--site", "{site}", "--report"), "json", "--report"),
]


@pytest.mark.parametrize("bad", ["no such directory", "a directory", "an unwritable place",
                                 "a device"])
@pytest.mark.parametrize("name,args,ext,option", OUTPUTS)
def test_bad_output_paths_are_refused_before_any_work(name, args, ext, option, bad, tmp_path,
                                                      archive):
    db = tmp_path / "archive.db"
    shutil.copy(archive, db)
    before = db.read_bytes()
    target = _bad_outputs(tmp_path)[bad].format(ext=ext)
    proc = run_archiver(*_args(args, tmp_path), target, "--db", str(db), timeout=60)
    line = _one_error_line(proc, code=2)
    assert option in line
    assert db.read_bytes() == before
    assert not (tmp_path / "nodir").exists()
    if name == "stats":
        assert proc.stdout == "", "stats printed its report before refusing the plot path"


def test_plot_needs_an_image_suffix(tmp_path, archive):
    line = _one_error_line(run_archiver("stats", "--db", str(archive), "--plot",
                                        str(tmp_path / "x.txt")), code=2)
    assert ".png" in line
    assert not (tmp_path / "x.txt").exists()


def test_dash_is_standard_output_for_export(tmp_path, archive):
    proc = run_archiver("export", "--db", str(archive), "--format", "csv", "--out", "-",
                        check=True)
    assert proc.stdout.startswith("url,") and proc.stdout.count("\n") > 8
    assert not (Path(proc.args[0]).parent / "-").exists()
    assert "written to standard output" in proc.stderr
    bundle = run_archiver("export", "--db", str(archive), "--format", "html", "--out", "-")
    assert "standard output" in _one_error_line(bundle, code=2)


@pytest.mark.parametrize("command", ["replica", "serve"])
def test_a_server_on_a_port_in_use_says_so(command, archive):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        extra = ("--db", str(archive)) if command == "serve" else ()
        line = _one_error_line(run_archiver(command, "--port", str(port), *extra, timeout=30))
    assert f"cannot listen on 127.0.0.1:{port}" in line


@pytest.mark.parametrize("kind,needle", [
    ("missing", "no manifest at"), ("directory", "no manifest at"), ("text", "no manifest at"),
    ("truncated", "is damaged: cut short"),  # SQLite bytes: checked as an archive, and it is damaged
])
def test_verify_refuses_what_is_not_a_snapshot_or_an_archive_in_one_line(kind, needle, tmp_path,
                                                                          archive):
    path = _bad_db(kind, tmp_path, archive)
    assert needle in _one_error_line(run_archiver("verify", str(path)))


def test_an_archive_from_an_older_archiver_is_named_and_upgraded(tmp_path, monkeypatch):
    import sqlite_utils

    from archiver.storage import schema

    old = tmp_path / "old.db"
    with monkeypatch.context() as patch:  # the schema as the first four migrations left it
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:4])
        db = sqlite_utils.Database(old)
        schema.migrate(db)
        db.conn.close()
    line = _one_error_line(run_archiver("search", "x", "--db", str(old)))
    assert "written by an older archiver" in line and f"archiver upgrade --db {old}" in line
    run_archiver("upgrade", "--db", str(old), check=True)
    assert run_archiver("search", "x", "--db", str(old)).returncode == 0


def test_archiver_alone_prints_its_help_not_an_error():
    proc = run_archiver()
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert proc.stdout.startswith("Usage: archiver [OPTIONS] COMMAND [ARGS]...")
    assert "Commands:" in proc.stdout and "search" in proc.stdout
