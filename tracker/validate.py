"""Validating event files: every problem in every file, or the events ready to write.

Files are read as a stream, so that a batch of any size validates in constant memory;
a `Validator` remembers only what a batch must not repeat (ids, source descriptions).
"""

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InvalidInput, Problem, format_path
from .eventfile import EventFile, parse_event
from .readers import Document, iter_documents


@dataclass
class ValidEvent:
    event: EventFile
    document: Document


def _problem(document: Document, loc: tuple, message: str) -> Problem:
    return Problem(
        document.file,
        document.line_of(loc),
        format_path(document.prefix + tuple(loc)),
        message,
    )


def _where(document: Document, loc: tuple = ()) -> str:
    return f"{document.file}:{document.line_of(loc) or 1}"


@dataclass
class Validator:
    """Checks documents one by one and across the batch: an id given twice, or one
    source described two ways, is a problem."""

    problems: list[Problem] = field(default_factory=list)
    _ids: dict[str, str] = field(default_factory=dict)
    _sources: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    def check(self, document: Document) -> ValidEvent | None:
        event, event_problems = parse_event(document.data, document.json_text)
        self.problems += [_problem(document, loc, message) for loc, message in event_problems]
        if event is None or event_problems:
            return None
        batch_problems = self._check_batch(event, document)
        self.problems += batch_problems
        return None if batch_problems else ValidEvent(event, document)

    def _check_batch(self, event: EventFile, document: Document) -> list[Problem]:
        problems = []
        earlier = self._ids.get(event.id)
        if earlier:
            problems.append(_problem(
                document, ("id",), f"{event.id!r} is already used at {earlier}; ids must be unique"
            ))
        else:
            self._ids[event.id] = _where(document)
        for index, source in enumerate(event.sources):
            described = (source.title, source.publisher, source.url, source.published, source.note)
            digest = hashlib.blake2b(repr(described).encode(), digest_size=16).digest()
            seen = self._sources.setdefault(source.id, (digest, _where(document, ("sources", index))))
            if seen[0] != digest:
                problems.append(_problem(
                    document,
                    ("sources", index),
                    f"source {source.id!r} differs from its description at {seen[1]}; "
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
