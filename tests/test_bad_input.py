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
from tracker.files.readers import MAX_FILE_BYTES, MAX_LINE_BYTES

from conftest import MINIMAL_EVENT
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


@pytest.fixture
def database(tmp_path) -> Path:
    """A database holding one event, as bad input would find it."""
    path = tmp_path / "tracker.db"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(MINIMAL_EVENT))
    result = CliRunner().invoke(cli, ["--db", str(path), "ingest", str(good)])
    assert result.exit_code == 0, result.output
    return path


def refused(database: Path, command: str, *paths: Path) -> list[str]:
    """The problem lines of a command that must refuse its input and write nothing."""
    before = database.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(database), command, *map(str, paths)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert database.read_bytes() == before
    *problems, summary = result.output.strip().splitlines()
    plural = "s" if len(problems) != 1 else ""
    assert summary == f"Error: {len(problems)} problem{plural} found; nothing was written."
    return problems


def test_the_corpus_has_every_file_listed_with_its_problems():
    files = {path.name for path in CORPUS.iterdir() if path.name != "expected.yml"}
    assert files == set(EXPECTED)
    assert len(files) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_is_refused_with_one_line_per_problem(database, name):
    path = CORPUS / name
    for command in ("ingest", "validate"):
        problems = refused(database, command, path)
        assert len(problems) == len(EXPECTED[name]), problems
        for line, fragment in zip(problems, EXPECTED[name]):
            assert line.startswith(str(path)), line
            assert fragment in line[len(str(path)):], (line, fragment)


def test_a_huge_file_is_refused_before_it_is_read(database, tmp_path):
    path = tmp_path / "huge.json"
    event = (json.dumps(MINIMAL_EVENT) + ",\n").encode()
    with path.open("wb") as handle:
        handle.write(b"[\n")
        for _ in range(MAX_FILE_BYTES // len(event) + 1):
            handle.write(event)
        handle.write(b"{}]\n")
    size = path.stat().st_size
    [problem] = refused(database, "ingest", path)
    assert problem == (f"{path}: file is {size:,} bytes; accepted: at most {MAX_FILE_BYTES:,} "
                       "bytes (split it, or use NDJSON)")


def test_a_huge_line_of_ndjson_is_refused_at_its_line(database, tmp_path):
    """NDJSON streams a line at a time, whatever the file's size; a line has a limit."""
    path = tmp_path / "huge.ndjson"
    huge = dict(MINIMAL_EVENT, summary="x" * MAX_LINE_BYTES)
    path.write_text(json.dumps(MINIMAL_EVENT) + "\n" + json.dumps(huge) + "\n")
    [problem] = refused(database, "ingest", path)
    assert problem.startswith(f"{path}:2: line is ")
    assert problem.endswith(f"accepted: at most {MAX_LINE_BYTES:,} bytes per event")


def test_the_whole_corpus_at_once_through_a_real_process(database):
    """Every problem of every file, each on its own line; no traceback; nothing written."""
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
