"""Validating event files: every problem in every file, or the events ready to write.

Files are read as a stream, so that a batch of any size validates in constant memory;
a `Validator` remembers only what a batch must not repeat (ids, source descriptions)
and the names it must not give (those of withheld people).
"""

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInput, Problem
from ..schema.eventfile import EventFile, mentions, parse_event, withheld_names
from .readers import Document, InputLimits, iter_documents


@dataclass
class ValidEvent:
    event: EventFile
    document: Document


def _where(document: Document, loc: tuple = ()) -> str:
    return f"{document.file}:{document.line_of(loc) or 1}"


class Validator:
    """Checks documents one by one and across the batch: an id given twice, one source
    described two ways, or a withheld name given anywhere in the batch is a problem.

    What the batch has seen is kept in a private temporary database, so that memory
    stays flat however many events a batch holds.
    """

    def __init__(self):
        self.problems: list[Problem] = []
        self.limits = InputLimits.from_environment()
        self.withheld: dict[str, str] = {}  # folded name -> where it is withheld
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
        for index, name in withheld_names(event):
            self.withheld.setdefault(name, _where(document, ("people", index)))
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
    """The valid events of the files, in order; every problem goes to `validator.problems`.

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
            event, event_problems = parse_event(item.data, validator.limits, item.json_bytes)
            if event is None or event_problems:
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


def validate_files(paths: Iterable[str | Path]) -> int:
    """How many events the files hold; InvalidInput listing every problem in all of them."""
    validator = Validator()
    count = sum(1 for _ in iter_valid_events(paths, validator))
    if validator.problems:
        raise InvalidInput(validator.problems)
    return count


def read_events(paths: Iterable[str | Path]) -> list[ValidEvent]:
    """Read and validate files into memory; InvalidInput listing every problem."""
    validator = Validator()
    events = list(iter_valid_events(paths, validator))
    if validator.problems:
        raise InvalidInput(validator.problems)
    return events
