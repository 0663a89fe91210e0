"""What the schema says about itself: tables and columns with their descriptions.

Read from the models, so that everything that describes the data (Datasette metadata,
the data package, the codebook) says what the models say.
"""

import inspect
from dataclasses import dataclass

from sqlalchemy import Boolean, Integer

from . import models


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    description: str
    type: str  # "string", "integer" or "boolean"
    required: bool
    primary_key: bool
    foreign_key: tuple[str, str] | None  # (table, column)


@dataclass(frozen=True)
class TableInfo:
    name: str
    description: str
    public: bool
    columns: tuple[ColumnInfo, ...]

    @property
    def primary_key(self) -> list[str]:
        return [column.name for column in self.columns if column.primary_key]


def _column_type(column) -> str:
    if isinstance(column.type, Boolean):
        return "boolean"
    if isinstance(column.type, Integer):
        return "integer"
    return "string"


def table_info(model) -> TableInfo:
    table = model.__table__
    columns = []
    for column in table.columns:
        foreign = next(iter(column.foreign_keys), None)
        columns.append(ColumnInfo(
            name=str(column.name),
            description=model.model_fields[column.name].description,
            type=_column_type(column),
            required=not column.nullable,
            primary_key=column.primary_key,
            foreign_key=(foreign.column.table.name, foreign.column.name) if foreign else None,
        ))
    return TableInfo(
        name=str(table.name),
        description=inspect.cleandoc(model.__doc__ or ""),
        public=model in models.PUBLIC_TABLES,
        columns=tuple(columns),
    )


def tables() -> list[TableInfo]:
    """Every table, public ones first, in the order of `models.ALL_TABLES`."""
    return [table_info(model) for model in models.ALL_TABLES]
