"""What the database already holds that a draft must not clash with: the ids taken, and
the events of the same releasing state around the draft's date (the report may be one
more source of one of them)."""

import sqlite3
from dataclasses import dataclass

from ..reference.dates import parse_partial_date

# A release is often reported over two or three days (decree, release, arrival).
NEARBY_DAYS = 3


@dataclass(frozen=True)
class NearbyEvent:
    id: str
    date: str
    title: str


def free_id(conn: sqlite3.Connection, proposed: str) -> str:
    """The id proposed when no event has it, else the first free one of proposed-2, -3, ..."""
    taken = {row[0] for row in conn.execute(
        "SELECT id FROM events WHERE id = ? OR id LIKE ? || '-%'", (proposed, proposed))}
    candidate, suffix = proposed, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{proposed}-{suffix}"
    return candidate


def nearby_events(conn: sqlite3.Connection, state: str, date: str, days: int = NEARBY_DAYS) -> list[NearbyEvent]:
    """Events of the same releasing state whose date lies within `days` of `date`
    (partial dates by the days they may stand for), nearest first."""
    within = parse_partial_date(date)
    rows = conn.execute(
        """
        SELECT id, date, title FROM events
        WHERE releasing_state = ?
          AND julianday(date_start) <= julianday(?) + ?
          AND julianday(date_end) >= julianday(?) - ?
        ORDER BY abs(julianday(date_start) - julianday(?)), id
        """,
        (state, within.end, days, within.start, days, within.start),
    )
    return [NearbyEvent(*row) for row in rows]
