"""`tracker release`: a citable, checkable, reproducible release of the committed data."""

import hashlib
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from tracker.cli import cli

from conftest import DATA

# The Citation File Format's own schema for version 1.2.0, as the citation-file-format
# project publishes it (CC BY 4.0) and cffconvert 2.0.0 ships it. cffconvert itself pins
# jsonschema 3, which the data package's validator (frictionless) cannot share.
CFF_SCHEMA = Path(__file__).parent / "schemas" / "citation-file-format-1.2.0.json"
ADDRESS = "https://example.org/release-tracker"
GIT_USER = ["-c", "user.name=Curator", "-c", "user.email=curator@example.org"]


def git(repository: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(repository), *GIT_USER, *arguments],
                          check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repository(tmp_path, monkeypatch) -> Path:
    """A git repository holding the curated data, committed; the working folder."""
    top = tmp_path / "repository"
    shutil.copytree(DATA, top / "data", ignore=shutil.ignore_patterns("*.local.yml"))
    git(top.parent, "init", "-q", str(top))
    git(top, "add", "data")
    git(top, "commit", "-q", "-m", "the curated data")
    monkeypatch.chdir(top)
    return top


def release(*arguments: str):
    return CliRunner().invoke(cli, ["release", *arguments, "--repository", ADDRESS])


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder and its bytes, by relative path."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def manifest(repository: Path, version: str) -> dict:
    return YAML(typ="safe").load((repository / "releases" / f"{version}.yml").read_text())


def test_a_release_holds_the_data_package_the_database_its_changes_citation_and_checksums(repository):
    result = release("1.0.0", "--date", "2026-12-01")
    assert result.exit_code == 0, result.output
    folder = repository / "dist" / "release-tracker-1.0.0"
    assert sorted(path.name for path in folder.iterdir()) == [
        "CHANGES.md", "CITATION.cff", "SHA256SUMS", "datapackage", "release-tracker.db"]
    events = len(list((DATA / "events").glob("*.yml")))

    package = json.loads((folder / "datapackage" / "datapackage.json").read_text())
    assert {resource["path"] for resource in package["resources"]} >= {"events.csv", "transfers.csv"}
    conn = sqlite3.connect(f"file:{folder / 'release-tracker.db'}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM events").fetchone() == (events,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()

    # Every other file, checked the way a researcher checks it.
    checked = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=folder,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = [line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()]
    assert listed == sorted(set(tree(folder)) - {"SHA256SUMS"})

    commit = git(repository, "rev-parse", "HEAD")
    recorded = manifest(repository, "1.0.0")
    assert (recorded["version"], recorded["date"], recorded["commit"], recorded["data"],
            recorded["previous"], recorded["events"]) == (
        "1.0.0", "2026-12-01", commit, "data", None, events)
    assert recorded["sha256"] == {name: hashlib.sha256(content).hexdigest()
                                  for name, content in tree(folder).items()}
    changes = (folder / "CHANGES.md").read_text()
    assert f"built from commit {commit}: {events} events" in changes
    assert "The first release." in changes
    assert f"Released 1.0.0 in dist/release-tracker-1.0.0: {events} events" in result.output


def test_its_citation_is_valid_citation_file_format(repository):
    assert release("2.3.4", "--date", "2026-12-01").exit_code == 0
    citation = YAML(typ="safe").load(
        (repository / "dist" / "release-tracker-2.3.4" / "CITATION.cff").read_text())
    schema = json.loads(CFF_SCHEMA.read_text())
    jsonschema.validate(citation, schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert (citation["cff-version"], citation["version"], citation["date-released"],
            citation["license"], citation["repository"]) == (
        "1.2.0", "2.3.4", "2026-12-01", "CC-BY-4.0", ADDRESS)
    assert citation["title"].startswith("Release tracker") and citation["authors"]


def test_the_next_release_lists_what_changed_event_by_event_field_by_field(repository):
    assert release("1.0.0", "--date", "2026-12-01").exit_code == 0
    git(repository, "add", "releases")
    git(repository, "commit", "-q", "-m", "release 1.0.0")
    events = repository / "data" / "events"
    founding = events / "by-2025-09-11.yml"
    # A corrected count, and the claim it is chosen from with it.
    founding.write_text(founding.read_text().replace("count: 52\n", "count: 53\n", 1)
                        .replace("- about: transfers[0].count\n  value: '52'\n",
                                 "- about: transfers[0].count\n  value: '53'\n", 1))
    added = events / "by-2025-09-12.yml"
    added.write_text(founding.read_text().replace("id: by-2025-09-11", "id: by-2025-09-12")
                     .replace("date: 2025-09-11\n", "date: 2025-09-12\n"))
    (events / "ve-2023-12-20.yml").unlink()
    git(repository, "add", "-A", "data")
    git(repository, "commit", "-q", "-m", "corrections")

    result = release("1.1.0", "--date", "2026-12-20")
    assert result.exit_code == 0, result.output
    assert "(since 1.0.0: 1 added, 1 changed, 1 removed)" in result.output
    changes = (repository / "dist" / "release-tracker-1.1.0" / "CHANGES.md").read_text()
    first = manifest(repository, "1.0.0")["commit"]
    assert (f"Changes since 1.0.0 (released 2026-12-01, commit {first}): "
            "1 events added, 1 changed, 1 removed.") in changes
    added_part, rest = changes.split("## Added\n", 1)[1].split("## Changed\n", 1)
    changed_part, removed_part = rest.split("## Removed\n", 1)
    assert "- `by-2025-09-12`: Belarus frees 52" in added_part
    assert "- `by-2025-09-11`: Belarus frees 52" in changed_part
    assert "  - `transfers[0].count: 52 → 53`" in changed_part
    assert "- `ve-2023-12-20`: Venezuela frees ten Americans" in removed_part
    assert manifest(repository, "1.1.0")["previous"] == "1.0.0"


def test_an_earlier_release_is_rebuilt_from_its_commit_byte_for_byte(repository, tmp_path):
    assert release("1.0.0", "--date", "2026-12-01").exit_code == 0
    published = repository / "dist" / "release-tracker-1.0.0"
    recorded = manifest(repository, "1.0.0")
    git(repository, "add", "releases")
    git(repository, "commit", "-q", "-m", "release 1.0.0")
    (repository / "data" / "events" / "ir-2023-09-18.yml").unlink()
    git(repository, "commit", "-q", "-am", "later work")

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repository), str(clone))
    git(clone, "checkout", "-q", recorded["commit"])
    rebuilt = tmp_path / "rebuilt"
    result = CliRunner().invoke(cli, [
        "release", "1.0.0", "--date", recorded["date"], "--data", str(clone / "data"),
        "-o", str(rebuilt), "--repository", ADDRESS])
    assert result.exit_code == 0, result.output

    reproduced = {name: content for name, content in tree(rebuilt).items()
                  if name not in ("release-tracker.db", "SHA256SUMS")}
    assert reproduced == {name: content for name, content in tree(published).items()
                          if name in reproduced}
    assert {name for name in reproduced if name.startswith("datapackage/")} == {
        name for name in tree(published) if name.startswith("datapackage/")}
    assert {name: hashlib.sha256(content).hexdigest() for name, content in reproduced.items()} == {
        name: digest for name, digest in recorded["sha256"].items() if name in reproduced}
    # The database holds the same events; only the time of its build differs.
    for folder in (published, rebuilt):
        conn = sqlite3.connect(folder / "release-tracker.db")
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (recorded["events"],)
        conn.close()


@pytest.mark.parametrize(("version", "message"), [
    ("1.0", "version '1.0' is not a semantic version MAJOR.MINOR.PATCH such as 1.0.0 (semver.org)"),
    ("v1.1.0", "version 'v1.1.0' is not a semantic version"),
    ("1.0.0", "version 1.0.0 is not greater than the latest release 1.0.0 (releases/1.0.0.yml); "
              "accepted: a semantic version MAJOR.MINOR.PATCH such as 1.0.0 (semver.org), "
              "greater than 1.0.0"),
    ("0.9.9", "version 0.9.9 is not greater than the latest release 1.0.0"),
    ("1.0.0-rc.1", "version 1.0.0-rc.1 is not greater than the latest release 1.0.0"),
])
def test_a_bad_version_is_one_line_and_writes_nothing(repository, version, message):
    assert release("1.0.0").exit_code == 0
    before = tree(repository)
    result = release(version)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}")
    assert result.output.endswith("; nothing was written\n") and result.output.count("\n") == 1
    assert tree(repository) == before


def test_uncommitted_data_is_refused(repository):
    (repository / "data" / "events" / "new.yml").write_text("format: 2\n")
    result = release("1.0.0")
    assert result.exit_code == 1
    assert result.output == (
        "Error: data: not committed: data/events/new.yml; a release is built from a commit: "
        "commit or remove these changes first; nothing was written\n")
    assert not (repository / "dist").exists() and not (repository / "releases").exists()


def test_a_citation_needs_the_repository_address(repository):
    result = CliRunner().invoke(cli, ["release", "1.0.0"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: --repository: git has no origin remote; accepted: the repository's public "
        "https:// address, cited in CITATION.cff; nothing was written\n")
    git(repository, "remote", "add", "origin", ADDRESS)
    assert CliRunner().invoke(cli, ["release", "1.0.0"]).exit_code == 0


def test_a_release_folder_is_never_written_over(repository):
    taken = repository / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine")
    result = release("1.0.0", "-o", "taken")
    assert result.output == (
        "Error: taken: already exists; accepted: a new or empty folder (-o DIR); "
        "nothing was written\n")
    assert tree(taken) == {"notes.txt": b"mine"} and not (repository / "releases").exists()


def test_a_manifest_that_is_not_one_is_named(repository):
    (repository / "releases").mkdir()
    (repository / "releases" / "0.1.0.yml").write_text("version: [0.1\n")
    result = release("1.0.0")
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"Error: {repository / 'releases' / '0.1.0.yml'}: not a "
                                    "release manifest (")
    assert result.output.endswith("accepted: the version, date, commit and data that "
                                  "`tracker release` writes; nothing was written\n")
    assert not (repository / "dist").exists()
