"""Datasette hooks: the event page's data, links from query results to rows, and a
full-text search that takes any input.

Registered through the `datasette` entry point in pyproject.toml; the page and link
hooks act only on the database served as `tracker` (see `tracker.web.site`).
"""

from types import ModuleType

import datasette_render_markdown
from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import escape_fts, is_url, tilde_decode, tilde_encode
from markupsafe import Markup

from ..schema.counts import register_count_functions
from .eventpage import event_page
from .site import DATABASE

EVENT_TEMPLATE = f"row-{DATABASE}-events.html"

# A column of these names in a query result links to the row it names.
ROW_LINK_COLUMNS = {"event_id": "events", "person_id": "people", "actor_id": "actors"}


# What every page's footer says (templates/_footer.html), from the instance's metadata:
# the dashboards' pages have no metadata of their own.
FOOTER_METADATA = ("license", "license_url", "source", "source_url", "about", "about_url")


@hookimpl
def extra_template_vars(template, database, request, datasette):
    site = {key: datasette.metadata(key) for key in FOOTER_METADATA}
    if template != EVENT_TEMPLATE or database != DATABASE:
        return {"site": site}
    event_id = tilde_decode(request.url_vars["pks"])

    async def event_page_vars():
        db = datasette.get_database(database)
        return {
            "site": site,
            "event_page": await db.execute_fn(lambda conn: event_page(conn, event_id)),
        }

    return event_page_vars


@hookimpl
def render_cell(value, column, table, database, datasette):
    """In query results: ids link to their rows, and a value of one word (an id, a date,
    a field name) is kept on one line (tracker.css), as table pages do (_table.html)."""
    if database != DATABASE or table is not None:
        return None
    if not isinstance(value, str) or not value or " " in value.strip():
        return None
    if column in ROW_LINK_COLUMNS:
        href = datasette.urls.row(database, ROW_LINK_COLUMNS[column], tilde_encode(value))
        return Markup('<a class="word" href="{}" title="{}">{}</a>').format(href, value, value)
    if is_url(value.strip()):
        return None  # Datasette links it
    return Markup('<span class="word" title="{}">{}</span>').format(value, value)


def escape_fts_matching_nothing_when_empty(query: str) -> str:
    """Datasette's escape_fts, except that a search with no words in it (a lone quote,
    spaces) matches nothing: escape_fts gives '', which FTS5 rejects with an error."""
    return escape_fts(query) or '""'


@hookimpl(trylast=True)
def prepare_connection(conn):
    # trylast: runs after Datasette's own prepare_connection, so this definition wins.
    conn.create_function("escape_fts", 1, escape_fts_matching_nothing_when_empty)
    # The qualified sums (count_sum …), so that a query says "at least 328" as stats do.
    register_count_functions(conn)


def _drop_per_cell_markdown() -> None:
    """datasette-render-markdown (which datasette-dashboards needs for its templates)
    converts only the columns configured for it, none of ours, yet looks up its
    configuration for every cell of every page: 40% of the time of a 1,000-row query
    page. Keep its template helpers; drop its render_cell."""
    if not pm.is_registered(datasette_render_markdown):
        return
    name = pm.get_name(datasette_render_markdown)
    pm.unregister(datasette_render_markdown)
    helpers = ModuleType(datasette_render_markdown.__name__)
    helpers.extra_template_vars = datasette_render_markdown.extra_template_vars
    helpers.prepare_jinja2_environment = datasette_render_markdown.prepare_jinja2_environment
    pm.register(helpers, name=name)



@hookimpl
def startup(datasette):
    # Every plugin is registered by now (they load in no fixed order).
    _drop_per_cell_markdown()
