"""Random input never crashes validate or ingest, and never half-writes the database.

Hypothesis throws random structures, valid events with random changes, and random
bytes at `read_documents` (what `validate` runs) and `save_events` (what `ingest
--update` runs).
Each must either refuse the input with InvalidInput, leaving the database exactly as it
was, or accept it, leaving a database that `tracker check` finds sound and whose text
holds no control character but tabs and line breaks (so no NUL, however it was escaped).
Keys given twice and YAML tags, put anywhere in a valid event, are always refused.
"""

import copy
import csv
import io
import json
import os
import re
import sqlite3

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tracker.store.check import check_database
from tracker.store.db import connect
from tracker.errors import InvalidInput, format_path
from tracker.store.ingest import save_events
from tracker.files.validate import read_documents
from tracker.files.withheld import WithheldNames
from tracker.schema.models import WITHHELD_NAME

from conftest import MINIMAL_EVENT, walk

SETTINGS = settings(
    # TRACKER_FUZZ_EXAMPLES=5000 for a longer hunt than the default run.
    max_examples=int(os.environ.get("TRACKER_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# A valid event that uses every section, so that random changes reach every rule.
RICH_EVENT = copy.deepcopy(MINIMAL_EVENT) | {
    "summary": "Belarus released 52 political prisoners.",
    "notes": "Sources differ on the number remaining.",
    "dates": [{"step": "decided", "date": "2025-09-10", "sources": ["article"]},
              {"step": "released", "date": "2025-09-11", "sources": ["article", "second"]}],
    "statements": [{"key": "denial", "by": "John Coale", "gist": "Welcomed the release",
                    "stance": "welcomed", "date": "2025-09-11", "sources": ["article"]}],
    "claims": [{"about": "prisoner_counts[0].count", "value": 1300, "sources": ["article"]},
               {"about": "transfers[0].count", "value": 52, "sources": ["second"],
                "chosen": True, "reason": "Both agree"}],
    "prisoner_counts": [{"country": "BY", "as_of": "2025-09", "count": "about 1300",
                         "according_to": "US", "sources": ["article"]}],
    "sources": MINIMAL_EVENT["sources"] + [{"id": "second", "title": "Another report"}],
}
RICH_EVENT["transfers"] = [
    RICH_EVENT["transfers"][0] | {"sources": ["article", "second"], "people": [
        {"name": "Syarhei Tsikhanouski", "aliases": ["Tsikhaouski"], "sources": ["article"]},
        {"id": "prisoner-1", "name": WITHHELD_NAME, "withheld": True,
         "sources": ["second"]}]},
    {"held_by": {"name": "Armed Group", "kind": "organisation"}, "to": "BY", "how": "expelled",
     "status": "partly_carried_out", "count": "20-30", "political": {"low": 2, "high": 9},
     "sources": ["second"]},
]
RICH_EVENT["transfers"][0]["nationalities"] = [
    entry | {"sources": ["article"]} for entry in RICH_EVENT["transfers"][0]["nationalities"]]
RICH_EVENT["actors"] = [actor | {"sources": ["article"]} for actor in RICH_EVENT["actors"]]
RICH_EVENT["concessions"] = [concession | {"sources": ["second"], "disputed_by": [
    {"statement": "denial"}, {"source": "article"}]} for concession in RICH_EVENT["concessions"]]
# The curators' names file: a random change that gives the name must be refused.
WITHHELD = WithheldNames({"prisoner-1": ["Name Known To Curators"]},
                         {"prisoner-1": "withheld-names.local.yml:1"})

# Values that the rules treat specially, mixed with arbitrary ones.
TELLING = st.sampled_from([
    "", " ", "BY", "Lithuanians", "Atlantis", "XX", "2025", "2025-02-29", "2024-02-29",
    "2025-13-40", "0000", "9999-12-31", "by-2025-09-11", "article", "United States",
    "John Coale", "javascript:alert(1)", "https://example.org", "Name Known To Curators",
    "prisoner-1", "mediator", "state", "person", -1, 0, 10_000_000, 10_000_001, 2**63,
    -(2**63) - 1, 1e308, float("inf"), True, None, [], {},
])
ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=30)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), ANY_TEXT, TELLING)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(ANY_TEXT, inner, max_size=4)),
    max_leaves=12,
)


def similar(value):
    """A value of the same kind, more likely to pass the type check and reach later rules."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.integers(-5, 20_000_000) | st.sampled_from([0, 1, 14, 52, 10_000_000])
    if isinstance(value, str):
        return TELLING.filter(lambda v: isinstance(v, str)) | ANY_TEXT
    if isinstance(value, list) and value:
        return st.permutations(value).map(list) | st.just(value + value[:1]) | st.just(value[1:])
    return JSON_VALUES


@st.composite
def changed_events(draw):
    """A valid event with a few random changes: a value replaced (often by one of the same
    kind), a list reordered, shortened or given a duplicate, a field removed or added."""
    event = copy.deepcopy(RICH_EVENT)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p, _ in walk(event) if p]))
        *parents, last = path
        container = event
        for part in parents:
            container = container[part]
        action = draw(st.sampled_from(["similar", "similar", "similar", "any", "delete", "add"]))
        if action == "similar":
            container[last] = draw(similar(container[last]))
        elif action == "any":
            container[last] = draw(JSON_VALUES)
        elif action == "delete":
            del container[last]
        elif isinstance(container, dict):
            container[draw(ANY_TEXT)] = draw(JSON_VALUES)
        else:
            container.append(draw(JSON_VALUES))
    return event


def dump(conn) -> list[str]:
    return list(conn.iterdump())


REFUSED_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def stored_controls(conn) -> list[tuple[str, str]]:
    """(table, value) of every stored text with a control character other than tab or a
    line break."""
    found = []
    tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            found += [(table, value) for value in row
                      if isinstance(value, str) and REFUSED_CONTROLS.search(value)]
    return found


def ingest_or_refuse(db_path, path) -> None:
    """The property: refused with nothing written, or written and sound."""
    conn = connect(db_path)
    try:
        before = dump(conn)
        try:
            save_events(conn, read_documents([path], WITHHELD), names=WITHHELD, update=True)
        except InvalidInput as error:
            event("refused")
            assert error.problems
            for problem in error.problems:
                assert str(problem).startswith(str(path))
                str(problem).encode("utf-8")  # printable: no half characters
            assert dump(conn) == before
        else:
            event("accepted")
            assert check_database(conn, str(db_path)) == []
            assert stored_controls(conn) == []
    finally:
        conn.close()


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "tracker.db"
    conn = connect(path)
    save_events(conn, read_documents([write(tmp_path / "seed.json", json.dumps(MINIMAL_EVENT))]))
    conn.close()
    return path


def write(path, text: str | bytes):
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@SETTINGS
@given(data=JSON_VALUES, suffix=st.sampled_from([".json", ".yml", ".ndjson"]))
def test_random_structures(tmp_path, db_path, data, suffix):
    text = json.dumps(data, indent=None if suffix == ".ndjson" else 2)
    ingest_or_refuse(db_path, write(tmp_path / f"random{suffix}", text))


@SETTINGS
@given(event=changed_events(), suffix=st.sampled_from([".json", ".yml", ".ndjson"]))
def test_valid_events_with_random_changes(tmp_path, db_path, event, suffix):
    text = json.dumps(event, indent=None if suffix == ".ndjson" else 2)
    ingest_or_refuse(db_path, write(tmp_path / f"changed{suffix}", text))


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".json", ".yml", ".ndjson", ".csv"]))
def test_random_bytes(tmp_path, db_path, data, suffix):
    ingest_or_refuse(db_path, write(tmp_path / f"bytes{suffix}", data))


# A valid cell for each column of the CSV template, mixed with random ones.
CSV_CELLS = {
    "format": "2", "id": "by-2024-12-09", "title": "Lukashenko pardons 29", "type": "pardon",
    "date_step": "decided", "date": "2024-12-09", "from": "BY", "to": "LT",
    "how": "expelled", "status": "carried_out", "count": "at least 29", "political": "all",
    "foreign": "3", "nationalities": "LT:1; Poles:about 2", "people": "A Person; B Person",
    "actors": "mediator:state:Qatar", "source_id": "babel", "source_url": "https://example.org",
}


@SETTINGS
@given(cells=st.tuples(*(
    st.just(valid) | st.just(valid) | TELLING.map(str) | ANY_TEXT.filter(lambda t: "\x00" not in t)
    for valid in CSV_CELLS.values()
)))
def test_random_csv_cells(tmp_path, db_path, cells):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([list(CSV_CELLS), cells])
    path = write(tmp_path / "random.csv", buffer.getvalue().encode("utf-8", "surrogatepass"))
    ingest_or_refuse(db_path, path)


SENTINEL = "\ue000 given twice \ue000"
# What JSON can hold (no NaN or Infinity, which are refused before any key is read).
FINITE_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | ANY_TEXT | TELLING.filter(
        lambda value: not isinstance(value, float)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=6,
)


@SETTINGS
@given(data=st.data(), suffix=st.sampled_from([".json", ".yml", ".ndjson"]))
def test_a_key_given_twice_anywhere_is_always_refused_at_its_field(tmp_path, db_path, data, suffix):
    document = copy.deepcopy(RICH_EVENT)
    path = data.draw(st.sampled_from([p for p, value in walk(document) if isinstance(value, dict) and value]))
    container = document
    for part in path:
        container = container[part]
    key = data.draw(st.sampled_from(list(container)))
    container[key] = SENTINEL
    # Escaped, so that YAML, which takes no raw control characters, reads the same text.
    text = json.dumps(document, indent=None if suffix == ".ndjson" else 2)
    values = [json.dumps(data.draw(FINITE_VALUES)) for _ in range(2)]
    name = json.dumps(key)
    text = text.replace(f"{name}: {json.dumps(SENTINEL)}", f"{name}: {values[0]}, {name}: {values[1]}")
    file = write(tmp_path / f"twice{suffix}", text)
    conn = connect(db_path)
    before = dump(conn)
    with pytest.raises(InvalidInput) as error:
        read_documents([file])
    [problem] = error.value.problems
    assert (problem.path, problem.message.split(" (")[0].split(";")[0]) == (
        format_path(path + (key,)), "given twice in one mapping")
    assert dump(conn) == before
    conn.close()


YAML_TAGS = ["!foo", "!!str", "!!int", "!!python/object/apply:os.system", "!!binary", "!",
             "!<tag:example.org,2025:x>"]


@SETTINGS
@given(data=st.data())
def test_a_yaml_tag_anywhere_is_always_refused_at_its_line(tmp_path, data):
    lines = json.dumps(RICH_EVENT, ensure_ascii=False, indent=2).splitlines()
    # A tag goes before a value: after a key's colon, or before an item of a list.
    places = [number for number, line in enumerate(lines)
              if re.match(r'\s*"[^"]+": [^\]}]', line) or re.match(r'\s*[\[{"0-9tfn-]', line)]
    number = data.draw(st.sampled_from(places))
    tag = data.draw(st.sampled_from(YAML_TAGS))
    line = lines[number]
    split = line.index('": ') + 3 if re.match(r'\s*"[^"]+": ', line) else len(line) - len(line.lstrip())
    lines[number] = f"{line[:split]}{tag} {line[split:]}"
    file = write(tmp_path / "tagged.yml", "\n".join(lines))
    with pytest.raises(InvalidInput) as error:
        read_documents([file])
    [problem] = error.value.problems
    assert problem.line == number + 1
    assert problem.message.startswith("the YAML tag ")


def test_the_seed_database_is_sound(db_path):
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM events").fetchone() == (1,)
    conn.close()


def test_the_rich_event_that_random_changes_start_from_is_accepted(tmp_path, db_path):
    path = write(tmp_path / "rich.json", json.dumps(RICH_EVENT))
    conn = connect(db_path)
    try:
        report = save_events(conn, read_documents([path]), update=True)
        assert report.updated == ["by-2025-09-11"]
        assert check_database(conn, str(db_path)) == []
    finally:
        conn.close()
