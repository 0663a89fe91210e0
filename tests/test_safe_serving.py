"""Serving is safe: it cannot write, it listens on the loopback address unless told
otherwise, and a runaway query is stopped."""

import asyncio
import shutil
import sqlite3
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from datasette.app import Datasette

from tracker.cli import cli
from tracker.web.server import SQL_TIME_LIMIT_MS

from served import tracker_serve

# Datasette plugins allowed in the environment, each reviewed to write nothing (and
# tracker.web.read_only makes SQLite refuse it if one tried).
READ_ONLY_PLUGINS = {
    "release-tracker",  # this project's own hooks
    "datasette-dashboards",  # charts: runs the SELECTs its metadata declares
    # Both come with datasette-dashboards; reviewed: no database access at all.
    "datasette-leaflet",  # serves Leaflet's script and styles
    # renders Markdown in templates; its per-cell hook is dropped (see
    # tracker/web/plugin.py), so it is listed under its module's name
    "datasette_render_markdown",
}


@pytest.fixture(scope="module")
def served(curated_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "tracker.db"
    shutil.copy(curated_db, path)
    with tracker_serve(path) as (base_url, process):
        yield path, base_url, process


def listening_addresses(pid: int, port: int) -> set[str]:
    """The local addresses a process listens on at a port, read from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = str(fd.readlink()) if fd.is_symlink() else ""
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    addresses = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port and inode in inodes:
                addresses.add(address)
    return addresses


def test_serve_binds_the_loopback_address_unless_told(served):
    _, base_url, process = served
    port = int(base_url.rsplit(":", 1)[1])
    assert listening_addresses(process.pid, port) == {"0100007F"}  # 127.0.0.1, nothing else
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "Address to bind.  [default: 127.0.0.1]" in help_text


def test_only_read_only_plugins_are_installed(served):
    _, base_url, _ = served
    plugins = {plugin["name"] for plugin in httpx.get(f"{base_url}/-/plugins.json").json()}
    assert plugins <= READ_ONLY_PLUGINS, f"review these plugins: {plugins - READ_ONLY_PLUGINS}"


@pytest.mark.parametrize("sql", [
    "INSERT INTO sources (id) VALUES ('written')",
    "UPDATE events SET freed = 0",
    "DELETE FROM events",
    "DROP TABLE events",
    "PRAGMA journal_mode = DELETE",
    "ATTACH DATABASE '/tmp/other.db' AS other",
    "SELECT 1; DELETE FROM events",
])
def test_sql_that_would_write_is_refused_and_nothing_changes(served, sql):
    path, base_url, _ = served
    before = path.read_bytes()
    counted = {"sql": "select count(*) as n from events", "_shape": "array"}
    events_before = httpx.get(f"{base_url}/tracker.json", params=counted).json()
    response = httpx.get(f"{base_url}/tracker.json", params={"sql": sql})
    assert response.status_code == 400, response.text
    assert response.json()["ok"] is False
    assert path.read_bytes() == before
    assert httpx.get(f"{base_url}/tracker.json", params=counted).json() == events_before
    assert events_before[0]["n"] > 0


def test_a_plugin_that_writes_is_refused_by_sqlite(curated_db, tmp_path):
    """Even Datasette's own write connection, which plugins use, cannot write."""
    path = tmp_path / "tracker.db"
    shutil.copy(curated_db, path)
    before = path.read_bytes()

    async def write():
        datasette = Datasette([str(path)])
        await datasette.invoke_startup()
        database = datasette.get_database("tracker")
        await database.execute_write("INSERT INTO sources (id) VALUES ('written')")

    with pytest.raises(sqlite3.OperationalError, match="attempt to write a readonly database"):
        asyncio.run(write())
    assert path.read_bytes() == before


def test_a_runaway_query_is_stopped_by_the_time_limit(served):
    _, base_url, _ = served
    endless = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
               "SELECT count(*) FROM n")
    response = httpx.get(f"{base_url}/tracker.json", params={"sql": endless},
                         timeout=SQL_TIME_LIMIT_MS / 1000 + 30)
    assert response.status_code == 400
    assert "SQL query took too long" in response.json()["error"]
    settings = httpx.get(f"{base_url}/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == SQL_TIME_LIMIT_MS
