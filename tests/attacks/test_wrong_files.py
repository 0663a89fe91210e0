"""Destroying data by mistake: a --db or an -o that names the wrong file (issue 11, 5-6).

A file that is not a tracker database is never written, whatever the command; an
export, a draft or metadata is never written over a database or a file of one.
"""

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import DATA
from processes import query, tracker

from tracker.store.db import APPLICATION_ID, SCHEMA_VERSION

EVENT = DATA / "events" / "by-2025-09-11.yml"
# The registries of the shared records that the event cites, for an empty database.
REGISTRIES = [DATA / "sources.yml", DATA / "actors.yml"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.fixture
def foreign(tmp_path) -> Path:
    """Another program's SQLite database, in rollback-journal mode, with its own data."""
    path = tmp_path / "notes.db"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
        CREATE TABLE tags (note_id INTEGER, name TEXT);
        CREATE TABLE events (id TEXT);
        INSERT INTO notes (body) VALUES ('precious');
    """)
    conn.close()
    return path


FOREIGN_COMMANDS = [
    ["build", DATA], ["build", "--replace", DATA], ["ingest", EVENT],
    ["remove", "by-2025-09-11"],
]


@pytest.mark.parametrize("command", FOREIGN_COMMANDS, ids=lambda c: " ".join(map(str, c[:2])))
def test_a_foreign_sqlite_database_is_refused_and_left_as_it_was(foreign, command):
    """Case 5: build dropped its tables; ingest added 40 tables and switched it to WAL."""
    before = digest(foreign)
    listing = folder_listing(foreign.parent)

    result = tracker(foreign, *command)

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {foreign} is not a tracker database: it holds the tables events, notes, "
        "tags; nothing was written"
    )
    assert digest(foreign) == before
    assert folder_listing(foreign.parent) == listing
    assert query(foreign, "PRAGMA journal_mode") == [("delete",)]


@pytest.mark.parametrize("command", [["check"], ["stats"], ["history", "x"],
                                     ["export", "table", "events"]])
def test_reading_commands_say_what_a_foreign_file_holds(foreign, command):
    before = digest(foreign)
    result = tracker(foreign, *command)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {foreign} is not a tracker database: it holds the tables events, notes, tags"
    )
    assert digest(foreign) == before


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n" * 100)
    for command in (["build", DATA], ["ingest", EVENT]):
        result = tracker(notes, *command)
        assert result.returncode == 1
        assert result.stderr.strip() == (
            f"Error: {notes} is not a tracker database: it is not an SQLite file (it begins "
            "'my notes\\nmy notes\\nmy'); nothing was written"
        )
    assert notes.read_text() == "my notes\n" * 100


def test_a_database_of_a_newer_tracker_is_refused(database):
    conn = sqlite3.connect(database)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    result = tracker(database, "ingest", EVENT)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {database} was made by a newer tracker (schema version "
        f"{SCHEMA_VERSION + 1}; this one knows up to {SCHEMA_VERSION}); nothing was written"
    )


@pytest.mark.parametrize("make", ["zero bytes", "sqlite without tables"])
def test_an_empty_file_may_become_a_tracker_database(tmp_path, make):
    path = tmp_path / "new.db"
    if make == "zero bytes":
        path.touch()
    else:
        sqlite3.connect(path).execute("PRAGMA user_version = 0").connection.close()
    result = tracker(path, "ingest", *REGISTRIES, EVENT)
    assert result.returncode == 0, result.stderr
    assert query(path, "SELECT id FROM events") == [("by-2025-09-11",)]


def test_a_tracker_database_is_marked_and_an_unmarked_one_still_recognised(database, tmp_path):
    assert query(database, "PRAGMA application_id") == [(APPLICATION_ID,)]
    assert query(database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    # A database that the code before the marks built: recognised by its tables.
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA application_id = 0")
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    other = tmp_path / "other.yml"
    other.write_text(EVENT.read_text().replace("by-2025-09-11", "by-2031-01-01"))
    result = tracker(database, "ingest", other)
    assert result.returncode == 0, result.stderr
    assert query(database, "PRAGMA application_id") == [(APPLICATION_ID,)]
    assert query(database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


EXPORTS = [
    ["export", "events", "-o"],
    ["export", "events", "--format", "ndjson", "-o"],
    ["export", "table", "events", "-o"],
    ["export", "table", "events", "--format", "json", "-o"],
    ["export", "sql", "SELECT 1 AS one", "-o"],
]


@pytest.mark.parametrize("export", EXPORTS, ids=lambda c: " ".join(c[1:-1]))
def test_an_export_is_never_written_over_the_database(database, export):
    """Case 6: `export table events -o tracker.db` replaced the database with a CSV file."""
    before = digest(database)
    result = tracker(database, *export, database)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: not writing {database}: it is the database being exported; "
        "accepted: another file"
    )
    assert digest(database) == before
    assert tracker(database, "check").returncode == 0


@pytest.mark.parametrize("export", EXPORTS, ids=lambda c: " ".join(c[1:-1]))
def test_an_export_is_never_written_over_another_sqlite_file(database, foreign, export):
    before = digest(foreign)
    link = foreign.with_name("link.json")
    link.symlink_to(foreign)
    for target in (foreign, link):
        result = tracker(database, *export, target)
        assert result.returncode == 1
        assert result.stderr.strip() == (
            f"Error: not writing {target}: it is an SQLite database; accepted: another file"
        )
    assert digest(foreign) == before


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal", ".lock"])
def test_an_export_is_never_written_over_a_file_of_a_database(database, foreign, suffix):
    companion = Path(f"{foreign}{suffix}")
    companion.write_bytes(b"\x37\x7f\x06\x82 in use")
    result = tracker(database, "export", "table", "events", "--format", "csv", "-o", companion)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: not writing {companion}: it belongs to the database {foreign}; "
        "accepted: another file"
    )
    assert companion.read_bytes() == b"\x37\x7f\x06\x82 in use"


def test_a_data_package_never_replaces_a_folder_that_holds_a_database(database, tmp_path):
    """--overwrite replaced the folder whole: with the database in it, the database went."""
    folder = database.parent
    assert tracker(database, "export", "datapackage", folder / "package").returncode == 0
    shutil.copytree(folder / "package", folder, dirs_exist_ok=True)  # an earlier package here
    before = digest(database)

    result = tracker(database, "export", "datapackage", folder, "--overwrite")

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: not replacing {folder}: it holds the database {database}; "
        "accepted: a folder that holds no SQLite database"
    )
    assert digest(database) == before
    result = tracker(database, "export", "datapackage", database)
    assert result.returncode != 0 and digest(database) == before


def test_neither_a_draft_nor_metadata_is_written_over_a_database(database, tmp_path):
    article = tmp_path / "report.txt"
    article.write_text("Belarus freed 52 political prisoners on Thursday, 11 September 2025.\n")
    before = digest(database)
    drafted = tracker(database, "extract", article, "-o", database)
    metadata = tracker(database, "metadata", "-o", database)
    for result in (drafted, metadata):
        assert result.returncode == 1
        assert result.stderr.strip() == (
            f"Error: not writing {database}: it is an SQLite database; accepted: another file"
        )
    assert digest(database) == before
