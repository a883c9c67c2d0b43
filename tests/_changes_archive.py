"""An archive with changes of every kind, written through the storage API only (no crawl): articles
new, edited (substantive in three verified languages, typographic, title-only minor), removed and
restored, each side with a real WARC capture. For the changes CLI, the feed and the Datasette pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from archiver.fetch.warc import WarcWriter
from archiver.page.items import Article
from archiver.read.diff import classify
from archiver.storage import finish_run, open_archive, record_capture, start_run, write_article
from archiver.storage.changes import record_change

HOST = "https://www.akorda.kz"
WORK = "700001"
TEXTS = {
    "kk": ("Мемлекет басшысы форумға қатысты",
           "Президент форумда 120 кәсіпорынның өкілдерімен кездесті.\n\nТараптар ынтымақтастықты "
           "жалғастыруға келісті."),
    "ru": ("Глава государства принял участие в форуме",
           "Президент встретился на форуме с представителями 120 предприятий.\n\nСтороны "
           "договорились продолжить сотрудничество."),
    "en": ("The Head of State took part in the forum",
           "The President met representatives of 120 companies at the forum.\n\nThe parties agreed "
           "to continue cooperation."),
}
DAY1, DAY2, DAY3 = "2026-03-01T06:00:00.000000Z", "2026-03-05T06:00:00.000000Z", "2026-03-09T06:00:00.000000Z"


def article(lang: str, slug: str, site_id: str, title: str, body: str, work_id: str | None = None) -> Article:
    return Article(url=f"{HOST}/{lang}/{slug}-{site_id}", lang=lang, site_id=site_id, title=title,
                   date_raw="1 March 2026", published="2026-03-01", date_source="page", category="Events",
                   body=body, section="events", text_lang=lang, work_id=work_id)


def _html(a: Article) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in a.body.split("\n\n"))
    return f"<html><body><h1>{a.title}</h1>{paragraphs}</body></html>".encode()


def _capture(db, warc: WarcWriter, a: Article, at: str, run: int, status: int = 200) -> int:
    moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    ref = warc.write_response(a.url, status, {"Content-Type": "text/html; charset=utf-8"},
                              _html(a) if status == 200 else b"Not found", fetched_at=moment)
    record_capture(db, a.url, a.url, ref, status, at, run)
    return db.conn.execute("SELECT max(id) FROM captures").fetchone()[0]


def _edit(db, warc, old: Article, new: Article, run: int, at: str, old_capture: int) -> int:
    capture = _capture(db, warc, new, at, run)
    version = db.conn.execute("SELECT version FROM articles WHERE url = ?", (old.url,)).fetchone()[0]
    assert write_article(db, new, run, seen_at=at) == "changed"
    verdict = classify(old.to_dict(), new.to_dict())
    record_change(db, url=new.url, lang=new.lang, kind="edited", seen_at=at, run_id=run,
                  significance=verdict.significance, title_changed=verdict.title_changed,
                  date_changed=verdict.date_changed, words_removed=verdict.words_removed,
                  words_added=verdict.words_added, old_version=version, new_version=version + 1,
                  old_capture=old_capture, new_capture=capture)
    return capture


def build(path: Path) -> Path:
    """The archive at `path` (its WARC files beside it in warc/): 3 runs, 6 articles, 13 changes."""
    db = open_archive(path)
    warc = WarcWriter(path.parent / "warc")
    run1 = start_run(db, {"test": "changes archive"})
    firsts: dict[str, tuple[Article, int]] = {}
    pages = [article(lang, "forum", WORK, *TEXTS[lang], work_id=WORK) for lang in TEXTS]
    pages += [article("ru", "soveshchanie", "700002", "Совещание по вопросам экономики",
                      "Глава государства провел совещание. Обсуждены «ключевые» вопросы развития."),
              article("en", "meeting", "700003", "President meets the delegation",
                      "The President received the delegation. The sides discussed trade."),
              article("kk", "sukhbat", "700004", "Сұхбат", "Президент сұхбат берді.")]
    for page in pages:
        capture = _capture(db, warc, page, DAY1, run1)
        write_article(db, page, run1, seen_at=DAY1)
        record_change(db, url=page.url, lang=page.lang, kind="new", seen_at=DAY1, run_id=run1,
                      new_version=1, new_capture=capture)
        firsts[page.url] = (page, capture)
    finish_run(db, run1, "ok", {"new": len(pages)}, {})

    run2 = start_run(db, {"test": "changes archive"})
    for lang, old_number, new_number in (("kk", "120", "150"), ("ru", "120", "150"), ("en", "120", "150")):
        old, capture = firsts[f"{HOST}/{lang}/forum-{WORK}"]
        _edit(db, warc, old, replace(old, body=old.body.replace(old_number, new_number)), run2, DAY2, capture)
    old, capture = firsts[f"{HOST}/ru/soveshchanie-700002"]
    _edit(db, warc, old, replace(old, body=old.body.replace("«ключевые»", "\"ключевые\"")), run2, DAY2, capture)
    old, capture = firsts[f"{HOST}/en/meeting-700003"]
    _edit(db, warc, old, replace(old, title="President meets the foreign delegation"), run2, DAY2, capture)
    gone, capture = firsts[f"{HOST}/kk/sukhbat-700004"]
    missing = _capture(db, warc, gone, DAY2, run2, status=404)
    record_change(db, url=gone.url, lang="kk", kind="removed", seen_at=DAY2, run_id=run2, old_version=1,
                  old_capture=capture, new_capture=missing,
                  detail="HTTP 404 on 3 checks over 2 days (first 2026-03-03)")
    finish_run(db, run2, "ok", {"changed": 5}, {})

    run3 = start_run(db, {"test": "changes archive"})
    back = _capture(db, warc, gone, DAY3, run3)
    record_change(db, url=gone.url, lang="kk", kind="restored", seen_at=DAY3, run_id=run3, old_version=1,
                  new_version=1, old_capture=missing, new_capture=back)
    finish_run(db, run3, "ok", {}, {})
    warc.close()
    db.conn.close()
    return path


def add_date_fix(archive: Path, copy: Path) -> int:
    """A copy of `archive` where a date line was corrected in place (no new version of the text);
    returns the id of that change."""
    copy.write_bytes(archive.read_bytes())
    db = open_archive(copy)
    page = article("kk", "sukhbat", "700004", "Сұхбат", "Президент сұхбат берді.")
    assert write_article(db, replace(page, date_raw="2 March 2026", published="2026-03-02"),
                         seen_at=DAY3) == "unchanged"
    change_id = record_change(db, url=page.url, lang="kk", kind="edited", seen_at=DAY3, significance="substantive",
                              date_changed=True, words_removed=["1"], words_added=["2"], old_version=1, new_version=1)
    db.conn.close()
    return change_id
