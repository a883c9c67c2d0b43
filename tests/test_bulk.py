"""write_articles (one commit per batch) leaves exactly the archive that write_article one by one leaves."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archiver import storage
from archiver.page.items import Article
from archiver.storage.bulk import write_articles
from archiver.search.querylang import build_match

SEEN = "2026-01-02T03:04:05.000000Z"  # one timestamp for both archives, so rows compare whole
TABLES = {  # table -> its rows in a stable order
    "articles": "SELECT rowid, * FROM articles ORDER BY rowid",
    "duplicates": "SELECT * FROM duplicates ORDER BY url",
    "revisions": "SELECT * FROM revisions ORDER BY id",
    # The index holds no text (content=''): every (term, row, column, position) it holds, read from it.
    "articles_fts": "SELECT term, doc, col, offset FROM temp.fts_terms ORDER BY doc, col, offset, term",
}


def art(slug: str, title: str = "Мемлекет басшысы Шымкентте", body: str = "Кеңес өткізді.",
        published: str | None = "2018-09-29", lang: str = "kk") -> Article:
    url = f"https://www.akorda.kz/{'kz' if lang == 'kk' else lang}/{slug}"
    return Article(url=url, lang=lang, site_id=slug.rsplit("-", 1)[-1], title=title,
                   date_raw=None if published is None else published, published=published,
                   date_source=None if published is None else "page", category="Жаңалықтар", body=body,
                   section="events")


# Every outcome and rule of write_article: new, unchanged, changed (revision), a date learnt later,
# a duplicate under a worse URL, a better URL arriving after a worse one (promotion), a re-seen duplicate.
STORY = [
    art("news-1200001", body="Бірінші нұсқа."),
    art("events/akorda_news/meetings_and_receptions/kezdesu", title="Кездесу", body="Қабылдады."),
    art("news-1200001", body="Бірінші нұсқа."),  # unchanged
    art("news-1200004", title="Телефон арқылы сөйлесті", body="Шілдеде сөйлесті.", published=None),
    art("news-1200001", body="Екінші нұсқа: түзетілді."),  # changed -> revision
    art("news-1200004", title="Телефон арқылы сөйлесті", body="Шілдеде сөйлесті."),  # date learnt
    art("news-1-6500001", body="Екінші нұсқа: түзетілді."),  # duplicate, worse URL
    art("kezdesu-1200007", title="Кездесу", body="Қабылдады."),  # better URL: promoted
    art("news-1-6500001", body="Екінші нұсқа: түзетілді."),  # the duplicate seen again
    art("news-1200001", title="Жаңа тақырып", body="Екінші нұсқа: түзетілді."),  # title change
    art("president-met-1200010", title="The President met", body="He noted the plans.", lang="en"),
]


def dump(db) -> dict[str, list[tuple]]:
    db.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, articles_fts, instance)")
    return {table: db.conn.execute(sql).fetchall() for table, sql in TABLES.items()}


def one_by_one(path: Path, articles: list[Article], run_id: int | None = 1) -> tuple[object, list[str]]:
    db = storage.open_archive(path)
    return db, [storage.write_article(db, a, run_id, seen_at=SEEN) for a in articles]


@pytest.mark.parametrize("batch", [1, 3, 1000])
def test_same_archive_and_outcomes_as_write_article(tmp_path, batch):
    single, outcomes = one_by_one(tmp_path / "single.db", STORY)
    bulk = storage.open_archive(tmp_path / "bulk.db")
    counts = write_articles(bulk, iter(STORY), run_id=1, batch=batch, seen_at=SEEN)
    assert set(outcomes) == {"new", "unchanged", "changed", "duplicate"}  # the story covers them all
    assert counts == {o: outcomes.count(o) for o in set(outcomes)}
    assert dump(bulk) == dump(single)
    assert dump(bulk)["revisions"], "a changed article keeps its previous version"
    for query in ("тақырып", "шілде", "кездесу", "plan"):  # the index answers alike, and answers
        found = [db.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid",
                                 (build_match(query),)).fetchall() for db in (single, bulk)]
        assert found[0] == found[1] != []


def test_commits_once_per_batch(tmp_path):
    db = storage.open_archive(tmp_path / "a.db")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    articles = [art(f"news-{1300000 + k}", body=f"Абзац {k}.") for k in range(25)]
    assert write_articles(db, articles, batch=10) == {"new": 25}
    db.conn.set_trace_callback(None)
    # three batches, then the full-text index compacted
    assert [s for s in statements if s.startswith(("BEGIN", "COMMIT"))] == ["BEGIN IMMEDIATE", "COMMIT"] * 4
    assert db.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 25
    assert not db.conn.in_transaction


def _segments(db) -> int:
    return db.conn.execute("SELECT count(DISTINCT segid) FROM articles_fts_idx").fetchone()[0]


def test_the_index_ends_in_one_segment_with_no_free_pages(tmp_path):
    articles = [art(f"news-{1300000 + k}", body=f"Абзац {k}: Мемлекет басшысы кеңес өткізді.") for k in range(40)]
    loose, compacted = (storage.open_archive(tmp_path / f"{name}.db") for name in ("loose", "compacted"))
    write_articles(loose, articles, batch=5, seen_at=SEEN, compact=False)
    write_articles(compacted, articles, batch=5, seen_at=SEEN)
    assert _segments(loose) > 1 and _segments(compacted) == 1
    assert compacted.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert dump(compacted) == dump(loose)  # the same terms, rows and positions
    compacted.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


REFUSE_TITLE = "Сынық"  # a test trigger refuses to store this title, after the revision is written


def refusing(db):
    """The archive, with an update that fails halfway through write_article's "changed" path."""
    db.conn.execute(f"CREATE TEMP TRIGGER refuse BEFORE UPDATE OF title ON main.articles"
                    f" WHEN NEW.title = '{REFUSE_TITLE}' BEGIN SELECT RAISE(ABORT, 'refused'); END")
    return db


def test_a_failing_article_is_undone_whole_and_the_ones_before_it_kept(tmp_path):
    articles = [art("news-1400001", body="Бір."), art("news-1400002", body="Екі."),
                art("news-1400001", title=REFUSE_TITLE, body="Бір, түзетілді."),  # fails after its revision
                art("news-1400003", body="Үш.")]
    single = refusing(storage.open_archive(tmp_path / "single.db"))
    with pytest.raises(sqlite3.DatabaseError, match="refused"):
        for a in articles:
            storage.write_article(single, a, seen_at=SEEN)
    bulk = refusing(storage.open_archive(tmp_path / "bulk.db"))
    with pytest.raises(sqlite3.DatabaseError, match="refused"):
        write_articles(bulk, articles, batch=10, seen_at=SEEN)
    assert not bulk.conn.in_transaction
    assert dump(bulk) == dump(single)
    assert dump(bulk)["revisions"] == [], "the failing article's revision row is undone with it"
    assert [r[0] for r in bulk.conn.execute("SELECT url FROM articles ORDER BY url")] == [
        "https://www.akorda.kz/kz/news-1400001", "https://www.akorda.kz/kz/news-1400002"]
    assert write_articles(bulk, [art("news-1400003", body="Үш.")]) == {"new": 1}  # still usable


def test_rejects_a_batch_below_one(tmp_path):
    db = storage.open_archive(tmp_path / "a.db")
    with pytest.raises(ValueError):
        write_articles(db, [art("news-1500000")], batch=0)


# Any sequence drawn from a few URLs, titles and bodies: same archive, same outcomes.
SLUGS = ["news-1600001", "news-1-6600001", "old/section/slug", "en-news-1600002"]
steps = st.lists(st.tuples(st.sampled_from(SLUGS), st.sampled_from(["Бір", "Екі"]),
                           st.sampled_from(["Шілдеде.", "Шілде айы.", "Мамыр."]),
                           st.sampled_from(["2019-07-01", None])), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps, st.integers(min_value=1, max_value=5))
def test_any_sequence_matches_write_article(sequence, batch):
    articles = [art(slug, title=title, body=body, published=published)
                for slug, title, body, published in sequence]
    with tempfile.TemporaryDirectory() as tmp:
        single, outcomes = one_by_one(Path(tmp) / "single.db", articles)
        bulk = storage.open_archive(Path(tmp) / "bulk.db")
        counts = write_articles(bulk, articles, run_id=1, batch=batch, seen_at=SEEN)
        assert counts == {o: outcomes.count(o) for o in set(outcomes)}
        assert dump(bulk) == dump(single)
        single.conn.close()
        bulk.conn.close()
