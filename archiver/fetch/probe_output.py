"""What `archiver probe` shows and keeps: a table read at a glance, JSON for programs, and saved
pages in the layout of tests/fixtures/pages (each page's bytes + the JSON of what was extracted)."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

from archiver.errors import ExtractionError, UsageError
from archiver.page.extract import extract_article, extract_listing
from archiver.fetch.probe import Page, site_lang
from archiver.page.urls import canonical_url, path_of
from archiver.read.tables import cut, write_rows

MISSING = "NONE"  # a field the page did not give: upper case, to be seen at once
COLUMNS = ("kind", "lang", "path", "status", "found by", "links", "dates", "title", "date (source)",
           "category", "body")
BODY = 40  # characters of an article's body shown after its length (--json has all of it)


def _cells(page: Page) -> list[str]:
    status = str(page.status) if page.status is not None else "-"
    cells = [page.kind, page.lang or "-", path_of(page.url) if page.kind != "robots" else page.url,
             status, page.error or page.found_by or "-"]
    if page.kind == "listing" and not page.error:
        cells += [str(page.links), f"{page.dates}/{page.links}"]
    else:
        cells += ["", ""]
    if page.kind == "article" and page.fields:
        f = page.fields
        date = f"{f['date']} ({f['date_source']})" if f["date"] else \
            (f"{MISSING}: {f['date_raw']!r}" if f["date_raw"] else MISSING)
        body = f"{len(f['body'])} ch: {cut(' '.join(f['body'].split()), BODY)}" if f["body"] \
            else MISSING
        cells += [f["title"] or MISSING, date, f["category"] or MISSING, body]
    else:
        cells += ["", "", "", ""]
    return [" ".join(cell.split()) for cell in cells]


def format_table(result: dict, width: int | None = None) -> str:
    """One line per page, fitted to `width` (None: every value whole; see write_rows), then the
    problems (or a line saying there are none)."""
    table = io.StringIO()
    write_rows([name.upper() for name in COLUMNS], [_cells(page) for page in result["pages"]],
               "table", table, width=width)
    lines = [f"probe of {result['site']}", *table.getvalue().rstrip("\n").split("\n")]
    kinds = {p.kind for p in result["pages"]}
    lines.append("")
    if result["problems"]:
        lines += [f"problem: {p}" for p in result["problems"]]
    else:
        lines.append(f"every page kind ({', '.join(sorted(kinds))}) yielded its fields")
    return "\n".join(cut(line, width) for line in lines)


def as_json(result: dict) -> dict:
    return {"site": result["site"], "pages": [p.record() for p in result["pages"]],
            "problems": result["problems"]}


def _fixture(page: Page) -> dict | None:
    """The JSON tests/test_extract.py reads for this page: what the extractor gives now."""
    url = canonical_url(page.url)
    if page.kind == "listing":
        try:
            listing = extract_listing(page.body or b"", url)
        except ExtractionError:
            return None  # the extraction tests hold listings that extract
        return {"kind": "listing", "url": url, "expected": {
            "entries": [vars(e) for e in listing.entries], "next_page": listing.next_page}}
    entry = replace(page.entry, url=canonical_url(page.entry.url)) if page.entry else None
    meta = {"kind": "article", "url": url, "listing": vars(entry) if entry else None}
    try:
        return {**meta, "expected": extract_article(page.body or b"", url, entry).to_dict()}
    except ExtractionError as exc:
        return {**meta, "error": exc.reason}


def save_pages(result: dict, directory: str | Path) -> list[str]:
    """Write `{name}.html` (the bytes received) and `{name}.json` per fetched page; their names."""
    out = Path(directory)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--save {out}: not a directory")
    out.mkdir(parents=True, exist_ok=True)
    names = []
    for page in result["pages"]:
        if page.kind == "robots" or page.status != 200 or not page.body:
            continue
        meta = _fixture(page)
        if meta is None:
            continue
        name = f"probe-{page.kind}-{site_lang(page.lang)}-{(page.section or '').replace('/', '-')}"
        (out / f"{name}.html").write_bytes(page.body)
        text = json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (out / f"{name}.json").write_text(text, encoding="utf-8")
        names.append(name)
    return names
