"""Readable bundles (HTML, Markdown): an index page and one page per article with its title,
date, category, body and a citation line, in a directory.

Safety rules: every crawled string is escaped for the page's language (HTML entities; Markdown
backslash escapes), links are made only to http(s) URLs, HTML pages carry a Content-Security-Policy
that forbids scripts, and page file names come from `page_name`, which yields only
`[a-z0-9-]` names inside `articles/`, whatever the site id holds (`../../etc`, `/abs/path`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TextIO
from dataclasses import dataclass
from pathlib import Path

from archiver.errors import SnapshotError
from archiver.export import index_page, markup
from archiver.export.index_page import IndexSpool
from archiver.export.markup import Citation
from archiver.export.files import file_entry, sha256_file

PAGES_DIR = "articles"
SLUG_MAX = 80
# The columns a bundle page is made of (the query asks for these, whatever --fields says).
BUNDLE_COLUMNS = ("url", "lang", "site_id", "title", "date_raw", "published", "category", "body",
                  "version", "first_seen", "last_changed")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.(html|md)")


def slug(text: str, limit: int = SLUG_MAX) -> str:
    """ASCII letters, digits and single hyphens, at most `limit` characters; may be empty."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _NOT_SLUG.sub("-", folded).strip("-")[:limit].strip("-")


def page_name(row: dict, used: set[str]) -> str:
    """`{lang}-{slug of site_id}`, made unique with `-2`, `-3`…; a hash of the URL when the
    site id has no ASCII letter or digit. Never contains a path separator or a dot."""
    lang = slug(row.get("lang") or "", 8) or "xx"
    base = slug(row.get("site_id") or "") or hashlib.sha256(row["url"].encode()).hexdigest()[:12]
    name = candidate = f"{lang}-{base}"
    n = 2
    while candidate in used:
        candidate = f"{name}-{n}"
        n += 1
    used.add(candidate)
    return candidate


@dataclass(frozen=True)
class BundleFormat:
    suffix: str
    page: Callable[[Citation, list[str], str], str]  # (citation, paragraphs, lang) -> page
    index_entry: Callable[[Citation, str], str]  # (citation, page path) -> text
    index: Callable[[dict, str, IndexSpool, TextIO], None]  # (filters, as-of time, entries, file)


BUNDLE_FORMATS = {
    "html": BundleFormat(".html", markup.html_page, markup.html_index_entry,
                         index_page.html_index),
    "md": BundleFormat(".md", markup.md_page, markup.md_index_entry, index_page.md_index),
}


def paragraphs(body: str | None) -> list[str]:
    """The archive joins paragraphs with a blank line."""
    return [p.strip() for p in re.split(r"\n\s*\n", body or "") if p.strip()]


def citation(row: dict, captured: str) -> Citation:
    return Citation(title=row.get("title") or "(untitled)",
                    date=row.get("date_raw") or row.get("published") or "",
                    iso_date=row.get("published"), category=row.get("category"),
                    url=row["url"], captured=markup.display_time(captured),
                    lang=row.get("lang"))


def write_bundle(rows: Iterable[dict], directory: Path, kind: str, filters: dict,
                 captured: Callable[[dict], str], as_of: str = "") -> tuple[int, dict[str, dict]]:
    """Write index and pages into `directory`; returns (articles, {relative path: file entry}).

    Pages are hashed as they are written; the index, grouped by language and year, is written
    last from one short entry per article (spooled on disk, not held in memory), then hashed from disk.
    """
    fmt = BUNDLE_FORMATS[kind]
    pages = directory / PAGES_DIR
    pages.mkdir()
    files: dict[str, dict] = {}
    used: set[str] = set()
    index_name = "index" + fmt.suffix
    with IndexSpool() as entries, \
            open(directory / index_name, "w", encoding="utf-8", newline="\n") as index:
        for row in rows:
            name = page_name(row, used) + fmt.suffix
            if not SAFE_NAME.fullmatch(name):  # page_name makes this impossible: belt and braces
                raise SnapshotError(f"unsafe page name {name!r}")
            target = pages / name
            cite = citation(row, captured(row))
            data = fmt.page(cite, paragraphs(row.get("body")), row.get("lang") or "").encode()
            with open(target, "xb") as handle:
                handle.write(data)
            files[f"{PAGES_DIR}/{name}"] = file_entry(hashlib.sha256(data).hexdigest(), len(data))
            entries.add(row.get("lang") or "", cite.iso_date or "",
                        fmt.index_entry(cite, f"{PAGES_DIR}/{name}"))
        fmt.index(filters, as_of, entries, index)
        written = entries.total
    files[index_name] = file_entry(*sha256_file(directory / index_name))
    return written, files
