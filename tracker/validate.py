"""Validating event files: every problem in every file, or the events ready to write."""

from dataclasses import dataclass
from pathlib import Path

from .errors import InvalidInput, Problem
from .eventfile import EventFile, parse_event
from .readers import Document, read_documents


@dataclass
class ValidEvent:
    event: EventFile
    document: Document


def validate_documents(documents: list[Document]) -> list[ValidEvent]:
    """The validated events; InvalidInput with every problem if any document is bad."""
    problems: list[Problem] = []
    valid: list[ValidEvent] = []
    for document in documents:
        event, event_problems = parse_event(document.data)
        problems += [document.problem(loc, message) for loc, message in event_problems]
        if event is not None and not event_problems:
            valid.append(ValidEvent(event, document))
    problems += _batch_problems(valid)
    if problems:
        raise InvalidInput(problems)
    return valid


def _batch_problems(valid: list[ValidEvent]) -> list[Problem]:
    """An id given twice, or one source described two ways, in the same batch."""
    problems = []
    first_by_id: dict[str, ValidEvent] = {}
    sources: dict[str, tuple] = {}
    for item in valid:
        event, document = item.event, item.document
        earlier = first_by_id.get(event.id)
        if earlier:
            where = f"{earlier.document.file}:{earlier.document.line or 1}"
            problems.append(document.problem(
                ("id",), f"{event.id!r} is already used at {where}; ids must be unique"
            ))
        first_by_id.setdefault(event.id, item)
        for index, source in enumerate(event.sources):
            seen = sources.get(source.id)
            if seen and seen[0] != source:
                problems.append(document.problem(
                    ("sources", index),
                    f"source {source.id!r} differs from its description at {seen[1]}; "
                    "accepted: the same title, publisher, url, published and note "
                    "wherever a source is cited",
                ))
            sources.setdefault(
                source.id, (source, f"{document.file}:{document.line_of(('sources', index))}")
            )
    return problems


def read_events(paths: list[str | Path]) -> list[ValidEvent]:
    """Read and validate files; InvalidInput listing every problem in all of them."""
    problems: list[Problem] = []
    documents: list[Document] = []
    for path in paths:
        try:
            documents += read_documents(path)
        except InvalidInput as error:
            problems += error.problems
    try:
        valid = validate_documents(documents)
    except InvalidInput as error:
        problems += error.problems
    if problems:
        raise InvalidInput(problems)
    return valid
