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
from tracker.readers import MAX_FILE_BYTES

from conftest import MINIMAL_EVENT
from served import TRACKER

CORPUS = Path(__file__).parent / "bad_input"
EXPECTED = YAML(typ="safe").load((CORPUS / "expected.yml").read_text(encoding="utf-8"))


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
    path = tmp_path / "huge.ndjson"
    line = (json.dumps(MINIMAL_EVENT) + "\n").encode()
    with path.open("wb") as handle:
        for _ in range(MAX_FILE_BYTES // len(line) + 1):
            handle.write(line)
    size = path.stat().st_size
    [problem] = refused(database, "ingest", path)
    assert problem == (f"{path}: file is {size:,} bytes; accepted: at most {MAX_FILE_BYTES:,} "
                       "bytes (split it into several files)")


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
    # Read together, two files whose events pass their own checks share an id.
    shared_id = (f"{CORPUS / 'withheld-name-in-summary.yml'}:1: id: 'by-2025-09-11' is "
                 f"already used at {CORPUS / 'duplicate-ids-in-one-batch.yml'}:1")
    assert any(line.startswith(shared_id) for line in problems)
    expected_count = sum(len(fragments) for fragments in EXPECTED.values()) + 1
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
    assert result.output.strip() == f"Error: {notes}: file is not a database"
    assert notes.read_bytes() == before
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "no" / "such" / "dir.db"),
                                      "ingest", str(good)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "unable to open database file" in result.output
