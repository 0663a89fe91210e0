"""A short summary of what the database holds."""

import sqlite3
from dataclasses import dataclass


@dataclass
class Stats:
    events: int
    people_freed: int
    people_freed_is_lower_bound: bool
    events_without_total: int
    named_people: int
    withheld_people: int
    per_year: list[tuple]
    per_releasing_state: list[tuple]


def database_stats(conn: sqlite3.Connection) -> Stats:
    events, freed, bounded, unknown = conn.execute(
        "SELECT count(*), coalesce(sum(total_released), 0), "
        "coalesce(max(total_released_lower_bound), 0), "
        "sum(total_released IS NULL) FROM events"
    ).fetchone()
    per_year = conn.execute(
        "SELECT year, count(*), coalesce(sum(total_released), 0) FROM events "
        "GROUP BY year ORDER BY year"
    ).fetchall()
    per_state = conn.execute(
        "SELECT c.name, e.releasing_state, count(*), coalesce(sum(e.total_released), 0) "
        "FROM events e JOIN countries c ON c.code = e.releasing_state "
        "GROUP BY e.releasing_state ORDER BY count(*) DESC, c.name"
    ).fetchall()
    named, withheld = conn.execute(
        "SELECT count(*) - coalesce(sum(withheld), 0), coalesce(sum(withheld), 0) FROM people"
    ).fetchone()
    return Stats(
        events=events,
        people_freed=freed,
        people_freed_is_lower_bound=bool(bounded or unknown),
        events_without_total=unknown or 0,
        named_people=named,
        withheld_people=withheld,
        per_year=per_year,
        per_releasing_state=per_state,
    )
