"""An article's past: its versions with diffs, and its raw captures as served."""

from __future__ import annotations

import difflib
import sqlite3
from pathlib import Path

from archiver.errors import UsageError
from archiver.export.markup import display_time
from archiver.storage import find_capture, history
from archiver.page.urls import canonical_url
from archiver.fetch.warc_read import read_payload


def article_key(url: str) -> str:
    """The archive's key for a URL as people paste it: with or without https://, any host alias
    (akorda.kz, wap.akorda.kz ...), or a bare path such as /kz/some-article-123."""
    text = url.strip()
    if "://" not in text and not text.startswith("/"):
        head = text.split("/", 1)[0]
        text = ("https://" if "." in head or ":" in head else "/") + text
    return canonical_url(text)


def _text(version: dict) -> list[str]:
    return [f"# {version['title'] or ''}", ""] + version["body"].split("\n")


def version_diff(versions: list[dict], a: int, b: int, url: str) -> str:
    by_number = {v["version"]: v for v in versions}
    for n in (a, b):
        if n not in by_number:
            raise UsageError(f"{url} has no version {n} (versions: "
                             f"{', '.join(str(v) for v in by_number)})")
    lines = difflib.unified_diff(_text(by_number[a]), _text(by_number[b]),
                                 fromfile=f"version {a}", tofile=f"version {b}", lineterm="")
    return "\n".join(lines)


# What made a version: the site's edit, or our extractor run again over the same capture.
SOURCES = {"edited": "edited on the site", "re-extracted": "re-extracted from the capture"}


def format_history(conn: sqlite3.Connection, url: str, diff: tuple[int, int] | None = None) -> str:
    key = article_key(url)
    versions = history(conn, key)
    if not versions:
        raise UsageError(f"no article {key} in the archive")
    out = [f"{key}: {len(versions)} version(s)"]
    why = {v["version"] + 1: SOURCES.get(v["reason"], v["reason"]) for v in versions if v["reason"]}
    for v in versions:
        out.append(f"  v{v['version']}  {display_time(v['changed_at'])}  run {v['run_id']}  "
                   f"{v['content_hash'][:12]}  {v['title']}"
                   + (f"  [{why[v['version']]}]" if v["version"] in why else ""))
    if diff or len(versions) > 1:
        a, b = diff or (versions[-2]["version"], versions[-1]["version"])
        out += ["", version_diff(versions, a, b, key)]
    return "\n".join(out)


def captured_bytes(conn: sqlite3.Connection, db: str, url: str, at: str | None = None) -> bytes:
    """The payload of the capture of `url` current at `at` (default: the newest)."""
    key = article_key(url)
    found = find_capture(conn, key, at)
    if found is None:
        when = f" at or before {at}" if at else ""
        raise UsageError(f"no capture of {key}{when} in the archive")
    return read_payload(Path(db).resolve().parent / "warc", found["warc_file"],
                        found["warc_offset"])
