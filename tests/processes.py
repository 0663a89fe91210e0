"""Real `tracker` processes and the files they work on, for the tests that attack the store.

Nothing here imitates a part: commands run as subprocesses of the installed `tracker`,
are killed with real signals and, where a test needs a user who is not root, run as
`nobody` through `setpriv`.
"""

import json
import os
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import httpx

from served import TRACKER

# `nobody`, who may read everything (so the checkout can live anywhere, even under
# /root) but may write only where the permissions let them: the user a permission
# test needs when it runs as root, as CI does.
AS_NOBODY = [
    "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
    "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search",
]


def tracker(db: Path, *args, env: dict | None = None, as_nobody: bool = False,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Run one `tracker --db DB ARGS…` to the end."""
    command = [*(AS_NOBODY if as_nobody else []), str(TRACKER), "--db", str(db), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env=os.environ | (env or {}))


def start_tracker(db: Path, *args, env: dict | None = None) -> subprocess.Popen:
    """Start `tracker --db DB ARGS…`; the caller waits for it or kills it."""
    return subprocess.Popen(
        [str(TRACKER), "--db", str(db), *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=os.environ | (env or {}),
    )


def wait_until(condition, what: str, process: subprocess.Popen | None = None,
               timeout: float = 120) -> None:
    """Poll `condition` until true; fail if `process` ends first or time runs out."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the process ended before {what}: {process.stderr.read()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen in {timeout}s")
        time.sleep(0.005)


def many_events(count: int, total: int = 20, prefix: str = "xx") -> list[dict]:
    """Large, valid events: each writes rows to most tables."""
    return [
        {
            "format": 2,
            "id": f"{prefix}-{number}",
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
    """Every row and every piece of schema, as SQL: equal lists, equal databases."""
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


def query(path: Path, sql: str, *parameters) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, parameters).fetchall()
    finally:
        conn.close()


READ_PATHS = [
    "/tracker/events.json?_shape=objects&_size=max",
    "/tracker.json?sql=select+count(*)+from+transfer_people",
    "/tracker/transfer_nationalities?_facet=country",
    "/tracker/events/by-2025-09-11",
    "/tracker/people.json?_search=Generated",
]


def request_loop(base_url: str, stop: threading.Event, failures: list, served: list,
                 limit: int = 20_000) -> None:
    """GET the pages in turn until `stop` (or `limit` requests); every answer but a 200
    goes into `failures`, the time of every request into `served`."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for number in range(limit):
            if stop.is_set():
                return
            path = READ_PATHS[number % len(READ_PATHS)]
            try:
                response = client.get(path)
                if response.status_code != 200:
                    failures.append((path, response.status_code, response.text[:300]))
            except httpx.HTTPError as error:
                failures.append((path, repr(error)))
            served.append(time.monotonic())
