"""Validating event files: every problem in every file, or the documents ready to write.

Files are read as a stream, so that a batch of any size validates in constant memory;
a `Validator` remembers only what a batch must not repeat (event ids) and the names it
must not give (those of withheld people). What a document says about shared records is
checked against the database when it is written (`tracker.store.records`).
"""

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput, Problem
from ..schema.eventfile import EventFile, RegistryFile, mentions, parse_document, withheld_names
from .readers import Document, iter_documents


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
    """Checks documents one by one and across the batch: an id given twice, or a
    withheld name given anywhere in the batch, is a problem.

    What the batch has seen is kept in a private temporary database, so that memory
    stays flat however many events a batch holds.
    """

    def __init__(self):
        self.problems: list[Problem] = []
        self.withheld: dict[str, str] = {}  # folded name -> where it is withheld
        self._seen = sqlite3.connect("")
        self._seen.execute("CREATE TABLE ids (id TEXT PRIMARY KEY, location TEXT) WITHOUT ROWID")

    def check(self, document: Document) -> ValidEvent | ValidRegistry | None:
        event, event_problems = parse_document(document.data, document.json_text)
        self.problems += [document.problem(loc, message) for loc, message in event_problems]
        if event is None or event_problems:
            return None
        if isinstance(event, RegistryFile):
            return ValidRegistry(event, document)
        for loc, name in withheld_names(event):
            self.withheld.setdefault(name, _where(document, loc))
        batch_problems = self._check_batch(event, document) + self.mentions_of_withheld(
            event, document
        )
        self.problems += batch_problems
        return None if batch_problems else ValidEvent(event, document)

    def mentions_of_withheld(self, event: EventFile, document: Document) -> list[Problem]:
        """Where the event gives a name withheld in this batch (so far)."""
        return [
            document.problem(
                loc,
                f"gives the name that is withheld at {where}; accepted: text that "
                "does not name a withheld person",
            )
            for name, where in self.withheld.items()
            for loc in mentions(event, name)
        ]

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
    """The valid documents of the files, in order; every problem goes to `validator.problems`.

    A withheld name may be given in an event read before the one that withholds it:
    when the batch withholds any name, the files are read once more to find those.
    """
    paths = list(paths)
    for path in paths:
        for item in iter_documents(path):
            if isinstance(item, Problem):
                validator.problems.append(item)
                continue
            valid = validator.check(item)
            if valid is not None:
                yield valid
    if validator.withheld:
        validator.problems += _earlier_mentions(paths, validator)


def _earlier_mentions(paths: list[str | Path], validator: Validator) -> list[Problem]:
    """Withheld names given by events read before the name was withheld."""
    problems = []
    withheld_so_far: set[str] = set()
    for path in paths:
        for item in iter_documents(path):
            if isinstance(item, Problem):
                continue
            event, event_problems = parse_document(item.data, item.json_text)
            if not isinstance(event, EventFile) or event_problems:
                continue
            withheld_so_far |= {name for _, name in withheld_names(event)}
            for name in validator.withheld.keys() - withheld_so_far:
                for loc in mentions(event, name):
                    problems.append(item.problem(
                        loc,
                        f"gives the name that is withheld at {validator.withheld[name]}; "
                        "accepted: text that does not name a withheld person",
                    ))
    return problems


def read_documents(paths: Iterable[str | Path]) -> list[ValidEvent | ValidRegistry]:
    """Read and validate files into memory (no database consulted); InvalidInput
    listing every problem."""
    validator = Validator()
    documents = list(iter_valid_documents(paths, validator))
    if validator.problems:
        raise InvalidInput(validator.problems)
    return documents


def read_events(paths: Iterable[str | Path]) -> list[ValidEvent]:
    """The events of files read and validated into memory (registries left out)."""
    return [item for item in read_documents(paths) if isinstance(item, ValidEvent)]
