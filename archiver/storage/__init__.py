"""The archive: the only package that knows the SQLite schema (tables, columns, SQL).

- `schema`: migrations and connections (WAL, read-only opening);
- `articles`: write an article (dedup, revisions, full-text index), look articles up;
- `runs`: crawl runs, capture index;
- `frontier`: what a crawl means to fetch, failures, aliases, listing progress;
- `query`: filters, streaming reads, history;
- `ranked`: ranked full-text search (`search_results`).
"""

from __future__ import annotations

from archiver.storage.articles import delete_article, get_article, known_urls, write_article
from archiver.storage.query import article_filter, count_articles, history, iter_articles, normalize_lang
from archiver.storage import frontier
from archiver.storage.runs import (capture_locations, close_interrupted_runs, find_capture, finish_run,
                   last_capture, last_runs, record_capture, run_coverage, runs_started_since, start_run)
from archiver.storage.schema import (ARTICLE_COLUMNS, DEFAULT_DB, SCHEMA_VERSION, content_hash, migrate, now_iso,
                     open_archive, open_readonly, retry_locked)

__all__ = [
    "ARTICLE_COLUMNS", "DEFAULT_DB", "SCHEMA_VERSION", "article_filter", "capture_locations",
    "close_interrupted_runs", "content_hash", "count_articles", "delete_article", "find_capture",
    "finish_run", "get_article", "history",
    "iter_articles", "frontier", "known_urls", "last_capture", "last_runs",
    "migrate", "normalize_lang", "now_iso", "open_archive", "open_readonly",
    "record_capture", "retry_locked", "run_coverage", "runs_started_since",
    "search", "start_run", "write_article",
]

from archiver.storage.stats import archive_stats, monthly_counts  # noqa: E402

__all__ += ["archive_stats", "monthly_counts"]
from archiver.storage.sql import run_sql  # noqa: E402

__all__ += ["run_sql"]
from archiver.storage.ranked import SearchResults, search, search_notes, search_results  # noqa: E402

__all__ += ["SearchResults", "search_notes", "search_results"]
from archiver.storage.snapshot import snapshot_reader, source_runs  # noqa: E402

__all__ += ["snapshot_reader", "source_runs"]
