"""A database that this user may not write, or a full disk: one true line (issue 11, case 7).

CI runs as root, whom permissions do not stop, so these commands run as `nobody`
(`setpriv`); a full disk is SQLite's own page limit, set through the environment.
"""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import DATA
from processes import content, many_events, query, tracker, write_ndjson

EVENT = DATA / "events" / "by-2025-09-11.yml"
WRITERS = [["ingest", EVENT], ["build", DATA], ["build", "--replace", DATA],
           ["remove", "by-2025-09-11"]]
IDS = ["ingest", "build", "build --replace", "remove"]
DESTRUCTIVE_ADVICE = ("rebuild", "build --replace", "malformed", "was changed since")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def reachable() -> Path:
    """A folder that `nobody` can reach (pytest's own are root's alone): `access()`,
    which click and the permission checks use, ignores the capability to read anything."""
    folder = Path(tempfile.mkdtemp(prefix="tracker-permissions-"))
    folder.chmod(0o711)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def read_only_folder(curated_db, reachable) -> Path:
    """A database in a folder that only root may write (the database too)."""
    folder = reachable / "shared"
    folder.mkdir(mode=0o755)
    database = folder / "tracker.db"
    shutil.copy(curated_db, database)
    os.chmod(database, 0o644)
    return database


@pytest.fixture
def read_only_file(curated_db, reachable) -> Path:
    """A database that only root may write, in a folder that anyone may write."""
    folder = reachable / "open"
    folder.mkdir()
    os.chmod(folder, 0o777)
    database = folder / "tracker.db"
    shutil.copy(curated_db, database)
    os.chmod(database, 0o644)
    return database


@pytest.mark.parametrize("command", WRITERS, ids=IDS)
def test_a_folder_this_user_cannot_write_is_said_so(read_only_folder, command):
    before = digest(read_only_folder)
    result = tracker(read_only_folder, *command, as_nobody=True)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {read_only_folder}: the folder {read_only_folder.parent} is not writable by "
        "this user; nothing was written"
    )
    assert digest(read_only_folder) == before
    assert sorted(p.name for p in read_only_folder.parent.iterdir()) == ["tracker.db"]


@pytest.mark.parametrize("command", WRITERS, ids=IDS)
def test_a_file_this_user_cannot_write_is_said_so_and_not_replaced(read_only_file, command):
    """`build --replace` used to replace a file its user could not write."""
    before = digest(read_only_file)
    result = tracker(read_only_file, *command, as_nobody=True)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {read_only_file}: the file is not writable by this user; nothing was written"
    )
    assert digest(read_only_file) == before
    assert read_only_file.stat().st_uid == 0, "the file was replaced by another"


def test_check_of_a_file_this_user_cannot_write_checks_it_and_advises_nothing(read_only_file):
    """`check` used to say the full-text indexes did not match: 'rebuild the database'."""
    result = tracker(read_only_file, "check", as_nobody=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"{read_only_file}: no problems found (checked a copy: the file is not writable "
        "by this user)"
    )
    assert not any(advice in result.stdout + result.stderr for advice in DESTRUCTIVE_ADVICE)


def test_check_in_a_folder_this_user_cannot_write_says_why_it_cannot_read(read_only_folder):
    result = tracker(read_only_folder, "check", as_nobody=True)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {read_only_folder}: cannot be read by this user: SQLite must create "
        f"tracker.db-shm beside a database in WAL mode, and the folder "
        f"{read_only_folder.parent} is not writable by this user; copy the database to a "
        "folder you can write"
    )
    assert not any(advice in result.stderr for advice in DESTRUCTIVE_ADVICE)


def full_disk(database: Path) -> dict:
    """An environment in which the database cannot grow by a single page."""
    [(pages,)] = query(database, "PRAGMA page_count")
    return {"TRACKER_TEST_MAX_PAGE_COUNT": str(pages)}


def test_a_full_disk_is_said_so_and_nothing_is_written(database, tmp_path):
    """An ingest on a full disk said 'cannot rollback - no transaction is active'."""
    before = content(database)
    events = write_ndjson(tmp_path / "big.ndjson", many_events(500))
    result = tracker(database, "ingest", events, env=full_disk(database))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {database}: the disk is full (SQLite: database or disk is full); "
        "nothing was written"
    )
    assert content(database) == before
    assert tracker(database, "check").returncode == 0


def test_a_build_on_a_full_disk_leaves_the_database_as_it_was(database, tmp_path):
    folder = tmp_path / "more"
    shutil.copytree(DATA, folder)
    write_ndjson(folder / "events" / "more.ndjson", many_events(500))
    before = content(database)
    result = tracker(database, "build", "--replace", folder, env=full_disk(database))
    assert result.returncode == 1
    assert "the disk is full" in result.stderr and "nothing was written" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert content(database) == before
    assert tracker(database, "check").returncode == 0


def test_a_lock_file_that_another_user_left_is_named(read_only_file):
    os.chmod(read_only_file, 0o666)
    lock = Path(f"{read_only_file}.lock")
    lock.write_text('{"pid": 1, "command": "ingest", "started": "2026-01-01T00:00:00+00:00"}')
    os.chmod(lock, 0o644)
    result = tracker(read_only_file, "remove", "by-2025-09-11", as_nobody=True)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {read_only_file}: tracker.db.lock (another user's writer lock) is not "
        "writable by this user; nothing was written"
    )
    # Left by a killed writer: its owner's next write takes it as usual, and tidies it away.
    assert tracker(read_only_file, "remove", "by-2025-09-11").returncode == 0
    assert not lock.exists()
