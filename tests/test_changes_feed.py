"""`archiver changes` (table, JSON, Atom) and `archiver crawl --feed`: the feed opens in a feed reader
(feedparser), and its entries are the changes `archiver changes --format json` lists."""

from __future__ import annotations

import io
import json
import os
import subprocess

import feedparser
import pytest
from _archiver import PYTHONPATH, ROOT, archiver_cmd, crawl, run_archiver
from _changes_archive import HOST, WORK, build

from archiver.read.changes import compact_diff_html, side_by_side, write_changes
from archiver.serve.feed import entry_id
from archiver.storage import open_readonly
from archiver.storage.changes import list_changes


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return build(tmp_path_factory.mktemp("feed") / "archive.db")


def changes(db, *args: str) -> subprocess.CompletedProcess:
    return run_archiver("changes", "--db", str(db), *args, timeout=120)


def test_json_lists_the_changes_newest_first(archive):
    proc = changes(archive, "--format", "json", "--kind", "edited", "--significance", "substantive")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [(r["lang"], r["words_removed"], r["words_added"]) for r in rows] == [
        ("en", ["120"], ["150"]), ("ru", ["120"], ["150"]), ("kk", ["120"], ["150"])]
    assert {r["work_id"] for r in rows} == {WORK}


def test_table_fits_the_terminal(archive):
    env = {**os.environ, "PYTHONPATH": PYTHONPATH, "COLUMNS": "110"}
    proc = subprocess.run(archiver_cmd("changes", "--db", str(archive)), capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["seen", "lang", "kind", "significance", "change", "title", "page"]
    assert len(lines) == 2 + 13 and all(len(line) <= 110 for line in lines)
    assert " /ru/soveshchanie-700002" in proc.stdout  # a page's path is never cut


def test_table_width_is_the_one_given():
    long_path = "/ru/" + "-".join(["glava-gosudarstva-provel-soveshchanie"] * 4) + "-1200150"
    rows = [{"seen_at": "2026-03-05T06:00:00Z", "lang": "ru", "kind": "edited", "significance": "minor",
             "title_changed": True, "date_changed": False, "words_removed": ["один"] * 20,
             "words_added": ["два"] * 20, "detail": None, "title": "Заголовок " * 20, "url": HOST + long_path}]
    for width, header in ((60, "seen lang kind significance page"),
                          (80, "seen lang kind significance change page"),
                          (100, "seen lang kind significance change title page"),
                          (400, "seen lang kind significance change title page")):
        out = io.StringIO()
        write_changes(rows, "table", out, width=width)
        lines = out.getvalue().splitlines()
        assert max(len(line) for line in lines) <= width and " ".join(lines[0].split()) == header
        page = lines[2].split()[-1]
        assert page.startswith("/ru/") and page.endswith("-1200150")  # the language and the id show
        assert (page == long_path) == (width == 400)


@pytest.mark.parametrize("args, message", [
    (("--kind", "changed"), "unknown change kind 'changed'"),
    (("--significance", "huge"), "unknown significance 'huge'"),
    (("--lang", "de"), "unknown language 'de'"),
    (("--since", "last week"), "since"),
    (("--format", "rss"), "'rss' is not one of"),
    (("--kind", ""), "is empty"),
    (("--feed-base", "127.0.0.1:8001"), "not an http:// or https:// address"),
])
def test_bad_arguments_are_one_line(archive, args, message):
    proc = changes(archive, *args)
    assert proc.returncode != 0 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and message in proc.stderr, proc.stderr


def test_atom_parses_and_matches_json(archive):
    atom = changes(archive, "--format", "atom", "--feed-base", "http://archive.example:9000")
    assert atom.returncode == 0, atom.stderr
    feed = feedparser.parse(atom.stdout.encode())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    listed = json.loads(changes(archive, "--format", "json").stdout)
    assert [e.id for e in feed.entries] == [entry_id(c) for c in listed]
    assert [e.updated[:19] for e in feed.entries] == [c["seen_at"][:19] for c in listed]
    assert [e.tags[0].term for e in feed.entries] == [c["kind"] for c in listed]
    edited = next(e for e, c in zip(feed.entries, listed) if c["kind"] == "edited" and c["lang"] == "ru"
                  and c["significance"] == "substantive")
    html = edited.content[0].value
    assert '<del class="diff-del">120</del>' in html and '<ins class="diff-ins">150</ins>' in html
    assert "http://archive.example:9000/archive/captures/" in html  # both captures linked
    assert html.count("/archive/captures/") == 2
    assert "The same change in:" in html and ">en</a>" in html and ">kk</a>" in html
    assert edited.link.startswith("http://archive.example:9000/-/diff?change=")


def test_filters_apply_to_the_feed_too(archive):
    feed = feedparser.parse(changes(archive, "--format", "atom", "--kind", "removed").stdout.encode())
    assert [e.title for e in feed.entries] == ["Removed: Сұхбат"]
    assert "HTTP 404 on 3 checks" in feed.entries[0].content[0].value


def test_crawl_writes_the_feed_after_the_run(archive, replica, tmp_path):
    db = tmp_path / "archive.db"
    db.write_bytes(archive.read_bytes())
    (tmp_path / "warc").mkdir()
    feed_path = tmp_path / "changes.xml"
    crawl(replica, db, "--lang", "kk", "--section", "events", "--max-pages", "1", "--feed", str(feed_path))
    feed = feedparser.parse(feed_path.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    with open_readonly(db) as conn:
        expected = list_changes(conn, limit=100)
    assert [e.id for e in feed.entries] == [entry_id(c) for c in expected] and len(expected) >= 13
    assert not list(tmp_path.glob(".changes.xml.*"))  # the temporary file was renamed into place


def test_crawl_refuses_a_feed_path_of_the_wrong_kind(tmp_path):
    proc = run_archiver("crawl", "--db", str(tmp_path / "a.db"), "--feed", str(tmp_path / "feed.json"))
    assert proc.returncode == 2 and "must end in .xml or .atom" in proc.stderr


def test_html_diffs():
    assert compact_diff_html("a b c", "a b c") == ""
    words = " ".join(f"w{i}" for i in range(40))
    marked = compact_diff_html(words + " old", words + " new", context=3)
    assert marked == '… w37 w38 w39 <del class="diff-del">old</del> <ins class="diff-ins">new</ins>'
    assert "&lt;script&gt;" in compact_diff_html("a", "<script>")
    left, right = side_by_side("Бір екі.\n\nҮш төрт.", "Бір бес.\n\nҮш төрт.\n\nЖаңа.")
    assert left == ['Бір <del class="diff-del">екі.</del>', "Үш төрт."]
    assert right == ['Бір <ins class="diff-ins">бес.</ins>', "Үш төрт.", '<ins class="diff-ins">Жаңа.</ins>']


def test_an_archive_without_changes_gives_an_empty_feed(tmp_path):
    from archiver.storage import open_archive

    open_archive(tmp_path / "archive.db").conn.close()
    proc = changes(tmp_path / "archive.db", "--format", "atom")
    feed = feedparser.parse(proc.stdout.encode())
    assert proc.returncode == 0 and not feed.bozo and feed.entries == []
    assert changes(tmp_path / "archive.db").stderr == "no changes match\n"


def test_a_change_inside_one_version_shows_its_words_in_the_feed(archive, tmp_path):
    from _changes_archive import add_date_fix

    from archiver.serve.feed import entry_html
    from archiver.storage.changes import get_change

    change_id = add_date_fix(archive, tmp_path / "archive.db")
    with open_readonly(tmp_path / "archive.db") as conn:
        html = entry_html(conn, get_change(conn, change_id), "http://a", "archive")
    assert '<em>Date line:</em> <del class="diff-del">1</del> <ins class="diff-ins">2</ins>' in html
