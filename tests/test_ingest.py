"""Ingest inserts new events, changes a stored one only when told (--update), keeps
history, and changes nothing when nothing changed."""

import json

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.store.db import connect
from tracker.schema.eventfile import EventFile
from tracker.errors import InvalidInput
from tracker.store.ingest import BATCH, ingest_files, remove_event, save_events
from tracker.store.nested import event_document
from tracker.files.validate import read_documents

from conftest import another, main_transfer

from conftest import refused


def ingest(conn, *paths, update=False):
    return save_events(conn, read_documents(paths), update=update)


def rows(conn, sql, *params):
    return conn.execute(sql, params).fetchall()


def test_a_new_event_is_written_with_its_transfers_and_derived_columns(conn, write_yaml, event):
    report = ingest(conn, write_yaml(event))
    assert report.created == ["by-2025-09-11"] and report.run_id == 1
    assert rows(conn, "SELECT releasing_state, receiving_state, status, freed, freed_qualifier, "
                      "political, foreign_nationals, date, date_step, date_precision, "
                      "date_start, date_end, year FROM events") == [
        ("BY", "LT", "carried_out", 52, "exact", 52, 14, "2025-09-11", "released", "day",
         "2025-09-11", "2025-09-11", 2025)]
    assert rows(conn, "SELECT position, from_state, to_state, how, status, count, political, "
                      "all_political, foreign_nationals FROM transfers") == [
        (0, "BY", "LT", "handed_over", "carried_out", 52, 52, 1, 14)]
    assert rows(conn, "SELECT transfer, country, count FROM transfer_nationalities "
                      "ORDER BY country") == [(0, "GB", 1), (0, "LT", 6)]
    assert rows(conn, "SELECT actor_id, role FROM event_actors ORDER BY position") == [
        ("united-states", "mediator"), ("john-coale", "delegation_head")]
    assert rows(conn, "SELECT id, kind, country FROM actors ORDER BY id") == [
        ("belavia", "organisation", "BY"), ("john-coale", "person", "US"),
        ("united-states", "state", "US")]
    assert rows(conn, "SELECT kind, status, source_ids FROM concessions") == [
        ("sanctions_relief", "announced", '["article"]')]
    assert rows(conn, "SELECT side, actor_id FROM concession_parties ORDER BY side") == [
        ("beneficiary", "belavia"), ("granted_by", "united-states")]


def test_unknown_counts_are_null_never_zero(conn, write_yaml, event):
    transfer = main_transfer(event)
    for key in ("count", "foreign", "political"):
        del transfer[key]
    transfer["nationalities"] = [{"country": "LT"}]
    ingest(conn, write_yaml(event))
    assert rows(conn, "SELECT count, count_qualifier, political, foreign_nationals "
                      "FROM transfers") == [(None, None, None, None)]
    assert rows(conn, "SELECT freed, freed_qualifier, political_qualifier FROM events") == [
        (None, None, None)]
    assert rows(conn, "SELECT count, count_qualifier FROM transfer_nationalities") == [
        (None, None)]


def test_a_month_date_is_stored_as_its_range(conn, write_yaml, event):
    event["dates"] = [{"step": "released", "date": "2025-06"}]
    ingest(conn, write_yaml(event))
    assert rows(conn, "SELECT date, date_precision, date_start, date_end FROM events") == [
        ("2025-06", "month", "2025-06-01", "2025-06-30")]
    assert rows(conn, "SELECT step, date_precision FROM event_dates") == [("released", "month")]


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


def test_an_ingest_that_would_change_a_stored_event_writes_nothing_and_says_what(
        db_path, write_yaml, event):
    ingest_files(db_path, [write_yaml(event)])
    before = db_path.read_bytes()
    main_transfer(event)["count"] = 53
    main_transfer(event)["people"] = []
    with pytest.raises(InvalidInput) as error:
        ingest_files(db_path, [write_yaml(event, "edited.yml")])
    messages = [problem.message for problem in error.value.problems]
    assert "transfers[0].count: would change (52 → 53); accepted: the event as stored, " \
           "or --update to change it" in messages
    dropped = [message for message in messages if message.startswith("transfers[0].people")]
    assert dropped and "removed" in dropped[0] and "syarhei-tsikhanouski" in dropped[0]
    assert all(problem.file.endswith("edited.yml") for problem in error.value.problems)
    assert db_path.read_bytes() == before


def test_an_update_replaces_the_rows_and_keeps_the_old_version(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    original = event_document(conn, "by-2025-09-11")
    main_transfer(event)["count"] = 53
    main_transfer(event)["nationalities"] = [{"country": "LT", "count": 6}]
    event["concessions"] = []
    report = ingest(conn, write_yaml(event), update=True)
    assert report.updated == ["by-2025-09-11"]
    assert rows(conn, "SELECT count FROM transfers") == [(53,)]
    assert rows(conn, "SELECT freed FROM events") == [(53,)]
    assert rows(conn, "SELECT country FROM transfer_nationalities") == [("LT",)]
    assert rows(conn, "SELECT count(*) FROM concessions") == [(0,)]
    created, updated = rows(
        conn, "SELECT event_id, action, ingest_run_id, document FROM event_revisions ORDER BY id")
    assert created == ("by-2025-09-11", "created", 1, None)
    assert updated[:3] == ("by-2025-09-11", "updated", report.run_id)
    assert json.loads(updated[3]) == original
    assert rows(conn, "SELECT command, created, updated, unchanged FROM ingest_runs ORDER BY id") == [
        ("ingest", 1, 0, 0), ("ingest", 0, 1, 0)]


def test_a_dry_run_shows_every_change_field_by_field_and_writes_nothing(
        db_path, write_yaml, event):
    ingest_files(db_path, [write_yaml(event)])
    before = db_path.read_bytes()
    main_transfer(event)["count"] = 53
    event["actors"] = event["actors"][:1]
    new = another(event, "by-2025-12-13")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "ingest", "--dry-run",
                                      str(write_yaml([event, new], "both.yml"))])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "would create event by-2025-12-13" in lines
    assert "would update event by-2025-09-11:" in lines
    assert "  transfers[0].count: 52 → 53" in lines
    assert any(line.startswith("  actors[john-coale/delegation_head]: removed") for line in lines)
    assert lines[-1] == ("Dry run: 1 created, 1 updated, 0 unchanged; nothing was written.")
    assert db_path.read_bytes() == before


def test_another_event_may_name_a_known_person_and_actor_by_an_alias(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    june = another(event, "by-2025-06-21", concessions=[])
    main_transfer(june).update(nationalities=[], people=[{"name": "Tsikhaouski"}])
    june["actors"] = [{"name": "John Cole", "kind": "person", "role": "envoy"}]
    ingest(conn, write_yaml(june, "june.yml"))
    assert rows(conn, "SELECT id, aliases FROM people") == [
        ("syarhei-tsikhanouski", '["Tsikhaouski"]')]
    assert rows(conn, "SELECT event_id, person_id FROM transfer_people ORDER BY event_id") == [
        ("by-2025-06-21", "syarhei-tsikhanouski"), ("by-2025-09-11", "syarhei-tsikhanouski")]
    assert rows(conn, "SELECT DISTINCT actor_id FROM event_actors WHERE role != 'mediator'") == [
        ("john-coale",)]


def test_a_reference_never_changes_a_record_and_a_new_spelling_is_refused(
        db_path, write_yaml, event):
    ingest_files(db_path, [write_yaml(event)])
    before = db_path.read_bytes()
    june = another(event, "by-2025-06-21", concessions=[])
    main_transfer(june)["people"] = [{"name": "Tsikhaouski", "aliases": ["Siarhei Tsikhanouski"]}]
    with pytest.raises(InvalidInput) as error:
        ingest_files(db_path, [write_yaml(june, "june.yml")])
    [problem] = error.value.problems
    assert problem.path == "transfers[0].people[0].id"
    assert problem.message == (
        "person 'syarhei-tsikhanouski': 'Siarhei Tsikhanouski' here is not one of its "
        "spellings in the database ('Syarhei Tsikhanouski', 'Tsikhaouski'); to change it, "
        "edit its registry entry and ingest that with --update")
    assert db_path.read_bytes() == before


def test_a_source_declared_otherwise_is_refused_naming_both_values(db_path, write_yaml, event):
    ingest_files(db_path, [write_yaml(event)])
    later = another(event, "by-2025-12-13")
    later["sources"] = [{"id": "article", "title": "Another title"}]
    path = write_yaml(later, "later.yml")
    with pytest.raises(InvalidInput) as error:
        ingest_files(db_path, [path])
    [problem] = error.value.problems
    lines = path.read_text().splitlines()
    assert (problem.path, problem.line) == ("sources[0]", lines.index("- id: article") + 1)
    assert problem.message == (
        "source 'article': title 'Another title' here, 'Belarus frees 52' in the database; "
        "to change it, edit its registry entry and ingest that with --update")


def test_a_source_cited_by_id_keeps_its_description(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    later = another(event, "by-2025-12-13", sources=["article"])
    ingest(conn, write_yaml(later, "later.yml"))
    assert rows(conn, "SELECT id, title, published FROM sources") == [
        ("article", "Belarus frees 52", "2025-09-11")]
    assert rows(conn, "SELECT count(*) FROM entity_revisions WHERE table_name = 'sources'") == [(1,)]


def test_an_unknown_source_id_is_refused(conn, write_yaml, event):
    event["sources"] = ["nowhere"]
    with pytest.raises(InvalidInput) as error:
        ingest(conn, write_yaml(event))
    [problem] = error.value.problems
    assert problem.path == "sources[0]" and problem.message.startswith(
        "no source 'nowhere' is known; accepted: the id of a source of the database")


def test_a_registry_edit_changes_a_record_only_with_update_and_keeps_its_history(
        db_path, write_yaml, event):
    ingest_files(db_path, [write_yaml(event)])
    registry = {"format": 2, "people": [{"id": "syarhei-tsikhanouski",
                                         "name": "Syarhei Tsikhanouski",
                                         "aliases": ["Tsikhaouski", "Siarhei Tsikhanouski"]}]}
    path = write_yaml(registry, "people.yml")
    with pytest.raises(InvalidInput) as error:
        ingest_files(db_path, [path])
    [problem] = error.value.problems
    assert problem.path == "people[0]" and problem.message.startswith(
        "person 'syarhei-tsikhanouski': aliases would change from ['Tsikhaouski'] to "
        "['Tsikhaouski', 'Siarhei Tsikhanouski']; accepted: the stored value, or --update")
    report = ingest_files(db_path, [path], update=True)
    assert [change.record_id for change in report.record_changes] == ["syarhei-tsikhanouski"]
    conn = connect(db_path)
    assert rows(conn, "SELECT aliases FROM people") == [
        ('["Tsikhaouski", "Siarhei Tsikhanouski"]',)]
    history = rows(conn, "SELECT action, document FROM entity_revisions "
                         "WHERE record_id = 'syarhei-tsikhanouski' ORDER BY id")
    conn.close()
    assert [action for action, _ in history] == ["created", "updated"]
    assert json.loads(history[1][1])["aliases"] == ["Tsikhaouski"]
    result = CliRunner().invoke(cli, ["--db", str(db_path), "history", "--of", "person",
                                      "syarhei-tsikhanouski"])
    assert result.exit_code == 0, result.output
    assert ('  aliases: ["Tsikhaouski"] → ["Tsikhaouski", "Siarhei Tsikhanouski"]'
            in result.output.splitlines())


def test_a_state_named_by_a_code_is_the_same_actor_as_the_state_by_name(conn, write_yaml, event):
    event["concessions"][0]["beneficiaries"] = ["BY"]
    event["statements"] = [{"by": "US", "gist": "Welcomed the release", "stance": "welcomed"}]
    ingest(conn, write_yaml(event))
    assert rows(conn, "SELECT id, name FROM actors WHERE kind = 'state' ORDER BY id") == [
        ("belarus", "Belarus"), ("united-states", "United States")]
    assert rows(conn, "SELECT actor_id FROM statements") == [("united-states",)]


def test_a_known_actor_may_be_referred_to_by_its_name_in_another_event(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    later = another(event, "by-2025-12-13", actors=[])
    later["statements"] = [{"by": "John Cole", "gist": "Spoke of it", "stance": "neutral"}]
    later["concessions"][0]["beneficiaries"] = ["Belavia"]
    ingest(conn, write_yaml(later, "later.yml"))
    assert rows(conn, "SELECT actor_id FROM statements") == [("john-coale",)]
    assert rows(conn, "SELECT actor_id FROM concession_parties WHERE event_id = 'by-2025-12-13' "
                      "AND side = 'beneficiary'") == [("belavia",)]


def test_shared_records_stay_when_no_event_refers_to_them(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    main_transfer(event)["people"] = []
    event["concessions"] = []
    ingest(conn, write_yaml(event), update=True)
    assert rows(conn, "SELECT id FROM people") == [("syarhei-tsikhanouski",)]
    assert rows(conn, "SELECT count(*) FROM transfer_people") == [(0,)]


def test_an_invalid_event_in_a_batch_means_nothing_is_written(db_path, tmp_path, write_yaml, event):
    ingest_files(db_path, [write_yaml(event)])
    before = db_path.read_bytes()
    # More good events than one batch holds: the first batch is written before the bad
    # file is read, and the bad one must roll it all back.
    good = tmp_path / "good.ndjson"
    good.write_text("".join(
        json.dumps(another(event, f"xx-{number:04d}", dates=event["dates"])) + "\n"
        for number in range(BATCH + 1)))
    bad = another(event, "by-2025-12-13")
    main_transfer(bad)["from"] = "Atlantis"
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
    main_transfer(event)["count"] = 60
    second = another(event, "by-2025-06-21")
    from tracker.store import ingest as ingest_module

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest_module, "_record_revisions", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest(conn, write_yaml(event), write_yaml(second, "second.yml"), update=True)
    assert rows(conn, "SELECT event_id, count FROM transfers") == [("by-2025-09-11", 52)]
    assert rows(conn, "SELECT count(*) FROM ingest_runs") == [(1,)]


def test_the_nested_document_reads_back_as_a_valid_event_file(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    document = event_document(conn, "by-2025-09-11")
    assert EventFile.model_validate(document).id == "by-2025-09-11"
    assert document["concessions"][0]["granted_by"] == ["united-states"]
    assert document["concessions"][0]["beneficiaries"] == [
        {"id": "belavia", "name": "Belavia", "kind": "organisation", "country": "BY"}]
    assert document["transfers"][0]["political"] == "all"
    assert "sources" not in document["transfers"][0]  # the event cites one source


def test_a_document_ingested_into_an_empty_database_gives_the_same_document(tmp_path, conn, write_yaml, write_json, event):
    event["statements"] = [{"key": "welcome", "by": {"name": "Gitanas Nausėda", "kind": "person",
                                                     "country": "LT"},
                            "gist": "All crossed into Lithuania", "stance": "welcomed",
                            "platform": "X", "date": "2025-09-11"}]
    event["prisoner_counts"] = [{"country": "BY", "as_of": "2025-09", "count": "about 1300",
                                 "according_to": "US"}]
    event["claims"] = [{"about": "transfers[0].count", "value": 52, "chosen": True,
                        "reason": "The only figure"}]
    event["concessions"][0]["disputed_by"] = [{"statement": "welcome"}]
    ingest(conn, write_yaml(event))
    document = event_document(conn, "by-2025-09-11")
    other = connect(tmp_path / "other.db")
    ingest(other, write_json(document, "exported.json"))
    assert event_document(other, "by-2025-09-11") == document
    other.close()


def test_remove_keeps_the_history_and_the_shared_records(conn, write_yaml, event):
    ingest(conn, write_yaml(event))
    removed = remove_event(conn, "by-2025-09-11")
    assert removed["id"] == "by-2025-09-11"
    assert rows(conn, "SELECT count(*) FROM events") == [(0,)]
    assert rows(conn, "SELECT count(*) FROM transfers") == [(0,)]
    assert rows(conn, "SELECT count(*) FROM people") == [(1,)]
    assert rows(conn, "SELECT event_id, action FROM event_revisions ORDER BY id") == [
        ("by-2025-09-11", "created"), ("by-2025-09-11", "removed")]
    assert remove_event(conn, "by-2025-09-11") is None


def test_an_event_that_others_are_part_of_is_not_removed(conn, write_yaml, event):
    pardon = another(event, "by-2025-09-10", part_of="by-2025-09-11", concessions=[])
    ingest(conn, write_yaml(event), write_yaml(pardon, "pardon.yml"))
    with pytest.raises(ValueError, match="by-2025-09-10 is part of 'by-2025-09-11'"):
        remove_event(conn, "by-2025-09-11")
    assert rows(conn, "SELECT count(*) FROM events") == [(2,)]


def test_part_of_names_a_stored_event_that_is_no_step_itself(conn, write_yaml, event):
    step = another(event, "by-2025-09-10", part_of="by-2025-01-01")
    with pytest.raises(InvalidInput) as error:
        ingest(conn, write_yaml(step, "step.yml"))
    [problem] = error.value.problems
    assert problem.path == "part_of" and problem.message.startswith(
        "'by-2025-01-01' is no event of the database or of this batch")
    pardon = another(event, "by-2025-09-10", part_of="by-2025-09-11")
    inner = another(event, "by-2025-09-09", part_of="by-2025-09-10")
    with pytest.raises(InvalidInput) as error:
        ingest(conn, write_yaml(event), write_yaml(pardon, "pardon.yml"),
               write_yaml(inner, "inner.yml"))
    [problem] = error.value.problems
    assert problem.file.endswith("inner.yml") and "is itself part of 'by-2025-09-11'" in problem.message


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
    event["concessions"][0]["granted_by"] = [{"name": "Bar Baz", "kind": "person"}]
    ingest(conn, write_yaml(event))
    granted = "SELECT actor_id FROM concession_parties WHERE side = 'granted_by'"
    assert rows(conn, granted) == [("bar-baz",)]
    before, after, other = _exported_and_ingested_again(tmp_path, conn, write_json)
    assert rows(other, granted) == [("bar-baz",)]
    assert after == before


def test_a_state_named_otherwise_is_its_country_unless_an_id_says_which(
        tmp_path, conn, write_yaml, write_json, event):
    kosovo = another(event, "by-2025-01-01", concessions=[], actors=[
        {"name": "Kosovo Republic", "kind": "state", "country": "RS", "role": "mediator"}])
    ingest(conn, write_yaml(kosovo, "kosovo.yml"))
    same = another(event, "by-2025-01-04", concessions=[], actors=[
        {"name": "Serbia", "kind": "state", "role": "guarantor"}])
    ingest(conn, write_yaml(same, "same.yml"))
    assert rows(conn, "SELECT actor_id FROM event_actors WHERE event_id = 'by-2025-01-04'") == [
        ("kosovo-republic",)]
    remove_event(conn, "by-2025-01-04")
    serbia = another(event, "by-2025-01-02", concessions=[], actors=[
        {"id": "serbia", "name": "Serbia", "kind": "state", "role": "mediator"}])
    later = another(event, "by-2025-01-03", concessions=[], actors=[
        {"id": "kosovo-republic", "role": "host"}])
    for number, document in enumerate([serbia, later]):
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
    main_transfer(event)["people"] = [{"name": "Ihar Losik", "aliases": ["Igor Losik"]}]
    ingest_files(db_path, [write_yaml(event)])
    before = db_path.read_bytes()
    later = another(event, "by-2025-12-13")
    main_transfer(later)["people"] = [{"id": "ihar-losik"}, {"name": "Igor Losik"}]
    with pytest.raises(InvalidInput) as error:
        ingest_files(db_path, [write_yaml(later, "later.yml")])
    [problem] = error.value.problems
    assert problem.path == "transfers[0].people[1].name"
    assert problem.message.startswith(
        "'Igor Losik' is the same as transfers[0].people[0]; accepted: each once")
    assert db_path.read_bytes() == before


def test_an_actor_listed_twice_in_one_role_under_an_alias_is_refused(conn, write_yaml, event):
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
    assert "is the same as actors[0] in role 'guarantor'" in problem.message
    assert rows(conn, "SELECT count(*) FROM events") == [(0,)]


def test_a_name_that_matches_two_known_people_asks_for_an_id(db_path, write_yaml, event):
    main_transfer(event)["people"] = [{"name": "Ihar Losik"},
                                     {"name": "Igor Losik", "aliases": ["I. Losik"]}]
    first = another(event, "by-2025-01-01")
    main_transfer(first)["people"] = [{"name": "Ihar Losik", "aliases": ["I. Losik"]}]
    ingest_files(db_path, [write_yaml(first, "first.yml")])
    second = another(event, "by-2025-01-02")
    main_transfer(second)["people"] = [{"name": "Igor Losik", "aliases": ["I. Losik"]}]
    with pytest.raises(InvalidInput) as error:
        ingest_files(db_path, [write_yaml(second, "second.yml")])
    [problem] = error.value.problems
    assert "'Igor Losik' here is not one of its spellings in the database" in problem.message
    third = another(event, "by-2025-01-03")
    main_transfer(third)["people"] = [{"id": "igor-losik", "name": "Igor Losik",
                                       "aliases": ["I. Losik"]}]
    ingest_files(db_path, [write_yaml(third, "third.yml")])
    fourth = another(event, "by-2025-01-04")
    main_transfer(fourth)["people"] = [{"name": "I. Losik"}]
    with pytest.raises(InvalidInput) as error:
        ingest_files(db_path, [write_yaml(fourth, "fourth.yml")])
    [problem] = error.value.problems
    assert problem.message == (
        "'I. Losik' names more than one person (igor-losik: Igor Losik, ihar-losik: Ihar "
        "Losik); accepted: {id: …} for the one meant")
