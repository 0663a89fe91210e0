"""The codebook: the data package described for people, in Markdown.

Generated from the same catalog as `datapackage.json` (so from the models' own
descriptions), with the number of rows each table holds.
"""

from .. import about
from ..schema.catalog import ColumnInfo, TableInfo
from ..schema.models import TextFormat

CONVENTIONS = """\
- **Files.** One CSV file per table, named after it, described by `datapackage.json`
  (a Frictionless Tabular Data Package, which standard tools validate and load).
- **CSV.** UTF-8, RFC 4180: comma-separated, a header row, fields in double quotes
  where they hold a comma, a quote or a line break, lines ending in CRLF.
- **Nulls.** An empty cell is null: unknown or not applicable. A count of zero is
  written `0`, never left empty, and optional text is never an empty string.
- **Booleans.** `true` or `false`.
- **Dates.** ISO 8601, as precise as the sources allow: `YYYY-MM-DD`, `YYYY-MM` or
  `YYYY`. An event's `date_precision` says which, and `date_start` / `date_end` give
  the first and last day it may have been, for ranges.
- **Counts.** Every count has four columns, as UCDP keeps them: `<name>` (the best
  figure; for "at least" and "at most" the bound), `<name>_low`, `<name>_high` and
  `<name>_qualifier` (`exact`, `approximate`, `at_least`, `at_most` or `range`). An
  unknown count has all four empty. Sums (an event's `freed`, the questions, the
  charts) carry the qualifier: exact plus exact is exact; anything unknown or "at least"
  makes the sum "at least"; anything approximate makes it "about"; bounds and ranges
  make it a range.
- **Freed.** A transfer freed its people when its status is `carried_out` or
  `partly_carried_out`; figures of people freed count those transfers only, of events
  with no `part_of` (a step of a larger deal is counted by the deal). Political
  prisoners freed are summed from `political`, never from `count`.
- **Sources.** Each fact's `source_ids` is a JSON array of the ids of the sources it
  rests on, each one of its event's sources (`event_sources`).
- **Lists.** Aliases, a person's nationalities and source ids are JSON arrays in one
  cell, e.g. `["Tsikhaouski"]`.
- **Keys and order.** Each table's primary key is given below; rows are ordered by
  it, so two exports of the same data are identical and two exports diff cleanly.
  References (→) point at the key of another table.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _column_type(column: ColumnInfo) -> str:
    if column.values:
        text = "one of " + ", ".join(f"`{value}`" for value in column.values)
    elif column.format == TextFormat.day:
        text = "date `YYYY-MM-DD`"
    elif column.format == TextFormat.partial_date:
        text = "date `YYYY-MM-DD`, `YYYY-MM` or `YYYY`"
    elif column.format == TextFormat.json_list:
        text = "JSON list of text"
    elif column.type == "boolean":
        text = "`true` or `false`"
    elif column.type == "integer":
        text = "whole number" + (f" ≥ {column.minimum}" if column.minimum is not None else "")
    elif column.pattern:
        text = f"id matching `{column.pattern}`"
    else:
        text = "text"
    if column.foreign_key:
        table, key = column.foreign_key
        text += f" → [`{table}.{key}`](#{table})"
    return text


def _table_section(table: TableInfo, rows: int) -> list[str]:
    key = ", ".join(f"`{name}`" for name in table.primary_key)
    lines = [
        f"## {table.name}",
        "",
        table.description,
        "",
        f"File `{table.name}.csv`: {rows:,} row{'s' if rows != 1 else ''}. Primary key: {key}.",
        "",
        "| Column | Type | Required | Description |",
        "| --- | --- | --- | --- |",
    ]
    for column in table.columns:
        required = "key" if column.primary_key else ("yes" if column.required else "")
        lines.append(
            f"| `{column.name}` | {_column_type(column)} | {required} | "
            f"{_cell(column.description)} |"
        )
    lines.append("")
    for column in table.columns:
        if column.values and any(column.meanings):
            lines.append(f"Values of `{column.name}`:")
            lines.append("")
            lines += [f"- `{value}`: {meaning}"
                      for value, meaning in zip(column.values, column.meanings)]
            lines.append("")
    return lines


def render_codebook(tables: list[TableInfo], rows: dict[str, int]) -> str:
    lines = [
        f"# {about.TITLE}: codebook",
        "",
        f"{about.DESCRIPTION}.",
        "",
        f"- Licence: [{about.LICENSE_TITLE}]({about.LICENSE_URL})",
        f"- Sources: {about.SOURCES_TITLE} (the [sources](#sources) table)",
        "",
        "## Conventions",
        "",
        CONVENTIONS,
        "## Tables",
        "",
        "| Table | Rows | One row is |",
        "| --- | ---: | --- |",
    ]
    for table in tables:
        lines.append(
            f"| [{table.name}](#{table.name}) | {rows[table.name]:,} | "
            f"{_cell(table.description)} |"
        )
    lines.append("")
    for table in tables:
        lines += _table_section(table, rows[table.name])
    return "\n".join(lines)
