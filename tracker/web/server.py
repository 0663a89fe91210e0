"""Serving the database with Datasette: read-only, bound to one host, time-limited,
each request's cost bounded (`tracker.web.limits`).

`datasette_app` builds the one Datasette configuration that `tracker serve` runs and
that the tests use in-process: the committed `metadata.yml`, the templates, the
settings, the limits, and the database always named `tracker` (whatever its file is
called), which is what the metadata, the event page and the charts refer to.
"""

import asyncio
from pathlib import Path

import uvicorn
from datasette.app import Database, Datasette
from datasette.utils import parse_metadata

from .limits import limit_sqlite_memory
from .site import DATABASE, METADATA, PLUGIN, STATIC, STATIC_MOUNT, TEMPLATES, ServingLimits

SQL_TIME_LIMIT_MS = 3000
SETTINGS = {
    # A query that runs longer is stopped, so one visitor cannot tie up the server.
    "sql_time_limit_ms": SQL_TIME_LIMIT_MS,
    "facet_time_limit_ms": 500,
    # The database is a live file that ingest may update while it is served.
    "allow_download": False,
    "suggest_facets": False,
    # A CSV is bounded by the response limit instead, which closes the connection of a
    # cut stream; Datasette's own limit ends the cut file as if it were whole.
    "max_csv_mb": 0,
}


def datasette_app(db_path: str | Path, limits: ServingLimits = ServingLimits()) -> Datasette:
    """Datasette for one database file, opened read-only (Datasette opens mutable
    files with `mode=ro`, and nothing here asks it to write)."""
    path = Path(db_path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such database")
    metadata = parse_metadata(METADATA.read_text(encoding="utf-8"))
    # Where the plugin reads them; /-/metadata.json shows them to visitors.
    metadata.setdefault("plugins", {})[PLUGIN] = limits.as_config()
    datasette = Datasette(
        metadata=metadata,
        template_dir=str(TEMPLATES),
        static_mounts=[(STATIC_MOUNT, str(STATIC))],
        settings=SETTINGS,
    )
    # Datasette adds an empty in-memory database when given no files; it would only
    # clutter the home page.
    datasette.remove_database("_memory")
    datasette.add_database(Database(datasette, path=str(path), is_mutable=True), name=DATABASE)
    return datasette


def serve(db_path: str | Path, host: str, port: int, limits: ServingLimits = ServingLimits()) -> None:
    """Serve the database on host:port until interrupted; listens nowhere else."""
    datasette = datasette_app(db_path, limits)
    limit_sqlite_memory(limits)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on")
