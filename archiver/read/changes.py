"""Changes as readers get them: rows for `archiver changes` (table or JSON), and the word diff as HTML
(deleted and inserted words marked) for the Atom feed and the Datasette pages.

A table fits the terminal (a pipe gets every value whole): the date, language, kind and significance columns keep their width, the page's
path takes up to half of the rest (cut in the middle when longer: `--format json` has every URL whole),
and the summary and title share what is left.
"""

from __future__ import annotations

import sys
from html import escape
from typing import TextIO

from archiver.export.markup import display_time
from archiver.read.diff import PARAGRAPH, word_diff
from archiver.read.tables import left_out_note, middle_cut, write_rows
from archiver.storage.changes import list_changes

FORMATS = ("table", "json", "atom")
JSON_COLUMNS = (
    "id", "seen_at", "url", "lang", "page_kind", "kind", "significance", "title_changed", "date_changed",
    "words_removed", "words_added", "old_version", "new_version", "old_capture", "new_capture", "detail",
    "title", "work_id", "run_id",
)
TABLE_COLUMNS = ("seen", "lang", "kind", "significance", "change", "title", "page")
SUMMARY_WORDS = 6  # words of each side shown in a one-line summary
CONTEXT_WORDS = 8  # unchanged words kept around each change in a compact diff
MIN_COLUMN = 8  # narrower, the summary or title column is left out of a table
MIN_PAGE = 24  # a page's path keeps at least this much of a table's width


def changes(conn, *, since: str | None = None, kind: str | None = None, significance: str | None = None,
            lang: str | None = None, limit: int | None = None) -> list[dict]:
    """The changes `archiver changes` shows, newest first (see archiver.storage.changes.list_changes)."""
    return list_changes(conn, since=since, kinds=kind, significance=significance, lang=lang, limit=limit)


def _words(words: list[str], sign: str) -> str:
    shown = " ".join(words[:SUMMARY_WORDS]) + (" …" if len(words) > SUMMARY_WORDS else "")
    return f"{sign}{shown}" if words else ""


def summary(change: dict) -> str:
    """One line: what changed ("title; −120 +150"), or the removal's detail."""
    parts = [name for name, flag in (("title", change["title_changed"]), ("date line", change["date_changed"]))
             if flag]
    words = " ".join(p for p in (_words(change["words_removed"], "−"), _words(change["words_added"], "+")) if p)
    parts += [words] if words else []
    parts += [change["detail"]] if change.get("detail") else []
    return "; ".join(parts)


def _table_row(change: dict) -> dict:
    return {"seen": change["seen_at"][:10], "lang": change["lang"], "kind": change["kind"],
            "significance": change["significance"] or "", "change": summary(change),
            "title": change["title"] or "", "page": site_path(change["url"])}


def site_path(url: str) -> str:
    """The URL without scheme and host, as `archiver history` also accepts it: /ru/slug-123."""
    return "/" + url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url


def _fit(table: list[dict], width: int) -> tuple[list[str], dict[str, int]]:
    """The columns shown and the widths of those that give way (page, change, title) for `width`."""
    need = {c: max([len(c)] + [len(r[c]) for r in table]) for c in TABLE_COLUMNS}
    fixed = ("seen", "lang", "kind", "significance")
    room = width - sum(need[c] for c in fixed) - 2 * len(fixed)  # each column before `page` has its gap
    page = min(need["page"], max(min(MIN_PAGE, room), room // 2, MIN_COLUMN))
    spare = room - page
    if spare < 2 * MIN_COLUMN + 4:
        shown = ["change"] if spare >= MIN_COLUMN + 2 else []
        return [*fixed, *shown, "page"], {"page": page, **({"change": spare - 2} if shown else {})}
    change = min(need["change"], max(MIN_COLUMN, (spare - 4) // 2))
    return list(TABLE_COLUMNS), {"page": page, "change": change, "title": spare - 4 - change}


def write_changes(rows: list[dict], fmt: str, out: TextIO, terminal: bool = True,
                  width: int | None = None) -> int:
    """Rows of `changes` as JSON, or as a table that fits `width` (None: every value whole, as a
    pipe gets them; see read.tables.table_width): the title, then the summary, give way, and a
    page's path longer than its column is cut in the middle (--format json has every URL whole)."""
    if fmt == "json":
        return write_rows(list(JSON_COLUMNS), rows, "json", out, terminal=terminal)
    table = [_table_row(r) for r in rows]
    columns, limits = _fit(table, width or sys.maxsize)
    for row in table:
        row["page"] = middle_cut(row["page"], limits["page"])
    count = write_rows(columns, table, "table", out, terminal=terminal, max_widths=limits)
    if len(columns) < len(TABLE_COLUMNS):
        out.write(left_out_note([c for c in TABLE_COLUMNS if c not in columns], width) + "\n")
    return count


# ---------------------------------------------------------------- the word diff as HTML


def words_html(change: dict, most: int = 12) -> str:
    """A change's words removed and added (the first `most` of each), marked."""
    parts = []
    for key, tag in (("words_removed", "del"), ("words_added", "ins")):
        words = change[key]
        if words:
            text = escape(" ".join(words[:most]) + (" …" if len(words) > most else ""))
            parts.append(f'<{tag} class="diff-{tag}">{text}</{tag}>')
    return " ".join(parts)


def _marked(tag: str, words: list[str], paragraph: str) -> str:
    text = " ".join(paragraph if w == PARAGRAPH else escape(w) for w in words)
    if tag == "delete":
        return f'<del class="diff-del">{text}</del>'
    if tag == "insert":
        return f'<ins class="diff-ins">{text}</ins>'
    return text


def compact_diff_html(old: str, new: str, context: int = CONTEXT_WORDS) -> str:
    """The changed words in their context, one line: unchanged stretches longer than twice `context`
    are cut to their ends (…), a paragraph break shows as ¶. Empty when nothing changed."""
    runs = word_diff(old, new)
    if all(tag == "equal" for tag, _ in runs):
        return ""
    pieces = []
    for i, (tag, words) in enumerate(runs):
        if tag == "equal":
            head = words[:context] if i else []
            tail = words[-context:] if i < len(runs) - 1 else []
            if len(words) > len(head) + len(tail):
                words = head + ["…"] + tail
        pieces.append(_marked(tag, words, "¶"))
    return " ".join(p for p in pieces if p)


def side_by_side(old: str, new: str) -> tuple[list[str], list[str]]:
    """Paragraphs (HTML) of each side: the old with its deleted words marked, the new with its
    inserted words marked."""
    sides: tuple[list[list[str]], list[list[str]]] = ([[]], [[]])
    for tag, words in word_diff(old, new):
        for side, shown in ((sides[0], tag != "insert"), (sides[1], tag != "delete")):
            if not shown:
                continue
            run: list[str] = []
            for word in words + [None]:
                if word is None or word == PARAGRAPH:
                    if run:
                        side[-1].append(_marked(tag, run, ""))
                    run = []
                    if word == PARAGRAPH:
                        side.append([])
                else:
                    run.append(word)
    return tuple([" ".join(p) for p in side if p] for side in sides)  # type: ignore[return-value]
