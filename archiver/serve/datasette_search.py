"""What a search says beside its rows in Datasette, as `archiver search` says it on stderr.

The articles table's search box (`?_search=`) and the canned query `search_articles` run their own SQL,
through `archive_match` (archiver.serve.datasette), which matches nothing for a query the language
refuses. The page then shows the one-line explanation the CLI gives, and a search's notes (a quoted
phrase that found nothing while its words would; a ranking cut short and `full_rank=1`), as Datasette
messages on the HTML page: `archiver.storage.search_notes` decides them, for both.
"""

from __future__ import annotations

SEARCHES = {"articles": "_search", "search_articles": "q"}  # page -> its query's parameter
CANNED_FILTERS = ("lang", "category", "since", "until")
TABLE_FILTERS = ("lang", "category")  # the table page's own column filters (?lang=kk) that search_notes knows


def notes_for(args, page: str, conn) -> list[str]:
    """The notes of the search a page's query string asks for (none without a query)."""
    from archiver.storage import search_notes

    query = args.get(SEARCHES[page]) or ""
    if not query.strip():
        return []
    names = CANNED_FILTERS if page == "search_articles" else TABLE_FILTERS
    filters = {name: args.get(name) or None for name in names}
    if page == "search_articles":
        return search_notes(conn, query, full_rank=bool(args.get("full_rank")), **filters)
    return search_notes(conn, query, order="date", **filters)  # the table lists matches by date


def hooks() -> dict:
    """The Datasette hook functions, by hook name (undecorated: the caller marks them)."""

    def extra_template_vars(view_name, request, datasette, database):
        page = (request.url_vars or {}).get("table") if request else None
        if view_name not in ("table", "query") or page not in SEARCHES or not database:
            return {}

        async def add_notes() -> dict:
            db = datasette.get_database(database)
            for note in await db.execute_fn(lambda conn: notes_for(request.args, page, conn)):
                datasette.add_message(request, f"Search: {note}", datasette.WARNING)
            return {}
        return add_notes

    return {"extra_template_vars": extra_template_vars}
