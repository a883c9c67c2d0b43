"""What the archive's tables and columns mean, and what an archive holds: `archiver schema`, the
Datasette pages (archiver.serve.datasette) and the README read these words from here.

`TABLES` describes every table and view a reader uses, `INTERNAL` the crawl's and the index's own;
`describe(conn)` joins them with the tables and columns an archive really has (a test checks that
every one of a new archive's is described).
"""

from __future__ import annotations

import sqlite3

DATABASE_DESCRIPTION = (
    "Official news of the President of the Republic of Kazakhstan as published on akorda.kz, in "
    "Kazakh, Russian and English: one row per article, its earlier versions, the raw captures "
    "(WARC) and the crawl runs that produced them. Texts are as published by akorda.kz; check its "
    "terms before republishing.")

# table -> (description, {column: description}); every user-facing column is described.
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "articles": ("One row per news article, current version; earlier versions are in revisions. "
                 "The search box, like the search_articles query and `archiver search`, also "
                 "finds Kazakh and Russian inflected forms. Choose a language to see its "
                 "categories.", {
        "url": "Canonical URL (https://www.akorda.kz/..., host aliases and tracking removed)",
        "lang": "Language, ISO 639-1: kk (Kazakh; the site says kz), ru or en",
        "site_id": "The site's numeric article id, else the slug path of older URLs",
        "section": "Listing section the article was found under, e.g. events",
        "title": "Headline as shown on the page",
        "date_raw": "The date line exactly as shown (page or listing card)",
        "published": "Publication date, ISO YYYY-MM-DD, normalized from date_raw; empty if unknown",
        "date_source": "Where the date came from: page or listing",
        "category": "The page's own category label, else its listing section's label",
        "body": "Article text: paragraphs joined by a blank line",
        "content_hash": "SHA-256 of the normalized title and body (NFC, whitespace folded)",
        "version": "1 for the first text seen; +1 each time the title or body changed",
        "first_seen": "UTC time the article was first archived",
        "last_seen": "UTC time a crawl last saw the article",
        "last_changed": "UTC time the current version was first seen",
        "first_run": "crawl_runs.id of the run that first archived it",
        "changed_run": "crawl_runs.id of the run that stored the current version",
        "last_run": "crawl_runs.id of the run that last saw it",
        "text_lang": "Language the title and body are written in (kk, ru, en), read from the text",
        "work_id": "Id shared by verified translations (same slug-id path, text in its own "
                   "language); see the translations view",
    }),
    "revisions": ("Earlier versions of articles, and why each was replaced.", {
        "id": "Row id",
        "url": "The article (articles.url)",
        "version": "Version number of this text (the current one is articles.version)",
        "title": "Headline of this version",
        "body": "Text of this version",
        "date_raw": "Date line of this version, as shown",
        "published": "Publication date of this version, ISO YYYY-MM-DD",
        "category": "Category of this version",
        "content_hash": "SHA-256 of this version's normalized title and body",
        "captured_at": "UTC time this version was first seen",
        "run_id": "crawl_runs.id of the run that first saw this version",
        "reason": "Why it was replaced: edited (the site changed the page) or re-extracted"
                  " (archiver reextract read the same capture with a changed extractor)",
    }),
    "captures": ("Index of the raw HTTP responses kept in gzip WARC files under data/warc/.", {
        "id": "Row id",
        "url": "Canonical URL of the article",
        "fetch_url": "URL actually requested",
        "warc_file": "WARC file holding the record",
        "warc_offset": "Byte offset of the record in the WARC file",
        "warc_length": "Length of the record in bytes",
        "digest": "WARC-Payload-Digest of the response body",
        "record_type": "response (full copy) or revisit (same payload as an earlier capture)",
        "status": "HTTP status code",
        "fetched_at": "UTC time of the fetch (WARC-Date)",
        "run_id": "crawl_runs.id of the run that fetched it",
        "etag": "The response's ETag (sent back as If-None-Match by the next revisit)",
        "last_modified": "The response's Last-Modified (sent back as If-Modified-Since)",
    }),
    "watch": ("Revisits: when each page was last checked and whether the site still serves it.", {
        "url": "Canonical URL of the article or official page",
        "page_kind": "article (news) or document (an official page)",
        "lang": "Language of the page: kk, ru or en",
        "last_checked": "Day of the last check (the run's day)",
        "state": "present, suspect (said gone, not yet confirmed) or removed",
        "gone_since": "First day an answer said the page was gone",
        "last_gone": "Last day an answer said so",
        "gone_checks": "Days on which an answer said so (3, over 2 days at least, confirm a removal)",
        "gone_reason": "What the last such answer was, e.g. HTTP 404",
        "good_capture": "captures.id of the last capture that showed the page",
        "checks": "How many times the page was checked again",
    }),
    "documents": ("The site's official pages (Constitution, state symbols, ...), apart from the news.", {
        "url": "Canonical URL",
        "lang": "Language: kk, ru or en",
        "path": "Path below the language, e.g. official_documents/constitution",
        "title": "Title",
        "body": "Body text, paragraphs separated by a blank line",
        "content_hash": "SHA-256 of the normalized title and body",
        "version": "Version number (1 = first archived)",
        "first_seen": "UTC time first archived",
        "last_seen": "UTC time last seen",
        "last_changed": "UTC time of the current version",
        "first_run": "crawl_runs.id that first archived it",
        "changed_run": "crawl_runs.id that stored the current version",
        "last_run": "crawl_runs.id that last saw it",
    }),
    "document_revisions": ("Earlier versions of the official pages.", {
        "id": "Row id",
        "url": "Canonical URL of the page",
        "version": "Version number this text was",
        "title": "Title of that version",
        "body": "Body of that version",
        "content_hash": "SHA-256 of that version",
        "captured_at": "UTC time that version was first archived",
        "run_id": "crawl_runs.id of the run that first saw that version",
    }),
    "changes": ("Changes the site made, one row each: a page new, edited, removed or restored (the "
                "readable list: /-/changes).", {
        "id": "Row id",
        "url": "Canonical URL of the article or official page",
        "lang": "Language of the page: kk, ru or en",
        "page_kind": "article (news) or document (one of the site's official pages)",
        "kind": "new, edited, removed or restored",
        "seen_at": "UTC time the run saw the change",
        "run_id": "crawl_runs.id of the run that saw it",
        "significance": "Of an edit: typographic (spacing, quote marks, dashes, letter case), minor"
                        " (a few words) or substantive (numbers, names, dates, sentences)",
        "title_changed": "1 when the headline changed",
        "date_changed": "1 when the date line changed",
        "words_removed": "Words taken out, in text order (JSON list)",
        "words_added": "Words put in, in text order (JSON list)",
        "old_version": "Version number before the change (revisions.version)",
        "new_version": "Version number after the change",
        "old_capture": "captures.id of the WARC record before the change",
        "new_capture": "captures.id of the WARC record after the change",
        "detail": "What was seen, e.g. the HTTP status of a removal and over how many checks",
    }),
    "crawl_runs": ("One row per crawl: arguments, counts and field coverage.", {
        "id": "Run id, referenced by articles, revisions, captures and failures",
        "started": "UTC start time",
        "ended": "UTC end time; empty while running or if killed",
        "status": "running, ok or failed; interrupted when a later crawl found it killed",
        "arguments": "The crawl's arguments, JSON",
        "requests": "HTTP requests made",
        "new": "Articles archived for the first time",
        "changed": "Articles whose title or body changed (a revision was kept)",
        "unchanged": "Articles seen again without change",
        "duplicates": "Pages whose text equals an archived article under another URL",
        "failed": "Pages that failed after retries",
        "dropped": "Pages dropped by reason, JSON {reason: count}",
        "coverage": "Share of the run's articles with a title, date, body, category; JSON",
        "report": "The run's summary report, JSON",
    }),
    "failures": ("Pages that could not be archived, retried by later crawls (the failed rows of "
                 "frontier).", {
        "url": "Canonical URL (a listing page's with ?page=N)",
        "kind": "article or listing",
        "reason": "Short reason slug (HTTP status, timeout, no-title, ...)",
        "detail": "Error message",
        "attempts": "Failed attempts so far",
        "first_failed": "UTC time of the first failure",
        "last_failed": "UTC time of the last failure",
        "run_id": "crawl_runs.id of the last failing run",
        "listing": "Listing page the URL was found on",
    }),
    "frontier": ("Every page a crawl means to fetch, written before it is requested: pending until "
                 "archived, failed with a reason otherwise; the next crawl starts with these.", {
        "url": "Canonical URL (a listing page's with ?page=N)",
        "kind": "article or listing",
        "lang": "Language, ISO 639-1",
        "section": "Listing section",
        "context": "The listing page (page, label, streak) or the listing card, JSON",
        "state": "pending or failed",
        "reason": "Why it failed (short slug)",
        "detail": "Error message",
        "attempts": "Failed attempts so far",
        "added": "UTC time it was first planned",
        "first_failed": "UTC time of the first failure",
        "last_failed": "UTC time of the last failure",
        "run_id": "crawl_runs.id of the last run that planned or tried it",
    }),
    "aliases": ("Listed URLs that redirected to an archived article: known, never stored twice.", {
        "url": "The URL as listed (canonical)",
        "target": "articles.url it redirected to",
        "first_seen": "UTC time first seen",
        "run_id": "crawl_runs.id of the run that saw it",
    }),
    "language_mismatches": ("Pages whose text is not in their URL's language (e.g. a missing "
                            "translation served in Kazakh); never linked as translations.", {
        "url": "Canonical URL",
        "url_lang": "The language of the URL (/kz/, /ru/, /en/)",
        "text_lang": "The language the text is written in",
        "first_seen": "UTC time first seen",
        "last_seen": "UTC time last seen",
        "run_id": "crawl_runs.id of the run that last saw it",
    }),
    "translations": ("Verified translations: pairs of articles with the same work_id in two "
                     "languages, each listed both ways.", {
        "url": "articles.url",
        "lang": "Its language",
        "translation_url": "articles.url of the same article in another language",
        "translation_lang": "That language",
        "work_id": "The id they share",
    }),
    "duplicates": ("URLs whose text equals an archived article's (kept under its first URL).", {
        "url": "The duplicate canonical URL",
        "duplicate_of": "articles.url of the archived copy",
        "content_hash": "SHA-256 shared with the archived copy",
        "first_seen": "UTC time first seen",
        "last_seen": "UTC time last seen",
        "first_run": "crawl_runs.id of the run that first saw it",
    }),
}


# The crawl's and the search index's own tables: hidden in Datasette, listed by `archiver schema`.
INTERNAL: dict[str, str] = {
    "_migrations": "Schema migrations applied to this file (archiver.storage.schema), with their time",
    "listing_state": "For each language and section: whether its listing was walked to the end",
    "fts_state": "The full-text index's own bookkeeping (archiver.storage.fts)",
    "articles_fts": "The full-text index of articles (FTS5, contentless: it holds no copy of the text); "
                    "search through `archiver search` or the canned query",
}


def describe(conn: sqlite3.Connection) -> list[dict]:
    """Every table and view of the archive with its columns (name, type, meaning), tables for
    readers first; FTS5's shadow tables left out."""
    found = conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                         "ORDER BY name").fetchall()
    names = {name: kind for name, kind in found}
    shadow = {f"{fts}_{suffix}" for fts in names for suffix in ("data", "idx", "docsize", "config",
                                                                "content")}
    order = [n for n in TABLES if n in names] + [n for n in names if n not in TABLES]
    described = []
    for name in order:
        if name in shadow or name.startswith("sqlite_"):
            continue
        meaning, columns = TABLES.get(name, (INTERNAL.get(name, ""), {}))
        rows = conn.execute("SELECT name, type FROM pragma_table_info(?)", (name,)).fetchall()
        described.append({"name": name, "kind": names[name], "internal": name not in TABLES,
                          "description": meaning, "columns": [
                              {"name": column, "type": kind or "", "meaning": columns.get(column, "")}
                              for column, kind in rows]})
    return described
