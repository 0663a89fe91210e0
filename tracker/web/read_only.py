"""Datasette plugin: every connection to a served database is read-only, writers included,
and reaches nothing but the data.

Datasette opens a database file with `mode=ro` for reading, but opens a separate
connection without it when anything (a plugin) asks to write. `query_only` makes
SQLite itself refuse every write on every connection, so serving can never change
the data, whatever is installed. Datasette's own in-memory databases are left alone.

Any visitor may run SQL, so an authorizer refuses, when a statement is prepared, the
few functions and tables of SQLite that reach outside the data: the server's memory
addresses, shared libraries, files, other visitors' statements. SQLite then answers
"not authorized to use function: fts3_tokenizer" or "access to sqlite_stmt.sql is
prohibited".
"""

import sqlite3

from datasette import hookimpl

DENIED_FUNCTIONS = frozenset({
    # With one argument, the address of a tokenizer in the server's memory; with two,
    # sets a tokenizer from an address given: a function pointer an attacker chooses.
    "fts3_tokenizer",
    # Loads and runs a shared library from a file (Python disables it; refused anyway).
    "load_extension",
    # Hands out the FTS5 API pointer.
    "fts5",
    # Decode raw R*Tree nodes given as blobs: debugging aids, and rtreenode read past
    # its buffer until SQLite 3.28 (CVE-2019-8457).
    "rtreenode",
    "rtreedepth",
    # Files and folders, in builds that include the sqlite3 shell's fileio extension.
    "readfile",
    "writefile",
    "edit",
})
DENIED_TABLES = frozenset({
    # Every statement prepared on the connection, which Datasette shares between
    # visitors: their SQL, and so what they searched for.
    "sqlite_stmt",
    # The database's raw pages, freed ones included, with text that was deleted.
    "sqlite_dbpage",
    # Files and folders (fileio, zipfile, sqlar).
    "fsdir",
    "zipfile",
})


def outside_the_data(action: int, arg1: str | None, arg2: str | None, database: str | None,
                     trigger: str | None) -> int:
    """SQLite's authorizer: deny a function or table of DENIED_*, allow the rest."""
    if action == sqlite3.SQLITE_FUNCTION and arg2.lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and arg1.lower() in DENIED_TABLES:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn, database, datasette):
    if not database.startswith("_"):
        conn.execute("PRAGMA query_only = ON")
        conn.set_authorizer(outside_the_data)
