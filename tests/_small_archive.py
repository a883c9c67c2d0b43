"""A small archive written straight through the storage API (no crawl): for CLI tests that need
known rows, and need them whatever state the spider is in."""

from __future__ import annotations

from pathlib import Path

from archiver.page.items import Article
from archiver.storage import finish_run, open_archive, start_run, write_article


def make_archive(path: Path, articles: list[dict]) -> Path:
    """articles: dicts of Article fields; url, lang, title, published and body are enough."""
    db = open_archive(path)
    run = start_run(db, {"test": "small archive"})
    for n, fields in enumerate(articles):
        record = {"site_id": str(n), "date_raw": fields.get("published"), "date_source": "page",
                  "category": "News", "section": "events", **fields}
        write_article(db, Article(**record), run)
    finish_run(db, run, "ok", {"new": len(articles)}, {})
    db.conn.close()
    return path
