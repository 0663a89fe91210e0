"""Building a fresh database from the curated event files, atomically."""

import os
from pathlib import Path

from .ingest import IngestReport, ingest_files
from .readers import FORMATS


def event_files(data_dir: str | Path) -> list[Path]:
    """Every event file under a folder, in a stable order."""
    root = Path(data_dir)
    return sorted(
        path for path in root.rglob("*")
        if path.is_file() and path.suffix.lower() in FORMATS and not path.name.startswith(".")
    )


def build_database(data_dir: str | Path, db_path: str | Path) -> IngestReport:
    """Validate every file, build beside the target, then move it into place.

    A reader of `db_path` sees either the old database or the new one, never a
    half-built one; invalid input leaves the old database untouched.
    """
    files = event_files(data_dir)
    target = Path(db_path)
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
