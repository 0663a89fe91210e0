"""Serving tables: facts copied beside their event's filters, for fast questions.

The questions researchers ask most (people freed by nationality, mediators, concessions
by kind, named people) group child rows by an event's status, dates and releasing
state. Joining every child row to its event costs seconds at 100,000 events; reading
one covering index of a serving table costs a tenth of that. The tables are derived,
never edited: every ingest rebuilds the rows of the events it writes, and
`stale_serving_rows` proves them equal to what the facts give.
"""

import sqlite3

from ..schema.models import ReleaseConcession, ReleaseMediator, ReleaseNationality, ReleasePerson
from ..web.queries import MEDIATING_ROLES_SQL

# Each serving table and the SELECT that derives it; `{events}` is where the events to
# derive are chosen (`e` is always the event).
DERIVATIONS = {
    ReleaseNationality.__tablename__: """
        SELECT n.event_id, n.country, n.count, n.count_lower_bound, e.status,
               e.date_start, e.date_end, e.releasing_state, e.date
        FROM events e JOIN event_nationalities n ON n.event_id = e.id
        WHERE {events}""",
    ReleaseMediator.__tablename__: f"""
        SELECT actor_id, event_id, group_concat(role, ',') AS roles, status, date_start,
               date_end, releasing_state, date, total_released, total_released_lower_bound
        FROM (SELECT ea.actor_id, ea.event_id, ea.role, e.status, e.date_start,
                     e.date_end, e.releasing_state, e.date, e.total_released,
                     e.total_released_lower_bound
              FROM events e JOIN event_actors ea ON ea.event_id = e.id
              WHERE {{events}} AND ea.role IN ({MEDIATING_ROLES_SQL})
              ORDER BY ea.actor_id, ea.event_id, ea.role)
        GROUP BY actor_id, event_id""",
    ReleaseConcession.__tablename__: """
        SELECT cn.event_id, cn.position, cn.kind, cn.granted_by, g.country, cn.status,
               cn.disputed, e.status, e.date_start, e.date_end, e.releasing_state
        FROM events e JOIN concessions cn ON cn.event_id = e.id
        LEFT JOIN actors g ON g.id = cn.granted_by
        WHERE {events}""",
    ReleasePerson.__tablename__: """
        SELECT ep.person_id, ep.event_id, e.status, e.date_start, e.date_end,
               e.releasing_state
        FROM events e JOIN event_people ep ON ep.event_id = e.id
        WHERE {events}""",
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
