"""Removing withheld names from a database: every table, the history and the file itself.

A name that a database gave before the person was withheld stays in it: in the people
table, in the free text of any event, in the earlier versions that the history keeps, in
the files an ingest run records, in the full-text indexes, and in the free pages of the
file. `redact` removes it from all of these in one transaction: a named person who is
now withheld becomes the withheld person of the names file (same events, same counts),
every other text that gives the name has it replaced by the placeholder, and the
full-text indexes are rebuilt. Then the file is rewritten (VACUUM, with secure_delete)
and its write-ahead log checkpointed and emptied, so that no page keeps the name.
"""

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..files.withheld import WithheldNames
from ..reference.names import NameFinder
from ..schema.catalog import tables
from ..schema.models import WITHHELD_NAME
from .db import FTS_COLUMNS, connect, transaction, write_access
from .derived import refresh_serving_tables
from .lock import WriteOptions


@dataclass(frozen=True)
class Place:
    """A cell that gives a withheld name."""

    table: str
    rowid: int
    key: str  # the row's primary key, or "#rowid" where the key itself gives the name
    column: str
    whose: str  # the id of the withheld person



def describe(places: list[Place]) -> str:
    """'events by-2025-09-11 (summary, notes); people #4 (id, name)': each row once."""
    columns: dict[tuple[str, str], list[str]] = {}
    for place in places:
        columns.setdefault((place.table, place.key), []).append(place.column)
    return "; ".join(
        f"{table} {key} ({', '.join(dict.fromkeys(names))})"
        for (table, key), names in columns.items()
    )


def _is_key(column) -> bool:
    """Columns that name a row (ids, references, slugs): text cannot be replaced there."""
    return bool(
        column.primary_key or column.foreign_key or column.pattern
        or column.name.endswith("_id")
    )


def withheld_places(conn: sqlite3.Connection, finder: NameFinder) -> list[Place]:
    """Every cell of every table that gives a name `finder` finds, however spelt.

    The full-text indexes are left out: they index these tables, and `redact` rebuilds
    them whole.
    """
    if not finder:
        return []
    places = []
    for table in tables():
        columns = [column.name for column in table.columns]
        key = table.primary_key
        cursor = conn.execute(
            f"SELECT rowid, {', '.join(key)}, {', '.join(columns)} FROM [{table.name}]"
        )
        for rowid, *values in cursor:
            key_text = "/".join(str(value) for value in values[: len(key)])
            for column, value in zip(columns, values[len(key) :]):
                if not isinstance(value, str):
                    continue
                for whose in finder.labels_in(value):
                    shown = f"#{rowid}" if finder.find(key_text) else key_text
                    places.append(Place(table.name, rowid, shown, column, whose))
    return places


class CannotRedact(Exception):
    """A withheld name that redaction cannot remove without breaking the database."""


def _in_ids(places: list[Place]) -> CannotRedact:
    return CannotRedact(
        f"a withheld name is part of an id, which redaction cannot change: {describe(places)}. "
        "Accepted: rename it in the event files (an id that does not give the name) "
        "and rebuild with `tracker build --replace`, which keeps no history"
    )


@dataclass
class RedactReport:
    withheld_people: dict[str, list[str]] = field(default_factory=dict)  # id -> events
    places: list[Place] = field(default_factory=list)
    events: set[str] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return bool(self.withheld_people or self.places)

    def lines(self) -> list[str]:
        lines = [
            f"people: a named person is now withheld as {person_id} "
            f"(in {', '.join(events) or 'no event'})"
            for person_id, events in self.withheld_people.items()
        ]
        if self.places:
            lines.append(f"replaced by {WITHHELD_NAME!r} in: {describe(self.places)}")
        return lines


def redact_withheld_names(conn: sqlite3.Connection, names: WithheldNames) -> RedactReport:
    """Remove every withheld name from the database and its file; what was changed.

    CannotRedact, and nothing changed, if a name is part of an id. NotRewritten if the
    tables are clean but a reader kept the old pages from being overwritten.
    """
    conn.execute("PRAGMA secure_delete = ON")
    with transaction(conn):
        conn.execute("PRAGMA defer_foreign_keys = ON")
        report = RedactReport()
        finder, renamed = _withhold_named_people(conn, names, report)
        report.places = withheld_places(conn, finder)
        keys = [place for place in report.places if _is_key(_table(place.table).column(place.column))]
        if keys:
            raise _in_ids(keys)
        for place in report.places:
            _redact_cell(conn, place, finder, renamed)
        report.events |= _events_of(conn, report.places)
        refresh_serving_tables(conn, sorted(report.events))
        for table in FTS_COLUMNS:
            conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES ('rebuild')")
        left = withheld_places(conn, finder)
        if left:
            raise RuntimeError(f"redaction left a withheld name in {describe(left)}")
    _rewrite_file(conn)
    return report


def redact_database(
    db_path: str | Path, names: WithheldNames, options: WriteOptions = WriteOptions()
) -> RedactReport:
    """`redact_withheld_names` on an existing database, holding the writer lock."""
    with write_access(db_path, "redact", options, must_exist=True):
        conn = connect(db_path, options.wait_seconds)
        try:
            return redact_withheld_names(conn, names)
        finally:
            conn.close()


def _withhold_named_people(
    conn: sqlite3.Connection, names: WithheldNames, report: RedactReport
) -> tuple[NameFinder, dict[str, str]]:
    """Named people whose name or alias is withheld become the withheld person of the
    names file. Their other spellings are withheld too (the finder returned finds them),
    and so are the ids that were made from them (old id -> withheld id)."""
    spellings = {name: person_id for person_id, names in names.spellings.items() for name in names}
    renamed: dict[str, str] = {}
    for old_id, name, aliases, nationalities in conn.execute(
        "SELECT id, name, aliases, nationalities FROM people WHERE NOT withheld ORDER BY rowid"
    ).fetchall():
        own = [name, *json.loads(aliases)]
        whose = next(
            (label for spelling in own for label in names.finder.labels_in(spelling)), None
        )
        if whose is None:
            continue
        spellings.update({spelling: whose for spelling in own})
        renamed[old_id] = whose
        events = [row[0] for row in conn.execute(
            "SELECT DISTINCT event_id FROM transfer_people WHERE person_id = ? ORDER BY event_id",
            (old_id,),
        )]
        report.withheld_people.setdefault(whose, []).extend(events)
        report.events |= set(events)
        existing = conn.execute(
            "SELECT withheld, nationalities FROM people WHERE id = ?", (whose,)
        ).fetchone()
        if existing is None:
            conn.execute(
                "UPDATE people SET id = ?, name = ?, aliases = '[]', withheld = 1 WHERE id = ?",
                (whose, WITHHELD_NAME, old_id),
            )
        elif not existing[0]:
            raise CannotRedact(
                f"{whose!r} is a named person in the database, and the names file gives "
                "it as the id of a withheld person; accepted: another id for the "
                "withheld person, in the names file and the event files"
            )
        else:
            merged = sorted(set(json.loads(existing[1])) | set(json.loads(nationalities)))
            conn.execute("UPDATE people SET nationalities = ? WHERE id = ?",
                         (json.dumps(merged), whose))
            # An event that lists both keeps the withheld person once.
            conn.execute(
                "DELETE FROM transfer_people WHERE person_id = ? AND event_id IN "
                "(SELECT event_id FROM transfer_people WHERE person_id = ?)", (old_id, whose)
            )
            conn.execute("DELETE FROM people WHERE id = ?", (old_id,))
        conn.execute("UPDATE transfer_people SET person_id = ? WHERE person_id = ?",
                     (whose, old_id))
        # The record's own history follows it to its new id (its versions are redacted
        # with the rest).
        conn.execute("UPDATE entity_revisions SET record_id = ? WHERE table_name = 'people' "
                     "AND record_id = ?", (whose, old_id))
    refresh_serving_tables(conn, sorted(report.events))
    return NameFinder(spellings), renamed


def _redact_cell(conn, place: Place, finder: NameFinder, renamed: dict[str, str]) -> None:
    (value,) = conn.execute(
        f"SELECT [{place.column}] FROM [{place.table}] WHERE rowid = ?", (place.rowid,)
    ).fetchone()
    try:
        document = json.loads(value) if value.lstrip()[:1] in ("[", "{") else None
    except json.JSONDecodeError:
        document = None
    if document is None:
        redacted = finder.replace(value, WITHHELD_NAME)
    else:
        redacted = json.dumps(_redacted(document, finder, renamed), ensure_ascii=False)
    conn.execute(
        f"UPDATE [{place.table}] SET [{place.column}] = ? WHERE rowid = ?", (redacted, place.rowid)
    )


def _redacted(value, finder: NameFinder, renamed: dict[str, str]):
    """A JSON value (an event document of the history, a list of aliases or of files)
    without the names: a person entry that names a withheld person becomes that withheld
    person, a list entry that is only a name (an alias) goes, other text is replaced."""
    if isinstance(value, dict):
        whose = _withheld_person_of(value, finder, renamed)
        if whose:
            # As a withheld person is written: by id, with no name or other spellings.
            value = {"id": whose, "withheld": True, **{
                key: item for key, item in value.items()
                if key not in ("id", "name", "aliases", "withheld")
            }}
        return {key: _redacted(item, finder, renamed) for key, item in value.items()}
    if isinstance(value, list):
        return [
            _redacted(item, finder, renamed) for item in value
            if not (isinstance(item, str) and not finder.replace(item, "").strip())
        ]
    if isinstance(value, str):
        return finder.replace(value, WITHHELD_NAME)
    return value


def _withheld_person_of(entry: dict, finder: NameFinder, renamed: dict[str, str]) -> str | None:
    """For a named person's entry in an event document (or a person's record in its
    history): the id of the withheld person that it names now; None for any other entry
    (an actor, with its kind, is none)."""
    if not {"name", "aliases"} <= entry.keys() or entry.get("withheld") or "kind" in entry:
        return None
    if entry.get("id") in renamed:
        return renamed[entry["id"]]
    spellings = [entry["name"], *entry["aliases"]]
    return next((label for spelling in spellings for label in finder.labels_in(spelling)), None)


def _events_of(conn: sqlite3.Connection, places: list[Place]) -> set[str]:
    """The events whose rows the places are in (for their serving rows)."""
    events = set()
    for place in places:
        columns = {column.name for column in _table(place.table).columns}
        column = "id" if place.table == "events" else "event_id" if "event_id" in columns else None
        if column:
            row = conn.execute(
                f"SELECT [{column}] FROM [{place.table}] WHERE rowid = ?", (place.rowid,)
            ).fetchone()
            if row:
                events.add(row[0])
    return events


def _table(name: str):
    return next(table for table in tables() if table.name == name)


class NotRewritten(Exception):
    """The names are gone from the tables, but a reader keeps old pages in the log."""


def _rewrite_file(conn: sqlite3.Connection) -> None:
    """Rewrite every page of the file and empty the write-ahead log, so that no free page
    or logged page keeps text that was replaced."""
    for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
        result = conn.execute(statement).fetchone()
        if result is not None and result[0]:
            raise NotRewritten(
                "the names were removed from every table, but a reader (a running "
                "`tracker serve`?) keeps the write-ahead log busy, and the log still holds "
                "old pages; stop it and run `tracker redact` again"
            )
