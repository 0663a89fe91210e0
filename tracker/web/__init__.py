"""The web side: Datasette serving (`server`), its site files and names (`site`), the
generated metadata (`metadata`), the canned queries and charts (`queries`, `dashboards`),
the event page (`eventpage`), the plugins (`plugin`, `read_only`) and what one request
may cost (`limits`).

Imports nothing: Datasette imports `tracker.web.plugin` while it is itself being imported."""
