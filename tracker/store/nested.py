"""Events read back from the database as nested documents, in the event-file shape (format 2).

What `ingest` reads, this writes: a document validates as an event file and, ingested
into an empty database, gives the same rows. It is canonical: a field that is unknown
or empty is left out, a count is written in its shortest form, and a fact's sources are
left out exactly when the event cites one source. Each document is whole on its own
(its sources, people and actors declared in full), so an export can be ingested
anywhere. Used for revisions, for exports and for `tracker check`.
"""

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator

from ..schema.claims import from_stored, parse_path, stored_text, typed_value
from ..schema.counts import Count
from ..schema.models import COUNT_PARTS

CHUNK = 500

_CHILD_QUERIES = {
    "dates": """
        SELECT event_id, step, date, note, source_ids FROM event_dates
        WHERE event_id IN ({ids})
        ORDER BY event_id, CASE step WHEN 'decided' THEN 0 WHEN 'announced' THEN 1
                                     WHEN 'released' THEN 2 ELSE 3 END""",
    "transfers": """
        SELECT event_id, position, from_state, held_by, to_state, how, status, date,
               count, count_low, count_high, count_qualifier,
               political, political_low, political_high, political_qualifier, all_political,
               foreign_nationals, foreign_nationals_low, foreign_nationals_high,
               foreign_nationals_qualifier, note, source_ids
        FROM transfers WHERE event_id IN ({ids}) ORDER BY event_id, position""",
    "nationalities": """
        SELECT event_id, transfer, country, count, count_low, count_high, count_qualifier,
               source_ids
        FROM transfer_nationalities WHERE event_id IN ({ids})
        ORDER BY event_id, transfer, position""",
    "people": """
        SELECT tp.event_id, tp.transfer, p.id, p.name, p.aliases, p.nationalities, p.withheld,
               tp.note, tp.source_ids
        FROM transfer_people tp JOIN people p ON p.id = tp.person_id
        WHERE tp.event_id IN ({ids}) ORDER BY tp.event_id, tp.transfer, tp.position""",
    "actors": """
        SELECT ea.event_id, a.id, a.name, a.kind, a.country, a.aliases, ea.role,
               ea.description, ea.source_ids
        FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
        WHERE ea.event_id IN ({ids}) ORDER BY ea.event_id, ea.position""",
    "concessions": """
        SELECT event_id, position, kind, description, status, disputed, dispute, source_ids
        FROM concessions WHERE event_id IN ({ids}) ORDER BY event_id, position""",
    "parties": """
        SELECT event_id, concession, side, actor_id FROM concession_parties
        WHERE event_id IN ({ids}) ORDER BY event_id, concession, side, position""",
    "disputes": """
        SELECT event_id, concession, statement, source_id FROM concession_disputes
        WHERE event_id IN ({ids}) ORDER BY event_id, concession, position""",
    "statements": """
        SELECT event_id, key, actor_id, gist, platform, stance, date, source_ids
        FROM statements WHERE event_id IN ({ids}) ORDER BY event_id, position""",
    "prisoner_counts": """
        SELECT event_id, country, as_of, count, count_low, count_high, count_qualifier,
               according_to, attribution, source_ids
        FROM prisoner_counts WHERE event_id IN ({ids}) ORDER BY event_id, position""",
    "claims": """
        SELECT event_id, about, value, source_ids, chosen, reason
        FROM claims WHERE event_id IN ({ids}) ORDER BY event_id, position""",
    "sources": """
        SELECT es.event_id, s.id, s.title, s.publisher, s.url, s.published, s.language, s.note
        FROM event_sources es JOIN sources s ON s.id = es.source_id
        WHERE es.event_id IN ({ids}) ORDER BY es.event_id, es.position""",
}

_EVENT_COLUMNS = "id, title, summary, type, track, part_of, notes"


def _rows(conn: sqlite3.Connection, query: str, ids: list[str]) -> Iterator[dict]:
    cursor = conn.execute(query.format(ids=", ".join("?" * len(ids))), ids)
    names = [name for name, *_ in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))


def _children(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, list]]:
    children: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for section, query in _CHILD_QUERIES.items():
        for row in _rows(conn, query, ids):
            children[row.pop("event_id")][section].append(row)
    return children


def _actor_declarations(conn: sqlite3.Connection, ids: set[str]) -> dict[str, dict]:
    if not ids:
        return {}
    rows = _rows(conn, "SELECT id, name, kind, country, aliases FROM actors WHERE id IN ({ids})",
                 sorted(ids))
    return {row["id"]: _declaration(row) for row in rows}


def _declaration(actor: dict) -> dict:
    return _kept({
        "id": actor["id"],
        "name": actor["name"],
        "kind": actor["kind"],
        "country": actor["country"],
        "aliases": json.loads(actor["aliases"]),
    })


def _kept(mapping: dict) -> dict:
    """What is known: no nulls, no empty lists, no false flags."""
    return {key: value for key, value in mapping.items()
            if value is not None and value != [] and value is not False}


_STEP_ORDER = {"decided": 0, "announced": 1, "released": 2, "arrived": 3}
_FACT_SECTIONS = ("dates", "transfers", "actors", "concessions", "statements",
                  "prisoner_counts", "claims")


def canonical(document: dict) -> dict:
    """A valid event document in the form the export writes (what reading it back from
    the database gives): unknowns and empty lists left out, dated steps in their order,
    claim values typed, a fact's sources left out when the event cites one source. For
    documents that were never in a database, such as the upgraded history of format 1."""
    def kept(value):
        if isinstance(value, dict):
            return _kept({key: kept(item) for key, item in value.items()})
        if isinstance(value, list):
            return [kept(item) for item in value]
        return value

    document = kept(document)
    if len(document.get("sources", [])) == 1:
        facts = [entry for section in _FACT_SECTIONS for entry in document.get(section, [])]
        for transfer in document.get("transfers", []):
            facts += transfer.get("nationalities", []) + transfer.get("people", [])
        for fact in facts:
            fact.pop("sources", None)
    document["dates"] = sorted(document.get("dates", []),
                               key=lambda entry: _STEP_ORDER.get(entry.get("step"), 4))
    for claim in document.get("claims", []):
        path = parse_path(claim["about"])
        claim["value"] = from_stored(claim["about"], stored_text(typed_value(path, claim["value"])))
    return document


def count_of(row: dict, name: str):
    """The count stored in a row's four columns `name…`, in the file's form."""
    count = Count.from_columns(*(row[name + part] for part in COUNT_PARTS))
    return None if count is None else count.canonical()


def _document(event: dict, children: dict[str, list], declarations: dict) -> dict:
    listed = {actor["id"] for actor in children["actors"]}
    several_sources = len(children["sources"]) > 1

    def reference(actor_id):
        if actor_id is None or actor_id in listed:
            return actor_id
        return dict(declarations[actor_id])  # a copy: documents share no objects

    def cited(entry: dict, row: dict) -> dict:
        if several_sources:
            entry["sources"] = json.loads(row["source_ids"])
        return _kept(entry)

    dates = [cited({"step": row["step"], "date": row["date"], "note": row["note"]}, row)
             for row in children["dates"]]
    nationalities = defaultdict(list)
    for row in children["nationalities"]:
        nationalities[row["transfer"]].append(
            cited({"country": row["country"], "count": count_of(row, "count")}, row))
    people = defaultdict(list)
    for row in children["people"]:
        person = {"id": row["id"]}
        if row["withheld"]:
            person["withheld"] = True
        else:
            person |= {"name": row["name"], "aliases": json.loads(row["aliases"])}
        person |= {"nationalities": json.loads(row["nationalities"]), "note": row["note"]}
        people[row["transfer"]].append(cited(person, row))
    transfers = []
    for row in children["transfers"]:
        transfer = {
            "from": row["from_state"],
            "held_by": reference(row["held_by"]),
            "to": row["to_state"],
            "how": row["how"],
            "status": row["status"],
            "date": row["date"],
            "count": count_of(row, "count"),
            "political": "all" if row["all_political"] else count_of(row, "political"),
            "foreign": count_of(row, "foreign_nationals"),
            "nationalities": nationalities[row["position"]],
            "people": people[row["position"]],
            "note": row["note"],
        }
        transfers.append(cited(transfer, row))
    actors = []
    for row in children["actors"]:
        entry = _declaration(row)
        entry |= {"role": row["role"], "description": row["description"]}
        actors.append(cited(entry, row))
    parties = defaultdict(lambda: defaultdict(list))
    for row in children["parties"]:
        parties[row["concession"]][row["side"]].append(reference(row["actor_id"]))
    disputes = defaultdict(list)
    for row in children["disputes"]:
        disputes[row["concession"]].append(_kept(
            {"statement": row["statement"], "source": row["source_id"]}))
    concessions = []
    for row in children["concessions"]:
        position = row["position"]
        concession = {
            "kind": row["kind"],
            "granted_by": parties[position]["granted_by"],
            "beneficiaries": parties[position]["beneficiary"],
            "description": row["description"],
            "status": row["status"],
            # disputed is said by disputed_by when it points at who disputes it
            "disputed": bool(row["disputed"]) and not disputes[position],
            "disputed_by": disputes[position],
            "dispute": row["dispute"],
        }
        concessions.append(cited(concession, row))
    statements = [
        cited({"key": row["key"], "by": reference(row["actor_id"]), "gist": row["gist"],
               "platform": row["platform"], "stance": row["stance"], "date": row["date"]}, row)
        for row in children["statements"]
    ]
    counts = [
        cited({"country": row["country"], "as_of": row["as_of"],
               "count": count_of(row, "count"),
               "according_to": reference(row["according_to"]),
               "attribution": row["attribution"]}, row)
        for row in children["prisoner_counts"]
    ]
    claims = [
        cited({"about": row["about"], "value": from_stored(row["about"], row["value"]),
               "chosen": bool(row["chosen"]), "reason": row["reason"]}, row)
        for row in children["claims"]
    ]
    sources = [_kept(row) for row in children["sources"]]
    return _kept({
        "format": 2,
        **event,
        "dates": dates,
        "transfers": transfers,
        "actors": actors,
        "concessions": concessions,
        "statements": statements,
        "prisoner_counts": counts,
        "claims": claims,
        "sources": sources,
    })


def _referenced_actors(children: dict[str, list]) -> set[str]:
    """Actors an event refers to without listing them under `actors`."""
    listed = {actor["id"] for actor in children["actors"]}
    referenced = {row["held_by"] for row in children["transfers"]}
    referenced |= {row["actor_id"] for row in children["parties"]}
    referenced |= {row["actor_id"] for row in children["statements"]}
    referenced |= {row["according_to"] for row in children["prisoner_counts"]}
    return referenced - listed - {None}


def iter_event_documents(
    conn: sqlite3.Connection, where: str = "", params: tuple | list = ()
) -> Iterator[dict]:
    """Nested documents of the events matching `where`, ordered by id, streamed in chunks."""
    query = f"SELECT {_EVENT_COLUMNS} FROM events {where} ORDER BY id"
    cursor = conn.execute(query, params)
    names = [name for name, *_ in cursor.description]
    while True:
        batch = cursor.fetchmany(CHUNK)
        if not batch:
            return
        events = [dict(zip(names, values)) for values in batch]
        ids = [event["id"] for event in events]
        children = _children(conn, ids)
        referenced = set()
        for event_children in children.values():
            referenced |= _referenced_actors(event_children)
        declarations = _actor_declarations(conn, referenced)
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
