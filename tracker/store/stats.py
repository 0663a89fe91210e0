"""A short summary of what the database holds, counted as every page counts
(`tracker.schema.rules`): people freed over the transfers that freed them, of events
part of no larger deal; political prisoners freed from `political` only; announced
releases apart. Each figure is a qualified sum (`tracker.schema.counts`)."""

import sqlite3
from dataclasses import dataclass

from ..schema.counts import Count
from ..schema.rules import counted_sql


@dataclass
class Stats:
    events: int
    events_freeing: int
    people_freed: Count | None
    political_freed: Count | None
    announced: Count | None
    events_without_total: int
    named_people: int
    withheld_people: int
    per_year: list[tuple]  # (year, events, people freed, political prisoners freed)
    per_releasing_state: list[tuple]  # (name, code, events, people freed)


def _sum(name: str) -> str:
    return f"count_sum_columns({name}, {name}_low, {name}_high, {name}_qualifier)"


def database_stats(conn: sqlite3.Connection) -> Stats:
    counted = counted_sql("status", "part_of")
    (events,) = conn.execute("SELECT count(*) FROM events").fetchone()
    freeing, unknown, freed, political = conn.execute(
        f"SELECT count(*), sum(freed_qualifier IS NULL), {_sum('freed')}, {_sum('political')} "
        f"FROM events WHERE {counted}"
    ).fetchone()
    (announced,) = conn.execute(
        f"SELECT {_sum('announced')} FROM events WHERE part_of IS NULL").fetchone()
    per_year = [
        (year, count, Count.from_json(freed_in_year), Count.from_json(political_in_year))
        for year, count, freed_in_year, political_in_year in conn.execute(
            f"SELECT year, count(*), {_sum('freed')}, {_sum('political')} FROM events "
            f"WHERE {counted} GROUP BY year ORDER BY year"
        )
    ]
    per_state = [
        (name, code, count, Count.from_json(freed_by_state))
        for name, code, count, freed_by_state in conn.execute(
            f"SELECT c.name, t.from_state, count(DISTINCT t.event_id), {_sum('t.count')} "
            "FROM release_transfers t JOIN countries c ON c.code = t.from_state "
            "WHERE t.counted GROUP BY t.from_state ORDER BY count(DISTINCT t.event_id) DESC, c.name"
        )
    ]
    named, withheld = conn.execute(
        "SELECT count(*) - coalesce(sum(withheld), 0), coalesce(sum(withheld), 0) FROM people"
    ).fetchone()
    return Stats(
        events=events,
        events_freeing=freeing,
        people_freed=Count.from_json(freed),
        political_freed=Count.from_json(political),
        announced=Count.from_json(announced),
        events_without_total=unknown or 0,
        named_people=named,
        withheld_people=withheld,
        per_year=per_year,
        per_releasing_state=per_state,
    )

