"""Shared records (sources, people, actors): found, checked and written, with their history.

A record exists once. An event refers to it by id (a source by a bare id; a person or
actor by `{id: …}` or by a name or alias that matches exactly one record) or declares it
inline; a declaration of a record that exists must agree with it (its spellings and
nationalities may be a subset; a field it leaves out declares nothing). A declaration
that disagrees is refused, naming both values: a reference never changes a record. Only
a registry document ingested with `--update` changes one, and `entity_revisions` keeps
the version it replaced.

Names are looked up in a temporary table and only the rows a batch touches are held in
memory, so that memory does not grow with the size of the database.
"""

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field

from ..reference.countries import UnknownCountry, country_code, country_name
from ..reference.names import fold, slugify
from ..schema.eventfile import ActorDeclaration, PersonDeclaration, SourceDeclaration
from ..schema.models import WITHHELD_NAME

EDIT_HINT = "to change it, edit its registry entry and ingest that with --update"
UPDATE_HINT = "accepted: the stored value, or --update to change it"

# How many name lookups each kind of record remembers (a bound, so memory stays flat).
RECENT_NAMES = 20_000


class RecordProblem(ValueError):
    """A reference or declaration that cannot be resolved; the message says why."""


def _json_list(values) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _shown(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(repr, value)) + "]" if value else "none"
    return "none" if value is None else repr(value)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class RecordChange:
    """A registry edit of a record: what changes, field by field."""

    table: str
    record_id: str
    differences: list[tuple[str, object, object]] = field(default_factory=list)


class _Table:
    """One table of shared records, matched by id and, for people and actors, by the
    folded spellings of their names."""

    def __init__(self, conn: sqlite3.Connection, table: str, columns: list[str],
                 named: bool, noun: str):
        self.conn, self.table, self.columns, self.noun = conn, table, columns, noun
        self.named = named
        self.rows: dict[str, dict] = {}
        self.new: set[str] = set()
        self.changed: dict[str, dict] = {}  # id -> the version it replaced
        self.origins: dict[str, str | None] = {}  # id -> the file that declared it
        self.recent: dict[tuple, tuple] = {}
        if named:
            self.keys = f"temp.{table}_keys"
            conn.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {table}_keys (kind TEXT NOT NULL, "
                "key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, key, id)) WITHOUT ROWID"
            )
            conn.execute(f"DELETE FROM {self.keys}")
            kind = "kind" if "kind" in columns else "''"
            withheld = "NOT withheld" if "withheld" in columns else "1"
            cursor = conn.execute(
                f"SELECT {kind}, id, name, aliases FROM {table} WHERE {withheld} ORDER BY rowid"
            )
            while chunk := cursor.fetchmany(1000):
                self._add_keys(
                    (row_kind, fold(name), row_id)
                    for row_kind, row_id, row_name, aliases in chunk
                    for name in (row_name, *json.loads(aliases))
                )

    def _add_keys(self, keys) -> None:
        # A spelling of punctuation alone folds to nothing: it identifies no one.
        self.conn.executemany(
            f"INSERT OR IGNORE INTO {self.keys} (kind, key, id) VALUES (?, ?, ?)",
            (key for key in keys if key[1])
        )

    def _index(self, row: dict) -> None:
        if self.named and not row.get("withheld"):
            kind = row.get("kind", "")
            self._add_keys((kind, fold(name), row["id"]) for name in spellings(row))
            self.recent.clear()

    def load(self, row_id: str) -> dict | None:
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
        self.rows[row_id] = row
        return row

    def matching(self, kind: str, names) -> list[str]:
        """Ids of the records of this kind ('' for people) that bear any of the names."""
        found: list[str] = []
        for name in names:
            key = (kind, fold(name))
            if not key[1]:
                continue
            ids = self.recent.get(key)
            if ids is None:
                ids = tuple(row_id for (row_id,) in self.conn.execute(
                    f"SELECT id FROM {self.keys} WHERE kind = ? AND key = ? ORDER BY id", key
                ))
                if len(self.recent) >= RECENT_NAMES:
                    self.recent.clear()
                self.recent[key] = ids
            found += [row_id for row_id in ids if row_id not in found]
        return found

    def create(self, row: dict, origin: str | None, keep_id: bool = False) -> dict:
        """A new record; its id made unique unless it was given."""
        base, suffix = row["id"], 2
        while not keep_id and self.load(row["id"]) is not None:
            row["id"] = f"{base}-{suffix}"
            suffix += 1
        self.rows[row["id"]] = row
        self.new.add(row["id"])
        self.origins[row["id"]] = origin
        self._index(row)
        return row

    def replace(self, row: dict, values: dict, origin: str | None) -> None:
        """An explicit edit: the record takes `values`, and its history the old version."""
        if row["id"] not in self.new and row["id"] not in self.changed:
            self.changed[row["id"]] = {column: row[column] for column in self.columns}
        row.update(values)
        self.origins[row["id"]] = origin
        self._index(row)

    def flush(self, run_id: int | None) -> None:
        """Write what the batch added or changed, with its history, and forget the rows."""
        def values(row):
            return [
                _json_list(row[c]) if isinstance(row[c], list) else row[c]
                for c in self.columns
            ]

        names = ", ".join(self.columns)
        marks = ", ".join("?" * len(self.columns))
        created = sorted(self.new)
        self.conn.executemany(
            f"INSERT INTO {self.table} ({names}) VALUES ({marks})",
            [values(self.rows[i]) for i in created],
        )
        assignments = ", ".join(f"{c} = ?" for c in self.columns[1:])
        updated = sorted(set(self.changed) - self.new)
        self.conn.executemany(
            f"UPDATE {self.table} SET {assignments} WHERE id = ?",
            [values(self.rows[i])[1:] + [i] for i in updated],
        )
        now = _now()
        self.conn.executemany(
            "INSERT INTO entity_revisions (table_name, record_id, action, changed_at, "
            "ingest_run_id, file, document) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(self.table, i, "created", now, run_id, self.origins.get(i), None) for i in created]
            + [(self.table, i, "updated", now, run_id, self.origins.get(i),
                json.dumps(self.changed[i], ensure_ascii=False)) for i in updated],
        )
        self.rows.clear()
        self.new.clear()
        self.changed.clear()
        self.origins.clear()


def spellings(row: dict) -> list[str]:
    return [name for name in (row.get("name"), *row.get("aliases", ())) if name]


def _disagreements(record: dict, declared: dict, noun: str) -> list[str]:
    """How an inline declaration differs from the record it names (spellings and
    nationalities may be a subset)."""
    found = []
    known = {fold(name) or name for name in spellings(record)}
    for name in declared.get("spellings", ()):
        if (fold(name) or name) not in known:
            found.append(
                f"{noun} {record['id']!r}: {name!r} here is not one of its spellings in "
                f"the database ({', '.join(map(repr, spellings(record)))}); {EDIT_HINT}"
            )
    for column in ("kind", "country", "title", "publisher", "url", "published", "language", "note"):
        if column in declared and declared[column] != record.get(column):
            found.append(
                f"{noun} {record['id']!r}: {column} {_shown(declared[column])} here, "
                f"{_shown(record.get(column))} in the database; {EDIT_HINT}"
            )
    extra = [code for code in declared.get("nationalities", ()) if code not in record.get("nationalities", ())]
    if extra:
        found.append(
            f"{noun} {record['id']!r}: nationalities {_shown(extra)} here, not in the "
            f"database ({_shown(record.get('nationalities', []))}); {EDIT_HINT}"
        )
    return found


class Records:
    """The shared records of one database, for one run."""

    def __init__(self, conn: sqlite3.Connection, update: bool = False):
        self.conn, self.update = conn, update
        self.sources = _Table(conn, "sources", ["id", "title", "publisher", "url", "published",
                                                "language", "note"], False, "source")
        self.people = _Table(conn, "people", ["id", "name", "aliases", "nationalities",
                                              "withheld"], True, "person")
        self.actors = _Table(conn, "actors", ["id", "name", "kind", "country", "aliases"],
                             True, "actor")
        self.states = dict(conn.execute(
            "SELECT country, min(id) FROM actors WHERE kind = 'state' AND country IS NOT NULL "
            "GROUP BY country"
        ))
        self.changes: list[RecordChange] = []

    def flush(self, run_id: int | None) -> None:
        for table in (self.sources, self.people, self.actors):
            table.flush(run_id)

    # ------------------------------------------------------------ sources

    def source(self, declaration: SourceDeclaration | str, origin: str | None) -> str:
        """The id of the source an event cites (a bare id refers to a known one);
        RecordProblem if it is unknown or its declaration disagrees with the stored one."""
        if isinstance(declaration, str):
            if self.sources.load(declaration) is None:
                raise RecordProblem(
                    f"no source {declaration!r} is known; accepted: the id of a source of "
                    "the database or of a registry given before it, or a declaration "
                    "{id, title, publisher, url, published, language, note}"
                )
            return declaration
        declared = declaration.declared()
        record = self.sources.load(declaration.id)
        if record is None:
            self.sources.create({column: declared.get(column) for column in self.sources.columns}
                                | {"id": declaration.id}, origin, keep_id=True)
            return declaration.id
        problems = _disagreements(record, declared, "source")
        if problems:
            raise RecordProblem(problems[0])
        return declaration.id

    # ------------------------------------------------------------ people

    def person(self, entry: PersonDeclaration, origin: str | None) -> str:
        """The id of the person an event names; RecordProblem otherwise."""
        if entry.withheld:
            return self._withheld(entry, origin)
        declared = {"spellings": [name for name in (entry.name, *entry.aliases) if name],
                    "nationalities": entry.nationalities}
        if entry.id:
            record = self.people.load(entry.id)
            if record is not None and record["withheld"]:
                raise RecordProblem(
                    f"{entry.id!r} is a person whose name is withheld; accepted: withheld: "
                    "true for this id (ingest never publishes a withheld name)"
                )
            if record is None:
                if entry.name is None:
                    raise RecordProblem(
                        f"no person {entry.id!r} is known; accepted: the id of a person of "
                        "the database or of a registry given before it, or a name"
                    )
                return self._new_person(entry, origin, entry.id)["id"]
        else:
            ids = self.people.matching("", declared["spellings"])
            if len(ids) > 1:
                raise RecordProblem(
                    f"{entry.name!r} names more than one person "
                    f"({', '.join(self._described(self.people, i) for i in ids)}); accepted: "
                    "{id: …} for the one meant"
                )
            if not ids:
                return self._new_person(entry, origin, None)["id"]
            record = self.people.load(ids[0])
        problems = _disagreements(record, declared, "person")
        if problems:
            raise RecordProblem(problems[0])
        return record["id"]

    def _new_person(self, entry: PersonDeclaration, origin, wanted_id) -> dict:
        return self.people.create({
            "id": wanted_id or slugify(entry.name),
            "name": entry.name,
            "aliases": [alias for alias in entry.aliases if fold(alias) != fold(entry.name)],
            "nationalities": sorted(set(entry.nationalities)),
            "withheld": False,
        }, origin, keep_id=wanted_id is not None)

    def _withheld(self, entry: PersonDeclaration, origin) -> str:
        record = self.people.load(entry.id)
        if record is None:
            self.people.create({
                "id": entry.id, "name": WITHHELD_NAME, "aliases": [],
                "nationalities": sorted(set(entry.nationalities)), "withheld": True,
            }, origin, keep_id=True)
            return entry.id
        if not record["withheld"]:
            raise RecordProblem(
                f"{entry.id!r} is a named person; accepted: an id of the curators' "
                "choosing that no named person has"
            )
        problems = _disagreements(record, {"nationalities": entry.nationalities}, "person")
        if problems:
            raise RecordProblem(problems[0])
        return entry.id

    @staticmethod
    def _described(table: _Table, row_id: str) -> str:
        row = table.load(row_id)
        return f"{row_id}: {row['name']}"

    # ------------------------------------------------------------ actors

    def actor(self, declaration: ActorDeclaration, origin: str | None) -> str:
        """The id of the actor a declaration names; RecordProblem otherwise."""
        declared: dict = {"spellings": [n for n in (declaration.name, *declaration.aliases) if n]}
        if declaration.kind is not None:
            declared["kind"] = declaration.kind.value
        if declaration.country is not None:
            declared["country"] = declaration.country
        if declaration.id:
            record = self.actors.load(declaration.id)
            if record is None:
                if declaration.name is None:
                    raise RecordProblem(
                        f"no actor {declaration.id!r} is known; accepted: the id of an actor "
                        "of the database or of a registry given before it, or a name and a kind"
                    )
                return self._new_actor(declaration, origin, declaration.id)["id"]
        else:
            kind = declaration.kind.value
            country = declaration.country
            if kind == "state" and country is None:
                country = _country_of(declaration.name)
            ids = self.actors.matching(kind, declared["spellings"])
            if not ids and kind == "state" and country in self.states:
                ids = [self.states[country]]
            if len(ids) > 1:
                raise RecordProblem(
                    f"{declaration.name!r} names more than one {kind} "
                    f"({', '.join(self._described(self.actors, i) for i in ids)}); accepted: "
                    "{id: …} for the one meant"
                )
            if not ids:
                return self._new_actor(declaration, origin, None, country)["id"]
            record = self.actors.load(ids[0])
        if record["kind"] == "state" and record["country"]:
            # A state is its country: any name of the country names it.
            declared["spellings"] = [
                name for name in declared["spellings"] if _country_of(name) != record["country"]
            ]
        problems = _disagreements(record, declared, "actor")
        if problems:
            raise RecordProblem(problems[0])
        return record["id"]

    def _new_actor(self, declaration: ActorDeclaration, origin, wanted_id, country=None) -> dict:
        kind = declaration.kind.value
        if kind == "state" and country is None:
            country = _country_of(declaration.name)
        row = self.actors.create({
            "id": wanted_id or slugify(declaration.name),
            "name": declaration.name,
            "kind": kind,
            "country": declaration.country or country,
            "aliases": [alias for alias in declaration.aliases
                        if fold(alias) != fold(declaration.name)],
        }, origin, keep_id=wanted_id is not None)
        if kind == "state" and row["country"]:
            self.states.setdefault(row["country"], row["id"])
        return row

    def state(self, code: str, origin: str | None) -> str:
        """The actor of a state named by its country."""
        if code in self.states:
            return self.states[code]
        return self.actor(
            ActorDeclaration(name=country_name(code), kind="state", country=code), origin
        )

    def known_actor(self, reference: str) -> str:
        """A reference by a known actor's id, name or alias; RecordProblem otherwise."""
        if self.actors.load(reference) is not None:
            return reference
        ids = self.actors.matching("state", [reference]) + self.actors.matching(
            "person", [reference]) + self.actors.matching("organisation", [reference])
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise RecordProblem(
                f"{reference!r} names more than one actor "
                f"({', '.join(self._described(self.actors, i) for i in ids)}); accepted: the "
                "id of the one meant"
            )
        raise RecordProblem(
            f"{reference!r} is neither an actor of this event, a country, nor a known "
            "actor; accepted: the id, name or alias of an entry under actors or of a known "
            "actor, a country, or an inline mapping {name:, kind:}"
        )

    # ------------------------------------------------------------ registries

    def register(self, section: str, record, origin: str | None) -> list[str]:
        """A registry's declaration of a record: created if new; if it differs from the
        stored record, the record changes with --update, and each difference is a
        problem without it. The problems."""
        table = {"sources": self.sources, "people": self.people, "actors": self.actors}[section]
        values = _registry_values(section, record)
        stored = table.load(record.id)
        if stored is None:
            created = table.create(values, origin, keep_id=True)
            if section == "actors" and created["kind"] == "state" and created["country"]:
                self.states.setdefault(created["country"], created["id"])
            return []
        differences = [
            (column, stored[column], values[column])
            for column in table.columns[1:] if _normal(stored[column]) != _normal(values[column])
        ]
        if not differences:
            return []
        self.changes.append(RecordChange(section, record.id, differences))
        if self.update:
            table.replace(stored, values, origin)
            return []
        return [
            f"{table.noun} {record.id!r}: {column} would change from {_shown(old)} to "
            f"{_shown(new)}; {UPDATE_HINT}"
            for column, old, new in differences
        ]


def _normal(value):
    return sorted(value) if isinstance(value, list) else value


def _registry_values(section: str, record) -> dict:
    if section == "sources":
        return record.model_dump(mode="json")
    if section == "people":
        withheld = record.withheld
        return {
            "id": record.id,
            "name": WITHHELD_NAME if withheld else record.name,
            "aliases": [] if withheld else
            [alias for alias in record.aliases if fold(alias) != fold(record.name)],
            "nationalities": sorted(set(record.nationalities)),
            "withheld": withheld,
        }
    country = record.country
    if record.kind.value == "state" and country is None:
        country = _country_of(record.name)
    return {
        "id": record.id, "name": record.name, "kind": record.kind.value, "country": country,
        "aliases": [alias for alias in record.aliases if fold(alias) != fold(record.name)],
    }


def _country_of(name: str | None) -> str | None:
    try:
        return country_code(name) if name else None
    except UnknownCountry:
        return None
