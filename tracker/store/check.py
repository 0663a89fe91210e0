"""Checking a database: SQLite's own checks, then that every event still makes sense.

A database written only by `tracker` passes. What this finds comes from elsewhere: a
damaged file, an edit made with another tool, or an older tracker's rules. Every event
is read back as a nested document and validated like an event file, so the rules of
`validate` (types, dates, countries, sources, counts, claims) are checked here too, and
its derived columns (date, status, states, totals) must follow from its facts.
"""

import json
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..schema import rules
from .db import (
    FTS_COLUMNS, SQLITE_CORRUPT, SQLITE_NOTADB, connect, connect_readonly,
    require_tracker_database, unwritable_file, write_access,
)
from .lock import WriteOptions
from ..errors import Problem, format_path
from ..schema.eventfile import parse_event
from .derived import stale_serving_rows
from .nested import iter_event_documents


def check_database(conn: sqlite3.Connection, name: str) -> list[Problem]:
    """Every problem found in the database `name`; an empty list when it is sound."""
    integrity = _integrity(conn, name)
    if integrity:
        return integrity  # the other checks would read damaged pages
    return (
        _foreign_keys(conn, name)
        + _full_text_indexes(conn, name)
        + _events(conn, name)
        + _sources_cited(conn, name)
        + _history(conn, name)
        + _serving_tables(conn, name)
    )


@dataclass
class CheckReport:
    problems: list[Problem]
    # How it was checked, when not in place: said beside the verdict.
    note: str | None = None


def check_database_file(path: str | Path, options: WriteOptions = WriteOptions()) -> CheckReport:
    """Check the database at `path`, writing nothing to it.

    The full-text check runs in a write transaction (rolled back), so it holds the
    writer lock; a database that this user may not write is checked on a copy in a
    temporary folder instead, since a permission problem is no problem of the data.
    """
    path = Path(path)
    require_tracker_database(path)
    why_not = unwritable_file(path)
    if why_not is None:
        with write_access(path, "check", options):
            conn = connect(path, options.wait_seconds)
            try:
                return CheckReport(check_database(conn, str(path)))
            finally:
                conn.close()
    source = connect_readonly(path)
    try:
        with tempfile.TemporaryDirectory() as folder:
            copy = sqlite3.connect(Path(folder) / path.name, isolation_level=None)
            try:
                source.backup(copy)
                return CheckReport(check_database(copy, str(path)), f"checked a copy: {why_not}")
            finally:
                copy.close()
    finally:
        source.close()


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """An error that says the data is damaged, not that it could not be read just now."""
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def _integrity(conn, name) -> list[Problem]:
    try:
        results = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        if not _damaged(error):
            raise
        return [Problem(name, None, "", f"SQLite integrity check failed: {error}")]
    if results == ["ok"]:
        return []
    return [Problem(name, None, "", f"SQLite integrity check: {result}") for result in results]


def _foreign_keys(conn, name) -> list[Problem]:
    problems = []
    for table, rowid, parent, key in conn.execute("PRAGMA foreign_key_check").fetchall():
        references = {row[0]: row for row in conn.execute(f"PRAGMA foreign_key_list({table})")}
        _, _, _, column, target, *_ = references[key]
        (value,) = conn.execute(f"SELECT {column} FROM {table} WHERE rowid = ?", [rowid]).fetchone()
        problems.append(Problem(
            name, None, f"{table}[rowid {rowid}].{column}",
            f"{value!r} is not a {parent}.{target}; accepted: a value that {parent} has",
        ))
    return problems


def _full_text_indexes(conn, name) -> list[Problem]:
    """FTS5's own check against the indexed table; run in a transaction that is rolled back."""
    problems = []
    for table in FTS_COLUMNS:
        conn.execute("SAVEPOINT fts_check")
        try:
            conn.execute(
                f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError as error:
            if not _damaged(error):
                raise  # not writable, locked, full: a fault of the moment, not of the index
            problems.append(Problem(
                name, None, f"{table}_fts",
                f"the full-text index does not match {table}: {error}; rebuild the database",
            ))
        finally:
            conn.execute("ROLLBACK TO fts_check")
            conn.execute("RELEASE fts_check")
    return problems


def _events(conn, name) -> list[Problem]:
    """Each event, read back, must be a valid event file (the rules of `validate`), and
    its derived columns must be what its facts give."""
    problems = []
    for document in iter_event_documents(conn):
        event, event_problems = parse_event(document)
        prefix = f"events[{document['id']}]"
        problems += [
            Problem(name, None, f"{prefix}.{format_path(loc)}" if loc else prefix, message)
            for loc, message in event_problems
        ]
        if event is None or event_problems:
            continue
        expected = rules.derived_columns(event)
        cursor = conn.execute(
            f"SELECT {', '.join(expected)} FROM events WHERE id = ?", (event.id,))
        stored = dict(zip(expected, cursor.fetchone()))
        for column, want in expected.items():
            if stored[column] != want:
                problems.append(Problem(
                    name, None, f"{prefix}.{column}",
                    f"{stored[column]!r} does not follow from the event's facts; accepted: "
                    f"{want!r}",
                ))
    return problems


def _sources_cited(conn, name) -> list[Problem]:
    """Every source id of every fact is a source of the fact's event."""
    problems = []
    cited = {}
    for event_id, source_id in conn.execute("SELECT event_id, source_id FROM event_sources"):
        cited.setdefault(event_id, set()).add(source_id)
    for table in SOURCED_TABLES:
        for rowid, event_id, source_ids in conn.execute(
            f"SELECT rowid, event_id, source_ids FROM {table} ORDER BY rowid"
        ):
            try:
                ids = json.loads(source_ids)
            except (TypeError, ValueError):
                ids = None
            if not isinstance(ids, list) or not ids:
                problems.append(Problem(
                    name, None, f"{table}[rowid {rowid}].source_ids",
                    f"{source_ids!r} is no list of source ids; accepted: a JSON list of the "
                    "event's sources",
                ))
                continue
            for source_id in ids:
                if source_id not in cited.get(event_id, ()):
                    problems.append(Problem(
                        name, None, f"{table}[rowid {rowid}].source_ids",
                        f"{source_id!r} is not a source of event {event_id!r}; accepted: "
                        f"{', '.join(sorted(cited.get(event_id, ()))) or 'a source it cites'}",
                    ))
    return problems


SOURCED_TABLES = (
    "event_dates", "transfers", "transfer_nationalities", "transfer_people", "event_actors",
    "concessions", "statements", "claims", "prisoner_counts",
)


def _serving_tables(conn, name) -> list[Problem]:
    return [
        Problem(
            name, None, table,
            f"{count} row(s) differ from what events and their facts derive; accepted: "
            "the rows ingest writes (rebuild with `tracker build --replace`)",
        )
        for table, count in stale_serving_rows(conn).items()
    ]


def _history(conn, name) -> list[Problem]:
    """An event is created, updated and removed only through the history."""
    problems = []
    vanished = conn.execute("""
        SELECT r.event_id, r.action FROM event_revisions r
        WHERE r.id = (SELECT max(id) FROM event_revisions WHERE event_id = r.event_id)
          AND r.action != 'removed'
          AND r.event_id NOT IN (SELECT id FROM events)
        ORDER BY r.event_id""")
    for event_id, action in vanished:
        problems.append(Problem(
            name, None, f"events[{event_id}]",
            f"is missing, but its history ends with {action!r}, not 'removed'; it was "
            "deleted outside `tracker remove` (see `tracker history`)",
        ))
    unrecorded = conn.execute(
        "SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM event_revisions) ORDER BY id"
    )
    for (event_id,) in unrecorded:
        problems.append(Problem(
            name, None, f"events[{event_id}]",
            "has no history: it was written outside `tracker ingest`",
        ))
    return problems
