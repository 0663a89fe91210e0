"""A citable data release: the dataset of one git commit, under a semantic version.

`tracker release VERSION` builds the curated data of the repository's last commit into a
folder that holds everything a researcher cites and checks:

    release-tracker-1.2.0/
        datapackage/          the Frictionless data package (tracker export datapackage)
        release-tracker.db    the SQLite database, compacted, in rollback-journal mode
        CHANGES.md            what changed since the previous release, event by event
        CITATION.cff          how to cite this version (Citation File Format 1.2.0)
        SHA256SUMS            the SHA-256 of every other file (`sha256sum -c SHA256SUMS`)

and records the release in the repository as `releases/VERSION.yml`, a small manifest
(version, date, the commit it was built from, the previous release, the checksums), to be
committed. The previous release is the greatest version those manifests record; its
events are rebuilt from its commit (`git archive`), so the changelog compares what each
release holds, field by field. A release is built only from data that git holds as
committed, so checking out its commit and running the same command with the same
`--date` gives the same data package, changelog and citation, byte for byte (the
database holds the time of its build).
"""

import hashlib
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from io import BytesIO
from pathlib import Path

import semver
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .. import about
from ..errors import InvalidInput
from ..store.build import build_database
from ..store.db import connect_readonly
from ..store.history import differences
from ..store.nested import iter_event_documents
from .datapackage import export_datapackage
from .withheld import WithheldNames

RELEASES = "releases"
PACKAGE = "datapackage"
DATABASE = f"{about.NAME}.db"
CHANGES = "CHANGES.md"
CITATION = "CITATION.cff"
CHECKSUMS = "SHA256SUMS"
CFF_VERSION = "1.2.0"
ACCEPTED_VERSION = "a semantic version MAJOR.MINOR.PATCH such as 1.0.0 (semver.org)"


class ReleaseError(Exception):
    """A release that cannot be made; nothing was written."""


@dataclass(frozen=True)
class Recorded:
    """A release recorded in the repository by its manifest."""

    version: semver.Version
    date: str
    commit: str
    data: str  # the data folder, relative to the repository's top
    manifest: Path


@dataclass
class Changelog:
    previous: Recorded | None
    added: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, list[str]]] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)


@dataclass
class ReleaseReport:
    version: str
    folder: Path
    manifest: Path
    commit: str
    events: int
    changelog: Changelog


# ---------------------------------------------------------------- git


def _git(repository: Path, *arguments: str) -> bytes:
    try:
        return subprocess.run(
            ["git", "-C", str(repository), *arguments], check=True, capture_output=True
        ).stdout
    except FileNotFoundError as error:
        raise ReleaseError("git is not installed; a release records the commit it is built from") from error
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReleaseError(f"git {arguments[0]}: {message[-1] if message else 'failed'}") from error


def repository_of(data_dir: Path) -> Path:
    """The top folder of the git repository that holds `data_dir`."""
    if not data_dir.is_dir():
        raise ReleaseError(f"{data_dir}: no such folder; accepted: the curated data folder")
    try:
        top = subprocess.run(
            ["git", "-C", str(data_dir), "rev-parse", "--show-toplevel"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    except FileNotFoundError as error:
        raise ReleaseError("git is not installed; a release records the commit it is built from") from error
    except subprocess.CalledProcessError as error:
        raise ReleaseError(
            f"{data_dir}: not in a git repository; accepted: a data folder committed in git, "
            "since a release records the commit it is built from"
        ) from error
    return Path(top)


def _require_committed(repository: Path, data_dir: Path) -> None:
    """Every file of the data folder as the last commit holds it (ignored files aside:
    the local file of withheld names is never committed)."""
    status = _git(repository, "status", "--porcelain", "--untracked-files=all", "--",
                  str(data_dir.resolve()))
    changed = [line[3:] for line in status.decode("utf-8", "replace").splitlines()]
    if changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        raise ReleaseError(
            f"{data_dir}: not committed: {shown}; a release is built from a commit: commit "
            "or remove these changes first"
        )


def _extract_data(repository: Path, commit: str, data: str, into: Path) -> Path:
    """The data folder as a commit held it, written under `into`."""
    archive = _git(repository, "archive", "--format=tar", commit, "--", data)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / data


# ---------------------------------------------------------------- versions


def parse_version(text: str) -> semver.Version:
    try:
        return semver.Version.parse(text)
    except ValueError as error:
        raise ReleaseError(f"version {text!r} is not {ACCEPTED_VERSION}") from error


def recorded_releases(repository: Path) -> list[Recorded]:
    """The releases that the repository's manifests record, oldest first."""
    found = []
    for manifest in sorted((repository / RELEASES).glob("*.yml")):
        try:
            content = YAML(typ="safe").load(manifest.read_text(encoding="utf-8"))
            found.append(Recorded(
                version=semver.Version.parse(str(content["version"])),
                date=str(content["date"]), commit=str(content["commit"]),
                data=str(content["data"]), manifest=manifest,
            ))
        except (YAMLError, TypeError, KeyError, ValueError) as error:
            raise ReleaseError(
                f"{manifest}: not a release manifest ({' '.join(str(error).split())}); "
                "accepted: the version, date, "
                "commit and data that `tracker release` writes"
            ) from error
    return sorted(found, key=lambda release: release.version)


def _previous(version: semver.Version, releases: list[Recorded], repository: Path) -> Recorded | None:
    if not releases:
        return None
    latest = releases[-1]
    if version <= latest.version:
        relative = latest.manifest.relative_to(repository)
        raise ReleaseError(
            f"version {version} is not greater than the latest release {latest.version} "
            f"({relative}); accepted: {ACCEPTED_VERSION}, greater than {latest.version}"
        )
    return latest


# ---------------------------------------------------------------- the changelog


def _documents(db: Path) -> dict[str, dict]:
    conn = connect_readonly(db)
    try:
        return {document["id"]: document for document in iter_event_documents(conn)}
    finally:
        conn.close()


def compare(before: dict[str, dict], after: dict[str, dict], previous: Recorded | None) -> Changelog:
    """What changed from one release's events to the next: added, changed (field by
    field) and removed, each in the order of their ids."""
    log = Changelog(previous)
    for event_id in sorted(before.keys() | after.keys()):
        if event_id not in before:
            log.added.append(after[event_id])
        elif event_id not in after:
            log.removed.append(before[event_id])
        elif before[event_id] != after[event_id]:
            log.changed.append((after[event_id], differences(before[event_id], after[event_id])))
    return log


def changelog_text(version: str, released: str, commit: str, events: int, log: Changelog) -> str:
    lines = [f"# {about.TITLE} {version}", "",
             f"Released {released}, built from commit {commit}: {events} events.", ""]
    if log.previous is None:
        lines += ["The first release.", ""]
        return "\n".join(lines)
    previous = log.previous
    lines += [
        f"Changes since {previous.version} (released {previous.date}, commit "
        f"{previous.commit}): {len(log.added)} events added, {len(log.changed)} changed, "
        f"{len(log.removed)} removed.", "",
    ]

    def listed(title: str, documents: Iterable[dict]) -> None:
        documents = list(documents)
        if documents:
            lines.extend([f"## {title}", ""])
            lines.extend(f"- `{document['id']}`: {document['title']}" for document in documents)
            lines.append("")

    listed("Added", log.added)
    if log.changed:
        lines.extend(["## Changed", ""])
        for document, fields in log.changed:
            lines.append(f"- `{document['id']}`: {document['title']}")
            lines.extend(f"  - `{line}`" for line in fields)
        lines.append("")
    listed("Removed", log.removed)
    return "\n".join(lines)


# ---------------------------------------------------------------- citation and checksums


def citation(version: str, released: str, repository_url: str) -> dict:
    """The release's CITATION.cff, as data (Citation File Format 1.2.0)."""
    return {
        "cff-version": CFF_VERSION,
        "message": "If you use this dataset, please cite this version of it as below.",
        "type": "dataset",
        "title": f"{about.TITLE}: {about.DESCRIPTION.lower()}",
        "abstract": about.DESCRIPTION + ".",
        "version": version,
        "date-released": released,
        "authors": [dict(author) for author in about.AUTHORS],
        "license": about.LICENSE_ID,
        "repository": repository_url,
        "keywords": list(about.KEYWORDS),
    }


def _dump_yaml(data: dict, path: Path) -> None:
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096
    with path.open("x", encoding="utf-8") as out:
        yaml.dump(data, out)


def file_checksums(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under `folder`, by path relative to it, sorted."""
    sums = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as handle:
                sums[path.relative_to(folder).as_posix()] = hashlib.file_digest(
                    handle, "sha256").hexdigest()
    return sums


def repository_address(repository: Path, given: str | None) -> str:
    """The public address of the repository: given, or git's `origin` remote."""
    address = given
    if address is None:
        try:
            address = _git(repository, "remote", "get-url", "origin").decode().strip()
        except ReleaseError:
            address = ""
    if not address.startswith(("https://", "http://")):
        what = f"{address!r} is not a web address" if address else "git has no origin remote"
        raise ReleaseError(
            f"--repository: {what}; accepted: the repository's public https:// address, "
            "cited in CITATION.cff"
        )
    return address


# ---------------------------------------------------------------- the release


def _target(output: Path | None, version: str) -> Path:
    target = output or Path("dist") / f"{about.NAME}-{version}"
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ReleaseError(f"{target}: already exists; accepted: a new or empty folder (-o DIR)")
    return target


def _previous_documents(repository: Path, previous: Recorded, names: WithheldNames,
                        workdir: Path) -> dict[str, dict]:
    data = _extract_data(repository, previous.commit, previous.data, workdir / "previous")
    db = workdir / "previous.db"
    try:
        build_database(data, db, names=names)
    except InvalidInput as error:
        raise ReleaseError(
            f"the previous release {previous.version} (commit {previous.commit}) no longer "
            f"builds: {error.problems[0]}"
        ) from error
    return _documents(db)


def _write_release(folder: Path, db: Path, version: str, released: str, commit: str,
                   log: Changelog, events: int, repository_url: str) -> None:
    source = sqlite3.connect(db)
    try:
        # A compact copy in rollback-journal mode: one file, readable on read-only media.
        source.execute("VACUUM INTO ?", (str(folder / DATABASE),))
    finally:
        source.close()
    packaged = connect_readonly(folder / DATABASE)
    try:
        export_datapackage(packaged, folder / PACKAGE)
    finally:
        packaged.close()
    (folder / CHANGES).write_text(
        changelog_text(version, released, commit, events, log), encoding="utf-8")
    _dump_yaml(citation(version, released, repository_url), folder / CITATION)
    sums = file_checksums(folder)
    (folder / CHECKSUMS).write_text(
        "".join(f"{digest}  {name}\n" for name, digest in sums.items()), encoding="utf-8")


def _write_manifest(path: Path, version: str, released: str, commit: str, data: str,
                    previous: Recorded | None, events: int, sums: dict[str, str]) -> None:
    manifest = {
        "version": version,
        "date": released,
        "commit": commit,
        "data": data,
        "previous": str(previous.version) if previous else None,
        "events": events,
        "sha256": sums,
    }
    path.parent.mkdir(exist_ok=True)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        _dump_yaml(manifest, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def publish_release(
    version_text: str, data_dir: str | Path, output: str | Path | None = None,
    released: Date | None = None, repository_url: str | None = None,
    names: WithheldNames | None = None,
) -> ReleaseReport:
    """Build release VERSION from the committed data folder into `output` (default
    dist/release-tracker-VERSION) and record it as releases/VERSION.yml.

    Everything is checked before anything is written: the version (semantic, greater
    than the latest recorded release), the data folder (committed), the output folder
    (new or empty) and the repository's address. The release folder is written beside
    its place and moved there when complete.
    """
    names = names or WithheldNames()
    data_dir = Path(data_dir)
    version = parse_version(version_text)
    repository = repository_of(data_dir)
    previous = _previous(version, recorded_releases(repository), repository)
    target = _target(Path(output) if output else None, str(version))
    _require_committed(repository, data_dir)
    address = repository_address(repository, repository_url)
    commit = _git(repository, "rev-parse", "HEAD").decode().strip()
    data = data_dir.resolve().relative_to(repository.resolve()).as_posix()
    day = (released or Date.today()).isoformat()
    manifest = repository / RELEASES / f"{version}.yml"

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    with tempfile.TemporaryDirectory(prefix="tracker-release-") as workdir:
        work = Path(workdir)
        try:
            build_database(data_dir, work / "current.db", names=names)
            current = _documents(work / "current.db")
            before = (_previous_documents(repository, previous, names, work)
                      if previous else {})
            log = compare(before, current, previous)
            partial.mkdir()
            _write_release(partial, work / "current.db", str(version), day, commit, log,
                           len(current), address)
            sums = file_checksums(partial)
            if target.exists():
                target.rmdir()
            os.replace(partial, target)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    _write_manifest(manifest, str(version), day, commit, data, previous, len(current), sums)
    return ReleaseReport(str(version), target, manifest, commit, len(current), log)
