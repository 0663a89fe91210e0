"""Datasette serves the built database read-only, with our metadata."""

import asyncio

from datasette.app import Datasette

from tracker.serve import METADATA, SQL_TIME_LIMIT_MS, datasette_args


def test_the_serve_command_line_binds_one_host_and_limits_sql_time(db_path):
    args = datasette_args(db_path, "127.0.0.1", 8123)
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert args[args.index("--port") + 1] == "8123"
    assert args[args.index("sql_time_limit_ms") + 1] == str(SQL_TIME_LIMIT_MS)
    assert args[args.index("--metadata") + 1] == str(METADATA)


def test_datasette_serves_the_curated_events(curated_db):
    async def fetch():
        datasette = Datasette([str(curated_db)], metadata=None)
        response = await datasette.client.get("/tracker/events.json?_shape=objects&id=by-2025-09-11")
        return response.status_code, response.json()

    status, body = asyncio.run(fetch())
    assert status == 200
    [row] = body["rows"]
    assert row["total_released"] == 52
