"""`tracker upgrade FILE|DIR`: format-1 event files rewritten in format 2, in place.

YAML keeps its comments and the styles of its values (a comment follows its value to
the new field: `releasing_state: BY  # …` becomes `from: BY  # …`); JSON, NDJSON and the
CSV template are rewritten in their own layout. Every file is upgraded in memory and
checked first; then each is written beside itself and renamed into place, so a file is
either as it was or wholly upgraded.

In a folder, a person, actor or source declared in more than one file is gathered into
a registry beside the events (`people.yml`, `actors.yml`, `sources.yml`): its every
spelling, once, so that each event's own declaration agrees with it whatever the order
of ingest. Events then cite a shared source by its id.

Format 1 let a file give a withheld person's real name; format 2 never writes it where
git keeps it. The upgrade writes the placeholder instead and moves the name into the
git-ignored names file (`withheld-names.local.yml`) of the folder, or beside the file.
"""

import csv
import io
import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from ..errors import InvalidInput, Problem
from ..reference.countries import UnknownCountry, country_code
from ..reference.names import fold, slugify
from ..schema.format1 import bounded, is_format_1, upgrade_event, withheld_names
from .readers import FORMATS, READERS
from .withheld import LOCAL_SUFFIXES, NAMES_FILE, read_withheld_names

REGISTRY_NAMES = {"sources": "sources.yml", "people": "people.yml", "actors": "actors.yml"}


@dataclass
class UpgradeReport:
    upgraded: list[str] = field(default_factory=list)  # files rewritten
    events: int = 0  # events upgraded in them
    current: list[str] = field(default_factory=list)  # files already in format 2
    registries: list[str] = field(default_factory=list)  # registry files written
    withheld: dict[str, int] = field(default_factory=dict)  # names file -> names moved there

    def summary(self) -> str:
        text = (f"{len(self.upgraded)} file(s) upgraded to format 2 ({self.events} events), "
                f"{len(self.current)} already in format 2")
        if self.registries:
            text += f"; shared records gathered in {', '.join(self.registries)}"
        for path, count in self.withheld.items():
            text += (f"; the real names of {count} withheld people moved to {path}, which "
                     "git ignores: keep it out of the repository")
        return text


def data_files(folder: Path) -> list[Path]:
    """Every event or registry file under a folder, in a stable order; not the local
    files (the withheld names)."""
    return sorted(
        path for path in folder.rglob("*")
        if path.is_file() and path.suffix.lower() in FORMATS and not path.name.startswith(".")
        and not path.name.lower().endswith(LOCAL_SUFFIXES)
    )


# ---------------------------------------------------------------- YAML


class _TextDates(VersionedResolver):
    """Dates stay text, read and written as they are (`date: 2025-09-11`), as the
    readers read them: an impossible date is then reported by the event-file rules."""

    def resolve(self, kind, value, implicit):
        tag = super().resolve(kind, value, implicit)
        return Tag(suffix="tag:yaml.org,2002:str") if tag == "tag:yaml.org,2002:timestamp" else tag


def _round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _TextDates
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    return yaml


def _node(root, path: tuple):
    node = root
    for part in path:
        node = node[part]
    return node


def _carry_comments(old, new, origins: dict[tuple, tuple]) -> None:
    """Move each comment (and flow style) of the old tree to where its value went."""
    if isinstance(old, CommentedMap) and isinstance(new, CommentedMap):
        new.ca.comment = old.ca.comment
    for new_path, old_path in origins.items():
        if not new_path or not old_path:
            continue
        try:
            new_parent, old_parent = _node(new, new_path[:-1]), _node(old, old_path[:-1])
            new_value, old_value = new_parent[new_path[-1]], old_parent[old_path[-1]]
        except (KeyError, IndexError, TypeError):
            continue
        if type(new_parent) is type(old_parent) and hasattr(old_parent, "ca"):
            comment = old_parent.ca.items.get(old_path[-1])
            if comment is not None:
                new_parent.ca.items[new_path[-1]] = comment
        if (isinstance(new_value, (CommentedMap, CommentedSeq)) and new_value is not old_value
                and hasattr(old_value, "fa") and old_value.fa.flow_style()):
            new_value.fa.set_flow_style()
    _flow_lists_in_flow_maps(new)


def _flow_lists_in_flow_maps(node, flow: bool = False) -> None:
    """A list made inside a one-line mapping ({… sources: [x]}) is written on the line."""
    if isinstance(node, CommentedMap):
        flow = flow or node.fa.flow_style()
        for value in node.values():
            if isinstance(value, list) and not isinstance(value, CommentedSeq):
                continue
            _flow_lists_in_flow_maps(value, flow)
    elif isinstance(node, CommentedSeq):
        if flow:
            node.fa.set_flow_style()
        for value in node:
            _flow_lists_in_flow_maps(value, flow)


def _commented(value):
    """Plain lists and dicts the upgrade made, as ruamel nodes."""
    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        return CommentedMap((key, _commented(item)) for key, item in value.items())
    if isinstance(value, CommentedMap):
        for key in list(value):
            value[key] = _commented(value[key])
        return value
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        sequence = CommentedSeq(_commented(item) for item in value)
        if all(isinstance(item, (str, int)) for item in value):
            sequence.fa.set_flow_style()  # sources: [a, b], granted_by: [United States]
        return sequence
    if isinstance(value, CommentedSeq):
        for index, item in enumerate(value):
            value[index] = _commented(item)
        return value
    return value


def _upgrade_yaml_tree(tree):
    """The upgraded tree and how many events it holds."""
    if isinstance(tree, CommentedSeq):
        count = 0
        for index, item in enumerate(tree):
            if is_format_1(item):
                tree[index] = _upgrade_yaml_event(item)
                count += 1
        return tree, count
    if is_format_1(tree):
        return _upgrade_yaml_event(tree), 1
    return tree, 0


def _upgrade_yaml_event(old: CommentedMap) -> CommentedMap:
    upgraded = upgrade_event(old, CommentedMap)
    new = _commented(upgraded.document)
    _carry_comments(old, new, upgraded.origins)
    return new


# ---------------------------------------------------------------- CSV template


def _upgrade_csv_row(row: dict) -> dict:
    status = (row.get("status") or "released").strip()
    releasing = (row.get("releasing_state") or "").strip()
    receiving = (row.get("receiving_state") or "").strip()
    how = "unknown"
    if receiving and _code(receiving) != _code(releasing):
        how = "handed_over"
    flag = {"true": True, "yes": True, "1": True}

    def count(column):
        value = (row.get(column) or "").strip()
        lower = flag.get((row.get(f"{column}_lower_bound") or "").strip().lower(), False)
        return str(bounded(value, lower)) if value else ""

    new = {"format": "2"}
    for column in ("id", "title", "summary", "type", "track"):
        new[column] = row.get(column) or ""
    new["part_of"] = ""
    new["notes"] = row.get("notes") or ""
    new["date_step"] = "announced" if status == "announced" else "released"
    new["date"] = row.get("date") or ""
    new |= {"from": releasing, "to": receiving, "how": how,
            "status": "announced" if status == "announced" else "carried_out",
            "count": count("total_released"), "political": "all",
            "foreign": count("foreign_nationals")}
    for column in ("nationalities", "people", "actors", "source_id", "source_title",
                   "source_publisher", "source_url", "source_published"):
        new[column] = row.get(column) or ""
    new["source_language"] = ""
    return new


def _code(text: str) -> str | None:
    try:
        return country_code(text) if text else None
    except UnknownCountry:
        return None


def _upgrade_csv(text: str) -> tuple[str, int]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    if "format" in (reader.fieldnames or []):
        return text, 0
    rows = [_upgrade_csv_row(row) for row in reader]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(_upgrade_csv_row({})),
                            lineterminator="\r\n" if "\r\n" in text else "\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue(), len(rows)


# ---------------------------------------------------------------- files


@dataclass
class _Planned:
    path: Path
    text: str
    events: int
    documents: list  # the upgraded documents, for the registries and checks
    lines: list[int | None]  # the line of each document in the old file
    withheld: dict[str, str]  # the real names it gave withheld people, by id


def _plan(path: Path) -> _Planned:
    """The upgraded text of one file (unchanged when it is already format 2)."""
    fmt = FORMATS.get(path.suffix.lower())
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise InvalidInput([Problem(str(path), None, "", f"cannot read: {error.strerror}")])
    except UnicodeDecodeError:
        raise InvalidInput([Problem(str(path), None, "", "not UTF-8 text; accepted: UTF-8")])
    if not text.strip():
        raise InvalidInput([Problem(str(path), None, "", "file is empty; accepted: one or more events")])
    if fmt == "csv":
        new_text, count = _upgrade_csv(text)
    elif fmt == "ndjson":
        new_text, count = _upgrade_ndjson(text)
    elif fmt == "json":
        new_text, count = _upgrade_json(path, text)
    else:
        new_text, count = _upgrade_yaml(path, text)
    documents, lines, withheld = [], [], {}
    if count:
        for item in _read_text(path, new_text, fmt):
            documents.append(item.data)
            lines.append(item.line)
        # The CSV template cannot withhold.
        for item in _read_text(path, text, fmt) if fmt != "csv" else []:
            if isinstance(item.data, dict) and is_format_1(item.data):
                withheld |= withheld_names(item.data)
    return _Planned(path, new_text, count, documents, lines, withheld)


def _read_text(path: Path, text: str, fmt: str):
    if fmt == "ndjson":
        return [type("Line", (), {"data": json.loads(line), "line": number})
                for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    return READERS[fmt](str(path), text)


def _upgrade_yaml(path: Path, text: str) -> tuple[str, int]:
    # The reader first: it refuses what YAML allows and a file must not hold (aliases
    # that expand without end, tags), each at its line, before the tree is walked.
    READERS["yaml"](str(path), text)
    tree, count = _upgrade_yaml_tree(_round_trip_yaml().load(text))
    if not count:
        return text, 0
    out = io.StringIO()
    _round_trip_yaml().dump(tree, out)
    return out.getvalue(), count


def _upgrade_json(path: Path, text: str) -> tuple[str, int]:
    READERS["json"](str(path), text)
    data = json.loads(text)
    items = data if isinstance(data, list) else [data]
    upgraded = [upgrade_event(item).document if is_format_1(item) else item for item in items]
    count = sum(1 for item in items if is_format_1(item))
    if not count:
        return text, 0
    result = upgraded if isinstance(data, list) else upgraded[0]
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n", count


def _upgrade_ndjson(text: str) -> tuple[str, int]:
    lines, count = [], 0
    for line in text.splitlines():
        if not line.strip():
            lines.append(line)
            continue
        item = json.loads(line)
        if is_format_1(item):
            item = upgrade_event(item).document
            count += 1
            line = json.dumps(item, ensure_ascii=False)
        lines.append(line)
    return ("\n".join(lines) + "\n", count) if count else (text, 0)


def _check(planned: list[_Planned], registries: dict[Path, str]) -> list[Problem]:
    """The upgraded files, registries first, must be taken by an ingest into an empty
    database (checked in memory, nothing written): valid in format 2, and agreeing with
    one another about every shared record. Files already in format 2 among them are read
    for what they declare, not judged."""
    from ..store.ingest import check_files

    with tempfile.TemporaryDirectory(prefix="tracker-upgrade-") as folder:
        originals: dict[str, str] = {}
        paths = []
        for number, (path, text) in enumerate(
            [*registries.items(), *((plan.path, plan.text) for plan in planned)]
        ):
            copy = Path(folder) / f"{number:05d}-{path.name}"
            copy.write_text(text, encoding="utf-8")
            originals[str(copy)] = str(path)
            paths.append(copy)
        try:
            check_files(":memory:", paths)
        except InvalidInput as error:
            written = {str(path) for path in registries} | {
                str(plan.path) for plan in planned if plan.events}
            return [
                Problem(originals.get(problem.file, problem.file), problem.line, problem.path,
                        f"{problem.message} (after upgrading; fix it in the file, then "
                        "upgrade again)")
                for problem in error.problems
                if originals.get(problem.file, problem.file) in written
            ]
    return []


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.upgrading")
    try:
        with open(partial, "x", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def upgrade(paths: list[str | Path]) -> UpgradeReport:
    """Upgrade files and folders in place; InvalidInput, and nothing written, when a file
    cannot be read or an upgraded event would not be valid."""
    report = UpgradeReport()
    planned: list[_Planned] = []
    moved: dict[Path, dict[str, str]] = {}  # names file -> withheld names to move there
    # A folder is a dataset, checked as one (with the registries of its shared records);
    # a file given alone is checked alone.
    groups: list[tuple[list[_Planned], dict[Path, str]]] = []
    for given in map(Path, paths):
        group = []
        for path in data_files(given) if given.is_dir() else [given]:
            try:
                group.append(_plan(path))
            except (json.JSONDecodeError, csv.Error) as error:
                raise InvalidInput([Problem(str(path), getattr(error, "lineno", None), "",
                                            f"cannot be read: {error}")])
        upgraded = [plan for plan in group if plan.events]
        registries = shared_records(given, upgraded) if given.is_dir() else {}
        groups.append((group, registries))
        planned += group
        for plan in upgraded:
            if plan.withheld:
                names_path = (given if given.is_dir() else plan.path.parent) / NAMES_FILE
                moved.setdefault(names_path, {}).update(plan.withheld)
    problems = [problem for group, registries in groups for problem in _check(group, registries)]
    if problems:
        raise InvalidInput(problems)
    registries = {path: text for _, group_registries in groups
                  for path, text in group_registries.items()}
    # The names first: an event file is rewritten without them only once they are kept.
    for path, names in moved.items():
        report.withheld[str(path)] = _move_withheld_names(path, names)
    for path, text in registries.items():
        _write(path, text)
        report.registries.append(str(path))
    for plan in planned:
        if plan.events:
            _write(plan.path, plan.text)
            report.upgraded.append(str(plan.path))
            report.events += plan.events
        else:
            report.current.append(str(plan.path))
    return report


def _move_withheld_names(path: Path, names: dict[str, str]) -> int:
    """Add names to a names file (created if need be) under ids it does not list yet;
    how many were added."""
    known = read_withheld_names(path).spellings if path.exists() else {}
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    added = {person_id: name for person_id, name in names.items() if person_id not in known}
    if text and not text.endswith("\n"):
        text += "\n"
    # A JSON string is a YAML scalar, whatever characters the name holds.
    text += "".join(f"{person_id}: {json.dumps(name, ensure_ascii=False)}\n"
                    for person_id, name in added.items())
    _write(path, text)
    return len(added)


# ---------------------------------------------------------------- registries


def _declarations(document: dict) -> Iterator[tuple[str, dict]]:
    """("people" | "actors" | "sources", declaration) of every record an event declares."""
    for transfer in document.get("transfers") or []:
        for person in transfer.get("people") or []:
            if not person.get("withheld") and person.get("name"):
                yield "people", person
        if isinstance(transfer.get("held_by"), dict):
            yield "actors", transfer["held_by"]
    for actor in document.get("actors") or []:
        yield "actors", actor
    for concession in document.get("concessions") or []:
        for side in ("granted_by", "beneficiaries"):
            for reference in concession.get(side) or []:
                if isinstance(reference, dict):
                    yield "actors", reference
    for statement in document.get("statements") or []:
        if isinstance(statement.get("by"), dict):
            yield "actors", statement["by"]
    for count in document.get("prisoner_counts") or []:
        if isinstance(count.get("according_to"), dict):
            yield "actors", count["according_to"]
    for source in document.get("sources") or []:
        if isinstance(source, dict):
            yield "sources", source


def _keys(kind: str, declaration: dict) -> set:
    """What identifies a record across files, as format 1 matched them."""
    if kind == "sources":
        return {declaration["id"]}
    names = [declaration.get("name"), *(declaration.get("aliases") or [])]
    keys = {fold(name) for name in names if name}
    if declaration.get("id"):
        keys.add(("id", declaration["id"]))
    if kind == "actors":
        keys = {(declaration.get("kind"), key) for key in keys}
        country = declaration.get("country") or (
            _code(declaration.get("name") or "") if declaration.get("kind") == "state" else None)
        if declaration.get("kind") == "state" and country:
            keys.add(("state", country))
    return keys


def _merge(kind: str, group: list[dict]) -> dict:
    first = group[0]
    if kind == "sources":
        record = {"id": first["id"]}
        for declaration in group:
            for key, value in declaration.items():
                if value is not None:
                    record.setdefault(key, value)
        return record
    record = {"id": first.get("id") or slugify(first["name"]), "name": first["name"]}
    if kind == "actors":
        record["kind"] = first.get("kind")
        country = next((d.get("country") for d in group if d.get("country")), None)
        if country is None and first.get("kind") == "state":
            country = _code(first["name"])
        if country:
            record["country"] = country
    spellings = []
    for declaration in group:
        for name in (declaration.get("name"), *(declaration.get("aliases") or [])):
            if name and name != record["name"] and fold(name) not in map(fold, spellings):
                spellings.append(name)
    if spellings:
        record["aliases"] = spellings
    if kind == "people":
        nationalities = []
        for declaration in group:
            for code in declaration.get("nationalities") or []:
                if code not in nationalities:
                    nationalities.append(code)
        if nationalities:
            record["nationalities"] = nationalities
    return record


def shared_records(folder: Path, planned: list[_Planned]) -> dict[Path, str]:
    """The registries of records declared in more than one file, and the events
    rewritten to cite shared sources by id. {registry path: text}."""
    groups: dict[str, list[tuple[set, list[dict], set[Path]]]] = {
        "sources": [], "people": [], "actors": []}
    for plan in planned:
        for document in plan.documents:
            if not isinstance(document, dict):
                continue
            for kind, declaration in _declarations(document):
                keys = _keys(kind, declaration)
                matching = [group for group in groups[kind] if group[0] & keys]
                merged = (set(keys), [declaration], {plan.path})
                for group in matching:
                    groups[kind].remove(group)
                    merged = (merged[0] | group[0], group[1] + merged[1], merged[2] | group[2])
                groups[kind].append(merged)
    registries = {}
    for kind, kind_groups in groups.items():
        shared = [_merge(kind, declarations) for keys, declarations, files in kind_groups
                  if len(files) > 1]
        if not shared:
            continue
        registries[folder / REGISTRY_NAMES[kind]] = _registry_text(kind, shared)
        if kind == "sources":
            _cite_shared_sources(planned, {record["id"] for record in shared})
    return registries


def _registry_text(kind: str, records: list[dict]) -> str:
    yaml = _round_trip_yaml()
    out = io.StringIO()
    out.write(f"# Shared {kind}, declared once; `tracker build` reads this file before the "
              "events.\n")
    yaml.dump({"format": 2, kind: records}, out)
    return out.getvalue()


def _cite_shared_sources(planned: list[_Planned], shared: set[str]) -> None:
    """An event cites a source of the registry by its id alone."""
    for plan in planned:
        fmt = FORMATS.get(plan.path.suffix.lower())
        if fmt == "yaml":
            yaml = _round_trip_yaml()
            tree = yaml.load(plan.text)
            for document in (tree if isinstance(tree, list) else [tree]):
                _to_ids(document, shared)
            out = io.StringIO()
            yaml.dump(tree, out)
            plan.text = out.getvalue()
        elif fmt == "json":
            data = json.loads(plan.text)
            for document in (data if isinstance(data, list) else [data]):
                _to_ids(document, shared)
            plan.text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        elif fmt == "ndjson":
            lines = []
            for line in plan.text.splitlines():
                if line.strip():
                    document = json.loads(line)
                    _to_ids(document, shared)
                    line = json.dumps(document, ensure_ascii=False)
                lines.append(line)
            plan.text = "\n".join(lines) + "\n"
        for document in plan.documents:
            _to_ids(document, shared)


def _to_ids(document, shared: set[str]) -> None:
    if not isinstance(document, dict):
        return
    sources = document.get("sources") or []
    for index, source in enumerate(sources):
        if isinstance(source, dict) and source.get("id") in shared:
            sources[index] = source["id"]
