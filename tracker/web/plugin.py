"""Datasette hooks: the event page's data, links from query results to rows, a
full-text search that takes any input, and the limits on what one request may cost
(`tracker.web.limits`).

Registered through the `datasette` entry point in pyproject.toml; the page and link
hooks act only on the database served as `tracker` (see `tracker.web.site`).
"""

from types import ModuleType

import datasette.handle_exception as datasette_errors
import datasette_render_markdown
from datasette import Request, hookimpl
from datasette.database import QueryInterrupted
from datasette.plugins import pm
from datasette.utils import escape_fts, is_url, tilde_decode, tilde_encode
from datasette.views.base import DatasetteError
from markupsafe import Markup

from ..schema.counts import register_count_functions
from .eventpage import event_page
from .limits import LimitedResponses, limit_connection, refusal
from .site import DATABASE, PLUGIN, ServingLimits

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


def serving_limits(datasette) -> ServingLimits:
    """The limits `tracker serve` was given (in the metadata), else the defaults."""
    return ServingLimits.from_config(datasette.plugin_config(PLUGIN))


@hookimpl(trylast=True)
def prepare_connection(conn, database, datasette):
    # trylast: runs after Datasette's own prepare_connection, so this definition wins,
    # and the row factory that limit_connection sets replaces Datasette's.
    conn.create_function("escape_fts", 1, escape_fts_matching_nothing_when_empty)
    # The qualified sums (count_sum …), so that a query says "at least 328" as stats do.
    register_count_functions(conn)
    if not database.startswith("_"):  # Datasette's own in-memory databases
        limit_connection(conn, serving_limits(datasette))


def _error_page(datasette, request, status: int, title: str, message: str):
    """Datasette's error page (HTML, or JSON for a .json path), as its own exception
    handler renders it."""
    error = DatasetteError(message, title=title, status=status)
    return datasette_errors.handle_exception(datasette=datasette, request=request, exception=error)


@hookimpl
def asgi_wrapper(datasette):
    limits = serving_limits(datasette)

    async def refuse(scope, receive, send, status, title, message):
        response = await _error_page(datasette, Request(scope, receive), status, title, message)()
        await response.asgi_send(send)

    return lambda app: LimitedResponses(app, limits, refuse)


@hookimpl
def handle_exception(datasette, request, exception):
    # A query SQLite stopped for its size or its time is the visitor's to change: a 400
    # that says which limit, not the 500 Datasette gives a table page or a CSV for
    # errors other than bad SQL.
    if isinstance(exception, QueryInterrupted):
        limit = datasette.setting("sql_time_limit_ms")
        return _error_page(datasette, request, 400, "SQL Interrupted",
                           f"SQL query took too long: the time limit is {limit:,} ms.")
    message = refusal(exception, serving_limits(datasette))
    if message is None:
        return None
    return _error_page(datasette, request, 400, "Too large", message)


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


def _drop_rich_tracebacks() -> None:
    """Datasette prints every error it handles, a 404 included, with rich when rich is
    installed (the test tools bring it): slow, with every local variable in the log,
    and it raises when no exception is being handled, which is how Datasette reports
    a path that matches no route (`/a/b/c/d`): that 404 became a 500. Errors are then
    logged as Datasette logs them without rich."""
    datasette_errors.rich = None


@hookimpl
def startup(datasette):
    # Every plugin is registered by now (they load in no fixed order).
    _drop_per_cell_markdown()
    _drop_rich_tracebacks()
