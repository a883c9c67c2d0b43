"""Paths of the archive's reading pages in Datasette (archiver.serve.datasette_read,
changes_page and search_page), shared by those pages and the Atom feed, which links to them absolutely."""

from __future__ import annotations

from urllib.parse import quote, urlencode

ARTICLE_PATH = "/-/article"
CHANGES_PATH = "/-/changes"
DIFF_PATH = "/-/diff"
SEARCH_PATH = "/-/search"
DEFAULT_FEED_BASE = "http://127.0.0.1:8001"  # where `archiver serve` listens by default


def article_link(url: str) -> str:
    return f"{ARTICLE_PATH}?url={quote(url, safe='')}"


def changes_link(**filters: str | None) -> str:
    query = urlencode({k: v for k, v in filters.items() if v})
    return CHANGES_PATH + (f"?{query}" if query else "")


def diff_link(url: str | None, a: int | None, b: int | None, change_id: int | None = None) -> str:
    """The side-by-side diff of versions `a` and `b` of `url`, or of the two sides of a change."""
    if change_id is not None:
        return f"{DIFF_PATH}?change={change_id}"
    return f"{DIFF_PATH}?{urlencode({'url': url, 'a': a, 'b': b})}"


def capture_link(db_name: str, capture_id: int) -> str:
    """Datasette's page of one row of the capture index: the WARC file, offset, digest, status."""
    return f"/{quote(db_name)}/captures/{capture_id}"


def absolute(base: str, path: str) -> str:
    return base.rstrip("/") + path
