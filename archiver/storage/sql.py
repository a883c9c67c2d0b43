"""Analysts' SQL, read-only: the file is opened mode=ro, query_only is on, and an authorizer
refuses every action that could write (naming it), so `archiver query` can never change the
archive. PRAGMAs that read are allowed (`PRAGMA table_info(articles)`, `pragma_table_info(...)`).

A `QueryBudget` bounds the time SQLite may spend computing rows (writing them out does not
count) and can be stopped from a signal handler: SQLite's progress handler asks it every few
thousand virtual-machine steps, so a runaway recursive query stops within milliseconds.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator

from archiver.errors import ArchiverError, UsageError

# Actions a read needs; everything else (INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, ATTACH,
# PRAGMA with an argument, transactions, ...) is refused.
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
            getattr(sqlite3, "SQLITE_RECURSIVE", 33)}
# PRAGMAs that read: with a table or index as argument (PRAGMA table_info(articles), or the
# table-valued pragma_table_info('articles')), or with none (a PRAGMA given a value sets it).
_TABLE_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
                  "foreign_key_list", "integrity_check", "quick_check"}
_READ_PRAGMAS = _TABLE_PRAGMAS | {
    "user_version", "schema_version", "application_id", "page_count", "page_size",
    "freelist_count", "journal_mode", "encoding", "compile_options", "database_list",
    "function_list", "module_list", "pragma_list", "collation_list", "table_list"}
# SQLite authorizes a table-valued pragma (pragma_table_info(...)) as an UPDATE of these columns of
# its schema table, although nothing is written: a real UPDATE of the schema table is refused by
# SQLite itself (and the file is opened read-only).
_SCHEMA_TABLES = {"sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema"}
_SCHEMA_COLUMNS = {"type", "name", "tbl_name", "rootpage", "sql"}
# Functions that reach outside the archive (SQLite refuses them anyway, naming nothing).
_REFUSED_FUNCTIONS = {"load_extension", "fts3_tokenizer"}
# The authorizer's action codes only (other SQLITE_* constants reuse the same small numbers,
# e.g. SQLITE_LIMIT_VARIABLE_NUMBER = 9 = SQLITE_DELETE, so they cannot be mixed in).
_ACTIONS = ("CREATE_INDEX", "CREATE_TABLE", "CREATE_TEMP_INDEX", "CREATE_TEMP_TABLE",
            "CREATE_TEMP_TRIGGER", "CREATE_TEMP_VIEW", "CREATE_TRIGGER", "CREATE_VIEW", "DELETE",
            "DROP_INDEX", "DROP_TABLE", "DROP_TEMP_INDEX", "DROP_TEMP_TABLE", "DROP_TEMP_TRIGGER",
            "DROP_TEMP_VIEW", "DROP_TRIGGER", "DROP_VIEW", "INSERT", "PRAGMA", "READ", "SELECT",
            "TRANSACTION", "UPDATE", "ATTACH", "DETACH", "ALTER_TABLE", "REINDEX", "ANALYZE",
            "CREATE_VTABLE", "DROP_VTABLE", "FUNCTION", "SAVEPOINT", "RECURSIVE")
ACTION_NAMES = {getattr(sqlite3, f"SQLITE_{name}"): name.replace("_", " ")
                for name in _ACTIONS if hasattr(sqlite3, f"SQLITE_{name}")}
# CREATE, DROP and VACUUM reach the authorizer first as writes to SQLite's own schema table
# (an INSERT or DELETE on sqlite_master): for them the statement's own words name the action.
_SCHEMA_STATEMENT = re.compile(
    r"\s*(?:--[^\n]*\n\s*|/\*.*?\*/\s*)*((?:create|drop)\s+(?:(?:temp|temporary|unique|virtual)"
    r"\s+)*(?:table|index|view|trigger)|vacuum|analyze|reindex)\b", re.IGNORECASE | re.DOTALL)
ONLY = "archiver query runs SELECT statements and read-only PRAGMAs only"
_STEPS = 4000  # VM instructions between two looks at the budget
_BATCH = 500


class QueryTimeout(ArchiverError):
    """archiver.storage.sql: the query used up its time budget."""


class QueryBudget:
    """How long SQLite may compute (None or 0: no limit), and a stop() for Ctrl-C."""

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = timeout or None
        self.spent = 0.0
        self._since: float | None = None
        self.stopped = False
        self.timed_out = False

    def stop(self) -> None:
        self.stopped = True

    def _check(self) -> int:
        if self.stopped:
            return 1
        if self.timeout and self._since is not None and \
                self.spent + time.monotonic() - self._since > self.timeout:
            self.timed_out = True
            return 1
        return 0

    def call(self, func, *args):
        """Run one SQLite call on the budget's clock; a stop becomes the right exception."""
        if self.stopped:
            raise KeyboardInterrupt
        self._since = time.monotonic()
        try:
            return func(*args)
        except sqlite3.OperationalError as exc:
            if self.stopped:
                raise KeyboardInterrupt from None
            if self.timed_out:
                raise QueryTimeout(f"the query ran for more than {self.timeout:g} s and was "
                                   "stopped (--timeout N allows longer, 0 no limit)") from None
            raise UsageError(f"SQL error: {exc}") from None
        finally:
            self.spent += time.monotonic() - self._since
            self._since = None


def run_sql(conn: sqlite3.Connection, sql: str, params: dict | tuple = (),
            budget: QueryBudget | None = None) -> tuple[list[str], Iterator[tuple]]:
    """Column names and a row iterator; raises UsageError for a write or bad SQL, QueryTimeout
    when the budget runs out, KeyboardInterrupt when it is stopped."""
    budget = budget or QueryBudget()
    refused: list[str] = []

    def authorizer(action, arg1, arg2, dbname, source):
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in _REFUSED_FUNCTIONS:
            refused.append(f"the function {arg2.lower()}()")
            return sqlite3.SQLITE_DENY
        if action in _ALLOWED:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA:
            name = (arg1 or "").lower()
            if name in _READ_PRAGMAS and (arg2 is None or name in _TABLE_PRAGMAS):
                return sqlite3.SQLITE_OK
            refused.append(f"PRAGMA {name}" + ("" if arg2 is None else f" = {arg2}"))
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_UPDATE and arg1 in _SCHEMA_TABLES and arg2 in _SCHEMA_COLUMNS:
            return sqlite3.SQLITE_OK
        refused.append(ACTION_NAMES.get(action, f"action {action}"))
        return sqlite3.SQLITE_DENY

    conn.set_authorizer(authorizer)
    conn.set_progress_handler(budget._check, _STEPS)
    try:
        cur = budget.call(conn.execute, sql, params)
    except (UsageError, sqlite3.Error, sqlite3.Warning, ValueError) as exc:
        if refused:
            raise UsageError(f"the archive is read-only here: {_kind(sql, refused[0])} is not allowed "
                             f"({ONLY})") from None
        if isinstance(exc, UsageError):
            raise
        raise UsageError(f"SQL error: {exc}") from None
    if cur.description is None:
        raise UsageError(f"the statement returned no rows ({ONLY})")
    return [d[0] for d in cur.description], _rows(cur, budget)


def _kind(sql: str, action: str) -> str:
    match = _SCHEMA_STATEMENT.match(sql)
    if not match:
        return action
    return " ".join(match.group(1).upper().split()).replace("TEMPORARY", "TEMP")


def _rows(cur: sqlite3.Cursor, budget: QueryBudget) -> Iterator[tuple]:
    while batch := budget.call(cur.fetchmany, _BATCH):
        for row in batch:
            yield tuple(row)
