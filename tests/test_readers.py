"""Event files in YAML, JSON, NDJSON and the CSV template; unreadable files are refused."""

import json

import pytest

from tracker.errors import InvalidInput
from tracker.files.readers import CSV_COLUMNS
from tracker.files.validate import read_events


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
    second = dict(event, id="by-2025-06-21", total_released=-3)
    [line] = problem_lines(write_json([event, second], "list.json"))
    assert "list.json:" in line and "[1].total_released: -3" in line
    line_number = int(line.split(":")[1])
    text = (write_json([event, second], "list.json")).read_text().splitlines()
    assert '"total_released": -3' in text[line_number - 1]


def test_ndjson_holds_one_event_per_line_and_names_the_bad_line(tmp_path, event):
    path = tmp_path / "events.ndjson"
    good = json.dumps(event)
    path.write_text(good + "\n" + json.dumps(dict(event, id="x-1", date="2025-02-30")) + "\n")
    [line] = problem_lines(path)
    assert line.startswith(f"{path}:2: date: '2025-02-30'")
    path.write_text(good + "\n\n" + json.dumps(dict(event, id="by-2025-06-21")) + "\n")
    assert len(read_events([path])) == 2


def test_the_csv_template_reads_simple_events(tmp_path):
    path = tmp_path / "events.csv"
    row = {
        "id": "by-2024-12-09", "title": "Lukashenko pardons 29", "type": "pardon",
        "date": "2024-12-09", "releasing_state": "Belarus", "total_released": "29",
        "nationalities": "BY:27; Lithuanians:1; US:", "people": "A Person; B Person",
        "actors": "mediator:state:Qatar; delegation_head:person:John Coale",
        "source_id": "babel-29", "source_title": "Lukashenko pardoned 29",
        "source_url": "https://example.org/29", "source_published": "2024-12-09",
    }
    path.write_text(",".join(CSV_COLUMNS) + "\n" + ",".join(row.get(c, "") for c in CSV_COLUMNS) + "\n")
    [valid] = read_events([path])
    event = valid.event
    assert (event.id, event.releasing_state, event.total_released) == ("by-2024-12-09", "BY", 29)
    assert [(n.country, n.count) for n in event.nationalities] == [("BY", 27), ("LT", 1), ("US", None)]
    assert [p.name for p in event.people] == ["A Person", "B Person"]
    assert [(a.name, a.role.value) for a in event.actors] == [("Qatar", "mediator"), ("John Coale", "delegation_head")]
    assert event.sources[0].url == "https://example.org/29"
    assert event.people[0].source == "babel-29"


def test_a_bad_csv_cell_names_the_line_and_column(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("id,title,type,date,releasing_state,total_released,source_id\n"
                    "by-2024-12-09,t,pardon,2024-12-09,BY,twenty-nine,s\n")
    [line] = problem_lines(path)
    assert line.startswith(f"{path}:2: total_released: 'twenty-nine' is not a whole number")


def test_an_unknown_csv_column_is_refused(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("id,title,nationalites\nx,y,z\n")
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
