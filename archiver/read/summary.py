"""Plain-text summaries of the archive for people: the demo's closing table, `archiver stats`.

The first screen holds what is read first: the totals, articles per year and language, then per
section (sub-sections folded into their section). Every list that is cut says how much was left out
and that `archiver stats --wide` shows all of it; given a width, every line is cut to fit it.
"""

from __future__ import annotations

import sqlite3
import textwrap

from archiver.export.markup import display_time
from archiver.read.tables import cut
from archiver.storage import archive_stats, last_runs

LANGS = ("kk", "ru", "en")
CATEGORIES = 30  # categories listed without --wide
RUNS = 5  # crawl runs listed without --wide


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def _totals(s: dict) -> str:
    return (f"archive: {s['articles']} articles, {_share(s['dated'], s['articles'])} with a date,"
            f" {s['duplicates']} duplicates, {s['revisions']} revisions,"
            f" {s['failures']} pending failures")


def _pivot(title: str, rows: dict[str, dict[str, int]], label: str) -> list[str]:
    """A table of `label` × language with a total column."""
    width = max([len(label)] + [len(name) for name in rows])
    lines = [title, f"{label:<{width}}" + "".join(f"{lang:>8}" for lang in (*LANGS, "all"))]
    for name, per in rows.items():
        counts = [per.get(lang, 0) for lang in LANGS]
        lines.append(f"{name:<{width}}" + "".join(f"{n:>8,}" for n in (*counts, sum(counts))))
    return lines


def _sections(s: dict, wide: bool) -> list[str]:
    rows: dict[str, dict[str, int]] = {}
    for lang, section, count in s["by_lang_section"]:
        name = section if wide else section.split("/")[0]
        per = rows.setdefault(name, {})
        per[lang] = per.get(lang, 0) + count
    ordered = dict(sorted(rows.items(), key=lambda item: (-sum(item[1].values()), item[0])))
    folded = len({section for _, section, _ in s["by_lang_section"]}) - len(rows)
    title = "articles per section and language" + (
        f" ({folded} sub-sections folded in; archiver stats --wide lists them):" if folded else ":")
    return _pivot(title, ordered, "section")


def archive_summary(conn: sqlite3.Connection, elapsed: float | None = None,
                    width: int | None = None, wide: bool = False) -> str:
    s = archive_stats(conn)
    lines = [_totals(s), "with a date: " + ", ".join(
        f"{lang} {_share(dated, count)} of {count:,}" for lang, count, dated in s["by_lang"]),
        "", *_sections(s, wide)]
    if elapsed is not None:
        lines += ["", f"elapsed: {elapsed:.1f} s"]
    return _fit(lines, width)


def stats_text(conn: sqlite3.Connection, width: int | None = None, wide: bool = False) -> str:
    s = archive_stats(conn)
    years: dict[str, dict[str, int]] = {}
    for year, lang, count in s["by_year_lang"]:
        years.setdefault(year, {})[lang] = count
    out = [_totals(s), "", *_pivot("articles per year and language:", years, "year"), "",
           *_sections(s, wide), ""]
    categories = s["by_category"] if wide else s["by_category"][:CATEGORIES]
    left = len(s["by_category"]) - len(categories)
    out += [f"categories ({len(categories)} of {len(s['by_category'])}, the largest first; "
            "archiver stats --wide lists every one):" if left else "categories:"]
    out += [f"  {lang}  {cat}: {count}" for lang, cat, count in categories]
    out += ["", "date source: " + ", ".join(f"{k} {v}" for k, v in s["by_date_source"]), ""]
    runs = last_runs(conn, -1 if wide else RUNS)
    total = s["runs"]
    out += [f"last runs ({len(runs)} of {total}; archiver stats --wide lists every one):"
            if total > len(runs) else "last runs:"]
    for run in runs:
        out.append(f"  #{run['id']} {display_time(run['started'])} {run['status']}: {run['new']} new,"
                   f" {run['changed']} changed, {run['unchanged']} unchanged,"
                   f" {run['failed']} failed, {run['requests']} requests")
    return _fit(out, width)


def _fit(lines: list[str], width: int | None) -> str:
    return "\n".join(cut(line, width) for line in lines)


def schema_text(tables: list[dict], width: int | None = None) -> str:
    """`archiver schema`: each table (storage.columns.describe) with what it holds, then its columns,
    their types and meanings; wrapped to `width` when given. Readers' tables first."""
    out = []
    for internal in (False, True):
        chosen = [t for t in tables if t["internal"] == internal]
        if internal and chosen:
            out += ["", "The crawl's and the search index's own tables:"]
        for table in chosen:
            out += ["", *_wrapped(f"{table['name']} ({table['kind']}): {table['description']}",
                                  width, "    ")]
            name = max([len(c["name"]) for c in table["columns"]], default=0)
            kind = max([len(c["type"]) for c in table["columns"]], default=0)
            for column in table["columns"]:
                head = f"  {column['name']:<{name}}  {column['type']:<{kind}}  "
                out += _wrapped(head + column["meaning"], width, " " * len(head))
    return "\n".join(out[1:])


def _wrapped(text: str, width: int | None, indent: str) -> list[str]:
    if width is None or len(text) <= width:
        return [text.rstrip()]
    return textwrap.wrap(text, width=max(width, len(indent) + 20), subsequent_indent=indent,
                         break_on_hyphens=False) or [""]
