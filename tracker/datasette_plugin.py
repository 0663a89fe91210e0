"""Datasette hooks: the event page's data, and links from query results to rows.

Registered through the `datasette` entry point in pyproject.toml; it acts only on the
database served as `tracker` (see `tracker.serve`).
"""

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from markupsafe import Markup

from .eventpage import event_page
from .metadata import DATABASE

EVENT_TEMPLATE = f"row-{DATABASE}-events.html"

# A column of these names in a query result links to the row it names.
ROW_LINK_COLUMNS = {"event_id": "events", "person_id": "people", "actor_id": "actors"}


@hookimpl
def extra_template_vars(template, database, request, datasette):
    if template != EVENT_TEMPLATE or database != DATABASE:
        return None
    event_id = tilde_decode(request.url_vars["pks"])

    async def event_page_vars():
        db = datasette.get_database(database)
        return {"event_page": await db.execute_fn(lambda conn: event_page(conn, event_id))}

    return event_page_vars


@hookimpl
def render_cell(value, column, table, database, datasette):
    if database != DATABASE or table is not None or column not in ROW_LINK_COLUMNS:
        return None
    if not isinstance(value, str) or not value:
        return None
    href = datasette.urls.row(database, ROW_LINK_COLUMNS[column], tilde_encode(value))
    return Markup('<a href="{}">{}</a>').format(href, value)
