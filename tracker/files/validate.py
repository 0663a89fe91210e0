"""Validating event files: every problem in every file, or the documents ready to write.

Files are read as a stream, so that a batch of any size validates in constant memory;
a `Validator` remembers only what a batch must not repeat (event ids). The names it
must not give (those of withheld people) come from the local names file. What a document
says about shared records is checked against the database when it is written
(`tracker.store.records`).
"""

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput, Problem
from ..reference.names import revealing_word
from ..schema.eventfile import EventFile, RegistryFile, mentions, parse_document
from .readers import Document, InputLimits, iter_documents
from .withheld import WithheldNames


@dataclass
class ValidEvent:
    event: EventFile
    document: Document


@dataclass
class ValidRegistry:
    registry: RegistryFile
    document: Document


def _where(document: Document, loc: tuple = ()) -> str:
    return f"{document.file}:{document.line_of(loc) or 1}"


class Validator:
    """Checks documents one by one and across the batch: an id given twice, a withheld
    name given anywhere, or an id that reveals one is a problem.

    What the batch has seen is kept in a private temporary database, so that memory
    stays flat however many events a batch holds.
    """

    def __init__(self, names: WithheldNames | None = None):
        self.problems: list[Problem] = []
        self.limits = InputLimits.from_environment()
        self.names = names or WithheldNames()
        self._seen = sqlite3.connect("")
        self._seen.execute("CREATE TABLE ids (id TEXT PRIMARY KEY, location TEXT) WITHOUT ROWID")

    def check(self, document: Document) -> ValidEvent | ValidRegistry | None:
        parsed, problems = parse_document(document.data, self.limits, document.json_bytes)
        self.problems += [document.problem(loc, message) for loc, message in problems]
        if parsed is None or problems:
            return None
        if isinstance(parsed, RegistryFile):
            people = [(("people", index), person) for index, person in enumerate(parsed.people)]
            problems = self._withheld(parsed, people, document)
            valid = ValidRegistry(parsed, document)
        else:
            problems = self._check_batch(parsed, document) + self._withheld(
                parsed, list(parsed.people()), document)
            valid = ValidEvent(parsed, document)
        self.problems += problems
        return None if problems else valid

    def _withheld(
        self, parsed: EventFile | RegistryFile, people: list[tuple[tuple, object]],
        document: Document,
    ) -> list[Problem]:
        """The names of the names file: given by no text, revealed by no id, and never
        the name of a person who is not withheld (a bare reference by id is neither)."""
        if not self.names:
            return []
        problems = []
        for loc, person in people:
            names = self.names.spellings.get(person.id or "")
            if not names:
                continue
            where = self.names.where[person.id]
            if not person.withheld and person.name is not None:
                problems.append(document.problem(loc + ("withheld",), (
                    f"{person.id!r} is a withheld person ({where}); accepted: "
                    "withheld: true for this id"
                )))
            revealed = next(filter(None, (revealing_word(person.id, name) for name in names)), None)
            if revealed:
                problems.append(document.problem(loc + ("id",), (
                    f"{person.id!r} gives {revealed!r} of the withheld name ({where}); "
                    "accepted: an id that does not reveal the name"
                )))
        problems += [
            document.problem(loc, (
                f"gives the name withheld for {label!r} ({self.names.where[label]}); "
                "accepted: text that does not name a withheld person"
            ))
            for loc, label in mentions(parsed, self.names.finder, document.json_text)
        ]
        return problems

    def _first(self, key: str, location: str) -> str:
        """Where an id was first given, recording `location` if nowhere yet."""
        recorded = self._seen.execute(
            "INSERT INTO ids (id, location) VALUES (?, ?) ON CONFLICT DO NOTHING "
            "RETURNING location",
            (key, location),
        ).fetchone()
        if recorded is None:
            recorded = self._seen.execute(
                "SELECT location FROM ids WHERE id = ?", (key,)
            ).fetchone()
        return recorded[0]

    def _check_batch(self, event: EventFile, document: Document) -> list[Problem]:
        here = _where(document)
        first = self._first(event.id, here)
        if first != here:
            return [document.problem(
                ("id",), f"{event.id!r} is already used at {first}; ids must be unique"
            )]
        return []


def iter_valid_documents(
    paths: Iterable[str | Path], validator: Validator
) -> Iterator[ValidEvent | ValidRegistry]:
    """The valid documents of the files, in order; every problem goes to `validator.problems`."""
    for path in paths:
        for item in iter_documents(path):
            if isinstance(item, Problem):
                validator.problems.append(item)
                continue
            valid = validator.check(item)
            if valid is not None:
                yield valid


def read_documents(
    paths: Iterable[str | Path], names: WithheldNames | None = None
) -> list[ValidEvent | ValidRegistry]:
    """Read and validate files into memory (no database consulted); InvalidInput
    listing every problem."""
    validator = Validator(names)
    documents = list(iter_valid_documents(paths, validator))
    if validator.problems:
        raise InvalidInput(validator.problems)
    return documents


def read_events(
    paths: Iterable[str | Path], names: WithheldNames | None = None
) -> list[ValidEvent]:
    """The events of files read and validated into memory (registries left out)."""
    return [item for item in read_documents(paths, names) if isinstance(item, ValidEvent)]
