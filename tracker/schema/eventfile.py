"""The event file: one event with everything known about it, as curators write it.

The same shape is read from YAML, JSON and NDJSON, and written by the nested export.
Each field reuses its column's definition (description, constraints) from
`tracker.schema.models`; only references by name (countries, actors, sources) are file-only.
"""

import copy
import datetime as dt
import difflib
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from typing import Annotated, Any, Optional, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    Tag,
)
from pydantic import ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..reference.countries import country_code
from ..reference.dates import parse_partial_date
from .models import (
    MAX_COUNT,
    WITHHELD_NAME,
    Actor,
    ActorKind,
    ActorRole,
    Claim,
    ClaimField,
    Concession,
    ConcessionKind,
    ConcessionStatus,
    Event,
    EventActor,
    EventNationality,
    EventPerson,
    EventStatus,
    EventType,
    Person,
    PrisonerCount,
    Slug,
    Source,
    Stance,
    Statement,
)
from ..reference.names import NameFinder, fold
from ..files.readers import InputLimits
from ..files.withheld import NAMES_FILE


def column(model, name: str, **overrides) -> FieldInfo:
    """The field definition of a table column, reused by the file model."""
    field = copy.copy(model.model_fields[name])
    if "default_factory" in overrides:
        field.default = PydanticUndefined
    for key, value in overrides.items():
        setattr(field, key, value)
    return field


def _country(value):
    return country_code(value)


def _partial_date(value):
    return parse_partial_date(value).text


def _text(value):
    """Claim values may be written as numbers or dates; they are kept as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


def _web_address(value: str) -> str:
    """Only http(s) addresses: a `javascript:` or `data:` link must never reach a page."""
    parts = urllib.parse.urlsplit(value.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise ValueError(
            f"{value!r} is not a web address; accepted: an http:// or https:// URL"
        )
    return value


# What text may hold. Every character is stored and exported as given, so that an
# export ingested again gives the same bytes; what could not be shown as it is, is
# refused. A line (a title, a name) holds no control characters, no line breaks and no
# bidirectional controls, which could make a name read as another. Prose (a summary, a
# note) may also hold tabs and line breaks (LF, CR, CRLF, U+2028, U+2029) and the
# bidirectional controls that right-to-left writing uses. NUL and the other C0 and C1
# controls are refused everywhere. Both need a visible character: text of spaces or
# invisible formatting characters alone would read as empty.
_CHARACTER_KINDS = {"\t": "a tab", "\n": "a line break", "\r": "a line break"}


@dataclass(frozen=True)
class TextKind:
    refused: str  # the characters refused, as the body of a regular-expression class
    accepted: str

    @property
    def pattern(self) -> str:
        """What is accepted, checked by pydantic's own (Rust) regular expressions, which
        know Unicode's formatting characters (\\p{Cf}); a problem is described below."""
        allowed = f"[^{self.refused}]"
        return f"^{allowed}*[^{self.refused}\\s\\p{{Cf}}]{allowed}*$"

    def problem(self, text: str) -> str:
        if found := re.search(f"[{self.refused}]", text):
            char = found.group()
            kind = _CHARACTER_KINDS.get(char) or unicodedata.name(char, "a control character")
            return (f"character {found.start() + 1} is U+{ord(char):04X} ({kind}); "
                    f"accepted: {self.accepted}")
        return ("only whitespace or invisible characters; accepted: text with a visible "
                "character (leave an optional field out when unknown)")


LINE = TextKind(
    "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069",
    "one line of text, without control characters, line breaks or bidirectional controls",
)
PROSE = TextKind(
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f",
    "text whose only control characters are tabs and line breaks",
)
_TEXT_KINDS = {kind.pattern: kind for kind in (LINE, PROSE)}

# Empty text is refused first, as every text column refuses it: null is the only blank.
Line = Annotated[str, StringConstraints(min_length=1, pattern=LINE.pattern)]
Prose = Annotated[str, StringConstraints(min_length=1, pattern=PROSE.pattern)]
CountryCode = Annotated[str, BeforeValidator(_country)]
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
WebAddress = Annotated[Line, AfterValidator(_web_address)]
Names = list[Line]


class FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActorDeclaration(FileModel):
    """An actor named inline where it is referred to."""

    id: Optional[Slug] = column(Actor, "id", default=None)
    name: Line = column(Actor, "name")
    kind: ActorKind = column(Actor, "kind")
    country: Optional[CountryCode] = column(Actor, "country")
    aliases: Names = column(Actor, "aliases", default_factory=list)


# A string refers to an actor of this event (id, name or alias) or to a country.
def _reference_form(value) -> str:
    return "mapping" if isinstance(value, (dict, ActorDeclaration)) else "text"


ActorReference = Annotated[
    Union[Annotated[Line, Tag("text")], Annotated[ActorDeclaration, Tag("mapping")]],
    Discriminator(_reference_form),
]


class ActorEntry(ActorDeclaration):
    role: ActorRole = column(EventActor, "role")
    description: Optional[Prose] = column(EventActor, "description")
    source: Optional[Slug] = column(EventActor, "source_id")


class PersonEntry(FileModel):
    id: Optional[Slug] = column(Person, "id", default=None)
    name: Line = column(Person, "name")
    aliases: Names = column(Person, "aliases", default_factory=list)
    nationalities: list[CountryCode] = column(
        Person, "nationalities", default_factory=list
    )
    withheld: StrictBool = column(Person, "withheld")
    note: Optional[Prose] = column(EventPerson, "note")
    source: Optional[Slug] = column(EventPerson, "source_id")


class NationalityEntry(FileModel):
    country: CountryCode = column(EventNationality, "country")
    count: Optional[StrictInt] = column(EventNationality, "count")
    count_lower_bound: StrictBool = column(EventNationality, "count_lower_bound")
    source: Optional[Slug] = column(EventNationality, "source_id")


class ConcessionEntry(FileModel):
    kind: ConcessionKind = column(Concession, "kind")
    granted_by: Optional[ActorReference] = column(Concession, "granted_by")
    beneficiary: Optional[ActorReference] = column(Concession, "beneficiary")
    description: Prose = column(Concession, "description")
    status: ConcessionStatus = column(Concession, "status")
    disputed: StrictBool = column(Concession, "disputed")
    dispute: Optional[Prose] = column(Concession, "dispute")
    source: Optional[Slug] = column(Concession, "source_id")


class StatementEntry(FileModel):
    by: Optional[ActorReference] = column(Statement, "actor_id")
    gist: Prose = column(Statement, "gist")
    platform: Optional[Line] = column(Statement, "platform")
    stance: Stance = column(Statement, "stance")
    date: Optional[PartialDate] = column(Statement, "date")
    source: Optional[Slug] = column(Statement, "source_id")


class ClaimEntry(FileModel):
    field: ClaimField = column(Claim, "field")
    value: Annotated[Line, BeforeValidator(_text)] = column(Claim, "value")
    source: Slug = column(Claim, "source_id")
    chosen: StrictBool = column(Claim, "chosen")
    note: Optional[Prose] = column(Claim, "note")


class PrisonerCountEntry(FileModel):
    country: CountryCode = column(PrisonerCount, "country")
    as_of: PartialDate = column(PrisonerCount, "as_of")
    count: StrictInt = column(PrisonerCount, "count")
    approximate: StrictBool = column(PrisonerCount, "approximate")
    according_to: Optional[ActorReference] = column(PrisonerCount, "according_to")
    attribution: Optional[Line] = column(PrisonerCount, "attribution")
    source: Slug = column(PrisonerCount, "source_id")


class SourceEntry(FileModel):
    id: Slug = column(Source, "id")
    title: Optional[Line] = column(Source, "title")
    publisher: Optional[Line] = column(Source, "publisher")
    url: Optional[WebAddress] = column(Source, "url")
    published: Optional[PartialDate] = column(Source, "published")
    note: Optional[Prose] = column(Source, "note")


class EventFile(FileModel):
    id: Slug = column(Event, "id")
    title: Line = column(Event, "title")
    summary: Optional[Prose] = column(Event, "summary")
    type: EventType = column(Event, "type")
    status: EventStatus = column(Event, "status")
    track: Optional[Slug] = column(Event, "track")
    date: PartialDate = column(Event, "date")
    releasing_state: CountryCode = column(Event, "releasing_state")
    receiving_state: Optional[CountryCode] = column(Event, "receiving_state")
    total_released: Optional[StrictInt] = column(Event, "total_released")
    total_released_lower_bound: StrictBool = column(Event, "total_released_lower_bound")
    foreign_nationals: Optional[StrictInt] = column(Event, "foreign_nationals")
    foreign_nationals_lower_bound: StrictBool = column(
        Event, "foreign_nationals_lower_bound"
    )
    notes: Optional[Prose] = column(Event, "notes")
    nationalities: list[NationalityEntry] = Field(
        default_factory=list, description="The nationality breakdown"
    )
    people: list[PersonEntry] = Field(default_factory=list, description="People freed")
    actors: list[ActorEntry] = Field(
        default_factory=list, description="Mediators and other actors with their roles"
    )
    concessions: list[ConcessionEntry] = Field(
        default_factory=list, description="What was given in return"
    )
    statements: list[StatementEntry] = Field(
        default_factory=list, description="Who said what"
    )
    claims: list[ClaimEntry] = Field(
        default_factory=list, description="What each source says where sources disagree"
    )
    prisoner_counts: list[PrisonerCountEntry] = Field(
        default_factory=list, description="Political prisoners remaining, per the sources"
    )
    sources: list[SourceEntry] = Field(
        min_length=1, description="Every source the event cites (at least one)"
    )



FIELD_ORDER = list(EventFile.model_fields)


# ---------------------------------------------------------------- validation


def _accepted_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names accepted where an unknown field `loc` was found."""
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        model = _model_in(annotation) or model
    return list(model.model_fields)


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None


_TYPE_HINTS = {
    "int_type": "accepted: a whole number such as 52 (not text, not true/false)",
    "bool_type": "accepted: true or false",
    "string_type": "accepted: text",
    "list_type": "accepted: a list",
    "model_type": "accepted: a mapping of field names to values",
    "dict_type": "accepted: a mapping of field names to values",
    "missing": "this field is required",
    "greater_than_equal": "accepted: 0 or more",
    "less_than_equal": f"accepted: at most {MAX_COUNT:,}",
    "string_too_short": "accepted: non-empty text (leave an optional field out when unknown)",
    "too_short": "accepted: at least one entry",
    "string_pattern_mismatch": (
        "accepted: lower-case letters and digits joined by single hyphens, "
        "e.g. by-2025-09-11"
    ),
}


def _loc_without_union_tags(loc: tuple) -> tuple:
    """Pydantic adds the union member's tag after an actor reference; a user wrote no
    such key (but may have written a key that happens to be called "text")."""
    union_tags = {"text", "mapping"}
    references = {field for _, field in _REFERENCE_FIELDS}
    return tuple(
        part for index, part in enumerate(loc)
        if not (part in union_tags and index and loc[index - 1] in references)
    )


def describe_validation_error(error: dict) -> tuple[tuple, str]:
    """(location, message) for one pydantic error, naming the value and what is accepted."""
    loc = _loc_without_union_tags(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        accepted = _accepted_fields(EventFile, loc)
        close = difflib.get_close_matches(str(loc[-1]), accepted, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return loc, f"unknown field; {hint}accepted: {', '.join(accepted)}"
    if kind == "missing":
        return loc, "missing; this field is required"
    message = error["msg"]
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", message))
        return loc, message
    if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] in _TEXT_KINDS:
        return loc, _TEXT_KINDS[error["ctx"]["pattern"]].problem(value)
    hint = _TYPE_HINTS.get(kind)
    shown = f"{value!r}: " if not isinstance(value, (dict, list)) else ""
    return loc, f"{shown}{message}" + (f"; {hint}" if hint and hint not in message else "")


def parse_event(
    data: Any, limits: InputLimits | None = None, json_bytes: int | None = None
) -> tuple[EventFile | None, list[tuple[tuple, str]]]:
    """Validate one event document: the model, or the problems as (location, message).

    `json_bytes`, when known, is the size of the JSON text the document was read from:
    a document too small to make an event above the limit is not measured.
    """
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        return None, [((), f"an event must be a mapping of fields, got {kind}; accepted: "
                           "field names with their values (id:, title:, type:, …)")]
    try:
        event = EventFile.model_validate(data)
    except ValidationError as error:
        problems = {}
        for item in error.errors(include_url=False):
            loc, message = describe_validation_error(item)
            problems.setdefault(loc, message)
        return None, list(problems.items())
    limits = limits or InputLimits.from_environment()
    if json_bytes is None or largest_event_size(json_bytes) > limits.event_bytes:
        size = event_size(event)
        if size > limits.event_bytes:
            return None, [((), (
                f"the event is {size:,} bytes as compact JSON; accepted: at most "
                f"{limits.event_bytes:,} bytes an event, in any format "
                f"(${InputLimits.EVENT_VARIABLE})"
            ))]
    return event, check_event(event)


# What ingest fills in from the database (ids, an actor's country, references written
# out as actors), which an exported event gives and its source file may not.
_FILLED_IN = {
    "people": {"__all__": {"id"}},
    "actors": {"__all__": {"id", "country"}},
    "concessions": {"__all__": {"granted_by", "beneficiary"}},
    "statements": {"__all__": {"by"}},
    "prisoner_counts": {"__all__": {"according_to"}},
}


# Validating JSON text makes it at most this much larger, as measured: text, numbers and
# booleans keep or lose bytes (codes for country names, no spaces), a claim's number
# gains its quotes, and the fields an entry leaves out are written out: less than eight
# times the smallest entry that can leave them out (`{"id":"a"}`, a source, gains five
# nulls), and a few hundred bytes for the event itself. tests/attacks checks the bound.
JSON_GROWTH, JSON_GROWTH_BYTES = 8, 1024


def largest_event_size(json_bytes: int) -> int:
    """The largest size an event read from JSON text of that many bytes can have."""
    return JSON_GROWTH * json_bytes + JSON_GROWTH_BYTES


def event_size(event: EventFile) -> int:
    """The event's size in bytes, the same in every format: as compact JSON, every field
    spelt out, less what ingest fills in. An event and its export, read back, measure
    the same, so what was accepted once is accepted again."""
    return len(EventFile.__pydantic_serializer__.to_json(event, exclude=_FILLED_IN))


def actor_index(event: EventFile) -> dict[tuple, ActorEntry]:
    """The event's actors by ("id", id) and by ("name", folded name or alias), first
    entry first."""
    index: dict[tuple, ActorEntry] = {}
    for actor in event.actors:
        if actor.id:
            index.setdefault(("id", actor.id), actor)
        for name in (actor.name, *actor.aliases):
            index.setdefault(("name", fold(name)), actor)
    return index


def resolve_reference(actors: dict[tuple, ActorEntry], reference) -> ActorDeclaration | str | None:
    """For a reference: an event actor (from `actor_index`), an inline declaration, or
    the code of the country it names; None if it is none of these."""
    if reference is None or isinstance(reference, ActorDeclaration):
        return reference
    # An exact id first: an exported event refers to its actors by id, and an id folds
    # like a name ("bar-baz" like "Bar Baz") that another actor may bear as an alias.
    actor = actors.get(("id", reference)) or actors.get(("name", fold(reference)))
    if actor is not None:
        return actor
    try:
        return country_code(reference)
    except ValueError:
        return None


def check_event(event: EventFile) -> list[tuple[tuple, str]]:
    """Checks across fields: references resolve, no duplicates, counts add up."""
    problems: list[tuple[tuple, str]] = []
    source_ids = [source.id for source in event.sources]
    for index, source_id in enumerate(source_ids):
        if source_ids.index(source_id) != index:
            problems.append((
                ("sources", index, "id"),
                f"{source_id!r} is listed twice; accepted: each source once",
            ))
    known = set(source_ids)
    sections = ("nationalities", "people", "actors", "concessions", "statements",
                "claims", "prisoner_counts")
    for section in sections:
        for index, entry in enumerate(getattr(event, section)):
            if entry.source and entry.source not in known:
                problems.append((
                    (section, index, "source"),
                    f"{entry.source!r} is not a source of this event; "
                    f"accepted: {', '.join(source_ids)}",
                ))
    problems += _duplicates(event)
    problems += _references(event)
    problems += _counts(event)
    problems += _withheld(event)
    return problems


def _person_key(person: PersonEntry) -> set[str]:
    """A person with an id is known by it (a withheld one by id alone: every exported one
    has the same placeholder); one without, by every spelling."""
    if person.withheld or person.id:
        return {f"id:{person.id}"}
    return {fold(person.name), *(fold(alias) for alias in person.aliases)}


def _withheld(event: EventFile) -> list[tuple[tuple, str]]:
    """A withheld person has an id of the curators' choosing and no name: event files are
    committed to git, which keeps every version; the name is kept apart (files/withheld.py)."""
    problems = []
    for index, person in enumerate(event.people):
        if not person.withheld:
            continue
        if person.id is None:
            problems.append((
                ("people", index, "id"),
                "missing; a withheld person needs an id chosen by the curators, e.g. "
                f"{event.id}-person-{index + 1} (an id made from the name would reveal it)",
            ))
        if person.name != WITHHELD_NAME:
            problems.append((
                ("people", index, "name"),
                f"a withheld person's name is never written in an event file (git keeps "
                f"every version of it); accepted: {WITHHELD_NAME!r}, with the real name "
                f"under the person's id in the git-ignored data/{NAMES_FILE}",
            ))
        if person.aliases:
            problems.append((
                ("people", index, "aliases"),
                "a withheld person has no aliases; accepted: none (an alias would "
                "reveal the name)",
            ))
    return problems


# A JSON escape stands for a quote, a backslash or a control character: in a name, all
# are separators, as a space is.
_JSON_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)")


def mentions(
    event: EventFile, finder: NameFinder, json_text: str | None = None
) -> list[tuple[tuple, str]]:
    """(where, whose) for every withheld name that the event's text gives.

    `json_text`, the event as it was read (a line of NDJSON), spares writing it out again.
    """
    # Most events give none: one search of the whole event as JSON says so (the names
    # found in one string are found in it, and field names separate the strings). A
    # \u escape could hide a character inside a word: such a text is written out again.
    if json_text is None or "\\u" in json_text:
        json_text = event.model_dump_json(exclude_defaults=True)
    if not finder.may_give(_JSON_ESCAPE.sub(" ", json_text)):
        return []
    found = []
    stack: list[tuple[tuple, Any]] = [((), event.model_dump(mode="json", exclude_defaults=True))]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict):
            stack += [(loc + (key,), item) for key, item in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(loc + (index,), item) for index, item in reversed(list(enumerate(value)))]
        elif isinstance(value, str):
            found += [(loc, label) for label in finder.labels_in(value)]
    return found


def _duplicates(event: EventFile) -> list[tuple[tuple, str]]:
    problems = []
    seen_countries: dict[str, int] = {}
    for index, entry in enumerate(event.nationalities):
        if entry.country in seen_countries:
            problems.append((
                ("nationalities", index, "country"),
                f"{entry.country!r} is already listed at nationalities"
                f"[{seen_countries[entry.country]}]; give each country once",
            ))
        seen_countries.setdefault(entry.country, index)
    # An id says which person or actor an entry is: two ids are two, whatever their
    # names (an exported event names each by id; the database may know two people
    # whose spellings overlap). Without an id, names and aliases must not overlap.
    seen_people: dict = {}
    for index, person in enumerate(event.people):
        for key in _person_key(person):
            if key in seen_people and seen_people[key] != index:
                problems.append((
                    ("people", index, "name"),
                    f"{person.name!r} is already listed at people[{seen_people[key]}]",
                ))
                break
            seen_people[key] = index
    seen_roles: dict[tuple, int] = {}
    for index, actor in enumerate(event.actors):
        key = (("id", actor.id) if actor.id else fold(actor.name), actor.role)
        if key in seen_roles:
            problems.append((
                ("actors", index, "role"),
                f"{actor.name!r} already has role {actor.role.value!r} at "
                f"actors[{seen_roles[key]}]",
            ))
        seen_roles.setdefault(key, index)
    return problems


_REFERENCE_FIELDS = (
    ("concessions", "granted_by"),
    ("concessions", "beneficiary"),
    ("statements", "by"),
    ("prisoner_counts", "according_to"),
)


def _references(event: EventFile) -> list[tuple[tuple, str]]:
    problems = []
    actors = actor_index(event)
    for section, field in _REFERENCE_FIELDS:
        for index, entry in enumerate(getattr(event, section)):
            reference = getattr(entry, field)
            if reference is not None and resolve_reference(actors, reference) is None:
                problems.append((
                    (section, index, field),
                    f"{reference!r} is neither an actor of this event nor a country; "
                    "accepted: the id, name or alias of an entry under actors, a "
                    "country, or an inline mapping {name:, kind:}",
                ))
    return problems


def _counts(event: EventFile) -> list[tuple[tuple, str]]:
    problems = []
    total, foreign = event.total_released, event.foreign_nationals
    known = [entry for entry in event.nationalities if entry.count is not None]
    breakdown = sum(entry.count for entry in known)
    foreign_breakdown = sum(
        entry.count for entry in known if entry.country != event.releasing_state
    )
    if total is not None and not event.total_released_lower_bound:
        if breakdown > total:
            problems.append((
                ("nationalities",),
                f"the breakdown adds up to {breakdown}, more than total_released "
                f"({total}); accepted: counts that add up to at most the total",
            ))
        if foreign is not None and foreign > total:
            problems.append((
                ("foreign_nationals",),
                f"{foreign} is more than total_released ({total}); "
                "accepted: at most the total",
            ))
    if foreign is not None and not event.foreign_nationals_lower_bound:
        if foreign_breakdown > foreign:
            problems.append((
                ("nationalities",),
                f"the foreign nationalities add up to {foreign_breakdown}, more than "
                f"foreign_nationals ({foreign}); accepted: at most foreign_nationals",
            ))
        elif _complete(event, total, breakdown) and foreign_breakdown != foreign:
            problems.append((
                ("foreign_nationals",),
                f"{foreign} does not match the breakdown, which accounts for all {total} "
                f"freed and has {foreign_breakdown} foreign nationals; accepted: "
                f"{foreign_breakdown}",
            ))
    return problems


def _complete(event: EventFile, total: int | None, breakdown: int) -> bool:
    """A breakdown known to account for everyone freed; most sources give only part."""
    return (
        total is not None
        and not event.total_released_lower_bound
        and breakdown == total
        and all(e.count is not None and not e.count_lower_bound for e in event.nationalities)
    )
