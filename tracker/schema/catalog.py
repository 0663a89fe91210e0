"""What the schema says about itself: tables and columns with their descriptions.

Read from the models, so that everything that describes the data (Datasette metadata,
the data package, the codebook) says what the models say.
"""

import inspect
import typing
from dataclasses import dataclass
from enum import Enum

from annotated_types import Ge, MinLen
from pydantic.fields import FieldInfo
from sqlalchemy import Boolean, Integer

from . import models
from .models import TextFormat


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    description: str
    type: str  # "string", "integer" or "boolean"
    required: bool
    primary_key: bool
    foreign_key: tuple[str, str] | None  # (table, column)
    values: tuple[str, ...] = ()  # the accepted values of an enumerated column
    meanings: tuple[str, ...] = ()  # what each of those values means
    format: TextFormat | None = None  # what a text column holds beyond free text
    pattern: str | None = None  # regular expression a whole text value matches (no anchors)
    minimum: int | None = None
    min_length: int | None = None


@dataclass(frozen=True)
class TableInfo:
    name: str
    description: str
    public: bool
    columns: tuple[ColumnInfo, ...]

    @property
    def primary_key(self) -> list[str]:
        return [column.name for column in self.columns if column.primary_key]

    def column(self, name: str) -> ColumnInfo:
        return next(column for column in self.columns if column.name == name)


def _column_type(column) -> str:
    if isinstance(column.type, Boolean):
        return "boolean"
    if isinstance(column.type, Integer):
        return "integer"
    return "string"


def _metadata(field: FieldInfo) -> list:
    """The field's constraints and markers, also those inside Optional[Annotated[...]]."""
    found = list(field.metadata)
    for argument in typing.get_args(field.annotation):
        found += getattr(argument, "__metadata__", ())
    return found


def _annotation_types(field: FieldInfo) -> list:
    return [field.annotation, *typing.get_args(field.annotation)]


def _column_info(model, column) -> ColumnInfo:
    field = model.model_fields[column.name]
    metadata = _metadata(field)
    foreign = next(iter(column.foreign_keys), None)
    enum = next(
        (kind for kind in _annotation_types(field)
         if isinstance(kind, type) and issubclass(kind, Enum)),
        None,
    )
    pattern = next((m.pattern for m in metadata if getattr(m, "pattern", None)), None)
    return ColumnInfo(
        name=str(column.name),
        description=field.description,
        type=_column_type(column),
        required=not column.nullable,
        primary_key=column.primary_key,
        foreign_key=(foreign.column.table.name, foreign.column.name) if foreign else None,
        values=tuple(member.value for member in enum) if enum else (),
        meanings=tuple(getattr(member, "meaning", "") for member in enum) if enum else (),
        format=next((m for m in metadata if isinstance(m, TextFormat)), None),
        pattern=pattern.removeprefix("^").removesuffix("$") if pattern else None,
        minimum=next((m.ge for m in metadata if isinstance(m, Ge)), None),
        min_length=next((m.min_length for m in metadata if isinstance(m, MinLen)), None),
    )


def table_info(model) -> TableInfo:
    table = model.__table__
    return TableInfo(
        name=str(table.name),
        description=inspect.cleandoc(model.__doc__ or ""),
        public=model in models.PUBLIC_TABLES,
        columns=tuple(_column_info(model, column) for column in table.columns),
    )


def tables() -> list[TableInfo]:
    """Every table, public ones first, in the order of `models.ALL_TABLES`."""
    return [table_info(model) for model in models.ALL_TABLES]


def public_tables() -> list[TableInfo]:
    return [table for table in tables() if table.public]
