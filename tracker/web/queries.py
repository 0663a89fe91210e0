"""Canned queries: the questions researchers ask, answered without writing SQL.

Declared as data and written into `metadata.yml` by `tracker.web.metadata`. Every parameter
may be left empty, which means "no filter". Columns named `event_id`, `person_id` and
`actor_id` link to the event, person or actor (see `tracker.web.plugin`).

Counting rules, the same in every query and chart (`tracker.schema.rules`): people freed
are counted over the transfers that freed them (carried out, or partly), of events part of
no larger deal; every sum carries its uncertainty (`count_sum`, registered on every
connection by `tracker.schema.counts`): the number in one column, and beside it the figure
as a page says it ("at least 328", "about 6,000").
"""

import json

from ..store.facts import FACT_NAMES, single_source_sql

# Date-range filter on events, or on a serving table's copy of their dates (queries
# name either `e`). A date may be a year, a month or a day; an event counts
# when its whole date lies in the range, so a release known only as "2025-06" is not
# counted for a range that starts on 2025-06-15. Comparing only as many characters of
# date_end as `until` has makes "until 2025-06" include all of June.
SINCE = "(:since = '' OR e.date_start >= :since)"
UNTIL = "(:until = '' OR substr(e.date_end, 1, length(:until)) <= :until)"

DATE_RANGE_HELP = (
    "Since and until take a year (2025), a month (2025-06) or a day (2025-06-21); "
    "a release counts when its whole date lies between them."
)


def country_matches(column: str, parameter: str) -> str:
    """SQL that is true when `column` (a country code) is the country `parameter` names."""
    return (
        f"(:{parameter} = '' OR {column} IN (SELECT code FROM countries WHERE "
        f"code = upper(trim(:{parameter})) OR alpha3 = upper(trim(:{parameter})) "
        f"OR name = trim(:{parameter}) COLLATE NOCASE))"
    )


def country_help(parameter: str, meaning: str) -> str:
    return f"{parameter.replace('_', ' ').capitalize()} ({meaning}) takes a code (BY, BLR) or an English name (Belarus)."


def summed(count: str, name: str) -> str:
    """Two columns for the qualified sum of a count: `name`, the figure (the best
    estimate, else the lower bound), and `name_figure`, as a page says it."""
    columns = f"{count}, {count}_low, {count}_high, {count}_qualifier"
    return f"count_sum_best({columns}) AS {name},\n  count_sum({columns}) AS {name}_figure"


def sources_of(table: str) -> str:
    """The titles of the sources a fact cites (its `source_ids`), as one text."""
    return (f"(SELECT group_concat(coalesce(s.title, s.publisher, s.id), '; ') "
            f"FROM json_each({table}.source_ids) j JOIN sources s ON s.id = j.value)")


MEDIATING_ROLES = ("mediator", "delegation_head", "envoy", "facilitator", "host", "guarantor")
MEDIATING_ROLES_SQL = ", ".join(f"'{role}'" for role in MEDIATING_ROLES)
MEDIATING_ROLES_JSON = json.dumps(list(MEDIATING_ROLES))


QUERIES = {
    "people_freed_by_nationality": {
        "title": "People freed by nationality",
        "description": (
            "How many people of each nationality were freed, summed over the nationality "
            "breakdowns of the releases. Breakdowns often list only the foreign nationals, "
            "so the releasing state's own citizens are usually missing here; compare with "
            "releases per year for totals. "
            + DATE_RANGE_HELP + " "
            + country_help("releasing_state", "the state that freed them")
        ),
        "sql": f"""SELECT
  c.name AS nationality,
  e.country AS code,
  {summed("e.count", "people_freed")},
  count(DISTINCT e.event_id) AS releases,
  min(e.date) AS first,
  max(e.date) AS last
FROM release_nationalities e
JOIN countries c ON c.code = e.country
WHERE e.counted
  AND {SINCE}
  AND {UNTIL}
  AND {country_matches("e.from_state", "releasing_state")}
GROUP BY e.country
ORDER BY people_freed DESC, nationality""",
        "params": ["since", "until", "releasing_state"],
    },
    "releases_per_year": {
        "title": "Releases per year and releasing state",
        "description": (
            "Releases, people freed and political prisoners among them, per year and state "
            "that freed them. A swap counts for each state that freed prisoners in it. "
            "People freed is empty when no release of the group has a known number. "
            + DATE_RANGE_HELP + " "
            + country_help("releasing_state", "the state that freed them")
        ),
        "sql": f"""SELECT
  e.year,
  c.name AS releasing_state,
  e.from_state AS code,
  count(DISTINCT e.event_id) AS releases,
  {summed("e.count", "people_freed")},
  {summed("e.political", "political_prisoners_freed")},
  sum(e.count_qualifier IS NULL) AS transfers_without_count
FROM release_transfers e
JOIN countries c ON c.code = e.from_state
WHERE e.counted
  AND {SINCE}
  AND {UNTIL}
  AND {country_matches("e.from_state", "releasing_state")}
GROUP BY e.year, e.from_state
ORDER BY e.year DESC, releases DESC, releasing_state""",
        "params": ["since", "until", "releasing_state"],
    },
    "flows_between_states": {
        "title": "Who freed whom: flows between states, per year",
        "description": (
            "Each direction of every deal: who held and freed the people (a state, or a "
            "non-state holder) and where they went (the state they were handed or "
            "expelled to; otherwise stayed, or unknown), with the releases and the people "
            "freed, per year. A swap is a flow each way. "
            + DATE_RANGE_HELP + " "
            + country_help("releasing_state", "the state that freed them") + " "
            + country_help("receiving_state", "the state they went to")
        ),
        "sql": f"""SELECT
  e.year,
  coalesce(f.name, h.name) AS freed_by,
  e.from_state AS from_code,
  coalesce(d.name, CASE e.how WHEN 'stayed' THEN 'stayed where held'
    WHEN 'expelled' THEN 'expelled, destination not known' ELSE 'not known' END) AS went_to,
  e.to_state AS to_code,
  count(DISTINCT e.event_id) AS releases,
  {summed("e.count", "people_freed")},
  {summed("e.political", "political_prisoners_freed")}
FROM release_transfers e
LEFT JOIN countries f ON f.code = e.from_state
LEFT JOIN actors h ON h.id = e.held_by
LEFT JOIN countries d ON d.code = e.to_state
WHERE e.counted
  AND {SINCE}
  AND {UNTIL}
  AND {country_matches("e.from_state", "releasing_state")}
  AND {country_matches("e.to_state", "receiving_state")}
GROUP BY e.year, e.from_state, e.held_by, e.to_state, went_to
ORDER BY e.year DESC, people_freed DESC, releases DESC, freed_by, went_to""",
        "params": ["since", "until", "releasing_state", "receiving_state"],
    },
    "single_source_facts": {
        "title": "Facts that rest on a single source",
        "description": (
            "Every fact of a release that cites only one report (a date, a transfer, a "
            "nationality row, a person freed, an actor's role, a concession, a statement, "
            "a remaining-prisoner count, a claim), newest release first: where a second "
            "report would help most. Fact narrows to one kind ("
            + ", ".join(FACT_NAMES) + "). "
            + country_help("releasing_state", "the state that freed them")
        ),
        "sql": single_source_sql(
            "(:fact = '' OR lower(trim(:fact)) = {fact})\n  AND "
            + country_matches("e.releasing_state", "releasing_state")
        ) + "\nORDER BY date_start DESC, event_id, fact",
        "params": ["fact", "releasing_state"],
    },
    "concessions_by_kind": {
        "title": "Concessions by kind and granting state",
        "description": (
            "What was given in return for releases: concessions per kind and per granting "
            "state (the state of the actor that gave them), with how many were implemented "
            "and how many are disputed. "
            + DATE_RANGE_HELP + " "
            + country_help("granting_state", "the state that gave the concession")
        ),
        "sql": f"""SELECT
  e.kind,
  gs.name AS granting_state,
  g.name AS granted_by,
  e.granted_by AS actor_id,
  count(*) AS concessions,
  count(DISTINCT e.event_id) AS releases,
  sum(e.status = 'implemented') AS implemented,
  sum(e.status IN ('announced', 'promised', 'reported')) AS announced_or_reported,
  sum(e.status = 'denied') AS denied,
  sum(e.disputed) AS disputed
FROM release_concessions e
LEFT JOIN actors g ON g.id = e.granted_by
LEFT JOIN countries gs ON gs.code = e.granting_state
WHERE {SINCE}
  AND {UNTIL}
  AND {country_matches("e.granting_state", "granting_state")}
GROUP BY e.kind, e.granting_state, e.granted_by
ORDER BY concessions DESC, e.kind, granting_state""",
        "params": ["since", "until", "granting_state"],
    },
    "mediators": {
        "title": "Mediators ranked by releases and people freed",
        "description": (
            "States, people and organisations that mediated releases (as mediator, "
            "delegation head, envoy, facilitator, host or guarantor), ranked by the "
            "releases they took part in and the people those releases freed. Role "
            "narrows to one of those roles (mediator, envoy …). "
            + DATE_RANGE_HELP + " "
            + country_help("releasing_state", "the state that freed the prisoners")
        ),
        "sql": f"""WITH ranked AS (
  SELECT e.actor_id, count(*) AS releases,
    {summed("e.freed", "people_freed")},
    min(e.date) AS first, max(e.date) AS last
  FROM release_mediators e
  WHERE e.counted
    AND (:role = '' OR instr(',' || e.roles || ',', ',' || lower(trim(:role)) || ',') > 0)
    AND {SINCE}
    AND {UNTIL}
    AND {country_matches("e.releasing_state", "releasing_state")}
  GROUP BY e.actor_id
)
SELECT
  a.name AS mediator,
  r.actor_id,
  a.kind,
  c.name AS country,
  (SELECT group_concat(replace(role.value, '_', ' ')) FROM json_each('{MEDIATING_ROLES_JSON}') role
    WHERE EXISTS (SELECT 1 FROM event_actors x WHERE x.actor_id = r.actor_id
                  AND x.role = role.value)) AS roles,
  r.releases,
  r.people_freed,
  r.people_freed_figure,
  r.first,
  r.last
FROM ranked r
JOIN actors a ON a.id = r.actor_id
LEFT JOIN countries c ON c.code = a.country
ORDER BY r.releases DESC, r.people_freed DESC, mediator""",
        "params": ["role", "since", "until", "releasing_state"],
    },
    "find_person": {
        "title": "Every release involving a person",
        "description": (
            "Search a name (or a misspelling that sources use, such as Tsikhaouski): "
            "every release in which that person was freed, played a role or made a "
            "statement, newest first. Any text is safe to type (it is searched as words, "
            "through escape_fts); words are matched whole, accents optional."
        ),
        "prompt": (
            "Type a name in the box q below and press Run SQL: a full name "
            "(Syarhei Tsikhanouski), a surname (Coale) or a spelling the sources use "
            "(Tsikhaouski)."
        ),
        "sql": """WITH matching_people AS (
  SELECT rowid FROM people_fts WHERE people_fts MATCH escape_fts(:q)
),
matching_actors AS (
  SELECT rowid FROM actors_fts WHERE actors_fts MATCH escape_fts(:q)
)
SELECT e.date, e.id AS event_id, e.title, p.name AS person, p.id AS person_id,
  NULL AS actor_id, 'freed' AS involvement, tp.note AS detail
FROM matching_people mp
JOIN people p ON p.rowid = mp.rowid
JOIN transfer_people tp ON tp.person_id = p.id
JOIN events e ON e.id = tp.event_id
UNION ALL
SELECT e.date, e.id, e.title, a.name, NULL, a.id, replace(ea.role, '_', ' '),
  ea.description
FROM matching_actors ma
JOIN actors a ON a.rowid = ma.rowid AND a.kind = 'person'
JOIN event_actors ea ON ea.actor_id = a.id
JOIN events e ON e.id = ea.event_id
UNION ALL
SELECT e.date, e.id, e.title, a.name, NULL, a.id, 'statement (' || s.stance || ')',
  s.gist
FROM matching_actors ma
JOIN actors a ON a.rowid = ma.rowid AND a.kind = 'person'
JOIN statements s ON s.actor_id = a.id
JOIN events e ON e.id = s.event_id
ORDER BY date DESC, event_id, person""",
        "params": ["q"],
    },
    "remaining_prisoners": {
        "title": "Political prisoners remaining, over time",
        "description": (
            "The number of political prisoners still held in a country, as each source "
            "gives it, by date. Sources often disagree: every figure is listed with whom "
            "it is attributed to. "
            + country_help("country", "the state holding them")
            + " Since and until filter the date of the figure."
        ),
        "sql": f"""SELECT
  c.name AS country,
  pc.as_of,
  pc.count AS political_prisoners,
  count_text(pc.count, pc.count_low, pc.count_high, pc.count_qualifier) AS figure,
  coalesce(a.name, pc.attribution) AS according_to,
  pc.attribution,
  {sources_of("pc")} AS sources,
  pc.event_id
FROM prisoner_counts pc
JOIN countries c ON c.code = pc.country
LEFT JOIN actors a ON a.id = pc.according_to
WHERE {country_matches("pc.country", "country")}
  AND (:since = '' OR pc.as_of >= :since)
  AND (:until = '' OR substr(pc.as_of, 1, length(:until)) <= :until)
ORDER BY pc.country, pc.as_of, pc.count""",
        "params": ["country", "since", "until"],
    },
    "disputed_facts": {
        "title": "Disputed facts: where sources disagree",
        "description": (
            "Claims about the same fact of a release that differ between sources (the "
            "date, the number freed, where they went …), claims the curators did not "
            "follow, and concessions that a party disputes, newest first. Chosen marks "
            "the value the release shows. "
            + country_help("releasing_state", "the state that freed them")
        ),
        # Driven by events in date order (CROSS JOIN keeps them the outer loop), so
        # the newest rows stream out without sorting every claim first.
        "sql": f"""SELECT e.date AS date, e.date_start, cl.event_id AS event_id, e.title AS title,
  cl.about AS about, cl.value AS value,
  CASE WHEN cl.chosen THEN 'yes' ELSE 'no' END AS chosen,
  {sources_of("cl")} AS sources, cl.reason
FROM events e
CROSS JOIN claims cl ON cl.event_id = e.id
WHERE {country_matches("e.releasing_state", "releasing_state")}
  AND (SELECT count(DISTINCT x.value) > 1 OR (cl.about != 'other' AND min(x.chosen) = 0)
       FROM claims x WHERE x.event_id = cl.event_id AND x.about = cl.about)
UNION ALL
SELECT e.date, e.date_start, cn.event_id, e.title, 'concession (disputed)', cn.description,
  NULL, {sources_of("cn")}, cn.dispute
FROM events e
CROSS JOIN concessions cn ON cn.event_id = e.id
WHERE cn.disputed
  AND {country_matches("e.releasing_state", "releasing_state")}
ORDER BY date_start DESC, event_id, about""",
        "params": ["releasing_state"],
    },
}
