"""Lossless round trip: export every event, ingest the export into an empty database,
export again: the same bytes, and the same rows in every public table."""

import copy
import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.schema.catalog import public_tables
from tracker.store.db import connect, connect_readonly
from tracker.files.export import EVENT_FORMATS, export_events
from tracker.store.ingest import save_events
from tracker.files.validate import read_documents

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
        save_events(conn, read_documents(files))
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
    """Ingest batch after batch: every generated event is valid, and its declarations
    agree with those of the others, so the tracker takes every batch."""
    for number, batch in enumerate(generated):
        ingest(db, write_batch(folder, number, batch))


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
        awkward = copy.deepcopy(event)
        awkward.update(id=f"xx-{index:03d}", title=line, summary=text, notes=text)
        transfer = awkward["transfers"][0]
        transfer["note"] = text
        # An alias of its own: people whose aliases fold alike ("+1", "-1") are taken for one.
        transfer["people"] = [{"name": f"Person {index} {line}", "aliases": [f"{line} {index}"],
                               "note": text}]
        awkward["dates"][0]["note"] = text
        awkward["concessions"] = [dict(event["concessions"][0], description=text, dispute=text)]
        awkward["statements"] = [{"by": "US", "gist": text, "platform": line, "stance": "neutral"}]
        awkward["claims"] = [{"about": "other", "value": line, "reason": text}]
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


def test_null_and_zero_partial_dates_and_uncertain_counts_keep_their_meaning(tmp_path, event):
    event["dates"] = [{"step": "decided", "date": "2025-06"}]
    transfer = event["transfers"][0]
    transfer.update(count="at least 0", political={"low": 0, "best": 3, "high": 9})
    del transfer["foreign"]
    transfer["nationalities"] = [{"country": "LT", "count": None}, {"country": "PL", "count": 0}]
    swap = {"from": "LT", "to": "BY", "how": "handed_over", "status": "announced",
            "count": "20–30", "political": 2}
    event["transfers"].append(swap)
    event["prisoner_counts"] = [{"country": "BY", "as_of": "2025", "count": "about 6,000"}]
    db = tmp_path / "tracker.db"
    ingest(db, write_batch(tmp_path, 0, [event]))
    assert_round_trip(db, tmp_path, "ndjson")
    [line] = (tmp_path / "first.ndjson").read_text(encoding="utf-8").splitlines()
    document = json.loads(line)
    first, second = document["transfers"]
    assert (first["count"], first["political"], "foreign" in first) == (
        "at least 0", {"low": 0, "best": 3, "high": 9}, False)
    assert (second["count"], second["political"], second["status"]) == ("20-30", 2, "announced")
    assert [(n["country"], n.get("count")) for n in first["nationalities"]] == [
        ("LT", None), ("PL", 0)]
    assert document["prisoner_counts"][0]["count"] == "about 6000"
    conn = sqlite3.connect(tmp_path / "again.db")
    assert conn.execute("SELECT date_step, date_precision, date_start, date_end, freed, "
                        "freed_qualifier, announced_low, announced_high, announced_qualifier "
                        "FROM events").fetchone() == (
        "decided", "month", "2025-06-01", "2025-06-30", 0, "at_least", 20, 30, "range")
    conn.close()
