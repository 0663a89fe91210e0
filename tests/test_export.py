"""`tracker export events | table | sql`: complete, ordered, typed, and nothing half-written."""

import csv
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from tracker.schema.catalog import public_tables
from tracker.cli import cli
from tracker.store.db import connect
from tracker.schema.eventfile import parse_event
from tracker.store.ingest import save_events
from tracker.files.validate import read_documents

from conftest import another, main_transfer
from test_datapackage import errors_of


@pytest.fixture
def export(curated_db):
    """Run `tracker export …` on a database (the curated one unless told)."""
    def invoke(*args, db=curated_db):
        return CliRunner().invoke(cli, ["--db", str(db), "export", *map(str, args)])
    return invoke


@pytest.fixture
def dated_db(tmp_path, write_yaml, event):
    """Four events: a day and a month in June 2025, a whole year, and a day in 2024."""
    events = [
        another(event, "by-2025-06-21", type="release"),
        another(event, "by-2025-06", type="pardon"),
        another(event, "ru-2025", type="exchange"),
        another(event, "by-2024-12-09", type="pardon"),
    ]
    del main_transfer(events[1])["to"]
    main_transfer(events[2])["from"] = "RU"
    # The exchange's other side: Lithuania freed someone for Russia.
    events[2]["transfers"].append({"from": "LT", "to": "RU", "how": "handed_over",
                                   "status": "carried_out"})
    path = tmp_path / "dated.db"
    conn = connect(path)
    save_events(conn, read_documents([write_yaml(events, "dated.yml")]))
    conn.close()
    return path


def text(result) -> str:
    """What was written, byte for byte (click's `output` turns CRLF into LF)."""
    return result.stdout_bytes.decode("utf-8")


def ids_of(output: str) -> list[str]:
    return [json.loads(line)["id"] for line in output.splitlines()]


# ---------------------------------------------------------------- events


def test_events_are_a_json_array_of_valid_event_files_ordered_by_id(export, curated):
    result = export("events")
    assert result.exit_code == 0, result.output
    documents = json.loads(result.output)
    ids = [row["id"] for row in curated.execute("SELECT id FROM events ORDER BY id")]
    assert [document["id"] for document in documents] == ids
    for document in documents:
        assert parse_event(document)[1] == []
    assert result.output == json.dumps(documents, indent=2, ensure_ascii=False) + "\n"


def test_a_nested_event_carries_everything_known_about_it(export):
    [event] = [e for e in json.loads(export("events").output) if e["id"] == "by-2025-09-11"]
    transfer, *others = event["transfers"]
    assert (transfer["from"], transfer["to"], transfer["count"], transfer["political"]) == (
        "BY", "LT", 52, "all")
    assert {n["country"] for n in transfer["nationalities"]} >= {"GB", "FR", "LT", "DE", "PL", "LV"}
    assert {"ihar-losik"} <= {person["id"] for person in transfer["people"]}
    # Statkevich, who refused to leave and was taken back to prison: a reversed transfer.
    assert [(other["status"], other["count"], [person["id"] for person in other["people"]])
            for other in others] == [("reversed", 1, ["mikalai-statkevich"])]
    assert ("john-coale", "delegation_head") in {(a["id"], a["role"]) for a in event["actors"]}
    assert event["concessions"][0]["beneficiaries"][0]["name"] == "Belavia"
    assert {count["count"] for count in event["prisoner_counts"]} >= {1300, "about 1000"}
    assert {claim["about"] for claim in event["claims"]} >= {"prisoner_counts"}
    assert event["statements"] and event["dates"]
    # Whole on its own: every source declared, each fact citing its own.
    declared = {source["id"] for source in event["sources"] if isinstance(source, dict)}
    assert len(declared) == len(event["sources"])
    assert set(transfer["nationalities"][0]["sources"]) <= declared


def test_ndjson_and_yaml_hold_the_same_events_as_json(export):
    documents = json.loads(export("events").output)
    ndjson = export("events", "--format", "ndjson").output
    assert [json.loads(line) for line in ndjson.splitlines()] == documents
    yaml = YAML(typ="safe").load(export("events", "--format", "yaml").output)
    assert [json.loads(json.dumps(item, default=str)) for item in yaml] == documents


def test_yaml_export_leaves_the_process_other_yaml_as_it_was(export, tmp_path):
    from tracker.files.export import output_file, _writer

    with output_file(tmp_path / "nulls.yml") as out:
        writer = _writer("yaml", out, [])
        writer.write({"track": None})
        writer.close()
    assert (tmp_path / "nulls.yml").read_text() == "  - track: null\n"
    other = io.StringIO()
    YAML().dump({"unknown": None}, other)
    assert other.getvalue() == "unknown:\n"


def test_the_format_follows_the_extension_of_the_output_file(export, curated, tmp_path):
    target = tmp_path / "events.ndjson"
    result = export("events", "-o", target)
    assert result.exit_code == 0, result.output
    events = curated.execute("SELECT count(*) FROM events").fetchone()[0]
    assert f"{events} events written to {target}" in result.output
    assert all(json.loads(line)["id"] for line in target.read_text(encoding="utf-8").splitlines())


def test_events_can_be_chosen_by_date_range_state_and_type(export, dated_db):
    def selected(*options):
        result = export("events", "--format", "ndjson", *options, db=dated_db)
        assert result.exit_code == 0, result.output
        return ids_of(result.output)

    assert selected() == ["by-2024-12-09", "by-2025-06", "by-2025-06-21", "ru-2025"]
    assert selected("--from", "2025-06", "--to", "2025-06") == ["by-2025-06", "by-2025-06-21"]
    assert selected("--from", "2025-06-21", "--to", "2025-06-21") == ["by-2025-06-21"]
    assert selected("--from", "2025") == ["by-2025-06", "by-2025-06-21", "ru-2025"]
    assert selected("--to", "2024") == ["by-2024-12-09"]
    assert selected("--releasing-state", "Russians") == ["ru-2025"]
    assert selected("--releasing-state", "Lithuania") == ["ru-2025"]  # the swap's other side
    assert selected("--releasing-state", "Belarus", "--type", "pardon") == [
        "by-2024-12-09", "by-2025-06"]
    assert selected("--type", "release", "--type", "exchange") == ["by-2025-06-21", "ru-2025"]
    assert selected("--receiving-state", "LT", "--from", "2025") == ["by-2025-06-21", "ru-2025"]
    assert selected("--receiving-state", "RU") == ["ru-2025"]


def test_events_can_be_picked_by_id_given_or_listed_in_a_file(export, dated_db, tmp_path):
    def selected(*options):
        result = export("events", "--format", "ndjson", *options, db=dated_db)
        assert result.exit_code == 0, result.output
        return ids_of(result.output)

    listed = tmp_path / "ids.txt"
    listed.write_text("ru-2025\n\n  by-2024-12-09  \nru-2025\n", encoding="utf-8")
    assert selected("--id", "by-2025-06") == ["by-2025-06"]
    assert selected("--id", "ru-2025", "--id", "by-2025-06") == ["by-2025-06", "ru-2025"]
    assert selected("--ids-from", listed) == ["by-2024-12-09", "ru-2025"]
    assert selected("--ids-from", listed, "--id", "by-2025-06") == [
        "by-2024-12-09", "by-2025-06", "ru-2025"]
    # With other filters, an event must match them all.
    assert selected("--ids-from", listed, "--type", "pardon") == ["by-2024-12-09"]


def test_an_unknown_id_is_named_where_it_was_given_and_nothing_is_written(export, dated_db,
                                                                         tmp_path):
    listed = tmp_path / "ids.txt"
    listed.write_text("by-2025-06\nby-2099-01-01\n", encoding="utf-8")
    target = tmp_path / "events.json"
    result = export("events", "--id", "ru-2025", "--id", "xx-1999", "--ids-from", listed,
                    "-o", target, db=dated_db)
    assert result.exit_code == 1
    accepted = "accepted: the ids of events in the database (`tracker export table events` lists them)"
    assert result.output.splitlines() == [
        f"--id: no event has the id 'xx-1999'; {accepted}",
        f"{listed}:2: no event has the id 'by-2099-01-01'; {accepted}",
        "Error: 2 problems found; nothing was written.",
    ]
    assert [path.name for path in tmp_path.iterdir() if "events" in path.name] == []


@pytest.mark.parametrize("content, problem", [
    (b"\n  \n", ": holds no id; accepted: one event id a line"),
    (b"by-2025-06\n\xff\n", ":2: byte 0xff is not UTF-8; accepted: UTF-8 text"),
])
def test_an_id_file_without_ids_or_text_is_a_clear_error(export, dated_db, tmp_path, content,
                                                         problem):
    listed = tmp_path / "ids.txt"
    listed.write_bytes(content)
    result = export("events", "--ids-from", listed, db=dated_db)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{listed}{problem}", "Error: 1 problem found; nothing was written."]


def test_a_bad_filter_is_a_clear_error(export, dated_db, tmp_path):
    target = tmp_path / "events.json"
    bad_date = export("events", "--from", "2025-13", "-o", target, db=dated_db)
    assert bad_date.exit_code != 0 and "'2025-13' has month 13" in bad_date.output
    bad_state = export("events", "--releasing-state", "Atlantis", db=dated_db)
    assert bad_state.exit_code != 0 and "'Atlantis' is not a known country" in bad_state.output
    swapped = export("events", "--from", "2025", "--to", "2024", "-o", target, db=dated_db)
    assert swapped.exit_code == 1
    assert "the date range starts (2025) after it ends (2024)" in swapped.output
    assert not target.exists()


def test_nested_events_as_csv_are_refused_with_the_way_to_flat_tables(export, tmp_path):
    target = tmp_path / "events.csv"
    result = export("events", "-o", target)
    assert result.exit_code == 1
    assert "nested events cannot be written as csv" in result.output
    assert "tracker export table events" in result.output
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- tables


@pytest.fixture
def awkward_db(tmp_path, write_yaml, event):
    event.update(summary='Freed, "at last"\r\nafter talks; Łódź — 😀')
    transfer = main_transfer(event)
    del transfer["count"]
    transfer.update(foreign="at least 0", political=None,
                    nationalities=[{"country": "LT", "count": 0}, {"country": "GB"}],
                    people=[{"name": "Syarhei Tsikhanouski",
                             "aliases": ["Tsikhaouski", "Ціханоўскі"]}])
    path = tmp_path / "awkward.db"
    conn = connect(path)
    save_events(conn, read_documents([write_yaml(event)]))
    conn.close()
    return path


def test_a_table_is_rfc_4180_csv_with_a_header_in_key_order(export, curated):
    result = export("table", "transfer_nationalities")
    assert result.exit_code == 0, result.output
    written = text(result)
    assert written.endswith("\r\n") and "\n" not in written.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(written, newline="")))
    table = next(t for t in public_tables() if t.name == "transfer_nationalities")
    assert rows[0] == [column.name for column in table.columns]
    expected = curated.execute(
        "SELECT event_id, transfer, country FROM transfer_nationalities "
        "ORDER BY event_id, transfer, country").fetchall()
    assert [(row[0], int(row[1]), row[2]) for row in rows[1:]] == [tuple(row) for row in expected]


def test_csv_keeps_null_apart_from_zero_and_text_with_quotes_and_line_breaks(export, awkward_db):
    events = list(csv.DictReader(io.StringIO(text(export("table", "events", db=awkward_db)),
                                             newline="")))
    [event] = events
    assert event["summary"] == 'Freed, "at last"\r\nafter talks; Łódź — 😀'
    assert (event["freed"], event["freed_qualifier"]) == ("", "")
    assert (event["foreign_nationals"], event["foreign_nationals_qualifier"]) == ("0", "at_least")
    assert (event["date"], event["date_precision"]) == ("2025-09-11", "day")
    [transfer] = list(csv.DictReader(io.StringIO(export("table", "transfers", db=awkward_db).output)))
    assert (transfer["all_political"], transfer["source_ids"]) == ("false", '["article"]')
    output = export("table", "transfer_nationalities", db=awkward_db).output
    counts = {row["country"]: (row["count"], row["count_qualifier"])
              for row in csv.DictReader(io.StringIO(output))}
    assert counts == {"GB": ("", ""), "LT": ("0", "exact")}
    people = next(csv.DictReader(io.StringIO(export("table", "people", db=awkward_db).output)))
    assert json.loads(people["aliases"]) == ["Tsikhaouski", "Ціханоўскі"]


def test_a_table_as_json_or_ndjson_or_yaml_has_typed_values(export, awkward_db):
    [event] = json.loads(export("table", "events", "--format", "json", db=awkward_db).output)
    assert event["freed"] is None and event["foreign_nationals"] == 0
    [transfer] = json.loads(export("table", "transfers", "--format", "json", db=awkward_db).output)
    assert transfer["all_political"] is False and transfer["source_ids"] == ["article"]
    [person] = [json.loads(line) for line in
                export("table", "people", "--format", "ndjson", db=awkward_db).output.splitlines()]
    assert person["aliases"] == ["Tsikhaouski", "Ціханоўскі"]
    [yaml_event] = YAML(typ="safe").load(export("table", "events", "--format", "yaml",
                                                db=awkward_db).output)
    assert yaml_event == event


def test_an_unknown_or_internal_table_is_a_clear_error_and_writes_nothing(export, tmp_path):
    target = tmp_path / "out.csv"
    unknown = export("table", "evnets", "-o", target)
    assert unknown.exit_code == 1
    assert "'evnets' is not a table; accepted: countries, events," in unknown.output
    internal = export("table", "ingest_runs", "-o", target)
    assert internal.exit_code == 1 and "'ingest_runs' is internal" in internal.output
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- SQL


def test_a_query_is_written_in_its_own_order(export, curated):
    sql = "SELECT releasing_state, count(*) AS events FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
    result = export("sql", sql)
    assert result.exit_code == 0, result.output
    expected = [[state, str(n)] for state, n in curated.execute(sql)]
    assert list(csv.reader(io.StringIO(result.output)))[1:] == expected
    as_json = json.loads(export("sql", sql, "--format", "json").output)
    assert [list(map(str, row.values())) for row in as_json] == expected


def test_a_query_may_use_full_text_search_and_common_table_expressions(export):
    search = export("sql", "SELECT title FROM events_fts WHERE events_fts MATCH 'lithuania'",
                    "--format", "ndjson")
    assert search.exit_code == 0, search.output
    assert len(search.output.splitlines()) >= 2
    recursive = export("sql", "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                              "WHERE x < 3) SELECT x FROM n")
    assert recursive.output.split() == ["x", "1", "2", "3"]


@pytest.mark.parametrize("sql", [
    "DELETE FROM events",
    "UPDATE events SET title = 'x'",
    "INSERT INTO sources (id) VALUES ('x')",
    "DROP TABLE events",
    "CREATE TEMP TABLE t AS SELECT * FROM events",
    "PRAGMA user_version = 3",
    "ATTACH DATABASE '{dir}/other.db' AS other",
    "VACUUM INTO '{dir}/copy.db'",
    "BEGIN IMMEDIATE",
])
def test_a_statement_that_would_write_is_refused(export, curated_db, tmp_path, sql):
    before = curated_db.read_bytes()
    result = export("sql", sql.format(dir=tmp_path), "-o", tmp_path / "out.csv")
    assert result.exit_code == 1
    assert result.output.startswith("Error: SQL: refused, the statement would change")
    assert "accepted: one read-only SELECT" in result.output
    assert curated_db.read_bytes() == before
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("sql, message", [
    ("SELEC id FROM events", 'near "SELEC": syntax error'),
    ("SELECT nope FROM events", "no such column: nope"),
    ("SELECT 1; SELECT 2", "You can only execute one statement at a time"),
    ("/* nothing but a comment */", "the statement returns no rows"),
])
def test_an_invalid_statement_is_a_clear_error_and_writes_nothing(export, tmp_path, sql, message):
    result = export("sql", sql, "-o", tmp_path / "out.csv")
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_query_may_sum_counts_with_their_uncertainty(export):
    sql = ("SELECT count_sum(count, count_low, count_high, count_qualifier) AS freed, "
           "count_sum_qualifier(count, count_low, count_high, count_qualifier) AS qualifier "
           "FROM transfers")
    result = export("sql", sql, "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert row["freed"].startswith("at least ") and row["qualifier"] == "at_least"


def test_repeated_column_names_are_refused_where_rows_are_mappings(export):
    sql = "SELECT e.id, s.id FROM events e JOIN event_sources es ON es.event_id = e.id " \
          "JOIN sources s ON s.id = es.source_id"
    assert export("sql", sql).exit_code == 0
    result = export("sql", sql, "--format", "json")
    assert result.exit_code == 1 and "the column name 'id' appears more than once" in result.output


# ---------------------------------------------------------------- output files


def test_an_unwritable_output_path_is_a_clear_error(export, tmp_path):
    missing = export("table", "events", "-o", tmp_path / "no" / "such" / "folder.csv")
    assert missing.exit_code == 1
    assert "cannot write" in missing.output and "No such file or directory" in missing.output
    folder = export("events", "-o", tmp_path)
    assert folder.exit_code != 0
    assert list(tmp_path.iterdir()) == []


def test_a_failure_half_way_leaves_no_partial_file_and_the_earlier_file_as_it_was(export, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("earlier export\n")
    # The overflow happens at the ninth row, after eight have been written.
    sql = ("SELECT id, CASE WHEN id >= 'by-2025-12' THEN abs(-9223372036854775808) END AS x "
           "FROM events ORDER BY id")
    result = export("sql", sql, "-o", target)
    assert result.exit_code == 1 and "integer overflow" in result.output
    assert target.read_text() == "earlier export\n"
    assert [path.name for path in tmp_path.iterdir()] == ["out.csv"]


def test_an_export_replaces_the_earlier_file_when_complete(export, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("earlier export\n")
    assert export("table", "sources", "-o", target).exit_code == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) > 10


def test_a_missing_database_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.db"), "export", "events"])
    assert result.exit_code == 1 and "no such database; run `tracker build` first" in result.output
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (a)").connection.close()
    result = CliRunner().invoke(cli, ["--db", str(other), "export", "table", "events"])
    assert result.exit_code == 1 and "not a tracker database" in result.output


# ---------------------------------------------------------------- the README


def test_the_readmes_export_examples_run_as_written(curated_db, tmp_path, monkeypatch):
    import re
    import shlex

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Taking the data away\n.*?```bash\n(.*?)```", readme, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        assert words[0] == "tracker", line
        arguments = words[1:] if words[1] == "--db" else ["--db", str(curated_db), *words[1:]]
        result = CliRunner().invoke(cli, arguments)
        assert result.exit_code == 0, f"{line}\n{result.output}"
    count = "SELECT count(*) FROM events"
    copy, curated = sqlite3.connect(tmp_path / "copy.db"), sqlite3.connect(curated_db)
    assert copy.execute(count).fetchone() == curated.execute(count).fetchone()
    copy.close(), curated.close()
    assert errors_of(tmp_path / "release-data") == []
