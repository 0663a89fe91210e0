"""Building a fresh database from the curated event files, atomically."""

import os
import sqlite3
from pathlib import Path

from .db import connect, is_shaped
from .ingest import IngestReport, ingest_files
from ..files.readers import FORMATS
from ..files.withheld import LOCAL_SUFFIXES, WithheldNames


def event_files(data_dir: str | Path) -> list[Path]:
    """Every event file under a folder, in a stable order; not the local files (the
    withheld names) that stay on a curator's machine."""
    root = Path(data_dir)
    return sorted(
        path for path in root.rglob("*")
        if path.is_file() and path.suffix.lower() in FORMATS and not path.name.startswith(".")
        and not path.name.lower().endswith(LOCAL_SUFFIXES)
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
    data_dir: str | Path, db_path: str | Path, replace: bool = False,
    names: WithheldNames | None = None,
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
        report = ingest_files(temporary, files, command="build", names=names)
        os.replace(temporary, target)
    finally:
        _remove(temporary)
    return report


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
