"""The archive in Datasette (the optional `datasette` extra): metadata, a small plugin, the server.

- `metadata(db_path)`: titles, table and column descriptions, facets (language, category, year),
  full-text search on `articles` through `articles_fts`, hidden internal tables, canned queries;
- `serve(db_path, ...)`: runs Datasette on the archive, read-only, in this process;
- `command(db_path, ...)`: the argv that runs the same server as a subprocess
  (`python -m archiver.serve.datasette DB --host H --port P`).

The archive is opened *mutable*, which Datasette reads through `mode=ro` connections: nothing is
written, yet a crawl may keep writing (WAL) and new rows show up. `-i` (immutable) would let SQLite
skip locking and Datasette cache counts, which is wrong for a file that changes.

The plugin adds what metadata alone cannot say in Datasette 0.6x: a `year` facet type (toggles the
`published__startswith=YYYY` filter) and the SQL function `archive_match(q)`, the query rewriting of
`archiver search` (exact form or stem), so the canned search matches inflected Kazakh and Russian; it
also stands in for Datasette's `escape_fts`, so the table page's search box finds the same articles.
Every `.csv` it serves is guarded against formula injection (archiver.serve.csv_guard).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import click

from archiver.errors import ArchiverError, StorageError, UsageError
from archiver.storage.query import BM25_WEIGHTS
from archiver.storage.ranked import CANDIDATES, FULL_RANK_LIMIT
from archiver.search.snippets import body_snippet
from archiver.search.querylang import build_match
from archiver.page.urls import SITE_LANGS

MISSING = "datasette is not installed: pip install 'akorda-archiver[datasette]'"
PLUGIN_NAME = "akorda-archiver"
FTS_TABLE = "articles_fts"
FTS5_SHADOW_SUFFIXES = ("data", "idx", "docsize", "config")  # contentless: no _content
LANGS = tuple(dict.fromkeys(SITE_LANGS.values()))  # ISO codes in site order: kk, ru, en

# (name, value, why) passed as `--setting name value`.
SETTINGS = (
    # The canned counts scan every article: ~0.25 s for 100,000 in memory, more from a cold disk.
    ("sql_time_limit_ms", "3000", "room for whole-archive counts on a cold cache"),
    # Each facet scans the table too (~0.1 s per 100,000 articles); Datasette's default is 200 ms.
    ("facet_time_limit_ms", "1000", "facets on a full archive must not time out"),
)

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

# Extra Datasette options per table (facets, search, sorting).
TABLE_OPTIONS: dict[str, dict] = {
    "articles": {
        # The category facet waits for a language (archiver.serve.facets): one list, one language.
        "facets": ["lang", {"lang_category": "category"}, {"year": "published"}],
        "facet_size": 10,
        "fts_table": FTS_TABLE, "fts_pk": "rowid", "searchmode": "escaped",
        "sort_desc": "published", "label_column": "title",
        "sortable_columns": ["published", "lang", "category", "version", "first_seen",
                             "last_seen", "last_changed"],
    },
    "revisions": {"sort_desc": "captured_at"},
    "captures": {"facets": ["record_type", "status"], "sort_desc": "fetched_at"},
    "crawl_runs": {"facets": ["status"], "sort_desc": "started"},
    "changes": {"facets": ["kind", "significance", "lang"], "sort_desc": "seen_at"},
    "failures": {"facets": ["reason"], "sort_desc": "last_failed"},
    "duplicates": {"sort_desc": "last_seen"},
}

HIDDEN = ("listing_state", "_migrations", "fts_state", FTS_TABLE,
          *(f"{FTS_TABLE}_{suffix}" for suffix in FTS5_SHADOW_SUFFIXES))

_PER_LANG = ", ".join(f"sum(lang = '{code}') AS {code}" for code in LANGS)
_ZERO_PER_LANG = ", ".join(f"coalesce({code}, 0) AS {code}" for code in LANGS)
_RANK = f"bm25(articles_fts, {', '.join(map(str, BM25_WEIGHTS))})"

QUERIES: dict[str, dict] = {
    "articles_per_month": {
        "title": "Articles per month, by language",
        "description": "Dated articles per publication month: one column per language and "
                       "the total. Every month from the first to the last is a row, months "
                       "without articles too (as in `archiver stats --plot`). Undated articles are "
                       "left out.",
        "sql": "WITH RECURSIVE counts AS (\n"
               f"  SELECT substr(published, 1, 7) AS month, {_PER_LANG}, count(*) AS total\n"
               "  FROM articles WHERE published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'\n"
               "  GROUP BY month),\n"
               "months(month) AS (\n"
               "  SELECT min(month) FROM counts WHERE month IS NOT NULL\n"
               "  UNION ALL SELECT strftime('%Y-%m', month || '-01', '+1 month') FROM months\n"
               "  WHERE month < (SELECT max(month) FROM counts))\n"
               f"SELECT month, {_ZERO_PER_LANG}, coalesce(total, 0) AS total\n"
               "FROM months LEFT JOIN counts USING (month) WHERE month IS NOT NULL\n"
               "ORDER BY month",
        "hide_sql": True,  # a screen of SQL above the table; "show" opens it
    },
    # SQLite takes the bare columns title and url from the row holding max(published).
    "latest_by_category": {
        "title": "Latest article by category",
        "description": "For each language and category: how many articles and the latest one. "
                       "Leave lang empty for all languages.",
        "sql": "SELECT lang, category, count(*) AS articles, max(published) AS latest,\n"
               "  title AS latest_title, url AS latest_url\n"
               "FROM articles WHERE category IS NOT NULL AND (:lang = '' OR lang = :lang)\n"
               "GROUP BY lang, category ORDER BY latest DESC, lang, category",
        "params": ["lang"],
    },
    "search_articles": {
        "title": "Search with filters",
        "description": "Full-text search that understands Kazakh and Russian word endings (as "
                       "`archiver search`): exact forms rank first. Optional filters: lang (kk, "
                       "ru, en), category, since and until (YYYY, YYYY-MM or YYYY-MM-DD). Relevance "
                       f"covers every match up to {FULL_RANK_LIMIT:,} of them, beyond that the "
                       f"newest {CANDIDATES:,} (the page says so); full_rank=1 ranks them all.",
        # The ranking rule of archiver.storage.ranked: the matches counted first, ranked all unless
        # there are more than FULL_RANK_LIMIT (then the newest CANDIDATES) or full_rank is given.
        "sql": "WITH matches AS (\n"
               "  SELECT articles_fts.rowid AS id FROM articles_fts\n"
               "  JOIN articles a ON a.rowid = articles_fts.rowid\n"
               "  WHERE articles_fts MATCH archive_match(:q)\n"
               "    AND (:lang = '' OR a.lang = :lang)\n"
               "    AND (:category = '' OR a.category = :category)\n"
               "    AND (:since = '' OR a.published >= :since)\n"
               "    AND (:until = '' OR substr(a.published, 1, length(:until)) <= :until)),\n"
               "ranked AS (SELECT id FROM matches ORDER BY id DESC LIMIT CASE\n"
               f"  WHEN :full_rank != '' OR (SELECT count(*) FROM matches) <= {FULL_RANK_LIMIT}"
               f" THEN -1 ELSE {CANDIDATES} END)\n"
               "SELECT a.url, a.lang, a.published, a.category, a.title,\n"
               "  archive_snippet(a.body, :q) AS snippet\n"
               "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid\n"
               "WHERE articles_fts MATCH archive_match(:q) AND articles_fts.rowid IN ranked\n"
               f"ORDER BY {_RANK}, articles_fts.rowid DESC LIMIT 100",
        "params": ["q", "lang", "category", "since", "until", "full_rank"],
    },
    "revised_articles": {
        "title": "Articles that changed after publication",
        "description": "Articles with more than one version; their earlier texts are in "
                       "revisions.",
        "sql": "SELECT url, lang, published, title, version, last_changed, changed_run\n"
               "FROM articles WHERE version > 1 ORDER BY last_changed DESC",
    },
}


def metadata(db_path: str) -> dict:
    """Datasette metadata for the archive at `db_path` (its database name is the file's stem)."""
    tables: dict[str, dict] = {}
    for name, (description, columns) in TABLES.items():
        tables[name] = {"description": description, "columns": dict(columns),
                        **copy.deepcopy(TABLE_OPTIONS.get(name, {}))}
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    return {
        "title": "Akorda news archive",
        "description": DATABASE_DESCRIPTION,
        "source": "akorda.kz, official website of the President of the Republic of Kazakhstan",
        "source_url": "https://www.akorda.kz/",
        "databases": {
            Path(db_path).stem: {
                "description": DATABASE_DESCRIPTION,
                "tables": tables,
                "queries": {name: dict(query) for name, query in QUERIES.items()},
            },
        },
    }


def command(db_path: str, host: str = "127.0.0.1", port: int = 8001,
            open_browser: bool = False) -> list[str]:
    """The argv that serves the archive as a subprocess, exactly as `serve` does."""
    argv = [sys.executable, "-m", "archiver.serve.datasette", str(db_path), "--host", host,
            "--port", str(port)]
    return argv + (["--open"] if open_browser else [])


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8001,
          open_browser: bool = False) -> int:
    """Serve the archive read-only in Datasette until interrupted; returns an exit status."""
    try:
        from datasette import cli
        from datasette.plugins import pm
    except ImportError:
        raise ArchiverError(MISSING) from None
    path = Path(db_path)
    if not path.is_file():
        raise StorageError(f"no archive at {path} (run `archiver crawl` or `archiver demo` first)")
    if pm.get_plugin(PLUGIN_NAME) is None:
        pm.register(_plugin(), name=PLUGIN_NAME)
    with tempfile.TemporaryDirectory(prefix="archiver-datasette-") as tmp:
        meta = Path(tmp, "metadata.json")
        meta.write_text(json.dumps(metadata(str(path)), ensure_ascii=False, indent=2),
                        encoding="utf-8")
        args = ["serve", str(path), "--metadata", str(meta), "--host", host, "--port", str(port)]
        for name, value, _why in SETTINGS:
            args += ["--setting", name, value]
        try:
            cli.cli.main(args + (["--open"] if open_browser else []), prog_name="datasette",
                         standalone_mode=False)
        except click.ClickException as exc:
            raise ArchiverError(f"datasette: {exc.format_message()}") from None
    return 0


def archive_match(query: str | None) -> str:
    """An FTS5 query for user text, as `archiver search` builds it. Blank text, and text the query
    language refuses, match nothing: the page says why (`search_messages`), as the CLI does."""
    if not query or not query.strip():
        return '""'
    try:
        return build_match(query)
    except UsageError:
        return '""'


def archive_snippet(body: str | None, query: str | None) -> str:
    """The search snippet `archiver search` shows: matches marked, inflected forms too."""
    if not body or not query or not query.strip():
        return ""
    try:
        return body_snippet(body, query)
    except UsageError:  # a query archive_match refused: it found no row to cut a snippet from
        return ""


def _plugin() -> ModuleType:
    """The Datasette plugin: the year facet and the archive_match SQL function."""
    from datasette import hookimpl
    from datasette.database import QueryInterrupted
    from datasette.facets import Facet
    from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

    class YearFacet(Facet):
        """`{"year": "published"}`: counts per leading YYYY of an ISO date column, newest first."""

        type = "year"

        async def facet_results(self):
            results, timed_out = [], []
            chosen = dict(self.get_querystring_pairs())
            size = self.get_facet_size()
            for source_config in self.get_configs():
                config = source_config["config"]
                column = config.get("column") or config["simple"]
                col = escape_sqlite(column)
                sql = (f"SELECT substr({col}, 1, 4) AS value, count(*) AS count FROM ({self.sql})"
                       f" WHERE {col} GLOB '[0-9][0-9][0-9][0-9]*'"
                       f" GROUP BY value ORDER BY value DESC LIMIT {size + 1}")
                try:
                    rows = (await self.ds.execute(
                        self.database, sql, self.params, truncate=False,
                        custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows
                except QueryInterrupted:
                    timed_out.append(column)
                    continue
                key = f"{column}__startswith"
                values = []
                for row in rows[:size]:
                    selected = chosen.get(key) == row["value"]
                    toggle = (path_with_removed_args if selected else path_with_added_args)(
                        self.request, {key: row["value"]})
                    values.append({"value": row["value"], "label": row["value"],
                                   "count": row["count"], "selected": selected,
                                   "toggle_url": self.ds.absolute_url(self.request, toggle)})
                results.append({
                    "name": column, "type": self.type, "results": values,
                    "hideable": source_config["source"] != "metadata",
                    "toggle_url": path_with_removed_args(self.request, {"_facet_year": column}),
                    "truncated": len(rows) > size,
                })
            return results, timed_out

    @hookimpl
    def register_facet_classes():
        from archiver.serve.facets import CategoryFacet

        return [YearFacet, CategoryFacet]

    @hookimpl(trylast=True)  # after Datasette's own, whose escape_fts this one replaces
    def prepare_connection(conn):
        conn.create_function("archive_match", 1, archive_match, deterministic=True)
        # The table page's search box (`?_search=`, searchmode "escaped") matches escape_fts(text):
        # made `archiver search`'s query too, it finds the same articles for the same words.
        conn.create_function("escape_fts", 1, archive_match, deterministic=True)
        # The index keeps no text (content=''), so FTS5's snippet() has none: cut it from the body.
        conn.create_function("archive_snippet", 2, archive_snippet, deterministic=True)

    @hookimpl
    def asgi_wrapper(datasette):
        from archiver.serve.csv_guard import guard_asgi

        return guard_asgi  # every .csv guarded against formula injection, as `archiver export`

    plugin = ModuleType(PLUGIN_NAME.replace("-", "_"))  # Datasette lists plugins by __name__
    plugin.register_facet_classes = register_facet_classes
    plugin.prepare_connection = prepare_connection
    plugin.asgi_wrapper = asgi_wrapper
    from archiver.serve.datasette_read import hooks as reader_hooks  # excerpts, article page, folded columns
    from archiver.serve.datasette_search import hooks as search_hooks  # what a search says beside its rows

    for name, func in {**reader_hooks(), **search_hooks()}.items():
        setattr(plugin, name, hookimpl(func))
    return plugin


def main(argv: list[str] | None = None) -> int:
    """`python -m archiver.serve.datasette DB [--host H] [--port P] [--open]`: what `command` runs."""
    parser = argparse.ArgumentParser(prog="python -m archiver.serve.datasette")
    parser.add_argument("db_path")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--open", dest="open_browser", action="store_true")
    args = parser.parse_args(argv)
    try:
        return serve(args.db_path, args.host, args.port, args.open_browser)
    except ArchiverError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
