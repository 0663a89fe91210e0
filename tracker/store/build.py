"""Building the database from the curated event files, in one transaction.

A database that exists is rebuilt in place, in one transaction: a reader (a running
`tracker serve`) sees the old events until the commit and the new ones after it, on
the same file it has open, and an invalid file, a full disk or a kill leaves the old
database as it was. With `secure_delete` and the log folded in afterwards, no freed
page keeps the text of what the rebuild removed. Only a database that does not exist
yet is built beside its place (`.NAME.building-PID`) and moved there when complete.

The registries of shared records at the top of the folder (`sources.yml`, `people.yml`,
`actors.yml`) are read first, so that every event may refer to their records.
"""

import os
import sqlite3
from pathlib import Path

from ..files.readers import FORMATS
from ..files.validate import Validator, iter_valid_documents
from ..files.withheld import LOCAL_SUFFIXES, WithheldNames
from .db import (
    connect, ensure_db_shape, fold_log, remove_database_files, transaction, use_wal, write_access,
)
from .ingest import IngestReport, clear_events, file_hashes, ingest_unlocked, write_events
from .lock import WriteOptions


REGISTRIES = ("sources", "people", "actors")


def event_files(data_dir: str | Path) -> list[Path]:
    """Every event or registry file under a folder, in a stable order (the registries at
    its top first); not the local files (the withheld names) that stay on a curator's
    machine."""
    root = Path(data_dir)

    def order(path: Path):
        registry = path.parent == root and path.stem in REGISTRIES
        return (0, REGISTRIES.index(path.stem), "") if registry else (1, 0, str(path))

    return sorted(
        (path for path in root.rglob("*")
         if path.is_file() and path.suffix.lower() in FORMATS and not path.name.startswith(".")
         and not path.name.lower().endswith(LOCAL_SUFFIXES)),
        key=order,
    )


class WouldDiscardChanges(Exception):
    """The database holds changes that a rebuild from the files would silently discard."""


def changes_since_build(conn: sqlite3.Connection) -> list[str]:
    """The runs (ingest, remove) that changed the database after it was built."""
    return [
        f"run {run_id} ({command}, {started_at})"
        for run_id, command, started_at in conn.execute(
            "SELECT id, command, started_at FROM ingest_runs WHERE command != 'build' "
            "AND id > coalesce((SELECT max(id) FROM ingest_runs WHERE command = 'build'), 0) "
            "ORDER BY id"
        )
    ]


def _building_files(target: Path) -> dict[int, list[Path]]:
    """The files that builds beside `target` made, by the pid of their build."""
    prefix = f".{target.name}.building-"
    found: dict[int, list[Path]] = {}
    for path in target.parent.glob(f".{target.name}.building-*"):
        pid = path.name.removeprefix(prefix).split("-")[0]
        if pid.isdigit():
            found.setdefault(int(pid), []).append(path)
    return found


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def remove_stale_builds(target: Path, options: WriteOptions) -> None:
    """Remove what killed builds left beside `target`; say what, and what is kept.

    Called holding the writer lock: no build of this database is running, so a file
    whose process is alive belongs to something else that took its pid.
    """
    for pid, paths in sorted(_building_files(target).items()):
        name = f".{target.name}.building-{pid}"
        if _running(pid):
            options.notify(f"left {name}: process {pid} is running; remove it if it is no build")
            continue
        for path in paths:
            path.unlink(missing_ok=True)
        options.notify(f"removed {name}, left by a build that was killed")


def _rebuild_in_place(
    target: Path, files: list[Path], replace: bool, options: WriteOptions, names: WithheldNames
) -> IngestReport:
    conn = connect(target, options.wait_seconds)
    try:
        ensure_db_shape(conn)
        use_wal(conn)
        if not replace:
            changes = changes_since_build(conn)
            if changes:
                raise WouldDiscardChanges(
                    f"{target} was changed since it was built ({'; '.join(changes)}); a "
                    "build would discard those changes and their history. Accepted: "
                    "--replace to rebuild anyway, or another --db"
                )
        validator = Validator(names)
        with transaction(conn):
            clear_events(conn)
            report = write_events(
                conn, iter_valid_documents(files, validator), file_hashes(files), "build", validator
            )
        fold_log(conn, options)
        return report
    finally:
        conn.close()


def _build_beside(
    target: Path, files: list[Path], options: WriteOptions, names: WithheldNames
) -> IngestReport:
    temporary = target.with_name(f".{target.name}.building-{os.getpid()}")
    try:
        report = ingest_unlocked(temporary, files, "build", options, created=True, names=names)
        os.replace(temporary, target)
    finally:
        remove_database_files(temporary)
    return report


def build_database(
    data_dir: str | Path, db_path: str | Path, replace: bool = False,
    options: WriteOptions = WriteOptions(), names: WithheldNames | None = None,
) -> IngestReport:
    """Validate every file and write the events, holding the writer lock; the withheld
    `names` (from the local names file) are refused wherever a file gives them.

    An existing database is rebuilt in place in one transaction, which invalid input
    rolls back; one changed since its build (by ingest or remove) only if `replace`:
    otherwise WouldDiscardChanges, since those events and their history would go. A
    database that does not exist is built beside its place and moved there.
    """
    names = names or WithheldNames()
    files = event_files(data_dir)
    target = Path(db_path)
    with write_access(target, "build --replace" if replace else "build", options) as state:
        remove_stale_builds(target, options)
        if state == "missing":
            return _build_beside(target, files, options, names)
        return _rebuild_in_place(target, files, replace, options, names)
