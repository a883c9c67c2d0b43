"""The run verdict: a crawl that fails too often or loses fields exits non-zero with a reason."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys

import pytest

from _archiver import ROOT

from archiver.errors import LockedError
from archiver.page.items import Article
from archiver.fetch.session import ArchiveSession, ArticlePage, PageFailure, RunOptions, format_summary


def article(n: int, dated: bool = True) -> Article:
    return Article(url=f"https://www.akorda.kz/ru/novost-{1000000 + n}", lang="ru",
                   site_id=str(1000000 + n), title=f"Новость {n}",
                   date_raw="9 ноября 2017 г." if dated else None,
                   published="2017-11-09" if dated else None,
                   date_source="page" if dated else None,
                   category="Новости" if dated else None, body=f"Текст новости номер {n}.")


def session(tmp_path, **kw) -> ArchiveSession:
    return ArchiveSession(RunOptions(db=str(tmp_path / "a.db"), arguments={"test": True}, **kw))


def test_healthy_run_is_ok(tmp_path):
    s = session(tmp_path)
    for n in range(30):
        s.store(ArticlePage(article(n), article(n).url))
    report = s.finish("finished", {"downloader/request_count": 33})
    assert report["status"] == "ok" and report["problems"] == []
    assert report["counts"] == {"requests": 33, "new": 30, "changed": 0, "unchanged": 0,
                                "duplicate": 0, "failed": 0, "forbidden": 0}
    assert "run 1: ok" in format_summary(report)


def test_run_that_loses_dates_and_categories_looks_broken(tmp_path):
    s = session(tmp_path)
    for n in range(30):
        s.store(ArticlePage(article(n, dated=n < 3), article(n).url))
    report = s.finish("finished", {})
    assert report["status"] == "failed"
    assert any("have a date: the site's markup may have changed" in p for p in report["problems"])
    assert any("category" in p for p in report["problems"])


def test_too_many_failures_fail_the_run_and_are_kept_for_next_time(tmp_path):
    s = session(tmp_path, max_failure_rate=0.05)
    for n in range(18):
        s.store(ArticlePage(article(n), article(n).url))
    for n in (100, 101):
        s.fail(PageFailure(f"https://www.akorda.kz/ru/x-{n}", "http-500", "boom"))
    report = s.finish("finished", {})
    assert report["status"] == "failed" and report["dropped"] == {"http-500": 2}
    assert "10.0% of article pages failed" in report["problems"][0]
    again = session(tmp_path)
    assert [f["url"] for f in again.frontier_rows()] == [
        "https://www.akorda.kz/ru/x-100", "https://www.akorda.kz/ru/x-101"]
    row = again.db.conn.execute("SELECT status, report FROM crawl_runs WHERE id = 1").fetchone()
    assert row[0] == "failed" and json.loads(row[1])["failure_rate"] == 0.1
    again.finish("finished", {})


def test_a_second_session_on_the_same_archive_is_refused(tmp_path):
    first = session(tmp_path)
    with pytest.raises(LockedError):
        session(tmp_path)
    first.finish("finished", {})
    session(tmp_path).finish("finished", {})  # released: the next one runs


def test_listing_failures_are_problems_of_their_own(tmp_path):
    s = session(tmp_path)
    for n in range(30):
        s.store(ArticlePage(article(n), article(n).url))
    s.fail(PageFailure("https://www.akorda.kz/ru/events?page=2", "not-a-listing", "maintenance",
                       kind="listing", context={"kind": "listing", "lang": "ru",
                                                "section": "events", "page": 2}))
    report = s.finish("finished", {})
    assert report["status"] == "failed" and report["failure_rate"] == 0.0
    assert report["listing_failures"] == {"not-a-listing": 1}
    assert report["problems"] == ["1 listing pages could not be read (1 not-a-listing): "
                                  "retried by the next run"]


def test_a_run_left_running_is_marked_interrupted_and_its_torn_warc_trimmed(tmp_path):
    s = session(tmp_path, writer="inline")
    s.capture("https://www.akorda.kz/ru/novost-1000001", "http://127.0.0.1/ru/novost-1000001", 200,
              [("Content-Type", "text/html")], b"<html>one</html>")
    warc = s.writer.writer.warc
    path = s.warc_dir / warc.files[-1]
    warc._file.write(gzip.compress(b"WARC/1.1\r\n" * 200)[:40])  # a record cut by kill -9
    warc._file.flush()
    s.lock.release()  # the process "dies": no finish, no close
    again = session(tmp_path)
    assert again.repaired == [path.name]
    assert again.db.conn.execute("SELECT status FROM crawl_runs WHERE id = 1").fetchone() == (
        "interrupted",)
    again.finish("finished", {})


EXIT_WITHOUT_FINISH = """
import sys
from archiver.fetch.session import ArchiveSession, RunOptions
if __name__ == "__main__":
    s = ArchiveSession(RunOptions(db=sys.argv[1], arguments={}))
    s.plan([("listing", "https://www.akorda.kz/kz/events",
             {"kind": "listing", "lang": "kk", "section": "events", "page": 1})])
"""


def test_a_process_that_never_closes_its_session_still_exits_and_keeps_its_writes(tmp_path):
    """A crawl stopped before its spider closed (SIGTERM at start-up): the writer must not hold the
    process at exit, and what was sent to it is committed."""
    script = tmp_path / "leave.py"
    script.write_text(EXIT_WITHOUT_FINISH, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(tmp_path / "a.db")], timeout=60,
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT url, state FROM frontier").fetchall() == [
        ("https://www.akorda.kz/kz/events", "pending")]
    conn.close()


@pytest.mark.parametrize("writer", ["process", "inline"])
def test_the_writer_extracts_article_pages_and_answers_the_malformed(tmp_path, writer):
    """session.archive: the writer captures the page, extracts it and stores the article; a page cut
    short is captured but stores nothing and comes back with its token (a spider fetches it again;
    without one it is recorded as failed)."""
    page = (ROOT / "tests" / "fixtures" / "pages" / "news-ru.html").read_bytes()
    url = json.loads((ROOT / "tests" / "fixtures" / "pages" / "news-ru.json").read_text())["url"]
    s = session(tmp_path, writer=writer)
    back = []
    s.archive(url, url, 200, [("Content-Type", "text/html; charset=utf-8")], page, None,
              token="first")
    s.archive(url + "-cut", url + "-cut", 200, [], page[: len(page) // 2], None, token="second")
    s.flush()
    assert s.counts["new"] == 1 and not s.extracting
    assert s.counts["failed"] == 1  # no spider: the default records the cut page as failed
    s.on_malformed = lambda key, token, reason, detail: back.append((key, token, reason))
    s.archive(url + "-cut", url + "-cut", 200, [], page[: len(page) // 2], None, token="third")
    s.flush()
    assert back == [(url + "-cut", "third", "truncated")]
    s.finish("finished", {})
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT url FROM articles").fetchall() == [(url,)]
    assert conn.execute("SELECT url, reason FROM failures").fetchall() == [(url + "-cut", "truncated")]
    # every page is captured, the cut one too; the third is the second's payload again: a revisit
    assert conn.execute("SELECT record_type FROM captures ORDER BY id").fetchall() == [
        ("response",), ("response",), ("revisit",)]
    conn.close()


def test_the_writer_reads_an_article_page_in_the_charset_its_headers_declare(tmp_path):
    """A page without <meta charset>, served as windows-1251: the Content-Type header sent with it
    is all that says so."""
    pages = ROOT / "tests" / "fixtures" / "pages"
    page = (pages / "news-cp1251-ru.html").read_bytes().replace(b'<meta charset="windows-1251">', b"")
    url = json.loads((pages / "news-cp1251-ru.json").read_text())["url"]
    s = session(tmp_path, writer="inline")
    s.archive(url, url, 200, [("Content-Type", "text/html; charset=windows-1251")], page, None)
    s.finish("finished", {})
    conn = sqlite3.connect(tmp_path / "a.db")
    title, body = conn.execute("SELECT title, body FROM articles").fetchone()
    conn.close()
    assert "Ұлытау" in title and "қасиетті жер" in body
