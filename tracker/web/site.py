"""The Datasette site's names and files, shared by serving, the metadata and the plugin.

A module of its own, importing nothing: Datasette loads `tracker.web.plugin` while
it is itself being imported, so the plugin cannot import `tracker.web.server`.
"""

from pathlib import Path

# The name the database is served under, whatever its file is called: the metadata,
# the page templates and the charts refer to it.
DATABASE = "tracker"
# The name the plugin is registered under (pyproject.toml), for its settings in metadata.
PLUGIN = "tracker"
# Where STATIC (the stylesheet) is served.
STATIC_MOUNT = "assets"

PACKAGE = Path(__file__).resolve().parent
METADATA = PACKAGE.parent.parent / "metadata.yml"
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
