"""Charts, for where people would rather look than read: one datasette-dashboards board.

Declared as data and written into `metadata.yml` by `tracker.web.metadata`. The plugin ships
Vega, Vega-Lite and vega-embed itself, so the charts draw without the internet. A chart's
SQL may hold `[[ … :filter … ]]` blocks, which the plugin keeps only when that filter
is set.
"""

from ..schema.rules import counted_sql
from .site import DATABASE

COUNTED_EVENTS = counted_sql("e.status", "e.part_of")

# Filters of the board, applied to every chart: to a serving table's transfers (the state
# that freed them), or to the events' own columns (their first transfer's). Every figure
# counts as `tracker.schema.rules` says: the `counted` transfers, summed with count_sum.
_DATES = """[[ AND e.date_start >= :since ]]
  [[ AND e.date_end <= :until ]]"""
_EVENT_FILTERS = """[[ AND e.releasing_state IN (SELECT code FROM countries WHERE name = :releasing_state) ]]
  """ + _DATES
_TRANSFER_FILTERS = """[[ AND e.from_state IN (SELECT code FROM countries WHERE name = :releasing_state) ]]
  """ + _DATES


def _chart(title: str, sql: str, display: dict, library: str = "vega-lite") -> dict:
    return {"title": title, "db": DATABASE, "query": sql, "library": library, "display": display}


def _metric(title: str, sql: str, suffix: str = "") -> dict:
    return _chart(title, sql, {"field": "value", "prefix": "", "suffix": suffix}, "metric")


def _channel(field: str, kind: str, title: str | None, **options) -> dict:
    """A Vega-Lite encoding channel; a title of None shows no axis title."""
    return {"field": field, "type": kind, "title": title, **options}


def _tooltip(*fields: tuple[str, str]) -> list[dict]:
    return [{"field": field, "title": title} for field, title in fields]


_MONTHS = {"axis": {"format": "%b %Y"}}

OVERVIEW = {
    "title": "Releases at a glance",
    "description": (
        "Negotiated releases of political prisoners: when, by whom, of whom, and what "
        "was given in return. Only releases that happened are counted; the filters "
        "narrow every chart. Each chart's title opens it alone, with its data."
    ),
    "layout": [
        ["releases", "people-freed", "named-people"],
        ["releases-over-time", "releases-over-time", "releases-over-time"],
        ["timeline", "timeline", "timeline"],
        ["people-freed-by-nationality", "people-freed-by-nationality", "concessions-by-kind"],
        ["remaining-prisoners", "remaining-prisoners", "mediators"],
    ],
    "filters": {
        "releasing_state": {
            "name": "Releasing state",
            "type": "select",
            "db": DATABASE,
            "query": (
                "SELECT DISTINCT c.name FROM transfers e "
                "JOIN countries c ON c.code = e.from_state ORDER BY c.name"
            ),
        },
        "since": {"name": "From", "type": "date"},
        "until": {"name": "To", "type": "date"},
    },
    "charts": {
        "releases": _metric(
            "Releases",
            f"""SELECT count(DISTINCT e.event_id) AS value FROM release_transfers e
WHERE e.counted
  {_TRANSFER_FILTERS}""",
        ),
        "people-freed": _metric(
            "People freed",
            f"""SELECT coalesce(count_sum(e.count, e.count_low, e.count_high, e.count_qualifier),
  'unknown') AS value FROM release_transfers e
WHERE e.counted
  {_TRANSFER_FILTERS}""",
        ),
        "named-people": _metric(
            "Named people freed",
            f"""SELECT count(DISTINCT e.person_id) AS value FROM release_people e
WHERE e.counted
  {_TRANSFER_FILTERS}""",
        ),
        "releases-over-time": _chart(
            "Releases per year, by releasing state",
            f"""SELECT e.year, c.name AS releasing_state, count(DISTINCT e.event_id) AS releases,
  count_sum(e.count, e.count_low, e.count_high, e.count_qualifier) AS people_freed
FROM release_transfers e JOIN countries c ON c.code = e.from_state
WHERE e.counted
  {_TRANSFER_FILTERS}
GROUP BY e.year, e.from_state
ORDER BY e.year""",
            {
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "x": _channel("year", "ordinal", "Year"),
                    "y": _channel("releases", "quantitative", "Releases"),
                    "color": _channel("releasing_state", "nominal", "Releasing state"),
                    "tooltip": _tooltip(
                        ("year", "Year"),
                        ("releasing_state", "Releasing state"),
                        ("releases", "Releases"),
                        ("people_freed", "People freed"),
                    ),
                },
            },
        ),
        "timeline": _chart(
            "Every release over time (the larger the dot, the more people freed)",
            f"""SELECT e.date, e.date_start, e.title, c.name AS releasing_state,
  coalesce(e.freed, e.freed_low) AS people_freed,
  count_text(e.freed, e.freed_low, e.freed_high, e.freed_qualifier) AS figure
FROM events e JOIN countries c ON c.code = e.releasing_state
WHERE {COUNTED_EVENTS}
  {_EVENT_FILTERS}
ORDER BY e.date_start""",
            {
                "mark": {"type": "circle", "tooltip": True, "opacity": 0.7},
                "encoding": {
                    "x": _channel("date_start", "temporal", "Date", **_MONTHS),
                    "y": _channel("releasing_state", "nominal", "Releasing state"),
                    "size": _channel(
                        "people_freed", "quantitative", "People freed",
                        scale={"range": [40, 1600]},
                    ),
                    "color": _channel("releasing_state", "nominal", None, legend=None),
                    "tooltip": _tooltip(
                        ("date", "Date"),
                        ("title", "Release"),
                        ("releasing_state", "Releasing state"),
                        ("figure", "People freed"),
                    ),
                },
            },
        ),
        "people-freed-by-nationality": _chart(
            "People freed by nationality (from the breakdowns, mostly foreign nationals)",
            f"""SELECT c.name AS nationality,
  count_sum_best(e.count, e.count_low, e.count_high, e.count_qualifier) AS people_freed,
  count_sum(e.count, e.count_low, e.count_high, e.count_qualifier) AS figure,
  count(DISTINCT e.event_id) AS releases
FROM release_nationalities e
JOIN countries c ON c.code = e.country
WHERE e.counted AND e.count_qualifier IS NOT NULL
  {_TRANSFER_FILTERS}
GROUP BY e.country
ORDER BY people_freed DESC""",
            {
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "y": _channel("nationality", "nominal", None, sort="-x"),
                    "x": _channel("people_freed", "quantitative", "People freed"),
                    "tooltip": _tooltip(
                        ("nationality", "Nationality"),
                        ("figure", "People freed"),
                        ("releases", "Releases"),
                    ),
                },
            },
        ),
        "concessions-by-kind": _chart(
            "Concessions by kind and status",
            f"""SELECT replace(e.kind, '_', ' ') AS kind, e.status, count(*) AS concessions
FROM release_concessions e
WHERE 1 = 1
  {_EVENT_FILTERS}
GROUP BY e.kind, e.status""",
            {
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "y": _channel("kind", "nominal", None),
                    "x": _channel("concessions", "quantitative", "Concessions"),
                    "color": _channel("status", "nominal", "Status"),
                },
            },
        ),
        "remaining-prisoners": _chart(
            "Political prisoners remaining, as each source gives it",
            """SELECT c.name AS country, pc.as_of,
  coalesce(pc.count, pc.count_low, pc.count_high) AS political_prisoners,
  count_text(pc.count, pc.count_low, pc.count_high, pc.count_qualifier) AS figure,
  coalesce(a.name, pc.attribution, s.publisher, s.title) AS according_to
FROM prisoner_counts pc
JOIN countries c ON c.code = pc.country
JOIN sources s ON s.id = json_extract(pc.source_ids, '$[0]')
LEFT JOIN actors a ON a.id = pc.according_to
WHERE 1 = 1
  [[ AND c.name = :releasing_state ]]
  [[ AND pc.as_of >= :since ]]
  [[ AND pc.as_of <= :until ]]
ORDER BY pc.as_of""",
            {
                # Points, not a line: sources give different figures for the same day.
                "mark": {"type": "point", "tooltip": True, "filled": True, "size": 80},
                "encoding": {
                    "x": _channel("as_of", "temporal", "As of", **_MONTHS),
                    "y": _channel("political_prisoners", "quantitative", "Political prisoners"),
                    "color": _channel("country", "nominal", "Country"),
                    "tooltip": _tooltip(
                        ("country", "Country"),
                        ("as_of", "As of"),
                        ("figure", "Political prisoners"),
                        ("according_to", "According to"),
                    ),
                },
            },
        ),
        "mediators": _chart(
            "Mediators by number of releases",
            f"""SELECT a.name AS mediator, count(*) AS releases
FROM release_mediators e
JOIN actors a ON a.id = e.actor_id
WHERE e.counted
  {_EVENT_FILTERS}
GROUP BY e.actor_id
ORDER BY releases DESC, mediator""",
            {
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "y": _channel("mediator", "nominal", None, sort="-x"),
                    "x": _channel(
                        "releases", "quantitative", "Releases", axis={"tickMinStep": 1}
                    ),
                },
            },
        ),
    },
}

DASHBOARDS = {"overview": OVERVIEW}
