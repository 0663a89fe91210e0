"""`tracker serve`: read-only, time-limited, listening on the chosen host and port only."""

import hashlib
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from tracker.web.server import SQL_TIME_LIMIT_MS, datasette_app
from tracker.web.site import DATABASE

from conftest import ROOT
from served import TRACKER

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


def run_serve(command: list, db: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run a serve command that must stop on its own; the database at `db`."""
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "TRACKER_DB": str(db)}, cwd=db.parent,
    )


@pytest.fixture
def taken_port():
    """A port another server listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def assert_says_to_choose_another_port(result, port: int):
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()  # no traceback, no "Application startup complete"
    assert line.startswith(f"Error: 127.0.0.1:{port} is already in use")
    suggested = re.search(r"choose another port with --port, e.g. --port (\d+), which is free$", line)
    with socket.socket() as check:
        check.bind(("127.0.0.1", int(suggested.group(1))))


@pytest.mark.parametrize("command", [
    [TRACKER, "serve"],
    [sys.executable, ROOT / "scripts" / "dev.py", "serve"],
], ids=["tracker serve", "dev.py serve"])
def test_a_port_in_use_is_one_line_that_says_how_to_choose_another_and_builds_nothing(
        tmp_path, taken_port, command):
    db = tmp_path / "never-built.db"
    result = run_serve([*command, "--port", taken_port], db)
    assert_says_to_choose_another_port(result, taken_port)
    assert list(tmp_path.iterdir()) == []


def test_a_host_that_is_not_this_machine_is_one_line_naming_what_is_accepted(tmp_path):
    # 192.0.2.1 is reserved for documentation (RFC 5737): never an address of this machine.
    result = run_serve([TRACKER, "serve", "--host", "192.0.2.1", "--port", "8001"],
                       tmp_path / "never-built.db")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: cannot listen on 192.0.2.1:8001: Cannot assign requested address; accepted: "
        "--host an address of this machine (127.0.0.1 by default) and --port a free port "
        "above 1023"
    ]
    assert list(tmp_path.iterdir()) == []


def test_choosing_another_port_is_documented_for_dev_py_serve():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 scripts/dev.py serve --port 8002" in readme
    shown = subprocess.run([sys.executable, ROOT / "scripts" / "dev.py", "--help"],
                           capture_output=True, text=True, check=True).stdout
    assert "python3 scripts/dev.py serve [--port 8001]" in shown
    assert "--port when 8001\nis in use" in shown
