"""Serving the database with Datasette: read-only, bound to one host, time-limited,
each request's cost bounded (`tracker.web.limits`).

`datasette_app` builds the one Datasette configuration that `tracker serve` runs and
that the tests use in-process: the committed `metadata.yml`, the templates, the
settings, the limits, and the database always named `tracker` (whatever its file is
called), which is what the metadata, the event page and the charts refer to.

`listening_socket` takes the host and port before anything else starts, so that a port
in use is a one-line error that says how to choose another, not a server that starts
and then fails.
"""

import asyncio
import errno
import socket
from contextlib import closing
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


# How far above a port in use to look for a free one to suggest.
PORTS_TO_SUGGEST = 20


class CannotListen(Exception):
    """The host and port cannot be listened on; the message says what to do instead."""


def _bound(host: str, port: int) -> socket.socket:
    """A socket listening on host:port, as uvicorn would open it; OSError if it cannot."""
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        raise OSError(errno.EADDRNOTAVAIL, error.strerror) from error
    sock = socket.socket(family, kind, protocol)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen()
    except OSError:
        sock.close()
        raise
    return sock


def _free_port_above(host: str, port: int) -> int | None:
    for candidate in range(port + 1, min(port + PORTS_TO_SUGGEST, 65535) + 1):
        try:
            _bound(host, candidate).close()
        except OSError:
            continue
        return candidate
    return None


def listening_socket(host: str, port: int) -> socket.socket:
    """The socket to serve on; CannotListen, saying how to choose another port or host,
    when the port is taken or the host is not an address of this machine."""
    try:
        return _bound(host, port)
    except OSError as error:
        where = f"{host}:{port}"
        if error.errno == errno.EADDRINUSE:
            free = _free_port_above(host, port)
            example = f", e.g. --port {free}, which is free" if free else ""
            raise CannotListen(
                f"{where} is already in use (by another server?); "
                f"choose another port with --port{example}"
            ) from error
        raise CannotListen(
            f"cannot listen on {where}: {error.strerror}; accepted: --host an address of "
            "this machine (127.0.0.1 by default) and --port a free port above 1023"
        ) from error


def serve(db_path: str | Path, sock: socket.socket, limits: ServingLimits = ServingLimits()) -> None:
    """Serve the database on the listening socket until interrupted; listens nowhere else."""
    datasette = datasette_app(db_path, limits)
    limit_sqlite_memory(limits)
    asyncio.run(datasette.invoke_startup())
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(
        datasette.app(), host=host, port=port, log_level="info", lifespan="on"
    )
    with closing(sock):
        uvicorn.Server(config).run(sockets=[sock])
