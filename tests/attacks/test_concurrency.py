"""One writer at a time, and readers never see a broken file (issue 11, cases 1-4).

Every test drives real processes: `tracker` subprocesses that ingest, build and
remove, a real `tracker serve`, and SIGKILL.
"""

import json
import shutil
import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import DATA
from processes import (
    integrity, many_events, query, request_loop, start_tracker, tracker, wait_until,
    write_ndjson,
)
from served import tracker_serve

from tracker.store.lock import writer_lock


@pytest.fixture
def one_event_folder(tmp_path) -> Path:
    """The founding event and the registries of the records it cites."""
    folder = tmp_path / "small"
    (folder / "events").mkdir(parents=True)
    shutil.copy(DATA / "events" / "by-2025-09-11.yml", folder / "events")
    for registry in DATA.glob("*.yml"):
        shutil.copy(registry, folder)
    return folder


def lock_holder(database: Path) -> dict | None:
    """What the lock file beside the database says of its holder, if anything."""
    try:
        return json.loads(Path(f"{database}.lock").read_text() or "null")
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def holds_lock(database: Path, process) -> bool:
    holder = lock_holder(database)
    return holder is not None and holder["pid"] == process.pid


def test_a_build_replace_waits_for_a_running_ingest_and_the_database_stays_sound(
    database, one_event_folder, tmp_path
):
    """Case 1: the ingest's write-ahead log used to end up paired with the new file."""
    big = write_ndjson(tmp_path / "big.ndjson", many_events(4000))
    ingest = start_tracker(database, "ingest", big)
    wal = Path(f"{database}-wal")

    def writing() -> bool:
        # the lock, or (before there was one) its write-ahead log growing
        return holds_lock(database, ingest) or (wal.exists() and wal.stat().st_size > 1 << 20)

    wait_until(writing, "the ingest started writing", ingest)

    build = tracker(database, "build", "--replace", one_event_folder)
    ingested = ingest.communicate(timeout=300)

    assert ingest.returncode == 0, ingested[1]
    assert "4000 created" in ingested[0]
    assert build.returncode == 0, build.stderr
    assert "waiting for the ingest started" in build.stderr
    assert f"by pid {ingest.pid}" in build.stderr
    assert integrity(database) == ["ok"]
    checked = tracker(database, "check")
    assert checked.returncode == 0, checked.stderr
    # The build came second: it replaced everything the ingest wrote.
    assert query(database, "SELECT id FROM events") == [("by-2025-09-11",)]


def test_a_server_keeps_answering_through_builds_replaces_and_ingests(database, tmp_path):
    """Case 2: after `build --replace` under a server, the next ingest made every page 500."""
    extra = write_ndjson(tmp_path / "extra.ndjson", many_events(300))
    later = write_ndjson(tmp_path / "later.ndjson", many_events(1, prefix="later"))
    with tracker_serve(database) as (base_url, _):
        failures, served, stop = [], [], threading.Event()
        reader = threading.Thread(target=request_loop, args=(base_url, stop, failures, served))
        reader.start()
        try:
            steps = [("ingest", extra), ("build", "--replace", DATA), ("ingest", later),
                     ("build", "--replace", DATA), ("build", DATA), ("ingest", later)]
            for step in steps:
                result = tracker(database, *step)
                assert result.returncode == 0, (step, result.stderr)
            time.sleep(0.5)
        finally:
            stop.set()
            reader.join()
        page = httpx.get(f"{base_url}/tracker/events/later-0.json?_shape=objects").json()

    assert failures == []
    assert len(served) > 20, "the reads did not overlap the writes"
    assert page["rows"][0]["title"] == "Generated release 0", "the server missed the last ingest"
    assert integrity(database) == ["ok"]
    assert tracker(database, "check").returncode == 0


def test_an_ingest_during_a_build_is_kept_with_its_history(database, tmp_path):
    """Case 3: the ingest said '1 created', and the build then threw it away."""
    folder = tmp_path / "large"
    folder.mkdir()
    write_ndjson(folder / "events.ndjson", many_events(4000))
    build = start_tracker(database, "build", folder)

    def building() -> bool:
        # the lock, or (before there was one) the file a build writes beside the target
        return holds_lock(database, build) or any(tmp_path.glob(".tracker.db.building-*"))

    wait_until(building, "the build started", build)
    event = write_ndjson(tmp_path / "new.ndjson", many_events(1, prefix="new"))
    ingest = tracker(database, "ingest", event)
    built = build.communicate(timeout=300)

    assert build.returncode == 0, built[1]
    assert ingest.returncode == 0, ingest.stderr
    assert "1 created" in ingest.stdout
    assert query(database, "SELECT id FROM events WHERE id = 'new-0'") == [("new-0",)]
    assert query(
        database,
        "SELECT r.action, i.command FROM event_revisions r "
        "JOIN ingest_runs i ON i.id = r.ingest_run_id WHERE r.event_id = 'new-0'",
    ) == [("created", "ingest")]
    assert tracker(database, "check").returncode == 0


def test_a_second_ingest_waits_for_the_first_and_says_for_whom(database, tmp_path):
    """Case 4: the second ingest failed with a bare 'database is locked'."""
    first = start_tracker(database, "ingest", write_ndjson(tmp_path / "a.ndjson",
                                                           many_events(3000)))
    wait_until(lambda: holds_lock(database, first), "the first ingest took the lock", first)
    second = tracker(database, "ingest",
                     write_ndjson(tmp_path / "b.ndjson", many_events(5, prefix="second")))
    first.communicate(timeout=300)

    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert "5 created" in second.stdout
    [waiting] = second.stderr.splitlines()
    assert "waiting for the ingest started " in waiting
    assert f"by pid {first.pid}" in waiting
    assert query(database, "SELECT count(*) FROM events WHERE id LIKE 'second-%'") == [(5,)]


@pytest.mark.parametrize("command", [
    ["ingest", "EVENT"], ["build", "--replace", "DATA"], ["remove", "by-2025-09-11"],
])
def test_a_writer_that_waits_too_long_fails_with_one_clear_line(database, tmp_path, command):
    event = write_ndjson(tmp_path / "b.ndjson", many_events(1, prefix="late"))
    arguments = [{"EVENT": event, "DATA": DATA}.get(word, word) for word in command]
    before = query(database, "SELECT id FROM events ORDER BY id")
    with writer_lock(database, "ingest"):
        started = time.monotonic()
        result = tracker(database, "--wait", "1", *arguments)
        waited = time.monotonic() - started

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert "waiting for the ingest started" in lines[0]
    assert lines[1].startswith(f"Error: {database}: the ingest started ")
    assert "still holds the writer lock after 1 s; nothing was written" in lines[1]
    assert "locked" not in result.stderr.replace("writer lock", "")
    assert 1 <= waited < 30
    assert query(database, "SELECT id FROM events ORDER BY id") == before


def test_a_program_other_than_tracker_holding_the_database_is_named_not_locked(database):
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        result = tracker(database, "remove", "by-2025-09-11", env={"TRACKER_WAIT": "1"})
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert result.returncode == 1
    assert "database is locked" not in result.stderr
    assert result.stderr.strip() == (
        f"Error: {database}: another program (not tracker) holds a lock on the database "
        "file; nothing was written"
    )


def test_kill_9_of_a_writer_releases_its_lock_at_once(database, tmp_path):
    big = write_ndjson(tmp_path / "big.ndjson", many_events(4000))
    ingest = start_tracker(database, "ingest", big)
    wait_until(lambda: holds_lock(database, ingest), "the ingest took the lock", ingest)
    assert lock_holder(database)["command"] == "ingest"
    ingest.send_signal(signal.SIGKILL)
    ingest.wait()

    started = time.monotonic()
    result = tracker(database, "remove", "by-2025-09-11", env={"TRACKER_WAIT": "5"})
    assert result.returncode == 0, result.stderr
    assert "waiting" not in result.stderr
    assert time.monotonic() - started < 5
    assert query(database, "SELECT count(*) FROM events WHERE id LIKE 'xx-%'") == [(0,)]
    assert tracker(database, "check").returncode == 0
    assert not Path(f"{database}.lock").exists(), "the lock file is left behind"


def test_a_killed_build_leaves_files_that_the_next_build_removes(tmp_path):
    database = tmp_path / "tracker.db"
    folder = tmp_path / "large"
    folder.mkdir()
    write_ndjson(folder / "events.ndjson", many_events(4000))
    build = start_tracker(database, "build", folder)
    wait_until(lambda: any(tmp_path.glob(".tracker.db.building-*")), "the build started", build)
    time.sleep(0.5)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert any(tmp_path.glob(f".tracker.db.building-{build.pid}*"))

    result = tracker(database, "build", DATA)

    assert result.returncode == 0, result.stderr
    assert f"removed .tracker.db.building-{build.pid}, left by a build that was killed" in (
        result.stderr)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["large", "tracker.db"]


def test_a_replacing_build_leaves_no_removed_text_in_the_files(database, tmp_path):
    """Rebuilt in place, the old rows' pages are zeroed and the log folded in."""
    secret = dict(many_events(1, prefix="gone")[0], summary="Quokkaplasmic removed words.")
    assert tracker(database, "ingest", write_ndjson(tmp_path / "s.ndjson", [secret])).returncode == 0
    with tracker_serve(database):
        # A server keeps the log open, so the build must fold it in itself.
        result = tracker(database, "build", "--replace", DATA)
        assert result.returncode == 0, result.stderr
        files = [database, Path(f"{database}-wal")]
        raw = b"".join(path.read_bytes() for path in files if path.exists())
    assert b"Quokkaplasmic" not in raw
    assert query(database, "SELECT count(*) FROM events WHERE id = 'gone-0'") == [(0,)]
