"""Every change to an event is kept: who (which run), when, from which file, what changed.
Nothing is deleted silently: only `tracker remove` deletes, and the history keeps it."""

import hashlib
import json

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.store.db import connect
from tracker.store.history import event_history
from tracker.store.nested import event_document

from conftest import another, main_transfer


@pytest.fixture
def run(db_path):
    def invoke(*args):
        return CliRunner().invoke(cli, ["--db", str(db_path), *map(str, args)])
    return invoke


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_history_shows_each_change_with_its_run_file_hash_and_differences(run, db_path, tmp_path, write_yaml, event):
    first = write_yaml(event, "first.yml")
    first_hash = sha256(first)
    assert run("ingest", first).exit_code == 0
    transfer = main_transfer(event)
    transfer["count"] = "at least 53"
    transfer["nationalities"] = [{"country": "LT", "count": 5}, {"country": "PL", "count": 2}]
    transfer["people"].append({"name": "Ihar Losik"})
    event["dates"].insert(0, {"step": "decided", "date": "2025-09-10"})
    second = write_yaml(event, "second.yml")
    assert run("ingest", "--update", second).exit_code == 0
    assert run("remove", "by-2025-09-11").exit_code == 0

    conn = connect(db_path)
    created, updated, removed = event_history(conn, "by-2025-09-11")
    conn.close()
    assert (created.action, created.run_id, created.command) == ("created", 1, "ingest")
    assert (created.file, created.file_sha256) == (str(first), first_hash)
    assert (updated.action, updated.run_id, updated.file) == ("updated", 2, str(second))
    assert updated.file_sha256 == sha256(second)
    assert updated.differences == [
        'dates[decided]: added {"step": "decided", "date": "2025-09-10"}',
        'transfers[0].count: 52 → "at least 53"',
        'transfers[0].nationalities[GB]: removed {"country": "GB", "count": 1}',
        "transfers[0].nationalities[LT].count: 6 → 5",
        'transfers[0].nationalities[PL]: added {"country": "PL", "count": 2}',
        'transfers[0].people[ihar-losik]: added {"id": "ihar-losik", "name": "Ihar Losik"}',
    ]
    assert (removed.action, removed.run_id, removed.command, removed.file) == (
        "removed", 3, "remove", None)

    result = run("history", "by-2025-09-11")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "by-2025-09-11: 3 changes, oldest first"
    assert lines[1].startswith("revision 1: created ") and lines[1].endswith(", run 1 (ingest)")
    assert lines[2] == f"  file: {first} sha256 {first_hash}"
    assert '  transfers[0].count: 52 → "at least 53"' in lines
    assert lines[-1].startswith("revision ") and lines[-1].endswith(", run 3 (remove)")


def test_the_hash_is_of_the_file_as_it_was_read(run, db_path, write_yaml, event):
    path = write_yaml(event)
    read_hash = sha256(path)
    run("ingest", path)
    path.write_text("changed afterwards\n")
    conn = connect(db_path)
    [created] = event_history(conn, "by-2025-09-11")
    conn.close()
    assert created.file_sha256 == read_hash


def test_an_unchanged_ingest_adds_no_history(run, db_path, write_yaml, event):
    path = write_yaml(event)
    run("ingest", path)
    run("ingest", path)
    conn = connect(db_path)
    assert [change.action for change in event_history(conn, "by-2025-09-11")] == ["created"]
    conn.close()


def test_an_event_is_never_deleted_by_an_ingest_that_does_not_name_it(run, db_path, write_yaml, event):
    run("ingest", write_yaml(event, "a.yml"))
    other = another(event, "by-2025-06-21")
    run("ingest", write_yaml(other, "b.yml"))
    conn = connect(db_path)
    ids = [row[0] for row in conn.execute("SELECT id FROM events ORDER BY id")]
    conn.close()
    assert ids == ["by-2025-06-21", "by-2025-09-11"]


def test_a_removed_event_can_be_restored_from_its_history(run, db_path, tmp_path, write_yaml, event):
    run("ingest", write_yaml(event))
    conn = connect(db_path)
    before = event_document(conn, "by-2025-09-11")
    conn.close()
    result = run("remove", "by-2025-09-11")
    assert result.output.strip() == (
        "Removed by-2025-09-11; its last version is kept (tracker history by-2025-09-11)")
    conn = connect(db_path)
    assert event_document(conn, "by-2025-09-11") is None
    (kept,) = conn.execute(
        "SELECT document FROM event_revisions WHERE action = 'removed'").fetchone()
    conn.close()
    restored = tmp_path / "restored.json"
    restored.write_text(kept)
    assert run("ingest", restored).output.strip() == "1 created, 0 updated, 0 unchanged"
    conn = connect(db_path)
    assert event_document(conn, "by-2025-09-11") == before == json.loads(kept)
    actions = [change.action for change in event_history(conn, "by-2025-09-11")]
    conn.close()
    assert actions == ["created", "removed", "created"]


def test_removing_or_showing_an_unknown_event_is_a_clear_error(run, db_path, write_yaml, event):
    run("ingest", write_yaml(event))
    before = db_path.read_bytes()
    for command in ("remove", "history"):
        result = run(command, "xx-2000-01-01")
        assert result.exit_code == 1
        assert "no event 'xx-2000-01-01'" in result.output
    assert db_path.read_bytes() == before


def test_history_and_remove_need_an_existing_database(run, db_path):
    for command in ("remove", "history"):
        result = run(command, "by-2025-09-11")
        assert result.exit_code == 1
        assert "no such database; run `tracker build` first" in result.output
    assert not db_path.exists()
