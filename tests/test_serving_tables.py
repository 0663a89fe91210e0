"""Serving tables stay exactly what the facts derive, through builds, updates and removals."""

import sqlite3

from tracker.store.ingest import remove_event, save_events
from tracker.store.derived import DERIVATIONS, refresh_serving_tables, stale_serving_rows
from tracker.files.validate import read_documents

from conftest import another, main_transfer


def ingest(conn, *paths, update=False):
    return save_events(conn, read_documents(paths), update=update)


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
    second = another(event, "by-2025-06-21", part_of="by-2025-09-11")
    ingest(conn, write_yaml(second, "second.yml"))
    assert stale_serving_rows(conn) == {}
    assert conn.execute(
        "SELECT event_id, counted FROM release_transfers ORDER BY event_id").fetchall() == [
        ("by-2025-06-21", 0), ("by-2025-09-11", 1)]  # a step of a deal is counted by it
    main_transfer(event).update(nationalities=[{"country": "PL", "count": 2}], status="reversed")
    event["actors"][1]["role"] = "envoy"
    event["concessions"] = []
    event["dates"] = [{"step": "released", "date": "2024"}]
    ingest(conn, write_yaml(event), update=True)
    assert stale_serving_rows(conn) == {}
    assert conn.execute(
        "SELECT country, date_start, counted FROM release_nationalities "
        "WHERE event_id = 'by-2025-09-11'"
    ).fetchall() == [("PL", "2024-01-01", 0)]
    remove_event(conn, "by-2025-06-21")
    assert stale_serving_rows(conn) == {}
    assert conn.execute(
        "SELECT count(*) FROM release_people WHERE event_id = 'by-2025-06-21'"
    ).fetchone() == (0,)


def test_an_actor_given_a_country_in_its_registry_regroups_its_concessions(conn, write_yaml, event):
    event["concessions"][0]["granted_by"] = [{"name": "Fund X", "kind": "organisation"}]
    ingest(conn, write_yaml(event))
    registry = {"format": 2, "actors": [
        {"id": "fund-x", "name": "Fund X", "kind": "organisation", "country": "US"}]}
    ingest(conn, write_yaml(registry, "actors.yml"), update=True)
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
