"""Serving the database with Datasette: read-only, bound to one host, time-limited."""

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
METADATA = REPO_ROOT / "metadata.yml"
SQL_TIME_LIMIT_MS = 3000


def datasette_args(db_path: str | Path, host: str, port: int) -> list[str]:
    """The `datasette serve` command line for a database."""
    args = [
        sys.executable, "-m", "datasette", "serve", str(db_path),
        "--host", host,
        "--port", str(port),
        "--setting", "sql_time_limit_ms", str(SQL_TIME_LIMIT_MS),
    ]
    if METADATA.exists():
        args += ["--metadata", str(METADATA)]
    return args


def serve(db_path: str | Path, host: str, port: int) -> None:
    """Replace this process with Datasette serving the database."""
    args = datasette_args(db_path, host, port)
    os.execv(args[0], args)
