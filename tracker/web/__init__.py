"""The web side: Datasette serving (`server`), its site files and names (`site`), the
generated metadata (`metadata`), the canned queries and charts (`queries`, `dashboards`),
the event page (`eventpage`) and the plugins (`plugin`, `read_only`).

Imports nothing: Datasette imports `tracker.web.plugin` while it is itself being imported."""
