"""Lossless round trip: export every event, ingest the export into an empty database,
export again: the same bytes, and the same rows in every public table."""

import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from tracker.schema.catalog import public_tables
from tracker.store.db import connect, connect_readonly
from tracker.errors import InvalidInput
from tracker.files.export import EVENT_FORMATS, export_events
from tracker.store.ingest import save_events
from tracker.files.validate import read_events

from awkward_events import AWKWARD_LINES, AWKWARD_TEXT, batches
from conftest import DATA


def table_contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of every public table, by primary key."""
    conn = connect_readonly(path)
    try:
        return {
            table.name: conn.execute(
                f"SELECT * FROM {table.name} ORDER BY {', '.join(table.primary_key)}"
            ).fetchall()
            for table in public_tables()
        }
    finally:
        conn.close()


def export(db: Path, target: Path, fmt: str) -> bytes:
    conn = connect_readonly(db)
    try:
        export_events(conn, target, fmt)
    finally:
        conn.close()
    return target.read_bytes()


def ingest(db: Path, *files: Path) -> None:
    conn = connect(db)
    try:
        save_events(conn, read_events(files))
    finally:
        conn.close()


def assert_round_trip(db: Path, folder: Path, fmt: str) -> bytes:
    first = export(db, folder / f"first.{fmt}", fmt)
    again = folder / "again.db"
    ingest(again, folder / f"first.{fmt}")
    second = export(again, folder / f"second.{fmt}", fmt)
    assert second.decode("utf-8").split("\n") == first.decode("utf-8").split("\n")
    assert second == first
    assert table_contents(again) == table_contents(db)
    return first


@pytest.mark.parametrize("fmt", EVENT_FORMATS)
def test_the_curated_dataset_survives_a_round_trip(curated_db, tmp_path, fmt):
    exported = assert_round_trip(curated_db, tmp_path, fmt)
    assert exported.count(b"by-2025-09-11") >= 1
    contents = table_contents(curated_db)
    assert len(contents["events"]) == len(list((DATA / "events").glob("*.yml")))
    assert contents["concessions"] and contents["prisoner_counts"] and contents["claims"]


def write_batch(folder: Path, number: int, events: list[dict]) -> Path:
    path = folder / f"batch-{number}.json"
    path.write_text(json.dumps(events, ensure_ascii=False), encoding="utf-8")
    return path


def ingest_generated(db: Path, folder: Path, generated: list[list[dict]]) -> None:
    """Ingest batch after batch; a batch the tracker refuses is no case to test."""
    for number, batch in enumerate(generated):
        try:
            ingest(db, write_batch(folder, number, batch))
        except InvalidInput as error:
            assert all("is the same" in problem.message for problem in error.problems), error
            reject()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(batches(), st.sampled_from(EVENT_FORMATS))
def test_generated_events_with_awkward_values_survive_a_round_trip(generated, fmt):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        db = folder / "tracker.db"
        ingest_generated(db, folder, generated)
        assert_round_trip(db, folder, fmt)


@pytest.mark.parametrize("fmt", EVENT_FORMATS)
def test_every_awkward_text_survives_a_round_trip_in_every_field(tmp_path, event, fmt):
    """Each awkward line in every field; each awkward text of prose in every field of prose."""
    events = []
    for index, text in enumerate(AWKWARD_TEXT):
        line = text if text in AWKWARD_LINES else f"line {index}"
        awkward = dict(event, id=f"xx-{index:03d}", title=line, summary=text, notes=text)
        awkward["people"] = [{"name": f"Person {index} {line}", "aliases": [line], "note": text}]
        awkward["concessions"] = [dict(event["concessions"][0], description=text, dispute=text)]
        awkward["statements"] = [{"by": "US", "gist": text, "platform": line, "stance": "neutral"}]
        awkward["claims"] = [{"field": "other", "value": line, "source": "article", "note": text}]
        awkward["sources"] = [{"id": "article", "title": "Belarus frees 52", "note": "a, \"b\"\n",
                               "published": "2025-09-11"}]
        events.append(awkward)
    db = tmp_path / "tracker.db"
    ingest(db, write_batch(tmp_path, 0, events))
    assert_round_trip(db, tmp_path, fmt)
    conn = sqlite3.connect(tmp_path / "again.db")
    summaries = [summary for (summary,) in conn.execute("SELECT summary FROM events ORDER BY id")]
    titles = [title for (title,) in conn.execute("SELECT title FROM events ORDER BY id")]
    conn.close()
    assert summaries == AWKWARD_TEXT
    assert set(AWKWARD_LINES) <= set(titles)


def test_null_and_zero_partial_dates_and_lower_bounds_keep_their_meaning(tmp_path, event):
    event.update(date="2025-06", total_released=0, foreign_nationals=None,
                 total_released_lower_bound=True)
    event["nationalities"] = [{"country": "LT", "count": None}, {"country": "PL", "count": 0}]
    db = tmp_path / "tracker.db"
    ingest(db, write_batch(tmp_path, 0, [event]))
    assert_round_trip(db, tmp_path, "ndjson")
    [line] = (tmp_path / "first.ndjson").read_text(encoding="utf-8").splitlines()
    document = json.loads(line)
    assert (document["date"], document["total_released"], document["foreign_nationals"]) == (
        "2025-06", 0, None)
    assert document["total_released_lower_bound"] is True
    assert [(n["country"], n["count"]) for n in document["nationalities"]] == [
        ("LT", None), ("PL", 0)]
    conn = sqlite3.connect(tmp_path / "again.db")
    assert conn.execute("SELECT date_precision, date_start, date_end FROM events").fetchone() == (
        "month", "2025-06-01", "2025-06-30")
    conn.close()
