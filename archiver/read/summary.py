"""Plain-text summaries of the archive for people: the demo's closing table, `archiver stats`."""

from __future__ import annotations

import sqlite3

from archiver.export.markup import display_time
from archiver.storage import archive_stats, last_runs


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def archive_summary(conn: sqlite3.Connection, elapsed: float | None = None) -> str:
    s = archive_stats(conn)
    lines = [f"archive: {s['articles']} articles, {_share(s['dated'], s['articles'])} with a date,"
             f" {s['duplicates']} duplicates, {s['revisions']} revisions,"
             f" {s['failures']} pending failures"]
    lines.append("")
    lines.append(f"{'lang':<6}{'articles':>10}{'dated':>10}")
    for lang, count, dated in s["by_lang"]:
        lines.append(f"{lang:<6}{count:>10}{_share(dated, count):>10}")
    lines.append("")
    lines.append(f"{'lang':<6}{'section':<58}{'articles':>10}")
    for lang, section, count in s["by_lang_section"]:
        lines.append(f"{lang:<6}{section:<58}{count:>10}")
    if elapsed is not None:
        lines.append("")
        lines.append(f"elapsed: {elapsed:.1f} s")
    return "\n".join(lines)


def stats_text(conn: sqlite3.Connection, runs: int = 5) -> str:
    s = archive_stats(conn)
    out = [archive_summary(conn), "", "articles per year and language:"]
    years: dict[str, dict[str, int]] = {}
    for year, lang, count in s["by_year_lang"]:
        years.setdefault(year, {})[lang] = count
    out.append(f"{'year':<9}{'kk':>7}{'ru':>7}{'en':>7}")
    for year, per in years.items():
        out.append(f"{year:<9}" + "".join(f"{per.get(l, 0):>7}" for l in ("kk", "ru", "en")))
    out += ["", "categories:"]
    out += [f"  {lang}  {cat}: {count}" for lang, cat, count in s["by_category"][:30]]
    out += ["", "date source: " + ", ".join(f"{k} {v}" for k, v in s["by_date_source"])]
    out += ["", "last runs:"]
    for run in last_runs(conn, runs):
        out.append(f"  #{run['id']} {display_time(run['started'])} {run['status']}: {run['new']} new,"
                   f" {run['changed']} changed, {run['unchanged']} unchanged,"
                   f" {run['failed']} failed, {run['requests']} requests")
    return "\n".join(out)
