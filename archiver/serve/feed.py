"""The Atom feed of changes (`archiver crawl --feed PATH`, `archiver changes --format atom`).

One entry per change, newest first: its kind and significance, the word-level diff (deleted words in
<del>, inserted ones in <ins>, in the entry's HTML content), links to the two captures (WARC records,
as the archive's Datasette shows them), to the side-by-side diff, and to the same change in the
verified translations. Links are absolute under `feed_base`, the address the archive is served at
(`archiver serve`'s default unless told).

Written with the standard library's xml.etree: an Atom feed is a dozen elements, and building it
ourselves keeps the entry content exactly as we mark it up, with no extra runtime dependency
(feedparser, in the test extras, checks that a feed reader opens it). Entry ids are UUIDs derived
from the change's URL, kind and time, so they stay the same when the feed is written again.
"""

from __future__ import annotations

import os
import tempfile
import uuid
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

from archiver.export.markup import SITE_NAME, display_time
from archiver.read.changes import compact_diff_html, summary, words_html
from archiver.serve.links import DEFAULT_FEED_BASE, absolute, article_link, capture_link, changes_link, diff_link
from archiver.storage.changes import capture_record, list_changes, same_change_elsewhere, version_text

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 100  # the newest changes a feed written after a crawl holds
EXCERPT_WORDS = 60
EPOCH = "1970-01-01T00:00:00Z"
LABELS = {"new": "New", "edited": "Edited", "removed": "Removed", "restored": "Restored"}


def entry_id(change: dict) -> str:
    key = f"{change['url']} {change['kind']} {change['seen_at']} {change['id']}"
    return uuid.uuid5(uuid.NAMESPACE_URL, key).urn


def _atom_time(iso: str) -> str:
    return iso[:19] + "Z" if "T" in iso else iso + "T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def capture_label(record: dict | None, side: str, version: int | None) -> str:
    """"capture before: version 1, HTTP 200, 2026-03-01 06:00:00 UTC" (the Datasette page and the feed)."""
    facts = [f"version {version}"] if version is not None else []
    if record:
        facts += [f"HTTP {record['status']}" if record["status"] else record["record_type"],
                  display_time(record["fetched_at"])]
    return f"capture {side}" + (f": {', '.join(facts)}" if facts else "")


def _capture_line(conn, base: str, db_name: str, change: dict) -> str:
    links = []
    for side, version_key, capture_key in (("before", "old_version", "old_capture"),
                                            ("after", "new_version", "new_capture")):
        if change[capture_key] is not None:
            label = capture_label(capture_record(conn, change[capture_key]), side, change[version_key])
            links.append(f'<a href="{escape(absolute(base, capture_link(db_name, change[capture_key])))}">'
                         f"{escape(label)}</a>")
    return " · ".join(links)


def entry_html(conn, change: dict, base: str, db_name: str) -> str:
    """The entry's content: what changed, the words, the evidence, the other languages."""
    head = " · ".join(p for p in (LABELS[change["kind"]], change["significance"], change["lang"],
                                  f"seen {display_time(change['seen_at'])}") if p)
    parts = [f"<p><strong>{escape(head)}</strong></p>"]
    old = version_text(conn, change["url"], change["old_version"]) if change["old_version"] else None
    new = version_text(conn, change["url"], change["new_version"]) if change["new_version"] else None
    if change["kind"] in ("edited", "restored") and old and new and change["old_version"] != change["new_version"]:
        for name, key in (("Title", "title"), ("Date line", "date_raw"), ("Text", "body")):
            marked = compact_diff_html(old[key] or "", new[key] or "")
            if marked:
                parts.append(f"<p><em>{name}:</em> {marked}</p>")
        link = absolute(base, diff_link(change["url"], change["old_version"], change["new_version"]))
        parts.append(f'<p><a href="{escape(link)}">Side-by-side word diff</a></p>')
    elif change["words_removed"] or change["words_added"]:  # a change inside one version (a date line)
        flags = [n for n, f in (("Title", change["title_changed"]), ("Date line", change["date_changed"])) if f]
        parts.append(f"<p><em>{' and '.join(flags) or 'Words'}:</em> {words_html(change)}</p>")
    elif change["kind"] == "new" and new:
        words = new["body"].split()
        parts.append(f"<p>{escape(' '.join(words[:EXCERPT_WORDS]))}{' …' if len(words) > EXCERPT_WORDS else ''}</p>")
    if change["detail"]:
        parts.append(f"<p>{escape(change['detail'])}</p>")
    evidence = _capture_line(conn, base, db_name, change)
    if evidence:
        parts.append(f"<p>Evidence (WARC records): {evidence}</p>")
    others = same_change_elsewhere(conn, change)
    if others:
        links = ", ".join(f'<a href="{escape(absolute(base, diff_link(o["url"], None, None, change_id=o["id"])))}">'
                          f"{escape(o['lang'])}</a>" for o in others)
        parts.append(f"<p>The same change in: {links}</p>")
    return "\n".join(parts)


def atom_feed(conn, changes: list[dict], base: str = DEFAULT_FEED_BASE, db_name: str = "archive") -> bytes:
    """The Atom document (UTF-8 bytes) for `changes`, in the order given."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/{db_name}#changes").urn)
    _sub(feed, "title", f"{SITE_NAME}: changes seen by the archive")
    _sub(feed, "updated", _atom_time(changes[0]["seen_at"]) if changes else EPOCH)
    author = _sub(feed, "author")
    _sub(author, "name", "akorda.kz archiver")
    _sub(feed, "link", rel="alternate", type="text/html", href=absolute(base, changes_link()))
    _sub(feed, "generator", "archiver")
    for change in changes:
        entry = _sub(feed, "entry")
        _sub(entry, "id", entry_id(change))
        title = change["title"] or change["url"]
        _sub(entry, "title", f"{LABELS[change['kind']]}"
             f"{' (' + change['significance'] + ')' if change['significance'] else ''}: {title}")
        _sub(entry, "updated", _atom_time(change["seen_at"]))
        _sub(entry, "link", rel="alternate", type="text/html",
             href=absolute(base, diff_link(None, None, None, change_id=change["id"])))
        _sub(entry, "link", rel="related", type="text/html", href=absolute(base, article_link(change["url"])),
             title="the archived page")
        _sub(entry, "link", rel="via", href=change["url"], title="on akorda.kz")
        _sub(entry, "summary", summary(change) or LABELS[change["kind"]])
        _sub(entry, "category", term=change["kind"])
        if change["significance"]:
            _sub(entry, "category", term=change["significance"])
        _sub(entry, "content", entry_html(conn, change, base, db_name), type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feed(conn, path: str | Path, base: str = DEFAULT_FEED_BASE, db_name: str = "archive",
               limit: int = FEED_ENTRIES) -> int:
    """Write the feed of the `limit` newest changes to `path` (a temporary file renamed into place,
    so a reader never sees half a feed); returns the number of entries."""
    changes = list_changes(conn, limit=limit)
    data = atom_feed(conn, changes, base, db_name)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(changes)
