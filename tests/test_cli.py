"""The `tracker` command, run through click on real files."""

import json
import re

import pytest
from click.testing import CliRunner

from tracker.store.build import event_files
from tracker.cli import cli
from tracker.files.validate import read_events

from conftest import DATA, another, main_transfer


@pytest.fixture
def run(db_path):
    def invoke(*args, env=None):
        runner = CliRunner()
        return runner.invoke(cli, ["--db", str(db_path), *map(str, args)], env=env)
    return invoke


def test_validate_reports_success_and_writes_nothing(run, db_path, write_yaml, event):
    result = run("validate", write_yaml(event))
    assert result.exit_code == 0, result.output
    assert "1 event valid in 1 file(s)" in result.output
    assert not db_path.exists()


def test_validate_lists_every_problem_and_exits_non_zero(run, write_yaml, event):
    event.update(sumary="Freed")
    main_transfer(event)["from"] = "Atlantis"
    result = run("validate", write_yaml(event))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any("transfers[0].from: 'Atlantis' is not a known country" in line for line in lines)
    assert any("sumary: unknown field; did you mean 'summary'?" in line for line in lines)
    assert lines[-1] == "Error: 2 problems found; nothing was written."
    assert "Traceback" not in result.output


def test_validate_checks_against_the_database_and_writes_nothing(run, db_path, write_yaml, event):
    run("ingest", write_yaml(event))
    before = db_path.read_bytes()
    later = another(event, "by-2025-12-13", sources=["article"])
    main_transfer(later)["people"] = [{"id": "syarhei-tsikhanouski"}]
    result = run("validate", write_yaml(later, "later.yml"))
    assert result.exit_code == 0, result.output
    main_transfer(later)["people"] = [{"id": "nobody-known"}]
    result = run("validate", write_yaml(later, "later.yml"))
    assert result.exit_code == 1
    assert "transfers[0].people[0].id: no person 'nobody-known' is known" in result.output
    assert db_path.read_bytes() == before


def test_ingest_says_what_it_did_and_is_idempotent(run, write_yaml, event):
    path = write_yaml(event)
    first = run("ingest", path)
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "1 created, 0 updated, 0 unchanged"
    second = run("ingest", path)
    assert second.output.strip() == "0 created, 0 updated, 1 unchanged; nothing to write"
    main_transfer(event)["count"] = 53
    third = run("ingest", write_yaml(event))
    assert third.exit_code == 1
    assert "transfers[0].count: would change (52 → 53); accepted: the event as stored, or " \
           "--update to change it" in third.output
    fourth = run("ingest", "--update", write_yaml(event))
    assert fourth.output.strip() == "0 created, 1 updated, 0 unchanged"


def test_ingest_of_bad_input_writes_nothing(run, db_path, write_yaml, event):
    run("ingest", write_yaml(event))
    before = db_path.read_bytes()
    bad = dict(event, dates=[{"step": "released", "date": "2025-13-40"}])
    result = run("ingest", write_yaml(bad, "bad.yml"))
    assert result.exit_code == 1
    assert "dates[0].date: '2025-13-40' has month 13" in result.output
    assert db_path.read_bytes() == before


def test_ingest_reads_ndjson(run, tmp_path, event):
    path = tmp_path / "events.ndjson"
    path.write_text("\n".join(json.dumps(another(event, f"by-2025-09-{day}")) for day in (11, 12)))
    result = run("ingest", path)
    assert result.output.strip() == "2 created, 0 updated, 0 unchanged"


def test_the_database_comes_from_the_environment(tmp_path, write_yaml, event):
    target = tmp_path / "from-env.db"
    result = CliRunner().invoke(cli, ["ingest", str(write_yaml(event))], env={"TRACKER_DB": str(target)})
    assert result.exit_code == 0, result.output
    assert result.output == "1 created, 0 updated, 0 unchanged\n"
    assert target.exists()


def test_build_and_stats_count_as_every_page_does(run):
    from tracker.schema.counts import sum_counts
    from tracker.schema.rules import freed

    built = run("build", DATA)
    assert built.exit_code == 0, built.output
    assert built.output.startswith("Built ")
    result = run("stats")
    assert result.exit_code == 0, result.output
    curated = [item.event for item in read_events(event_files(DATA))]
    counted = [(event, transfer) for event in curated if event.part_of is None
               for transfer in event.transfers if freed(transfer.status.value)]
    political = [transfer.count if transfer.political == "all" else transfer.political
                 for _, transfer in counted]
    by_belarus = [transfer for _, transfer in counted if transfer.from_ == "BY"]
    assert f"Events:                      {len(curated)} (" in result.output
    assert (f"People freed:                {sum_counts(t.count for _, t in counted).text()}\n"
            in result.output)
    assert (f"Political prisoners freed:   {sum_counts(political).text()}\n" in result.output)
    assert re.search(
        rf"^  BY  Belarus +{len({id(e) for e, t in counted if t.from_ == 'BY'})} +"
        rf"{re.escape(sum_counts(t.count for t in by_belarus).text())}$",
        result.output, re.M,
    )


def test_stats_without_a_database_is_a_clear_error(run):
    result = run("stats")
    assert result.exit_code == 1
    assert "no such database; run `tracker build` first" in result.output


def test_build_of_a_bad_folder_exits_non_zero(run, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "x.yml").write_text("format: 2\nid: x\n")
    result = run("build", folder)
    assert result.exit_code == 1
    assert "x.yml" in result.output and "title: missing" in result.output
