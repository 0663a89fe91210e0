"""Faults: an ingest killed mid-write changes nothing; ingest and a live Datasette coexist."""

import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import httpx

from processes import content, integrity, many_events, request_loop, write_ndjson
from served import TRACKER, tracker_serve


def test_an_ingest_killed_mid_write_leaves_the_database_as_it_was(database, tmp_path):
    before = content(database)
    events = write_ndjson(tmp_path / "large.ndjson", many_events(5000))
    wal = Path(f"{database}-wal")
    process = subprocess.Popen(
        [str(TRACKER), "--db", str(database), "ingest", str(events)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    # Uncommitted pages spill into the WAL while the transaction writes: kill it then.
    while not (wal.exists() and wal.stat().st_size > 256 * 1024):
        assert process.poll() is None, "the ingest finished before it could be killed"
        assert time.monotonic() < deadline, "the ingest never started writing"
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert wal.stat().st_size > 256 * 1024, "the kill came after the write had finished"

    assert integrity(database) == ["ok"]
    assert content(database) == before
    result = subprocess.run([str(TRACKER), "--db", str(database), "check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_ingest_while_datasette_serves_the_same_file(database, tmp_path):
    """A reader in a loop sees no failure; no ingest fails with 'database is locked'."""
    versions = [write_ndjson(tmp_path / f"v{total}.ndjson", many_events(300, total))
                for total in (20, 21)]
    with tracker_serve(database) as (base_url, _):
        failures, served = [], []
        stop = threading.Event()

        reader = threading.Thread(target=request_loop,
                                  args=(base_url, stop, failures, served, 5000))
        reader.start()
        windows = []
        try:
            for round_number in range(6):
                started = time.monotonic()
                result = subprocess.run(
                    [str(TRACKER), "--db", str(database), "ingest", "--update",
                     str(versions[round_number % 2])],
                    capture_output=True, text=True, timeout=300,
                )
                windows.append((started, time.monotonic()))
                assert result.returncode == 0, result.stderr
                assert "locked" not in result.stderr
                expected = "300 created" if round_number == 0 else "300 updated"
                assert expected in result.stdout
        finally:
            stop.set()
            reader.join()
        latest = httpx.get(f"{base_url}/tracker/events/xx-7.json?_shape=objects").json()

    assert failures == []
    during = [t for t in served if any(start <= t <= end for start, end in windows)]
    assert len(during) >= 20, "the reads did not overlap the ingests"
    assert latest["rows"][0]["freed"] == 21, "the server did not see the last ingest"
    assert integrity(database) == ["ok"]
    conn = sqlite3.connect(database)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",), "readers would block writers"
    conn.close()
