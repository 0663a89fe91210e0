"""The names of the formats that tracker writes and of its local files, kept apart from
the code that reads and writes them, so that what needs only the names (the command
line's choices and help) loads nothing else."""

# What `tracker export` writes: every format for a table or a query, the nested ones for
# events.
EXPORT_FORMATS = ("csv", "json", "ndjson", "yaml")
EVENT_FORMATS = ("json", "ndjson", "yaml")

# The local file of withheld people's names, beside the data; files that stay on a
# curator's machine are never read as events and are ignored by git.
NAMES_FILE = "withheld-names.local.yml"
LOCAL_SUFFIXES = (".local.yml", ".local.yaml")
