"""What the dataset covers, from the database: the text of `docs/coverage.md`.

Events per year, per state that freed people and per type; sources per event; facts
resting on a single source (`tracker.store.facts`); and what the dataset knowingly
leaves out (`tracker.about.LEAVES_OUT`). The same database always gives the same text,
so that a test can tell when the committed file is out of date with `data/`.
"""

import sqlite3

from .. import about
from ..schema.counts import Count, count_text
from ..schema.rules import counted_sql
from .facts import facts_and_single_sourced

REGENERATE = "python3 scripts/dev.py tracker coverage --data data -o docs/coverage.md"


def _table(header: tuple[str, ...], rows) -> list[str]:
    """A Markdown table; numbers right-aligned."""
    rows = [tuple(str(cell) for cell in row) for row in rows]
    numeric = [all(row[i].replace(",", "").replace("%", "").isdigit() for row in rows) and rows
               for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join("---:" if right else "---" for right in numeric) + " |"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def _freed(text: str | None) -> str:
    return count_text(Count.from_json(text))


def coverage_markdown(conn: sqlite3.Connection) -> str:
    counted = counted_sql("e.status", "e.part_of")
    (events,) = conn.execute("SELECT count(*) FROM events").fetchone()
    (sources,) = conn.execute(
        "SELECT count(DISTINCT source_id) FROM event_sources").fetchone()
    first, last = conn.execute("SELECT min(date), max(date) FROM events").fetchone()
    lines = [
        "# Coverage",
        "",
        f"Generated from the curated data by `{REGENERATE}`; do not edit by hand",
        "(tests/test_coverage.py fails when this file is out of date with `data/`).",
        "",
        f"**{events:,} events** from {first} to {last}, citing **{sources:,} sources**. "
        "People freed are counted as every page counts them: over the transfers that freed "
        "them, of events that are no step of a larger deal; announced releases are not.",
        "",
        "## Events per year",
        "",
        *_table(("Year", "Events", "Of which freed people", "People freed"), [
            (year, total, freeing, _freed(freed))
            for year, total, freeing, freed in conn.execute(
                f"""SELECT e.year, count(*), sum({counted}),
                  count_sum_columns(CASE WHEN {counted} THEN e.freed END,
                    CASE WHEN {counted} THEN e.freed_low END,
                    CASE WHEN {counted} THEN e.freed_high END,
                    CASE WHEN {counted} THEN e.freed_qualifier END)
                FROM events e GROUP BY e.year ORDER BY e.year""")
        ]),
        "",
        "## Events per state that freed people",
        "",
        "An event counts for each state (or non-state holder) that freed people in it: a "
        "swap counts for both sides.",
        "",
        *_table(("Freed by", "Events", "People freed"), [
            (name, total, _freed(freed))
            for name, total, freed in conn.execute(
                """SELECT coalesce(c.name, a.name), count(DISTINCT t.event_id),
                  count_sum_columns(CASE WHEN t.counted THEN t.count END,
                    CASE WHEN t.counted THEN t.count_low END,
                    CASE WHEN t.counted THEN t.count_high END,
                    CASE WHEN t.counted THEN t.count_qualifier END)
                FROM release_transfers t
                LEFT JOIN countries c ON c.code = t.from_state
                LEFT JOIN actors a ON a.id = t.held_by
                GROUP BY t.from_state, t.held_by
                ORDER BY count(DISTINCT t.event_id) DESC, 1""")
        ]),
        "",
        "## Events per type",
        "",
        *_table(("Type", "Events"), [
            (kind.replace("_", " "), total) for kind, total in conn.execute(
                "SELECT type, count(*) FROM events GROUP BY type ORDER BY count(*) DESC, type")
        ]),
        "",
        "## Sources per event",
        "",
        *_table(("Sources", "Events"), conn.execute(
            """SELECT cited, count(*) FROM (SELECT count(*) AS cited FROM event_sources
            GROUP BY event_id) GROUP BY cited ORDER BY cited""").fetchall()),
        "",
    ]
    single = [event_id for (event_id,) in conn.execute(
        """SELECT event_id FROM event_sources GROUP BY event_id HAVING count(*) = 1
        ORDER BY event_id""")]
    if single:
        lines += ["Events that cite a single source: " + ", ".join(f"`{e}`" for e in single) + ".",
                  ""]
    facts = facts_and_single_sourced(conn)
    lines += [
        "## Facts resting on a single source",
        "",
        "Every fact cites the sources it rests on; these cite only one (the canned query "
        "`single_source_facts` lists them).",
        "",
        *_table(("Fact", "Facts", "On a single source", "Share"), [
            (kind, f"{total:,}", f"{single_sourced:,}",
             f"{round(100 * single_sourced / total)}%" if total else "")
            for kind, total, single_sourced in facts
        ]),
        "",
        "## What the dataset knowingly leaves out",
        "",
        *(f"- {item}" for item in about.LEAVES_OUT),
        "",
    ]
    return "\n".join(lines)
