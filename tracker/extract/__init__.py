"""Drafting an event file from a plain-text news report (`tracker extract`).

Patterns over the text and the project's reference data (countries, demonyms,
capitals, number words, the actors already in the database); no network, no model.
"""

from .draft import Draft, Evidence, NoReleaseFound, extract_event, fit_to_database, write_draft
from .known import KnownName, known_names_from_db, match_known

__all__ = [
    "Draft", "Evidence", "KnownName", "NoReleaseFound", "extract_event", "fit_to_database",
    "known_names_from_db", "match_known", "write_draft",
]
