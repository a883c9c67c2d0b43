"""The bundle's index page: articles grouped by language (the site's order: kk, ru, en), then by
year, newest first, undated last; the filters said in words. Pure functions of their arguments.

A long index stays usable: the HTML page opens with a table of contents (each language, its
years and their counts, linked), and each year is a <details> block, the newest one of each
language open; a link into a closed year opens it (no script: the bundle allows none).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from archiver.export import markup
from archiver.export.markup import LANG_NAMES, html_text, md_text

LANG_ORDER = ("kk", "ru", "en")
LANG_WORDS = {"kk": "Kazakh", "kz": "Kazakh", "ru": "Russian", "en": "English"}
UNDATED = "undated"
# (language, ISO date or "", the entry's text as the page format renders it)
Entry = tuple[str, str, str]
Groups = list[tuple[str, list[tuple[str, list[str]]]]]

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


def group(entries: Iterable[Entry]) -> Groups:
    """[(lang, [(year or "undated", [entry text, newest first])])] in the site's language order."""
    def newest_first(entry: Entry) -> str:
        return entry[1]

    by_lang: dict[str, dict[str, list[str]]] = {}
    for lang, iso, text in sorted(entries, key=newest_first, reverse=True):
        year = iso[:4] if re.match(r"\d{4}", iso) else UNDATED
        by_lang.setdefault(lang, {}).setdefault(year, []).append(text)

    def lang_rank(lang: str) -> tuple[int, str]:
        return (LANG_ORDER.index(lang) if lang in LANG_ORDER else len(LANG_ORDER), lang)

    return [(lang, _years(years))
            for lang, years in sorted(by_lang.items(), key=lambda item: lang_rank(item[0]))]


def _years(years: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    dated = sorted((y for y in years if y != UNDATED), reverse=True)
    return [(y, years[y]) for y in dated + ([UNDATED] if UNDATED in years else [])]


def _lang_title(lang: str) -> str:
    name, word = LANG_NAMES.get(lang), LANG_WORDS.get(lang, lang)
    if not name:
        return lang or "no language"
    return name if name == word else f"{name} ({word})"


def _count(n: int) -> str:
    return markup.articles_phrase(n)


def html_index(filters: dict, as_of: str, entries: list[Entry]) -> str:
    groups = group(entries)
    toc, sections = [], []
    for lang, years in groups:
        code = html_text(lang or "xx")
        total = sum(len(items) for _, items in years)
        links = " · ".join(f'<a href="#{code}-{y}">{y}</a>&nbsp;({len(items)})'
                           for y, items in years)
        toc.append(f'<li><a href="#{code}">{html_text(_lang_title(lang))}</a>, '
                   f"{_count(total)}: {links}</li>\n")
        blocks = "".join(
            f"<details{' open' if n == 0 else ''}><summary>{y} <small>{_count(len(items))}"
            f"</small></summary>\n<ul id=\"{code}-{y}\">\n{''.join(items)}</ul></details>\n"
            for n, (y, items) in enumerate(years))
        sections.append(f'<section id="{code}"><h2>{html_text(_lang_title(lang))} '
                        f"<small>{_count(total)}</small></h2>\n{blocks}</section>\n")
    head = markup.html_head(html_text(markup.INDEX_TITLE), "en", extra_css=CSS)
    return (head + f"<h1>{html_text(markup.INDEX_TITLE)}</h1>\n"
            f"<p class=\"meta\">{html_text(filters_phrase(filters))}: {_count(len(entries))}, "
            f"by language and year, newest first. Archive as of "
            f"{html_text(markup.display_time(as_of))}. Source: {html_text(markup.SITE_NAME)}.</p>\n"
            f"<nav class=\"toc\"><ul>\n{''.join(toc)}</ul></nav>\n{''.join(sections)}"
            "</body>\n</html>\n")


def md_index(filters: dict, as_of: str, entries: list[Entry]) -> str:
    lines = [f"# {md_text(markup.INDEX_TITLE)}\n\n{md_text(filters_phrase(filters))}: "
             f"{_count(len(entries))}, by language and year, newest first. Archive as of "
             f"{md_text(markup.display_time(as_of))}. Source: {md_text(markup.SITE_NAME)}.\n"]
    for lang, years in group(entries):
        total = sum(len(items) for _, items in years)
        lines.append(f"\n## {md_text(_lang_title(lang))}: {_count(total)}\n")
        for year, items in years:
            lines.append(f"\n### {year} ({_count(len(items))})\n\n{''.join(items)}")
    return "".join(lines)
