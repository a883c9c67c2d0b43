"""The archive's rules, on a real SQLite file: dedup, revisions, runs, read-only SQL, search."""

from __future__ import annotations

import sqlite3
import time

import pytest

from archiver import storage
from archiver.errors import UsageError
from archiver.page.items import Article
from archiver.page.urls import canonical_url


def make(url: str = "https://www.akorda.kz/kz/some-news-1234567", title: str = "Тақырып",
         body: str = "Бірінші абзац.\n\nЕкінші абзац.", **kw) -> Article:
    fields = dict(url=canonical_url(url), lang="kk", site_id="1234567", title=title,
                  date_raw="2018 жылғы 29 қыркүйек", published="2018-09-29",
                  date_source="page", category="Жұмыс сапарлары", body=body, section="events")
    fields.update(kw)
    return Article(**fields)


@pytest.fixture
def db(tmp_path):
    database = storage.open_archive(tmp_path / "archive.db")
    yield database
    database.conn.close()


def count(db, table: str) -> int:
    return db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_migrations_are_safe_to_run_twice(tmp_path):
    path = tmp_path / "a.db"
    first = storage.open_archive(path)
    assert storage.migrate(first) == []
    first.conn.close()
    again = storage.open_archive(path)
    assert {"articles", "revisions", "captures", "crawl_runs", "frontier", "aliases",
            "duplicates"} <= set(again.table_names())
    assert "failures" in again.view_names()
    assert again.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_archive_has_large_pages_and_an_older_one_keeps_its_own(tmp_path):
    """Article rows of several KB pack into 64 KB pages (schema.PAGE_SIZE); an archive made with
    4 KB pages opens, migrates and takes articles as before, its pages unchanged."""
    fresh = storage.open_archive(tmp_path / "new.db")
    assert fresh.conn.execute("PRAGMA page_size").fetchone()[0] == storage.schema.PAGE_SIZE == 65536
    fresh.conn.close()
    old_path = tmp_path / "old.db"
    old = sqlite3.connect(old_path)
    old.execute("PRAGMA page_size = 4096")
    old.execute("CREATE TABLE earlier (x)")  # the file now has its pages
    old.close()
    older = storage.open_archive(old_path)
    storage.write_article(older, make())
    assert older.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
    assert count(older, "articles") == 1
    older.conn.close()


def test_host_alias_scheme_and_slash_are_one_row(db):
    for url in ("https://www.akorda.kz/kz/some-news-1234567", "http://akorda.kz/kz/some-news-1234567/",
                "https://mirror.akorda.kz/kz/some-news-1234567?utm=x",
                "https://mirror.akorda.kz/public/kz/some-news-1234567?category=3",
                "https://node2.akorda.kz/kz/some-news-1234567", "http://wap.akorda.kz/kz/some-news-1234567"):
        storage.write_article(db, make(url=url))
    assert count(db, "articles") == 1
    assert count(db, "duplicates") == 0


def test_unchanged_recrawl_moves_only_last_seen(db):
    assert storage.write_article(db, make(), run_id=1) == "new"
    before = storage.get_article(db, make().url)
    time.sleep(0.002)
    assert storage.write_article(db, make(), run_id=2) == "unchanged"
    after = storage.get_article(db, make().url)
    assert after["last_seen"] > before["last_seen"]
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"last_seen", "last_run"}
    assert count(db, "revisions") == 0


def test_identical_content_under_another_url_is_a_duplicate(db):
    storage.write_article(db, make())
    other = make(url="https://www.akorda.kz/kz/other-slug-7654321", site_id="7654321")
    assert storage.write_article(db, other) == "duplicate"
    assert storage.write_article(db, other) == "duplicate"
    assert count(db, "articles") == 1
    row = db.conn.execute("SELECT url, duplicate_of FROM duplicates").fetchone()
    assert row == (other.url, make().url)
    assert storage.known_urls(db, [other.url, make().url, "https://x/y"]) == {other.url, make().url}


def test_duplicate_representative_does_not_depend_on_arrival_order(tmp_path):
    """Whichever URL comes first, the same one ends up the article: a stable rule."""
    old_layout = make(url="https://www.akorda.kz/kz/events/akorda_news/meetings/vstrecha",
                      site_id="events/akorda_news/meetings/vstrecha")
    current = make()
    outcomes = []
    for order in ((old_layout, current), (current, old_layout)):
        db = storage.open_archive(tmp_path / f"{len(outcomes)}.db")
        storage.write_article(db, order[0], run_id=1)
        storage.write_article(db, order[1], run_id=2)
        storage.write_article(db, make(url=current.url, body="Өзгерген мәтін."), run_id=3)
        outcomes.append((
            list(db.conn.execute("SELECT url, site_id, version FROM articles")),
            list(db.conn.execute("SELECT url, duplicate_of FROM duplicates")),
            list(db.conn.execute("SELECT url, version FROM revisions"))))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0] == ([(current.url, "1234567", 2)], [(old_layout.url, current.url)],
                           [(current.url, 1)])


def test_content_hash_ignores_whitespace_but_not_words():
    assert storage.content_hash("A  b", "x\n\ny ") == storage.content_hash("A b", "x\n\ny")
    assert storage.content_hash("A b", "x y") != storage.content_hash("A b", "x z")


def test_edit_keeps_previous_version_as_revision(db):
    storage.write_article(db, make(), run_id=1)
    edited = make(body="Бірінші абзац.\n\nЕкінші абзац, түзетілген.")
    assert storage.write_article(db, edited, run_id=2) == "changed"
    row = storage.get_article(db, edited.url)
    assert (row["version"], row["body"], row["changed_run"], row["first_run"]) == \
        (2, edited.body, 2, 1)
    revs = list(db.conn.execute("SELECT version, body, run_id FROM revisions"))
    assert revs == [(1, make().body, 1)]
    versions = storage.history(db.conn, edited.url)
    assert [v["version"] for v in versions] == [1, 2]


def test_listing_date_learnt_later_fills_without_new_version(db):
    storage.write_article(db, make(date_raw=None, published=None, date_source=None))
    storage.write_article(db, make(date_raw="29 қыркүйек", published="2018-09-29",
                                   date_source="listing"))
    row = storage.get_article(db, make().url)
    assert (row["published"], row["date_source"], row["version"]) == ("2018-09-29", "listing", 1)


def test_fts_stays_in_step_with_articles(db):
    storage.write_article(db, make(body="Президент Шымкенттің дамуы туралы."))
    storage.write_article(db, make(body="Мүлдем басқа мәтін."))
    conn = storage.open_readonly(db.conn.execute("PRAGMA database_list").fetchone()[2])
    assert storage.search(conn, "басқа")
    assert not storage.search(conn, "Шымкент")
    assert count(db, "articles_fts") == 1


def test_frontier_failures_and_listing_state(db):
    run = storage.start_run(db, {"site": "x"})
    storage.write_article(db, make(), run_id=run)
    url = "https://www.akorda.kz/kz/a-1111111"
    listing = {"kind": "listing", "lang": "kk", "section": "events", "page": 2}
    storage.frontier.add(db, [("listing", "https://www.akorda.kz/kz/events?page=2", listing),
                              ("article", url, {"lang": "kk", "entry": {"section": "events"}})], run)
    assert not storage.frontier.section_complete(db, "kk", "events")
    storage.frontier.fail(db, url, "article", "http-500", "boom", None, run)
    storage.frontier.fail(db, url, "article", "timeout", "slow", None, run)
    failed = db.conn.execute("SELECT url, reason, attempts, listing FROM failures").fetchall()
    assert failed == [(url, "timeout", 2, '{"entry": {"section": "events"}, "lang": "kk"}')]
    # the end page settles the listing row and marks the section in one transaction
    storage.frontier.settle(db, "https://www.akorda.kz/kz/events?page=2", end_of=("kk", "events"))
    assert storage.frontier.section_complete(db, "kk", "events")
    assert storage.frontier.counts(db, run) == {"article/failed": 1}
    storage.frontier.settle(db, url)
    assert storage.frontier.rows(db) == []
    coverage = storage.finish_run(db, run, "ok", {"new": 1}, {})
    assert coverage == {"articles": 1, "title": 1.0, "date": 1.0, "body": 1.0, "category": 1.0}


def test_failures_of_an_older_archive_move_into_the_frontier(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied TEXT)")
    for name, sql in storage.schema.MIGRATIONS:
        if name.startswith(("001", "002")):
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(statement)
            conn.execute("INSERT INTO _migrations VALUES (?, 'then')", (name,))
    conn.execute("INSERT INTO failures VALUES ('https://www.akorda.kz/ru/events?page=3', 'http-500',"
                 " '', 2, 't0', 't1', 1, '{\"kind\": \"listing\", \"lang\": \"ru\", \"section\":"
                 " \"events\", \"page\": 3}')")
    conn.commit()
    conn.close()
    db = storage.open_archive(path)
    assert storage.frontier.rows(db) == [{
        "url": "https://www.akorda.kz/ru/events?page=3", "kind": "listing", "state": "failed",
        "reason": "http-500", "attempts": 2,
        "context": {"kind": "listing", "lang": "ru", "section": "events", "page": 3}}]
    db.conn.close()


@pytest.mark.parametrize("sql", [
    "DELETE FROM articles", "UPDATE articles SET title = 'x'", "DROP TABLE articles",
    "INSERT INTO failures VALUES ('u', 'r', '', 1, '', '', 1, null)",
    "CREATE TABLE evil (x)", "ATTACH DATABASE ':memory:' AS other", "PRAGMA journal_mode = DELETE",
])
def test_query_refuses_writes_and_leaves_archive_unchanged(db, sql):
    storage.write_article(db, make())
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    conn = storage.open_readonly(path)
    with pytest.raises(UsageError, match="read-only|SQL error"):
        columns, rows = storage.run_sql(conn, sql)
        list(rows)
    assert count(db, "articles") == 1
    assert db.conn.execute("SELECT title FROM articles").fetchone()[0] == "Тақырып"
    assert "evil" not in db.table_names()


def test_query_reads(db):
    storage.write_article(db, make())
    conn = storage.open_readonly(db.conn.execute("PRAGMA database_list").fetchone()[2])
    columns, rows = storage.run_sql(conn, "SELECT lang, count(*) AS n FROM articles GROUP BY lang")
    assert columns == ["lang", "n"] and list(rows) == [("kk", 1)]


def test_writer_retries_a_locked_database(db, tmp_path):
    """A write that meets another writer's lock waits (tenacity) instead of failing."""
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    db.conn.execute("PRAGMA busy_timeout = 10")  # fail fast so the retry layer is exercised
    import threading
    release = threading.Timer(0.5, lambda: blocker.execute("COMMIT"))
    release.start()
    assert storage.write_article(db, make()) == "new"
    release.join()
