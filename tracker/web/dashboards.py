"""Charts, for where people would rather look than read: one datasette-dashboards board.

Declared as data and written into `metadata.yml` by `tracker.web.metadata`. The plugin ships
Vega, Vega-Lite and vega-embed itself, so the charts draw without the internet. A chart's
SQL may hold `[[ … :filter … ]]` blocks, which the plugin keeps only when that filter
is set.
"""

import json

from ..schema.models import ConcessionKind
from ..schema.rules import counted_sql
from .site import DATABASE

COUNTED_EVENTS = counted_sql("e.status", "e.part_of")

# The version of Vega-Lite that datasette-dashboards ships (6.x); a chart that names
# another makes vega-embed warn in the browser's console.
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# Charts draw as SVG: sharp at any zoom, and their marks and legends can be read back.
EMBED_OPTIONS = {"renderer": "svg"}
# A chart whose rows are categories (mediators, kinds) has a height of its own, room
# for a given number of rows of this many pixels, and its bars keep one thickness.
# Sized by its rows instead ({"step": …}), beside a width that fits its card, Vega-Lite
# warns "Dropping fit-y" (vega/vega-lite#8579).
ROW_PIXELS = 22
BAR_PIXELS = 16
# Charts of ranked rows show the first ones; the questions (tracker/web/queries.py) list all.
RANKED_ROWS = 15

# One colour, one meaning, in every chart. Countries (a releasing state, a country
# holding prisoners) take Vega's tableau colours, less its purples, pinks and grey: the
# seven that the most transfers and prisoner counts name, counted over the whole
# database so that a filter changes no colour; the others share one grey, labelled
# "other countries" (forty countries cannot each have a colour one can tell apart).
COUNTRY_PALETTE = ("#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#9d755d")
# A concession's status: shades of purple, darker the firmer; denied is grey.
STATUS_COLOURS = {
    "implemented": "#54278f",
    "announced": "#756bb1",
    "promised": "#9e9ac8",
    "reported": "#cbc9e2",
    "denied": "#bdbdbd",
}
# A count with no category (people freed by nationality, releases per mediator).
COUNT_COLOUR = "#5b6770"
# Belarus's waves against its remaining prisoners: two series, each its own colour (neither
# a country's: the chart is of one country).
WAVE_COLOURS = {"freed in a release": COUNT_COLOUR, "political prisoners remaining": "#b2182b"}

OTHER_COUNTRIES = ("other countries", "#a39e93")
# The `colour` of each country and the label it has in legends (`colour_label`), for a
# chart's SQL to join (`WITH {COUNTRY_COLOURS} …`).
COUNTRY_COLOURS = f"""country_colours AS (
  SELECT code,
    CASE WHEN rank <= {len(COUNTRY_PALETTE)}
      THEN json_extract('{json.dumps(list(COUNTRY_PALETTE))}', '$[' || (rank - 1) || ']')
      ELSE '{OTHER_COUNTRIES[1]}' END AS colour,
    CASE WHEN rank <= {len(COUNTRY_PALETTE)} THEN name ELSE '{OTHER_COUNTRIES[0]}' END
      AS colour_label
  FROM (
    SELECT named.code, c.name, row_number() OVER (ORDER BY count(*) DESC, named.code) AS rank
    FROM (SELECT from_state AS code FROM transfers WHERE from_state IS NOT NULL
          UNION ALL SELECT country FROM prisoner_counts) named
    JOIN countries c ON c.code = named.code
    GROUP BY named.code
  )
)"""

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


def _vega_lite(title: str, sql: str, display: dict, rows: int | None = None) -> dict:
    """A Vega-Lite chart in the version shipped, drawn as SVG; one whose rows are
    categories has room for `rows` of them."""
    spec = {"$schema": VEGA_LITE_SCHEMA, "usermeta": {"embedOptions": EMBED_OPTIONS}, **display}
    if rows:
        spec["height"] = rows * ROW_PIXELS
        if spec["mark"]["type"] == "bar":
            spec["mark"] = {**spec["mark"], "size": BAR_PIXELS}
    return _chart(title, sql, spec)


def _metric(title: str, sql: str, suffix: str = "") -> dict:
    return _chart(title, sql, {"field": "value", "prefix": "", "suffix": suffix}, "metric")


def _channel(field: str, kind: str, title: str | None, **options) -> dict:
    """A Vega-Lite encoding channel; a title of None shows no axis title."""
    return {"field": field, "type": kind, "title": title, **options}


def _country_colour(field: str, title: str | None, **options) -> dict:
    """Colour by country, the same in every chart: the SQL gives the `colour` and its
    `colour_label` from COUNTRY_COLOURS (`field` names the label)."""
    return _channel(field, "nominal", title, scale={"range": {"field": "colour"}}, **options)


def _status_colour(field: str, title: str) -> dict:
    return _channel(
        field, "nominal", title,
        scale={"domain": list(STATUS_COLOURS), "range": list(STATUS_COLOURS.values())},
    )


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
        ["flows", "flows", "flows"],
        ["belarus-waves", "belarus-waves", "belarus-waves"],
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
        "releases-over-time": _vega_lite(
            "Releases per year, by releasing state",
            f"""WITH {COUNTRY_COLOURS}
SELECT e.year, c.name AS releasing_state, count(DISTINCT e.event_id) AS releases,
  count_sum(e.count, e.count_low, e.count_high, e.count_qualifier) AS people_freed, cc.colour,
  cc.colour_label
FROM release_transfers e JOIN countries c ON c.code = e.from_state
JOIN country_colours cc ON cc.code = e.from_state
WHERE e.counted
  {_TRANSFER_FILTERS}
GROUP BY e.year, e.from_state
ORDER BY e.year""",
            {
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "x": _channel("year", "ordinal", "Year", axis={"labelAngle": 0}),
                    "y": _channel("releases", "quantitative", "Releases", axis={"tickMinStep": 1}),
                    "color": _country_colour("colour_label", "Releasing state"),
                    "tooltip": _tooltip(
                        ("year", "Year"),
                        ("releasing_state", "Releasing state"),
                        ("releases", "Releases"),
                        ("people_freed", "People freed"),
                    ),
                },
            },
        ),
        "timeline": _vega_lite(
            "Every release over time (the larger the dot, the more people freed)",
            f"""WITH {COUNTRY_COLOURS}
SELECT e.date, e.date_start, e.title, c.name AS releasing_state,
  coalesce(e.freed, e.freed_low) AS people_freed,
  count_text(e.freed, e.freed_low, e.freed_high, e.freed_qualifier) AS figure, cc.colour,
  cc.colour_label
FROM events e JOIN countries c ON c.code = e.releasing_state
JOIN country_colours cc ON cc.code = e.releasing_state
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
                        # Beside a chart of a few rows, a column of dots would be cut off.
                        legend={"orient": "bottom", "direction": "horizontal"},
                    ),
                    "color": _country_colour("colour_label", None, legend=None),
                    "tooltip": _tooltip(
                        ("date", "Date"),
                        ("title", "Release"),
                        ("releasing_state", "Releasing state"),
                        ("figure", "People freed"),
                    ),
                },
            },
            rows=8,
        ),
        "people-freed-by-nationality": _vega_lite(
            f"People freed by nationality, the first {RANKED_ROWS} (from the breakdowns, "
            "mostly foreign nationals)",
            f"""SELECT c.name AS nationality,
  count_sum_best(e.count, e.count_low, e.count_high, e.count_qualifier) AS people_freed,
  count_sum(e.count, e.count_low, e.count_high, e.count_qualifier) AS figure,
  count(DISTINCT e.event_id) AS releases
FROM release_nationalities e
JOIN countries c ON c.code = e.country
WHERE e.counted AND e.count_qualifier IS NOT NULL
  {_TRANSFER_FILTERS}
GROUP BY e.country
ORDER BY people_freed DESC, nationality
LIMIT {RANKED_ROWS}""",
            {
                "mark": {"type": "bar", "tooltip": True, "color": COUNT_COLOUR},
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
            rows=RANKED_ROWS,
        ),
        "concessions-by-kind": _vega_lite(
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
                    "x": _channel(
                        "concessions", "quantitative", "Concessions", axis={"tickMinStep": 1}
                    ),
                    "color": _status_colour("status", "Status"),
                },
            },
            rows=len(ConcessionKind),
        ),
        "flows": _vega_lite(
            f"Who freed whom: the {RANKED_ROWS} largest flows between states, per year "
            "(the larger the dot, the more people freed)",
            f"""WITH {COUNTRY_COLOURS},
flows AS (
  SELECT e.year, e.from_state, e.held_by, e.to_state, e.how, count(DISTINCT e.event_id) AS releases,
    count_sum_best(e.count, e.count_low, e.count_high, e.count_qualifier) AS people_freed,
    count_sum(e.count, e.count_low, e.count_high, e.count_qualifier) AS figure
  FROM release_transfers e
  WHERE e.counted
    {_TRANSFER_FILTERS}
  GROUP BY e.year, e.from_state, e.held_by, e.to_state, e.how
),
named AS (
  SELECT flows.*, coalesce(f.name, h.name) || ' → ' || coalesce(d.name, CASE flows.how
      WHEN 'stayed' THEN 'stayed where held' WHEN 'expelled' THEN 'expelled, destination not known'
      ELSE 'not known' END) AS flow, coalesce(cc.colour, '{COUNT_COLOUR}') AS colour
  FROM flows
  LEFT JOIN countries f ON f.code = flows.from_state
  LEFT JOIN actors h ON h.id = flows.held_by
  LEFT JOIN countries d ON d.code = flows.to_state
  LEFT JOIN country_colours cc ON cc.code = flows.from_state
),
largest AS (
  SELECT flow FROM named GROUP BY flow
  ORDER BY sum(coalesce(people_freed, 0)) DESC, sum(releases) DESC, flow LIMIT {RANKED_ROWS}
)
SELECT named.year, named.flow, named.releases,
  -- A flow whose number no report gives is drawn as the smallest dot.
  coalesce(named.people_freed, 0) AS people_freed,
  coalesce(named.figure, 'unknown') AS figure, named.colour
FROM named JOIN largest ON largest.flow = named.flow
ORDER BY named.year, named.flow""",
            {
                "mark": {"type": "circle", "tooltip": True, "opacity": 0.8},
                "encoding": {
                    "x": _channel("year", "ordinal", "Year", axis={"labelAngle": 0}),
                    "y": _channel("flow", "nominal", None),
                    "size": _channel(
                        "people_freed", "quantitative", "People freed",
                        scale={"range": [40, 1200]},
                        legend={"orient": "bottom", "direction": "horizontal"},
                    ),
                    # The colour of the state that freed them, as in the other charts,
                    # given in the data: a scale would cycle the few colours over the flows.
                    "color": _channel("colour", "nominal", None, scale=None, legend=None),
                    "tooltip": _tooltip(
                        ("year", "Year"),
                        ("flow", "Who freed whom"),
                        ("releases", "Releases"),
                        ("figure", "People freed"),
                    ),
                },
            },
            rows=RANKED_ROWS,
        ),
        "belarus-waves": _vega_lite(
            "Belarus: people freed in each release (political prisoners where known) and "
            "political prisoners remaining, as each source gives it",
            f"""SELECT 'freed in a release' AS series, e.date_start AS day, e.date, e.title AS what,
  coalesce(e.political, e.political_low, e.freed, e.freed_low) AS people,
  CASE WHEN e.political_qualifier IS NOT NULL
    THEN count_text(e.political, e.political_low, e.political_high, e.political_qualifier)
      || ' political prisoners'
    ELSE count_text(e.freed, e.freed_low, e.freed_high, e.freed_qualifier) || ' people' END AS figure,
  NULL AS according_to
FROM events e
WHERE e.releasing_state = 'BY' AND {COUNTED_EVENTS}
  AND coalesce(e.political, e.political_low, e.freed, e.freed_low) IS NOT NULL
  {_DATES}
UNION ALL
SELECT 'political prisoners remaining', pc.as_of, pc.as_of, c.name,
  coalesce(pc.count, pc.count_low, pc.count_high),
  count_text(pc.count, pc.count_low, pc.count_high, pc.count_qualifier),
  coalesce(a.name, pc.attribution, s.publisher, s.title)
FROM prisoner_counts pc
JOIN countries c ON c.code = pc.country
JOIN sources s ON s.id = json_extract(pc.source_ids, '$[0]')
LEFT JOIN actors a ON a.id = pc.according_to
WHERE pc.country = 'BY'
  [[ AND pc.as_of >= :since ]]
  [[ AND pc.as_of <= :until ]]
ORDER BY day""",
            {
                "encoding": {
                    "x": _channel("day", "temporal", "Date", axis={
                        "format": "%b %Y", "tickCount": {"interval": "month"},
                        "labelOverlap": True}),
                    "color": _channel(
                        "series", "nominal", None,
                        scale={"domain": list(WAVE_COLOURS), "range": list(WAVE_COLOURS.values())},
                        legend={"orient": "bottom", "direction": "horizontal"},
                    ),
                    "tooltip": _tooltip(
                        ("date", "Date"), ("what", "What"), ("figure", "How many"),
                        ("according_to", "According to"),
                    ),
                },
                # Two scales: a release frees tens, while a thousand or more remain.
                "layer": [
                    {
                        "transform": [{"filter": "datum.series == 'freed in a release'"}],
                        "mark": {"type": "bar", "tooltip": True, "width": 6},
                        "encoding": {"y": _channel("people", "quantitative", "People freed")},
                    },
                    {
                        "transform": [
                            {"filter": "datum.series == 'political prisoners remaining'"}],
                        "mark": {"type": "point", "tooltip": True, "filled": True, "size": 70},
                        "encoding": {"y": _channel(
                            "people", "quantitative", "Political prisoners remaining")},
                    },
                ],
                "resolve": {"scale": {"y": "independent"}},
            },
        ),
        "remaining-prisoners": _vega_lite(
            "Political prisoners remaining, as each source gives it",
            f"""WITH {COUNTRY_COLOURS}
SELECT c.name AS country, pc.as_of,
  coalesce(pc.count, pc.count_low, pc.count_high) AS political_prisoners,
  count_text(pc.count, pc.count_low, pc.count_high, pc.count_qualifier) AS figure,
  coalesce(a.name, pc.attribution, s.publisher, s.title) AS according_to, cc.colour,
  cc.colour_label
FROM prisoner_counts pc
JOIN countries c ON c.code = pc.country
JOIN country_colours cc ON cc.code = pc.country
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
                    "color": _country_colour("colour_label", "Country"),
                    "tooltip": _tooltip(
                        ("country", "Country"),
                        ("as_of", "As of"),
                        ("figure", "Political prisoners"),
                        ("according_to", "According to"),
                    ),
                },
            },
        ),
        "mediators": _vega_lite(
            f"Mediators by number of releases, the first {RANKED_ROWS}",
            f"""SELECT a.name AS mediator, count(*) AS releases
FROM release_mediators e
JOIN actors a ON a.id = e.actor_id
WHERE e.counted
  {_EVENT_FILTERS}
GROUP BY e.actor_id
ORDER BY releases DESC, mediator
LIMIT {RANKED_ROWS}""",
            {
                "mark": {"type": "bar", "tooltip": True, "color": COUNT_COLOUR},
                "encoding": {
                    "y": _channel("mediator", "nominal", None, sort="-x"),
                    "x": _channel(
                        "releases", "quantitative", "Releases", axis={"tickMinStep": 1}
                    ),
                },
            },
            rows=RANKED_ROWS,
        ),
    },
}

DASHBOARDS = {"overview": OVERVIEW}
