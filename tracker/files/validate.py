"""Validating event files: every problem in every file, or the events ready to write.

Files are read as a stream, so that a batch of any size validates in constant memory;
a `Validator` remembers only what a batch must not repeat (ids, source descriptions).
The names it must not give (those of withheld people) come from the local names file.
"""

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput, Problem
from ..reference.names import revealing_word
from ..schema.eventfile import EventFile, mentions, parse_event
from .readers import Document, InputLimits, iter_documents
from .withheld import WithheldNames


@dataclass
class ValidEvent:
    event: EventFile
    document: Document


def _where(document: Document, loc: tuple = ()) -> str:
    return f"{document.file}:{document.line_of(loc) or 1}"


class Validator:
    """Checks documents one by one and across the batch: an id given twice, one source
    described two ways, a withheld name given anywhere, or an id that reveals one is a
    problem.

    What the batch has seen is kept in a private temporary database, so that memory
    stays flat however many events a batch holds.
    """

    def __init__(self, names: WithheldNames | None = None):
        self.problems: list[Problem] = []
        self.limits = InputLimits.from_environment()
        self.names = names or WithheldNames()
        self._seen = sqlite3.connect("")
        self._seen.execute("CREATE TABLE ids (id TEXT PRIMARY KEY, location TEXT) WITHOUT ROWID")
        self._seen.execute(
            "CREATE TABLE sources (id TEXT PRIMARY KEY, digest BLOB, location TEXT) WITHOUT ROWID"
        )

    def check(self, document: Document) -> ValidEvent | None:
        event, event_problems = parse_event(document.data, self.limits, document.json_bytes)
        self.problems += [document.problem(loc, message) for loc, message in event_problems]
        if event is None or event_problems:
            return None
        batch_problems = self._check_batch(event, document) + self._withheld(event, document)
        self.problems += batch_problems
        return None if batch_problems else ValidEvent(event, document)

    def _withheld(self, event: EventFile, document: Document) -> list[Problem]:
        """The names of the names file: given by no text, revealed by no id, and never
        the name of a person who is not withheld."""
        if not self.names:
            return []
        problems = []
        for index, person in enumerate(event.people):
            names = self.names.spellings.get(person.id or "")
            if not names:
                continue
            where = self.names.where[person.id]
            if not person.withheld:
                problems.append(document.problem(("people", index, "withheld"), (
                    f"{person.id!r} is a withheld person ({where}); accepted: "
                    "withheld: true for this id"
                )))
            revealed = next(filter(None, (revealing_word(person.id, name) for name in names)), None)
            if revealed:
                problems.append(document.problem(("people", index, "id"), (
                    f"{person.id!r} gives {revealed!r} of the withheld name ({where}); "
                    "accepted: an id that does not reveal the name"
                )))
        problems += [
            document.problem(loc, (
                f"gives the name withheld for {label!r} ({self.names.where[label]}); "
                "accepted: text that does not name a withheld person"
            ))
            for loc, label in mentions(event, self.names.finder, document.json_text)
        ]
        return problems

    def _first(self, table: str, key: str, value: tuple) -> tuple:
        """What was first recorded under `key`, recording `value` if nothing was."""
        columns = "id, location" if table == "ids" else "id, digest, location"
        recorded = self._seen.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * (len(value) + 1))}) "
            f"ON CONFLICT DO NOTHING RETURNING {columns}",
            (key, *value),
        ).fetchone()
        if recorded is None:
            recorded = self._seen.execute(
                f"SELECT {columns} FROM {table} WHERE id = ?", (key,)
            ).fetchone()
        return recorded[1:]

    def _check_batch(self, event: EventFile, document: Document) -> list[Problem]:
        problems = []
        here = _where(document)
        (first,) = self._first("ids", event.id, (here,))
        if first != here:
            problems.append(document.problem(
                ("id",), f"{event.id!r} is already used at {first}; ids must be unique"
            ))
        for index, source in enumerate(event.sources):
            described = (source.title, source.publisher, source.url, source.published, source.note)
            digest = hashlib.blake2b(repr(described).encode(), digest_size=16).digest()
            seen_digest, seen_at = self._first(
                "sources", source.id, (digest, _where(document, ("sources", index)))
            )
            if seen_digest != digest:
                problems.append(document.problem(
                    ("sources", index),
                    f"source {source.id!r} differs from its description at {seen_at}; "
                    "accepted: the same title, publisher, url, published and note "
                    "wherever a source is cited",
                ))
        return problems


def iter_valid_events(paths: Iterable[str | Path], validator: Validator) -> Iterator[ValidEvent]:
    """The valid events of the files, in order; every problem goes to `validator.problems`."""
    for path in paths:
        for item in iter_documents(path):
            if isinstance(item, Problem):
                validator.problems.append(item)
                continue
            valid = validator.check(item)
            if valid is not None:
                yield valid


def validate_files(paths: Iterable[str | Path], names: WithheldNames | None = None) -> int:
    """How many events the files hold; InvalidInput listing every problem in all of them."""
    validator = Validator(names)
    count = sum(1 for _ in iter_valid_events(paths, validator))
    if validator.problems:
        raise InvalidInput(validator.problems)
    return count


def read_events(paths: Iterable[str | Path], names: WithheldNames | None = None) -> list[ValidEvent]:
    """Read and validate files into memory; InvalidInput listing every problem."""
    validator = Validator(names)
    events = list(iter_valid_events(paths, validator))
    if validator.problems:
        raise InvalidInput(validator.problems)
    return events
