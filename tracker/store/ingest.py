"""Writing validated events: insert or update, in one transaction, keeping history.

An event that already exists is replaced (its child rows too) and its previous
version is kept in `event_revisions`. If nothing changes, nothing is written. People,
actors and sources exist once across events and are matched by name or alias.

A withheld person's name is never written: the row holds a placeholder, and the
person is matched by the id the curators gave, never by name. Ingest refuses to withhold
a person whose name the database gives (`tracker redact` removes it first).
"""

import datetime as dt
import hashlib
import itertools
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import SQLModel

from .. import __version__
from ..reference.countries import UnknownCountry, country_code, country_name
from ..reference.dates import parse_partial_date
from .db import (
    connect, ensure_db_shape, fold_log, remove_database_files, resume_fts,
    suspend_fts, transaction, use_wal, write_access,
)
from .lock import WriteOptions
from ..errors import InvalidInput, Problem
from ..schema.eventfile import (
    ActorDeclaration, EventFile, PersonEntry, actor_index, resolve_reference,
)
from ..schema.models import ALL_TABLES, WITHHELD_NAME, Country
from ..reference.names import fold, slugify
from .nested import event_documents
from ..files.readers import Document
from .derived import refresh_serving_tables
from ..files.validate import ValidEvent, Validator, iter_valid_events
from ..files.withheld import NAMES_FILE, WithheldNames
from .redact import describe, withheld_places


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
    def __init__(self, report: "IngestReport"):
        self.report = report


def _json_list(values) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _merged(existing: list[str], *new: str, exclude: str) -> list[str]:
    """Every spelling once, in a stable order, without the name itself."""
    return sorted(set(existing) | set(new) - {exclude}, key=lambda value: (fold(value), value))


TRACKER_TABLES = {model.__tablename__ for model in ALL_TABLES}

# How many name lookups each kind of entity remembers (a bound, so memory stays flat).
RECENT_NAMES = 20_000


class _Entities:
    """People or actors, matched across events by folded name or alias.

    Names are looked up in a temporary table and only the rows a batch touches are held
    in memory, so that memory does not grow with the size of the database.
    """

    def __init__(self, conn: sqlite3.Connection, table: str, columns: list[str]):
        self.conn, self.table, self.columns = conn, table, columns
        self.keys = f"temp.{table}_keys"
        self.recent: dict[tuple, str] = {}
        self.rows: dict[str, dict] = {}
        self.new: set[str] = set()
        self.changed: set[str] = set()
        conn.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {table}_keys (kind TEXT NOT NULL, "
            "key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID"
        )
        conn.execute(f"DELETE FROM {self.keys}")
        kind = "kind" if "kind" in columns else "''"
        named = "NOT withheld" if "withheld" in columns else "1"
        cursor = conn.execute(
            f"SELECT {kind}, id, name, aliases FROM {table} WHERE {named} ORDER BY rowid"
        )
        while chunk := cursor.fetchmany(1000):
            self._add_keys(
                (row_kind, fold(name), row_id)
                for row_kind, row_id, row_name, aliases in chunk
                for name in (row_name, *json.loads(aliases))
            )

    def _add_keys(self, keys) -> None:
        self.conn.executemany(
            f"INSERT OR IGNORE INTO {self.keys} (kind, key, id) VALUES (?, ?, ?)", keys
        )

    def _remember(self, row: dict) -> dict:
        row["_spellings"] = {row["name"], *row["aliases"]}
        self.rows[row["id"]] = row
        if not row.get("withheld"):
            kind = row.get("kind", "")
            self._add_keys((kind, fold(name), row["id"]) for name in row["_spellings"])
        return row

    def _load(self, row_id: str) -> dict | None:
        if row_id in self.rows:
            return self.rows[row_id]
        values = self.conn.execute(
            f"SELECT {', '.join(self.columns)} FROM {self.table} WHERE id = ?", (row_id,)
        ).fetchone()
        if values is None:
            return None
        row = dict(zip(self.columns, values))
        for column in ("aliases", "nationalities"):
            if column in row:
                row[column] = json.loads(row[column])
        if "withheld" in row:
            row["withheld"] = bool(row["withheld"])
        row["_spellings"] = {row["name"], *row["aliases"]}
        self.rows[row_id] = row
        return row

    def find(self, kind: str, names: list[str], wanted_id: str | None) -> dict | None:
        if wanted_id:
            return self._load(wanted_id)
        for name in names:
            key = (kind, fold(name))
            found = self.recent.get(key)
            if found is None:
                row = self.conn.execute(
                    f"SELECT id FROM {self.keys} WHERE kind = ? AND key = ?", key
                ).fetchone()
                found = row[0] if row else None
            if found is not None:
                # A name, once known, keeps its id for the run: safe to remember.
                if len(self.recent) >= RECENT_NAMES:
                    self.recent.clear()
                self.recent[key] = found
                return self._load(found)
        return None

    def add(self, row: dict) -> dict:
        base = row["id"]
        suffix = 2
        while self._load(row["id"]) is not None:
            row["id"] = f"{base}-{suffix}"
            suffix += 1
        self.new.add(row["id"])
        return self._remember(row)

    def merge(self, row: dict, names: list[str], **extra) -> None:
        if all(name in row["_spellings"] for name in names) and all(
            row.get(key) == value for key, value in extra.items()
        ):
            return
        aliases = _merged(row["aliases"], *names, exclude=row["name"])
        updates = {key: value for key, value in extra.items() if value != row.get(key)}
        if aliases != row["aliases"] or updates:
            row["aliases"] = aliases
            row.update(updates)
            self._remember(row)
            self.changed.add(row["id"])

    def flush(self) -> None:
        """Write what the batch added or changed, and forget the rows it touched."""
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
        self.rows.clear()
        self.new.clear()
        self.changed.clear()


class _People(_Entities):
    def __init__(self, conn):
        super().__init__(conn, "people", ["id", "name", "aliases", "nationalities", "withheld"])

    def resolve(self, entry: PersonEntry) -> str:
        """The person's id; ValueError if a withheld person and a named one would meet."""
        row = self._load(entry.id) if entry.id else None
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
        self.recountried: set[str] = set()
        self.states = dict(conn.execute(
            "SELECT country, min(id) FROM actors WHERE kind = 'state' AND country IS NOT NULL "
            "GROUP BY country"
        ))

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
            row = self._load(self.states[country])
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
        if row["country"] is None and country is not None:
            self.recountried.add(row["id"])
        self.merge(row, names, country=row["country"] or country)
        return row["id"]

    def state(self, code: str) -> str:
        if code in self.states:
            return self.states[code]
        return self.resolve(
            ActorDeclaration(name=country_name(code), kind="state", country=code)
        )


_EVENT_COLUMNS = [
    "id", "title", "summary", "type", "status", "track", "date", "releasing_state",
    "receiving_state", "total_released", "total_released_lower_bound",
    "foreign_nationals", "foreign_nationals_lower_bound", "notes",
]


def _event_row(event: EventFile) -> dict:
    row = {name: getattr(event, name) for name in _EVENT_COLUMNS}
    row["type"], row["status"] = event.type.value, event.status.value
    date = parse_partial_date(event.date)
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

    def actor(self, actors: dict, reference) -> str | None:
        resolved = resolve_reference(actors, reference)
        if resolved is None:
            return None
        if isinstance(resolved, str):
            return self.actors.state(resolved)
        return self.actors.resolve(resolved)

    def add(self, item: ValidEvent) -> None:
        rows = self.rows
        event, document = item.event, item.document
        event_id = event.id
        actors = actor_index(event)
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
                "granted_by": self.actor(actors, concession.granted_by),
                "beneficiary": self.actor(actors, concession.beneficiary),
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
                "actor_id": self.actor(actors, statement.by),
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
                "according_to": self.actor(actors, count.according_to),
                "attribution": count.attribution,
                "source_id": count.source,
            })

    def take_problems(self) -> list[Problem]:
        problems, self.problems = self.problems, []
        return problems

    def events_of_regrouped_actors(self) -> list[str]:
        """Events whose concessions were granted by an actor that gained a country."""
        ids = sorted(self.actors.recountried)
        events = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            events |= {row[0] for row in self.conn.execute(
                f"SELECT event_id FROM concessions WHERE granted_by IN ({marks})", chunk
            )}
        return sorted(events)

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
        self.rows.clear()
        self.sources.clear()


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


def _delete_orphans(conn: sqlite3.Connection) -> None:
    """People, actors and sources that no event refers to any more."""
    for table, used in REFERENCED_IDS.items():
        conn.execute(f"DELETE FROM {table} WHERE id NOT IN ({used})")


def _sha256(path: str | Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def file_hashes(paths: list[str | Path]) -> list[dict]:
    return [{"file": str(path), "sha256": _sha256(path)} for path in paths]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _start_run(conn, command: str, files: list[dict]) -> int:
    cursor = conn.execute(
        "INSERT INTO ingest_runs (started_at, command, files, created, updated, "
        "unchanged, removed, tracker_version) VALUES (?, ?, ?, 0, 0, 0, 0, ?)",
        (_now(), command, json.dumps(files, ensure_ascii=False), __version__),
    )
    return cursor.lastrowid


def _finish_run(conn, run_id: int, report: IngestReport, removed: int = 0) -> None:
    conn.execute(
        "UPDATE ingest_runs SET created = ?, updated = ?, unchanged = ?, removed = ? "
        "WHERE id = ?",
        (len(report.created), len(report.updated), len(report.unchanged), removed, run_id),
    )


def _record_revisions(
    conn, run_id: int, action: str, event_ids: list[str],
    replaced: dict[str, dict], origins: dict[str, Document], digests: dict[str, str],
) -> None:
    """One row per change: the version it replaced (none for a creation), the input file
    and its SHA-256 (of the bytes read, or for a streamed file of the file as hashed)."""
    def origin(event_id):
        document = origins.get(event_id)
        if document is None:
            return None, None
        return document.file, document.sha256 or digests.get(document.file)

    conn.executemany(
        "INSERT INTO event_revisions (event_id, action, changed_at, ingest_run_id, file, "
        "file_sha256, document) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                event_id, action, _now(), run_id, *origin(event_id),
                json.dumps(replaced[event_id], ensure_ascii=False)
                if event_id in replaced else None,
            )
            for event_id in event_ids
        ],
    )


def _published_withheld_names(
    conn: sqlite3.Connection, events: list[ValidEvent], run: "_Run"
) -> list[Problem]:
    """A person cannot be withheld while the database gives their name: its history would
    keep it. The database is searched once a run, when a batch first withholds someone
    whose name the names file gives; what the run writes is validated against the file."""
    withheld = [
        (item, index, person.id)
        for item in events
        for index, person in enumerate(item.event.people)
        if person.withheld and person.id in run.names.spellings
    ]
    if not withheld:
        return []
    if run.published is None:
        places = defaultdict(list)
        for place in withheld_places(conn, run.names.finder):
            places[place.whose].append(place)
        run.published = {whose: describe(found) for whose, found in places.items()}
    return [
        item.document.problem(("people", index, "id"), (
            f"the database already gives the name withheld for {person_id!r} "
            f"({run.names.where[person_id]}): {run.published[person_id]}; "
            "accepted: run `tracker redact` first, which removes it from every table, "
            "the history and the database file"
        ))
        for item, index, person_id in withheld
        if run.published.get(person_id)
    ]


def _withheld_in_place_of_named(
    events: list[ValidEvent], before: dict[str, dict], event_people: list[dict], run: "_Run"
) -> list[Problem]:
    """An update that withholds someone where the event named someone before may withhold
    a published person; without their name (in the names file) ingest cannot search the
    database and its history for it, and refuses."""
    listed = defaultdict(set)
    for row in event_people:
        listed[row["event_id"]].add(row["person_id"])
    problems = []
    for item in events:
        earlier = before.get(item.event.id)
        if earlier is None:
            continue
        named_before = {p["id"] for p in earlier["people"] if not p["withheld"]}
        withheld_before = {p["id"] for p in earlier["people"] if p["withheld"]}
        if not named_before - listed[item.event.id]:
            continue
        problems += [
            item.document.problem(("people", index, "id"), (
                f"{person.id!r} is withheld where the earlier version of this event named "
                "someone it no longer lists; if that is the same person, the database and "
                f"its history still give the name. Accepted: the name under {person.id!r} "
                f"in the git-ignored data/{NAMES_FILE}, so that ingest can search for it "
                "(`tracker redact` then removes it)"
            ))
            for index, person in enumerate(item.event.people)
            if person.withheld and person.id not in withheld_before
            and person.id not in run.names.spellings
        ]
    return problems


BATCH = 500


def _batches(events: Iterable[ValidEvent]) -> Iterator[list[ValidEvent]]:
    iterator = iter(events)
    while batch := list(itertools.islice(iterator, BATCH)):
        yield batch


class _Run:
    """One ingest: its record, what it has done so far, and the problems it found."""

    def __init__(
        self, conn: sqlite3.Connection, command: str, files: list[dict], names: WithheldNames
    ):
        self.id = _start_run(conn, command, files)
        self.report = IngestReport()
        self.problems: list[Problem] = []
        self.digests = {entry["file"]: entry["sha256"] for entry in files}
        self.fresh = conn.execute("SELECT 1 FROM events LIMIT 1").fetchone() is None
        self.names = names
        # Where the database gave withheld names before the run (a fresh one gives none).
        self.published: dict[str, str] | None = {} if self.fresh else None


def _write_batch(conn, writer: "_Writer", batch: list[ValidEvent], run: _Run) -> None:
    """Write one batch, keeping the replaced version of every event it changes.

    In a fresh database (no events before the run) there is nothing to replace.
    """
    run.problems += _published_withheld_names(conn, batch, run)
    ids = [item.event.id for item in batch]
    before = {} if run.fresh else event_documents(conn, ids)
    _delete_events(conn, list(before))
    for item in batch:
        writer.add(item)
    run.problems += writer.take_problems()
    run.problems += _withheld_in_place_of_named(batch, before, writer.rows["event_people"], run)
    if run.problems:
        return
    writer.flush()
    if not run.fresh:
        refresh_serving_tables(conn, ids)
    after = event_documents(conn, list(before))
    report = run.report
    created, updated = [], []
    for event_id in ids:
        if event_id not in before:
            created.append(event_id)
        elif after[event_id] == before[event_id]:
            report.unchanged.append(event_id)
        else:
            updated.append(event_id)
    report.created += created
    report.updated += updated
    origins = {item.event.id: item.document for item in batch}
    _record_revisions(conn, run.id, "created", created, before, origins, run.digests)
    _record_revisions(conn, run.id, "updated", updated, before, origins, run.digests)


def write_events(
    conn: sqlite3.Connection,
    events: Iterable[ValidEvent],
    files: list[dict],
    command: str,
    validator: Validator | None = None,
    names: WithheldNames | None = None,
) -> IngestReport:
    """Insert or update events inside the caller's transaction, recording the run.

    InvalidInput if `validator` finds a problem anywhere in the stream, or if the
    events conflict with the database (a withheld name that it already gives, a
    withheld id used for a named person); the caller's transaction then rolls back.
    `names` are the withheld names (by default the validator's) that the database is
    searched for.
    """
    if names is None:
        names = validator.names if validator else WithheldNames()
    conn.execute("PRAGMA defer_foreign_keys = ON")
    run = _Run(conn, command, files, names)
    suspended = suspend_fts(conn) if run.fresh else None
    writer = _Writer(conn)
    for batch in _batches(events):
        if not run.problems and not (validator and validator.problems):
            _write_batch(conn, writer, batch, run)
    problems = (validator.problems if validator else []) + run.problems
    if problems:
        raise InvalidInput(problems)
    report = run.report
    if report.updated:
        _delete_orphans(conn)
    if run.fresh:
        refresh_serving_tables(conn)
    else:
        refresh_serving_tables(conn, writer.events_of_regrouped_actors())
    if suspended is not None:
        resume_fts(conn, suspended)
    _finish_run(conn, run.id, report)
    report.run_id = run.id
    return report


def save_events(
    conn: sqlite3.Connection,
    events: Iterable[ValidEvent],
    files: list[dict] | None = None,
    command: str = "ingest",
    validator: Validator | None = None,
    names: WithheldNames | None = None,
) -> IngestReport:
    """Insert or update events in one transaction; write nothing if nothing changes.

    `events` may be a stream: it is written in batches. InvalidInput, and nothing
    written, if `validator` finds a problem anywhere in the stream, or if the events
    conflict with the database (see `write_events`, which `names` is passed to).
    """
    ensure_db_shape(conn)
    use_wal(conn)
    try:
        with transaction(conn):
            report = write_events(conn, events, files or [], command, validator, names)
            if not report.changed:
                report.run_id = None
                raise _NothingChanged(report)
    except _NothingChanged as unchanged:
        return unchanged.report
    return report


def ingest_unlocked(
    db_path: Path, paths: list[str | Path], command: str, options: WriteOptions, created: bool,
    names: WithheldNames | None = None,
) -> IngestReport:
    """Ingest into a database that the caller holds the writer lock of, refusing the
    withheld `names` (from the local names file) wherever they are given.

    A database that this call `created` is not left behind when it fails.
    """
    validator = Validator(names)
    conn = connect(db_path, options.wait_seconds)
    try:
        report = save_events(
            conn, iter_valid_events(paths, validator), file_hashes(paths), command, validator
        )
        fold_log(conn, options)
        return report
    except BaseException:
        conn.close()
        conn = None
        if created:
            remove_database_files(db_path)
        raise
    finally:
        if conn is not None:
            conn.close()


def ingest_files(
    db_path: str | Path, paths: list[str | Path], command: str = "ingest",
    options: WriteOptions = WriteOptions(), names: WithheldNames | None = None,
) -> IngestReport:
    """Validate and write files as one stream and one transaction, holding the writer
    lock; the withheld `names` are refused wherever they are given.

    On any problem nothing is written (InvalidInput); a database that did not exist
    before is not left behind. CannotWrite if the database is not one tracker may
    write, or another writer holds it for longer than `options` waits.
    """
    with write_access(db_path, command, options) as state:
        return ingest_unlocked(
            Path(db_path), paths, command, options, created=state == "missing", names=names
        )


def clear_events(conn: sqlite3.Connection) -> None:
    """Delete every event, everything that hangs off it and the whole history, inside
    the caller's transaction: what a fresh build starts from. Countries (reference
    data) and any table that is not tracker's stay."""
    conn.execute("PRAGMA defer_foreign_keys = ON")
    suspended = suspend_fts(conn)
    for table in reversed(SQLModel.metadata.sorted_tables):
        if table.name in TRACKER_TABLES and table.name != Country.__tablename__:
            conn.execute(f"DELETE FROM [{table.name}]")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        conn.execute("DELETE FROM sqlite_sequence")
    resume_fts(conn, suspended)


def remove_event(conn: sqlite3.Connection, event_id: str) -> dict | None:
    """Remove one event, keeping its last version in the history; None if there is none."""
    ensure_db_shape(conn)
    with transaction(conn):
        documents = event_documents(conn, [event_id])
        if not documents:
            return None
        conn.execute("PRAGMA defer_foreign_keys = ON")
        _delete_events(conn, [event_id])
        refresh_serving_tables(conn, [event_id])
        _delete_orphans(conn)
        run_id = _start_run(conn, "remove", [])
        _finish_run(conn, run_id, IngestReport(), removed=1)
        _record_revisions(conn, run_id, "removed", [event_id], documents, {}, {})
    return documents[event_id]


def remove_from_database(
    db_path: str | Path, event_id: str, options: WriteOptions = WriteOptions()
) -> dict | None:
    """`remove_event` on an existing database, holding the writer lock."""
    with write_access(db_path, "remove", options, must_exist=True):
        conn = connect(db_path, options.wait_seconds)
        try:
            removed = remove_event(conn, event_id)
            fold_log(conn, options)
        finally:
            conn.close()
    return removed
