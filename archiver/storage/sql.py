"""Analysts' SQL, read-only: the file is opened mode=ro, query_only is on, and an authorizer
refuses every action that could write, so `archiver query` can never change the archive."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from ..errors import UsageError

# Actions a read needs; everything else (INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, ATTACH,
# PRAGMA with an argument, transactions, ...) is refused.
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
            getattr(sqlite3, "SQLITE_RECURSIVE", 33)}
_READ_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "foreign_key_list",
                 "user_version", "schema_version", "page_count", "page_size", "freelist_count",
                 "journal_mode", "compile_options", "database_list", "function_list"}
_ACTION_NAMES = {getattr(sqlite3, n): n.removeprefix("SQLITE_").replace("_", " ").lower()
                 for n in dir(sqlite3) if n.startswith("SQLITE_") and n.isupper()
                 and isinstance(getattr(sqlite3, n), int) and n not in ("SQLITE_OK",
                                                                        "SQLITE_DENY",
                                                                        "SQLITE_IGNORE")}


def run_sql(conn: sqlite3.Connection, sql: str, params: dict | tuple = ()
            ) -> tuple[list[str], Iterator[tuple]]:
    """Column names and a row iterator; raises UsageError for a write or bad SQL."""
    refused: list[str] = []

    def authorizer(action, arg1, arg2, dbname, source):
        if action in _ALLOWED:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and arg1 in _READ_PRAGMAS and arg2 is None:
            return sqlite3.SQLITE_OK
        refused.append(_ACTION_NAMES.get(action, str(action)))
        return sqlite3.SQLITE_DENY

    conn.set_authorizer(authorizer)
    try:
        cur = conn.execute(sql, params)
    except sqlite3.DatabaseError as exc:
        if refused:
            raise UsageError(f"the archive is read-only here: {refused[0]} is not allowed "
                             "(archiver query runs SELECT statements only)") from None
        raise UsageError(f"SQL error: {exc}") from None
    except (sqlite3.Warning, ValueError) as exc:  # e.g. several statements at once
        raise UsageError(f"SQL error: {exc}") from None
    if cur.description is None:
        raise UsageError("the statement returned no rows (archiver query runs SELECT statements)")
    return [d[0] for d in cur.description], (tuple(row) for row in cur)
