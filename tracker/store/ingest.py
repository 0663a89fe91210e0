"""Writing validated events and registries: insert or update, in one transaction, with history.

A new event is inserted; an event that exists and would change is refused unless the run
is an update (`--update`), and then replaced (its child rows too) with its previous
version kept in `event_revisions`. If nothing changes, nothing is written. Shared records
(sources, people, actors) are found, checked and created by `tracker.store.records`.
A dry run does all of it, reports what would change, and writes nothing.

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

from .. import __version__
from ..errors import InvalidInput, Problem
from ..files.readers import Document
from ..files.validate import ValidEvent, ValidRegistry, Validator, iter_valid_documents
from ..files.withheld import NAMES_FILE, WithheldNames
from ..reference.dates import parse_partial_date
from ..reference.names import fold
from ..schema import rules
from ..schema.catalog import tables
from ..schema.claims import parse_path, stored_text, typed_value
from ..schema.counts import Count
from ..schema.eventfile import (
    ALL, ActorDeclaration, ActorEntry, EventFile, REGISTRY_SECTIONS, actor_index,
    resolve_reference,
)
from ..schema.models import ALL_TABLES, COUNT_PARTS, Country
from sqlmodel import SQLModel

from .db import (
    connect, ensure_db_shape, fold_log, open_tracker_database, remove_database_files,
    resume_fts, suspend_fts, suspend_secondary_indexes, transaction, use_wal, write_access,
)
from .lock import WriteOptions
from .derived import events_granted_by, refresh_serving_tables
from .history import changes, dropped
from .nested import event_documents
from .records import Records, RecordProblem
from .redact import describe, withheld_places


@dataclass
class IngestReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    run_id: int | None = None
    # What changes (or would change, in a dry run): event id -> [(path, change)], and
    # the records a registry edits.
    changes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # What an update drops (people, actors, facts), event id -> one text per kind.
    drops: dict[str, list[str]] = field(default_factory=dict)
    record_changes: list = field(default_factory=list)
    created_records: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.record_changes or self.created_records)

    def summary(self) -> str:
        text = (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )
        if self.record_changes:
            text += f"; {len(self.record_changes)} shared record(s) updated"
        return text if self.changed else text + "; nothing to write"


class _Rollback(Exception):
    """Ends a transaction that must write nothing: nothing changed, or a dry run."""

    def __init__(self, report: "IngestReport"):
        self.report = report


def _count_columns(name: str, count: Count | None) -> dict:
    values = count.columns() if count is not None else (None, None, None, None)
    return dict(zip((name + part for part in COUNT_PARTS), values))


def _ids(values) -> str:
    return json.dumps(list(values), ensure_ascii=False)


_EVENT_COLUMNS = ["id", "title", "summary", "type", "track", "part_of", "notes"]
TRACKER_TABLES = {model.__tablename__ for model in ALL_TABLES}


class _Writer:
    """Turns events into rows for every table, resolving sources, people and actors."""

    def __init__(self, conn: sqlite3.Connection, records: Records):
        self.conn = conn
        self.records = records
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.problems: list[Problem] = []
        self.parts: list[tuple[str, str, Document]] = []  # (event, part_of, where)

    def _resolve(self, document: Document, loc: tuple, resolve, *args):
        try:
            return resolve(*args, document.file)
        except RecordProblem as error:
            self.problems.append(document.problem(loc, str(error)))
            return None

    def add(self, item: ValidEvent) -> None:
        event, document = item.event, item.document
        rows, event_id = self.rows, event.id
        rows["events"].append(
            {name: getattr(event, name) for name in _EVENT_COLUMNS}
            | {"type": event.type.value} | rules.derived_columns(event)
        )
        if event.part_of:
            self.parts.append((event_id, event.part_of, document))
        for position, source in enumerate(event.sources):
            source_id = self._resolve(document, ("sources", position), self.records.source, source)
            if source_id is not None:
                rows["event_sources"].append(
                    {"event_id": event_id, "source_id": source_id, "position": position})
        cited = lambda entry: _ids(event.cited(entry))  # noqa: E731 - read as a phrase
        for entry in event.dates:
            date = parse_partial_date(entry.date)
            rows["event_dates"].append({
                "event_id": event_id, "step": entry.step.value, "date": date.text,
                "date_precision": date.precision, "date_start": date.start,
                "date_end": date.end, "note": entry.note, "source_ids": cited(entry),
            })
        actor_ids = self._actors(item, cited)
        index = actor_index(event)

        def actor(loc, reference):
            if reference is None:
                return None
            resolved = resolve_reference(index, reference)
            if isinstance(resolved, ActorEntry):
                return actor_ids.get(id(resolved))
            if isinstance(resolved, ActorDeclaration):
                return self._resolve(document, loc, self.records.actor, resolved)
            if isinstance(resolved, str):
                return self._resolve(document, loc, self.records.state, resolved)
            return self._resolve(document, loc, lambda ref, _: self.records.known_actor(ref),
                                 reference)

        people: dict[str, tuple] = {}
        for position, transfer in enumerate(event.transfers):
            loc = ("transfers", position)
            political = transfer.count if transfer.political == ALL else transfer.political
            rows["transfers"].append({
                "event_id": event_id, "position": position,
                "from_state": transfer.from_,
                "held_by": actor(loc + ("held_by",), transfer.held_by),
                "to_state": transfer.to, "how": transfer.how.value,
                "status": transfer.status.value, "date": transfer.date,
                **_count_columns("count", transfer.count),
                **_count_columns("political", political),
                "all_political": transfer.political == ALL,
                **_count_columns("foreign_nationals", transfer.foreign),
                "note": transfer.note, "source_ids": cited(transfer),
            })
            for row, entry in enumerate(transfer.nationalities):
                rows["transfer_nationalities"].append({
                    "event_id": event_id, "transfer": position, "country": entry.country,
                    "position": row, **_count_columns("count", entry.count),
                    "source_ids": cited(entry),
                })
            for row, person in enumerate(transfer.people):
                person_loc = loc + ("people", row)
                person_id = self._resolve(document, person_loc + ("id",), self.records.person,
                                          person)
                if person_id is None:
                    continue
                if person_id in people:
                    self._listed_twice(document, person_loc + ("name",),
                                       person.name or person.id, people[person_id])
                    continue
                people[person_id] = person_loc
                rows["transfer_people"].append({
                    "event_id": event_id, "transfer": position, "person_id": person_id,
                    "position": row, "note": person.note, "source_ids": cited(person),
                })
        for position, concession in enumerate(event.concessions):
            loc = ("concessions", position)
            rows["concessions"].append({
                "event_id": event_id, "position": position, "kind": concession.kind.value,
                "description": concession.description, "status": concession.status.value,
                "disputed": concession.disputed or bool(concession.disputed_by),
                "dispute": concession.dispute, "source_ids": cited(concession),
            })
            for side, field_name in (("granted_by", "granted_by"), ("beneficiary", "beneficiaries")):
                seen = set()
                for order, reference in enumerate(getattr(concession, field_name)):
                    actor_id = actor(loc + (field_name, order), reference)
                    if actor_id is None or actor_id in seen:
                        continue
                    seen.add(actor_id)
                    rows["concession_parties"].append({
                        "event_id": event_id, "concession": position, "side": side,
                        "position": order, "actor_id": actor_id,
                    })
            for order, dispute in enumerate(concession.disputed_by):
                rows["concession_disputes"].append({
                    "event_id": event_id, "concession": position, "position": order,
                    "statement": dispute.statement, "source_id": dispute.source,
                })
        for position, statement in enumerate(event.statements):
            rows["statements"].append({
                "event_id": event_id, "position": position, "key": statement.key,
                "actor_id": actor(("statements", position, "by"), statement.by),
                "gist": statement.gist, "platform": statement.platform,
                "stance": statement.stance.value, "date": statement.date,
                "source_ids": cited(statement),
            })
        for position, claim in enumerate(event.claims):
            value = typed_value(parse_path(claim.about), claim.value)
            rows["claims"].append({
                "event_id": event_id, "position": position, "about": claim.about,
                "value": stored_text(value), "chosen": claim.chosen, "reason": claim.reason,
                "source_ids": cited(claim),
            })
        for position, count in enumerate(event.prisoner_counts):
            rows["prisoner_counts"].append({
                "event_id": event_id, "position": position, "country": count.country,
                "as_of": count.as_of, **_count_columns("count", count.count),
                "according_to": actor(("prisoner_counts", position, "according_to"),
                                      count.according_to),
                "attribution": count.attribution, "source_ids": cited(count),
            })

    def _actors(self, item: ValidEvent, cited) -> dict[int, str]:
        """The event's actors: their rows, and each entry's actor id (by the entry)."""
        event, document = item.event, item.document
        ids: dict[int, str] = {}
        roles: dict[tuple, int] = {}
        for position, entry in enumerate(event.actors):
            actor_id = self._resolve(document, ("actors", position), self.records.actor, entry)
            if actor_id is None:
                continue
            ids[id(entry)] = actor_id
            key = (actor_id, entry.role.value)
            if key in roles:
                self._listed_twice(document, ("actors", position, "name"),
                                   entry.name or entry.id, ("actors", roles[key]),
                                   f"in role {entry.role.value!r}")
                continue
            roles[key] = position
            self.rows["event_actors"].append({
                "event_id": event.id, "actor_id": actor_id, "role": entry.role.value,
                "position": position, "description": entry.description,
                "source_ids": cited(entry),
            })
        return ids

    def _listed_twice(self, document, loc, name, first, what="") -> None:
        """Two entries of one event that the database knows as one person or actor."""
        from ..errors import format_path

        self.problems.append(document.problem(
            loc,
            f"{name!r} is the same as {format_path(first)}{' ' + what if what else ''}; "
            "accepted: each once, with other spellings as aliases",
        ))

    def take_problems(self) -> list[Problem]:
        problems, self.problems = self.problems, []
        return problems

    def flush(self, run_id: int | None) -> None:
        self.records.flush(run_id)
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


CHILD_TABLES = [
    "event_dates",
    "transfers",
    "transfer_nationalities",
    "transfer_people",
    "event_actors",
    "concession_parties",
    "concession_disputes",
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


def _withheld_people(items: list) -> Iterator[tuple[Document, tuple, str]]:
    """(document, location, id) of every withheld person that events and registries give."""
    for item in items:
        if isinstance(item, ValidEvent):
            people = item.event.people()
        else:
            people = ((("people", index), person)
                      for index, person in enumerate(item.registry.people))
        for loc, person in people:
            if person.withheld:
                yield item.document, loc, person.id


def _published_withheld_names(conn: sqlite3.Connection, items: list, run: "_Run") -> list[Problem]:
    """A person cannot be withheld while the database gives their name: its history would
    keep it. The database is searched once a run, when a batch first withholds someone
    whose name the names file gives; what the run writes is validated against the file."""
    withheld = [(document, loc, person_id) for document, loc, person_id in _withheld_people(items)
                if person_id in run.names.spellings]
    if not withheld:
        return []
    if run.published is None:
        places = defaultdict(list)
        for place in withheld_places(conn, run.names.finder):
            places[place.whose].append(place)
        run.published = {whose: describe(found) for whose, found in places.items()}
    return [
        document.problem(loc + ("id",), (
            f"the database already gives the name withheld for {person_id!r} "
            f"({run.names.where[person_id]}): {run.published[person_id]}; "
            "accepted: run `tracker redact` first, which removes it from every table, "
            "the history and the database file"
        ))
        for document, loc, person_id in withheld
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
        if not isinstance(item, ValidEvent):
            continue
        earlier = before.get(item.event.id)
        if earlier is None:
            continue
        earlier_people = [person for transfer in earlier["transfers"]
                          for person in transfer.get("people", [])]
        named_before = {p["id"] for p in earlier_people if not p.get("withheld")}
        withheld_before = {p["id"] for p in earlier_people if p.get("withheld")}
        if not named_before - listed[item.event.id]:
            continue
        problems += [
            item.document.problem(loc + ("id",), (
                f"{person.id!r} is withheld where the earlier version of this event named "
                "someone it no longer lists; if that is the same person, the database and "
                f"its history still give the name. Accepted: the name under {person.id!r} "
                f"in the git-ignored data/{NAMES_FILE}, so that ingest can search for it "
                "(`tracker redact` then removes it)"
            ))
            for loc, person in item.event.people()
            if person.withheld and person.id not in withheld_before
            and person.id not in run.names.spellings
        ]
    return problems


BATCH = 500


def _batches(items: Iterable) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, BATCH)):
        yield batch


class _Run:
    """One ingest: its record, what it has done so far, and the problems it found."""

    def __init__(self, conn: sqlite3.Connection, command: str, files: list[dict],
                 names: WithheldNames, update: bool, dry_run: bool):
        self.id = _start_run(conn, command, files)
        self.report = IngestReport()
        self.problems: list[Problem] = []
        self.update, self.dry_run = update, dry_run
        self.digests = {entry["file"]: entry["sha256"] for entry in files}
        self.fresh = conn.execute("SELECT 1 FROM events LIMIT 1").fetchone() is None
        self.names = names
        # Where the database gave withheld names before the run (a fresh one gives none).
        self.published: dict[str, str] | None = {} if self.fresh else None


def _register(writer: _Writer, item: ValidRegistry, run: _Run) -> None:
    """A registry's records: created, or changed with --update (refused without it)."""
    for section in REGISTRY_SECTIONS:
        for index, record in enumerate(getattr(item.registry, section)):
            for message in writer.records.register(section, record, item.document.file):
                run.problems.append(item.document.problem((section, index), message))


def _write_batch(conn, writer: _Writer, batch: list, run: _Run, failing: bool) -> None:
    """Write one batch, keeping the replaced version of every event it changes.

    In a fresh database (no events before the run) there is nothing to replace. Once a
    problem is found (`failing`), nothing more is written, but every event is still
    resolved against the shared records, so that each of their problems is reported too.
    """
    run.problems += _published_withheld_names(conn, batch, run)
    events = [item for item in batch if isinstance(item, ValidEvent)]
    for item in batch:
        if isinstance(item, ValidRegistry):
            _register(writer, item, run)
    if failing or run.problems:
        for item in events:
            writer.add(item)
        run.problems += writer.take_problems()
        writer.rows.clear()
        return
    ids = [item.event.id for item in events]
    before = {} if run.fresh else event_documents(conn, ids)
    _delete_events(conn, list(before))
    for item in events:
        writer.add(item)
    run.problems += writer.take_problems()
    run.problems += _withheld_in_place_of_named(batch, before, writer.rows["transfer_people"], run)
    if run.problems:
        return
    writer.flush(run.id)
    if not run.fresh:
        refresh_serving_tables(conn, ids)
    after = event_documents(conn, list(before))
    report = run.report
    created, updated = [], []
    origins = {item.event.id: item.document for item in events}
    for event_id in ids:
        if event_id not in before:
            created.append(event_id)
        elif after[event_id] == before[event_id]:
            report.unchanged.append(event_id)
        else:
            updated.append(event_id)
            found = changes(before[event_id], after[event_id])
            report.changes[event_id] = found
            report.drops[event_id] = dropped(before[event_id], after[event_id])
            if not (run.update or run.dry_run):
                document = origins[event_id]
                run.problems += [
                    document.problem((), f"{path}: would change ({change}); accepted: the "
                                         "event as stored, or --update to change it")
                    for path, change in found
                ]
                if report.drops[event_id]:
                    run.problems.append(document.problem((), (
                        f"an update would drop {'; '.join(report.drops[event_id])}; accepted: "
                        "the event as stored, or --update to change it")))
    report.created += created
    report.updated += updated
    _record_revisions(conn, run.id, "created", created, before, origins, run.digests)
    _record_revisions(conn, run.id, "updated", updated, before, origins, run.digests)


def _check_parts(conn: sqlite3.Connection, parts: list[tuple[str, str, Document]]) -> list[Problem]:
    """`part_of` names an event of the database that is itself part of no other."""
    problems = []
    for event_id, part_of, document in parts:
        row = conn.execute("SELECT part_of FROM events WHERE id = ?", (part_of,)).fetchone()
        if row is None:
            problems.append(document.problem(("part_of",), (
                f"{part_of!r} is no event of the database or of this batch; accepted: the "
                "id of the larger deal this event is a step of")))
        elif row[0] is not None:
            problems.append(document.problem(("part_of",), (
                f"{part_of!r} is itself part of {row[0]!r}; accepted: the larger deal, "
                f"{row[0]!r}")))
    return problems


def write_events(
    conn: sqlite3.Connection,
    items: Iterable,
    files: list[dict],
    command: str,
    validator: Validator | None = None,
    names: WithheldNames | None = None,
    update: bool = False,
    dry_run: bool = False,
) -> IngestReport:
    """Write events and registries inside the caller's transaction, recording the run.

    InvalidInput if `validator` finds a problem anywhere in the stream, if the items
    conflict with the database (a declaration that disagrees with a stored record, a
    withheld name that it already gives, a withheld id used for a named person), or if
    they would change a stored event or record and this is no update; the caller's
    transaction then rolls back. `names` are the withheld names (by default the
    validator's) that the database is searched for.
    """
    if names is None:
        names = validator.names if validator else WithheldNames()
    conn.execute("PRAGMA defer_foreign_keys = ON")
    run = _Run(conn, command, files, names, update, dry_run)
    # Into an empty database, the indexes are built once, after the load.
    suspended = suspend_fts(conn) + suspend_secondary_indexes(conn) if run.fresh else None
    writer = _Writer(conn, Records(conn, update=update))
    for batch in _batches(items):
        _write_batch(conn, writer, batch, run, bool(validator and validator.problems))
    run.problems += _check_parts(conn, writer.parts)
    problems = (validator.problems if validator else []) + run.problems
    if problems:
        raise InvalidInput(problems)
    report = run.report
    report.record_changes = writer.records.changes
    report.created_records = conn.execute(
        "SELECT count(*) FROM entity_revisions WHERE ingest_run_id = ? AND action = 'created'",
        (run.id,),
    ).fetchone()[0]
    if run.fresh:
        refresh_serving_tables(conn)
    else:
        edited = [change.record_id for change in report.record_changes if change.table == "actors"]
        refresh_serving_tables(conn, events_granted_by(conn, edited))
    if suspended is not None:
        resume_fts(conn, suspended)
    _finish_run(conn, run.id, report)
    report.run_id = run.id
    return report


def save_events(
    conn: sqlite3.Connection,
    items: Iterable,
    files: list[dict] | None = None,
    command: str = "ingest",
    validator: Validator | None = None,
    names: WithheldNames | None = None,
    update: bool = False,
    dry_run: bool = False,
) -> IngestReport:
    """Write events and registries in one transaction; write nothing if nothing changes.

    `items` (ValidEvent and ValidRegistry) may be a stream: it is written in batches.
    InvalidInput, and nothing written, as `write_events` says (which `names` is passed
    to). A dry run checks all of it, writes nothing and returns what would change.
    """
    ensure_db_shape(conn)
    if not dry_run:
        use_wal(conn)
    try:
        with transaction(conn):
            report = write_events(conn, items, files or [], command, validator, names,
                                  update, dry_run)
            if dry_run or not report.changed:
                report.run_id = None
                raise _Rollback(report)
    except _Rollback as rollback:
        return rollback.report
    return report


def ingest_unlocked(
    db_path: Path, paths: list[str | Path], command: str, options: WriteOptions, created: bool,
    names: WithheldNames | None = None, update: bool = False, dry_run: bool = False,
) -> IngestReport:
    """Ingest into a database that the caller holds the writer lock of, refusing the
    withheld `names` (from the local names file) wherever they are given.

    A database that this call `created` is not left behind when it fails, nor after a
    dry run.
    """
    validator = Validator(names)
    conn = connect(db_path, options.wait_seconds)
    try:
        report = save_events(
            conn, iter_valid_documents(paths, validator), file_hashes(paths), command,
            validator, names, update=update, dry_run=dry_run,
        )
        if not dry_run:
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
        if dry_run and created:
            remove_database_files(db_path)


def ingest_files(
    db_path: str | Path, paths: list[str | Path], command: str = "ingest",
    options: WriteOptions = WriteOptions(), names: WithheldNames | None = None,
    update: bool = False, dry_run: bool = False,
) -> IngestReport:
    """Validate and write files as one stream and one transaction, holding the writer
    lock; the withheld `names` are refused wherever they are given.

    On any problem nothing is written (InvalidInput); a database that did not exist
    before is not left behind. CannotWrite if the database is not one tracker may
    write, or another writer holds it for longer than `options` waits.
    """
    with write_access(db_path, command, options) as state:
        return ingest_unlocked(Path(db_path), paths, command, options,
                               created=state == "missing", names=names, update=update,
                               dry_run=dry_run)


def check_files(
    db_path: str | Path, paths: list[str | Path], names: WithheldNames | None = None
) -> IngestReport:
    """Check files as an ingest would, against a copy in memory of the database when there
    is one, else against an empty one: InvalidInput listing every problem. Writes nothing
    and waits for no writer: the copy is a snapshot of what the database held."""
    conn = connect(":memory:")
    if Path(db_path).exists():
        source = open_tracker_database(db_path)
        try:
            source.backup(conn)
        finally:
            source.close()
    return _check_in(conn, paths, names)


def _check_in(
    conn: sqlite3.Connection, paths: list[str | Path], names: WithheldNames | None
) -> IngestReport:
    validator = Validator(names)
    try:
        return save_events(conn, iter_valid_documents(paths, validator), [], "validate",
                           validator, names, update=True, dry_run=True)
    finally:
        conn.close()


def clear_events(conn: sqlite3.Connection) -> None:
    """Delete every event, everything that hangs off it, the shared records and the
    whole history, inside the caller's transaction: what a fresh build starts from.
    Countries (reference data) and any table that is not tracker's stay."""
    conn.execute("PRAGMA defer_foreign_keys = ON")
    suspended = suspend_fts(conn)
    for table in reversed(SQLModel.metadata.sorted_tables):
        if table.name in TRACKER_TABLES and table.name != Country.__tablename__:
            conn.execute(f"DELETE FROM [{table.name}]")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        conn.execute("DELETE FROM sqlite_sequence")
    resume_fts(conn, suspended)


def remove_event(conn: sqlite3.Connection, event_id: str) -> dict | None:
    """Remove one event, keeping its last version in the history; None if there is none.
    ValueError if other events are part of it."""
    ensure_db_shape(conn)
    with transaction(conn):
        documents = event_documents(conn, [event_id])
        if not documents:
            return None
        steps = [row[0] for row in conn.execute(
            "SELECT id FROM events WHERE part_of = ? ORDER BY id", (event_id,))]
        if steps:
            raise ValueError(
                f"{', '.join(steps)} {'is' if len(steps) == 1 else 'are'} part of "
                f"{event_id!r}; remove {'it' if len(steps) == 1 else 'them'}, or change "
                "their part_of, first"
            )
        conn.execute("PRAGMA defer_foreign_keys = ON")
        _delete_events(conn, [event_id])
        refresh_serving_tables(conn, [event_id])
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
