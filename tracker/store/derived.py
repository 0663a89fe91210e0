"""Serving tables: facts copied beside their event's filters, for fast questions.

The questions researchers ask most (people freed by nationality, flows between states,
mediators, concessions by kind, named people) group child rows by whether they count as
freed (`tracker.schema.rules`), the event's dates and the state that freed them. Joining
every child row to its transfer and event costs seconds at 100,000 events; reading one
covering index of a serving table costs a tenth of that. The tables are derived, never
edited: every ingest rebuilds the rows of the events it writes, and
`stale_serving_rows` proves them equal to what the facts give.
"""

import sqlite3

from ..schema.models import (
    ReleaseConcession, ReleaseMediator, ReleaseNationality, ReleasePerson, ReleaseTransfer,
)
from ..schema.rules import counted_sql
from ..web.queries import MEDIATING_ROLES_SQL

TRANSFER_COUNTED = counted_sql("t.status", "e.part_of")
EVENT_COUNTED = counted_sql("e.status", "e.part_of")

# Each serving table and the SELECT that derives it; `{events}` is where the events to
# derive are chosen (`e` is always the event).
DERIVATIONS = {
    ReleaseTransfer.__tablename__: f"""
        SELECT t.event_id, t.position, t.from_state, t.held_by, t.to_state, t.how, t.status,
               {TRANSFER_COUNTED}, t.count, t.count_low, t.count_high, t.count_qualifier,
               t.political, t.political_low, t.political_high, t.political_qualifier,
               e.date, e.date_start, e.date_end, e.year
        FROM events e JOIN transfers t ON t.event_id = e.id
        WHERE {{events}}""",
    ReleaseNationality.__tablename__: f"""
        SELECT n.event_id, n.transfer, n.country, n.count, n.count_low, n.count_high,
               n.count_qualifier, {TRANSFER_COUNTED}, t.from_state, e.date_start,
               e.date_end, e.date
        FROM events e JOIN transfer_nationalities n ON n.event_id = e.id
        JOIN transfers t ON t.event_id = n.event_id AND t.position = n.transfer
        WHERE {{events}}""",
    ReleaseMediator.__tablename__: f"""
        SELECT actor_id, event_id, group_concat(role, ',') AS roles, counted, date_start,
               date_end, releasing_state, date, freed, freed_low, freed_high, freed_qualifier
        FROM (SELECT ea.actor_id, ea.event_id, ea.role, {EVENT_COUNTED} AS counted,
                     e.date_start, e.date_end, e.releasing_state, e.date, e.freed,
                     e.freed_low, e.freed_high, e.freed_qualifier
              FROM events e JOIN event_actors ea ON ea.event_id = e.id
              WHERE {{events}} AND ea.role IN ({MEDIATING_ROLES_SQL})
              ORDER BY ea.actor_id, ea.event_id, ea.role)
        GROUP BY actor_id, event_id""",
    ReleaseConcession.__tablename__: """
        SELECT cn.event_id, cn.position, coalesce(p.position, 0), cn.kind, p.actor_id,
               g.country, cn.status, cn.disputed, e.status, e.date_start, e.date_end,
               e.releasing_state
        FROM events e JOIN concessions cn ON cn.event_id = e.id
        LEFT JOIN concession_parties p
          ON p.event_id = cn.event_id AND p.concession = cn.position AND p.side = 'granted_by'
        LEFT JOIN actors g ON g.id = p.actor_id
        WHERE {events}""",
    ReleasePerson.__tablename__: f"""
        SELECT tp.person_id, tp.event_id, tp.transfer, {TRANSFER_COUNTED}, e.date_start,
               e.date_end, t.from_state
        FROM events e JOIN transfer_people tp ON tp.event_id = e.id
        JOIN transfers t ON t.event_id = tp.event_id AND t.position = tp.transfer
        WHERE {{events}}""",
}


def refresh_serving_tables(conn: sqlite3.Connection, event_ids: list[str] | None = None) -> None:
    """Rebuild the serving rows of these events (all events when None)."""
    for table, select in DERIVATIONS.items():
        if event_ids is None:
            conn.execute(f"DELETE FROM {table}")
            conn.execute(f"INSERT INTO {table} {select.format(events='1')}")
            continue
        for start in range(0, len(event_ids), 500):
            chunk = event_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            conn.execute(f"DELETE FROM {table} WHERE event_id IN ({marks})", chunk)
            conn.execute(
                f"INSERT INTO {table} {select.format(events=f'e.id IN ({marks})')}", chunk
            )


def events_granted_by(conn: sqlite3.Connection, actor_ids: list[str]) -> list[str]:
    """Events with a concession given by one of these actors (whose country may change)."""
    events: set[str] = set()
    for start in range(0, len(actor_ids), 500):
        chunk = actor_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        events |= {row[0] for row in conn.execute(
            f"SELECT event_id FROM concession_parties WHERE actor_id IN ({marks})", chunk)}
    return sorted(events)


def stale_serving_rows(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows that differ between each serving table and its derivation (none, normally)."""
    stale = {}
    for table, select in DERIVATIONS.items():
        derived = select.format(events="1")
        count = sum(
            conn.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
            for query in (
                f"SELECT * FROM {table} EXCEPT {derived}",
                f"{derived} EXCEPT SELECT * FROM {table}",
            )
        )
        if count:
            stale[table] = count
    return stale
