"""Datasette plugin: every connection to a served database is read-only, writers included.

Datasette opens a database file with `mode=ro` for reading, but opens a separate
connection without it when anything (a plugin) asks to write. `query_only` makes
SQLite itself refuse every write on every connection, so serving can never change
the data, whatever is installed. Datasette's own in-memory databases are left alone.
"""

from datasette import hookimpl


@hookimpl
def prepare_connection(conn, database, datasette):
    if not database.startswith("_"):
        conn.execute("PRAGMA query_only = ON")
