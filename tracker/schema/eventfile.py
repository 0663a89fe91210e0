"""The event file, format 2: one deal with everything known about it, as curators write it.

The same shape is read from YAML, JSON and NDJSON, and written by the nested export. An
event is made of transfers (who held and freed people, where they went, how many) and
dated steps; every fact cites one or more of the event's sources; counts carry their
uncertainty (`tracker.schema.counts`). A registry document (no `id`; `sources:`,
`people:`, `actors:`) declares shared records once, for events to refer to.

Each field reuses its column's definition (description, constraints) from
`tracker.schema.models`; only references by name (countries, actors, sources) are file-only.
A document without `format: 2` is format 1: refused, with the command that upgrades it.
"""

import copy
import datetime as dt
import difflib
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field,
    PlainSerializer, PlainValidator, StrictBool, StringConstraints, Tag,
)
from pydantic import ValidationError, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..reference.countries import country_code
from ..reference.dates import parse_partial_date
from .counts import Count, CountError
from .models import (
    FORMAT,
    MAX_COUNT,
    WITHHELD_NAME,
    Actor,
    ActorKind,
    ActorRole,
    Claim,
    Concession,
    ConcessionDispute,
    ConcessionKind,
    ConcessionStatus,
    DateStep,
    Event,
    EventActor,
    EventDate,
    EventType,
    Person,
    PrisonerCount,
    Slug,
    Source,
    Stance,
    Statement,
    Status,
    Transfer,
    TransferHow,
    TransferNationality,
    TransferPerson,
)
from ..reference.names import NameFinder, fold
from ..files.readers import InputLimits
from . import rules

UPGRADE_HINT = "run `tracker upgrade FILE` to rewrite it in format 2"
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

    def fits(self, text: str) -> bool:
        """The pattern's test, in Python: no refused character, and a visible one."""
        return not re.search(f"[{self.refused}]", text) and any(
            not char.isspace() and unicodedata.category(char) != "Cf" for char in text
        )

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
LANGUAGE_PATTERN = r"^[a-z]{2}$"  # ISO 639-1

# Empty text is refused first, as every text column refuses it: null is the only blank.
Line = Annotated[str, StringConstraints(min_length=1, pattern=LINE.pattern)]
Prose = Annotated[str, StringConstraints(min_length=1, pattern=PROSE.pattern)]


def _count(value):
    try:
        return Count.parse(value)
    except CountError as error:
        raise ValueError(str(error)) from None


ALL = "all"


def _political(value):
    """`all`, or a count."""
    return ALL if value == ALL else _count(value)


def _canonical(value):
    return value.canonical() if isinstance(value, Count) else value


def _claim_value(value):
    """A claim's value as written: text, a whole number, a date, or a count's mapping;
    it is typed by its path (see `tracker.schema.claims`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and not LINE.fits(value):
        raise ValueError(LINE.problem(value))
    if isinstance(value, (str, int, dict)):
        return value
    raise ValueError(
        f"{value!r} is no claim value; accepted: text, a whole number, a date or a count "
        "(52, 'about 6000', {low: 20, high: 30})"
    )


def _one_or_several(value):
    """An actor reference, or a list of them."""
    return value if isinstance(value, list) else [value]


CountryCode = Annotated[str, BeforeValidator(_country)]
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
WebAddress = Annotated[Line, AfterValidator(_web_address)]
CountValue = Annotated[Any, PlainValidator(_count), PlainSerializer(_canonical)]
PoliticalValue = Annotated[Any, PlainValidator(_political), PlainSerializer(_canonical)]
ClaimValue = Annotated[Any, PlainValidator(_claim_value)]
Names = list[Line]
SourceIds = Annotated[list[Slug], Field(min_length=1)]


def sources_field(what: str) -> FieldInfo:
    return Field(
        default=None,
        description=(
            f"The sources that state {what}: ids listed in the event's sources; may be "
            "left out only when the event cites exactly one source"
        ),
    )


class FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# ---------------------------------------------------------------- shared records


class SourceDeclaration(FileModel):
    """A source: declared in full, or referred to by its id alone."""

    id: Slug = column(Source, "id")
    title: Optional[Line] = column(Source, "title")
    publisher: Optional[Line] = column(Source, "publisher")
    url: Optional[WebAddress] = column(Source, "url")
    published: Optional[PartialDate] = column(Source, "published")
    language: Optional[Annotated[str, Field(pattern=LANGUAGE_PATTERN)]] = column(Source, "language")
    note: Optional[Prose] = column(Source, "note")

    def declared(self) -> dict:
        """The fields this declaration gives (a field left out declares nothing)."""
        return self.model_dump(mode="json", exclude={"id"}, exclude_none=True)


# A bare id refers to a known source; a mapping declares one (or agrees with it).
SourceItem = Union[Slug, SourceDeclaration]


class ActorDeclaration(FileModel):
    """An actor: referred to by id, or declared by name and kind."""

    id: Optional[Slug] = column(Actor, "id", default=None)
    name: Optional[Line] = column(Actor, "name", default=None)
    kind: Optional[ActorKind] = column(Actor, "kind", default=None)
    country: Optional[CountryCode] = column(Actor, "country")
    aliases: Names = column(Actor, "aliases", default_factory=list)

    @model_validator(mode="after")
    def _named_or_identified(self):
        if self.id is None and (self.name is None or self.kind is None):
            missing = "name" if self.name is None else "kind"
            raise ValueError(
                f"{missing}: missing; accepted: an id of a known actor, or a name and a "
                "kind (state, person or organisation)"
            )
        return self


# A string refers to an actor of this event (id, name or alias), a country, or a known
# actor (id, name or alias).
def _reference_form(value) -> str:
    return "mapping" if isinstance(value, (dict, ActorDeclaration)) else "text"


ActorReference = Annotated[
    Union[Annotated[Line, Tag("text")], Annotated[ActorDeclaration, Tag("mapping")]],
    Discriminator(_reference_form),
]
ActorReferences = Annotated[list[ActorReference], BeforeValidator(_one_or_several)]


class PersonDeclaration(FileModel):
    id: Optional[Slug] = column(Person, "id", default=None)
    name: Optional[Line] = column(Person, "name", default=None)
    aliases: Names = column(Person, "aliases", default_factory=list)
    nationalities: list[CountryCode] = column(Person, "nationalities", default_factory=list)
    withheld: StrictBool = column(Person, "withheld")


class ActorRecord(ActorDeclaration):
    """An actor declared in a registry: by id, name and kind."""

    id: Slug = column(Actor, "id")
    name: Line = column(Actor, "name")
    kind: ActorKind = column(Actor, "kind")


class PersonRecord(PersonDeclaration):
    """A person declared in a registry: by id, and by name unless withheld."""

    id: Slug = column(Person, "id")


class RegistryFile(FileModel):
    """Shared records, declared once: sources, people and actors."""

    format: Literal[2] = Field(description="The version of the file format: 2")
    sources: list[SourceDeclaration] = Field(default_factory=list, description="Sources")
    people: list[PersonRecord] = Field(default_factory=list, description="People")
    actors: list[ActorRecord] = Field(default_factory=list, description="Actors")


REGISTRY_SECTIONS = ("sources", "people", "actors")


# ---------------------------------------------------------------- the event


class PersonEntry(PersonDeclaration):
    """A person freed: a reference by id, by a name or alias that matches one known
    person, or a new person; withheld: see the README."""

    note: Optional[Prose] = column(TransferPerson, "note")
    sources: Optional[SourceIds] = sources_field("that the person was freed")


class NationalityEntry(FileModel):
    country: CountryCode = column(TransferNationality, "country")
    count: Optional[CountValue] = Field(
        default=None, description="How many of that nationality were freed: a count")
    sources: Optional[SourceIds] = sources_field("the figure")


class TransferEntry(FileModel):
    from_: Optional[CountryCode] = Field(
        default=None, alias="from",
        description="The state that held and freed them: a code, name or demonym; "
                    "exactly one of from and held_by")
    held_by: Optional[ActorReference] = Field(
        default=None,
        description="A non-state holder that freed them: an actor reference; exactly one "
                    "of from and held_by")
    to: Optional[CountryCode] = Field(
        default=None,
        description="The state they went to; left out when unknown or when they stayed")
    how: TransferHow = column(Transfer, "how")
    status: Status = column(Transfer, "status")
    date: Optional[PartialDate] = column(Transfer, "date")
    count: Optional[CountValue] = Field(
        default=None, description="All freed by this transfer: a count")
    political: Optional[PoliticalValue] = Field(
        default=None,
        description="How many of them are political prisoners: a count, or `all`; left "
                    "out when the sources do not say")
    foreign: Optional[CountValue] = Field(
        default=None, description="How many of them are foreign nationals (to `from`): a count")
    nationalities: list[NationalityEntry] = Field(
        default_factory=list,
        description="The nationality breakdown of this transfer; a country once")
    people: list[PersonEntry] = Field(default_factory=list, description="Named people freed")
    note: Optional[Prose] = column(Transfer, "note")
    sources: Optional[SourceIds] = sources_field("the transfer")


class DateEntry(FileModel):
    step: DateStep = column(EventDate, "step")
    date: PartialDate = column(EventDate, "date")
    note: Optional[Prose] = column(EventDate, "note")
    sources: Optional[SourceIds] = sources_field("the date")


class ActorEntry(ActorDeclaration):
    role: ActorRole = column(EventActor, "role")
    description: Optional[Prose] = column(EventActor, "description")
    sources: Optional[SourceIds] = sources_field("the role")


class DisputeEntry(FileModel):
    statement: Optional[Slug] = column(ConcessionDispute, "statement")
    source: Optional[Slug] = Field(
        default=None, description="A source that disputes it: one of the event's sources")

    @model_validator(mode="after")
    def _exactly_one(self):
        if (self.statement is None) == (self.source is None):
            raise ValueError(
                "give exactly one of statement and source; accepted: {statement: KEY} "
                "(a statement of this event) or {source: ID}"
            )
        return self


class ConcessionEntry(FileModel):
    kind: ConcessionKind = column(Concession, "kind")
    granted_by: ActorReferences = Field(
        default_factory=list, description="Who gave it: one or several actor references")
    beneficiaries: ActorReferences = Field(
        default_factory=list,
        description="Who or what got it: one or several actor references (a state, or "
                    "e.g. the airline Belavia)")
    description: Prose = column(Concession, "description")
    status: ConcessionStatus = column(Concession, "status")
    disputed: StrictBool = column(Concession, "disputed")
    disputed_by: list[DisputeEntry] = Field(
        default_factory=list,
        description="Who disputes that it was part of the deal: {statement: KEY} or "
                    "{source: ID}; the concession is then disputed")
    dispute: Optional[Prose] = column(Concession, "dispute")
    sources: Optional[SourceIds] = sources_field("the concession")


class StatementEntry(FileModel):
    key: Optional[Slug] = column(Statement, "key")
    by: Optional[ActorReference] = column(Statement, "actor_id")
    gist: Prose = column(Statement, "gist")
    platform: Optional[Line] = column(Statement, "platform")
    stance: Stance = column(Statement, "stance")
    date: Optional[PartialDate] = column(Statement, "date")
    sources: Optional[SourceIds] = sources_field("the statement")


class PrisonerCountEntry(FileModel):
    country: CountryCode = column(PrisonerCount, "country")
    as_of: PartialDate = column(PrisonerCount, "as_of")
    count: CountValue = Field(description="Political prisoners remaining: a count")
    according_to: Optional[ActorReference] = column(PrisonerCount, "according_to")
    attribution: Optional[Line] = column(PrisonerCount, "attribution")
    sources: Optional[SourceIds] = sources_field("the figure")


class ClaimEntry(FileModel):
    about: Line = column(Claim, "about")
    value: ClaimValue = Field(
        description="The value as the source states it, typed by the path: a count, a "
                    "date, a status, a country, or text")
    sources: Optional[SourceIds] = sources_field("the claim")
    chosen: StrictBool = column(Claim, "chosen")
    reason: Optional[Prose] = column(Claim, "reason")


class EventFile(FileModel):
    format: Literal[2] = Field(
        description="The version of the file format: 2 (a file without it is format 1: "
                    "`tracker upgrade` rewrites it)")
    id: Slug = column(Event, "id")
    title: Line = column(Event, "title")
    summary: Optional[Prose] = column(Event, "summary")
    type: EventType = column(Event, "type")
    track: Optional[Slug] = column(Event, "track")
    part_of: Optional[Slug] = column(Event, "part_of")
    notes: Optional[Prose] = column(Event, "notes")
    dates: list[DateEntry] = Field(
        min_length=1,
        description="When: at least one dated step (decided, announced, released, "
                    "arrived), each at most once")
    transfers: list[TransferEntry] = Field(
        min_length=1,
        description="Who freed whom: at least one; a swap has one per direction. The "
                    "first is the main one")
    actors: list[ActorEntry] = Field(
        default_factory=list, description="Who took part, each with a role")
    concessions: list[ConcessionEntry] = Field(
        default_factory=list, description="The rest of the deal: what was given in return")
    statements: list[StatementEntry] = Field(
        default_factory=list, description="Who said what")
    prisoner_counts: list[PrisonerCountEntry] = Field(
        default_factory=list, description="Political prisoners remaining, per the sources")
    claims: list[ClaimEntry] = Field(
        default_factory=list, description="Competing values where sources disagree")
    sources: list[SourceItem] = Field(
        min_length=1,
        description="Every source the event cites (at least one): ids of known sources, "
                    "or declarations {id, title, publisher, url, published, language, note}")

    def people(self) -> Iterator[tuple[tuple, PersonEntry]]:
        """(location, person) of everyone the event names as freed."""
        for t, transfer in enumerate(self.transfers):
            for p, person in enumerate(transfer.people):
                yield ("transfers", t, "people", p), person

    def facts(self) -> Iterator[tuple[tuple, Any]]:
        """(location, entry) of every fact that cites sources."""
        for section in ("dates", "transfers", "actors", "concessions", "statements",
                        "prisoner_counts", "claims"):
            for index, entry in enumerate(getattr(self, section)):
                yield (section, index), entry
        for t, transfer in enumerate(self.transfers):
            for n, entry in enumerate(transfer.nationalities):
                yield ("transfers", t, "nationalities", n), entry
        yield from self.people()

    def source_ids(self) -> list[str]:
        return [source if isinstance(source, str) else source.id for source in self.sources]

    def cited(self, entry) -> list[str]:
        """The sources a fact cites: its own, or the event's one source."""
        return entry.sources or self.source_ids()[:1]


FIELD_ORDER = [field.alias or name for name, field in EventFile.model_fields.items()]


# ---------------------------------------------------------------- validation


def _field_names(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _accepted_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names accepted where an unknown field `loc` was found."""
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = {field.alias or name: field for name, field in model.model_fields.items()}
        if part not in fields:
            break
        model = _model_in(fields[part].annotation) or model
    return _field_names(model)


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) + tuple(getattr(annotation, "__metadata__", ())):
        found = _model_in(arg) if not isinstance(arg, FieldInfo) else None
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
    "literal_error": f"accepted: {FORMAT}",
    "string_pattern_mismatch": (
        "accepted: lower-case letters and digits joined by single hyphens, "
        "e.g. by-2025-09-11"
    ),
}


_UNION_TAGS = {"text", "mapping", "str", "constrained-str", "SourceDeclaration"}
_REFERENCES = {"held_by", "by", "according_to", "granted_by", "beneficiaries", "sources"}


def _is_union_tag(part) -> bool:
    return part in _UNION_TAGS or (isinstance(part, str) and part.startswith("function-after["))


def _loc_without_union_tags(loc: tuple) -> tuple:
    """Pydantic adds the union member's name after an actor or source reference; a user
    wrote no such key (but may have written a key that happens to be called "str")."""
    kept = []
    for index, part in enumerate(loc):
        previous = loc[index - 1] if index else None
        container = loc[index - 2] if index > 1 else None
        if _is_union_tag(part) and (previous in _REFERENCES or container in _REFERENCES):
            continue
        kept.append(part)
    return tuple(kept)


def _other_branch(error: dict) -> bool:
    """An error of the union member that does not fit what was written: a mapping is
    no text, a text no mapping; the error of the member that fits says more."""
    tagged = any(_is_union_tag(part) for part in error["loc"])
    written = error.get("input")
    return tagged and (
        (error["type"] == "string_type" and isinstance(written, (dict, list)))
        or (error["type"] in ("model_type", "dict_type", "model_attributes_type")
            and isinstance(written, str))
    )


def describe_validation_error(error: dict, model: type[BaseModel]) -> tuple[tuple, str]:
    """(location, message) for one pydantic error, naming the value and what is accepted."""
    loc = _loc_without_union_tags(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        accepted = _accepted_fields(model, loc)
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


def _format_problem(data) -> list[tuple[tuple, str]]:
    """A document that is not format 2: what it is and what to do."""
    if not isinstance(data, dict):
        return []
    written = data.get("format")
    if written is None:
        return [(("format",), f"missing: this is a format-1 document; {UPGRADE_HINT}")]
    if written == 1:
        return [(("format",), f"1: this is a format-1 document; {UPGRADE_HINT}")]
    if written != FORMAT:
        return [(("format",), f"{written!r} is no format this tracker reads; accepted: {FORMAT}")]
    return []


def is_registry(data) -> bool:
    """A registry document declares shared records and has no id."""
    return isinstance(data, dict) and "id" not in data and any(
        section in data for section in REGISTRY_SECTIONS
    ) and not any(key in data for key in ("title", "transfers", "dates"))


def _validate(model, data):
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        problems = {}
        for item in error.errors(include_url=False):
            if _other_branch(item):
                continue
            loc, message = describe_validation_error(item, model)
            problems.setdefault(loc, message)
        return None, list(problems.items())


def parse_document(
    data: Any, limits: InputLimits | None = None, json_bytes: int | None = None
) -> tuple[EventFile | RegistryFile | None, list[tuple[tuple, str]]]:
    """Validate one document (an event, or a registry of shared records): the model,
    or the problems as (location, message).

    `json_bytes`, when known, is the size of the JSON text the document was read from:
    a document too small to make an event above the limit is not measured.
    """
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        return None, [((), f"an event must be a mapping of fields, got {kind}; accepted: "
                           "field names with their values (format: 2, id:, title:, …)")]
    wrong_format = _format_problem(data)
    if wrong_format:
        return None, wrong_format
    if is_registry(data):
        registry, problems = _validate(RegistryFile, data)
        return registry, problems if registry is None else check_registry(registry)
    event, problems = _validate(EventFile, data)
    if event is None:
        return None, problems
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


def parse_event(
    data: Any, limits: InputLimits | None = None, json_bytes: int | None = None
) -> tuple[EventFile | None, list[tuple[tuple, str]]]:
    """Validate one event document: the model, or the problems as (location, message)."""
    document, problems = parse_document(data, limits, json_bytes)
    if document is not None and not isinstance(document, EventFile):
        return None, [((), "a registry of shared records, not an event; accepted: an event")]
    return document, problems


# What ingest fills in from the database (ids, an actor's country, references written
# out as actors), which an exported event gives and its source file may not.
_FILLED_IN = {
    "transfers": {"__all__": {"held_by": True, "people": {"__all__": {"id"}}}},
    "actors": {"__all__": {"id", "country"}},
    "concessions": {"__all__": {"granted_by", "beneficiaries"}},
    "statements": {"__all__": {"by"}},
    "prisoner_counts": {"__all__": {"according_to"}},
}


# Validating JSON text makes it at most this much larger, as measured: text, numbers and
# booleans keep or lose bytes (codes for country names, no spaces), a count's mapping is
# written out, and the fields an entry leaves out are written out: less than nine times
# the smallest entry that can leave them out (`{"id":"a"}`, a source, gains six nulls),
# and a few hundred bytes for the event itself. tests/attacks checks the bound.
JSON_GROWTH, JSON_GROWTH_BYTES = 9, 1024


def largest_event_size(json_bytes: int) -> int:
    """The largest size an event read from JSON text of that many bytes can have."""
    return JSON_GROWTH * json_bytes + JSON_GROWTH_BYTES


def event_size(event: EventFile) -> int:
    """The event's size in bytes, the same in every format: as compact JSON, every field
    spelt out, less what ingest fills in. An event and its export, read back, measure
    the same, so what was accepted once is accepted again."""
    return len(EventFile.__pydantic_serializer__.to_json(event, exclude=_FILLED_IN))


def check_registry(registry: RegistryFile) -> list[tuple[tuple, str]]:
    """Each record once, and a named person named."""
    problems = []
    for section in REGISTRY_SECTIONS:
        seen: dict[str, int] = {}
        for index, record in enumerate(getattr(registry, section)):
            if record.id in seen:
                problems.append((
                    (section, index, "id"),
                    f"{record.id!r} is already declared at {section}[{seen[record.id]}]; "
                    "accepted: each record once",
                ))
            seen.setdefault(record.id, index)
    for index, person in enumerate(registry.people):
        if person.name is None and not person.withheld:
            problems.append((("people", index, "name"), "missing; a person has a name "
                             "unless withheld (withheld: true)"))
        if person.withheld and person.name not in (None, WITHHELD_NAME):
            problems.append(_withheld_name_written(("people", index)))
        if person.withheld and person.aliases:
            problems.append((("people", index, "aliases"),
                             "a withheld person has no aliases; accepted: none (an alias "
                             "would reveal the name)"))
    return problems


def actor_index(event: EventFile) -> dict[tuple, ActorEntry]:
    """The event's actors by ("id", id) and by ("name", folded name or alias), first
    entry first."""
    index: dict[tuple, ActorEntry] = {}
    for actor in event.actors:
        if actor.id:
            index.setdefault(("id", actor.id), actor)
        for name in filter(None, (actor.name, *actor.aliases)):
            index.setdefault(("name", fold(name)), actor)
    return index


def resolve_reference(actors: dict[tuple, ActorEntry], reference) -> ActorDeclaration | str | None:
    """For a reference: an event actor (from `actor_index`), an inline declaration, or
    the code of the country it names; None if it is none of these (it may still name a
    known actor: see `tracker.store.records`)."""
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
    """Checks across fields: sources cited, dates in order, counts that add up, no
    duplicates, claims that name a fact and agree with what the event shows."""
    from .claims import check_claims

    problems: list[tuple[tuple, str]] = []
    problems += _sources(event)
    problems += _dates(event)
    problems += _transfers(event)
    problems += _duplicates(event)
    problems += _statements_and_disputes(event)
    problems += check_claims(event)
    if event.part_of == event.id:
        problems.append((("part_of",), f"{event.id!r} is this event; accepted: the id of "
                                       "the larger deal it is a step of"))
    problems += _withheld(event)
    return problems


def _sources(event: EventFile) -> list[tuple[tuple, str]]:
    problems = []
    source_ids = event.source_ids()
    for index, source_id in enumerate(source_ids):
        if source_ids.index(source_id) != index:
            problems.append((
                ("sources", index, "id"),
                f"{source_id!r} is listed twice; accepted: each source once",
            ))
    known = set(source_ids)
    several = len(known) > 1
    for loc, entry in event.facts():
        if entry.sources is None:
            if several:
                problems.append((
                    loc + ("sources",),
                    "missing; the event cites several sources, so each fact names its "
                    f"own; accepted: a list of {', '.join(source_ids)}",
                ))
            continue
        for index, source_id in enumerate(entry.sources):
            if source_id not in known:
                problems.append((
                    loc + ("sources", index),
                    f"{source_id!r} is not a source of this event; "
                    f"accepted: {', '.join(source_ids)}",
                ))
    for c, concession in enumerate(event.concessions):
        for d, dispute in enumerate(concession.disputed_by):
            if dispute.source is not None and dispute.source not in known:
                problems.append((
                    ("concessions", c, "disputed_by", d, "source"),
                    f"{dispute.source!r} is not a source of this event; "
                    f"accepted: {', '.join(source_ids)}",
                ))
    return problems


def _dates(event: EventFile) -> list[tuple[tuple, str]]:
    problems = []
    steps: dict[str, int] = {}
    for index, entry in enumerate(event.dates):
        if entry.step.value in steps:
            problems.append((
                ("dates", index, "step"),
                f"{entry.step.value!r} is already dated at dates[{steps[entry.step.value]}]; "
                "accepted: each step at most once",
            ))
        steps.setdefault(entry.step.value, index)
    for earlier, later in rules.STEPS_IN_ORDER:
        if earlier in steps and later in steps:
            first = parse_partial_date(event.dates[steps[earlier]].date)
            then = parse_partial_date(event.dates[steps[later]].date)
            if then.end < first.start:
                problems.append((
                    ("dates", steps[later], "date"),
                    f"{later} {then.text} is before {earlier} {first.text}; accepted: "
                    f"a date not before the {earlier} date",
                ))
    return problems


def _transfers(event: EventFile) -> list[tuple[tuple, str]]:
    problems = []
    for t, transfer in enumerate(event.transfers):
        loc = ("transfers", t)
        if (transfer.from_ is None) == (transfer.held_by is None):
            problems.append((
                loc + ("from",),
                "give exactly one of from and held_by; accepted: from: the state that "
                "held and freed them, or held_by: a non-state holder",
            ))
        if transfer.how == TransferHow.stayed and transfer.to not in (None, transfer.from_):
            problems.append((
                loc + ("to",),
                f"{transfer.to!r}: they stayed where they were held; accepted: how: "
                "handed_over or expelled for people taken elsewhere, or no `to`",
            ))
        seen: dict[str, int] = {}
        for n, entry in enumerate(transfer.nationalities):
            if entry.country in seen:
                problems.append((
                    loc + ("nationalities", n, "country"),
                    f"{entry.country!r} is already listed at nationalities"
                    f"[{seen[entry.country]}]; give each country once",
                ))
            seen.setdefault(entry.country, n)
        problems += [(loc + where, message) for where, message in _counts(transfer)]
    return problems


def _at_most(part: str, count: Count | None, whole: str, limit: Count | None):
    """A problem when `count` is certainly more than `limit` can be."""
    if count is None or limit is None or limit.maximum is None:
        return None
    if count.minimum > limit.maximum:
        return (
            (part,),
            f"{count.text()} is more than {whole} ({limit.text()}); accepted: at most "
            f"{whole}",
        )
    return None


def _counts(transfer: TransferEntry) -> list[tuple[tuple, str]]:
    problems = []
    count, foreign = transfer.count, transfer.foreign
    political = None if transfer.political == ALL else transfer.political
    for found in (_at_most("political", political, "count", count),
                  _at_most("foreign", foreign, "count", count)):
        if found:
            problems.append(found)
    rows = [entry.count for entry in transfer.nationalities]
    breakdown = sum(row.minimum for row in rows if row is not None)
    foreign_rows = [entry.count for entry in transfer.nationalities
                    if entry.country != transfer.from_]
    foreign_breakdown = sum(row.minimum for row in foreign_rows if row is not None)
    if count is not None and count.maximum is not None and breakdown > count.maximum:
        problems.append((
            ("nationalities",),
            f"the breakdown adds up to at least {breakdown}, more than count "
            f"({count.text()}); accepted: counts that add up to at most the count",
        ))
    if transfer.from_ is None:
        return problems
    if foreign is not None and foreign.maximum is not None and foreign_breakdown > foreign.maximum:
        problems.append((
            ("nationalities",),
            f"the foreign nationalities add up to at least {foreign_breakdown}, more than "
            f"foreign ({foreign.text()}); accepted: at most foreign",
        ))
    elif _complete(transfer) and foreign is not None and foreign.qualifier == "exact" \
            and foreign_breakdown != foreign.best:
        problems.append((
            ("foreign",),
            f"{foreign.best} does not match the breakdown, which accounts for all "
            f"{count.best} freed and has {foreign_breakdown} foreign nationals; accepted: "
            f"{foreign_breakdown}",
        ))
    return problems


def _complete(transfer: TransferEntry) -> bool:
    """A breakdown known to account for everyone freed; most sources give only part."""
    count = transfer.count
    rows = [entry.count for entry in transfer.nationalities]
    return (
        count is not None and count.qualifier == "exact" and bool(rows)
        and all(row is not None and row.qualifier == "exact" for row in rows)
        and sum(row.best for row in rows) == count.best
    )


def _person_key(person: PersonEntry) -> set[str]:
    """A person with an id is known by it (a withheld one by id alone: every exported one
    has the same placeholder); one without, by every spelling."""
    if person.withheld or person.id:
        return {f"id:{person.id}"}
    return {fold(name) for name in (person.name, *person.aliases) if name}


def _withheld_name_written(loc: tuple) -> tuple[tuple, str]:
    return (
        loc + ("name",),
        f"a withheld person's name is never written in an event file (git keeps every "
        f"version of it); accepted: {WITHHELD_NAME!r}, with the real name under the "
        f"person's id in the git-ignored data/{NAMES_FILE}",
    )


def _withheld(event: EventFile) -> list[tuple[tuple, str]]:
    """A withheld person has an id of the curators' choosing and no name: event files and
    registries are committed to git, which keeps every version; the name is kept apart
    (files/withheld.py). A named one needs a name or an id."""
    problems = []
    for loc, person in event.people():
        if not person.withheld:
            if person.id is None and person.name is None:
                problems.append((loc + ("name",), "missing; accepted: a name, or the id "
                                 "of a known person"))
            continue
        if person.id is None:
            problems.append((
                loc + ("id",),
                "missing; a withheld person needs an id chosen by the curators, e.g. "
                f"{event.id}-person-{loc[-1] + 1} (an id made from the name would reveal it)",
            ))
        if person.name not in (None, WITHHELD_NAME):
            problems.append(_withheld_name_written(loc))
        if person.aliases:
            problems.append((
                loc + ("aliases",),
                "a withheld person has no aliases; accepted: none (an alias would "
                "reveal the name)",
            ))
    return problems


# A JSON escape stands for a quote, a backslash or a control character: in a name, all
# are separators, as a space is.
_JSON_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)")


def mentions(
    event: "EventFile | RegistryFile", finder: NameFinder, json_text: str | None = None
) -> list[tuple[tuple, str]]:
    """(where, whose) for every withheld name that the text of an event (or a registry) gives.

    `json_text`, the event as it was read (a line of NDJSON), spares writing it out again.
    """
    # Most events give none: one search of the whole event as JSON says so (the names
    # found in one string are found in it, and field names separate the strings). A
    # \u escape could hide a character inside a word: such a text is written out again.
    if json_text is None or "\\u" in json_text:
        json_text = event.model_dump_json(exclude_defaults=True, by_alias=True)
    if not finder.may_give(_JSON_ESCAPE.sub(" ", json_text)):
        return []
    found = []
    stack: list[tuple[tuple, Any]] = [
        ((), event.model_dump(mode="json", exclude_defaults=True, by_alias=True))
    ]
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
    # An id says which person or actor an entry is: two ids are two, whatever their
    # names (an exported event names each by id; the database may know two people
    # whose spellings overlap). Without an id, names and aliases must not overlap.
    problems = []
    seen_people: dict = {}
    for loc, person in event.people():
        for key in _person_key(person):
            if key in seen_people and seen_people[key] != loc:
                problems.append((
                    loc + ("name",),
                    f"{person.name or person.id!r} is already listed at "
                    f"{_format(seen_people[key])}; accepted: each person once in an event",
                ))
                break
            seen_people[key] = loc
    seen_roles: dict[tuple, int] = {}
    for index, actor in enumerate(event.actors):
        key = (("id", actor.id) if actor.id else fold(actor.name), actor.role)
        if key in seen_roles:
            problems.append((
                ("actors", index, "role"),
                f"{actor.name or actor.id!r} already has role {actor.role.value!r} at "
                f"actors[{seen_roles[key]}]",
            ))
        seen_roles.setdefault(key, index)
    return problems


def _format(loc: tuple) -> str:
    from ..errors import format_path

    return format_path(loc)


def _statements_and_disputes(event: EventFile) -> list[tuple[tuple, str]]:
    problems = []
    keys: dict[str, int] = {}
    for index, statement in enumerate(event.statements):
        if statement.key is None:
            continue
        if statement.key in keys:
            problems.append((
                ("statements", index, "key"),
                f"{statement.key!r} is already the key of statements[{keys[statement.key]}]; "
                "accepted: a key used once in the event",
            ))
        keys.setdefault(statement.key, index)
    for c, concession in enumerate(event.concessions):
        for d, dispute in enumerate(concession.disputed_by):
            if dispute.statement is not None and dispute.statement not in keys:
                problems.append((
                    ("concessions", c, "disputed_by", d, "statement"),
                    f"{dispute.statement!r} is the key of no statement of this event; "
                    f"accepted: {', '.join(keys) or 'a key given to a statement (key: …)'}",
                ))
    return problems


_REFERENCE_FIELDS = (
    ("transfers", "held_by"),
    ("statements", "by"),
    ("prisoner_counts", "according_to"),
)


def actor_references(event: EventFile) -> Iterator[tuple[tuple, Any]]:
    """(location, reference) of every reference to an actor outside `actors:`."""
    for section, field in _REFERENCE_FIELDS:
        for index, entry in enumerate(getattr(event, section)):
            reference = getattr(entry, field)
            if reference is not None:
                yield (section, index, field), reference
    for c, concession in enumerate(event.concessions):
        for side in ("granted_by", "beneficiaries"):
            for p, reference in enumerate(getattr(concession, side)):
                yield ("concessions", c, side, p), reference
