"""Attacks on a withheld name (issue 11, cases 8 and 9).

8. The name written so that a plain comparison misses it: invisible characters inside
   it, compatibility forms, case, accents, another script or romanisation; and an id
   made from a Cyrillic name.
9. A person who was published, then withheld: the database, its history, its file and
   everything served or exported from it must lose every trace of the name.

Main accepted each of these (commit d485f74 has the tests as they failed there).
"""

import json
import re
import shutil
import sqlite3
import subprocess
import unicodedata

import pytest
from ruamel.yaml import YAML

from tracker.errors import InvalidInput
from tracker.files.validate import read_documents
from tracker.files.withheld import read_withheld_names
from tracker.schema.models import WITHHELD_NAME

from conftest import another, main_transfer
from published import OUTPUTS, Published, readable, words_found
from served import TRACKER, tracker_serve

PERSON = "viasna-2025-10-01-1"
PEOPLE = "transfers[0].people"
NAME = "Alena Zhukava"
CYRILLIC = "Паліна Шарэнда-Панасюк"
# Real romanisations of it: Belarusian (BGN/PCGN, the Belarusian Latin alphabet), its
# Russian form in English, Polish and German transcription, Russian Cyrillic, and the
# surname-first order of court lists.
ROMANISED = [
    "Palina Sharenda-Panasiuk",
    "Palina Sharenda-Panasyuk",
    "Palina Šarenda-Panasiuk",
    "Polina Sharendo-Panasyuk",
    "Polina Szarendo-Panasiuk",
    "Polina Scharendo-Panassjuk",
    "Полина Шарендо-Панасюк",
    "Sharenda-Panasiuk, Palina",
    "PALINA SHARENDA-PANASIUK",
]
# Every word any of those spellings uses, as `readable` gives it: what must be nowhere.
SPELLING_WORDS = sorted({
    word for spelling in [CYRILLIC, *ROMANISED]
    for word in readable(spelling).replace("-", " ").replace(",", " ").split()
})

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15.1):
# characters that show as nothing, wherever they are written.
DEFAULT_IGNORABLE = [
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
]
FORMAT_CHARACTERS = [
    code for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"
]


def invisible_characters() -> list[str]:
    codes = {code for first, last in DEFAULT_IGNORABLE for code in range(first, last + 1)}
    return [chr(code) for code in sorted(codes | set(FORMAT_CHARACTERS))]


@pytest.fixture
def names_path(tmp_path):
    path = tmp_path / "withheld-names.local.yml"
    path.write_text(f"{PERSON}: {NAME}\n", encoding="utf-8")
    return path


def withheld(event, person_id=PERSON):
    main_transfer(event)["people"] = [{"id": person_id, "name": WITHHELD_NAME, "withheld": True}]
    return event


def refused_locations(path, names_text: str, names_path) -> list[str]:
    """The problems validation finds in `path`, with `names_text` as the names file."""
    names_path.write_text(names_text, encoding="utf-8")
    try:
        read_documents([path], read_withheld_names(names_path))
    except InvalidInput as error:
        return [str(problem) for problem in error.problems]
    return []


# ---------------------------------------------------------------- 8. any spelling


def test_every_invisible_character_inside_or_between_the_words_is_seen_through(tmp_path, event, names_path):
    """Each default-ignorable or format character, inside a word and in place of the
    space: one event per character, all in one batch, every one refused."""
    spellings = [
        spelling
        for character in invisible_characters()
        for spelling in (f"Alena Zhu{character}kava", f"Alena{character}Zhukava")
    ]
    path = tmp_path / "events.ndjson"
    with path.open("w", encoding="utf-8") as handle:
        for number, spelling in enumerate(spellings):
            document = withheld(another(event, f"by-2025-09-11-{number}", dates=event["dates"]))
            document["summary"] = f"Among those freed was {spelling}."
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")
    problems = refused_locations(path, f"{PERSON}: {NAME}\n", names_path)
    refused = {int(line.split(f"{path}:")[1].split(":")[0]) for line in problems
               if "summary: gives the name withheld for" in line}
    missed = [spellings[line - 1] for line in range(1, len(spellings) + 1) if line not in refused]
    assert not missed, [f"U+{ord(spelling[9]):04X}" for spelling in missed[:20]]


@pytest.mark.parametrize("ascii_only", [True, False])
def test_an_invisible_character_written_as_a_json_escape_is_seen_through(tmp_path, event, names_path, ascii_only):
    """NDJSON is searched as it was read: a \\u00ad escape must not hide the name."""
    document = withheld(event)
    document["summary"] = "Among those freed was Alena Zhu\u00adkava."
    path = tmp_path / "events.ndjson"
    path.write_text(json.dumps(document, ensure_ascii=ascii_only) + "\n", encoding="utf-8")
    assert ("\\u00ad" in path.read_text(encoding="utf-8")) == ascii_only
    [line] = refused_locations(path, f"{PERSON}: {NAME}\n", names_path)
    assert f"summary: gives the name withheld for '{PERSON}'" in line


@pytest.mark.parametrize("written", [
    "ALENA ZHUKAVA",  # case
    "alena zhukava",
    "Ａｌｅｎａ Ｚｈｕｋａｖａ",  # fullwidth compatibility forms
    "𝐀𝐥𝐞𝐧𝐚 𝐙𝐡𝐮𝐤𝐚𝐯𝐚",  # mathematical bold
    "Alëna Žhukáva",  # accents added
    "Ale\u0301na Zhu\u0301kava",  # a combining accent
    "Аlеnа Zhukаvа",  # Cyrillic letters that look Latin
    "Алена Жукава",  # the Cyrillic original
    "Alena Žukava",  # a Belarusian Latin spelling
    "Zhukava Alena",  # surname first
    "AlenaZhukava",  # written as one word
])
def test_case_compatibility_forms_accents_and_scripts_are_seen_through(write_yaml, event, names_path, written):
    withheld(event)["summary"] = f"Among those freed was {written}."
    [line] = refused_locations(write_yaml(event), f"{PERSON}: {NAME}\n", names_path)
    assert f"summary: gives the name withheld for '{PERSON}'" in line


@pytest.mark.parametrize("written", ROMANISED)
def test_a_cyrillic_name_is_found_in_its_romanisations(write_yaml, event, names_path, written):
    withheld(event)["notes"] = f"{written} was freed."
    [line] = refused_locations(write_yaml(event), f"{PERSON}: {CYRILLIC}\n", names_path)
    assert f"notes: gives the name withheld for '{PERSON}'" in line


@pytest.mark.parametrize("withheld_as, written", [
    ("Palina Sharenda-Panasiuk", CYRILLIC),
    ("Mikalai Statkevich", "Мікалай Статкевіч"),
    ("Мікалай Статкевіч", "Mikałaj Statkievič"),
    ("Мікалай Статкевіч", "Mikola Statkiewicz"),
    ("Syarhei Tsikhanouski", "Siarhiej Cichanoŭski"),
    ("Сяргей Ціханоўскі", "Syarhei Tsikhanouski"),
    ("Ігар Лосік", "Igor Losik"),
])
def test_a_name_is_found_across_scripts_both_ways(write_yaml, event, names_path, withheld_as, written):
    withheld(event)["summary"] = f"Among them {written}."
    [line] = refused_locations(write_yaml(event), f"{PERSON}: {withheld_as}\n", names_path)
    assert "summary: gives the name withheld for" in line


@pytest.mark.parametrize("written", [
    "Palina Sharenda",  # a part only
    "Polina Ivanova",
    "Sharenda-Panasiuk",
    "Ihar Losik",
    "Palina",  # a first name alone
])
def test_other_names_are_not_taken_for_the_withheld_one(write_yaml, event, names_path, written):
    withheld(event)["summary"] = f"Among them {written}."
    assert refused_locations(write_yaml(event), f"{PERSON}: {CYRILLIC}\n", names_path) == []


@pytest.mark.parametrize("person_id, word", [
    ("sharenda-2025", "sharenda"),  # as written
    ("sharendo-2025", "sharenda"),  # as it sounds: the Russian form
    ("szarendo-1", "sharenda"),  # Polish
    ("polina-1", "palina"),
    ("panasyuk", "panasyuk"),
])
def test_an_id_that_gives_a_cyrillic_name_is_refused(write_yaml, event, names_path, person_id, word):
    withheld(event, person_id)
    lines = refused_locations(write_yaml(event), f"{person_id}: {CYRILLIC}\n", names_path)
    assert [line.split(": ", 1)[1] for line in lines] == [
        f"{PEOPLE}[0].id: {person_id!r} gives {word!r} of the withheld name ({names_path}:1); "
        "accepted: an id that does not reveal the name"
    ]


def test_an_id_of_the_curators_choosing_is_accepted_for_a_cyrillic_name(write_yaml, event, names_path):
    assert refused_locations(write_yaml(withheld(event)), f"{PERSON}: {CYRILLIC}\n", names_path) == []


def test_the_database_check_sees_through_invisible_characters(tmp_path, write_yaml, event, names_path):
    """Given before anyone withheld it, with a soft hyphen inside: withholding is refused
    until `tracker redact` has removed it, which finds it too."""
    db = tmp_path / "t.db"
    tracker = [str(TRACKER), "--db", str(db)]
    names_path.write_text(f"{PERSON}: {NAME}\n", encoding="utf-8")
    published = dict(event, summary="Alena Zhu\u00adkava was among them.")
    subprocess.run([*tracker, "ingest", str(write_yaml(published, "a.yml"))], check=True)
    withholding = [*tracker, "ingest", "--update", "--withheld-names", str(names_path),
                   str(write_yaml(withheld(dict(event, summary="One asked to stay unnamed.")), "b.yml"))]
    refused = subprocess.run(withholding, capture_output=True, text=True)
    assert refused.returncode == 1
    assert "the database already gives the name withheld for" in refused.stderr
    assert "events by-2025-09-11 (summary)" in refused.stderr
    redacted = subprocess.run([*tracker, "redact", "--withheld-names", str(names_path)],
                              capture_output=True, text=True)
    assert redacted.returncode == 0, redacted.stderr
    assert "replaced by 'Name withheld' in: events by-2025-09-11 (summary)" in redacted.stdout
    assert subprocess.run(withholding, capture_output=True, text=True).returncode == 0
    assert "zhukava" not in readable(db.read_bytes().decode("utf-8", "replace"))


# ---------------------------------------------------------------- 9. published, then withheld


def test_redact_makes_a_named_person_the_withheld_one_the_database_knows(tmp_path, write_yaml, event, names_path):
    """One event withholds the person, another (ingested without the names) named them:
    after `redact` both list the one withheld person, and the database is sound."""
    db = tmp_path / "t.db"
    tracker = [str(TRACKER), "--db", str(db)]
    subprocess.run([*tracker, "ingest", str(write_yaml(withheld(another(event, "by-2025-09-11")),
                                                       "a.yml"))], check=True)
    named = another(event, "by-2025-06-21")
    main_transfer(named)["people"] = [{"name": NAME, "nationalities": ["LT"]},
                                      {"name": "Ihar Losik"}]
    subprocess.run([*tracker, "ingest", str(write_yaml(named, "b.yml"))], check=True)
    result = subprocess.run([*tracker, "redact", "--withheld-names", str(names_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"people: a named person is now withheld as {PERSON} (in by-2025-06-21)")
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT id, name, nationalities, withheld FROM people ORDER BY id").fetchall() == [
        ("ihar-losik", "Ihar Losik", "[]", 0), (PERSON, WITHHELD_NAME, '["LT"]', 1)]
    assert conn.execute("SELECT event_id, person_id FROM transfer_people ORDER BY 1, 2").fetchall() == [
        ("by-2025-06-21", "ihar-losik"), ("by-2025-06-21", PERSON), ("by-2025-09-11", PERSON)]
    conn.close()
    assert subprocess.run([*tracker, "check"], capture_output=True).returncode == 0


def test_redact_refuses_a_name_inside_an_id_and_changes_nothing(tmp_path, write_yaml, event, names_path):
    db = tmp_path / "t.db"
    tracker = [str(TRACKER), "--db", str(db)]
    subprocess.run([*tracker, "ingest", str(write_yaml(dict(event, id="by-2025-alena-zhukava"), "a.yml"))],
                   check=True)
    before = db.read_bytes()
    result = subprocess.run([*tracker, "redact", "--withheld-names", str(names_path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Error: {db}: a withheld name is part of an id, which redaction cannot change: "
        "events #1 (id")
    assert "rebuild with `tracker build --replace`" in result.stderr
    assert db.read_bytes() == before


def test_withholding_a_published_person_without_the_name_is_refused(tmp_path, write_yaml, event):
    """Without the names file ingest cannot search for the name; an update that withholds
    someone where the event named someone is refused, and nothing is written."""
    db = tmp_path / "t.db"
    main_transfer(event)["people"] = [{"name": NAME}]
    subprocess.run([str(TRACKER), "--db", str(db), "ingest", str(write_yaml(event, "a.yml"))],
                   check=True)
    before = db.read_bytes()
    result = subprocess.run(
        [str(TRACKER), "--db", str(db), "ingest", "--update",
         str(write_yaml(withheld(event), "b.yml"))],
        capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert re.search(rf"b\.yml:\d+: transfers\[0\]\.people\[0\]\.id: '{PERSON}' is withheld where "
                     "the earlier version of this event named someone it no longer lists",
                     result.stderr), result.stderr
    assert db.read_bytes() == before


def _event(event_id: str, people=(), **fields) -> dict:
    return {
        "format": 2, "id": event_id, "title": "Belarus frees political prisoners",
        "type": "pardon", "dates": [{"step": "released", "date": event_id.removeprefix("by-")}],
        "transfers": [{"from": "BY", "status": "carried_out", "people": list(people)}],
        "sources": [{"id": "monitor", "title": "Political prisoners pardoned"}], **fields,
    }


def _write(path, document) -> str:
    YAML().dump(document, path.open("w", encoding="utf-8"))
    return str(path)


@pytest.fixture(scope="module")
def redacted(curated_db, tmp_path_factory):
    """The curated database, plus a person published under several spellings (their
    people row and alias, summaries, another event's statement and notes, a file name,
    the history), then withheld: `tracker redact`, then the edited files ingested, while
    `tracker serve` serves it.

    Yields the published database as that server serves it, and what the commands said.
    """
    work = tmp_path_factory.mktemp("redacted")
    db = work / "tracker.db"
    shutil.copy(curated_db, db)
    tracker = [str(TRACKER), "--db", str(db)]
    first = _event("by-2025-10-01", summary="Polina Sharendo-Panasyuk was among them.",
                   people=[{"name": "Palina Sharenda-Panasiuk", "aliases": [CYRILLIC]},
                           {"name": "Ihar Losik"}])
    second = _event("by-2025-10-02", notes="Pali\u00adna Sharenda-Panasiuk was freed the day before.",
                    statements=[{"by": "BY", "gist": "Sharenda-Panasiuk, Palina, thanked the mediators",
                                 "stance": "welcomed"}])
    # A file named after the person: ingest records its name in its run and revisions.
    named_file = _write(work / "palina-sharenda-panasiuk.yml", first)
    subprocess.run([*tracker, "ingest", named_file, _write(work / "second.yml", second)],
                   check=True)
    subprocess.run([*tracker, "ingest", "--update",
                    _write(work / "update.yml", first | {"title": "Updated"})], check=True)

    names = work / "withheld-names.local.yml"
    names.write_text(f"{PERSON}: {CYRILLIC}\n", encoding="utf-8")
    first_withheld = _event(
        "by-2025-10-01", summary="One of them asked the monitor to withhold the name.",
        people=[{"id": PERSON, "name": WITHHELD_NAME, "withheld": True}, {"name": "Ihar Losik"}],
    )
    second_clean = second | {"notes": "Freed the day before.",
                             "statements": [{"by": "BY", "gist": "Thanked the mediators",
                                             "stance": "welcomed"}]}
    edited = [_write(work / "a.yml", first_withheld), _write(work / "b.yml", second_clean)]
    ingest = [*tracker, "ingest", "--update", "--withheld-names", str(names), *edited]

    # All of it while a real server serves the database, as it would be in use.
    with tracker_serve(db) as (base_url, _):
        before = db.read_bytes()
        said = {"refused": subprocess.run(ingest, capture_output=True, text=True)}
        said["untouched"] = db.read_bytes() == before
        said["redact"] = subprocess.run([*tracker, "redact", "--withheld-names", str(names)],
                                        capture_output=True, text=True)
        said["file after redact"] = "\n".join(
            path.read_bytes().decode("utf-8", "replace") for path in work.glob("tracker.db*")
        )
        said["ingest"] = subprocess.run(ingest, capture_output=True, text=True)
        said["check"] = subprocess.run([*tracker, "check"], capture_output=True, text=True)
        said["history"] = subprocess.run([*tracker, "history", "by-2025-10-01"],
                                         capture_output=True, text=True)
        yield Published(db, base_url, work, asked=[CYRILLIC, *ROMANISED[:4]]), said


def test_ingest_refuses_to_withhold_a_published_name_until_redact_has_run(redacted):
    _, said = redacted
    assert said["refused"].returncode == 1
    assert re.search(r"a\.yml:\d+: transfers\[0\]\.people\[0\]\.id: the database already gives the name "
                     f"withheld for '{PERSON}'", said["refused"].stderr)
    for place in ("events by-2025-10-01 (summary)", "events by-2025-10-02 (notes)",
                  "statements by-2025-10-02/0 (gist)", "event_revisions", "ingest_runs"):
        assert place in said["refused"].stderr
    assert "run `tracker redact` first" in said["refused"].stderr
    assert said["untouched"]


def test_redact_says_what_it_changed_and_leaves_a_sound_database(redacted):
    _, said = redacted
    assert said["redact"].returncode == 0, said["redact"].stderr
    lines = said["redact"].stdout.splitlines()
    assert lines[0] == (f"people: a named person is now withheld as {PERSON} "
                        "(in by-2025-10-01)")
    assert lines[1].startswith("replaced by 'Name withheld' in: ")
    for place in ("events by-2025-10-01 (summary)", "events by-2025-10-02 (notes)",
                  "statements by-2025-10-02/0 (gist)", "(file)", "(document)",
                  "ingest_runs 2 (files)"):
        assert place in lines[1]
    assert lines[-1].endswith("withheld names removed; file rewritten, so that no free page "
                              "or log keeps one")
    assert said["ingest"].returncode == 0, said["ingest"].stderr
    assert said["ingest"].stdout.strip() == "0 created, 2 updated, 0 unchanged"
    assert said["check"].returncode == 0, said["check"].stderr
    # The history still says what changed, with the person withheld in every version.
    assert said["history"].returncode == 0
    assert "3 changes" in said["history"].stdout


def test_no_page_of_the_file_keeps_the_name_once_redacted(redacted):
    """The raw bytes of the database and its write-ahead log, right after `redact`."""
    _, said = redacted
    found = readable(said["file after redact"])
    assert [word for word in SPELLING_WORDS if word in found] == []


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_redacted_name_is_published_nowhere(redacted, output):
    published, _ = redacted
    words_found(published, output, SPELLING_WORDS, shown=PERSON)
