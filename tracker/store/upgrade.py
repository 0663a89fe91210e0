"""`tracker upgrade --db`: a database that format-1 code built, upgraded in place.

A copy of the file is kept beside it first. Then, in one transaction: the format-1
tables are set aside, the format-2 tables made, the shared records copied as they are,
every event read back as a format-1 document, upgraded (`tracker.schema.format1`) and
written again; the history keeps its rows (ids, times, runs, files) with each replaced
version upgraded the same way, and the runs are kept as they were. The format-1 tables
are then dropped. A failure leaves the database as it was.
"""

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput, Problem, format_path
from ..files.readers import Document
from ..files.validate import ValidEvent
from ..schema.eventfile import parse_event
from ..schema.format1 import upgrade_event
from ..schema.models import FORMAT
from .db import (
    APPLICATION_ID, FTS_COLUMNS, NoDatabase, connect, ensure_db_shape, fold_log, is_format_1,
    schema_statements, transaction, unwritable_file,
)
from .lock import CannotWrite, WriteOptions, writer_lock
from .derived import refresh_serving_tables
from .ingest import _Writer
from .nested import canonical
from .records import Records

OLD = "format1_"
# Format 1's tables, in an order that its foreign keys allow dropping.
FORMAT_1_TABLES = [
    "release_nationalities", "release_mediators", "release_concessions", "release_people",
    "event_nationalities", "event_people", "event_actors", "concessions", "statements",
    "claims", "prisoner_counts", "event_sources", "event_revisions", "ingest_runs", "events",
    "people", "actors", "sources", "countries",
]
_FLAGS = {"total_released_lower_bound", "foreign_nationals_lower_bound", "count_lower_bound",
          "disputed", "chosen", "approximate", "withheld"}
_QUERIES = {
    "nationalities": "SELECT country, count, count_lower_bound, source_id AS source "
                     "FROM {p}event_nationalities WHERE event_id = ? ORDER BY rowid",
    "people": "SELECT p.id, p.name, p.aliases, p.nationalities, p.withheld, ep.note, "
              "ep.source_id AS source FROM {p}event_people ep JOIN {p}people p "
              "ON p.id = ep.person_id WHERE ep.event_id = ? ORDER BY ep.position",
    "actors": "SELECT a.id, a.name, a.kind, a.country, a.aliases, ea.role, ea.description, "
              "ea.source_id AS source FROM {p}event_actors ea JOIN {p}actors a "
              "ON a.id = ea.actor_id WHERE ea.event_id = ? ORDER BY ea.position",
    "concessions": "SELECT kind, granted_by, beneficiary, description, status, disputed, "
                   "dispute, source_id AS source FROM {p}concessions WHERE event_id = ? "
                   "ORDER BY position",
    "statements": "SELECT actor_id AS by, gist, platform, stance, date, source_id AS source "
                  "FROM {p}statements WHERE event_id = ? ORDER BY position",
    "claims": "SELECT field, value, source_id AS source, chosen, note FROM {p}claims "
              "WHERE event_id = ? ORDER BY position",
    "prisoner_counts": "SELECT country, as_of, count, approximate, according_to, attribution, "
                       "source_id AS source FROM {p}prisoner_counts WHERE event_id = ? "
                       "ORDER BY position",
    "sources": "SELECT s.id, s.title, s.publisher, s.url, s.published, s.note "
               "FROM {p}event_sources es JOIN {p}sources s ON s.id = es.source_id "
               "WHERE es.event_id = ? ORDER BY es.position",
}
_EVENT = ("SELECT id, title, summary, type, status, track, date, releasing_state, "
          "receiving_state, total_released, total_released_lower_bound, foreign_nationals, "
          "foreign_nationals_lower_bound, notes FROM {p}events")


@dataclass
class DatabaseUpgrade:
    backup: Path
    events: int
    revisions: int
    runs: int


class NothingToUpgrade(Exception):
    pass


def _dicts(cursor: sqlite3.Cursor) -> list[dict]:
    names = [name for name, *_ in cursor.description]
    return [
        {name: (bool(value) if name in _FLAGS else value) for name, value in zip(names, row)}
        for row in cursor
    ]


def _format_1_document(conn: sqlite3.Connection, event: dict, prefix: str) -> dict:
    """One event as format-1 code exported it, read from its tables."""
    document = dict(event)
    for section, query in _QUERIES.items():
        document[section] = _dicts(conn.execute(query.format(p=prefix), (event["id"],)))
    for person in document["people"]:
        person["aliases"] = json.loads(person["aliases"])
        person["nationalities"] = json.loads(person["nationalities"])
    listed = {actor["id"] for actor in document["actors"]}
    for actor in document["actors"]:
        actor["aliases"] = json.loads(actor["aliases"])

    def reference(actor_id):
        if actor_id is None or actor_id in listed:
            return actor_id
        row = conn.execute(f"SELECT id, name, kind, country, aliases FROM {prefix}actors "
                           "WHERE id = ?", (actor_id,)).fetchone()
        return {"id": row[0], "name": row[1], "kind": row[2], "country": row[3],
                "aliases": json.loads(row[4])}

    for concession in document["concessions"]:
        concession["granted_by"] = reference(concession["granted_by"])
        concession["beneficiary"] = reference(concession["beneficiary"])
    for statement in document["statements"]:
        statement["by"] = reference(statement["by"])
    for count in document["prisoner_counts"]:
        count["according_to"] = reference(count["according_to"])
    return document


def upgraded_document(document: dict) -> dict:
    """A format-1 document of the history, in format 2, as the export would write it."""
    return canonical(upgrade_event(document).document)


def _backup(db_path: Path) -> Path:
    target = db_path.with_name(f"{db_path.name}.format-1.bak")
    number = 2
    while target.exists():
        target = db_path.with_name(f"{db_path.name}.format-1.{number}.bak")
        number += 1
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


def upgrade_database(db_path: str | Path, options: WriteOptions = WriteOptions()) -> DatabaseUpgrade:
    """Upgrade a format-1 database in place, after a backup beside it, holding the writer
    lock; NothingToUpgrade if it is not one, InvalidInput (and nothing changed) if an
    event would not be valid."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise NoDatabase(db_path)
    with writer_lock(db_path, "upgrade", options):
        unwritable = unwritable_file(db_path)
        if unwritable:
            raise CannotWrite(f"{db_path}: {unwritable}; nothing was written")
        conn = connect(db_path, options.wait_seconds)
        try:
            if not is_format_1(conn):
                raise NothingToUpgrade(
                    f"{db_path} is not a database of format 1; nothing to upgrade")
            backup = _backup(db_path)
            conn.execute("PRAGMA foreign_keys = OFF")
            with transaction(conn):
                result = _upgrade(conn, str(db_path))
            conn.execute("PRAGMA foreign_keys = ON")
            ensure_db_shape(conn)  # the full-text indexes, built after the transaction
            fold_log(conn, options)
            result.backup = backup
            return result
        finally:
            conn.close()


def _upgrade(conn: sqlite3.Connection, name: str) -> DatabaseUpgrade:
    for (kind, item) in conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')"
    ).fetchall():
        conn.execute(f"DROP {kind.upper()} [{item}]")
    for table in FTS_COLUMNS:
        conn.execute(f"DROP TABLE IF EXISTS [{table}_fts]")
    existing = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in FORMAT_1_TABLES:
        if table in existing:
            conn.execute(f"ALTER TABLE [{table}] RENAME TO [{OLD}{table}]")
    for statement in schema_statements():
        if statement.startswith("CREATE INDEX"):
            # Index names stay with the format-1 tables until they are dropped.
            statement = statement.replace("CREATE INDEX IF NOT EXISTS ", "CREATE INDEX IF NOT EXISTS v2_", 1)
        conn.execute(statement)
    conn.execute(f"INSERT INTO countries SELECT * FROM {OLD}countries")
    conn.execute(f"INSERT INTO ingest_runs SELECT * FROM {OLD}ingest_runs")
    conn.execute(f"INSERT INTO sources (id, title, publisher, url, published, note) "
                 f"SELECT id, title, publisher, url, published, note FROM {OLD}sources")
    conn.execute(f"INSERT INTO people SELECT * FROM {OLD}people")
    conn.execute(f"INSERT INTO actors SELECT * FROM {OLD}actors")
    writer = _Writer(conn, Records(conn))
    problems, events = [], 0
    cursor = conn.execute(_EVENT.format(p=OLD) + " ORDER BY id")
    names = [column for column, *_ in cursor.description]
    for row in cursor.fetchall():
        old = {key: (bool(value) if key in _FLAGS else value) for key, value in zip(names, row)}
        document = upgraded_document(_format_1_document(conn, old, OLD))
        event, found = parse_event(document)
        where = Document(f"{name}: events[{old['id']}]", document)
        if event is None or found:
            problems += [Problem(where.file, None, format_path(loc), message) for loc, message in found]
            continue
        writer.add(ValidEvent(event, where))
        problems += writer.take_problems()
        events += 1
        if events % 500 == 0 and not problems:
            writer.flush(None)
    if problems:
        raise InvalidInput(problems)
    writer.flush(None)
    revisions = 0
    for revision in conn.execute(
        f"SELECT id, event_id, action, changed_at, ingest_run_id, file, file_sha256, document "
        f"FROM {OLD}event_revisions ORDER BY id"
    ).fetchall():
        *columns, document = revision
        if document is not None:
            document = json.dumps(upgraded_document(json.loads(document)), ensure_ascii=False)
        conn.execute(
            "INSERT INTO event_revisions (id, event_id, action, changed_at, ingest_run_id, "
            "file, file_sha256, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*columns, document),
        )
        revisions += 1
    # The records keep no history of their own from format 1; they start here.
    conn.execute("DELETE FROM entity_revisions")
    for table in FORMAT_1_TABLES:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (OLD + table,)).fetchone():
            conn.execute(f"DROP TABLE [{OLD}{table}]")
    for (index,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'v2\\_%' ESCAPE '\\'"
    ).fetchall():
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
        conn.execute(f"DROP INDEX [{index}]")
        conn.execute(sql.replace(f"INDEX {index} ", f"INDEX {index[3:]} ", 1)
                     .replace(f"INDEX IF NOT EXISTS {index} ", f"INDEX IF NOT EXISTS {index[3:]} ", 1))
    refresh_serving_tables(conn)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {FORMAT}")
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise InvalidInput([Problem(name, None, str(row[0]), f"a reference is broken: {row}")
                            for row in broken])
    runs = conn.execute("SELECT count(*) FROM ingest_runs").fetchone()[0]
    return DatabaseUpgrade(Path(name), events, revisions, runs)

