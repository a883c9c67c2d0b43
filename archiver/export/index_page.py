"""The bundle's index page: articles grouped by language (the site's order: kk, ru, en), then by
year, newest first, undated last; the filters said in words. Pure functions of their arguments.

A long index stays usable: the HTML page opens with a table of contents (each language, its
years and their counts, linked), and each year is a <details> block, the newest one of each
language open; a link into a closed year opens it (no script: the bundle allows none).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import TextIO

from archiver.export import markup
from archiver.export.markup import LANG_NAMES, html_text, md_text

LANG_ORDER = ("kk", "ru", "en")
LANG_WORDS = {"kk": "Kazakh", "kz": "Kazakh", "ru": "Russian", "en": "English"}
UNDATED = "undated"
YEAR = re.compile(r"\d{4}")

CSS = (f"section h2 small,summary small{{font:.85rem {markup.SANS};color:#555;font-weight:normal}}"
       "nav.toc{margin:1rem 0 1.5rem}nav.toc ul{padding-left:1.2rem}nav.toc li{margin:.3rem 0}"
       "section h2{margin:2rem 0 .6rem;border-bottom:1px solid #ccc}"
       "details{margin:.2rem 0}summary{cursor:pointer;font-weight:600;padding:.2rem 0}"
       "details ul{margin:.3rem 0 1rem}details li{margin:.25rem 0}")


def filters_phrase(filters: dict) -> str:
    """What the snapshot holds, in words: "Articles in Kazakh, published from 2018 through 2019"."""
    parts = []
    codes = [c for c in re.split(r"[,\s]+", filters.get("lang") or "") if c]
    if codes:
        parts.append("in " + " and ".join(LANG_WORDS.get(c, c) for c in codes))
    since, until = filters.get("since"), filters.get("until")
    if since and until:
        parts.append(f"published from {since} through {until}")
    elif since:
        parts.append(f"published from {since} on")
    elif until:
        parts.append(f"published through {until}")
    if filters.get("category"):
        parts.append(f"in the category “{filters['category']}”")
    if filters.get("search"):
        parts.append(f"matching the search “{filters['search']}”")
    if filters.get("all_langs"):
        parts.append("only those whose translations into Kazakh, Russian and English are all "
                     "verified")
    return "Articles " + ", ".join(parts) if parts else "All articles of the archive, unfiltered"


class IndexSpool:
    """The index's entries kept on disk, one file per language and year, until the index is written:
    writing it holds one year of one language in memory, not an entry per article (a list of every
    entry took a 100,000-article HTML bundle from 109 MB to 309 MB)."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="archiver-index-")
        self._files: dict[tuple[str, str], TextIO] = {}
        self.counts: dict[tuple[str, str], int] = {}
        self.total = 0

    def add(self, lang: str, iso: str, text: str) -> None:
        """One article's entry: its language, ISO date ("" if unknown) and text as the page renders it."""
        key = (lang, iso[:4] if YEAR.match(iso) else UNDATED)
        spool = self._files.get(key)
        if spool is None:
            spool = self._files[key] = open(Path(self._dir.name) / f"{len(self._files)}.jsonl", "w+",
                                            encoding="utf-8")
        spool.write(json.dumps([iso, text], ensure_ascii=False) + "\n")
        self.counts[key] = self.counts.get(key, 0) + 1
        self.total += 1

    def groups(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """[(lang, [(year or "undated", count)])]: languages in the site's order, years newest first."""
        by_lang: dict[str, list[str]] = {}
        for lang, year in self.counts:
            by_lang.setdefault(lang, []).append(year)

        def lang_rank(lang: str) -> tuple[int, str]:
            return (LANG_ORDER.index(lang) if lang in LANG_ORDER else len(LANG_ORDER), lang)

        return [(lang, [(y, self.counts[lang, y]) for y in _years(by_lang[lang])])
                for lang in sorted(by_lang, key=lang_rank)]

    def items(self, lang: str, year: str) -> list[str]:
        """The entries of one language and year, newest first (equal dates in the order added)."""
        spool = self._files[lang, year]
        spool.seek(0)
        entries = [json.loads(line) for line in spool]
        spool.seek(0, 2)
        return [text for _, text in sorted(entries, key=lambda entry: entry[0], reverse=True)]

    def close(self) -> None:
        for spool in self._files.values():
            spool.close()
        self._dir.cleanup()

    def __enter__(self) -> IndexSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _years(years: list[str]) -> list[str]:
    dated = sorted((y for y in years if y != UNDATED), reverse=True)
    return dated + ([UNDATED] if UNDATED in years else [])


def _lang_title(lang: str) -> str:
    name, word = LANG_NAMES.get(lang), LANG_WORDS.get(lang, lang)
    if not name:
        return lang or "no language"
    return name if name == word else f"{name} ({word})"


def _count(n: int) -> str:
    return markup.articles_phrase(n)


def html_index(filters: dict, as_of: str, spool: IndexSpool, out: TextIO) -> None:
    """Write the HTML index to `out`, one year of one language at a time."""
    groups = spool.groups()
    head = markup.html_head(html_text(markup.INDEX_TITLE), "en", extra_css=CSS)
    out.write(head + f"<h1>{html_text(markup.INDEX_TITLE)}</h1>\n"
              f"<p class=\"meta\">{html_text(filters_phrase(filters))}: {_count(spool.total)}, "
              f"by language and year, newest first. Archive as of "
              f"{html_text(markup.display_time(as_of))}. Source: {html_text(markup.SITE_NAME)}.</p>\n"
              "<nav class=\"toc\"><ul>\n")
    for lang, years in groups:
        code = html_text(lang or "xx")
        links = " · ".join(f'<a href="#{code}-{y}">{y}</a>&nbsp;({n})' for y, n in years)
        out.write(f'<li><a href="#{code}">{html_text(_lang_title(lang))}</a>, '
                  f"{_count(sum(n for _, n in years))}: {links}</li>\n")
    out.write("</ul></nav>\n")
    for lang, years in groups:
        code = html_text(lang or "xx")
        out.write(f'<section id="{code}"><h2>{html_text(_lang_title(lang))} '
                  f"<small>{_count(sum(n for _, n in years))}</small></h2>\n")
        for number, (year, count) in enumerate(years):
            out.write(f"<details{' open' if number == 0 else ''}><summary>{year} <small>{_count(count)}"
                      f"</small></summary>\n<ul id=\"{code}-{year}\">\n")
            out.writelines(spool.items(lang, year))
            out.write("</ul></details>\n")
        out.write("</section>\n")
    out.write("</body>\n</html>\n")


def md_index(filters: dict, as_of: str, spool: IndexSpool, out: TextIO) -> None:
    """Write the Markdown index to `out`, one year of one language at a time."""
    out.write(f"# {md_text(markup.INDEX_TITLE)}\n\n{md_text(filters_phrase(filters))}: "
              f"{_count(spool.total)}, by language and year, newest first. Archive as of "
              f"{md_text(markup.display_time(as_of))}. Source: {md_text(markup.SITE_NAME)}.\n")
    for lang, years in spool.groups():
        out.write(f"\n## {md_text(_lang_title(lang))}: {_count(sum(n for _, n in years))}\n")
        for year, count in years:
            out.write(f"\n### {year} ({_count(count)})\n\n")
            out.writelines(spool.items(lang, year))
