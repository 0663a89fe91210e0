"""Writing validated events: insert or update, in one transaction, keeping history.

An event that already exists is replaced (its child rows too) and its previous
version is kept in `event_revisions`. If nothing changes, nothing is written. People,
actors and sources exist once across events and are matched by name or alias.

A withheld person's name is never written: the row holds a placeholder, and the
person is matched by the id the curators gave, never by name.
"""

import datetime as dt
import hashlib
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .countries import UnknownCountry, country_code, country_name
from .dates import parse_partial_date
from .catalog import tables
from .db import FTS_COLUMNS, ensure_db_shape, transaction, use_wal
from .errors import InvalidInput, Problem
from .eventfile import ActorDeclaration, EventFile, PersonEntry, resolve_reference, withheld_names
from .models import WITHHELD_NAME
from .names import fold, slugify
from .nested import event_documents
from .readers import Document
from .validate import ValidEvent


@dataclass
class IngestReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    run_id: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        text = (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )
        return text if self.changed else text + "; nothing to write"


class _NothingChanged(Exception):
    pass


def _json_list(values) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _merged(existing: list[str], *new: str, exclude: str) -> list[str]:
    """Every spelling once, in a stable order, without the name itself."""
    return sorted(set(existing) | set(new) - {exclude}, key=lambda value: (fold(value), value))


class _Entities:
    """People or actors: loaded once, matched by folded name or alias, written at the end."""

    def __init__(self, conn: sqlite3.Connection, table: str, columns: list[str]):
        self.conn, self.table, self.columns = conn, table, columns
        self.rows: dict[str, dict] = {}
        self.keys: dict[tuple, str] = {}
        self.new: set[str] = set()
        self.changed: set[str] = set()
        cursor = conn.execute(f"SELECT {', '.join(columns)} FROM {table}")
        for values in cursor:
            row = dict(zip(columns, values))
            row["aliases"] = json.loads(row["aliases"])
            self._index(row)

    def _kind(self, row: dict) -> str:
        return row.get("kind", "")

    def _index(self, row: dict) -> None:
        self.rows[row["id"]] = row
        if row.get("withheld"):
            return
        for name in (row["name"], *row["aliases"]):
            self.keys.setdefault((self._kind(row), fold(name)), row["id"])

    def find(self, kind: str, names: list[str], wanted_id: str | None) -> dict | None:
        if wanted_id and wanted_id in self.rows:
            return self.rows[wanted_id]
        if wanted_id:
            return None
        for name in names:
            found = self.keys.get((kind, fold(name)))
            if found:
                return self.rows[found]
        return None

    def add(self, row: dict) -> dict:
        base = row["id"]
        suffix = 2
        while row["id"] in self.rows:
            row["id"] = f"{base}-{suffix}"
            suffix += 1
        self.new.add(row["id"])
        self._index(row)
        return row

    def merge(self, row: dict, names: list[str], **extra) -> None:
        aliases = _merged(row["aliases"], *names, exclude=row["name"])
        updates = {key: value for key, value in extra.items() if value != row.get(key)}
        if aliases != row["aliases"] or updates:
            row["aliases"] = aliases
            row.update(updates)
            self._index(row)
            self.changed.add(row["id"])

    def flush(self) -> None:
        def values(row):
            return [
                _json_list(row[c]) if isinstance(row[c], list) else row[c]
                for c in self.columns
            ]

        names = ", ".join(self.columns)
        marks = ", ".join("?" * len(self.columns))
        self.conn.executemany(
            f"INSERT INTO {self.table} ({names}) VALUES ({marks})",
            [values(self.rows[i]) for i in sorted(self.new)],
        )
        assignments = ", ".join(f"{c} = ?" for c in self.columns[1:])
        self.conn.executemany(
            f"UPDATE {self.table} SET {assignments} WHERE id = ?",
            [values(self.rows[i])[1:] + [i] for i in sorted(self.changed - self.new)],
        )


class _People(_Entities):
    def __init__(self, conn):
        super().__init__(conn, "people", ["id", "name", "aliases", "nationalities", "withheld"])
        for row in self.rows.values():
            row["nationalities"] = json.loads(row["nationalities"])
            row["withheld"] = bool(row["withheld"])

    def resolve(self, entry: PersonEntry) -> str:
        """The person's id; ValueError if a withheld person and a named one would meet."""
        row = self.rows.get(entry.id) if entry.id else None
        if row is not None and row["withheld"] != entry.withheld:
            raise ValueError(
                f"{entry.id!r} is a person whose name is withheld; accepted: withheld: "
                "true for this id (ingest never publishes a withheld name)"
                if row["withheld"] else
                f"{entry.id!r} is a named person; accepted: an id of the curators' "
                "choosing that no named person has"
            )
        if entry.withheld:
            return self._withheld(entry, row)
        names = [entry.name, *entry.aliases]
        row = self.find("", names, entry.id)
        if row is None:
            row = self.add({
                "id": entry.id or slugify(entry.name),
                "name": entry.name,
                "aliases": _merged(entry.aliases, exclude=entry.name),
                "nationalities": sorted(set(entry.nationalities)),
                "withheld": False,
            })
            return row["id"]
        nationalities = sorted(set(row["nationalities"]) | set(entry.nationalities))
        self.merge(row, names, nationalities=nationalities)
        return row["id"]

    def _withheld(self, entry: PersonEntry, row: dict | None) -> str:
        nationalities = sorted(set(row["nationalities"] if row else []) | set(entry.nationalities))
        if row is None:
            self.add({
                "id": entry.id,
                "name": WITHHELD_NAME,
                "aliases": [],
                "nationalities": nationalities,
                "withheld": True,
            })
        elif nationalities != row["nationalities"]:
            row["nationalities"] = nationalities
            self.changed.add(entry.id)
        return entry.id


class _Actors(_Entities):
    def __init__(self, conn):
        super().__init__(conn, "actors", ["id", "name", "kind", "country", "aliases"])
        self.states = {
            row["country"]: row["id"]
            for row in sorted(self.rows.values(), key=lambda row: row["id"])
            if row["kind"] == "state" and row["country"]
        }

    def resolve(self, declaration: ActorDeclaration) -> str:
        kind = declaration.kind.value
        country = declaration.country
        if kind == "state" and country is None:
            try:
                country = country_code(declaration.name)
            except UnknownCountry:
                country = None
        names = [declaration.name, *declaration.aliases]
        row = self.find(kind, names, declaration.id)
        # A state named differently is the same state, unless an id says which actor
        # it is (as in an exported event, where two state actors may share a country).
        if row is None and declaration.id is None and kind == "state" and country in self.states:
            row = self.rows[self.states[country]]
        if row is None:
            row = self.add({
                "id": declaration.id or slugify(declaration.name),
                "name": declaration.name,
                "kind": kind,
                "country": country,
                "aliases": _merged(declaration.aliases, exclude=declaration.name),
            })
            if kind == "state" and country:
                self.states.setdefault(country, row["id"])
            return row["id"]
        self.merge(row, names, country=row["country"] or country)
        return row["id"]

    def state(self, code: str) -> str:
        if code in self.states:
            return self.states[code]
        return self.resolve(
            ActorDeclaration(name=country_name(code), kind="state", country=code)
        )


def _event_row(event: EventFile) -> dict:
    date = parse_partial_date(event.date)
    row = event.model_dump(
        mode="json",
        exclude={"nationalities", "people", "actors", "concessions", "statements",
                 "claims", "prisoner_counts", "sources"},
    )
    row.update(
        date_precision=date.precision,
        date_start=date.start,
        date_end=date.end,
        year=date.year,
    )
    return row


class _Writer:
    """Turns events into rows for every table, resolving people, actors and sources."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.people = _People(conn)
        self.actors = _Actors(conn)
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.sources: dict[str, dict] = {}
        self.problems: list[Problem] = []

    def actor(self, event: EventFile, reference) -> str | None:
        resolved = resolve_reference(event, reference)
        if resolved is None:
            return None
        if isinstance(resolved, str):
            return self.actors.state(resolved)
        return self.actors.resolve(resolved)

    def add(self, item: ValidEvent) -> None:
        rows = self.rows
        event, document = item.event, item.document
        event_id = event.id
        rows["events"].append(_event_row(event))
        for position, source in enumerate(event.sources):
            self.sources[source.id] = source.model_dump(mode="json")
            rows["event_sources"].append(
                {"event_id": event_id, "source_id": source.id, "position": position}
            )
        for entry in event.nationalities:
            rows["event_nationalities"].append({
                "event_id": event_id,
                "country": entry.country,
                "count": entry.count,
                "count_lower_bound": entry.count_lower_bound,
                "source_id": entry.source,
            })
        people: dict[str, int] = {}
        for position, person in enumerate(event.people):
            try:
                person_id = self.people.resolve(person)
            except ValueError as error:
                self.problems.append(document.problem(("people", position, "id"), str(error)))
                continue
            if person_id in people:
                self._listed_twice(item, ("people", position, "name"), person.name, "person",
                                   f"people[{people[person_id]}]", self.people.rows[person_id])
            people.setdefault(person_id, position)
            rows["event_people"].append({
                "event_id": event_id,
                "person_id": person_id,
                "position": position,
                "note": person.note,
                "source_id": person.source,
            })
        roles: dict[tuple, int] = {}
        for position, actor in enumerate(event.actors):
            actor_id = self.actors.resolve(actor)
            key = (actor_id, actor.role)
            if key in roles:
                self._listed_twice(item, ("actors", position, "name"), actor.name,
                                   f"actor in role {actor.role.value!r}", f"actors[{roles[key]}]",
                                   self.actors.rows[actor_id])
            roles.setdefault(key, position)
            rows["event_actors"].append({
                "event_id": event_id,
                "actor_id": actor_id,
                "role": actor.role.value,
                "position": position,
                "description": actor.description,
                "source_id": actor.source,
            })
        for position, concession in enumerate(event.concessions):
            rows["concessions"].append({
                "event_id": event_id,
                "position": position,
                "kind": concession.kind.value,
                "granted_by": self.actor(event, concession.granted_by),
                "beneficiary": self.actor(event, concession.beneficiary),
                "description": concession.description,
                "status": concession.status.value,
                "disputed": concession.disputed,
                "dispute": concession.dispute,
                "source_id": concession.source,
            })
        for position, statement in enumerate(event.statements):
            rows["statements"].append({
                "event_id": event_id,
                "position": position,
                "actor_id": self.actor(event, statement.by),
                "gist": statement.gist,
                "platform": statement.platform,
                "stance": statement.stance.value,
                "date": statement.date,
                "source_id": statement.source,
            })
        for position, claim in enumerate(event.claims):
            rows["claims"].append({
                "event_id": event_id,
                "position": position,
                **claim.model_dump(mode="json", exclude={"source"}),
                "source_id": claim.source,
            })
        for position, count in enumerate(event.prisoner_counts):
            rows["prisoner_counts"].append({
                "event_id": event_id,
                "position": position,
                "country": count.country,
                "as_of": count.as_of,
                "count": count.count,
                "approximate": count.approximate,
                "according_to": self.actor(event, count.according_to),
                "attribution": count.attribution,
                "source_id": count.source,
            })

    def _listed_twice(self, item, loc, name, what, first, known) -> None:
        """Two entries of one event that the database knows as one person or actor."""
        self.problems.append(item.document.problem(
            loc,
            f"{name!r} is the same {what} as {first}: {known['name']!r}, also known as "
            f"{', '.join(map(repr, known['aliases'])) or 'nothing else'}; "
            "accepted: each once, with other spellings as aliases",
        ))

    def flush(self) -> None:
        self.people.flush()
        self.actors.flush()
        if self.sources:
            columns = list(next(iter(self.sources.values())))
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
            self.conn.executemany(
                f"INSERT INTO sources ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))}) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}",
                [list(source.values()) for source in self.sources.values()],
            )
        for table, table_rows in self.rows.items():
            if not table_rows:
                continue
            columns = list(table_rows[0])
            self.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                [list(row.values()) for row in table_rows],
            )


CHILD_TABLES = [
    "event_nationalities",
    "event_people",
    "event_actors",
    "concessions",
    "statements",
    "claims",
    "prisoner_counts",
    "event_sources",
]


def _delete_events(conn: sqlite3.Connection, event_ids: list[str]) -> None:
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for table in CHILD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE event_id IN ({marks})", chunk)
        conn.execute(f"DELETE FROM events WHERE id IN ({marks})", chunk)


# The ids of people, sources and actors that some event refers to; the rest are orphans.
REFERENCED_IDS = {
    "people": "SELECT person_id FROM event_people",
    "sources": "SELECT source_id FROM event_sources",
    "actors": " UNION ".join([
        "SELECT actor_id FROM event_actors",
        "SELECT granted_by FROM concessions WHERE granted_by IS NOT NULL",
        "SELECT beneficiary FROM concessions WHERE beneficiary IS NOT NULL",
        "SELECT actor_id FROM statements WHERE actor_id IS NOT NULL",
        "SELECT according_to FROM prisoner_counts WHERE according_to IS NOT NULL",
    ]),
}


def _delete_orphans(conn: sqlite3.Connection, documents: list[dict]) -> None:
    """People, actors and sources that no event refers to any more."""
    people, actors, sources = set(), set(), set()
    for document in documents:
        people |= {person["id"] for person in document["people"]}
        sources |= {source["id"] for source in document["sources"]}
        actors |= {actor["id"] for actor in document["actors"]}
        for concession in document["concessions"]:
            actors |= {_actor_id(concession["granted_by"]), _actor_id(concession["beneficiary"])}
        for statement in document["statements"]:
            actors.add(_actor_id(statement["by"]))
        for count in document["prisoner_counts"]:
            actors.add(_actor_id(count["according_to"]))
    for table, candidates in (("people", people), ("sources", sources), ("actors", actors - {None})):
        if candidates:
            marks = ", ".join("?" * len(candidates))
            conn.execute(
                f"DELETE FROM {table} WHERE id IN ({marks}) AND id NOT IN ({REFERENCED_IDS[table]})",
                sorted(candidates),
            )


def _actor_id(reference) -> str | None:
    return reference["id"] if isinstance(reference, dict) else reference


def file_hashes(paths: list[str | Path]) -> list[dict]:
    return [
        {"file": str(path), "sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest()}
        for path in paths
    ]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _record_run(conn, command: str, files: list[dict], report: IngestReport, removed=0) -> int:
    cursor = conn.execute(
        "INSERT INTO ingest_runs (started_at, command, files, created, updated, "
        "unchanged, removed, tracker_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (_now(), command, json.dumps(files, ensure_ascii=False), len(report.created),
         len(report.updated), len(report.unchanged), removed, __version__),
    )
    return cursor.lastrowid


def _record_revisions(
    conn, run_id: int, action: str, event_ids: list[str],
    replaced: dict[str, dict], origins: dict[str, Document],
) -> None:
    """One row per change: the version it replaced (none for a creation), the input file."""
    def origin(event_id, attribute):
        document = origins.get(event_id)
        return getattr(document, attribute) if document else None

    conn.executemany(
        "INSERT INTO event_revisions (event_id, action, changed_at, ingest_run_id, file, "
        "file_sha256, document) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                event_id, action, _now(), run_id,
                origin(event_id, "file"), origin(event_id, "sha256"),
                json.dumps(replaced[event_id], ensure_ascii=False)
                if event_id in replaced else None,
            )
            for event_id in event_ids
        ],
    )


def _fts_key(table: str) -> str:
    """The column that names a row of an FTS-indexed table: its id, or its event."""
    return next(info for info in tables() if info.name == table).primary_key[0]


def _published(conn: sqlite3.Connection, folded_name: str) -> list[str]:
    """Where the database already gives a name: current rows (by full-text search), history."""
    places = []
    phrase = '"' + folded_name.replace('"', '""') + '"'
    for table in FTS_COLUMNS:
        key = _fts_key(table)
        found = conn.execute(
            f"SELECT DISTINCT {key} FROM {table} WHERE rowid IN "
            f"(SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?) ORDER BY 1",
            [phrase],
        ).fetchall()
        places += [f"{table} {value}" for (value,) in found]
    for event_id, document in conn.execute(
        "SELECT event_id, document FROM event_revisions WHERE document IS NOT NULL ORDER BY id"
    ):
        if f" {folded_name} " in f" {fold(document)} ":
            places.append(f"the history of {event_id}")
    return list(dict.fromkeys(places))


def _published_withheld_names(conn: sqlite3.Connection, events: list[ValidEvent]) -> list[Problem]:
    """A name cannot be withheld once the database gives it: it would stay in the history."""
    problems = []
    for item in events:
        for index, name in withheld_names(item.event):
            places = _published(conn, name)
            if places:
                problems.append(item.document.problem(
                    ("people", index, "name"),
                    f"this withheld name is already in the database ({'; '.join(places)}); "
                    "accepted: a name the database does not give. To withhold a published "
                    "name, mark it withheld in every event file and rebuild with "
                    "`tracker build --replace`, which keeps no earlier version",
                ))
    return problems


def save_events(
    conn: sqlite3.Connection,
    events: list[ValidEvent],
    files: list[dict] | None = None,
    command: str = "ingest",
) -> IngestReport:
    """Insert or update validated events in one transaction; write nothing if nothing changes.

    InvalidInput (and nothing written) if the events conflict with the database: a
    withheld name that the database already gives, a withheld id used for a named person.
    """
    ensure_db_shape(conn)
    use_wal(conn)
    report = IngestReport()
    ids = [item.event.id for item in events]
    origins = {item.event.id: item.document for item in events}
    try:
        with transaction(conn):
            conn.execute("PRAGMA defer_foreign_keys = ON")
            problems = _published_withheld_names(conn, events)
            before = event_documents(conn, ids)
            _delete_events(conn, list(before))
            writer = _Writer(conn)
            for item in events:
                writer.add(item)
            problems += writer.problems
            if problems:
                raise InvalidInput(problems)
            writer.flush()
            _delete_orphans(conn, list(before.values()))
            after = event_documents(conn, list(before))
            for event_id in ids:
                if event_id not in before:
                    report.created.append(event_id)
                elif after[event_id] == before[event_id]:
                    report.unchanged.append(event_id)
                else:
                    report.updated.append(event_id)
            if not report.changed:
                raise _NothingChanged
            report.run_id = _record_run(conn, command, files or [], report)
            _record_revisions(conn, report.run_id, "created", report.created, before, origins)
            _record_revisions(conn, report.run_id, "updated", report.updated, before, origins)
    except _NothingChanged:
        pass
    return report


def remove_event(conn: sqlite3.Connection, event_id: str) -> dict | None:
    """Remove one event, keeping its last version in the history; None if there is none."""
    ensure_db_shape(conn)
    with transaction(conn):
        documents = event_documents(conn, [event_id])
        if not documents:
            return None
        conn.execute("PRAGMA defer_foreign_keys = ON")
        _delete_events(conn, [event_id])
        _delete_orphans(conn, list(documents.values()))
        run_id = _record_run(conn, "remove", [], IngestReport(), removed=1)
        _record_revisions(conn, run_id, "removed", [event_id], documents, {})
    return documents[event_id]
