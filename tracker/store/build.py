"""Building a fresh database from the curated event files, atomically.

The registries of shared records at the top of the folder (`sources.yml`, `people.yml`,
`actors.yml`) are read first, so that every event may refer to their records."""

import os
import sqlite3
from pathlib import Path

from .db import connect, is_shaped
from .ingest import IngestReport, ingest_files
from ..files.readers import FORMATS


REGISTRIES = ("sources", "people", "actors")


def event_files(data_dir: str | Path) -> list[Path]:
    """Every event or registry file under a folder, in a stable order: the registries
    at its top first."""
    root = Path(data_dir)

    def order(path: Path):
        registry = path.parent == root and path.stem in REGISTRIES
        return (0, REGISTRIES.index(path.stem), "") if registry else (1, 0, str(path))

    return sorted(
        (path for path in root.rglob("*")
         if path.is_file() and path.suffix.lower() in FORMATS and not path.name.startswith(".")),
        key=order,
    )


class WouldDiscardChanges(Exception):
    """The database holds changes that a rebuild from the files would silently discard."""


def changes_since_build(db_path: Path) -> list[str]:
    """The runs (ingest, remove) that changed the database after it was built."""
    if not db_path.exists():
        return []
    # A read-write connection that only reads: closing it tidies the WAL files away,
    # which a read-only one would leave beside the database.
    conn = connect(db_path)
    try:
        if not is_shaped(conn):
            return []
        return [
            f"run {run_id} ({command}, {started_at})"
            for run_id, command, started_at in conn.execute(
                "SELECT id, command, started_at FROM ingest_runs WHERE command != 'build' "
                "AND id > coalesce((SELECT max(id) FROM ingest_runs WHERE command = 'build'), 0) "
                "ORDER BY id"
            )
        ]
    except sqlite3.DatabaseError as error:
        return [f"it cannot be read as a database: {error}"]
    finally:
        conn.close()


def build_database(
    data_dir: str | Path, db_path: str | Path, replace: bool = False
) -> IngestReport:
    """Validate every file, build beside the target, then move it into place.

    A reader of `db_path` sees either the old database or the new one, never a
    half-built one; invalid input leaves the old database untouched. A database
    changed since its build (by ingest or remove) is replaced only if `replace`:
    otherwise WouldDiscardChanges, since those events and their history would go.
    """
    files = event_files(data_dir)
    target = Path(db_path)
    if not replace:
        changes = changes_since_build(target)
        if changes:
            raise WouldDiscardChanges(
                f"{target} was changed since it was built ({'; '.join(changes)}); a build "
                "would discard those changes and their history. Accepted: --replace to "
                "rebuild anyway, or another --db"
            )
    temporary = target.with_name(f".{target.name}.building-{os.getpid()}")
    _remove(temporary)
    try:
        report = ingest_files(temporary, files, command="build")
        os.replace(temporary, target)
    finally:
        _remove(temporary)
    return report


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
