"""Reading event files: YAML, JSON, newline-delimited JSON and the flat CSV template.

Each reader turns a file into `Document`s (one per event) with the line each field
came from, so that a problem can be reported at its line.
"""

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import InvalidInput, Problem, format_path

FORMATS = {
    ".yml": "yaml",
    ".yaml": "yaml",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".csv": "csv",
}
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32


@dataclass
class Document:
    """One event as read from a file, before validation."""

    file: str
    data: Any
    line: int | None = None
    prefix: tuple = ()
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, loc: tuple) -> int | None:
        """The line of a field, or of its nearest enclosing field that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.line

    def problem(self, loc: tuple, message: str) -> Problem:
        """A problem at a field of this document, with its file, line and full path."""
        return Problem(
            self.file, self.line_of(loc), format_path(self.prefix + tuple(loc)), message
        )


def read_documents(path: str | Path) -> list[Document]:
    """Every event document in a file; InvalidInput if the file cannot be read as one."""
    path = Path(path)
    name = str(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInput([Problem(
            name, None, "",
            f"unknown file type {path.suffix or '(none)'!r}; accepted: "
            + ", ".join(sorted(FORMATS)),
        )])
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidInput([Problem(
                name, None, "",
                f"file is {size:,} bytes; accepted: at most {MAX_FILE_BYTES:,} bytes "
                "(split it, or use NDJSON)",
            )])
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidInput([Problem(name, None, "", f"cannot read: {error.strerror}")])
    if b"\x00" in raw:
        raise InvalidInput([Problem(
            name, None, "", "binary data (NUL bytes); accepted: UTF-8 text"
        )])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InvalidInput([Problem(
            name, line, "",
            f"byte {raw[error.start]:#04x} is not UTF-8; accepted: UTF-8 text",
        )])
    if not text.strip():
        raise InvalidInput([Problem(name, None, "", "file is empty; accepted: one or more events")])
    return READERS[fmt](name, text)


# ---------------------------------------------------------------- YAML


def _plain(node, loc: tuple, lines: dict, depth: int = 0):
    """A ruamel tree as plain Python values, recording the line of every field."""
    if depth > MAX_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(node, CommentedMap):
        result = {}
        for key, value in node.items():
            key_text = key if isinstance(key, str) else str(key)
            line = node.lc.key(key)[0] + 1
            lines[loc + (key_text,)] = line
            result[key_text] = _plain(value, loc + (key_text,), lines, depth + 1)
        return result
    if isinstance(node, CommentedSeq):
        result = []
        for index, value in enumerate(node):
            lines[loc + (index,)] = node.lc.item(index)[0] + 1
            result.append(_plain(value, loc + (index,), lines, depth + 1))
        return result
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    return node


def _load_yaml(name: str, text: str):
    yaml = YAML(typ="rt")
    try:
        return yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = (error.problem or error.context or "cannot be parsed").strip()
        raise InvalidInput([Problem(name, line, "", f"invalid YAML: {reason}")])
    except (YAMLError, RecursionError, ValueError) as error:
        raise InvalidInput([Problem(name, None, "", f"invalid YAML: {error}")])


def _documents_from_tree(name: str, tree, fmt: str) -> list[Document]:
    lines: dict[tuple, int] = {}
    try:
        data = _plain(tree, (), lines)
    except (ValueError, RecursionError) as error:
        raise InvalidInput([Problem(name, None, "", f"invalid {fmt}: {error}")])
    if isinstance(data, list):
        if not data:
            raise InvalidInput([Problem(name, None, "", "the list is empty; accepted: one or more events")])
        return [
            Document(
                name,
                item,
                lines.get((index,)),
                (index,),
                {key[1:]: line for key, line in lines.items() if key[:1] == (index,)},
            )
            for index, item in enumerate(data)
        ]
    return [Document(name, data, 1, (), lines)]


def read_yaml(name: str, text: str) -> list[Document]:
    return _documents_from_tree(name, _load_yaml(name, text), "YAML")


# ---------------------------------------------------------------- JSON


def _json_problem(name: str, error: json.JSONDecodeError) -> InvalidInput:
    return InvalidInput([Problem(
        name, error.lineno, "", f"invalid JSON: {error.msg} (column {error.colno})"
    )])


def _reject_constant(value):
    raise ValueError(f"{value} is not valid JSON")


def _parse_json(text: str):
    return json.loads(text, parse_constant=_reject_constant)


def read_json(name: str, text: str) -> list[Document]:
    try:
        data = _parse_json(text)
    except json.JSONDecodeError as error:
        raise _json_problem(name, error)
    except (ValueError, RecursionError) as error:
        raise InvalidInput([Problem(name, None, "", f"invalid JSON: {error}")])
    try:
        # JSON is YAML 1.2: the YAML parser gives the line of every field.
        tree = YAML(typ="rt").load(text)
    except (YAMLError, RecursionError, ValueError):
        tree = data
    documents = _documents_from_tree(name, tree, "JSON")
    plain = data if isinstance(data, list) else [data]
    for document, value in zip(documents, plain):
        document.data = value
    return documents


def read_ndjson(name: str, text: str) -> list[Document]:
    documents = []
    problems = []
    for number, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        try:
            data = _parse_json(line)
        except json.JSONDecodeError as error:
            problems.append(Problem(
                name, number, "", f"invalid JSON: {error.msg} (column {error.colno})"
            ))
            continue
        except (ValueError, RecursionError) as error:
            problems.append(Problem(name, number, "", f"invalid JSON: {error}"))
            continue
        documents.append(Document(name, data, number))
    if problems:
        raise InvalidInput(problems)
    return documents


# ---------------------------------------------------------------- CSV template

CSV_COLUMNS = [
    "id", "title", "summary", "type", "status", "track", "date",
    "releasing_state", "receiving_state",
    "total_released", "total_released_lower_bound",
    "foreign_nationals", "foreign_nationals_lower_bound", "notes",
    "nationalities", "people", "actors",
    "source_id", "source_title", "source_publisher", "source_url", "source_published",
]
_INTEGERS = {"total_released", "foreign_nationals"}
_BOOLEANS = {"total_released_lower_bound", "foreign_nationals_lower_bound"}
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0", ""}


class _CellError(ValueError):
    pass


def _integer(text: str):
    if text == "":
        return None
    try:
        return int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise _CellError(f"{text!r} is not a whole number; accepted: digits such as 52, or empty for unknown")


def _boolean(text: str) -> bool:
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise _CellError(f"{text!r} is not true or false; accepted: true, false, yes, no, 1, 0 or empty")


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def _nationalities(text: str) -> list[dict]:
    entries = []
    for item in _items(text):
        country, _, count = item.rpartition(":")
        if not country:
            country, count = item, ""
        entries.append({"country": country.strip(), "count": _integer(count.strip())})
    return entries


def _actors(text: str) -> list[dict]:
    entries = []
    for item in _items(text):
        parts = [part.strip() for part in item.split(":", 2)]
        if len(parts) != 3:
            raise _CellError(
                f"{item!r} is not role:kind:name; accepted: e.g. "
                "'mediator:state:Qatar; delegation_head:person:John Coale'"
            )
        role, kind, name = parts
        entries.append({"name": name, "kind": kind, "role": role})
    return entries


_LISTS = {
    "nationalities": _nationalities,
    "people": lambda text: [{"name": name} for name in _items(text)],
    "actors": _actors,
}


def _cell(row: dict, column: str, parse):
    try:
        return parse((row.get(column) or "").strip())
    except _CellError as error:
        raise _CellError(f"{column}: {error}")


def _csv_event(row: dict) -> dict:
    event: dict[str, Any] = {}
    for column in CSV_COLUMNS[:14]:
        if column in _INTEGERS:
            event[column] = _cell(row, column, _integer)
        elif column in _BOOLEANS:
            event[column] = _cell(row, column, _boolean)
        elif (row.get(column) or "").strip():
            event[column] = row[column].strip()
    for column, parse in _LISTS.items():
        event[column] = _cell(row, column, parse)
    source = {
        key: (row.get(f"source_{key}") or "").strip() or None
        for key in ("id", "title", "publisher", "url", "published")
    }
    event["sources"] = [source] if any(source.values()) else []
    for entry in event["actors"] + event["people"] + event["nationalities"]:
        if source["id"]:
            entry["source"] = source["id"]
    return event


def read_csv(name: str, text: str) -> list[Document]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise InvalidInput([Problem(name, 1, "", f"invalid CSV: {error}")])
    unknown = [column for column in header if column not in CSV_COLUMNS]
    problems = [
        Problem(name, 1, column, f"unknown column; accepted: {', '.join(CSV_COLUMNS)}")
        for column in unknown
    ]
    documents = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(name, reader.line_num, "", f"invalid CSV: {error}"))
            break
        line = reader.line_num
        if None in row:
            problems.append(Problem(name, line, "", "more cells than header columns"))
            continue
        try:
            event = _csv_event(row)
        except _CellError as error:
            problems.append(Problem(name, line, "", str(error)))
            continue
        documents.append(Document(name, event, line))
    if problems:
        raise InvalidInput(problems)
    if not documents:
        raise InvalidInput([Problem(name, None, "", "no rows; accepted: a header and one or more events")])
    return documents


READERS = {"yaml": read_yaml, "json": read_json, "ndjson": read_ndjson, "csv": read_csv}
