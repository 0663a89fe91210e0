"""Faults: an ingest killed mid-write changes nothing; ingest and a live Datasette coexist."""

import json
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from served import TRACKER, tracker_serve


def many_events(count: int, total: int = 20) -> list[dict]:
    """Large, valid events: each writes rows to most tables."""
    return [
        {
            "format": 2,
            "id": f"xx-{number}",
            "title": f"Generated release {number}",
            "summary": "Generated to make a large write. " * 5,
            "type": "release",
            "dates": [{"step": "released", "date": "2024-01-01"}],
            "transfers": [{
                "from": "BY", "to": "LT", "how": "handed_over", "status": "carried_out",
                "count": total, "political": "all", "foreign": 6,
                "nationalities": [{"country": "LT", "count": 3}, {"country": "PL", "count": 3}],
                "people": [{"name": f"Generated Person {number} A"},
                           {"name": f"Generated Person {number} B"}],
            }],
            "actors": [{"name": "United States", "kind": "state", "role": "mediator"},
                       {"name": f"Generated Envoy {number}", "kind": "person", "role": "envoy"}],
            "sources": [{"id": "generated", "title": "Generated for a test"}],
        }
        for number in range(count)
    ]


def write_ndjson(path: Path, events: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(event) for event in events) + "\n")
    return path


def content(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


@pytest.fixture
def database(curated_db, tmp_path) -> Path:
    path = tmp_path / "tracker.db"
    shutil.copy(curated_db, path)
    return path


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

        def read_in_a_loop():
            paths = ["/tracker/events.json?_shape=objects&_size=max",
                     "/tracker.json?sql=select+count(*)+from+transfer_people",
                     "/tracker/transfer_nationalities?_facet=country",
                     "/tracker/events/by-2025-09-11",
                     "/tracker/people.json?_search=Generated"]
            with httpx.Client(base_url=base_url, timeout=30) as client:
                for number in range(5000):
                    if stop.is_set():
                        return
                    path = paths[number % len(paths)]
                    try:
                        response = client.get(path)
                        if response.status_code != 200:
                            failures.append((path, response.status_code, response.text[:300]))
                    except httpx.HTTPError as error:
                        failures.append((path, repr(error)))
                    served.append(time.monotonic())

        reader = threading.Thread(target=read_in_a_loop)
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
