"""Ingest inserts and updates, keeps history, changes nothing when nothing changed."""

import json

import pytest

from tracker.store.db import connect
from tracker.schema.eventfile import EventFile
from tracker.errors import InvalidInput
from tracker.store.ingest import BATCH, ingest_files, remove_event, save_events
from tracker.store.nested import event_document
from tracker.files.validate import read_events

from conftest import refused


def ingest(conn, *paths):
    return save_events(conn, read_events(paths))


def rows(conn, sql, *params):
    return conn.execute(sql, params).fetchall()


def test_a_new_event_is_written_with_all_its_parts(conn, write_yaml, event):
    report = ingest(conn, write_yaml(event))
    assert report.created == ["by-2025-09-11"] and report.run_id == 1
    assert rows(conn, "SELECT releasing_state, receiving_state, total_released, foreign_nationals, "
                      "date_precision, date_start, date_end, year FROM events") == [
        ("BY", "LT", 52, 14, "day", "2025-09-11", "2025-09-11", 2025)]
    assert rows(conn, "SELECT country, count FROM event_nationalities ORDER BY country") == [
        ("GB", 1), ("LT", 6)]
    assert rows(conn, "SELECT actor_id, role FROM event_actors ORDER BY position") == [
        ("united-states", "mediator"), ("john-coale", "delegation_head")]
    assert rows(conn, "SELECT id, kind, country FROM actors ORDER BY id") == [
        ("belavia", "organisation", "BY"), ("john-coale", "person", "US"),
        ("united-states", "state", "US")]
    assert rows(conn, "SELECT kind, granted_by, beneficiary, status, source_id FROM concessions") == [
        ("sanctions_relief", "united-states", "belavia", "announced", "article")]


def test_unknown_counts_are_null_never_zero(conn, write_yaml, event):
    event.update(total_released=None, foreign_nationals=None)
    event["nationalities"] = [{"country": "LT"}]
    ingest(conn, write_yaml(event))
    assert rows(conn, "SELECT total_released, foreign_nationals FROM events") == [(None, None)]
    assert rows(conn, "SELECT count FROM event_nationalities") == [(None,)]


def test_a_month_date_is_stored_as_its_range(conn, write_yaml, event):
    event["date"] = "2025-06"
    ingest(conn, write_yaml(event))
    assert rows(conn, "SELECT date, date_precision, date_start, date_end FROM events") == [
        ("2025-06", "month", "2025-06-01", "2025-06-30")]


def test_ingesting_the_same_file_again_changes_nothing(db_path, write_yaml, event):
    path = write_yaml(event)
    conn = connect(db_path)
    ingest(conn, path)
    conn.close()
    before = db_path.read_bytes()
    conn = connect(db_path)
    report = ingest(conn, path)
    conn.close()
    assert (report.created, report.updated, report.unchanged) == ([], [], ["by-2025-09-11"])
    assert report.run_id is None
    assert db_path.read_bytes() == before


def test_an_edited_event_replaces_its_rows_and_keeps_the_old_version(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    original = event_document(conn, "by-2025-09-11")
    event["total_released"] = 53
    event["nationalities"] = [{"country": "LT", "count": 6}]
    event["concessions"] = []
    report = ingest(conn, write_yaml(event))
    assert report.updated == ["by-2025-09-11"]
    assert rows(conn, "SELECT total_released FROM events") == [(53,)]
    assert rows(conn, "SELECT country FROM event_nationalities") == [("LT",)]
    assert rows(conn, "SELECT count(*) FROM concessions") == [(0,)]
    created, updated = rows(
        conn, "SELECT event_id, action, ingest_run_id, document FROM event_revisions ORDER BY id")
    assert created == ("by-2025-09-11", "created", 1, None)
    assert updated[:3] == ("by-2025-09-11", "updated", report.run_id)
    assert json.loads(updated[3]) == original
    assert rows(conn, "SELECT command, created, updated, unchanged FROM ingest_runs ORDER BY id") == [
        ("ingest", 1, 0, 0), ("ingest", 0, 1, 0)]


def test_an_alias_in_another_event_links_to_the_same_person_and_actor(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    june = dict(event, id="by-2025-06-21", date="2025-06", nationalities=[], concessions=[])
    june["people"] = [{"name": "Tsikhaouski"}]
    june["actors"] = [{"name": "John Cole", "kind": "person", "role": "envoy"}]
    ingest(conn, write_yaml(june, "june.yml"))
    assert rows(conn, "SELECT id FROM people") == [("syarhei-tsikhanouski",)]
    assert rows(conn, "SELECT event_id, person_id FROM event_people ORDER BY event_id") == [
        ("by-2025-06-21", "syarhei-tsikhanouski"), ("by-2025-09-11", "syarhei-tsikhanouski")]
    assert rows(conn, "SELECT DISTINCT actor_id FROM event_actors WHERE role != 'mediator'") == [
        ("john-coale",)]


def test_a_new_spelling_becomes_an_alias(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    june = dict(event, id="by-2025-06-21", nationalities=[], concessions=[])
    june["people"] = [{"name": "Tsikhaouski", "aliases": ["Siarhei Tsikhanouski"]}]
    ingest(conn, write_yaml(june, "june.yml"))
    assert rows(conn, "SELECT name, aliases FROM people") == [
        ("Syarhei Tsikhanouski", '["Siarhei Tsikhanouski", "Tsikhaouski"]')]


def test_a_state_named_by_a_code_is_the_same_actor_as_the_state_by_name(conn, write_yaml, event):
    event["concessions"][0]["beneficiary"] = "BY"
    event["statements"] = [{"by": "US", "gist": "Welcomed the release", "stance": "welcomed"}]
    ingest(conn, write_yaml(event))
    assert rows(conn, "SELECT id, name FROM actors WHERE kind = 'state' ORDER BY id") == [
        ("belarus", "Belarus"), ("united-states", "United States")]
    assert rows(conn, "SELECT actor_id FROM statements") == [("united-states",)]


def test_people_and_actors_no_event_refers_to_are_removed_on_update(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    event["people"] = []
    event["concessions"] = []
    ingest(conn, write_yaml(event))
    assert rows(conn, "SELECT count(*) FROM people") == [(0,)]
    assert rows(conn, "SELECT id FROM actors ORDER BY id") == [("john-coale",), ("united-states",)]


def test_an_invalid_event_in_a_batch_means_nothing_is_written(db_path, tmp_path, write_yaml, event):
    conn = connect(db_path)
    ingest(conn, write_yaml(event))
    conn.close()
    before = db_path.read_bytes()
    # More good events than one batch holds: the first batch is written before the bad
    # file is read, and the bad one must roll it all back.
    good = tmp_path / "good.ndjson"
    good.write_text("".join(
        json.dumps(dict(event, id=f"xx-{number:04d}")) + "\n" for number in range(BATCH + 1)))
    bad = dict(event, id="by-2025-12-13", releasing_state="Atlantis")
    with pytest.raises(InvalidInput) as error:
        ingest_files(db_path, [good, write_yaml(bad, "bad.yml")])
    [problem] = map(str, error.value.problems)
    assert "bad.yml" in problem and "'Atlantis' is not a known country" in problem
    assert db_path.read_bytes() == before
    conn = connect(db_path)
    assert rows(conn, "SELECT count(*) FROM events") == [(1,)]
    assert rows(conn, "SELECT count(*) FROM ingest_runs") == [(1,)]


def test_a_failure_while_writing_rolls_everything_back(conn, write_yaml, event, monkeypatch):
    ingest(conn, write_yaml(event))
    event["total_released"] = 60
    second = dict(event, id="by-2025-06-21")
    from tracker.store import ingest as ingest_module

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest_module, "_record_revisions", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest(conn, write_yaml(event), write_yaml(second, "second.yml"))
    assert rows(conn, "SELECT id, total_released FROM events") == [("by-2025-09-11", 52)]
    assert rows(conn, "SELECT count(*) FROM ingest_runs") == [(1,)]


def test_the_nested_document_reads_back_as_a_valid_event_file(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    document = event_document(conn, "by-2025-09-11")
    assert EventFile.model_validate(document).id == "by-2025-09-11"
    assert document["concessions"][0]["granted_by"] == "united-states"
    assert document["concessions"][0]["beneficiary"] == {
        "id": "belavia", "name": "Belavia", "kind": "organisation", "country": "BY", "aliases": []}


def test_a_document_ingested_into_an_empty_database_gives_the_same_document(tmp_path, conn, write_yaml, write_json, event):
    event["statements"] = [{"by": {"name": "Gitanas Nausėda", "kind": "person", "country": "LT"},
                            "gist": "All crossed into Lithuania", "stance": "welcomed",
                            "platform": "X", "date": "2025-09-11", "source": "article"}]
    event["prisoner_counts"] = [{"country": "BY", "as_of": "2025-09", "count": 1300,
                                 "approximate": True, "according_to": "US", "source": "article"}]
    event["claims"] = [{"field": "total_released", "value": 52, "source": "article", "chosen": True}]
    ingest(conn, write_yaml(event))
    document = event_document(conn, "by-2025-09-11")
    other = connect(tmp_path / "other.db")
    ingest(other, write_json(document, "exported.json"))
    assert event_document(other, "by-2025-09-11") == document
    other.close()


def test_remove_keeps_the_history(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    removed = remove_event(conn, "by-2025-09-11")
    assert removed["id"] == "by-2025-09-11"
    assert rows(conn, "SELECT count(*) FROM events") == [(0,)]
    assert rows(conn, "SELECT count(*) FROM people") == [(0,)]
    assert rows(conn, "SELECT event_id, action FROM event_revisions ORDER BY id") == [
        ("by-2025-09-11", "created"), ("by-2025-09-11", "removed")]
    assert remove_event(conn, "by-2025-09-11") is None


def test_full_text_search_finds_events_people_and_concessions(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    assert rows(conn, "SELECT title FROM events WHERE rowid IN "
                      "(SELECT rowid FROM events_fts WHERE events_fts MATCH 'prisoner')") == [
        ("Belarus frees 52 political prisoners",)]
    assert rows(conn, "SELECT id FROM people WHERE rowid IN "
                      "(SELECT rowid FROM people_fts WHERE people_fts MATCH 'Tsikhaouski')") == [
        ("syarhei-tsikhanouski",)]
    assert rows(conn, "SELECT event_id FROM concessions WHERE rowid IN "
                      "(SELECT rowid FROM concessions_fts WHERE concessions_fts MATCH 'belavia')") == [
        ("by-2025-09-11",)]


def test_foreign_keys_hold_after_ingest(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    assert rows(conn, "PRAGMA foreign_key_check") == []


def _exported_and_ingested_again(tmp_path, conn, write_json):
    """Every event of `conn` exported as documents and ingested into an empty database."""
    from tracker.store.nested import iter_event_documents

    documents = list(iter_event_documents(conn))
    other = connect(tmp_path / "again.db")
    ingest(other, write_json(documents, "exported.json"))
    return documents, list(iter_event_documents(other)), other


def test_an_actor_referred_to_by_id_is_not_mistaken_for_one_with_that_alias(
        tmp_path, conn, write_yaml, write_json, event):
    event["actors"] = [
        {"name": "Foo", "kind": "organisation", "aliases": ["Bar Baz"], "role": "mediator"},
        {"name": "Bar Baz", "kind": "person", "role": "envoy"},
    ]
    event["concessions"][0]["granted_by"] = {"name": "Bar Baz", "kind": "person"}
    ingest(conn, write_yaml(event))
    assert rows(conn, "SELECT granted_by FROM concessions") == [("bar-baz",)]
    before, after, other = _exported_and_ingested_again(tmp_path, conn, write_json)
    assert rows(other, "SELECT granted_by FROM concessions") == [("bar-baz",)]
    assert after == before


def test_two_state_actors_of_one_country_stay_two_when_ingested_again(
        tmp_path, conn, write_yaml, write_json, event):
    kosovo = dict(event, id="by-2025-01-01", concessions=[],
                  actors=[{"name": "Kosovo Republic", "kind": "state", "role": "mediator"}])
    serbia = dict(event, id="by-2025-01-02", concessions=[],
                  actors=[{"name": "Serbia", "kind": "state", "role": "mediator"}])
    later = dict(event, id="by-2025-01-03", concessions=[],
                 actors=[{"name": "Kosovo Republic", "kind": "state", "country": "RS", "role": "host"}])
    for number, document in enumerate([kosovo, serbia, later]):
        ingest(conn, write_yaml(document, f"{number}.yml"))
    assert rows(conn, "SELECT id, country FROM actors WHERE kind = 'state' ORDER BY id") == [
        ("kosovo-republic", "RS"), ("serbia", "RS")]
    before, after, other = _exported_and_ingested_again(tmp_path, conn, write_json)
    assert rows(other, "SELECT event_id, actor_id FROM event_actors ORDER BY event_id") == [
        ("by-2025-01-01", "kosovo-republic"), ("by-2025-01-02", "serbia"),
        ("by-2025-01-03", "kosovo-republic")]
    assert after == before


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_optional_text_is_refused_so_that_null_is_the_only_blank(
        one_event_db, write_yaml, event, blank):
    event["summary"] = blank
    [problem] = refused(one_event_db, "ingest", write_yaml(event))
    assert ": summary: " in problem
    assert ("non-empty text" if blank == "" else "only whitespace or invisible characters") in problem


def test_two_entries_that_are_one_known_person_are_refused_and_nothing_is_written(
        db_path, write_yaml, event):
    from tracker.errors import InvalidInput

    event["people"] = [{"name": "Ihar Losik", "aliases": ["Igor Losik"]}]
    conn = connect(db_path)
    ingest(conn, write_yaml(event))
    conn.close()
    before = db_path.read_bytes()
    later = dict(event, id="by-2025-12-13")
    later["people"] = [{"name": "Ihar Losik"}, {"name": "Igor Losik"}]
    conn = connect(db_path)
    with pytest.raises(InvalidInput) as error:
        ingest(conn, write_yaml(later, "later.yml"))
    conn.close()
    [problem] = error.value.problems
    assert (problem.path, problem.line) == ("people[1].name", 16)
    assert problem.message.startswith(
        "'Igor Losik' is the same person as people[0]: 'Ihar Losik', also known as 'Igor Losik'")
    assert db_path.read_bytes() == before


def test_an_actor_listed_twice_in_one_role_under_an_alias_is_refused(conn, write_yaml, event):
    from tracker.errors import InvalidInput

    event["actors"] = [
        {"name": "Kellogg Foundation", "kind": "organisation", "aliases": ["Keith Kellogg"],
         "role": "guarantor"},
        {"name": "Keith Kellogg", "kind": "organisation", "role": "guarantor"},
    ]
    event["concessions"] = []
    with pytest.raises(InvalidInput) as error:
        ingest(conn, write_yaml(event))
    [problem] = error.value.problems
    assert problem.path == "actors[1].name"
    assert "the same actor in role 'guarantor' as actors[0]" in problem.message
    assert rows(conn, "SELECT count(*) FROM events") == [(0,)]


def test_people_and_actors_whose_spellings_overlap_in_the_database_round_trip(
        tmp_path, conn, write_yaml, write_json, event):
    envoy = dict(event, id="by-2024-01-01", concessions=[], people=[],
                 actors=[{"name": "Kellogg Foundation", "kind": "person", "role": "envoy",
                          "aliases": ["Keith Kellogg"]}])
    both = dict(event, id="by-2025-01-01", concessions=[],
                people=[{"name": "Ihar Losik"}, {"name": "Igor Losik"}],
                actors=[{"name": "Keith Kellogg", "kind": "person", "role": "host"},
                        {"name": "Kellogg Foundation", "kind": "organisation", "role": "host"}])
    later = dict(event, id="by-2025-02-01", concessions=[], actors=[],
                 people=[{"name": "Ihar Losik", "aliases": ["Igor Losik"]}])
    for document in (envoy, both, later):
        ingest(conn, write_yaml(document, f"{document['id']}.yml"))
    before, after, other = _exported_and_ingested_again(tmp_path, conn, write_json)
    exported = before[1]
    assert [(p["id"], p["aliases"]) for p in exported["people"]] == [
        ("ihar-losik", ["Igor Losik"]), ("igor-losik", [])]
    assert [(a["id"], a["name"], a["role"]) for a in exported["actors"]] == [
        ("kellogg-foundation", "Kellogg Foundation", "host"),
        ("kellogg-foundation-2", "Kellogg Foundation", "host")]
    assert after == before
