"""Page text for the bundles: HTML and Markdown renderings of an article, its citation and the
index. Pure functions of their arguments; every crawled string goes through `html_text` /
`md_text` (or `*_link` for URLs) before it reaches a page."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

SITE_NAME = "Official website of the President of the Republic of Kazakhstan (akorda.kz)"
INDEX_TITLE = "akorda.kz news archive: snapshot"
# No script, no external resource of any kind; the inline stylesheet below is all a page loads.
CSP = "default-src 'none'; style-src 'unsafe-inline'"
# Faces that hold the Kazakh letters (Қ ң ғ ө ұ ү ә і һ), first those of Linux (DejaVu, Noto), macOS
# (PT) and Windows (Times New Roman, Arial). Georgia, and Liberation that Linux takes for Times and
# Arial, lack them: the browser then draws those letters alone in another face, mid-word.
SERIF = '"DejaVu Serif","Noto Serif","PT Serif","Times New Roman",serif'
SANS = '"DejaVu Sans","Noto Sans","PT Sans",Arial,sans-serif'
CSS = (f"body{{font:1rem/1.5 {SERIF};max-width:42rem;margin:2rem auto;padding:0 1rem}}"
       f".meta,.citation,nav{{font:.9rem/1.4 {SANS};color:#444}}"
       ".citation{border-top:1px solid #ccc;padding-top:1rem}")
LINK_SCHEMES = ("http://", "https://")
LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}  # each in its own language


@dataclass(frozen=True)
class Citation:
    """What a page says about its article besides the body."""

    title: str
    date: str  # the date as the site showed it, else the ISO date, else ""
    iso_date: str | None
    category: str | None
    url: str
    captured: str  # UTC time the text was fetched, as people read it (display_time)
    lang: str | None = None  # the article's language, for the index's lang attribute


def display_time(iso: str | None) -> str:
    """An ISO timestamp as a citation shows it: to the second, in UTC ("2024-05-01 09:30:05 UTC")."""
    if not iso:
        return "unknown"
    match = re.match(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})", iso)
    return f"{match.group(1)} {match.group(2)} UTC" if match else iso


def articles_phrase(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"


def _linkable(url: str) -> bool:
    return url.lower().startswith(LINK_SCHEMES) and not re.search(r"[\s<>\"'`\\]", url)


# --- HTML --------------------------------------------------------------------------------------

def html_text(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def html_link(url: str) -> str:
    shown = html_text(url)
    if not _linkable(url):
        return shown
    return f'<a href="{shown}" rel="noreferrer noopener">{shown}</a>'


def html_head(title: str, lang: str, extra_css: str = "") -> str:
    return ("<!DOCTYPE html>\n"
            f'<html lang="{html_text(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{CSS}{extra_css}</style>\n</head>\n<body>\n")


def html_citation(cite: Citation) -> str:
    date = html_text(cite.iso_date or cite.date or "undated")
    return (f"<p class=\"citation\">Cite as: “{html_text(cite.title)}”. {html_text(SITE_NAME)},"
            f" {date}. {html_link(cite.url)}. Captured {html_text(cite.captured)}.</p>\n")


def html_page(cite: Citation, paragraphs: list[str], lang: str) -> str:
    title = html_text(cite.title)
    meta = [f'<time datetime="{html_text(cite.iso_date)}">{html_text(cite.date)}</time>'
            if cite.iso_date else html_text(cite.date or "undated")]
    if cite.category:
        meta.append(f'<span class="category">{html_text(cite.category)}</span>')
    body = "".join("<p>" + "<br>\n".join(html_text(line) for line in p.splitlines()) + "</p>\n"
                   for p in paragraphs)
    return (html_head(title, lang)
            + '<nav><a href="../index.html">Index</a></nav>\n<article>\n'
            + f"<h1>{title}</h1>\n<p class=\"meta\">{' · '.join(meta)}</p>\n{body}</article>\n"
            + f"<footer>\n{html_citation(cite)}</footer>\n</body>\n</html>\n")


def html_index_entry(cite: Citation, path: str) -> str:
    date = html_text(cite.iso_date or "undated")
    category = f" · {html_text(cite.category)}" if cite.category else ""
    lang = f' lang="{html_text(cite.lang)}"' if cite.lang else ""
    return (f'<li>{date} · <a href="{html_text(path)}"{lang}>{html_text(cite.title)}</a>'
            f"{category}</li>\n")


# --- Markdown ----------------------------------------------------------------------------------

# Backslash-escaped everywhere: emphasis, code, links, images, raw HTML, entities, tables.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!{}()])")
# Escaped at the start of a line, where they would open a list, heading rule or setext heading.
_MD_LINE_START = re.compile(r"^([-+=])")
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def md_line(line: str) -> str:
    line = _MD_INLINE.sub(r"\\\1", line.strip())  # leading spaces would make a code block
    line = _MD_LINE_START.sub(r"\\\1", line)
    return _MD_ORDERED.sub(r"\1\\\2", line)


def md_text(text: str | None) -> str:
    """Crawled text as literal Markdown: one paragraph, its line breaks kept as hard breaks."""
    return "\\\n".join(md_line(line) for line in (text or "").splitlines() if line.strip())


def md_link(url: str) -> str:
    return f"<{url}>" if _linkable(url) else md_text(url)


def md_citation(cite: Citation) -> str:
    date = md_text(cite.iso_date or cite.date or "undated")
    return (f"Cite as: “{md_text(cite.title)}”. {md_text(SITE_NAME)}, {date}."
            f" {md_link(cite.url)}. Captured {md_text(cite.captured)}.\n")


def md_page(cite: Citation, paragraphs: list[str], lang: str) -> str:
    title = md_text(" ".join(cite.title.split()))
    meta = [md_text(cite.date or "undated")]
    if cite.category:
        meta.append(md_text(cite.category))
    body = "".join(md_text(p) + "\n\n" for p in paragraphs)
    return (f"# {title}\n\n{' · '.join(meta)}\n\n{body}---\n\n{md_citation(cite)}\n"
            "[Index](../index.md)\n")


def md_index_entry(cite: Citation, path: str) -> str:
    category = f" · {md_text(cite.category)}" if cite.category else ""
    title = md_text(" ".join(cite.title.split()))
    return f"- {md_text(cite.iso_date or 'undated')} · [{title}]({path}){category}\n"
