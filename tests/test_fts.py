"""The contentless full-text index kept right: changed and deleted articles, conversion, a new stemmer."""

from __future__ import annotations

import sqlite3

import pytest

from archiver import storage
from archiver.page.items import Article
from archiver.storage import fts
from archiver.storage.schema import MIGRATIONS
from archiver.search.textsearch import index_stems, stem_text, tokenize

OLD_TEXT = "Президент Шымкентке барды. Түркістан облысының әкімі қарсы алды."
NEW_TEXT = "Мемлекет басшысы Ақтөбеде кеңес өткізді."
OTHER_TEXT = "Үкімет отырысы Астанада өтті."


def make(slug: str, body: str, title: str = "Жаңалық", published: str | None = "2019-07-01") -> Article:
    return Article(url=f"https://www.akorda.kz/kz/{slug}", lang="kk", site_id=slug.rsplit("-", 1)[-1],
                   title=title, date_raw=published, published=published, date_source=published and "page",
                   category="Жаңалықтар", body=body, section="events")


@pytest.fixture
def db(tmp_path):
    database = storage.open_archive(tmp_path / "archive.db")
    yield database
    database.conn.close()


def indexed(conn: sqlite3.Connection) -> dict[int, set[tuple[str, str]]]:
    """rowid -> the (term, column) pairs the index itself holds for it (fts5vocab reads the index)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING fts5vocab(main, articles_fts, instance)")
    found: dict[int, set[tuple[str, str]]] = {}
    for term, doc, col in conn.execute("SELECT term, doc, col FROM temp.terms"):
        found.setdefault(doc, set()).add((term, col))
    return found


def expected(title: str, body: str) -> set[tuple[str, str]]:
    """What indexing this text must leave: its tokens in title/body, its stems in stems (less those
    that are their own word: index_stems)."""
    return ({(t, "title") for t in tokenize(title)} | {(t, "body") for t in tokenize(body)}
            | {(s, "stems") for s in index_stems(f"{title}\n{body}").split()})


def found(db, query: str) -> list[str]:
    return [r["url"] for r in storage.search(db.conn, query)]


def integrity(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def rowid(db, url: str) -> int:
    return db.conn.execute("SELECT rowid FROM articles WHERE url = ?", (url,)).fetchone()[0]


def test_the_index_holds_no_copy_of_the_text(db):
    storage.write_article(db, make("a-1000001", OLD_TEXT))
    assert db.conn.execute("SELECT title, body, stems FROM articles_fts").fetchall() == [(None, None, None)]
    assert "articles_fts_content" not in db.table_names()
    hit = storage.search(db.conn, "Шымкент")[0]  # the snippet comes from the articles table
    assert "[Шымкентке]" in hit["snippet"]


def test_a_changed_article_is_found_by_its_new_text_only(db):
    article, other = make("a-1000001", OLD_TEXT), make("b-1000002", OTHER_TEXT)
    storage.write_article(db, article)
    storage.write_article(db, other)
    assert found(db, "Шымкент") == [article.url]
    assert storage.write_article(db, make("a-1000001", NEW_TEXT, title="Кеңес")) == "changed"
    for old_word in ("Шымкент", "Шымкентке", "Түркістан", "облысының"):
        assert found(db, old_word) == [], old_word
    assert found(db, "Жаңалық") == [other.url]  # the old title: the other article's only
    assert found(db, "Ақтөбе") == found(db, "Кеңес") == [article.url]
    assert found(db, "Астана") == [other.url]
    terms = indexed(db.conn)
    assert terms[rowid(db, article.url)] == expected("Кеңес", NEW_TEXT)  # not one old term left
    assert terms[rowid(db, other.url)] == expected("Жаңалық", OTHER_TEXT)
    integrity(db.conn)


def test_a_deleted_article_is_found_no_more(db):
    article, other = make("a-1000001", OLD_TEXT), make("b-1000002", OTHER_TEXT)
    storage.write_article(db, article)
    storage.write_article(db, make("a-1000001", NEW_TEXT))  # a revision too
    storage.write_article(db, other)
    storage.write_article(db, make("c-1-6500003", OTHER_TEXT))  # its duplicate
    gone = rowid(db, article.url)
    assert storage.delete_article(db, article.url) is True
    assert storage.delete_article(db, article.url) is False
    for word in ("Шымкент", "Ақтөбе", "кеңес", "Жаңалық"):  # old and current text alike
        assert article.url not in found(db, word), word
    assert found(db, "Астана") == [other.url]
    assert set(indexed(db.conn)) == {rowid(db, other.url)} and gone not in indexed(db.conn)
    assert db.conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == 0
    integrity(db.conn)


def test_bulk_writes_keep_the_index_as_single_writes_do(tmp_path):
    from archiver.storage.bulk import write_articles
    story = [make("a-1000001", OLD_TEXT), make("b-1000002", OTHER_TEXT), make("a-1000001", NEW_TEXT),
             make("b-1000002", OLD_TEXT, title="Басқа"), make("a-1000001", OTHER_TEXT)]
    single = storage.open_archive(tmp_path / "single.db")
    for article in story:
        storage.write_article(single, article)
    bulk = storage.open_archive(tmp_path / "bulk.db")
    write_articles(bulk, story, batch=10)
    assert indexed(bulk.conn) == indexed(single.conn) == {
        rowid(single, story[0].url): expected("Жаңалық", OTHER_TEXT),
        rowid(single, story[1].url): expected("Басқа", OLD_TEXT)}
    integrity(bulk.conn)


def old_archive(path, articles: list[Article]) -> None:
    """An archive as the previous schema left it: FTS5 keeping its own copy of the text."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied TEXT)")
    for name, sql in MIGRATIONS:
        if name.startswith("006_c_"):
            break
        conn.executescript(sql)
        conn.execute("INSERT INTO _migrations VALUES (?, '2026-01-01')", (name,))
    for n, a in enumerate(articles, 1):
        conn.execute("INSERT INTO articles (rowid, url, lang, site_id, title, body, published, content_hash,"
                     " first_seen, last_seen, last_changed) VALUES (?, ?, 'kk', ?, ?, ?, ?, ?, 'x', 'x', 'x')",
                     (n, a.url, a.site_id, a.title, a.body, a.published, storage.content_hash(a.title, a.body)))
        conn.execute("INSERT INTO articles_fts (rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                     (n, a.title, a.body, stem_text(f"{a.title}\n{a.body}")))
    conn.close()


def test_an_existing_archive_is_converted_and_shrinks(tmp_path):
    path = tmp_path / "old.db"
    filler = " ".join(f"сөз{n} мәтін{n}" for n in range(300))  # enough text for the copy to weigh
    articles = [make(f"n-{1000000 + n}", f"{OLD_TEXT} {filler} нөмір{n}", published=f"20{24 - n // 20}-01-01")
                for n in range(200)]  # archived newest first, as a backfill does
    old_archive(path, articles)
    before = path.stat().st_size
    db = storage.open_archive(path)
    assert db.conn.execute("SELECT body FROM articles_fts LIMIT 1").fetchone() == (None,)
    assert len(found(db, "Шымкенттің")) == 20 and found(db, "нөмір7") == [articles[7].url]
    assert indexed(db.conn)[rowid(db, articles[4].url)] == expected("Жаңалық", articles[4].body)
    dates = [r[0] for r in db.conn.execute("SELECT published FROM articles ORDER BY rowid")]
    assert dates == sorted(dates) and len(set(dates)) > 1  # rowids now follow publication
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert path.stat().st_size < before * 0.7
    integrity(db.conn)


def test_an_index_made_by_another_stemmer_is_rebuilt_by_the_next_writer(tmp_path):
    path = tmp_path / "a.db"
    db = storage.open_archive(path)
    storage.write_article(db, make("a-1000001", OLD_TEXT))
    # As if indexed by another stemmer: stems that today's stem_text would not make.
    db.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
    db.conn.execute("INSERT INTO articles_fts (rowid, title, body, stems) VALUES (?, 'Жаңалық', ?, 'бөтен')",
                    (rowid(db, "https://www.akorda.kz/kz/a-1000001"), OLD_TEXT))
    db.conn.execute("UPDATE fts_state SET value = 'another stemmer'")
    db.conn.close()
    reader = storage.open_readonly(path)  # a reader searches what there is, and changes nothing
    assert storage.search(reader, "Шымкенттің") == []
    reader.close()
    db = storage.open_archive(path)
    assert found(db, "Шымкенттің") == ["https://www.akorda.kz/kz/a-1000001"]
    at = rowid(db, "https://www.akorda.kz/kz/a-1000001")
    assert indexed(db.conn)[at] == expected("Жаңалық", OLD_TEXT)
    assert db.conn.execute("SELECT value FROM fts_state").fetchone()[0] == fts.stemmer_fingerprint()
    storage.write_article(db, make("a-1000001", NEW_TEXT))  # its 'delete' meets the stems it made
    assert indexed(db.conn)[at] == expected("Жаңалық", NEW_TEXT)
    integrity(db.conn)


def test_rowids_follow_publication_whatever_the_order_of_archiving(db):
    dates = ["2021-03-04", None, "2019-07-01", "2024-01-01", "2019-07-01", "2008-05-06"]
    for n, published in enumerate(dates):
        storage.write_article(db, make(f"n-{1000000 + n}", f"{OTHER_TEXT} нөмір{n}", published=published))
    by_rowid = [r[0] for r in db.conn.execute("SELECT published FROM articles ORDER BY rowid")]
    assert by_rowid == [None, "2008-05-06", "2019-07-01", "2019-07-01", "2021-03-04", "2024-01-01"]
    newest = [r["url"] for r in storage.search(db.conn, "Үкімет", limit=2, candidates=2)]
    assert set(newest) == {make("n-1000003", "").url, make("n-1000000", "").url}


def test_a_date_learnt_later_moves_the_row_and_its_index_entry(db):
    undated, dated = make("a-1000001", OLD_TEXT, published=None), make("b-1000002", OTHER_TEXT)
    storage.write_article(db, undated)
    storage.write_article(db, dated)
    before = rowid(db, undated.url)
    assert before < rowid(db, dated.url)
    assert storage.write_article(db, make("a-1000001", OLD_TEXT, published="2025-02-03")) == "unchanged"
    after = rowid(db, undated.url)
    assert after > rowid(db, dated.url)
    assert set(indexed(db.conn)) == {after, rowid(db, dated.url)}
    assert indexed(db.conn)[after] == expected("Жаңалық", OLD_TEXT)
    assert found(db, "Шымкенттің") == [undated.url]
    assert storage.write_article(db, make("a-1000001", NEW_TEXT, published="2001-02-03")) == "changed"
    assert rowid(db, undated.url) < rowid(db, dated.url)
    assert indexed(db.conn)[rowid(db, undated.url)] == expected("Жаңалық", NEW_TEXT)
    assert found(db, "Шымкент") == [] and found(db, "Ақтөбе") == [undated.url]
    integrity(db.conn)


FILLER = " ".join(f"сөз{n}" for n in range(400))
RU_FILLER = " ".join(f"слово{n}" for n in range(400))


@pytest.mark.parametrize("body, query", [
    (f"{FILLER} Президент Шымкенттің дамуы туралы айтты. {FILLER}", "Шымкент"),  # deep in a long body
    (f"Встречать гостей. {RU_FILLER} Встреча в Астане прошла. {RU_FILLER}", "встреча"),  # a false start first
    (f"{RU_FILLER} Состоялись встречи с делегацией. {RU_FILLER}", "встреча"),  # another ending
    (f"Шымкент. {FILLER}", "Шымкент"),  # at the very start
])
def test_a_snippet_from_a_window_is_the_snippet_of_the_whole_body(db, body, query):
    from archiver.search.snippets import highlight
    storage.write_article(db, make("a-1000001", body))
    snippet = storage.search(db.conn, query)[0]["snippet"]
    assert snippet == highlight(body, query) and "[" in snippet


def test_the_stemmer_fingerprint_covers_the_modules_stem_text_rests_on():
    import ast
    from pathlib import Path

    from archiver.search import textsearch

    def project_imports(module) -> set[str]:
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                name = f"archiver.{node.module}" if node.level else node.module
                if name.startswith("archiver.") and name != "archiver.errors":
                    found.add(name)
        return found

    modules, _ = fts._stemming_modules()
    names = {m.__name__ for m in modules}
    assert "archiver.search.textsearch" in names
    for module in modules:
        assert project_imports(module) <= names, module.__name__


def test_a_date_filter_finds_every_article_of_the_period_whoever_set_its_date(db):
    from archiver.storage.reextract import write_reextracted
    dates = {"n-1000001": "2009-12-31", "n-1000002": "2010-01-01", "n-1000003": "2010-06-30",
             "n-1000004": "2011-01-01", "n-1000005": None}
    for slug, published in dates.items():
        storage.write_article(db, make(slug, f"{OTHER_TEXT} {slug}", published=published))
    # Re-extraction dates the undated one (its text unchanged): it moves into 2010 too.
    write_reextracted(db, make("n-1000005", f"{OTHER_TEXT} n-1000005", published="2010-03-03"), run_id=1)

    def period(**filters) -> set[str]:
        return {r["url"].rsplit("/", 1)[1] for r in storage.search(db.conn, "Үкімет", **filters)}
    assert period(since="2010", until="2010") == {"n-1000002", "n-1000003", "n-1000005"}
    assert period(since="2010-06-30") == {"n-1000003", "n-1000004"}
    assert period(until="2009") == {"n-1000001"}
    assert period(since="2010", until="2010", candidates=None) == period(since="2010", until="2010")
    integrity(db.conn)


def test_an_index_of_every_stem_is_rebuilt_lean_and_searches_the_same(tmp_path):
    """An archive indexed by the previous format (a stem for every token: stem_text) is searched the
    same before the next writer rebuilds it (by a reader) and after (index_stems, one segment)."""
    path = tmp_path / "a.db"
    db = storage.open_archive(path)
    texts = [OLD_TEXT, NEW_TEXT, OTHER_TEXT, "Қасым-Жомарт Тоқаев 2019 жылы Шымкентте болды.",
             "Президент подписал указ о назначении министра в 2019 году."]
    for n, text in enumerate(texts):
        storage.write_article(db, make(f"a-{1000001 + n}", text))
    db.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
    for at, title, body in db.conn.execute("SELECT rowid, title, body FROM articles").fetchall():
        db.conn.execute("INSERT INTO articles_fts (rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                        (at, title, body, stem_text(f"{title}\n{body}")))
    db.conn.execute("UPDATE fts_state SET value = 'every stem'")
    db.conn.close()
    queries = ["Шымкент", "Шымкентте", "2019", "Тоқаев", "Қасым-Жомарт", "указа", "министр*", "барды",
               "Президент -указ", "Астана OR Ақтөбе", '"Мемлекет басшысы"', "жаңалық"]
    reader = storage.open_readonly(path)
    before = {q: sorted(r["url"] for r in storage.search(reader, q)) for q in queries}
    reader.close()
    db = storage.open_archive(path)
    assert {q: sorted(found(db, q)) for q in queries} == before
    assert before["2019"] and before["Тоқаев"] and before["указа"]
    for title, body, at in db.conn.execute("SELECT title, body, rowid FROM articles").fetchall():
        assert indexed(db.conn)[at] == expected(title, body)
    assert db.conn.execute("SELECT count(DISTINCT segid) FROM articles_fts_idx").fetchone()[0] == 1
    integrity(db.conn)
