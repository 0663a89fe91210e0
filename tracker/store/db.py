"""The shape of the database, declared once, and the connections that use it.

Tables come from the SQLModel models; this module adds what SQLModel does not
declare: full-text search (which tables, which columns) and the reference data.
`ensure_db_shape` applies all of it and may be called on any database, any number
of times.

A tracker database is marked (`application_id`, `user_version`) and is the only kind
of file that tracker writes: `database_state` tells it from an empty file and from
anything else, and `write_access` (the one door of every writer) refuses the rest,
holds the writer lock and turns SQLite's errors into one true line.
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

from ..schema import models
from ..schema.counts import register_count_functions
from ..reference.countries import all_countries
from .lock import CannotWrite, WriteOptions, writer_lock

FTS_COLUMNS = {
    "events": ["title", "summary", "notes"],
    "people": ["name", "aliases"],
    "actors": ["name", "aliases"],
    "concessions": ["description", "dispute"],
    "statements": ["gist"],
}
BUSY_TIMEOUT_MS = 30_000
# "TRKR": marks a file as a tracker database, beside its tables.
APPLICATION_ID = 0x54524B52
# The shape's version, the file format's (format 2: deals of transfers): a database
# marked with a higher one was made by a newer tracker, with a lower one by an older one
# (`tracker upgrade --db` upgrades it).
SCHEMA_VERSION = models.FORMAT
SQLITE_HEADER = b"SQLite format 3\x00"
# A full disk, for the tests: SQLite's own limit on the database's size, in pages.
MAX_PAGE_COUNT_VARIABLE = "TRACKER_TEST_MAX_PAGE_COUNT"
# How long a writer waits, after committing, for readers to let go of the write-ahead
# log so that it can be folded into the database and emptied.
FOLD_WAIT_MS = 5_000


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


def connect(path: str | Path, wait_seconds: float = BUSY_TIMEOUT_MS / 1000) -> sqlite3.Connection:
    """A connection for writing: foreign keys enforced, deleted content overwritten.

    `secure_delete` zeroes what a write removes, so that no free page keeps text that
    was deleted (a rebuild, a removal, an update); `wait_seconds` bounds how long it
    waits for a lock that another program (tracker writers take turns) holds.
    """
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=wait_seconds)
    conn.execute(f"PRAGMA busy_timeout = {int(wait_seconds * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    if limit := os.environ.get(MAX_PAGE_COUNT_VARIABLE):
        conn.execute(f"PRAGMA max_page_count = {int(limit)}")
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
    """A database of format-1 code: its events table has the format-1 columns (marked
    with schema version 1, or made before the marks)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    return "total_released" in columns


def refuse_format_1(conn: sqlite3.Connection) -> None:
    """FormatOneDatabase for a database that format-1 code built: nothing here reads it."""
    if is_format_1(conn):
        raise FormatOneDatabase(str(database_file(conn) or ""))


@contextmanager
def transaction(conn: sqlite3.Connection):
    """One write transaction, taken up front so that it never fails half-way on a lock."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # SQLite itself rolls back on some errors (a full disk): the error is the news.
        if conn.in_transaction:
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
    if "events" in tables:
        refuse_format_1(conn)
    return {model.__tablename__ for model in models.ALL_TABLES} <= tables


def _fts_complete(conn: sqlite3.Connection, table: str) -> bool:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    return {f"{table}_fts", f"{table}_ai", f"{table}_ad", f"{table}_au"} <= names


def _marked(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        and conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    )


def ensure_db_shape(conn: sqlite3.Connection) -> None:
    """Create whatever is missing: the marks, tables, indexes, countries, full-text search."""
    if (
        is_shaped(conn)
        and _marked(conn)
        and all(_fts_complete(conn, table) for table in FTS_COLUMNS)
        and conn.execute("SELECT 1 FROM countries LIMIT 1").fetchone()
    ):
        return
    with transaction(conn):
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        for statement in schema_statements():
            conn.execute(statement)
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


# The shared records, which a load looks up as it writes; every other table of the
# models is only written to during a bulk load.
_LOOKED_UP = {models.Source.__tablename__, models.Person.__tablename__,
              models.Actor.__tablename__, models.Country.__tablename__}


def suspend_secondary_indexes(conn: sqlite3.Connection) -> list:
    """Drop the secondary indexes of the tables that a bulk load only writes to, inside
    its transaction; `resume_fts` makes them again. Sorting a full table once to build
    an index costs less than keeping the index in order through every insert."""
    written = sorted({model.__tablename__ for model in models.ALL_TABLES} - _LOOKED_UP)
    rows = conn.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(written))}) ORDER BY rowid",
        written,
    ).fetchall()
    for _, name, _ in rows:
        conn.execute(f"DROP INDEX [{name}]")
    return rows


def resume_fts(conn: sqlite3.Connection, saved: list) -> None:
    """Recreate what `suspend_fts` (or `suspend_secondary_indexes`) dropped, in the
    same order, and index every row."""
    for kind, name, sql in saved:
        conn.execute(sql)
        if kind == "table":
            conn.execute(f"INSERT INTO [{name}]([{name}]) VALUES ('rebuild')")


def remove_database_files(path: str | Path) -> None:
    """A database file and its log, shared memory and journal, if there."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def use_wal(conn: sqlite3.Connection) -> None:
    """Readers (a running Datasette) keep reading while an ingest writes."""
    conn.execute("PRAGMA journal_mode = WAL")


def fold_log(conn: sqlite3.Connection, options: WriteOptions) -> None:
    """Copy the write-ahead log into the database and empty it, after a write.

    With `secure_delete`, the pages a write freed hold zeros in the log; folded in, they
    overwrite the database's old pages, and the emptied log keeps no earlier frames. A
    reader still in an older snapshot delays this at most FOLD_WAIT_MS: then the log is
    folded in at the next write, or when the last connection closes.
    """
    conn.execute(f"PRAGMA busy_timeout = {FOLD_WAIT_MS}")
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError as error:
        # What was written is committed; only the tidying failed, and is done next time.
        options.notify(f"{database_file(conn)}: the write-ahead log was not folded in: {error}")
        return
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(options.wait_seconds * 1000)}")
    if busy:
        options.notify(
            f"{database_file(conn)}: readers still hold the write-ahead log; it is folded "
            "into the database when they let go"
        )


# ---------------------------------------------------------------- which file is this


class NotATrackerDatabase(Exception):
    """A file that tracker does not write (or read); the message says what it holds."""

    @classmethod
    def holding(cls, path: str | Path, what: str) -> "NotATrackerDatabase":
        return cls(f"{path} is not a tracker database: it {what}")


class NoDatabase(Exception):
    def __init__(self, path: str | Path):
        super().__init__(f"{path}: no such database; run `tracker build` first")


def _header(path: Path, size: int = 100) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    return [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )]


def database_state(path: str | Path) -> str:
    """'missing', 'empty' (0 bytes, or SQLite with no tables) or 'tracker'.

    A tracker database carries tracker's application id, or (built before the marks)
    every table of the schema. Anything else raises NotATrackerDatabase, saying what
    the file holds, or that a newer tracker made it.
    """
    path = Path(path)
    try:
        if path.stat().st_size == 0:
            return "empty"
    except FileNotFoundError:
        return "missing"
    head = _header(path)
    if not head.startswith(SQLITE_HEADER):
        begins = head[:20].decode("utf-8", "replace")
        raise NotATrackerDatabase.holding(path, f"is not an SQLite file (it begins {begins!r})")
    conn = connect_readonly(path)
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = _user_tables(conn)
        shaped = is_shaped(conn)  # FormatOneDatabase for a database of format 1
    finally:
        conn.close()
    if application_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise NotATrackerDatabase(
                f"{path} was made by a newer tracker (schema version {version}; this one "
                f"knows up to {SCHEMA_VERSION})"
            )
        return "tracker"
    if application_id != 0:
        raise NotATrackerDatabase.holding(
            path, f"is marked as another program's database (application id {application_id:#x})"
        )
    if not tables:
        return "empty"
    if shaped:
        return "tracker"
    shown = ", ".join(tables[:12]) + (f" and {len(tables) - 12} more" if len(tables) > 12 else "")
    raise NotATrackerDatabase.holding(path, f"holds the tables {shown}")


def require_tracker_database(path: str | Path) -> None:
    """NoDatabase or NotATrackerDatabase unless `path` holds a tracker database."""
    state = database_state(path)
    if state == "missing":
        raise NoDatabase(path)
    if state == "empty":
        raise NotATrackerDatabase.holding(path, "is empty; run `tracker build`")


def open_tracker_database(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to an existing tracker database."""
    require_tracker_database(path)
    return connect_readonly(path)


def database_file(conn: sqlite3.Connection) -> Path | None:
    """The file a connection's main database lives in (None in memory)."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    return None


# ---------------------------------------------------------------- what must not be written over


class OverwritesDatabase(Exception):
    """An output file that would replace a database or one of its files."""


DATABASE_COMPANIONS = ("-wal", "-shm", "-journal", ".lock")


def _is_sqlite_file(path: Path) -> bool:
    try:
        return path.is_file() and _header(path, len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _same_file(one: Path, other: Path | None) -> bool:
    try:
        return other is not None and os.path.samefile(one, other)
    except OSError:
        return False


def refuse_to_overwrite_database(target: str | Path, database: Path | None = None) -> None:
    """OverwritesDatabase if writing `target` would replace `database`, any SQLite file,
    or the log, shared memory, journal or lock of one."""
    target = Path(target)
    if not target.exists():
        return
    reason = None
    if _same_file(target, database):
        reason = "it is the database being exported"
    elif _is_sqlite_file(target):
        reason = "it is an SQLite database"
    else:
        for suffix in DATABASE_COMPANIONS:
            owner = target.with_name(target.name.removesuffix(suffix))
            if target.name.endswith(suffix) and (_is_sqlite_file(owner) or _same_file(owner, database)):
                reason = f"it belongs to the database {owner}"
                break
    if reason:
        raise OverwritesDatabase(f"not writing {target}: {reason}; accepted: another file")


def sqlite_file_within(folder: Path, database: Path | None = None) -> Path | None:
    """The first SQLite database under `folder` (`database` itself counts), if any."""
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            path = Path(root) / name
            if _same_file(path, database) or _is_sqlite_file(path):
                return path
    return None


# ---------------------------------------------------------------- writing


SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26
SQLITE_READONLY_CANTINIT, SQLITE_READONLY_DIRECTORY = 1288, 1544


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def _folder(path: Path) -> Path:
    return Path(os.path.abspath(path)).parent


def unwritable_file(path: Path) -> str | None:
    """What of the database this user may not write: its folder, the file, its log."""
    if not _writable(_folder(path)):
        return f"the folder {_folder(path)} is not writable by this user"
    if path.exists() and not _writable(path):
        return "the file is not writable by this user"
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{path}{suffix}")
        if companion.exists() and not _writable(companion):
            return f"{companion.name} (another user's) is not writable by this user"
    return None


def explain(error: sqlite3.Error, path: str | Path) -> str:
    """SQLite's error as what it means for this database, in one line."""
    path = Path(path)
    code = getattr(error, "sqlite_errorcode", None) or 0
    if code in (SQLITE_READONLY_DIRECTORY, SQLITE_READONLY_CANTINIT):
        return (
            f"cannot be read by this user: SQLite must create {path.name}-shm beside a "
            f"database in WAL mode, and the folder {_folder(path)} is not writable by this "
            "user; copy the database to a folder you can write"
        )
    primary = code & 0xFF
    if primary in (SQLITE_READONLY, SQLITE_CANTOPEN):
        return unwritable_file(path) or f"SQLite: {error}"
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return "another program (not tracker) holds a lock on the database file"
    if primary == SQLITE_FULL:
        return f"the disk is full (SQLite: {error})"
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return f"the database is damaged (SQLite: {error}); `tracker check` lists what"
    if primary == SQLITE_IOERR:
        return f"the disk failed to read or write (SQLite: {error})"
    return f"SQLite: {error}"


@contextmanager
def write_access(
    db_path: str | Path, command: str, options: WriteOptions = WriteOptions(),
    must_exist: bool = False,
) -> Iterator[str]:
    """The one way in for a writer: hold the writer lock, refuse a file that this user
    may not write or that is not a tracker database, and turn any SQLite error in the
    block into CannotWrite. Yields the database's state: 'missing', 'empty', 'tracker'.
    """
    path = Path(db_path)
    if must_exist and not path.exists():
        raise NoDatabase(path)
    with writer_lock(path, command, options):
        unwritable = unwritable_file(path)
        if unwritable:
            raise CannotWrite(f"{path}: {unwritable}; nothing was written")
        try:
            yield database_state(path)
        except NotATrackerDatabase as error:
            raise CannotWrite(f"{error}; nothing was written") from None
        except sqlite3.Error as error:
            raise CannotWrite(f"{path}: {explain(error, path)}; nothing was written") from error
