"""A withheld person counts in every figure, but the name is published nowhere.

Monitors such as Viasna withhold a prisoner's name for the person's safety. The name
never enters the repository (event files give a placeholder; the names are in a
git-ignored local file) nor the database (Datasette lets anyone run SQL, so hiding it by
permissions would not be enough): the person is stored as a placeholder with the
curators' id. The last test searches every output of the project for the name.
"""

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from tracker.cli import cli
from tracker.errors import InvalidInput
from tracker.files.validate import read_documents
from tracker.files.withheld import read_withheld_names
from tracker.reference.names import NameFinder, _plain_word_spans, plain_words, sound_key
from tracker.schema.models import WITHHELD_NAME
from tracker.store.db import connect
from tracker.store.ingest import save_events
from tracker.store.nested import event_document

from conftest import DATA, ROOT, another, main_transfer
from published import OUTPUTS, Published, words_found
from served import TRACKER, tracker_serve

NAME = "Uladzimir Žarnasek"
PERSON = "by-2025-09-11-prisoner-1"
PEOPLE = "transfers[0].people"


@pytest.fixture
def names_path(tmp_path):
    """The local names file, as a curator keeps it beside the data."""
    path = tmp_path / "withheld-names.local.yml"
    path.write_text(f"{PERSON}: {NAME}\n", encoding="utf-8")
    return path


@pytest.fixture
def names(names_path):
    return read_withheld_names(names_path)


@pytest.fixture
def withheld_event(event):
    main_transfer(event)["people"] = [
        {"id": PERSON, "name": WITHHELD_NAME, "withheld": True,
         "nationalities": ["BY"], "note": "a journalist, according to the monitor"},
        {"name": "Ihar Losik"},
    ]
    return event


def with_people(event, event_id, people, **changes):
    """Another event, freeing these people."""
    other = another(event, event_id, **changes)
    main_transfer(other)["people"] = people
    return other


def problem_lines(*paths, names=None) -> list[str]:
    with pytest.raises(InvalidInput) as error:
        read_documents(paths, names)
    return [str(problem) for problem in error.value.problems]


def ingest(conn, *paths, names=None):
    return save_events(conn, read_documents(paths, names), names=names)


# ---------------------------------------------------------------- what is accepted


def test_a_withheld_person_needs_an_id_of_the_curators_choosing(write_yaml, withheld_event):
    del main_transfer(withheld_event)["people"][0]["id"]
    [line] = problem_lines(write_yaml(withheld_event))
    assert f"{PEOPLE}[0].id: missing; a withheld person needs an id chosen by the curators" in line


def test_the_real_name_is_never_written_in_an_event_file(write_yaml, withheld_event):
    """Event files are committed: git would keep the name for ever. Checked everywhere,
    with or without the names file (so in CI too)."""
    main_transfer(withheld_event)["people"][0]["name"] = NAME
    path = write_yaml(withheld_event)
    [line] = problem_lines(path)
    assert line.startswith(f"{path}:")
    assert (f"{PEOPLE}[0].name: a withheld person's name is never written in an event file "
            "(git keeps every version of it); accepted: 'Name withheld', with the real name "
            "under the person's id in the git-ignored data/withheld-names.local.yml") in line


def test_the_names_file_is_ignored_by_git():
    result = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "--no-index", "data/withheld-names.local.yml"],
        capture_output=True, text=True,
    )
    assert result.stdout.strip() == "data/withheld-names.local.yml"


def test_an_id_made_from_the_name_is_refused(write_yaml, withheld_event, names_path):
    names_path.write_text(f"zarnasek-1: {NAME}\n", encoding="utf-8")
    main_transfer(withheld_event)["people"][0]["id"] = "zarnasek-1"
    [line] = problem_lines(write_yaml(withheld_event), names=read_withheld_names(names_path))
    assert (f"{PEOPLE}[0].id: 'zarnasek-1' gives 'zarnasek' of the withheld name ({names_path}:1); "
            "accepted: an id that does not reveal the name") in line


def test_a_withheld_person_has_no_aliases(write_yaml, withheld_event):
    main_transfer(withheld_event)["people"][0]["aliases"] = ["U. Zharnasek"]
    [line] = problem_lines(write_yaml(withheld_event))
    assert f"{PEOPLE}[0].aliases: a withheld person has no aliases" in line


def test_the_withheld_name_may_not_appear_elsewhere_in_the_event(write_yaml, withheld_event, names, names_path):
    withheld_event["summary"] = f"Among those freed was {NAME.upper()}."
    path = write_yaml(withheld_event)
    [line] = problem_lines(path, names=names)
    assert line.startswith(f"{path}:")
    assert (f"summary: gives the name withheld for '{PERSON}' ({names_path}:1); accepted: "
            "text that does not name a withheld person") in line


def test_the_withheld_name_may_not_be_published_by_another_file_of_the_batch(write_yaml, withheld_event, event, names):
    other = with_people(event, "by-2025-06-21", [{"name": "Uladzimir Zarnasek"}])
    withheld = write_yaml(withheld_event, "withheld.yml")
    lines = problem_lines(write_yaml(other, "other.yml"), withheld, names=names)
    assert any("other.yml" in line and f"{PEOPLE}[0].name: gives the name withheld for "
               f"'{PERSON}'" in line for line in lines), lines


def test_the_withheld_name_may_not_be_given_by_any_file_even_without_the_person(write_yaml, event, names):
    """The names file withholds the name wherever it is given, not only beside its person."""
    lines = problem_lines(write_yaml(dict(event, notes=f"{NAME} was not among them.")), names=names)
    assert any("notes: gives the name withheld for" in line for line in lines), lines


def test_a_names_file_entry_that_is_no_name_is_refused(names_path):
    names_path.write_text("Not An Id: someone\nprisoner-2: []\nprisoner-3: Name withheld\n",
                          encoding="utf-8")
    with pytest.raises(InvalidInput) as error:
        read_withheld_names(names_path)
    assert [str(problem) for problem in error.value.problems] == [
        f"{names_path}:1: Not An Id: not an id; accepted: the id the event files give the "
        "person (lower-case letters and digits joined by single hyphens)",
        f"{names_path}:2: prisoner-2: no name; accepted: a name, or a list of spellings",
        f"{names_path}:3: prisoner-3: 'Name withheld' is the placeholder; accepted: the "
        "person's real name",
    ]


def test_a_name_the_database_already_gives_cannot_be_withheld_by_ingest(db_path, write_yaml, withheld_event, event, names, names_path):
    conn = connect(db_path)
    ingest(conn, write_yaml(with_people(event, "by-2025-09-11", [{"name": NAME}]), "public.yml"))
    conn.close()
    before = db_path.read_bytes()
    conn = connect(db_path)
    with pytest.raises(InvalidInput) as error:
        ingest(conn, write_yaml(another(withheld_event, "by-2025-06-21"), "withheld.yml"),
               names=names)
    conn.close()
    [line] = map(str, error.value.problems)
    assert (f"{PEOPLE}[0].id: the database already gives the name withheld for '{PERSON}' "
            f"({names_path}:1): people #1 (id, name); transfer_people #1 (person_id); "
            "entity_revisions 2 (record_id); release_people #1 (person_id); accepted: run "
            "`tracker redact` first") in line
    assert db_path.read_bytes() == before


def test_a_withheld_id_is_never_given_to_a_named_person(conn, write_yaml, withheld_event, event):
    ingest(conn, write_yaml(withheld_event))
    named = with_people(event, "by-2025-06-21", [{"id": PERSON, "name": NAME}])
    with pytest.raises(InvalidInput) as error:
        ingest(conn, write_yaml(named, "named.yml"))
    [line] = map(str, error.value.problems)
    assert f"{PEOPLE}[0].id: '{PERSON}' is a person whose name is withheld" in line
    assert conn.execute("SELECT name FROM people WHERE withheld").fetchall() == [(WITHHELD_NAME,)]


def test_an_id_of_the_names_file_is_never_given_to_a_named_person(write_yaml, event, names):
    named = with_people(event, "by-2025-09-11", [{"id": PERSON, "name": "Ihar Losik"}])
    lines = problem_lines(write_yaml(named), names=names)
    assert any(f"{PEOPLE}[0].withheld: '{PERSON}' is a withheld person" in line for line in lines)


# ---------------------------------------------------------------- how names are compared

SPELLINGS = {"Паліна Шарэнда-Панасюк": "a", "Alena Zhukava": "b", "Ihar": "c"}
# Texts made of the names' words in several spellings, other words, separators and
# invisible characters, in any order.
PIECES = st.sampled_from([
    "Palina", "Polina", "Sharenda", "Шарэнда", "Panasiuk", "Panasyuk", "Alena", "ALENA",
    "Zhukava", "Žukava", "Zhu\u00adkava", "AlenaZhukava", "Ihar", "Igor", "freed", "the",
    " ", ", ", "-", "\n", "\u200b", "\u00ad", "’s ", "Ｚｈｕｋａｖａ", "Ｘ", "42",
])
TEXTS = st.lists(PIECES, max_size=12).map("".join)


def brute_force_find(finder: NameFinder, text: str) -> list[tuple[str, int, int]]:
    """What `find` means, without its shortcuts: every run of words, in any order."""
    keys = [sound_key(word) for word in plain_words(text)]
    return [
        (finder.labels[tuple(sorted(keys[first : first + length]))], first, first + length)
        for length in finder.lengths
        for first in range(len(keys) - length + 1)
        if tuple(sorted(keys[first : first + length])) in finder.labels
    ]


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_finding_a_name_takes_no_shortcut_that_misses_one(text):
    finder = NameFinder(SPELLINGS)
    assert sorted(finder.find(text)) == sorted(brute_force_find(finder, text))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_each_word_is_found_where_it_is_written_and_replacing_leaves_no_name(text):
    spans = _plain_word_spans(text)
    assert [plain_words(text[start:end]) for start, end in spans] == [[w] for w in plain_words(text)]
    finder = NameFinder(SPELLINGS)
    assert finder.find(finder.replace(text, WITHHELD_NAME)) == []


# ---------------------------------------------------------------- what is stored


def test_the_person_counts_but_only_a_placeholder_is_stored(conn, write_yaml, withheld_event, names):
    ingest(conn, write_yaml(withheld_event), names=names)
    assert conn.execute(
        "SELECT id, name, aliases, nationalities, withheld FROM people ORDER BY id").fetchall() == [
        (PERSON, WITHHELD_NAME, "[]", '["BY"]', 1),
        ("ihar-losik", "Ihar Losik", "[]", "[]", 0),
    ]
    assert conn.execute(
        "SELECT person_id, note FROM transfer_people ORDER BY position").fetchall() == [
        (PERSON, "a journalist, according to the monitor"),
        ("ihar-losik", None),
    ]
    assert conn.execute("SELECT freed, foreign_nationals FROM events").fetchall() == [(52, 14)]


def test_stats_count_the_person_apart_from_the_named(db_path, write_yaml, withheld_event, names_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db_path), "ingest", "--withheld-names",
                                 str(names_path), str(write_yaml(withheld_event))])
    assert result.exit_code == 0, result.output
    output = runner.invoke(cli, ["--db", str(db_path), "stats"]).output
    assert ("Named people:                1\n                             (and 1 whose "
            "names are withheld)\n") in output


def test_the_export_says_withheld_and_ingesting_it_again_changes_nothing(tmp_path, conn, write_yaml, write_json, withheld_event, names):
    ingest(conn, write_yaml(withheld_event), names=names)
    document = event_document(conn, "by-2025-09-11")
    assert main_transfer(document)["people"][0] == {
        "id": PERSON, "withheld": True, "nationalities": ["BY"],
        "note": "a journalist, according to the monitor",
    }
    exported = write_json(document, "exported.json")
    report = ingest(conn, exported, names=names)
    assert report.unchanged == ["by-2025-09-11"]
    assert conn.execute("SELECT count(*) FROM people WHERE withheld").fetchone() == (1,)
    other = connect(tmp_path / "other.db")
    ingest(other, exported)
    assert event_document(other, "by-2025-09-11") == document
    other.close()


def test_the_same_withheld_person_in_two_events_is_one_person(conn, write_yaml, withheld_event, names):
    """The second event refers to the person by id; what it declares must agree."""
    june = with_people(withheld_event, "by-2025-06-21", [
        {"id": PERSON, "name": WITHHELD_NAME, "withheld": True}])
    ingest(conn, write_yaml(withheld_event), write_yaml(june, "june.yml"), names=names)
    assert conn.execute("SELECT id, nationalities FROM people WHERE withheld").fetchall() == [
        (PERSON, '["BY"]')]
    assert conn.execute("SELECT count(*) FROM transfer_people "
                        f"WHERE person_id = '{PERSON}'").fetchone() == (2,)


def test_build_reads_the_names_file_of_the_data_folder_and_never_as_an_event(tmp_path, withheld_event):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    YAML().dump(withheld_event | {"id": "by-2025-10-01", "summary": f"{NAME} was freed."},
                (data / "events" / "by-2025-10-01.yml").open("w", encoding="utf-8"))
    (data / "withheld-names.local.yml").write_text(f"{PERSON}: {NAME}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "build", str(data)])
    assert result.exit_code == 1
    assert re.search(r"by-2025-10-01\.yml:\d+: summary: gives the name withheld for", result.output)
    assert "withheld-names.local.yml:1:" not in result.output  # not read as an event


# ---------------------------------------------------------------- published nowhere


@pytest.fixture(scope="module")
def published(curated_db, tmp_path_factory):
    """The curated database plus an event that withholds a name, served by `tracker serve`."""
    work = tmp_path_factory.mktemp("withheld")
    db_path = work / "tracker.db"
    shutil.copy(curated_db, db_path)
    event = {
        "format": 2, "id": "by-2025-10-01", "title": "Belarus frees two political prisoners",
        "summary": "One of them asked the monitor to withhold the name.", "type": "pardon",
        "dates": [{"step": "released", "date": "2025-10-01"}],
        "transfers": [{"from": "BY", "status": "carried_out", "count": 2, "political": "all",
                       "people": [{"id": "viasna-2025-10-01-1", "name": WITHHELD_NAME,
                                   "withheld": True, "note": "a journalist from Hrodna"},
                                  {"name": "Ihar Losik"}]}],
        "sources": [{"id": "monitor", "title": "Two political prisoners pardoned"}],
    }
    path = work / "withheld.yml"
    YAML().dump(event, path.open("w", encoding="utf-8"))
    names = work / "withheld-names.local.yml"
    names.write_text(f"viasna-2025-10-01-1: {NAME}\n", encoding="utf-8")
    result = subprocess.run([str(TRACKER), "--db", str(db_path), "ingest",
                             "--withheld-names", str(names), str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with tracker_serve(db_path) as (base_url, _):
        yield Published(db_path, base_url, work, asked=[NAME, "Uladzimir Zarnasek"])


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_withheld_name_is_published_nowhere(published, output):
    searched = words_found(published, output, ["uladzimir", "zarnasek", "zharnasek"],
                           shown="viasna-2025-10-01-1")
    if output == "served pages":
        assert searched > 100
