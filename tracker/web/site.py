"""The Datasette site's names, files and limits, shared by serving, the metadata, the
plugin and the CLI.

A module of its own, importing nothing of Datasette's or ours: Datasette loads
`tracker.web.plugin` while it is itself being imported, so the plugin cannot import
`tracker.web.server`; and the CLI reads the limits' defaults without importing Datasette.
"""

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

# The name the database is served under, whatever its file is called: the metadata,
# the page templates and the charts refer to it.
DATABASE = "tracker"
# The name the plugin is registered under (pyproject.toml), for its settings in metadata:
# a table's key columns, and at the top the limits `tracker serve` was given.
PLUGIN = "tracker"
# Where STATIC (the stylesheet) is served.
STATIC_MOUNT = "assets"

PACKAGE = Path(__file__).resolve().parent
METADATA = PACKAGE.parent.parent / "metadata.yml"
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"


@dataclass(frozen=True)
class ServingLimits:
    """The settings of `tracker serve` that bound one request, in MB (fractions allowed);
    what each bounds is in `tracker.web.limits`."""

    max_cell_mb: float = field(default=8, metadata={"help": (
        "Largest value (text or blob) a query may return, in MB; keep it, and "
        "--max-rows-mb, above the largest event ingest takes ($TRACKER_MAX_EVENT_BYTES, "
        "4 MiB by default).")})
    max_rows_mb: float = field(default=8, metadata={"help": (
        "Most the text and blob values of one query's rows may hold, in MB, as JSON "
        "writes them.")})
    max_response_mb: float = field(default=100, metadata={"help": (
        "Largest response, in MB; a streamed CSV is cut past it.")})
    max_sqlite_memory_mb: float = field(default=64, metadata={"help": (
        "Most memory SQLite may use for all queries together, in MB.")})

    @classmethod
    def from_config(cls, config: dict | None) -> "ServingLimits":
        return cls(**(config or {}))

    def as_config(self) -> dict:
        return dataclasses.asdict(self)
