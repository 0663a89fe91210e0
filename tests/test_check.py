"""`tracker check` passes a database written by tracker and names every kind of damage."""

import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from tracker.store.check import check_database
from tracker.cli import cli
from tracker.store.db import connect


@pytest.fixture
def copy_of_curated(curated_db, tmp_path):
    target = tmp_path / "tracker.db"
    shutil.copy(curated_db, target)
    return target


def damage(path, *statements):
    """Edit the database as another tool would: no foreign keys, no tracker rules."""
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


def problems(path) -> list[str]:
    conn = connect(path)
    try:
        return [str(problem) for problem in check_database(conn, "tracker.db")]
    finally:
        conn.close()


def test_the_curated_database_passes_and_is_not_written(copy_of_curated):
    before = copy_of_curated.read_bytes()
    assert problems(copy_of_curated) == []
    assert copy_of_curated.read_bytes() == before


@pytest.mark.parametrize(
    "statements, expected",
    [
        (["UPDATE transfers SET count = 10 WHERE event_id = 'by-2025-09-11'"],
         "tracker.db: events[by-2025-09-11].transfers[0].nationalities: the breakdown adds "
         "up to at least 14, more than count (10)"),
        (["UPDATE transfers SET foreign_nationals = 12 WHERE event_id = 've-2023-12-20'"],
         "tracker.db: events[ve-2023-12-20].transfers[0].foreign: 12 does not match the "
         "breakdown, which accounts for all 10 freed and has 10 foreign nationals; "
         "accepted: 10"),
        (["UPDATE transfer_nationalities SET count = -1 WHERE event_id = 'by-2025-09-11' "
          "AND country = 'LT'"],
         ".count: -1: a count is 0 or more"),
        (["DELETE FROM event_sources WHERE event_id = 'by-2025-04-30'"],
         "tracker.db: events[by-2025-04-30].sources: missing; this field is required"),
        (["UPDATE event_dates SET date = '2025-13-40' WHERE event_id = 'by-2025-09-11'"],
         "tracker.db: events[by-2025-09-11].dates[0].date: '2025-13-40' has month 13"),
        (["UPDATE events SET year = 2024 WHERE id = 'by-2025-09-11'"],
         "tracker.db: events[by-2025-09-11].year: 2024 does not follow from the event's "
         "facts; accepted: 2025"),
        (["UPDATE events SET freed = 60 WHERE id = 'by-2025-09-11'"],
         "tracker.db: events[by-2025-09-11].freed: 60 does not follow from the event's "
         "facts; accepted: 52"),
        (["UPDATE events SET status = 'announced' WHERE id = 'by-2025-09-11'"],
         "tracker.db: events[by-2025-09-11].status: 'announced' does not follow"),
        (["UPDATE events SET type = 'kidnapping' WHERE id = 'by-2025-09-11'"],
         "tracker.db: events[by-2025-09-11].type: 'kidnapping': Input should be"),
        (["UPDATE concessions SET source_ids = '[\"elsewhere\"]' WHERE event_id = 'by-2025-09-11'"],
         "tracker.db: events[by-2025-09-11].concessions[0].sources[0]: 'elsewhere' is not a "
         "source of this event"),
        (["UPDATE transfer_nationalities SET country = 'XX' WHERE event_id = 'by-2025-09-11' "
          "AND country = 'LT'"],
         ".country: 'XX' is not a countries.code"),
        ([f"DELETE FROM {table} WHERE event_id = 'ru-2025-04-10'" for table in (
            "transfer_nationalities", "transfer_people", "transfers", "event_dates",
            "event_actors", "concession_parties", "concessions", "statements", "claims",
            "prisoner_counts", "event_sources")]
         + ["DELETE FROM events WHERE id = 'ru-2025-04-10'"],
         "tracker.db: events[ru-2025-04-10]: is missing, but its history ends with 'created', "
         "not 'removed'; it was deleted outside `tracker remove`"),
        (["DELETE FROM event_revisions WHERE event_id = 'ru-2025-04-10'"],
         "tracker.db: events[ru-2025-04-10]: has no history"),
        (["DROP TRIGGER events_au",
          "UPDATE events SET title = 'Changed behind the index' WHERE id = 'ru-2025-04-10'"],
         "tracker.db: events_fts: the full-text index does not match events"),
        (["UPDATE release_nationalities SET count = 99 WHERE event_id = 'by-2025-09-11' "
          "AND country = 'LT'"],
         "tracker.db: release_nationalities: 2 row(s) differ from what events and their "
         "facts derive"),
    ],
    ids=["breakdown-above-count", "foreign-mismatch", "negative-count", "no-source",
         "impossible-date", "derived-date", "derived-total", "derived-status", "unknown-type",
         "uncited-source", "foreign-key", "silent-deletion", "no-history",
         "stale-full-text-index", "stale-serving-table"],
)
def test_each_kind_of_damage_is_named(copy_of_curated, statements, expected):
    damage(copy_of_curated, *statements)
    found = problems(copy_of_curated)
    assert any(expected in line for line in found), found


def test_the_command_lists_every_problem_and_exits_non_zero(copy_of_curated):
    damage(
        copy_of_curated,
        "UPDATE events SET date_step = 'decided' WHERE id = 'by-2025-09-11'",
        "UPDATE claims SET value = '7' WHERE event_id = 'ru-2024-08-01' AND chosen",
    )
    result = CliRunner().invoke(cli, ["--db", str(copy_of_curated), "check"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == f"Error: 2 problems found in {copy_of_curated}."
    assert f"{copy_of_curated}: events[by-2025-09-11].date_step: 'decided' does not follow " \
        "from the event's facts; accepted: 'released'" in lines
    assert any(line.startswith(f"{copy_of_curated}: events[ru-2024-08-01].claims[") and
               "7 is chosen, but the event's transfers give" in line for line in lines), lines


def test_a_shared_record_no_event_cites_is_no_problem(copy_of_curated):
    damage(copy_of_curated, "INSERT INTO sources (id, title) VALUES ('unused', 'A report')")
    assert problems(copy_of_curated) == []


def test_the_command_passes_a_sound_database(copy_of_curated):
    result = CliRunner().invoke(cli, ["--db", str(copy_of_curated), "check"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{copy_of_curated}: no problems found"


def test_a_damaged_file_is_reported_not_a_traceback(copy_of_curated):
    data = bytearray(copy_of_curated.read_bytes())
    page = 4096
    data[page * 3 : page * 5] = bytes(range(256)) * (2 * page // 256)
    copy_of_curated.write_bytes(bytes(data))
    result = CliRunner().invoke(cli, ["--db", str(copy_of_curated), "check"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.strip().splitlines() == [
        f"{copy_of_curated}: SQLite integrity check failed: database disk image is malformed",
        f"Error: 1 problem found in {copy_of_curated}.",
    ]


def test_a_file_that_is_no_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database\n" * 200)
    result = CliRunner().invoke(cli, ["--db", str(path), "check"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {path} is not a tracker database: it is not an SQLite file (it begins "
        "'these are notes, not')"
    )


def test_a_missing_database_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.db"), "check"])
    assert result.exit_code == 1
    assert "no such database; run `tracker build` first" in result.output
    assert not (tmp_path / "none.db").exists()
