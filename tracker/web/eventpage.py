"""Everything about one event, ready to show: what the event page in Datasette displays.

Codes become names (countries, actors), each fact keeps the source it comes from, and
claims are grouped by the fact they are about, so that the page can say where sources
disagree. The page template (`templates/row-tracker-events.html`) only lays it out.
"""

import datetime as dt
import json
import sqlite3
from collections import defaultdict

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


def event_page(conn: sqlite3.Connection, event_id: str) -> dict | None:
    """The event with all that belongs to it, or None if there is no such event."""
    found = _rows(
        conn,
        """SELECT e.*, rs.name AS releasing_state_name, rc.name AS receiving_state_name
        FROM events e
        JOIN countries rs ON rs.code = e.releasing_state
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
    )
    sources = _rows(
        conn,
        """SELECT s.* FROM event_sources es JOIN sources s ON s.id = es.source_id
        WHERE es.event_id = ? ORDER BY es.position""",
        (event_id,),
    )
    for number, source in enumerate(sources, start=1):
        source.update(number=number, link=web_link(source["url"]))
    nationalities = _rows(
        conn,
        """SELECT n.*, c.name FROM event_nationalities n
        JOIN countries c ON c.code = n.country
        WHERE n.event_id = ? ORDER BY n.rowid""",
        (event_id,),
    )
    return {
        "event": event,
        "nationalities": nationalities,
        "nationalities_summed": sum(row["count"] or 0 for row in nationalities),
        "nationalities_complete": all(
            row["count"] is not None and not row["count_lower_bound"] for row in nationalities
        ),
        "people": _people(conn, event_id),
        "actors": _rows(
            conn,
            """SELECT a.id, a.name, a.kind, c.name AS country, ea.role, ea.description,
              ea.source_id
            FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
            LEFT JOIN countries c ON c.code = a.country
            WHERE ea.event_id = ? ORDER BY ea.position""",
            (event_id,),
        ),
        "concessions": _rows(
            conn,
            """SELECT cn.*, g.name AS granted_by_name, b.name AS beneficiary_name
            FROM concessions cn
            LEFT JOIN actors g ON g.id = cn.granted_by
            LEFT JOIN actors b ON b.id = cn.beneficiary
            WHERE cn.event_id = ? ORDER BY cn.position""",
            (event_id,),
        ),
        "statements": _rows(
            conn,
            """SELECT s.*, a.name AS by_name FROM statements s
            LEFT JOIN actors a ON a.id = s.actor_id
            WHERE s.event_id = ? ORDER BY s.position""",
            (event_id,),
        ),
        "claims": _claims(conn, event_id),
        "prisoner_counts": _rows(
            conn,
            """SELECT pc.*, c.name AS country_name, a.name AS according_to_name
            FROM prisoner_counts pc
            JOIN countries c ON c.code = pc.country
            LEFT JOIN actors a ON a.id = pc.according_to
            WHERE pc.event_id = ? ORDER BY pc.position""",
            (event_id,),
        ),
        "sources": sources,
        "source_numbers": {source["id"]: source["number"] for source in sources},
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


def _people(conn: sqlite3.Connection, event_id: str) -> list[dict]:
    people = _rows(
        conn,
        """SELECT p.id, p.name, p.aliases, p.nationalities, ep.note, ep.source_id
        FROM event_people ep JOIN people p ON p.id = ep.person_id
        WHERE ep.event_id = ? ORDER BY ep.position""",
        (event_id,),
    )
    names = dict(conn.execute("SELECT code, name FROM countries").fetchall())
    for person in people:
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
        """SELECT cl.*, coalesce(s.title, s.publisher, s.id) AS source_name
        FROM claims cl JOIN sources s ON s.id = cl.source_id
        WHERE cl.event_id = ? ORDER BY cl.position""",
        (event_id,),
    ):
        grouped[claim["field"]].append(claim)
    return [
        {
            "field": field,
            "disagree": len({claim["value"] for claim in claims}) > 1,
            "claims": claims,
        }
        for field, claims in grouped.items()
    ]
