"""The whole dataset as a Frictionless Tabular Data Package.

A folder with one CSV per public table, `datapackage.json` (Table Schema: field types,
descriptions, constraints, primary and foreign keys; the licence and sources) and
`codebook.md` for people. Types, descriptions and keys come from the models through
`tracker.schema.catalog`, never retyped; title, licence and sources from `tracker.about`.

The package is written into a temporary folder beside the target and moved into place
when complete, so a failed export leaves nothing behind.
"""

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .. import about
from ..schema.catalog import ColumnInfo, TableInfo, public_tables
from .codebook import render_codebook
from ..reference.dates import PATTERN as PARTIAL_DATE_PATTERN
from ..store.db import database_file, read_snapshot, sqlite_file_within
from .export import ExportError, write_table
from ..schema.models import TextFormat

DESCRIPTOR = "datapackage.json"
CODEBOOK = "codebook.md"


@dataclass
class PackageReport:
    directory: Path
    rows: dict[str, int]  # table name -> rows written


def field_descriptor(column: ColumnInfo) -> dict:
    """One Table Schema field: its type, description and constraints."""
    types = {TextFormat.day: "date", TextFormat.json_list: "array"}
    field = {
        "name": column.name,
        "type": types.get(column.format, column.type),
        "description": column.description,
    }
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.values:
        constraints["enum"] = list(column.values)
    if column.format == TextFormat.partial_date:
        constraints["pattern"] = PARTIAL_DATE_PATTERN
    elif column.pattern:
        constraints["pattern"] = column.pattern
    if column.min_length is not None:
        constraints["minLength"] = column.min_length
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(table: TableInfo) -> dict:
    schema = {
        "fields": [field_descriptor(column) for column in table.columns],
        "primaryKey": table.primary_key,
        "missingValues": [""],
    }
    foreign_keys = [
        {
            "fields": [column.name],
            "reference": {"resource": column.foreign_key[0], "fields": [column.foreign_key[1]]},
        }
        for column in table.columns
        if column.foreign_key
    ]
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def resource_descriptor(table: TableInfo, file: Path) -> dict:
    with file.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    return {
        "name": table.name,
        "path": file.name,
        "profile": "tabular-data-resource",
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": file.stat().st_size,
        "hash": f"sha256:{digest}",
        "schema": table_schema(table),
    }


def package_descriptor(resources: list[dict]) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": about.NAME,
        "title": about.TITLE,
        "description": about.DESCRIPTION,
        "keywords": list(about.KEYWORDS),
        "licenses": [
            {"name": about.LICENSE_ID, "path": about.LICENSE_URL, "title": about.LICENSE_TITLE}
        ],
        "sources": [{"title": about.SOURCES_TITLE, "path": "sources.csv"}],
        "resources": resources,
    }


def _write_package(conn: sqlite3.Connection, folder: Path) -> dict[str, int]:
    tables = public_tables()
    rows, resources = {}, []
    with read_snapshot(conn):
        for table in tables:
            file = folder / f"{table.name}.csv"
            with file.open("x", encoding="utf-8", newline="") as out:
                rows[table.name] = write_table(conn, table, out, "csv")
            resources.append(resource_descriptor(table, file))
    descriptor = package_descriptor(resources)
    (folder / DESCRIPTOR).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (folder / CODEBOOK).write_text(render_codebook(tables, rows), encoding="utf-8")
    return rows


def _check_target(target: Path, overwrite: bool, database: Path | None) -> bool:
    """Whether an earlier package is to be replaced; ExportError if the folder is taken."""
    if not target.exists():
        return False
    if not target.is_dir():
        raise ExportError(f"cannot write {target}: it is a file; accepted: a new or empty folder")
    if not any(target.iterdir()):
        return False
    if not overwrite:
        raise ExportError(
            f"cannot write {target}: the folder is not empty; accepted: a new or empty "
            "folder, or --overwrite to replace an earlier data package"
        )
    if not (target / DESCRIPTOR).is_file():
        raise ExportError(
            f"not replacing {target}: it holds no {DESCRIPTOR}, so it is not an earlier "
            "data package; accepted: a new or empty folder"
        )
    held = sqlite_file_within(target, database)
    if held is not None:
        what = "the database" if database and held.samefile(database) else "the SQLite database"
        raise ExportError(
            f"not replacing {target}: it holds {what} {held}; accepted: a folder that "
            "holds no SQLite database"
        )
    return True


def export_datapackage(
    conn: sqlite3.Connection, directory: str | Path, overwrite: bool = False
) -> PackageReport:
    """Write every public table, datapackage.json and codebook.md into `directory`."""
    target = Path(directory)
    replace = _check_target(target, overwrite, database_file(conn))
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        os.mkdir(partial)
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror}") from error
    try:
        rows = _write_package(conn, partial)
        if replace:
            earlier = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
            os.rename(target, earlier)
            try:
                os.rename(partial, target)
            except OSError:
                os.rename(earlier, target)
                raise
            shutil.rmtree(earlier)
        else:
            os.replace(partial, target)
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror}") from error
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return PackageReport(target, rows)
