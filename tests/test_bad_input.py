"""A corpus of bad input files: each is refused with one clear line per problem, naming the
file (and line, field and value where there are any) and what is accepted; the command
exits 1, prints no traceback, and the database file stays byte for byte the same."""

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from tracker.cli import cli
from tracker.files.readers import InputLimits

from conftest import MINIMAL_EVENT, refused
from served import TRACKER

CORPUS = Path(__file__).parent / "bad_input"
EXPECTED = YAML(typ="safe").load((CORPUS / "expected.yml").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def withheld_names(tmp_path, monkeypatch):
    """The names file of a curator's machine, for the corpus files that withhold a name."""
    path = tmp_path / "withheld-names.local.yml"
    path.write_text("mikhalevich-2025: Aliaksei Mikhalevich\nprisoner-a: Aliaksei Mikhalevich\n",
                    encoding="utf-8")
    monkeypatch.setenv("TRACKER_WITHHELD_NAMES", str(path))


def test_the_corpus_has_every_file_listed_with_its_problems():
    files = {path.name for path in CORPUS.iterdir() if path.name != "expected.yml"}
    assert files == set(EXPECTED)
    assert len(files) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_is_refused_with_one_line_per_problem(one_event_db, name):
    path = CORPUS / name
    for command in ("ingest", "validate"):
        problems = refused(one_event_db, command, path)
        assert len(problems) == len(EXPECTED[name]), problems
        for line, fragment in zip(problems, EXPECTED[name]):
            assert line.startswith(str(path)), line
            assert fragment in line[len(str(path)):], (line, fragment)


def test_a_file_read_whole_is_refused_above_its_limit_before_it_is_read(one_event_db, tmp_path):
    """The limit is the default's, made small so that the test is (see InputLimits)."""
    limit = 50_000
    path = tmp_path / "huge.json"
    event = (json.dumps(MINIMAL_EVENT) + ",\n").encode()
    with path.open("wb") as handle:
        handle.write(b"[\n")
        for _ in range(limit // len(event) + 1):
            handle.write(event)
        handle.write(b"{}]\n")
    size = path.stat().st_size
    [problem] = refused(one_event_db, "ingest", path, env={InputLimits.FILE_VARIABLE: str(limit)})
    assert problem == (f"{path}: file is {size:,} bytes; accepted: at most {limit:,} bytes "
                       "($TRACKER_MAX_FILE_BYTES; split it, or use NDJSON)")


def test_the_default_limits_are_64_mib_a_file_and_4_mib_an_event(monkeypatch):
    monkeypatch.delenv(InputLimits.FILE_VARIABLE, raising=False)
    monkeypatch.delenv(InputLimits.EVENT_VARIABLE, raising=False)
    assert InputLimits.from_environment() == InputLimits(64 * 1024 * 1024, 4 * 1024 * 1024)


def test_the_whole_corpus_at_once_through_a_real_process(one_event_db):
    """Every problem of every file, each on its own line; no traceback; nothing written."""
    database = one_event_db
    before = database.read_bytes()
    files = [str(CORPUS / name) for name in sorted(EXPECTED)]
    result = subprocess.run([str(TRACKER), "--db", str(database), "ingest", *files],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    *problems, summary = result.stderr.strip().splitlines()
    for name, fragments in EXPECTED.items():
        path = str(CORPUS / name)
        own = [line[len(path):] for line in problems if line.startswith(f"{path}:")]
        assert all(any(fragment in line for line in own) for fragment in fragments), name
    # Read together, files whose events pass their own checks share an id (NDJSON is
    # read a line at a time, so the good line before a broken one is checked too).
    sharing = (("withheld-name-in-summary.yml", 2), ("withheld-id-from-name.yml", 2),
               ("ndjson-broken-line.ndjson", 1))
    for name, line in sharing:
        shared_id = (f"{CORPUS / name}:{line}: id: 'by-2025-09-11' is "
                     f"already used at {CORPUS / 'duplicate-ids-in-one-batch.yml'}:1")
        assert any(problem.startswith(shared_id) for problem in problems), name
    expected_count = sum(len(fragments) for fragments in EXPECTED.values()) + len(sharing)
    assert len(problems) == expected_count
    assert summary == f"Error: {expected_count} problems found; nothing was written."
    assert database.read_bytes() == before


def test_a_database_path_that_is_no_database_is_a_clear_error(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n" * 500)
    before = notes.read_bytes()
    good = tmp_path / "good.json"
    good.write_text(json.dumps(MINIMAL_EVENT))
    result = CliRunner().invoke(cli, ["--db", str(notes), "ingest", str(good)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.strip() == (
        f"Error: {notes} is not a tracker database: it is not an SQLite file (it begins "
        "'not a database\\nnot a'); nothing was written"
    )
    assert notes.read_bytes() == before
    missing = tmp_path / "no" / "such" / "dir.db"
    result = CliRunner().invoke(cli, ["--db", str(missing), "ingest", str(good)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.strip() == (
        f"Error: {missing}: the folder {missing.parent} does not exist; nothing was written"
    )
