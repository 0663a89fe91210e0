"""`tracker serve`: read-only, time-limited, listening on the chosen host and port only."""

import hashlib
import os
import socket
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from tracker.web.server import SQL_TIME_LIMIT_MS, datasette_app
from tracker.web.site import DATABASE

SLOW_SQL = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
    "SELECT count(*) FROM n"
)


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def listening_sockets(pid: int) -> set[tuple[str, str, int]]:
    """(protocol, address, port) of every socket the process has bound, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except FileNotFoundError:
            continue  # closed since the listing (a served request's file)
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    found = set()
    for protocol in ("tcp", "tcp6", "udp", "udp6"):
        lines = Path(f"/proc/{pid}/net/{protocol}").read_text().splitlines()[1:]
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if inode not in inodes or (protocol.startswith("tcp") and state != "0A"):
                continue
            address_hex, port_hex = local.split(":")
            packed = bytes.fromhex(address_hex)
            if len(packed) == 4:
                address = socket.inet_ntop(socket.AF_INET, packed[::-1])
            else:
                words = [packed[i:i + 4][::-1] for i in range(0, 16, 4)]
                address = socket.inet_ntop(socket.AF_INET6, b"".join(words))
            found.add((protocol, address, int(port_hex, 16)))
    return found


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.skipif(not Path("/proc/self/net/tcp").exists(), reason="needs Linux /proc")
def test_the_server_listens_on_the_chosen_host_and_port_only(live_server):
    assert listening_sockets(live_server.pid) == {("tcp", "127.0.0.1", live_server.port)}


def test_serving_never_writes_to_the_database(live_server):
    before = fingerprint(live_server.db)
    for path in ["/", f"/{DATABASE}", f"/{DATABASE}/events", f"/{DATABASE}/events/by-2025-09-11",
                 f"/{DATABASE}/events.csv", f"/{DATABASE}/find_person?q=Coale",
                 "/-/dashboards/overview", f"/{DATABASE}/events?_search=Belavia"]:
        status, _ = fetch(live_server.url + path)
        assert status == 200, path
    status, body = fetch(f"{live_server.url}/{DATABASE}.json?sql={quote('DELETE FROM events')}")
    assert status == 400 and "SELECT" in body
    assert fingerprint(live_server.db) == before


def test_a_query_that_runs_too_long_is_stopped(get):
    response = get(f"/{DATABASE}.json?sql={quote(SLOW_SQL)}")
    assert response.status_code == 400
    assert "SQL query took too long" in response.text
    assert get("/-/settings.json").json()["sql_time_limit_ms"] == SQL_TIME_LIMIT_MS


def test_the_database_is_opened_read_only(datasette):
    database = datasette.get_database(DATABASE)
    assert database.is_mutable
    with pytest.raises(Exception, match="readonly"):
        database.connect().execute("CREATE TABLE intruder (x)")


def test_the_served_name_is_tracker_whatever_the_file_is_called(tmp_path, curated_db):
    renamed = tmp_path / "my-copy.db"
    renamed.write_bytes(curated_db.read_bytes())
    served = datasette_app(renamed)
    assert served.get_database(DATABASE).path == str(renamed)
    assert set(served.databases) == {DATABASE, "_internal"}


def test_a_missing_database_is_an_error_not_an_empty_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such database"):
        datasette_app(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
