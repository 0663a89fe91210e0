"""The history of an event: every change, oldest first, and what it changed field by field.

`event_revisions` keeps one row per change with the version it replaced; the version a
change made is the one the next change replaced, or the event as it is now. The
field-level differences between two versions come from DeepDiff, with list entries
matched by what identifies them (a country, a person's or source's id, an actor in a
role) rather than by position, so that removing one entry shows as one removal.
"""

import json
import sqlite3
from dataclasses import dataclass, field

from deepdiff import DeepDiff
from deepdiff.helper import CannotCompare, notpresent

from ..schema.eventfile import FIELD_ORDER
from .nested import event_document

# What identifies an entry of a list in an event document, tried in order.
_ENTRY_KEYS = (("id", "role"), ("id",), ("country",), ("step",), ("key",))


@dataclass
class Change:
    revision: int
    action: str  # created, updated or removed
    changed_at: str
    run_id: int | None
    command: str | None
    file: str | None
    file_sha256: str | None
    differences: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        run = f"run {self.run_id} ({self.command})" if self.run_id else "no run recorded"
        lines = [f"revision {self.revision}: {self.action} {self.changed_at}, {run}"]
        if self.file:
            lines.append(f"  file: {self.file} sha256 {self.file_sha256}")
        lines += [f"  {difference}" for difference in self.differences]
        return lines


def _entry_key(entry) -> tuple | None:
    if not isinstance(entry, dict):
        return None
    for names in _ENTRY_KEYS:
        if all(name in entry for name in names):
            return tuple(entry[name] for name in names)
    return None


def _same_entry(first, second, level=None) -> bool:
    key = _entry_key(first)
    if key is None or _entry_key(second) is None:
        raise CannotCompare()
    return key == _entry_key(second)


def _readable_path(level) -> str:
    """'nationalities[GB].count': list entries named by their key, not their position.

    Walks DeepDiff's chain of levels from the root, since the indexes in its paths
    refer to the other version when entries were matched out of order.
    """
    chain = []
    while level.up is not None:
        chain.append(level)
        level = level.up
    text = ""
    for node in reversed(chain):
        side = "t2" if node.t2 is not notpresent else "t1"
        present = getattr(node, side)
        relation = getattr(node.up, f"{side}_child_rel") or node.up.t1_child_rel
        if isinstance(relation.param, int):
            key = _entry_key(present)
            text += f"[{'/'.join(map(str, key))}]" if key else f"[{relation.param}]"
        else:
            text += f".{relation.param}" if text else str(relation.param)
    return text


def _shown(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def changes(before: dict, after: dict) -> list[tuple[str, str]]:
    """What changed from one version of an event to the next: (field, change) per field,
    in the order of the format (`transfers[0].count`, `13 → 16`)."""
    diff = DeepDiff(before, after, view="tree", iterable_compare_func=_same_entry)
    found = []
    for kind, levels in diff.items():
        for level in levels:
            if kind == "iterable_item_moved":
                continue
            where = _readable_path(level)
            top = where.split(".")[0].split("[")[0]
            if kind.endswith("_removed"):
                text = f"removed {_shown(level.t1)}"
            elif kind.endswith("_added"):
                text = f"added {_shown(level.t2)}"
            else:
                text = f"{_shown(level.t1)} → {_shown(level.t2)}"
            order = FIELD_ORDER.index(top) if top in FIELD_ORDER else len(FIELD_ORDER)
            found.append((order, where, text))
    if not found and before != after:
        return [("", "the order of entries changed")]
    return [(where, text) for _, where, text in sorted(found)]


def differences(before: dict, after: dict) -> list[str]:
    """What changed from one version of an event to the next, one line per field."""
    return [f"{where}: {text}" if where else text for where, text in changes(before, after)]


# The facts of an event, by the list that holds them, and what one of them is called.
_FACTS = (("dates", "dated step"), ("concessions", "concession"), ("statements", "statement"),
          ("prisoner_counts", "remaining-prisoner count"), ("claims", "claim"),
          ("sources", "source"))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def dropped(before: dict, after: dict) -> list[str]:
    """What an update from one version of an event to the next drops: the people no
    transfer frees any more and the actors' roles by name, and how many of each other
    kind of fact."""
    def people(document):
        return {person["id"]: person.get("name", person["id"])
                for transfer in document.get("transfers", [])
                for person in transfer.get("people", [])}

    def actors(document):
        return {(actor["id"], actor["role"]): f"{actor.get('name', actor['id'])} "
                f"({actor['role'].replace('_', ' ')})"
                for actor in document.get("actors", []) if isinstance(actor, dict)}

    found = []
    for named, noun in ((people, "person"), (actors, "actor")):
        gone = [name for key, name in named(before).items() if key not in named(after)]
        if gone:
            found.append(f"{_plural(len(gone), noun).replace('persons', 'people')}: "
                         f"{', '.join(gone)}")
    for name, noun in _FACTS:
        fewer = len(before.get(name, [])) - len(after.get(name, []))
        if fewer > 0:
            found.append(_plural(fewer, noun))
    return found


def event_history(conn: sqlite3.Connection, event_id: str) -> list[Change]:
    """Every recorded change to an event, oldest first; empty if it never existed."""
    rows = conn.execute(
        "SELECT r.id, r.action, r.changed_at, r.ingest_run_id, runs.command, r.file, "
        "r.file_sha256, r.document FROM event_revisions r "
        "LEFT JOIN ingest_runs runs ON runs.id = r.ingest_run_id "
        "WHERE r.event_id = ? ORDER BY r.id",
        [event_id],
    ).fetchall()
    replaced = [json.loads(row[-1]) if row[-1] else None for row in rows]
    made = replaced[1:] + [event_document(conn, event_id)]
    changes = []
    for row, before, after in zip(rows, replaced, made):
        change = Change(*row[:-1])
        if before is not None and after is not None:
            change.differences = differences(before, after)
        changes.append(change)
    return changes


_RECORD_COLUMNS = {
    "sources": ("id", "title", "publisher", "url", "published", "language", "note"),
    "people": ("id", "name", "aliases", "nationalities", "withheld"),
    "actors": ("id", "name", "kind", "country", "aliases"),
}


def _record(conn: sqlite3.Connection, table: str, record_id: str) -> dict | None:
    columns = _RECORD_COLUMNS[table]
    row = conn.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", (record_id,)
    ).fetchone()
    if row is None:
        return None
    record = dict(zip(columns, row))
    for column in ("aliases", "nationalities"):
        if column in record:
            record[column] = json.loads(record[column])
    if "withheld" in record:
        record["withheld"] = bool(record["withheld"])
    return record


def _as_stored(document: dict) -> dict:
    return {
        key: json.loads(value) if key in ("aliases", "nationalities") and isinstance(value, str)
        else (bool(value) if key == "withheld" else value)
        for key, value in document.items()
    }


def entity_history(conn: sqlite3.Connection, table: str, record_id: str) -> list[Change]:
    """Every recorded change to a shared record (sources, people or actors), oldest first."""
    rows = conn.execute(
        "SELECT r.id, r.action, r.changed_at, r.ingest_run_id, runs.command, r.file, "
        "NULL, r.document FROM entity_revisions r "
        "LEFT JOIN ingest_runs runs ON runs.id = r.ingest_run_id "
        "WHERE r.table_name = ? AND r.record_id = ? ORDER BY r.id",
        [table, record_id],
    ).fetchall()
    replaced = [_as_stored(json.loads(row[-1])) if row[-1] else None for row in rows]
    made = replaced[1:] + [_record(conn, table, record_id)]
    changes = []
    for row, before, after in zip(rows, replaced, made):
        change = Change(*row[:-1])
        if before is not None and after is not None:
            change.differences = [
                f"{column}: {_shown(before.get(column))} → {_shown(after.get(column))}"
                for column in _RECORD_COLUMNS[table] if before.get(column) != after.get(column)
            ]
        changes.append(change)
    return changes
