"""The file format's reference page, generated from the file models (`docs/reference.md`).

Every field an event file or a registry may hold, what it means (its column's
description) and what it accepts, and every value of every enumeration with its meaning:
read from `tracker.schema.eventfile` and `tracker.schema.models`, never typed twice.
`tracker reference -o docs/reference.md` writes it; a test fails when it is out of date.
"""

import typing
from enum import Enum

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import eventfile
from .claims import ACCEPTED_PATHS
from .counts import ACCEPTED as COUNT_FORMS
from .models import CountQualifier, Described

# The sections of the page: each file model under the name a curator knows it by.
SECTIONS = [
    ("Event", eventfile.EventFile, "One deal or act of release: a document with `id`."),
    ("Dated step", eventfile.DateEntry, "An entry of `dates`."),
    ("Transfer", eventfile.TransferEntry, "An entry of `transfers`: one direction of the deal."),
    ("Nationality", eventfile.NationalityEntry, "An entry of a transfer's `nationalities`."),
    ("Person freed", eventfile.PersonEntry, "An entry of a transfer's `people`: a reference by "
     "`id`, by a name or alias that matches one known person, or a new person."),
    ("Actor", eventfile.ActorEntry, "An entry of `actors`: an actor (by `id`, or by `name` "
     "and `kind`) and its role."),
    ("Actor reference", eventfile.ActorDeclaration, "Where a field refers to an actor "
     "(`held_by`, `granted_by`, `beneficiaries`, `by`, `according_to`): text (the id, name "
     "or alias of an entry of `actors` or of a known actor, or a country, which stands for "
     "its state), or this mapping."),
    ("Concession", eventfile.ConcessionEntry, "An entry of `concessions`: the rest of the "
     "deal (a prisoner handed over in return is a transfer, never a concession)."),
    ("Dispute", eventfile.DisputeEntry, "An entry of a concession's `disputed_by`."),
    ("Statement", eventfile.StatementEntry, "An entry of `statements`."),
    ("Prisoner count", eventfile.PrisonerCountEntry, "An entry of `prisoner_counts`: "
     "political prisoners remaining in a country, per a source."),
    ("Claim", eventfile.ClaimEntry, "An entry of `claims`: what a source says about one "
     "fact, where sources disagree."),
    ("Source", eventfile.SourceDeclaration, "An entry of the event's `sources` (or of a "
     "registry's): a bare id refers to a known source; a mapping declares one."),
    ("Registry document", eventfile.RegistryFile, "Shared records, declared once: a "
     "document with no `id`. `tracker build` reads `data/sources.yml`, `data/people.yml` "
     "and `data/actors.yml` before the events."),
    ("Registered person", eventfile.PersonRecord, "An entry of a registry's `people`."),
    ("Registered actor", eventfile.ActorRecord, "An entry of a registry's `actors`."),
]

_VALIDATORS = {
    "_country": "a country: an ISO 3166-1 code (BY, BLR), an English name or a demonym",
    "_partial_date": "a date: YYYY-MM-DD, YYYY-MM or YYYY",
    "_count": "a count (see [Counts](#counts))",
    "_political": "a count (see [Counts](#counts)), or `all`",
    "_web_address": "an http:// or https:// web address",
    "_claim_value": "a value of the type its `about` names (see [Claims](#claims))",
}


def _anchor(title: str) -> str:
    return title.lower().replace(" ", "-")


_MODEL_TITLES = {model: title for title, model, _ in SECTIONS}


def _pattern_text(pattern: str) -> str:
    """What text of a pattern accepts, in words: a line, prose, a language code or an id."""
    return {
        eventfile.LINE.pattern: "text on one line (no line breaks, tabs or control characters)",
        eventfile.PROSE.pattern: "text (line breaks and tabs allowed; no other control characters)",
        eventfile.LANGUAGE_PATTERN: "a two-letter language code (ISO 639-1: en, ru, lt)",
    }.get(pattern, "an id: lower-case letters and digits joined by single hyphens")


def _type_text(annotation) -> str:
    """What a field accepts, in words, from its annotation."""
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Annotated:
        base, *metadata = arguments
        return _constrained_text(metadata) or _type_text(base)
    if origin is typing.Union:
        members = [argument for argument in arguments if argument is not type(None)]
        # A discriminated member is Annotated with its tag: its type is the first argument.
        kinds = [
            typing.get_args(argument)[0] if typing.get_origin(argument) is typing.Annotated
            else argument
            for argument in members
        ]
        if any(_MODEL_TITLES.get(kind) == "Actor reference" for kind in kinds):
            return "an [actor reference](#actor-reference)"
        if any(kind is eventfile.SourceDeclaration for kind in kinds):
            return "a source id, or a [source](#source) declared"
        return " or ".join(_type_text(member) for member in members)
    if origin is list:
        return f"a list of {_plural(_type_text(arguments[0]))}"
    if origin is typing.Literal:
        return " or ".join(f"`{argument}`" for argument in arguments)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        values = ", ".join(f"`{member.value}`" for member in annotation)
        return f"one of {values} ([meanings](#{_anchor(annotation.__name__)}))"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        title = _MODEL_TITLES[annotation]
        return f"a [{title.lower()}](#{_anchor(title)})"
    if annotation is bool:
        return "`true` or `false`"
    if annotation is int:
        return "a whole number"
    return "text"


def _constrained_text(metadata) -> str | None:
    """What a string's validators or pattern accept, if they say more than its type: a
    validator first, since it narrows the pattern (a web address is a line too)."""
    # A Field() inside Annotated keeps its own constraints one level down.
    metadata = [inner for item in metadata for inner in (item, *getattr(item, "metadata", ()))]
    for item in metadata:
        name = getattr(getattr(item, "func", None), "__name__", "")
        if name in _VALIDATORS:
            return _VALIDATORS[name]
    for item in metadata:
        if getattr(item, "pattern", None):
            return _pattern_text(item.pattern)
    return None


def _plural(text: str) -> str:
    for article in ("an ", "a "):
        if text.startswith(article):
            return text[len(article):].replace("[actor reference]", "[actor references]")
    return text


def _field_type(name: str, field: FieldInfo) -> str:
    if name == "sources" and typing.get_origin(field.annotation) is typing.Union:
        return "a list of source ids, each one of the event's `sources`"
    for item in field.metadata:
        validator = getattr(getattr(item, "func", None), "__name__", "")
        if validator == "_one_or_several":
            return f"one {_type_text(field.annotation)[len('a list of '):]}, or a list of them"
    return _constrained_text(field.metadata) or _type_text(field.annotation)


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _section(title: str, model: type[BaseModel], meaning: str) -> list[str]:
    lines = [f"### {title}", "", meaning, "", "| Field | Required | Accepts | Meaning |",
             "| --- | --- | --- | --- |"]
    for name, field in model.model_fields.items():
        required = "yes" if field.is_required() else ""
        lines.append(f"| `{field.alias or name}` | {required} | {_cell(_field_type(name, field))} | "
                     f"{_cell(field.description or '')} |")
    return lines + [""]


def _enums() -> list[type[Described]]:
    """Every enumeration a file field accepts, in the order of the page."""
    found: list = []

    def walk(annotation):
        if isinstance(annotation, type) and issubclass(annotation, Described):
            if annotation not in found:
                found.append(annotation)
        for argument in typing.get_args(annotation):
            walk(argument)

    for _, model, _ in SECTIONS:
        for field in model.model_fields.values():
            walk(field.annotation)
    return found + [CountQualifier]


def _values(enum: type[Described]) -> list[str]:
    lines = [f"### {enum.__name__}", "", "| Value | Meaning |", "| --- | --- |"]
    lines += [f"| `{member.value}` | {_cell(member.meaning)} |" for member in enum]
    return lines + [""]


INTRODUCTION = """\
# The event file, format 2: reference

Generated by `tracker reference -o docs/reference.md` from the file models
(`tracker/schema/eventfile.py`) and the columns they reuse (`tracker/schema/models.py`);
a test fails when this page is out of date. The README shows the founding event as an
example.

A document is an event (it has an `id`) or a registry of shared records; either starts
with `format: 2`. A document without it is format 1: it is refused, and `tracker
upgrade FILE` rewrites it in format 2. A field left out is unknown; an unknown count is
left out (or null), never 0.

Every fact (a dated step, a transfer, a nationality, a person freed, an actor's role, a
concession, a statement, a prisoner count, a claim) cites the sources it rests on in its
`sources`: ids listed in the event's `sources`. They may be left out only when the event
cites exactly one source (the fact then cites it).
"""


def _counts() -> list[str]:
    return [
        "## Counts", "",
        "Wherever a count is asked for, the file accepts: " + COUNT_FORMS.removeprefix(
            "accepted: ") + ". It is stored in four columns: the best figure (for 'at "
        "least' and 'at most', the bound), the low and high bounds, and the "
        "[qualifier](#countqualifier). 'More than 20' is written 'at least 21'.", "",
        "Sums (an event's totals, the stats, the questions, the charts) carry the "
        "uncertainty: exact plus exact is exact; anything unknown or 'at least' makes the "
        "sum 'at least'; anything approximate makes it 'about'; bounds and ranges make it a "
        "range.", "",
    ]


def _claims() -> list[str]:
    return [
        "## Claims", "",
        "A claim's `about` names a fact of the event by a path; "
        + ACCEPTED_PATHS.removeprefix("accepted: ").replace("transfers[N]", "`transfers[N]`")
        + ". The path types the value: counts are read as counts, dates as dates, `status`, "
        "`how` and `kind` as their values, `from` and `to` as countries; the others are "
        "text. At most one claim per fact is `chosen`, with a `reason`; a chosen value "
        "must be the one the event shows (for `freed` and `political`, a value the "
        "transfers' total allows).", "",
    ]


def _derived() -> list[str]:
    return [
        "## What the event derives", "",
        "The event's date is the first given of its released, arrived, announced and "
        "decided steps; arrived may not be before released, nor released before decided. "
        "A transfer freed its people when its status is `carried_out` or "
        "`partly_carried_out`; the event's status follows from its transfers (carried out "
        "when all were, partly when some freed people, announced when none did yet, "
        "reversed when all were). The event's releasing and receiving state are its first "
        "transfer's. People freed are counted over the transfers that freed them, of "
        "events that are not `part_of` a larger deal; political prisoners freed from "
        "`political` only; announced releases apart.", "",
    ]


def _csv() -> list[str]:
    from ..files.readers import CSV_COLUMNS

    return [
        "## The CSV template", "",
        "One simple event a row (one transfer, one dated step), with the columns "
        + ", ".join(f"`{column}`" for column in CSV_COLUMNS) + ". `format` is 2 in every "
        "row; `nationalities` holds `country:count` pairs separated by `;`, `people` "
        "names separated by `;`, `actors` `role:kind:name` triples separated by `;`; the "
        "row's source is cited by every fact in it.", "",
    ]


def reference_text() -> str:
    lines = [INTRODUCTION, "## Fields", ""]
    for title, model, meaning in SECTIONS:
        lines += _section(title, model, meaning)
    lines += _counts() + _claims() + _derived() + _csv()
    lines += ["## Values", "", "Every value an enumerated field accepts, and what it means.", ""]
    for enum in _enums():
        lines += _values(enum)
    return "\n".join(lines).rstrip("\n") + "\n"
