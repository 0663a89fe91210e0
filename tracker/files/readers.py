"""Reading event files: YAML, JSON, newline-delimited JSON and the flat CSV template;
and lists of event ids.

Each reader turns a file into `Document`s (one per event) with the line each field
came from, so that a problem can be reported at its line.
"""

import codecs
import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode

from ..errors import InvalidInput, Problem, format_path

FORMATS = {
    ".yml": "yaml",
    ".yaml": "yaml",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".csv": "csv",
}
MAX_DEPTH = 32


@dataclass(frozen=True)
class InputLimits:
    """How much one input may hold, whatever its format.

    Read from the environment when a file is read, so that a deployment can change them
    and tests can run the huge cases small.
    """

    # What is read into memory at once: a YAML, JSON or CSV file, or one NDJSON line.
    file_bytes: int = 64 * 1024 * 1024
    # One event, in any format, measured as compact JSON: what the NDJSON export writes
    # of it, less the spaces after commas and colons.
    event_bytes: int = 4 * 1024 * 1024

    FILE_VARIABLE = "TRACKER_MAX_FILE_BYTES"
    EVENT_VARIABLE = "TRACKER_MAX_EVENT_BYTES"

    @classmethod
    def from_environment(cls) -> "InputLimits":
        return cls(
            file_bytes=_bytes_from_environment(cls.FILE_VARIABLE, cls.file_bytes),
            event_bytes=_bytes_from_environment(cls.EVENT_VARIABLE, cls.event_bytes),
        )


def _bytes_from_environment(variable: str, default: int) -> int:
    text = os.environ.get(variable)
    if text is None:
        return default
    if not re.fullmatch(r"[0-9]+", text.strip()) or int(text) == 0:
        raise InvalidInput([Problem(
            f"${variable}", None, "",
            f"{text!r} is not a number of bytes; accepted: a whole number above 0, "
            f"such as {default} (the default)",
        )])
    return int(text)


@dataclass
class Document:
    """One event as read from a file, before validation."""

    file: str
    data: Any
    line: int | None = None
    prefix: tuple = ()
    lines: dict[tuple, int] = field(default_factory=dict)
    sha256: str | None = None
    json_text: str | None = None  # an NDJSON line as read, searched for withheld names
    # The bytes of JSON text it was read from: its NDJSON line, or its whole JSON file.
    # None for YAML and CSV, which can say more than they write (aliases, list cells).
    json_bytes: int | None = None

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


def _unreadable(name: str, error: OSError) -> InvalidInput:
    return InvalidInput([Problem(name, None, "", f"cannot read: {error.strerror}")])


def _file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInput([Problem(
            str(path), None, "",
            f"unknown file type {path.suffix or '(none)'!r}; accepted: "
            + ", ".join(sorted(FORMATS)),
        )])
    return fmt


def _decode(name: str, raw: bytes, first_line: int = 1) -> str:
    if first_line == 1 and raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InvalidInput([Problem(
            name, None, "", "UTF-16 text; accepted: UTF-8 text (save the file as UTF-8)"
        )])
    if b"\x00" in raw:
        raise InvalidInput([Problem(
            name, first_line if first_line > 1 else None, "",
            "binary data (NUL bytes); accepted: UTF-8 text",
        )])
    try:
        return raw.decode("utf-8-sig" if first_line == 1 else "utf-8")
    except UnicodeDecodeError as error:
        line = first_line + raw[: error.start].count(b"\n")
        raise InvalidInput([Problem(
            name, line, "", f"byte {raw[error.start]:#04x} is not UTF-8; accepted: UTF-8 text"
        )])


@dataclass(frozen=True)
class ListedId:
    """An event id as given: on the command line (`file` is the option) or on a line of
    a file, so that an unknown one can be reported where it was written."""

    id: str
    file: str
    line: int | None = None


def read_id_list(path: str | Path) -> list[ListedId]:
    """The event ids in a text file, one a line; surrounding spaces and blank lines are
    skipped."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise _unreadable(name, error)
    listed = [
        ListedId(line.strip(), name, number)
        for number, line in enumerate(_decode(name, raw).splitlines(), start=1)
        if line.strip()
    ]
    if not listed:
        raise InvalidInput([Problem(name, None, "", "holds no id; accepted: one event id a line")])
    return listed


def iter_documents(path: str | Path) -> Iterator[Document | Problem]:
    """Every event document in a file, or the problems that keep one from being read.

    Newline-delimited JSON is read a line at a time, so files of any size stream;
    the other formats are read whole. Both are limited by `InputLimits.file_bytes`.
    """
    path = Path(path)
    name = str(path)
    try:
        fmt = _file_format(path)
        limits = InputLimits.from_environment()
        if fmt == "ndjson":
            yield from _iter_ndjson(path, limits)
            return
        try:
            size = path.stat().st_size
            if size > limits.file_bytes:
                raise InvalidInput([Problem(
                    name, None, "",
                    f"file is {size:,} bytes; accepted: at most {limits.file_bytes:,} bytes "
                    f"(${InputLimits.FILE_VARIABLE}; split it, or use NDJSON)",
                )])
            raw = path.read_bytes()
        except OSError as error:
            raise _unreadable(name, error)
        text = _decode(name, raw)
        if not text.strip():
            raise InvalidInput([Problem(name, None, "", "file is empty; accepted: one or more events")])
        documents = READERS[fmt](name, text)
        digest = hashlib.sha256(raw).hexdigest()
        for document in documents:
            document.sha256 = digest
        yield from documents
    except InvalidInput as error:
        yield from error.problems


def read_documents(path: str | Path) -> list[Document]:
    """Every event document in a file; InvalidInput if any part cannot be read."""
    documents, problems = [], []
    for item in iter_documents(path):
        (problems if isinstance(item, Problem) else documents).append(item)
    if problems:
        raise InvalidInput(problems)
    return documents


# ---------------------------------------------------------------- YAML


TOO_DEEP = f"nested deeper than {MAX_DEPTH} levels"


class _TreeError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def _plain(node, loc: tuple, lines: dict, budget: list[int], depth: int = 0):
    """A ruamel tree as plain Python values, recording the line of every field.

    A YAML alias repeats a block without repeating its text, and aliases of aliases
    grow exponentially; `budget` (one per value, the file's length) stops that.
    """
    if depth > MAX_DEPTH:
        raise _TreeError(TOO_DEEP, lines.get(loc))
    budget[0] -= 1
    if budget[0] < 0:
        raise _TreeError(
            f"{format_path(loc) or 'the file'}: YAML aliases (*name) expand to more "
            "values than the file has characters; accepted: every value written out",
            lines.get(loc),
        )
    if isinstance(node, CommentedMap):
        result = {}
        for key, value in node.items():
            key_text = _whole_characters(str(key), loc, lines)
            line = node.lc.key(key)[0] + 1
            lines[loc + (key_text,)] = line
            result[key_text] = _plain(value, loc + (key_text,), lines, budget, depth + 1)
        return result
    if isinstance(node, CommentedSeq):
        result = []
        for index, value in enumerate(node):
            lines[loc + (index,)] = node.lc.item(index)[0] + 1
            result.append(_plain(value, loc + (index,), lines, budget, depth + 1))
        return result
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return _whole_characters(str(node), loc, lines)
    return node


_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole_characters(text: str, loc: tuple, lines: dict) -> str:
    """YAML reads the escape \\ud800\\udc00 as two halves of one character: join them.
    Half a character cannot be stored (SQLite text is UTF-8) and is refused."""
    if not _SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        raise _TreeError(
            f"{format_path(loc) or 'a key'}: a \\u escape gives half a character; "
            "accepted: whole Unicode characters",
            lines.get(loc),
        )


class _TextDates(RoundTripConstructor):
    """Dates stay text, so that `2025-13-40` is reported by the event-file rules, at
    its field and line, rather than by the YAML parser with neither."""


_TextDates.add_constructor("tag:yaml.org,2002:timestamp", _TextDates.construct_yaml_str)


_MERGE_TAG = "tag:yaml.org,2002:merge"
_INT_TAG = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"-?[0-9]+")
REPEATED_KEY = "given twice in one mapping"
ACCEPTED_KEYS = "accepted: each key once"


class _Refused(Exception):
    """YAML that JSON could not have said, at its line and field."""

    def __init__(self, line: int, loc: tuple, message: str):
        super().__init__(message)
        self.line, self.loc, self.message = line, loc, message

    def problem(self, name: str) -> Problem:
        return Problem(name, self.line, format_path(self.loc), self.message)


class _PlainComposer(Composer):
    """Composes only what a JSON document could also say, so that a file means the same
    to every reader: no tags (`!foo`, `!!python/object`, `!!int "52"`), no merge keys
    (`<<:`), no key given twice, whole numbers written in digits (`1_000`, `0x34` and
    `+52` are YAML's, not a count's), and YAML 1.2 only.

    It keeps the path of the node being composed, to name the field of a refusal.
    """

    def __init__(self, loader=None):
        super().__init__(loader)
        self._path: list = []

    def compose_document(self):
        # `%YAML 1.1` would make `052` the number 42 and `yes` true.
        start = self.parser.peek_event()
        if start.version not in (None, (1, 2)):
            raise self._refused(
                start.start_mark, f"the directive %YAML {'.'.join(map(str, start.version))}; "
                "accepted: YAML 1.2, which needs no directive",
            )
        return super().compose_document()

    def compose_node(self, parent, index):
        # `index` is the key node of a mapping's value, a position in a sequence, or
        # None for a mapping's key (which belongs to the mapping's own path).
        self._path.append(index.value if isinstance(index, ScalarNode) else index)
        try:
            event = self.parser.peek_event()
            tag = getattr(event, "ctag", None)
            if tag is not None:
                written = f"{tag.handle or ''}{tag.suffix}" if tag.suffix else str(tag)
                raise self._refused(
                    event.start_mark, f"the YAML tag {written!r}; accepted: plain values "
                    "without tags (text, numbers, true/false, null, lists and mappings)",
                )
            node = super().compose_node(parent, index)
            if isinstance(node, ScalarNode):
                self._check_scalar(node, is_key=index is None)
            elif isinstance(node, MappingNode):
                self._check_keys(node)
            return node
        finally:
            self._path.pop()

    def _check_scalar(self, node: ScalarNode, is_key: bool) -> None:
        if node.tag == _MERGE_TAG:
            if is_key:
                raise self._refused(
                    node.start_mark, "a YAML merge key; accepted: every field written out",
                    "<<",
                )
            node.tag = self.resolver.DEFAULT_SCALAR_TAG  # `title: <<` is text
        elif node.tag == _INT_TAG and not _DECIMAL.fullmatch(node.value):
            raise self._refused(
                node.start_mark, f"{node.value!r} is not a whole number in digits; "
                "accepted: digits only, such as 1300 (no separators, signs or prefixes)",
            )

    def _check_keys(self, node: MappingNode) -> None:
        first_lines: dict[str, int] = {}
        for key, _ in node.value:
            if not isinstance(key, ScalarNode):
                continue
            if key.value in first_lines:
                raise self._refused(
                    key.start_mark, f"{REPEATED_KEY} (first at line "
                    f"{first_lines[key.value]}); {ACCEPTED_KEYS}", key.value,
                )
            first_lines[key.value] = key.start_mark.line + 1

    def _refused(self, mark, message: str, *key) -> _Refused:
        loc = tuple(part for part in self._path if part is not None) + key
        return _Refused(mark.line + 1, loc, message)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Composer = _PlainComposer
    yaml.Constructor = _TextDates
    return yaml


def _load_yaml(name: str, text: str):
    try:
        return _yaml().load(text)
    except _Refused as refused:
        raise InvalidInput([refused.problem(name)])
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = (error.problem or error.context or "cannot be parsed").strip()
        raise InvalidInput([Problem(name, line, "", f"invalid YAML: {reason}")])
    except RecursionError:
        raise InvalidInput([Problem(name, None, "", f"invalid YAML: {TOO_DEEP}")])
    except (YAMLError, ValueError) as error:
        raise InvalidInput([Problem(name, None, "", f"invalid YAML: {error}")])


def _documents_from_tree(name: str, tree, fmt: str, size: int) -> list[Document]:
    lines: dict[tuple, int] = {}
    try:
        data = _plain(tree, (), lines, [size])
    except _TreeError as error:
        raise InvalidInput([Problem(name, error.line, "", f"invalid {fmt}: {error}")])
    except RecursionError:
        raise InvalidInput([Problem(name, None, "", f"invalid {fmt}: {TOO_DEEP}")])
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
    return _documents_from_tree(name, _load_yaml(name, text), "YAML", len(text))


# ---------------------------------------------------------------- JSON


def _json_problem(name: str, line: int | None, error: json.JSONDecodeError) -> Problem:
    return Problem(name, line, "", f"invalid JSON: {error.msg} (column {error.colno})")


def _reject_constant(value):
    raise ValueError(f"{value} is not valid JSON")


class _RepeatedKey(ValueError):
    """A JSON object gives a key twice; Python's json keeps the last one silently."""

    def __init__(self, loc: tuple):
        super().__init__(REPEATED_KEY)
        self.loc = loc


def _mapping(pairs: list[tuple]) -> dict:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _RepeatedKey(())
    return mapping


class _Pairs(list):
    """A JSON object as its (key, value) pairs, every one kept."""


def _first_repeated_key(value, loc: tuple = ()) -> tuple | None:
    """The path of the first key given twice, in the order of the text."""
    if isinstance(value, _Pairs):
        keys = set()
        for key, item in value:
            if key in keys:
                return loc + (key,)
            keys.add(key)
            found = _first_repeated_key(item, loc + (key,))
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _first_repeated_key(item, loc + (index,))
            if found:
                return found
    return None


def _parse_json(text: str):
    """JSON as Python values; a key given twice raises _RepeatedKey with its path."""
    try:
        try:
            return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_mapping)
        except _RepeatedKey:
            raise _RepeatedKey(_first_repeated_key(json.loads(text, object_pairs_hook=_Pairs)))
    except RecursionError:
        raise ValueError(TOO_DEEP)


def _repeated_key_problem(name: str, text: str, error: _RepeatedKey) -> Problem:
    """The key given twice, at its line where the YAML parser can read the file."""
    try:
        _yaml().load(text)
    except _Refused as refused:
        if refused.loc == error.loc:
            return refused.problem(name)
    except (YAMLError, RecursionError, ValueError):
        pass
    return Problem(name, None, format_path(error.loc), f"{REPEATED_KEY}; {ACCEPTED_KEYS}")


def read_json(name: str, text: str) -> list[Document]:
    try:
        data = _parse_json(text)
    except json.JSONDecodeError as error:
        raise InvalidInput([_json_problem(name, error.lineno, error)])
    except _RepeatedKey as error:
        raise InvalidInput([_repeated_key_problem(name, text, error)])
    except ValueError as error:
        raise InvalidInput([Problem(name, None, "", f"invalid JSON: {error}")])
    try:
        # JSON is YAML 1.2: the YAML parser gives the line of every field.
        tree = _yaml().load(text)
    except (_Refused, YAMLError, RecursionError, ValueError):
        tree = data
    documents = _documents_from_tree(name, tree, "JSON", len(text))
    plain = data if isinstance(data, list) else [data]
    for document, value in zip(documents, plain):
        document.data = value
        document.json_bytes = len(text.encode())
    return documents


def _lines(handle, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, bytes) of each line, reading at most `limit` bytes of it and its
    newline: a longer line is given as None, its bytes unread."""
    number = 0
    while raw := handle.readline(limit + 1):
        number += 1
        yield number, None if len(raw) > limit and not raw.endswith(b"\n") else raw


def _iter_ndjson(path: Path, limits: InputLimits) -> Iterator[Document | Problem]:
    name = str(path)
    seen_event = False
    try:
        with path.open("rb") as handle:
            for number, raw in _lines(handle, limits.file_bytes):
                if raw is None:
                    seen_event = True
                    yield Problem(
                        name, number, "",
                        f"line is longer than {limits.file_bytes:,} bytes (the most read at "
                        f"once, ${InputLimits.FILE_VARIABLE}), so the file was not read "
                        f"further; accepted: one event a line, each at most "
                        f"{limits.event_bytes:,} bytes (${InputLimits.EVENT_VARIABLE})",
                    )
                    break  # what follows the line's first bytes is not worth reading
                try:
                    line = _decode(name, raw, number)
                except InvalidInput as error:
                    seen_event = True
                    yield from error.problems
                    continue
                if not line.strip():
                    continue
                seen_event = True
                try:
                    yield Document(name, _parse_json(line), number, json_text=line,
                                   json_bytes=len(raw))
                except json.JSONDecodeError as error:
                    yield _json_problem(name, number, error)
                except _RepeatedKey as error:
                    yield Problem(name, number, format_path(error.loc),
                                  f"{REPEATED_KEY}; {ACCEPTED_KEYS}")
                except ValueError as error:
                    yield Problem(name, number, "", f"invalid JSON: {error}")
    except OSError as error:
        raise _unreadable(name, error)
    if not seen_event:
        yield Problem(name, None, "", "file is empty; accepted: one or more events")


# ---------------------------------------------------------------- CSV template

# One event with one transfer and one dated step per row. Counts are written as in any
# event file ("52", "at least 20", "about 6000", "20-30").
CSV_COLUMNS = [
    "format", "id", "title", "summary", "type", "track", "part_of", "notes",
    "date_step", "date",
    "from", "to", "how", "status", "count", "political", "foreign",
    "nationalities", "people", "actors",
    "source_id", "source_title", "source_publisher", "source_url", "source_published",
    "source_language",
]
_EVENT_TEXT = ("id", "title", "summary", "type", "track", "part_of", "notes")
_TRANSFER_TEXT = ("from", "to", "how", "status", "count", "political", "foreign")
SOURCE_PARTS = ("id", "title", "publisher", "url", "published", "language")


class _CellError(ValueError):
    pass


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def _nationalities(text: str) -> list[dict]:
    entries = []
    for item in _items(text):
        country, _, count = item.rpartition(":")
        if not country:
            country, count = item, ""
        entry = {"country": country.strip()}
        if count.strip():
            entry["count"] = count.strip()
        entries.append(entry)
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


def _text_cells(row: dict, columns) -> dict:
    """The cells given, without their surrounding spaces. A cell of spaces alone is kept,
    for validation to refuse: it is not the empty cell it looks like."""
    return {column: row[column].strip() or row[column] for column in columns if row.get(column)}


def _csv_event(row: dict) -> dict:
    event: dict[str, Any] = _text_cells(row, ("format",))
    version = event.get("format", "")
    # ASCII digits only: "²" is a digit to str.isdigit, and no number to int().
    if version.isascii() and version.isdigit():
        event["format"] = int(version)
    event |= _text_cells(row, _EVENT_TEXT)
    date = _text_cells(row, ("date_step", "date"))
    if date:
        event["dates"] = [{"step": date.get("date_step", "released"), **_text_cells(row, ("date",))}]
    transfer = _text_cells(row, _TRANSFER_TEXT)
    for column in ("nationalities", "people"):
        transfer[column] = _cell(row, column, _LISTS[column])
    event["transfers"] = [transfer]
    event["actors"] = _cell(row, "actors", _actors)
    source = _text_cells({key: row.get(f"source_{key}") for key in SOURCE_PARTS}, SOURCE_PARTS)
    if "id" not in source:
        raise _CellError(
            "source_id: empty; accepted: every row cites a source: source_id, with "
            "source_title, source_publisher, source_url, source_published or source_language"
        )
    event["sources"] = [source]
    return event


# Columns of the format-1 template, which `tracker upgrade` rewrites.
FORMAT_1_COLUMNS = {
    "releasing_state", "receiving_state", "total_released", "total_released_lower_bound",
    "foreign_nationals", "foreign_nationals_lower_bound",
}


def read_csv(name: str, text: str) -> list[Document]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise InvalidInput([Problem(name, 1, "", f"invalid CSV: {error}")])
    if "format" not in header:
        raise InvalidInput([Problem(
            name, 1, "format",
            "missing: this is a format-1 CSV template (no format column); run `tracker "
            "upgrade FILE` to rewrite it in format 2",
        )])
    unknown = [column for column in header if column not in CSV_COLUMNS]
    problems = [
        Problem(name, 1, column, f"unknown column; accepted: {', '.join(CSV_COLUMNS)}")
        for column in unknown
    ]
    documents = []
    while True:
        line = reader.line_num + 1  # where the row starts; a quoted cell may span lines
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(
                name, line, "", f"invalid CSV: {error}; accepted: every quote closed"
                if "end of data" in str(error) else f"invalid CSV: {error}"
            ))
            break
        if None in row:
            cells = len(header) + len(row[None])
            problems.append(Problem(
                name, line, "",
                f"{cells} cells, but the header has {len(header)} columns; accepted: one "
                "cell per column (quote a cell that holds a comma)",
            ))
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


READERS = {"yaml": read_yaml, "json": read_json, "csv": read_csv}
