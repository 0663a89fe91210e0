"""No silent overwrite (issue 13, item 1), through the real command on the curated
database: a draft of an event that exists (what `tracker extract` proposes for the
founding article) is refused field by field and writes nothing; `--dry-run` shows every
change and what the update would drop; an unchanged file and a rebuild stay simple."""

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from tracker.cli import cli

from conftest import DATA

FOUNDING = DATA / "events" / "by-2025-09-11.yml"
CURATED = YAML(typ="safe").load(FOUNDING.read_text(encoding="utf-8"))
# What the draft leaves out of the curated event, as the curated file has it.
PEOPLE = [person["name"] for transfer in CURATED["transfers"] for person in transfer.get("people", [])]
DROPPED_ACTORS = len(CURATED["actors"]) - 1
STATEMENTS, CLAIMS = len(CURATED["statements"]), len(CURATED["claims"])


def tracker(database, *arguments):
    return CliRunner().invoke(cli, ["--db", str(database), *map(str, arguments)])


@pytest.fixture
def draft(tmp_path):
    """The founding event as a draft has it: another title, no summary, track or notes,
    no named people, one actor of five, no statements or claims."""
    event = YAML(typ="safe").load(FOUNDING.read_text(encoding="utf-8"))
    for name in ("summary", "track", "notes", "statements", "claims"):
        del event[name]
    event["title"] = "Belarus frees 52 prisoners"
    # One transfer, as a draft has, with no people; no dispute (it points at a statement).
    event["transfers"] = event["transfers"][:1]
    del event["transfers"][0]["people"]
    for concession in event.get("concessions", []):
        concession.pop("disputed_by", None)
    event["actors"] = [actor for actor in event["actors"] if actor == "united-states"
                       or isinstance(actor, dict) and actor.get("name") == "United States"]
    assert len(event["actors"]) == 1
    path = tmp_path / "draft.yml"
    with path.open("w", encoding="utf-8") as handle:
        YAML().dump(event, handle)
    return path


def test_a_draft_of_a_stored_event_writes_nothing_and_says_field_by_field_what_would_change(
        database, draft):
    before = database.read_bytes()
    result = tracker(database, "ingest", draft)
    assert result.exit_code == 1
    assert database.read_bytes() == before
    *problems, summary = result.output.strip().splitlines()
    assert summary == f"Error: {len(problems)} problems found; nothing was written."
    assert all(line.startswith(f"{draft}:1: ") and line.endswith(
        "; accepted: the event as stored, or --update to change it") for line in problems)
    fields = [line.split(": ", 2)[1] for line in problems]
    assert fields[:5] == ["title", "summary", "track", "notes", "transfers[0].people"]
    assert {"statements", "claims"} <= set(fields)
    assert sum(field.startswith("actors[") for field in fields) == DROPPED_ACTORS
    assert problems[0].endswith(
        ': title: would change ("Belarus frees 52 political prisoners, 14 of them foreigners, '
        'after a US delegation visit" → "Belarus frees 52 prisoners"); accepted: the event as '
        "stored, or --update to change it")
    (drops,) = [line for line in problems if "an update would drop" in line]
    assert f"would drop {len(PEOPLE)} people: " in drops and all(name in drops for name in PEOPLE)
    assert f"; {DROPPED_ACTORS} actors: " in drops and "John Coale (delegation head)" in drops
    assert f"; {STATEMENTS} statements; {CLAIMS} claims;" in drops


def test_a_dry_run_shows_every_change_and_what_the_update_drops(database, draft):
    refused = tracker(database, "ingest", draft).output.strip().splitlines()[:-1]
    before = database.read_bytes()
    result = tracker(database, "ingest", "--dry-run", draft)
    assert result.exit_code == 0, result.output
    assert database.read_bytes() == before
    lines = result.output.splitlines()
    assert lines[0] == "would update event by-2025-09-11:"
    assert lines[-1] == "Dry run: 0 created, 1 updated, 0 unchanged; nothing was written."
    shown = [line.removeprefix("  ") for line in lines[1:-2]]
    would = [line.removeprefix(f"{draft}:1: ").replace(": would change (", ": ", 1)
             .removesuffix("); accepted: the event as stored, or --update to change it")
             for line in refused if "an update would drop" not in line]
    assert shown == would
    assert lines[-2].startswith(f"  drops {len(PEOPLE)} people: ")
    assert all(name in lines[-2] for name in PEOPLE)


def test_the_update_happens_only_when_asked_and_the_history_keeps_what_it_dropped(database, draft):
    result = tracker(database, "ingest", "--update", draft)
    assert result.output.strip() == "0 created, 1 updated, 0 unchanged"
    history = tracker(database, "history", "by-2025-09-11").output
    assert "updated" in history and "Mikalai Statkevich" in history


def test_an_unchanged_file_and_a_rebuild_stay_simple(database, tmp_path):
    before = database.read_bytes()
    again = tracker(database, "ingest", FOUNDING)
    assert again.exit_code == 0, again.output
    assert again.output == "0 created, 0 updated, 1 unchanged; nothing to write\n"
    assert database.read_bytes() == before
    events = len(list((DATA / "events").glob("*.yml")))
    rebuilt = tracker(database, "build", DATA)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert rebuilt.output == f"Built {database}: {events} events from {DATA}\n"
    fresh = tmp_path / "fresh.db"
    assert tracker(fresh, "build", DATA).output == f"Built {fresh}: {events} events from {DATA}\n"
