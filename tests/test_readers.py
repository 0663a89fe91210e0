"""Event files in YAML, JSON, NDJSON and the CSV template; unreadable files are refused."""

import json

import pytest

from tracker.errors import InvalidInput
from tracker.files.readers import CSV_COLUMNS
from tracker.files.validate import read_events

from conftest import another, main_transfer


def problem_lines(path) -> list[str]:
    with pytest.raises(InvalidInput) as error:
        read_events([path])
    return [str(problem) for problem in error.value.problems]


def test_yaml_and_json_hold_one_event_or_a_list(write_yaml, write_json, event):
    second = dict(event, id="by-2025-06-21")
    assert len(read_events([write_yaml(event)])) == 1
    assert len(read_events([write_yaml([event, second], "list.yml")])) == 2
    assert len(read_events([write_json([event, second], "list.json")])) == 2


def test_a_problem_in_a_list_names_the_item_and_its_line(write_json, event):
    second = another(event, "by-2025-06-21")
    main_transfer(second)["count"] = -3
    path = write_json([event, second], "list.json")
    [line] = problem_lines(path)
    assert "list.json:" in line and "[1].transfers[0].count: -3: a count is 0 or more" in line
    line_number = int(line.split(":")[1])
    assert '"count": -3' in path.read_text().splitlines()[line_number - 1]


def test_ndjson_holds_one_event_per_line_and_names_the_bad_line(tmp_path, event):
    path = tmp_path / "events.ndjson"
    good = json.dumps(event)
    bad = another(event, "x-1", dates=[{"step": "released", "date": "2025-02-30"}])
    path.write_text(good + "\n" + json.dumps(bad) + "\n")
    [line] = problem_lines(path)
    assert line.startswith(f"{path}:2: dates[0].date: '2025-02-30'")
    path.write_text(good + "\n\n" + json.dumps(another(event, "by-2025-06-21")) + "\n")
    assert len(read_events([path])) == 2


def test_the_csv_template_reads_simple_events(tmp_path):
    path = tmp_path / "events.csv"
    row = {
        "format": "2", "id": "by-2024-12-09", "title": "Lukashenko pardons 29", "type": "pardon",
        "date_step": "decided", "date": "2024-12-09", "from": "Belarus", "to": "LT",
        "how": "expelled", "status": "carried_out", "count": "at least 29", "political": "all",
        "nationalities": "BY:27; Lithuanians:about 1; US:", "people": "A Person; B Person",
        "actors": "mediator:state:Qatar; delegation_head:person:John Coale",
        "source_id": "babel-29", "source_title": "Lukashenko pardoned 29",
        "source_url": "https://example.org/29", "source_published": "2024-12-09",
        "source_language": "en",
    }
    path.write_text(",".join(CSV_COLUMNS) + "\n" + ",".join(row.get(c, "") for c in CSV_COLUMNS) + "\n")
    [valid] = read_events([path])
    event = valid.event
    transfer = event.transfers[0]
    assert (event.id, transfer.from_, transfer.to, transfer.how.value) == (
        "by-2024-12-09", "BY", "LT", "expelled")
    assert (transfer.count.canonical(), transfer.political) == ("at least 29", "all")
    assert [(entry.step.value, entry.date) for entry in event.dates] == [("decided", "2024-12-09")]
    assert [(n.country, n.count and n.count.canonical()) for n in transfer.nationalities] == [
        ("BY", 27), ("LT", "about 1"), ("US", None)]
    assert [p.name for p in transfer.people] == ["A Person", "B Person"]
    assert [(a.name, a.role.value) for a in event.actors] == [("Qatar", "mediator"), ("John Coale", "delegation_head")]
    assert (event.sources[0].url, event.sources[0].language) == ("https://example.org/29", "en")
    assert event.cited(transfer.people[0]) == ["babel-29"]


def test_a_format_1_csv_template_is_refused_with_the_command_that_upgrades_it(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("id,title,type,date,releasing_state,total_released,source_id\n"
                    "by-2024-12-09,t,pardon,2024-12-09,BY,29,s\n")
    assert problem_lines(path) == [
        f"{path}:1: format: missing: this is a format-1 CSV template (no format column); run "
        "`tracker upgrade FILE` to rewrite it in format 2"]


def test_a_bad_csv_cell_names_the_line_and_column(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("format,id,title,type,date,from,status,count,source_id\n"
                    "2,by-2024-12-09,t,pardon,2024-12-09,BY,carried_out,twenty-nine,s\n")
    [line] = problem_lines(path)
    assert line.startswith(f"{path}:2: transfers[0].count: 'twenty-nine' is not a count")


def test_an_unknown_csv_column_is_refused(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("format,id,title,nationalites\n2,x,y,z\n")
    assert any("nationalites: unknown column" in line for line in problem_lines(path))


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("empty.yml", b"", "file is empty"),
        ("blank.json", b"  \n", "file is empty"),
        ("broken.yml", b"id: [unclosed\n", "invalid YAML"),
        ("broken.json", b'{"id": "x",\n "title": }', "broken.json:2: invalid JSON"),
        ("latin1.yml", "title: Nausėda\n".encode("cp1257"), "is not UTF-8"),
        ("garbage.yml", bytes(range(256)), "binary data"),
        ("event.txt", b"id: x", "unknown file type '.txt'"),
        ("scalar.yml", b"just a string\n", "an event must be a mapping of fields, got str"),
        ("nan.json", b'{"total_released": NaN}', "NaN is not valid JSON"),
        ("dupe.yml", b"id: a\nid: b\n", "dupe.yml:2: id: given twice in one mapping (first at line 1)"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    lines = problem_lines(path)
    assert any(fragment in line for line in lines), lines
    assert all(line.startswith(str(path)) for line in lines)


def test_deeply_nested_input_is_refused_not_crashed(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 5000 + "]" * 5000)
    assert any("invalid JSON" in line for line in problem_lines(path))
    path = tmp_path / "deep.yml"
    path.write_text("a: " + "[" * 200 + "]" * 200 + "\n")
    assert problem_lines(path)


def test_a_missing_file_is_reported(tmp_path):
    [line] = problem_lines(tmp_path / "nope.yml")
    assert "nope.yml: cannot read" in line


def test_a_character_escaped_in_two_halves_is_joined_and_half_a_character_refused(tmp_path, event):
    """Found by the random-input tests: JSON written with ASCII escapes, read as YAML."""
    path = tmp_path / "escaped.yml"
    path.write_text(json.dumps(dict(event, summary="Gothic 𐌰 letters")))
    [valid] = read_events([path])
    assert valid.event.summary == "Gothic 𐌰 letters"
    path.write_text(json.dumps(event)[:-1] + ', "notes": "\\ud800"}')
    [line] = problem_lines(path)
    assert "notes: a \\u escape gives half a character; accepted: whole Unicode characters" in line
