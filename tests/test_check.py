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
        (["UPDATE events SET total_released = 10 WHERE id = 'by-2025-09-11'"],
         "tracker.db: events[by-2025-09-11].nationalities: the breakdown adds up to 14, "
         "more than total_released (10)"),
        (["UPDATE events SET foreign_nationals = 12 WHERE id = 've-2023-12-20'"],
         "tracker.db: events[ve-2023-12-20].foreign_nationals: 12 does not match the "
         "breakdown, which accounts for all 30 freed and has 10 foreign nationals; "
         "accepted: 10"),
        (["UPDATE event_nationalities SET count = -1 WHERE event_id = 'by-2025-09-11' "
          "AND country = 'LT'"],
         ".count: -1: Input should be greater than or equal to 0; accepted: 0 or more"),
        (["DELETE FROM event_sources WHERE event_id = 'by-2025-04-30'"],
         "tracker.db: events[by-2025-04-30].sources: List should have at least 1 item"),
        (["UPDATE events SET date = '2025-13-40' WHERE id = 'by-2025-09-11'"],
         "tracker.db: events[by-2025-09-11].date: '2025-13-40' has month 13"),
        (["UPDATE events SET year = 2024 WHERE id = 'by-2025-09-11'"],
         "tracker.db: events[by-2025-09-11].year: 2024 does not follow from date "
         "'2025-09-11'; accepted: 2025"),
        (["UPDATE events SET type = 'kidnapping' WHERE id = 'by-2025-09-11'"],
         "tracker.db: events[by-2025-09-11].type: 'kidnapping': Input should be"),
        (["INSERT INTO people (id, name, aliases, nationalities, withheld) "
          "VALUES ('nobody', 'Nobody', '[]', '[]', 0)"],
         "tracker.db: people[nobody]: no event refers to it"),
        (["UPDATE event_nationalities SET country = 'XX' WHERE event_id = 'by-2025-09-11' "
          "AND country = 'LT'"],
         ".country: 'XX' is not a countries.code"),
        ([f"DELETE FROM {table} WHERE event_id = 'ru-2025-04-10'" for table in (
            "event_nationalities", "event_people", "event_actors", "concessions", "statements",
            "claims", "prisoner_counts", "event_sources")]
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
    ids=["breakdown-above-total", "foreign-mismatch", "negative-count", "no-source",
         "impossible-date", "derived-date", "unknown-type", "orphan-person", "foreign-key",
         "silent-deletion", "no-history", "stale-full-text-index", "stale-serving-table"],
)
def test_each_kind_of_damage_is_named(copy_of_curated, statements, expected):
    damage(copy_of_curated, *statements)
    found = problems(copy_of_curated)
    assert any(expected in line for line in found), found


def test_the_command_lists_every_problem_and_exits_non_zero(copy_of_curated):
    damage(
        copy_of_curated,
        "UPDATE events SET year = 2024 WHERE id = 'by-2025-09-11'",
        "INSERT INTO sources (id) VALUES ('unused-source')",
    )
    result = CliRunner().invoke(cli, ["--db", str(copy_of_curated), "check"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == f"Error: 2 problems found in {copy_of_curated}."
    assert f"{copy_of_curated}: events[by-2025-09-11].year: 2024 does not follow from date " \
        "'2025-09-11'; accepted: 2025" in lines
    assert f"{copy_of_curated}: sources[unused-source]: no event refers to it; accepted: only " \
        "what some event refers to" in lines


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
