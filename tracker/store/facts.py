"""Every kind of fact that cites its sources, declared once: the canned query of facts
resting on a single source (`tracker.web.queries`) and the coverage report
(`tracker.store.coverage`) both read it.

Each kind names its table (aliased `x`, beside its event `e`), the joins that give its
names, and how a page says the fact in a few words.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FactKind:
    name: str
    table: str
    text: str  # SQL: the fact in a few words
    joins: str = ""


def _count(prefix: str) -> str:
    return (f"count_text({prefix}count, {prefix}count_low, {prefix}count_high, "
            f"{prefix}count_qualifier)")


FACT_KINDS = (
    FactKind("date", "event_dates", "x.step || ': ' || x.date"),
    FactKind(
        "transfer", "transfers",
        "coalesce(f.name, h.name, 'unknown') || ' → ' || coalesce(d.name, replace(x.how, '_', ' '))"
        f" || ': ' || {_count('x.')} || ' (' || replace(x.status, '_', ' ') || ')'",
        """LEFT JOIN countries f ON f.code = x.from_state
  LEFT JOIN actors h ON h.id = x.held_by
  LEFT JOIN countries d ON d.code = x.to_state""",
    ),
    FactKind(
        "nationality", "transfer_nationalities", f"c.name || ': ' || {_count('x.')}",
        "JOIN countries c ON c.code = x.country",
    ),
    FactKind("person freed", "transfer_people", "p.name", "JOIN people p ON p.id = x.person_id"),
    FactKind(
        "actor", "event_actors", "a.name || ': ' || replace(x.role, '_', ' ')",
        "JOIN actors a ON a.id = x.actor_id",
    ),
    FactKind("concession", "concessions", "replace(x.kind, '_', ' ') || ': ' || x.description"),
    FactKind(
        "statement", "statements", "coalesce(a.name, 'unattributed') || ': ' || x.gist",
        "LEFT JOIN actors a ON a.id = x.actor_id",
    ),
    FactKind(
        "prisoner count", "prisoner_counts",
        f"c.name || ' as of ' || x.as_of || ': ' || {_count('x.')}",
        "JOIN countries c ON c.code = x.country",
    ),
    FactKind("claim", "claims", "x.about || ' = ' || x.value"),
)

FACT_NAMES = tuple(kind.name for kind in FACT_KINDS)


def single_source_sql(where: str = "1") -> str:
    """Every fact resting on a single source: date, date_start, event_id, title, fact,
    what (the fact in a few words), source_id and source (its title). `where` filters
    the events (`e`) and may use `{fact}`, the kind's name as SQL text. Driven by the
    events in date order (CROSS JOIN keeps them the outer loop), so that a page's first
    rows stream out without sorting every fact first."""
    arms = []
    for kind in FACT_KINDS:
        joins = f"\n  {kind.joins}" if kind.joins else ""
        arms.append(f"""SELECT e.date, e.date_start, e.id AS event_id, e.title, '{kind.name}' AS fact,
  {kind.text} AS what, s.id AS source_id, coalesce(s.title, s.publisher, s.id) AS source
FROM events e
CROSS JOIN {kind.table} x ON x.event_id = e.id{joins}
  LEFT JOIN sources s ON s.id = json_extract(x.source_ids, '$[0]')
WHERE json_array_length(x.source_ids) = 1
  AND {where.format(fact=repr(kind.name))}""")
    return "\nUNION ALL\n".join(arms)


def facts_and_single_sourced(conn) -> list[tuple[str, int, int]]:
    """(kind, facts, of which resting on a single source) for every kind of fact."""
    return [
        (kind.name, *conn.execute(
            f"SELECT count(*), coalesce(sum(json_array_length(source_ids) = 1), 0) FROM {kind.table}"
        ).fetchone())
        for kind in FACT_KINDS
    ]
