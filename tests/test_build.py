"""`build` makes a fresh database from a folder, atomically."""

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from tracker.store.build import WouldDiscardChanges, build_database, event_files
from tracker.cli import cli
from tracker.store.db import connect
from tracker.errors import InvalidInput
from tracker.store.ingest import save_events
from tracker.store.lock import CannotWrite, WriteOptions
from tracker.files.validate import read_documents

from conftest import DATA, MINIMAL_EVENT, another


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def count_events(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


def test_build_loads_every_curated_file(data_dir, db_path):
    report = build_database(data_dir, db_path)
    assert len(report.created) == len(event_files(data_dir / "events")) == count_events(db_path)
    assert [path.name for path in event_files(data_dir)][:2] == ["sources.yml", "actors.yml"]


def test_build_replaces_an_existing_database_and_leaves_nothing_beside_it(data_dir, db_path):
    build_database(data_dir, db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM event_sources")
    conn.commit()
    conn.close()
    build_database(data_dir, db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM event_sources").fetchone()[0] > 0
    assert conn.execute("SELECT count(*) FROM ingest_runs").fetchone()[0] == 1
    conn.close()
    assert sorted(path.name for path in db_path.parent.iterdir()) == ["data", "tracker.db"]


def test_an_invalid_file_leaves_the_old_database_untouched(data_dir, db_path):
    build_database(data_dir, db_path)
    before = db_path.read_bytes()
    (data_dir / "events" / "broken.yml").write_text("id: broken\ntitle: [unclosed\n")
    with pytest.raises(InvalidInput) as error:
        build_database(data_dir, db_path)
    assert "broken.yml" in str(error.value)
    assert db_path.read_bytes() == before
    assert sorted(path.name for path in db_path.parent.iterdir()) == ["data", "tracker.db"]


def test_a_reader_in_the_middle_of_a_read_keeps_the_old_events_then_sees_the_new(
    data_dir, db_path
):
    """The rebuild is one transaction on the same file: a reader's snapshot holds."""
    build_database(data_dir, db_path)
    reader = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
    reader.execute("BEGIN")
    old = reader.execute("SELECT count(*) FROM events").fetchone()[0]
    (data_dir / "events" / "by-2025-06-21.yml").unlink()
    notices = []
    build_database(data_dir, db_path, options=WriteOptions(notify=notices.append))
    assert reader.execute("SELECT count(*) FROM events").fetchone()[0] == old
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM events").fetchone()[0] == old - 1
    reader.close()
    assert notices == [
        f"{db_path}: readers still hold the write-ahead log; it is folded into the "
        "database when they let go"
    ]


def test_a_database_changed_since_its_build_is_not_replaced_silently(data_dir, db_path, tmp_path):
    build_database(data_dir, db_path)
    extra = tmp_path / "extra.json"
    extra_event = another(MINIMAL_EVENT, "by-2030-01-01")
    extra_event["transfers"][0]["people"] = [{"id": "syarhei-tsikhanouski"}]
    extra.write_text(json.dumps(extra_event))
    conn = connect(db_path)
    save_events(conn, read_documents([extra]))
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(WouldDiscardChanges) as error:
        build_database(data_dir, db_path)
    assert "was changed since it was built (run 2 (ingest, " in str(error.value)
    assert "Accepted: --replace to rebuild anyway" in str(error.value)
    assert db_path.read_bytes() == before
    result = CliRunner().invoke(cli, ["--db", str(db_path), "build", str(data_dir)])
    assert result.exit_code == 1 and "--replace" in result.output
    assert db_path.read_bytes() == before
    result = CliRunner().invoke(cli, ["--db", str(db_path), "build", "--replace", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert count_events(db_path) == len(event_files(data_dir / "events"))


def test_a_file_that_is_no_database_is_not_replaced(data_dir, db_path):
    db_path.write_text("my notes\n" * 1000)
    with pytest.raises(CannotWrite, match="is not a tracker database: it is not an SQLite file"):
        build_database(data_dir, db_path)
    assert db_path.read_text() == "my notes\n" * 1000
