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
A query the language refuses matches nothing there, and the page shows why (datasette_search).
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
from archiver.storage.columns import DATABASE_DESCRIPTION, TABLES
from archiver.storage.ranked import CANDIDATES, FULL_RANK_LIMIT, SCORE
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
               f"ORDER BY {SCORE}, articles_fts.rowid DESC LIMIT 100",
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
