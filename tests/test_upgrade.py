"""`tracker upgrade`: format-1 files and databases become format 2 with nothing lost.

The fixtures in tests/format1/ were made by format-1 code (see its README) and are never
regenerated: the upgrade must keep working on what that code wrote.
"""

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from tracker.cli import cli
from tracker.files.validate import read_documents, read_events
from tracker.store.build import build_database, event_files
from tracker.store.db import APPLICATION_ID, connect_readonly
from tracker.store.nested import iter_event_documents

FORMAT_1 = Path(__file__).parent / "format1"


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


@pytest.fixture
def old_files(tmp_path) -> Path:
    """A copy of the format-1 files, to upgrade."""
    target = tmp_path / "old"
    shutil.copytree(FORMAT_1, target, ignore=shutil.ignore_patterns("*.db", "README.md"))
    return target


def documents(db: Path) -> list[dict]:
    conn = connect_readonly(db)
    try:
        return list(iter_event_documents(conn))
    finally:
        conn.close()


def without_spellings(value):
    """A document without the spellings of its records: format-1 ingest added to a record
    every spelling an event gave (a state's code too), which a file does not repeat."""
    if isinstance(value, dict):
        return {key: without_spellings(item) for key, item in value.items() if key != "aliases"}
    if isinstance(value, list):
        return [without_spellings(item) for item in value]
    return value


# ---------------------------------------------------------------- files


def test_every_curated_file_of_format_1_upgrades_into_a_valid_dataset(old_files, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(old_files / "events", data / "events")
    result = run("upgrade", data)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        f"13 file(s) upgraded to format 2 (13 events), 0 already in format 2; shared "
        f"records gathered in {data / 'sources.yml'}, {data / 'actors.yml'}")
    for path in sorted((data / "events").glob("*.yml")):
        old = (old_files / "events" / path.name).read_text(encoding="utf-8")
        new = path.read_text(encoding="utf-8")
        assert new.splitlines()[0] == old.splitlines()[0]  # the file's own comment is kept
        assert "\nformat: 2\n" in new
    report = build_database(data, tmp_path / "tracker.db")
    assert len(report.created) == 13
    again = run("upgrade", data)
    assert again.output.strip() == "0 file(s) upgraded to format 2 (0 events), 15 already in format 2"


def test_a_comment_follows_its_value_to_the_field_it_became(old_files):
    path = old_files / "commented.yml"
    assert run("upgrade", path).exit_code == 0
    text = path.read_text(encoding="utf-8")
    for line in (r"  - from: Belarus +# a code \(BY, BLR\), a name or a demonym",
                 r"    count: 52 +# leave out or null when unknown, never 0",
                 r"    date: 2025-09-11 +# YYYY-MM-DD, YYYY-MM or YYYY",
                 r"      - \{country: Briton, count: 1, sources: \[founding-article\]\}",
                 r"  - kind: sanctions_relief +# or an inline \{name:, kind:\}"):
        assert re.search(f"\n{line}\n", text), line
    [event] = read_events([path])
    transfer = event.event.transfers[0]
    assert (transfer.from_, transfer.to, transfer.how.value, transfer.status.value) == (
        "BY", "LT", "handed_over", "carried_out")
    assert [count.count.canonical() for count in event.event.prisoner_counts] == [
        "about 1300", "about 1000"]


def test_ndjson_json_and_the_csv_template_upgrade_too(old_files, tmp_path):
    lines = (old_files / "generated.ndjson").read_text().splitlines()
    as_json = old_files / "generated.json"
    as_json.write_text(json.dumps([json.loads(line) for line in lines[:3]], indent=2))
    result = run("upgrade", old_files / "generated.ndjson", as_json, old_files / "template.csv")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 file(s) upgraded to format 2 (35 events)")
    upgraded = read_events([old_files / "generated.ndjson", old_files / "template.csv"])
    assert len(upgraded) == 32
    cuba, myanmar = [item.event for item in upgraded[-2:]]
    assert (cuba.transfers[0].count.canonical(), cuba.dates[0].date) == ("at least 553", "2025-01")
    assert (myanmar.transfers[0].status.value, myanmar.dates[0].step.value) == (
        "announced", "announced")
    assert myanmar.transfers[0].how.value == "unknown"  # "taken" to the state that held them
    assert [item.event.id for item in read_events([as_json])] == [
        json.loads(line)["id"] for line in lines[:3]]


def test_an_upgrade_that_would_not_validate_writes_nothing(old_files):
    path = old_files / "events" / "ru-2024-08-01.yml"
    before = path.read_text(encoding="utf-8")
    path.write_text(before.replace("    value: \"26\"", "    value: \"twenty-six\""), encoding="utf-8")
    changed = path.read_text(encoding="utf-8")
    result = run("upgrade", old_files / "events")
    assert result.exit_code == 1
    assert f"{path}:" in result.output and "'twenty-six' is not a count" in result.output
    assert "(after upgrading; fix it in the file, then upgrade again)" in result.output
    assert path.read_text(encoding="utf-8") == changed
    assert "format: 2" not in (old_files / "events" / "by-2025-09-11.yml").read_text()


def test_a_withheld_name_that_format_1_wrote_moves_to_the_local_names_file(old_files):
    """Format 1 let a file give a withheld person's real name (git then kept it); format 2
    never writes it there: the upgrade keeps it only in the git-ignored names file."""
    folder = old_files / "events"
    path = folder / "by-2025-09-11.yml"
    old = YAML().load(path.read_text(encoding="utf-8"))
    old["people"].append({"id": "viasna-1", "name": "Uladzimir Žarnasek", "withheld": True,
                          "note": "a journalist"})
    YAML().dump(old, path.open("w", encoding="utf-8"))
    names = folder / "withheld-names.local.yml"
    names.write_text("viasna-0: Alena Zhukava\n", encoding="utf-8")
    result = run("upgrade", folder)
    assert result.exit_code == 0, result.output
    assert (f"the real names of 1 withheld people moved to {names}, which git ignores: keep "
            "it out of the repository") in result.output
    assert "Žarnasek" not in path.read_text(encoding="utf-8")
    assert names.read_text(encoding="utf-8") == (
        'viasna-0: Alena Zhukava\nviasna-1: "Uladzimir Žarnasek"\n')
    [upgraded] = [item.event for item in read_events([path])]
    [person] = [p for p in upgraded.transfers[0].people if p.withheld]
    assert (person.id, person.name, person.note) == ("viasna-1", "Name withheld", "a journalist")
    # The names file is read as the names, never upgraded as an event file.
    assert run("upgrade", folder).exit_code == 0


def test_an_unreadable_file_is_refused_at_its_line(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("id: x\ntitle: [unclosed\n")
    result = run("upgrade", path)
    assert result.exit_code == 1
    assert f"{path}:3: invalid YAML" in result.output
    assert path.read_text() == "id: x\ntitle: [unclosed\n"


# ---------------------------------------------------------------- databases


@pytest.fixture(params=["tracker.db", "tracker-marked.db"])
def old_database(request, tmp_path) -> Path:
    """A database that format-1 code built: before databases were marked, and after."""
    target = tmp_path / "tracker.db"
    shutil.copy(FORMAT_1 / request.param, target)
    return target


def test_a_format_1_database_is_named_as_such_by_every_command(old_database):
    before = old_database.read_bytes()
    for command in (["stats"], ["export", "events"], ["check"], ["history", "by-2025-09-11"]):
        result = run("--db", old_database, *command)
        assert result.exit_code == 1, command
        assert (f"{old_database} was built by a tracker of format 1; run `tracker upgrade --db "
                f"{old_database}` to upgrade it in place") in result.output, command
    assert old_database.read_bytes() == before


def test_a_format_1_database_is_upgraded_in_place_with_a_backup(old_database):
    old = sqlite3.connect(old_database)
    dump_before = list(old.iterdump())
    runs = old.execute("SELECT * FROM ingest_runs ORDER BY id").fetchall()
    revisions = old.execute("SELECT id, event_id, action, changed_at, ingest_run_id, file, "
                            "file_sha256 FROM event_revisions ORDER BY id").fetchall()
    old.close()
    result = run("upgrade", "--db", old_database)
    assert result.exit_code == 0, result.output
    backup = old_database.with_name("tracker.db.format-1.bak")
    assert result.output.strip() == (
        f"Upgraded {old_database} to format 2: 44 events, 47 revisions and 5 runs kept; the "
        f"format-1 database is kept as {backup}")
    backup_copy = sqlite3.connect(backup)
    assert list(backup_copy.iterdump()) == dump_before
    backup_copy.close()
    assert run("--db", old_database, "check").output.strip() == f"{old_database}: no problems found"
    conn = sqlite3.connect(old_database)
    assert conn.execute("SELECT * FROM ingest_runs ORDER BY id").fetchall() == runs
    assert conn.execute("SELECT id, event_id, action, changed_at, ingest_run_id, file, "
                        "file_sha256 FROM event_revisions ORDER BY id").fetchall() == revisions
    assert conn.execute("PRAGMA user_version").fetchone() == (2,)
    assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    conn.close()
    history = run("--db", old_database, "history", "by-2025-09-11").output.splitlines()
    assert history[-1] == "  transfers[0].count: 52 → 53"  # the one change, nothing spurious
    again = run("upgrade", "--db", old_database)
    assert again.exit_code == 1 and "is not a database of format 1; nothing to upgrade" in again.output


def test_the_database_and_its_files_upgraded_say_the_same(old_database, old_files, tmp_path):
    """Nothing is lost either way: the database that format-1 code built, upgraded, holds
    what the same files give once upgraded and ingested by this code."""
    assert run("upgrade", "--db", old_database).exit_code == 0
    data = tmp_path / "data"
    shutil.copytree(old_files / "events", data / "events")
    assert run("upgrade", data, old_files / "template.csv", old_files / "edited").exit_code == 0
    # A curator settles what format 1 let contradict itself: the generated events give
    # an envoy the curated data says is of the Holy See another country (format 1 kept
    # the first it read; format 2 refuses to choose).
    generated = old_files / "generated.ndjson"
    lines = [json.loads(line) for line in generated.read_text().splitlines()]
    for event in lines:
        for actor in event.get("actors", []):
            if actor["name"] == "Claudio Gugerotti":
                actor["country"] = "VA"
    generated.write_text("".join(json.dumps(event) + "\n" for event in lines))
    result = run("upgrade", generated)
    assert result.exit_code == 0, result.output
    db = tmp_path / "again.db"
    build_database(data, db)
    for step in (["ingest", old_files / "generated.ndjson"], ["ingest", old_files / "template.csv"],
                 ["ingest", "--update", old_files / "edited" / "by-2025-09-11.yml"],
                 ["remove", "ru-2011-04-16-g0"]):
        result = run("--db", db, *step)
        assert result.exit_code == 0, result.output
    upgraded, ingested = documents(old_database), documents(db)
    assert [document["id"] for document in upgraded] == [document["id"] for document in ingested]
    assert without_spellings(upgraded) == without_spellings(ingested)
    # Format-1 ingest gave records every spelling any event used; none is lost. (It also
    # deleted the records no event cited any more, as those of the removed event.)
    old, new = sqlite3.connect(old_database), sqlite3.connect(db)
    for table in ("people", "actors"):
        kept = dict(old.execute(f"SELECT id, aliases FROM {table}"))
        for record_id, aliases in new.execute(f"SELECT id, aliases FROM {table}"):
            if record_id in kept:
                assert set(json.loads(aliases)) <= set(json.loads(kept[record_id])), record_id
    old.close(), new.close()


def test_the_curated_data_is_format_1_upgraded(tmp_path):
    """data/ holds what `tracker upgrade` made of the format-1 files (curation edits them
    from there): every event, every shared record."""
    events = {YAML(typ="safe").load(path.read_text())["id"]
              for path in event_files(FORMAT_1 / "events")}
    curated = read_documents(event_files(Path(__file__).parent.parent / "data"))
    assert events <= {item.event.id for item in curated if hasattr(item, "event")}
    registries = [item.registry for item in curated if hasattr(item, "registry")]
    assert {"founding-article"} <= {source.id for registry in registries for source in registry.sources}
    assert YAML(typ="safe").load((Path(__file__).parent.parent / "data" / "actors.yml").read_text())["format"] == 2
