"""The actors and people already in the database, to link the names a report writes."""

import json
import sqlite3
from dataclasses import dataclass

from ..reference.names import fold, romanised, same_name


@dataclass(frozen=True)
class KnownName:
    """An actor or freed person of the database, with the spellings sources use."""

    name: str
    kind: str  # state, person or organisation
    country: str | None = None
    aliases: tuple[str, ...] = ()
    ruler: bool = False  # has freed prisoners himself (a releasing authority): his name stands for his state

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def known_names_from_db(conn: sqlite3.Connection) -> list[KnownName]:
    """Every actor and freed person in a tracker database, read-only."""
    known = [
        KnownName(name, kind, country, tuple(json.loads(aliases or "[]")), bool(ruler))
        for name, kind, country, aliases, ruler in conn.execute(
            "SELECT name, kind, country, aliases, EXISTS (SELECT 1 FROM event_actors WHERE actor_id = actors.id "
            "AND role = 'releasing_authority') FROM actors ORDER BY id"
        )
    ]
    for name, aliases, nationalities in conn.execute(
        "SELECT name, aliases, nationalities FROM people ORDER BY id"
    ):
        countries = json.loads(nationalities or "[]")
        known.append(KnownName(
            name, "person", countries[0] if len(countries) == 1 else None,
            tuple(json.loads(aliases or "[]")),
        ))
    return known


def match_known(name: str, known: list[KnownName]) -> KnownName | None:
    """The known actor or person a written name stands for, or None.

    An exact spelling (name or alias) wins; then a surname alone that only one known
    person bears ("Kellogg"); then a close misspelling ("John Cole", "Lukshenko") or
    another romanisation ("Józef Staniewski" for "Jozef Stanevsky").
    """
    key = fold(name)
    for entry in known:
        if key in {fold(spelling) for spelling in entry.spellings}:
            return entry
    words = key.split()
    if len(words) == 1:
        bearers = {
            entry.name: entry for entry in known
            if entry.kind == "person"
            and any(_alike(words[0], fold(spelling).split()[-1]) for spelling in entry.spellings)
        }
        return next(iter(bearers.values())) if len(bearers) == 1 else None
    close = {
        entry.name: entry for entry in known
        if any(_alike(name, spelling) for spelling in entry.spellings)
    }
    return next(iter(close.values())) if len(close) == 1 else None


def _alike(written: str, spelling: str) -> bool:
    return same_name(written, spelling) or same_name(romanised(written), romanised(spelling))
