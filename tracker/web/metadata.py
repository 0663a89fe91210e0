"""Datasette metadata (0.65 layout), generated: `tracker metadata` writes `metadata.yml`.

Table and column descriptions come from the models, through `tracker.schema.catalog`; what
Datasette shows beyond them (labels, sort orders, facets, search, hidden tables) is
declared as data below, like the canned queries (`tracker.web.queries`) and the charts
(`tracker.web.dashboards`). A test fails when the committed `metadata.yml` differs from what
this module generates.
"""

import io
import os
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from .. import about
from ..schema import catalog
from .dashboards import DASHBOARDS
from ..store.db import FTS_COLUMNS, refuse_to_overwrite_database
from .queries import QUERIES
from .site import DATABASE, PLUGIN, STATIC_MOUNT

INSTANCE = {
    "title": about.TITLE,
    "description_html": (
        "<p>The reference database of <strong>negotiated releases of political "
        "prisoners</strong>: who was freed, when, how many, of which nationalities, who "
        "mediated, and what was given in return. Every fact cites a news report; where "
        "reports disagree, each claim is kept with its source.</p>\n"
        f'<p>Start with the <a href="/{DATABASE}/events">releases</a> (newest first; '
        "open one to see all of it), the "
        '<a href="/-/dashboards/overview">charts</a>, or the '
        f'<a href="/{DATABASE}#queries">ready-made questions</a>. '
        'See <a href="/about">about the data</a> for how to read it.</p>'
    ),
    "license": about.LICENSE_TITLE,
    "license_url": about.LICENSE_URL,
    "source": about.SOURCES_TITLE,
    "source_url": f"/{DATABASE}/sources",
    "about": "About the data",
    "about_url": "/about",
    "extra_css_urls": [f"/{STATIC_MOUNT}/tracker.css"],
}


def key_columns(*names: str) -> dict:
    """The columns a table's page shows, after its primary key and in this order, when
    the table has more columns than fit a window (templates/_table.html reads them);
    every column is on each row's page. A name that is not a column is skipped."""
    return {"plugins": {PLUGIN: {"key_columns": list(names)}}}


# Per table: the column that names a row where other tables point to it, the default
# sort, the default facets and the key columns.
TABLES = {
    "countries": {"label_column": "name", "sort": "name"},
    "events": {
        "label_column": "title",
        "sort_desc": "date_start",
        "facets": ["type", "status", "releasing_state", "year"],
        **key_columns(
            "date", "title", "releasing_state", "receiving_state", "freed",
            "foreign_nationals", "type", "status", "track",
        ),
    },
    "event_dates": {"facets": ["step"]},
    "transfers": {
        "facets": ["from_state", "to_state", "how", "status"],
        **key_columns(
            "event_id", "position", "from_state", "held_by", "to_state", "how", "status",
            "date", "count", "political", "foreign_nationals",
        ),
    },
    "transfer_nationalities": {"facets": ["country"]},
    "people": {"label_column": "name", "sort": "name", "facets": [{"array": "nationalities"}]},
    "transfer_people": {},
    "actors": {"label_column": "name", "sort": "name", "facets": ["kind", "country"]},
    "event_actors": {"facets": ["role", "actor_id"]},
    "concessions": {
        "facets": ["kind", "status", "disputed"],
        **key_columns("event_id", "kind", "description", "status", "disputed", "dispute"),
    },
    "concession_parties": {"facets": ["side", "actor_id"]},
    "concession_disputes": {},
    "statements": {
        "facets": ["stance", "actor_id"],
        **key_columns("event_id", "actor_id", "stance", "gist", "platform", "date", "source_ids"),
    },
    # No default sort on a column that rows share (a publication date, a date as of):
    # Datasette 0.65 orders a table's first page by the sorted column alone and later
    # pages by it and the key, so a streamed CSV repeated some rows and lost others
    # where a page ended among equal values. Tables sorted by default keep a unique key.
    "sources": {"label_column": "title", "facets": ["publisher"]},
    "event_sources": {},
    "claims": {"facets": ["about", "chosen"]},
    "prisoner_counts": {
        "facets": ["country"],
        **key_columns("event_id", "country", "as_of", "count", "count_qualifier", "according_to",
                      "attribution", "source_ids"),
    },
    "event_revisions": {"sort_desc": "id", "facets": ["action"]},
    "entity_revisions": {"sort_desc": "id", "facets": ["table_name", "action"]},
    "ingest_runs": {"label_column": "started_at", "sort_desc": "id"},
    "release_transfers": key_columns(
        "event_id", "transfer", "from_state", "to_state", "how", "status", "counted", "count",
        "political", "date",
    ),
    "release_nationalities": {},
    "release_mediators": key_columns(
        "actor_id", "event_id", "roles", "counted", "releasing_state", "date", "freed",
    ),
    "release_concessions": key_columns(
        "event_id", "kind", "granted_by", "granting_state", "status", "disputed",
        "releasing_state", "date_start",
    ),
    "release_people": {},
}

INTERNAL_NOTE = "Internal bookkeeping, kept out of the table list. "

_HEADER = (
    "# Generated by `tracker metadata -o metadata.yml` from tracker/web/metadata.py, the models'\n"
    "# descriptions, tracker/web/queries.py and tracker/web/dashboards.py. Do not edit by hand:\n"
    "# tests/test_metadata.py fails when this file differs from what they generate.\n"
)


def _table_metadata(table: catalog.TableInfo) -> dict:
    entry = {"description": table.description if table.public else INTERNAL_NOTE + table.description}
    if not table.public:
        entry["hidden"] = True
    entry.update(TABLES[table.name])
    if table.name in FTS_COLUMNS:
        entry.update(fts_table=f"{table.name}_fts", fts_pk="rowid")
    entry["columns"] = {column.name: column.description for column in table.columns}
    return entry


def metadata() -> dict:
    """The whole Datasette metadata, as a dictionary."""
    return {
        **INSTANCE,
        "databases": {
            DATABASE: {
                "tables": {table.name: _table_metadata(table) for table in catalog.tables()},
                "queries": QUERIES,
            }
        },
        "plugins": {"datasette-dashboards": DASHBOARDS},
    }


def _readable(value):
    """Multi-line strings (SQL) as block scalars and short lists on one line, so the
    file reads like the source."""
    if isinstance(value, dict):
        return {key: _readable(item) for key, item in value.items()}
    if isinstance(value, list):
        items = CommentedSeq(_readable(item) for item in value)
        if all(isinstance(item, str) for item in value):
            items.fa.set_flow_style()
        return items
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def metadata_yaml() -> str:
    """The text of `metadata.yml`."""
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(_readable(metadata()), buffer)
    return _HEADER + buffer.getvalue()


def write_text(path: str | Path, text: str) -> None:
    """Write a generated file whole: a reader sees the old file or the new one; never
    over a database (OverwritesDatabase)."""
    target = Path(path)
    refuse_to_overwrite_database(target)
    temporary = target.with_name(f".{target.name}.writing-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)

