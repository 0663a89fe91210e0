"""Taking the data away: nested events, one table or a read-only query, streamed from SQLite.

Formats: CSV (RFC 4180: comma, double quotes, CRLF, a header row), JSON (an array),
newline-delimited JSON (one object a line) and YAML (a list), all UTF-8. Rows are
written as SQLite returns them, so memory does not grow with the database.

Events and table rows come in a stable order, by primary key (events by id), so that
two exports of the same data are byte-identical and two exports of different data
diff cleanly. In CSV an empty cell is null (optional text is never empty), booleans
are `true`/`false`, dates are ISO 8601 text beside their precision column.

Output goes to a temporary file beside the target, renamed into place when complete:
a failed export leaves no file behind and an earlier file as it was. It never replaces
the database, any SQLite file, or a database's log, journal or lock.
"""

import csv
import io
import json
import os
import secrets
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ruamel.yaml import YAML
from ruamel.yaml.representer import RoundTripRepresenter

from ..errors import InvalidInput, Problem
from ..schema.catalog import TableInfo
from ..schema.catalog import tables as catalog_tables
from ..reference.dates import PartialDate
from ..store.db import database_file, read_snapshot, refuse_to_overwrite_database
from ..schema.models import TextFormat
from ..store.nested import iter_event_documents
from .formats import EVENT_FORMATS, EXPORT_FORMATS as FORMATS
from .readers import FORMATS as FILE_FORMATS
from .readers import ListedId


class ExportError(Exception):
    """An export that cannot be done; nothing was written."""


# ---------------------------------------------------------------- output


def choose_format(path: str | Path | None, fmt: str | None, default: str) -> str:
    """The format asked for, else the one the output file's extension names, else `default`."""
    if fmt:
        return fmt
    if path not in (None, "-"):
        return FILE_FORMATS.get(Path(path).suffix.lower(), default)
    return default


def _partial_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")


@contextmanager
def output_file(
    path: str | Path | None, database: sqlite3.Connection | None = None
) -> Iterator[TextIO]:
    """A UTF-8 text stream to `path` (stdout for None or '-'), written in full or not at all.

    OverwritesDatabase if `path` is the file of `database`, or any SQLite file or file
    of one: an export that replaced its own database would be data lost.
    """
    if path in (None, "-"):
        sys.stdout.flush()
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            yield stream
        finally:
            stream.flush()
            stream.detach()
        return
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder; accepted: a file path")
    refuse_to_overwrite_database(target, database_file(database) if database else None)
    partial = _partial_path(target)
    try:
        handle = open(partial, "x", encoding="utf-8", newline="")
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror}") from error
    try:
        with handle:
            yield handle
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {error.strerror}") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- writers


# Line breaks of YAML 1.1 that YAML 1.2 reads as ordinary characters: ruamel would write
# them raw (as line breaks) and read them back as spaces, so they are written escaped.
_YAML_1_1_BREAKS = frozenset("\x85\u2028\u2029")


class _ExportRepresenter(RoundTripRepresenter):
    """YAML as researchers read it: null spelled out, no anchors, the 1.1 breaks escaped.

    A subclass, because ruamel registers representers on the class: other YAML output
    of the process (Datasette metadata) stays as it was.
    """

    def ignore_aliases(self, data) -> bool:
        return True  # every event reads on its own, with no references to another

    def represent_none(self, data):
        return self.represent_scalar("tag:yaml.org,2002:null", "null")

    def represent_text(self, text: str):
        style = '"' if _YAML_1_1_BREAKS & set(text) else None
        return self.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_ExportRepresenter.add_representer(type(None), _ExportRepresenter.represent_none)
_ExportRepresenter.add_representer(str, _ExportRepresenter.represent_text)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = _ExportRepresenter
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # long text stays on one line: diffs show the field that changed
    return yaml


class _Writer:
    """Writes rows (mappings, or sequences for CSV) one at a time; `close` ends the document."""

    def __init__(self, out: TextIO, columns: list[str]):
        self.out, self.columns, self.count = out, columns, 0

    def write(self, row) -> None:
        self._write(row)
        self.count += 1

    def _write(self, row) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class _CsvWriter(_Writer):
    def __init__(self, out, columns, for_spreadsheets: bool = False):
        super().__init__(out, columns)
        self.writer = csv.writer(out, lineterminator="\r\n")
        self.cell = _spreadsheet_cell if for_spreadsheets else _csv_cell
        self.writer.writerow(self.cell(column) for column in columns)

    def _write(self, row) -> None:
        self.writer.writerow(self.cell(value) for value in row)


def _csv_cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        raise ExportError("a value is binary (BLOB); accepted: text and numbers, e.g. hex(column)")
    return value


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): `=HYPERLINK(…)` in a title would be a link, `@SUM(…)` a calculation.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_cell(value):
    """A cell as text that a spreadsheet shows and does not run: a leading apostrophe,
    which spreadsheets hide, before text that would start a formula (numbers stay numbers)."""
    value = _csv_cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _json(value, indent: int | None = None) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=indent)
    except (TypeError, ValueError) as error:
        raise ExportError(f"a value cannot be written as JSON: {error}") from error


class _JsonWriter(_Writer):
    """A JSON array: nested events pretty-printed, flat rows one to a line."""

    def __init__(self, out, columns, indent: int | None):
        super().__init__(out, columns)
        self.indent = indent

    def _write(self, row) -> None:
        text = _json(row, self.indent).replace("\n", "\n  ")
        self.out.write(("[\n  " if self.count == 0 else ",\n  ") + text)

    def close(self) -> None:
        self.out.write("\n]\n" if self.count else "[]\n")


class _NdjsonWriter(_Writer):
    def _write(self, row) -> None:
        self.out.write(_json(row) + "\n")


class _YamlWriter(_Writer):
    """A YAML list, one item at a time: concatenated items make one sequence."""

    def __init__(self, out, columns):
        super().__init__(out, columns)
        self.yaml = _yaml()

    def _write(self, row) -> None:
        self.yaml.dump([row], self.out)

    def close(self) -> None:
        if not self.count:
            self.out.write("[]\n")


def _known_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; accepted: {', '.join(FORMATS)}")
    return fmt


def _for_spreadsheets_in_csv(fmt: str, for_spreadsheets: bool) -> None:
    if for_spreadsheets and fmt != "csv":
        raise ExportError(
            f"formulas are neutralised for spreadsheets in CSV only, not in {fmt}; "
            "accepted: CSV output (--format csv, or -o FILE.csv)"
        )


def _writer(
    fmt: str, out: TextIO, columns: list[str], nested: bool = False, for_spreadsheets: bool = False
) -> _Writer:
    if fmt == "json":
        return _JsonWriter(out, columns, indent=2 if nested else None)
    if fmt == "csv":
        return _CsvWriter(out, columns, for_spreadsheets)
    return {"ndjson": _NdjsonWriter, "yaml": _YamlWriter}[fmt](out, columns)


# ---------------------------------------------------------------- nested events


@dataclass(frozen=True)
class EventFilter:
    """Which events to export; empty means all, and an event must match every filter
    given. Dates are ranges: an event counts when all of its possible days fall within
    [date_from, date_to], so an event known only by its year is not counted for a
    single month of that year. A releasing (receiving) state selects the events with a
    transfer from (to) it. Ids must all be those of events (`check_ids`)."""

    date_from: PartialDate | None = None
    date_to: PartialDate | None = None
    releasing_states: tuple[str, ...] = ()
    receiving_states: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    ids: tuple[ListedId, ...] = ()

    def where(self) -> tuple[str, list]:
        if self.date_from and self.date_to and self.date_from.start > self.date_to.end:
            raise ExportError(
                f"the date range starts ({self.date_from.text}) after it ends "
                f"({self.date_to.text}); accepted: a start on or before the end"
            )
        clauses, params = [], []
        if self.date_from:
            clauses.append("date_start >= ?")
            params.append(self.date_from.start)
        if self.date_to:
            clauses.append("date_end <= ?")
            params.append(self.date_to.end)
        # A state freed (or received) people in an event when any of its transfers says so.
        for column, values in (
            ("from_state", self.releasing_states),
            ("to_state", self.receiving_states),
        ):
            if values:
                clauses.append(
                    f"EXISTS (SELECT 1 FROM transfers t WHERE t.event_id = events.id AND "
                    f"t.{column} IN ({', '.join('?' * len(values))}))"
                )
                params += values
        if self.types:
            clauses.append(f"type IN ({', '.join('?' * len(self.types))})")
            params += self.types
        if self.ids:
            # One parameter however many ids a file lists (SQLite limits parameters).
            clauses.append("id IN (SELECT value FROM json_each(?))")
            params.append(self._ids_json())
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _ids_json(self) -> str:
        return json.dumps(sorted({listed.id for listed in self.ids}))

    def check_ids(self, conn: sqlite3.Connection) -> None:
        """InvalidInput naming, where it was given, each id that is no event's."""
        known = {
            row[0] for row in conn.execute(
                "SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))",
                (self._ids_json(),),
            )
        }
        problems = [
            Problem(listed.file, listed.line, "", f"no event has the id {listed.id!r}; "
                    "accepted: the ids of events in the database (`tracker export table "
                    "events` lists them)")
            for listed in self.ids if listed.id not in known
        ]
        if problems:
            raise InvalidInput(problems)


def export_events(
    conn: sqlite3.Connection,
    path: str | Path | None,
    fmt: str | None = None,
    selection: EventFilter = EventFilter(),
) -> int:
    """Write the selected events as nested documents in the shape `ingest` reads."""
    fmt = choose_format(path, fmt, "json")
    if fmt not in EVENT_FORMATS:
        raise ExportError(
            f"nested events cannot be written as {fmt}; accepted: {', '.join(EVENT_FORMATS)}. "
            "For CSV, export the flat tables: `tracker export table events` or "
            "`tracker export datapackage DIR`"
        )
    where, params = selection.where()
    with output_file(path, conn) as out, read_snapshot(conn):
        selection.check_ids(conn)
        writer = _writer(fmt, out, [], nested=True)
        for document in iter_event_documents(conn, where, params):
            writer.write(document)
        writer.close()
    return writer.count


# ---------------------------------------------------------------- tables


def public_table(name: str) -> TableInfo:
    """The public table called `name`; ExportError naming the accepted ones otherwise."""
    tables = {table.name: table for table in catalog_tables()}
    if name in tables and tables[name].public:
        return tables[name]
    if name in tables:
        reason = "is internal (history and ingest runs), not exported"
    else:
        reason = "is not a table"
    public = ", ".join(table.name for table in tables.values() if table.public)
    raise ExportError(f"{name!r} {reason}; accepted: {public}")


def _converters(table: TableInfo, fmt: str) -> list[Callable]:
    """Per column: booleans as true/false; JSON lists as lists except in CSV."""

    def boolean(value):
        return None if value is None else bool(value)

    def json_list(value):
        return None if value is None else json.loads(value)

    def same(value):
        return value

    converters = []
    for column in table.columns:
        if column.type == "boolean":
            converters.append(boolean)
        elif column.format == TextFormat.json_list and fmt != "csv":
            converters.append(json_list)
        else:
            converters.append(same)
    return converters


def write_table(
    conn: sqlite3.Connection, table: TableInfo, out: TextIO, fmt: str, for_spreadsheets: bool = False
) -> int:
    """Write one table, flat, ordered by its primary key; the number of rows.

    `for_spreadsheets` neutralises cells that a spreadsheet would run as formulas (CSV
    only); without it, every value is written as stored."""
    columns = [column.name for column in table.columns]
    converters = _converters(table, fmt)
    cursor = conn.execute(
        f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {', '.join(table.primary_key)}"
    )
    writer = _writer(fmt, out, columns, for_spreadsheets=for_spreadsheets)
    for values in cursor:
        row = [convert(value) for convert, value in zip(converters, values)]
        writer.write(row if fmt == "csv" else dict(zip(columns, row)))
    writer.close()
    return writer.count


def export_table(
    conn: sqlite3.Connection,
    name: str,
    path: str | Path | None,
    fmt: str | None = None,
    for_spreadsheets: bool = False,
) -> int:
    """Write one public table to `path` (stdout for None)."""
    table = public_table(name)
    fmt = _known_format(choose_format(path, fmt, "csv"))
    _for_spreadsheets_in_csv(fmt, for_spreadsheets)
    with output_file(path, conn) as out:
        return write_table(conn, table, out, fmt, for_spreadsheets)


# ---------------------------------------------------------------- read-only SQL

_READ_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
_READ_PRAGMAS = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "collation_list", "function_list", "module_list", "pragma_list",
    "database_list", "compile_options",
    "data_version",  # full-text search reads it
}
# SQLite asks for this when it loads a virtual table's schema (full-text search);
# nothing is written, and the connection could not write it anyway.
_SCHEMA_TABLES = {"sqlite_master", "sqlite_temp_master"}
ACCEPTED_SQL = "accepted: one read-only SELECT (or WITH … SELECT) statement"


def _authorizer(denied: list):
    def authorize(action, argument, detail, database, trigger):
        if action in _READ_ACTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and argument in _READ_PRAGMAS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_UPDATE and argument in _SCHEMA_TABLES:
            return sqlite3.SQLITE_OK
        denied.append(action)
        return sqlite3.SQLITE_DENY

    return authorize


@contextmanager
def _read_only(conn: sqlite3.Connection) -> Iterator[list]:
    denied: list = []
    conn.set_authorizer(_authorizer(denied))
    try:
        yield denied
    finally:
        conn.set_authorizer(None)


def _sql_error(error: sqlite3.Error, denied: list) -> ExportError:
    if denied or "readonly" in str(error):
        return ExportError(
            f"SQL: refused, the statement would change the database or its files; {ACCEPTED_SQL}"
        )
    return ExportError(f"SQL: {str(error).rstrip('.')}; {ACCEPTED_SQL}")


def export_query(
    conn: sqlite3.Connection,
    sql: str,
    path: str | Path | None,
    fmt: str | None = None,
    for_spreadsheets: bool = False,
) -> int:
    """Run one read-only query and write its rows as they come, in the query's own order.

    The statement is checked and started before the output is opened: a refused or
    invalid statement leaves no file.
    """
    fmt = _known_format(choose_format(path, fmt, "csv"))
    _for_spreadsheets_in_csv(fmt, for_spreadsheets)
    with _read_only(conn) as denied:
        try:
            cursor = conn.execute(sql)
        except sqlite3.Error as error:
            raise _sql_error(error, denied) from error
        if cursor.description is None:
            raise ExportError(f"SQL: the statement returns no rows; {ACCEPTED_SQL}")
        columns = [name for name, *_ in cursor.description]
        repeated = sorted({name for name in columns if columns.count(name) > 1})
        if repeated and fmt != "csv":
            raise ExportError(
                f"SQL: the column name {repeated[0]!r} appears more than once; accepted: "
                "distinct names (SELECT a.id AS event_id, b.id AS source_id …)"
            )
        with output_file(path, conn) as out:
            writer = _writer(fmt, out, columns, for_spreadsheets=for_spreadsheets)
            try:
                for values in cursor:
                    writer.write(values if fmt == "csv" else dict(zip(columns, values)))
            except sqlite3.Error as error:
                raise _sql_error(error, denied) from error
            writer.close()
    return writer.count
