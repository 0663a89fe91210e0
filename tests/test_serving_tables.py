"""Serving tables stay exactly what the facts derive, through builds, updates and removals."""

import sqlite3

from tracker.store.ingest import remove_event, save_events
from tracker.store.derived import DERIVATIONS, refresh_serving_tables, stale_serving_rows
from tracker.files.validate import read_events


def ingest(conn, *paths):
    return save_events(conn, read_events(paths))


def test_the_curated_build_has_its_serving_rows(curated_db):
    conn = sqlite3.connect(curated_db)
    assert stale_serving_rows(conn) == {}
    for table in DERIVATIONS:
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
    assert conn.execute(
        "SELECT roles FROM release_mediators WHERE event_id = 'by-2025-09-11' "
        "AND actor_id = 'john-coale'"
    ).fetchone() == ("delegation_head",)
    conn.close()


def test_updates_and_removals_keep_them_in_step(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    second = dict(event, id="by-2025-06-21", date="2025-06")
    ingest(conn, write_yaml(second, "second.yml"))
    assert stale_serving_rows(conn) == {}
    event["nationalities"] = [{"country": "PL", "count": 2}]
    event["actors"][1]["role"] = "envoy"
    event["concessions"] = []
    event["date"] = "2024"
    ingest(conn, write_yaml(event))
    assert stale_serving_rows(conn) == {}
    assert conn.execute(
        "SELECT country, date_start FROM release_nationalities WHERE event_id = 'by-2025-09-11'"
    ).fetchall() == [("PL", "2024-01-01")]
    remove_event(conn, "by-2025-06-21")
    assert stale_serving_rows(conn) == {}
    assert conn.execute(
        "SELECT count(*) FROM release_people WHERE event_id = 'by-2025-06-21'"
    ).fetchone() == (0,)


def test_an_actor_gaining_a_country_regroups_its_concessions(conn, write_yaml, event):
    event["concessions"][0]["granted_by"] = {"name": "Fund X", "kind": "organisation"}
    ingest(conn, write_yaml(event))
    later = dict(event, id="by-2025-06-21", concessions=[])
    later["actors"] = [{"name": "Fund X", "kind": "organisation", "country": "US", "role": "facilitator"}]
    ingest(conn, write_yaml(later, "later.yml"))
    assert conn.execute(
        "SELECT granting_state FROM release_concessions WHERE event_id = 'by-2025-09-11'"
    ).fetchone() == ("US",)
    assert stale_serving_rows(conn) == {}


def test_a_drifted_serving_row_is_found_and_rebuilt(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    conn.execute("UPDATE release_nationalities SET count = 99 WHERE country = 'LT'")
    assert stale_serving_rows(conn) == {"release_nationalities": 2}
    refresh_serving_tables(conn)
    assert stale_serving_rows(conn) == {}
