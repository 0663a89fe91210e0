"""Events read back from the database as nested documents, in the event-file shape.

What `ingest` reads, this writes: a document validates as an event file and, ingested
into an empty database, gives the same rows. Used for revisions and for exports.
"""

import copy
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator

CHUNK = 500

_CHILD_QUERIES = {
    "nationalities": """
        SELECT event_id, country, count, count_lower_bound, source_id
        FROM event_nationalities WHERE event_id IN ({ids}) ORDER BY event_id, rowid""",
    "people": """
        SELECT ep.event_id, p.id, p.name, p.aliases, p.nationalities, p.withheld, ep.note,
               ep.source_id
        FROM event_people ep JOIN people p ON p.id = ep.person_id
        WHERE ep.event_id IN ({ids}) ORDER BY ep.event_id, ep.position""",
    "actors": """
        SELECT ea.event_id, a.id, a.name, a.kind, a.country, a.aliases, ea.role,
               ea.description, ea.source_id
        FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
        WHERE ea.event_id IN ({ids}) ORDER BY ea.event_id, ea.position""",
    "concessions": """
        SELECT event_id, kind, granted_by, beneficiary, description, status, disputed,
               dispute, source_id
        FROM concessions WHERE event_id IN ({ids}) ORDER BY event_id, position""",
    "statements": """
        SELECT event_id, actor_id, gist, platform, stance, date, source_id
        FROM statements WHERE event_id IN ({ids}) ORDER BY event_id, position""",
    "claims": """
        SELECT event_id, field, value, source_id, chosen, note
        FROM claims WHERE event_id IN ({ids}) ORDER BY event_id, position""",
    "prisoner_counts": """
        SELECT event_id, country, as_of, count, approximate, according_to, attribution,
               source_id
        FROM prisoner_counts WHERE event_id IN ({ids}) ORDER BY event_id, position""",
    "sources": """
        SELECT es.event_id, s.id, s.title, s.publisher, s.url, s.published, s.note
        FROM event_sources es JOIN sources s ON s.id = es.source_id
        WHERE es.event_id IN ({ids}) ORDER BY es.event_id, es.position""",
}

_EVENT_COLUMNS = (
    "id, title, summary, type, status, track, date, releasing_state, receiving_state, "
    "total_released, total_released_lower_bound, foreign_nationals, "
    "foreign_nationals_lower_bound, notes"
)
_FLAGS = {
    "total_released_lower_bound",
    "foreign_nationals_lower_bound",
    "count_lower_bound",
    "disputed",
    "chosen",
    "approximate",
    "withheld",
}


def _row(cursor: sqlite3.Cursor, values: tuple) -> dict:
    row = {}
    for (name, *_), value in zip(cursor.description, values):
        row[name] = bool(value) if name in _FLAGS else value
    return row


def _children(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, list]]:
    placeholders = ", ".join("?" * len(ids))
    children: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for section, query in _CHILD_QUERIES.items():
        cursor = conn.execute(query.format(ids=placeholders), ids)
        for values in cursor:
            row = _row(cursor, values)
            children[row.pop("event_id")][section].append(row)
    return children


def _actor_declarations(conn: sqlite3.Connection, ids: set[str]) -> dict[str, dict]:
    if not ids:
        return {}
    placeholders = ", ".join("?" * len(ids))
    cursor = conn.execute(
        f"SELECT id, name, kind, country, aliases FROM actors WHERE id IN ({placeholders})",
        sorted(ids),
    )
    return {row["id"]: _declaration(row) for row in (_row(cursor, v) for v in cursor)}


def _declaration(actor: dict) -> dict:
    return {
        "id": actor["id"],
        "name": actor["name"],
        "kind": actor["kind"],
        "country": actor["country"],
        "aliases": json.loads(actor["aliases"]),
    }


def _document(event: dict, children: dict[str, list], declarations: dict) -> dict:
    listed = {actor["id"] for actor in children["actors"]}

    def reference(actor_id):
        if actor_id is None or actor_id in listed:
            return actor_id
        # A copy each time: documents share no objects, so changing one changes no other.
        return copy.deepcopy(declarations[actor_id])

    def source(row):
        row["source"] = row.pop("source_id")
        return row

    people = []
    for row in children["people"]:
        row["aliases"] = json.loads(row["aliases"])
        row["nationalities"] = json.loads(row["nationalities"])
        people.append(source(row))
    actors = []
    for row in children["actors"]:
        entry = _declaration(row)
        entry.update(role=row["role"], description=row["description"])
        entry["source"] = row["source_id"]
        actors.append(entry)
    concessions = []
    for row in children["concessions"]:
        row["granted_by"] = reference(row["granted_by"])
        row["beneficiary"] = reference(row["beneficiary"])
        concessions.append(source(row))
    statements = []
    for row in children["statements"]:
        by = reference(row.pop("actor_id"))
        statements.append(source({"by": by, **row}))
    counts = []
    for row in children["prisoner_counts"]:
        row["according_to"] = reference(row["according_to"])
        counts.append(source(row))
    return {
        **event,
        "nationalities": [source(row) for row in children["nationalities"]],
        "people": people,
        "actors": actors,
        "concessions": concessions,
        "statements": statements,
        "claims": [source(row) for row in children["claims"]],
        "prisoner_counts": counts,
        "sources": children["sources"],
    }


def iter_event_documents(
    conn: sqlite3.Connection, where: str = "", params: tuple | list = ()
) -> Iterator[dict]:
    """Nested documents of the events matching `where`, ordered by id, streamed in chunks."""
    query = f"SELECT {_EVENT_COLUMNS} FROM events {where} ORDER BY id"
    cursor = conn.execute(query, params)
    columns = cursor.description
    while True:
        batch = cursor.fetchmany(CHUNK)
        if not batch:
            return
        events = [
            {name: (bool(v) if name in _FLAGS else v) for (name, *_), v in zip(columns, values)}
            for values in batch
        ]
        ids = [event["id"] for event in events]
        children = _children(conn, ids)
        referenced = set()
        for event_children in children.values():
            listed = {actor["id"] for actor in event_children["actors"]}
            for row in event_children["concessions"]:
                referenced |= {row["granted_by"], row["beneficiary"]} - listed
            for row in event_children["statements"]:
                referenced |= {row["actor_id"]} - listed
            for row in event_children["prisoner_counts"]:
                referenced |= {row["according_to"]} - listed
        declarations = _actor_declarations(conn, referenced - {None})
        for event in events:
            yield _document(event, children[event["id"]], declarations)


def event_document(conn: sqlite3.Connection, event_id: str) -> dict | None:
    """The nested document of one event, or None if there is no such event."""
    return next(iter_event_documents(conn, "WHERE id = ?", (event_id,)), None)


def event_documents(conn: sqlite3.Connection, event_ids: list[str]) -> dict[str, dict]:
    """Nested documents of the given events, by id."""
    documents = {}
    for start in range(0, len(event_ids), CHUNK):
        chunk = event_ids[start : start + CHUNK]
        placeholders = ", ".join("?" * len(chunk))
        for document in iter_event_documents(conn, f"WHERE id IN ({placeholders})", chunk):
            documents[document["id"]] = document
    return documents
