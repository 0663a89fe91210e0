"""The shape of the database, declared once, and the connections that use it.

Tables come from the SQLModel models; this module adds what SQLModel does not
declare: full-text search (which tables, which columns) and the reference data.
`ensure_db_shape` applies all of it and may be called on any database, any number
of times.
"""

import sqlite3
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

from ..schema import models
from ..schema.counts import register_count_functions
from ..reference.countries import all_countries

FTS_COLUMNS = {
    "events": ["title", "summary", "notes"],
    "people": ["name", "aliases"],
    "actors": ["name", "aliases"],
    "concessions": ["description", "dispute"],
    "statements": ["gist"],
}
BUSY_TIMEOUT_MS = 30_000


def schema_statements() -> list[str]:
    """CREATE TABLE / CREATE INDEX statements for every model, in dependency order."""
    dialect = sqlite_dialect.dialect()
    statements = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name not in {model.__tablename__ for model in models.ALL_TABLES}:
            continue
        statements.append(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda index: index.name):
            statements.append(
                str(CreateIndex(index, if_not_exists=True).compile(dialect=dialect)).strip()
            )
    return statements


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection for writing: foreign keys enforced, waits for readers, WAL."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    register_count_functions(conn)
    return conn


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A connection that cannot write; fails if the database does not exist."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    register_count_functions(conn)
    return conn


class FormatOneDatabase(Exception):
    """A database that format-1 code built: `tracker upgrade --db` upgrades it."""

    def __init__(self, name: str):
        super().__init__(
            f"{name} was built by a tracker of format 1; run `tracker upgrade --db {name}` "
            "to upgrade it in place (a backup is kept beside it)"
        )


def is_format_1(conn: sqlite3.Connection) -> bool:
    """A database of format-1 code: its events table has the format-1 columns."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    return "total_released" in columns


def refuse_format_1(conn: sqlite3.Connection) -> None:
    """FormatOneDatabase for a database that format-1 code built: nothing here reads it."""
    if is_format_1(conn):
        raise FormatOneDatabase(_file_name(conn))


@contextmanager
def transaction(conn: sqlite3.Connection):
    """One write transaction, taken up front so that it never fails half-way on a lock."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


@contextmanager
def read_snapshot(conn: sqlite3.Connection):
    """Every query inside sees the same state of the database, even while an ingest writes."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


def is_shaped(conn: sqlite3.Connection) -> bool:
    """A tracker database of this format (FormatOneDatabase for an older one)."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "events" in tables and is_format_1(conn):
        raise FormatOneDatabase(_file_name(conn))
    return {model.__tablename__ for model in models.ALL_TABLES} <= tables


def _file_name(conn: sqlite3.Connection) -> str:
    return next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")


def _fts_complete(conn: sqlite3.Connection, table: str) -> bool:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    return {f"{table}_fts", f"{table}_ai", f"{table}_ad", f"{table}_au"} <= names


def ensure_db_shape(conn: sqlite3.Connection) -> None:
    """Create whatever is missing: tables, indexes, countries, full-text search."""
    if (
        is_shaped(conn)
        and all(_fts_complete(conn, table) for table in FTS_COLUMNS)
        and conn.execute("SELECT 1 FROM countries LIMIT 1").fetchone()
    ):
        return
    with transaction(conn):
        for statement in schema_statements():
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {models.FORMAT}")
        if not conn.execute("SELECT count(*) FROM countries").fetchone()[0]:
            conn.executemany(
                "INSERT INTO countries (code, alpha3, name, official_name, demonym) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (c.code, c.alpha3, c.name, c.official_name, c.demonym)
                    for c in all_countries()
                ],
            )
    db = sqlite_utils.Database(conn)
    for table, columns in FTS_COLUMNS.items():
        if not _fts_complete(conn, table):
            # sqlite-utils runs this as a script, which commits; an index left half made
            # by a crash is replaced whole the next time.
            db[table].enable_fts(columns, tokenize="porter", create_triggers=True, replace=True)


def suspend_fts(conn: sqlite3.Connection) -> list[str]:
    """Drop the full-text indexes and their triggers, for a bulk load inside a transaction.

    Returns their SQL, in schema order, for `resume_fts`; rebuilding an index once is
    many times faster than a trigger per row.
    """
    names = [f"{table}_fts" for table in FTS_COLUMNS]
    rows = conn.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE "
        f"(type = 'table' AND name IN ({', '.join('?' * len(names))})) "
        f"OR (type = 'trigger' AND tbl_name IN ({', '.join('?' * len(FTS_COLUMNS))})) "
        "ORDER BY rowid",
        [*names, *FTS_COLUMNS],
    ).fetchall()
    for kind, name, _ in rows:
        if kind == "trigger":
            conn.execute(f"DROP TRIGGER [{name}]")
    for kind, name, _ in rows:
        if kind == "table":
            conn.execute(f"DROP TABLE [{name}]")
    return [(kind, name, sql) for kind, name, sql in rows]


def resume_fts(conn: sqlite3.Connection, saved: list) -> None:
    """Recreate what `suspend_fts` dropped, in the same order, and index every row."""
    for kind, name, sql in saved:
        conn.execute(sql)
        if kind == "table":
            conn.execute(f"INSERT INTO [{name}]([{name}]) VALUES ('rebuild')")


def use_wal(conn: sqlite3.Connection) -> None:
    """Readers (a running Datasette) keep reading while an ingest writes."""
    conn.execute("PRAGMA journal_mode = WAL")
