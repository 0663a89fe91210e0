"""Everything about one event, ready to show: what the event page in Datasette displays.

Codes become names (countries, actors), counts become text as every page says them
("at least 20"), each fact keeps the sources it rests on, the deal is shown as its
transfers (who freed whom), and claims are grouped by the fact they are about, so that
the page can say where sources disagree. The page template (`templates/row-tracker-events.html`) only lays it out.
"""

import datetime as dt
import json
import sqlite3
from collections import defaultdict

from ..schema.counts import Count, count_text, sum_counts
from ..schema.models import COUNT_PARTS

PRECISION_TEXT = {"day": "exact day", "month": "month only", "year": "year only"}


def _rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def date_text(date: str) -> str:
    """2025-09-11 -> 11 September 2025; 2025-06 -> June 2025; 2025 -> 2025."""
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return f"{day.day} {day:%B %Y}"
    if len(parts) == 2:
        return f"{dt.date(parts[0], parts[1], 1):%B %Y}"
    return date


def web_link(url: str | None) -> str | None:
    """Only web addresses become links: a `javascript:` URL in a source must stay text."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _count(row: dict, name: str) -> str:
    """A count of a row as a page says it: '52', 'about 6,000', 'unknown'."""
    return count_text(Count.from_columns(*(row[name + part] for part in COUNT_PARTS)))


def _cited(row: dict) -> dict:
    row["source_ids"] = json.loads(row["source_ids"])
    return row


def event_page(conn: sqlite3.Connection, event_id: str) -> dict | None:
    """The event with all that belongs to it, or None if there is no such event."""
    found = _rows(
        conn,
        """SELECT e.*, rs.name AS releasing_state_name, rc.name AS receiving_state_name
        FROM events e
        LEFT JOIN countries rs ON rs.code = e.releasing_state
        LEFT JOIN countries rc ON rc.code = e.receiving_state
        WHERE e.id = ?""",
        (event_id,),
    )
    if not found:
        return None
    event = found[0]
    event.update(
        date_text=date_text(event["date"]),
        precision_text=PRECISION_TEXT[event["date_precision"]],
        freed_text=_count(event, "freed"),
        political_text=_count(event, "political"),
        foreign_text=_count(event, "foreign_nationals"),
        announced_text=_count(event, "announced"),
        # Transfers announced, not yet carried out: shown apart from those freed.
        any_announced=event["announced_qualifier"] is not None
        and (event["announced"], event["announced_qualifier"]) != (0, "exact"),
    )
    sources = _rows(
        conn,
        """SELECT s.* FROM event_sources es JOIN sources s ON s.id = es.source_id
        WHERE es.event_id = ? ORDER BY es.position""",
        (event_id,),
    )
    for number, source in enumerate(sources, start=1):
        source.update(number=number, link=web_link(source["url"]))
    transfers = _transfers(conn, event_id)
    return {
        "event": event,
        "dates": [
            _cited(row) | {"date_text": date_text(row["date"])}
            for row in _rows(
                conn,
                """SELECT * FROM event_dates WHERE event_id = ?
                ORDER BY date_start, date_end""",
                (event_id,),
            )
        ],
        "transfers": transfers,
        "people": [person for transfer in transfers for person in transfer["people"]],
        "actors": [_cited(row) for row in _rows(
            conn,
            """SELECT a.id, a.name, a.kind, c.name AS country, ea.role, ea.description,
              ea.source_ids
            FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
            LEFT JOIN countries c ON c.code = a.country
            WHERE ea.event_id = ? ORDER BY ea.position""",
            (event_id,),
        )],
        "concessions": _concessions(conn, event_id),
        "statements": [_cited(row) for row in _rows(
            conn,
            """SELECT s.*, a.name AS by_name FROM statements s
            LEFT JOIN actors a ON a.id = s.actor_id
            WHERE s.event_id = ? ORDER BY s.position""",
            (event_id,),
        )],
        "claims": _claims(conn, event_id),
        "prisoner_counts": [
            _cited(row) | {"count_text": _count(row, "count")}
            for row in _rows(
                conn,
                """SELECT pc.*, c.name AS country_name, a.name AS according_to_name
                FROM prisoner_counts pc
                JOIN countries c ON c.code = pc.country
                LEFT JOIN actors a ON a.id = pc.according_to
                WHERE pc.event_id = ? ORDER BY pc.position""",
                (event_id,),
            )
        ],
        "sources": sources,
        "source_numbers": {source["id"]: source["number"] for source in sources},
        "part_of": _rows(conn, "SELECT id, title, date FROM events WHERE id = ?",
                         (event["part_of"],)) if event["part_of"] else [],
        "steps": _rows(conn, "SELECT id, title, date FROM events WHERE part_of = ? "
                             "ORDER BY date_start", (event_id,)),
        "track_events": _rows(
            conn,
            """SELECT id, title, date FROM events
            WHERE track = ? AND id != ? ORDER BY date_start""",
            (event["track"], event_id),
        ) if event["track"] else [],
        "revisions": conn.execute(
            # Rows with a document hold a replaced version; a creation replaced nothing.
            "SELECT count(*) FROM event_revisions WHERE event_id = ? AND document IS NOT NULL",
            (event_id,)
        ).fetchone()[0],
    }


def _transfers(conn: sqlite3.Connection, event_id: str) -> list[dict]:
    """Each transfer of the event, who freed whom, with its breakdown and people."""
    transfers = _rows(
        conn,
        """SELECT t.*, f.name AS from_name, h.name AS held_by_name, d.name AS to_name
        FROM transfers t
        LEFT JOIN countries f ON f.code = t.from_state
        LEFT JOIN actors h ON h.id = t.held_by
        LEFT JOIN countries d ON d.code = t.to_state
        WHERE t.event_id = ? ORDER BY t.position""",
        (event_id,),
    )
    nationalities = _rows(
        conn,
        """SELECT n.*, c.name FROM transfer_nationalities n
        JOIN countries c ON c.code = n.country
        WHERE n.event_id = ? ORDER BY n.transfer, n.position""",
        (event_id,),
    )
    people = _people(conn, event_id)
    for transfer in transfers:
        _cited(transfer)
        position = transfer["position"]
        rows = [_cited(dict(row)) | {"count_text": _count(row, "count")}
                for row in nationalities if row["transfer"] == position]
        counts = [Count.from_columns(*(row["count" + part] for part in COUNT_PARTS))
                  for row in rows]
        transfer.update(
            count_text=_count(transfer, "count"),
            political_text="all of them" if transfer["all_political"]
            else _count(transfer, "political"),
            foreign_text=_count(transfer, "foreign_nationals"),
            nationalities=rows,
            breakdown_text=count_text(sum_counts(counts)) if rows else None,
            people=[person for person in people if person["transfer"] == position],
        )
    return transfers


def _concessions(conn: sqlite3.Connection, event_id: str) -> list[dict]:
    concessions = [_cited(row) for row in _rows(
        conn, "SELECT * FROM concessions WHERE event_id = ? ORDER BY position", (event_id,))]
    parties = _rows(
        conn,
        """SELECT p.concession, p.side, a.id, a.name FROM concession_parties p
        JOIN actors a ON a.id = p.actor_id WHERE p.event_id = ?
        ORDER BY p.concession, p.side, p.position""",
        (event_id,),
    )
    disputes = _rows(
        conn,
        """SELECT d.concession, d.statement, d.source_id, a.name AS by_name, s.gist
        FROM concession_disputes d
        LEFT JOIN statements s ON s.event_id = d.event_id AND s.key = d.statement
        LEFT JOIN actors a ON a.id = s.actor_id
        WHERE d.event_id = ? ORDER BY d.concession, d.position""",
        (event_id,),
    )
    for concession in concessions:
        position = concession["position"]
        concession["granted_by"] = [p for p in parties
                                    if p["concession"] == position and p["side"] == "granted_by"]
        concession["beneficiaries"] = [p for p in parties
                                       if p["concession"] == position and p["side"] == "beneficiary"]
        concession["disputed_by"] = [d for d in disputes if d["concession"] == position]
    return concessions


def _people(conn: sqlite3.Connection, event_id: str) -> list[dict]:
    people = _rows(
        conn,
        """SELECT p.id, p.name, p.aliases, p.nationalities, tp.transfer, tp.note, tp.source_ids
        FROM transfer_people tp JOIN people p ON p.id = tp.person_id
        WHERE tp.event_id = ? ORDER BY tp.transfer, tp.position""",
        (event_id,),
    )
    names = dict(conn.execute("SELECT code, name FROM countries").fetchall())
    for person in people:
        _cited(person)
        person["aliases"] = json.loads(person["aliases"])
        person["nationalities"] = [
            names.get(code, code) for code in json.loads(person["nationalities"])
        ]
    return people


def _claims(conn: sqlite3.Connection, event_id: str) -> list[dict]:
    """Claims grouped by the fact they are about; `disagree` when the values differ."""
    grouped = defaultdict(list)
    for claim in _rows(
        conn,
        "SELECT * FROM claims WHERE event_id = ? ORDER BY position",
        (event_id,),
    ):
        grouped[claim["about"]].append(_cited(claim))
    return [
        {
            "about": about,
            "disagree": len({claim["value"] for claim in claims}) > 1,
            "claims": claims,
        }
        for about, claims in grouped.items()
    ]
