"""Pagination that must end: one section's listing walk in one run, judged page by page (pure).

A walk stops, and the run reports a problem, when a page repeats the links of a page already seen in
this run, when `max_stale` pages in a row bring no link not already seen, or past `max_depth` pages.
"""

from __future__ import annotations


class WalkGuard:
    def __init__(self, max_depth: int = 20000, max_stale: int = 3) -> None:
        self.max_depth, self.max_stale = max_depth, max_stale
        self.pages: dict[frozenset[str], int] = {}  # the link set of each page seen -> its number
        self.seen: set[str] = set()
        self.stale = 0

    def check(self, page: int, urls: list[str]) -> str | None:
        """Record page `page` with its article URLs; the reason to stop the walk here, or None."""
        links = frozenset(urls)
        first = self.pages.setdefault(links, page)
        new = links - self.seen
        self.seen |= links
        self.stale = 0 if new else self.stale + 1
        if first != page:
            return f"page {page} repeats the links of page {first}"
        if self.max_stale and self.stale >= self.max_stale:
            return f"{self.stale} pages in a row brought no new link"
        if self.max_depth and page >= self.max_depth:
            return f"deeper than ARCHIVE_MAX_DEPTH ({self.max_depth} pages)"
        return None
