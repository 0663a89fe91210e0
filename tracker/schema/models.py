"""The schema: every table and every column, described once.

Each column's `description` (and its constraints) is the single source of truth for
what it means: the event-file models in `tracker.schema.eventfile` reuse these fields, and the
Datasette metadata, the data package and the codebook are generated from them.

Optional text is never empty: what is not known is null, so that an empty CSV cell
in an export means null and nothing else.
"""

from enum import Enum
from typing import Annotated, Optional

from pydantic import StrictBool, StrictInt, StringConstraints
from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class EventType(str, Enum):
    release = "release"
    pardon = "pardon"
    exchange = "exchange"
    amnesty = "amnesty"
    deportation = "deportation"
    other = "other"


class EventStatus(str, Enum):
    released = "released"
    announced = "announced"


class DatePrecision(str, Enum):
    day = "day"
    month = "month"
    year = "year"


class ActorKind(str, Enum):
    state = "state"
    person = "person"
    organisation = "organisation"


class ActorRole(str, Enum):
    mediator = "mediator"
    delegation_head = "delegation_head"
    envoy = "envoy"
    facilitator = "facilitator"
    negotiating_party = "negotiating_party"
    receiving_state = "receiving_state"
    releasing_authority = "releasing_authority"
    host = "host"
    guarantor = "guarantor"
    requester = "requester"
    transit = "transit"
    other = "other"


class ConcessionKind(str, Enum):
    sanctions_relief = "sanctions_relief"
    prisoner_exchange = "prisoner_exchange"
    financial = "financial"
    diplomatic = "diplomatic"
    other = "other"


class ConcessionStatus(str, Enum):
    announced = "announced"
    implemented = "implemented"
    promised = "promised"
    reported = "reported"
    denied = "denied"


class Stance(str, Enum):
    welcomed = "welcomed"
    criticised = "criticised"
    denied = "denied"
    confirmed = "confirmed"
    announced = "announced"
    called_for = "called_for"
    thanked = "thanked"
    neutral = "neutral"


class ClaimField(str, Enum):
    date = "date"
    total_released = "total_released"
    foreign_nationals = "foreign_nationals"
    total_exchanged = "total_exchanged"
    receiving_state = "receiving_state"
    nationalities = "nationalities"
    people = "people"
    concession = "concession"
    remaining_prisoners = "remaining_prisoners"
    other = "other"


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class TextFormat(str, Enum):
    """What a text column holds beyond free text, for typed exports (read by the catalog)."""

    day = "day"  # an ISO 8601 day, YYYY-MM-DD
    partial_date = "partial_date"  # YYYY-MM-DD, YYYY-MM or YYYY
    json_list = "json_list"  # a JSON array of strings


Day = Annotated[str, TextFormat.day]
PartialDateText = Annotated[str, TextFormat.partial_date]
JsonList = Annotated[str, TextFormat.json_list]

DATE_TEXT = "ISO 8601 date as precise as the sources allow: YYYY-MM-DD, YYYY-MM or YYYY"

# No release has freed more; a larger figure is a typing error (and would not fit SQLite).
MAX_COUNT = 10_000_000

# What the database holds instead of a withheld person's name.
WITHHELD_NAME = "Name withheld"


class Country(SQLModel, table=True):
    """Reference data: every ISO 3166-1 country, loaded from pycountry at build."""
    __tablename__ = "countries"

    code: str = Field(
        primary_key=True,
        description="ISO 3166-1 alpha-2 code, e.g. BY; the key other tables use",
    )
    alpha3: str = Field(description="ISO 3166-1 alpha-3 code, e.g. BLR")
    name: str = Field(description="Common English name, e.g. Belarus")
    official_name: Optional[str] = Field(
        default=None, description="Official English name where ISO gives one"
    )
    demonym: Optional[str] = Field(
        default=None, description="English demonym, e.g. Belarusian"
    )


class Event(SQLModel, table=True):
    """One release, exchange, pardon, amnesty or deportation-on-release on a date."""
    __tablename__ = "events"
    # Covers the canned queries' scans of events, so they never read the wide rows.
    __table_args__ = (
        Index(
            "ix_events_released", "status", "date_start", "date_end", "releasing_state",
            "year", "date", "id", "total_released", "total_released_lower_bound",
            "foreign_nationals", "foreign_nationals_lower_bound",
        ),
    )

    id: Slug = Field(
        primary_key=True,
        description=(
            "Stable human-readable id and upsert key: releasing state code and date, "
            "e.g. by-2025-09-11"
        ),
    )
    title: str = Field(min_length=1, description="Short headline, in our own words")
    summary: Optional[str] = Field(
        default=None,
        min_length=1,
        description="What happened, in two or three sentences of our own",
    )
    type: EventType = Field(
        index=True,
        description="release, pardon, exchange, amnesty, deportation or other",
    )
    status: EventStatus = Field(
        default=EventStatus.released,
        description="released (it happened) or announced (planned, not yet done)",
    )
    track: Optional[Slug] = Field(
        default=None,
        index=True,
        description=(
            "Negotiation track linking related events, e.g. us-belarus-2025; "
            "null when the event stands alone"
        ),
    )
    date: PartialDateText = Field(description=f"When it happened: {DATE_TEXT}")
    date_precision: DatePrecision = Field(
        description="How precise date is: day, month or year"
    )
    date_start: Day = Field(
        index=True, description="First possible day of date (YYYY-MM-DD), for ranges"
    )
    date_end: Day = Field(
        description="Last possible day of date (YYYY-MM-DD), for ranges"
    )
    year: int = Field(index=True, description="Year of date, for facets")
    releasing_state: str = Field(
        foreign_key="countries.code",
        index=True,
        description="Country that released the prisoners (ISO 3166-1 alpha-2)",
    )
    receiving_state: Optional[str] = Field(
        default=None,
        foreign_key="countries.code",
        index=True,
        description=(
            "Country the released were taken to, where known (ISO 3166-1 alpha-2)"
        ),
    )
    total_released: Optional[StrictInt] = Field(
        default=None, ge=0, le=MAX_COUNT, description="How many were freed; null when unknown"
    )
    total_released_lower_bound: StrictBool = Field(
        default=False,
        description="True when total_released is a lower bound ('more than 5,800')",
    )
    foreign_nationals: Optional[StrictInt] = Field(
        default=None,
        ge=0,
        le=MAX_COUNT,
        description="How many of them were foreign nationals; null when unknown",
    )
    foreign_nationals_lower_bound: StrictBool = Field(
        default=False,
        description="True when foreign_nationals is a lower bound",
    )
    notes: Optional[str] = Field(
        default=None,
        min_length=1,
        description="Curators' notes: which value was chosen where sources disagree, and why",
    )


class Source(SQLModel, table=True):
    """A news report or other document that states facts about events."""
    __tablename__ = "sources"

    id: Slug = Field(
        primary_key=True,
        description="Stable id of the source, e.g. kyivindependent-2025-09-11",
    )
    title: Optional[str] = Field(
        default=None, min_length=1, description="Headline of the report"
    )
    publisher: Optional[str] = Field(
        default=None, min_length=1, index=True, description="Site or outlet that published it"
    )
    url: Optional[str] = Field(
        default=None, min_length=1,
        description="Web address (http or https) of the report, if any",
    )
    published: Optional[PartialDateText] = Field(
        default=None,
        index=True,
        description=f"Publication date: {DATE_TEXT}; null when not given",
    )
    note: Optional[str] = Field(
        default=None, min_length=1, description="Curators' note on the source"
    )


class EventSource(SQLModel, table=True):
    """Which sources each event cites."""
    __tablename__ = "event_sources"

    event_id: str = Field(
        primary_key=True, foreign_key="events.id", description="The event"
    )
    source_id: str = Field(
        primary_key=True,
        foreign_key="sources.id",
        index=True,
        description="A source the event cites",
    )
    position: int = Field(description="Order of the source in the event file")


class EventNationality(SQLModel, table=True):
    """The nationality breakdown of those freed in an event."""
    __tablename__ = "event_nationalities"
    # Covers the breakdown's join to events (people freed by nationality).
    __table_args__ = (
        Index("ix_event_nationalities_counts", "event_id", "country", "count", "count_lower_bound"),
    )

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    country: str = Field(
        primary_key=True,
        foreign_key="countries.code",
        index=True,
        description="Nationality (ISO 3166-1 alpha-2)",
    )
    count: Optional[StrictInt] = Field(
        default=None,
        ge=0,
        le=MAX_COUNT,
        description="How many of that nationality were freed; null when unknown",
    )
    count_lower_bound: StrictBool = Field(
        default=False, description="True when count is a lower bound"
    )
    source_id: Optional[str] = Field(
        default=None,
        foreign_key="sources.id",
        index=True,
        description="Source of the figure",
    )


class Person(SQLModel, table=True):
    """A person freed in one or more events; exists once across events."""
    __tablename__ = "people"

    id: Slug = Field(
        primary_key=True,
        description=(
            "Stable id of the person, from the name, e.g. syarhei-tsikhanouski; for a "
            "withheld person chosen by the curators and unrelated to the name"
        ),
    )
    name: str = Field(
        min_length=1,
        index=True,
        description=f"Name as the curators spell it; '{WITHHELD_NAME}' when withheld",
    )
    aliases: JsonList = Field(
        default="[]", description="JSON list of other spellings that sources use"
    )
    nationalities: JsonList = Field(
        default="[]",
        description="JSON list of nationalities (ISO 3166-1 alpha-2) the sources state",
    )
    withheld: StrictBool = Field(
        default=False,
        description=(
            "True when the name is withheld for the person's safety: it is stored "
            "nowhere, yet the person counts in every total and breakdown"
        ),
    )


class EventPerson(SQLModel, table=True):
    """Who was freed in which event."""
    __tablename__ = "event_people"

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    person_id: str = Field(
        primary_key=True,
        foreign_key="people.id",
        index=True,
        description="A person freed in it",
    )
    position: int = Field(description="Order of the person in the event file")
    note: Optional[str] = Field(
        default=None, min_length=1, description="Who they are, as the sources describe them"
    )
    source_id: Optional[str] = Field(
        default=None,
        foreign_key="sources.id",
        index=True,
        description="Source that names the person",
    )


class Actor(SQLModel, table=True):
    """A state, person or organisation that took part; exists once across events."""
    __tablename__ = "actors"

    id: Slug = Field(
        primary_key=True,
        description="Stable id of the actor, from the name, e.g. john-coale",
    )
    name: str = Field(min_length=1, index=True, description="Name as the curators spell it")
    kind: ActorKind = Field(index=True, description="state, person or organisation")
    country: Optional[str] = Field(
        default=None,
        foreign_key="countries.code",
        index=True,
        description=(
            "The state itself for a state; the country an organisation or person "
            "belongs to or acts for, where known"
        ),
    )
    aliases: JsonList = Field(
        default="[]", description="JSON list of other spellings that sources use"
    )


class EventActor(SQLModel, table=True):
    """Which actor did what in an event."""
    __tablename__ = "event_actors"
    # Cover the mediators query: events by role, and each actor's roles.
    __table_args__ = (
        Index("ix_event_actors_roles", "role", "event_id", "actor_id"),
        Index("ix_event_actors_actor_roles", "actor_id", "role"),
    )

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    actor_id: str = Field(
        primary_key=True,
        foreign_key="actors.id",
        description="The actor",
    )
    role: ActorRole = Field(
        primary_key=True,
        description=(
            "Role in the event: mediator, delegation_head, envoy, facilitator, "
            "negotiating_party, receiving_state, releasing_authority, host, guarantor, "
            "requester, transit or other"
        ),
    )
    position: int = Field(description="Order of the actor in the event file")
    description: Optional[str] = Field(
        default=None, min_length=1, description="The role in the sources' terms, in our words"
    )
    source_id: Optional[str] = Field(
        default=None,
        foreign_key="sources.id",
        index=True,
        description="Source that states the role",
    )


class Concession(SQLModel, table=True):
    """What was given in return for a release, by whom, to whom or what."""
    __tablename__ = "concessions"
    # Covers the concessions-by-kind query's join to events.
    __table_args__ = (
        Index("ix_concessions_by_event", "event_id", "kind", "granted_by", "status", "disputed"),
    )

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    position: int = Field(
        primary_key=True, description="Order of the concession within the event"
    )
    kind: ConcessionKind = Field(
        index=True,
        description="sanctions_relief, prisoner_exchange, financial, diplomatic or other",
    )
    granted_by: Optional[str] = Field(
        default=None,
        foreign_key="actors.id",
        index=True,
        description="Actor that gave it",
    )
    beneficiary: Optional[str] = Field(
        default=None,
        foreign_key="actors.id",
        index=True,
        description="Actor it was given to (a state, or e.g. the airline Belavia)",
    )
    description: str = Field(min_length=1, description="What was given, in our words")
    status: ConcessionStatus = Field(
        index=True,
        description="announced, implemented, promised, reported or denied",
    )
    disputed: StrictBool = Field(
        default=False,
        description="True when a party or source denies it was given in return",
    )
    dispute: Optional[str] = Field(
        default=None,
        min_length=1,
        description="Who disputes it and what they said, in our words",
    )
    source_id: Optional[str] = Field(
        default=None,
        foreign_key="sources.id",
        index=True,
        description="Source that reports it",
    )


class Statement(SQLModel, table=True):
    """Who said what about an event (the gist, in our own words)."""
    __tablename__ = "statements"

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    position: int = Field(
        primary_key=True, description="Order of the statement within the event"
    )
    actor_id: Optional[str] = Field(
        default=None,
        foreign_key="actors.id",
        index=True,
        description="Who made it",
    )
    gist: str = Field(min_length=1, description="What was said, in our own words")
    platform: Optional[str] = Field(
        default=None,
        min_length=1,
        description="Where it was said: X, a press conference, an interview …",
    )
    stance: Stance = Field(
        index=True,
        description=(
            "welcomed, criticised, denied, confirmed, announced, called_for, thanked "
            "or neutral"
        ),
    )
    date: Optional[PartialDateText] = Field(
        default=None, description=f"When it was said: {DATE_TEXT}"
    )
    source_id: Optional[str] = Field(
        default=None,
        foreign_key="sources.id",
        index=True,
        description="Source that reports it",
    )


class Claim(SQLModel, table=True):
    """What each source says where sources disagree; the event holds the chosen value."""
    __tablename__ = "claims"
    # Covers the disputed-facts query: claims grouped by event and field.
    __table_args__ = (Index("ix_claims_values", "event_id", "field", "value", "chosen"),)

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    position: int = Field(
        primary_key=True, description="Order of the claim within the event"
    )
    field: ClaimField = Field(
        index=True,
        description=(
            "What the claim is about: date, total_released, foreign_nationals, "
            "total_exchanged, receiving_state, nationalities, people, concession, "
            "remaining_prisoners or other"
        ),
    )
    value: str = Field(min_length=1, description="The value as the source states it")
    source_id: str = Field(
        foreign_key="sources.id",
        index=True,
        description="Source that states it",
    )
    chosen: StrictBool = Field(
        default=False, description="True when the event shows this value"
    )
    note: Optional[str] = Field(
        default=None,
        min_length=1,
        description="Why it was chosen or not, or how sources differ",
    )


class PrisonerCount(SQLModel, table=True):
    """Political prisoners remaining in a country as of a date, according to whom."""
    __tablename__ = "prisoner_counts"
    # The series in the order it is read (by country, then date), without sorting.
    __table_args__ = (Index("ix_prisoner_counts_series", "country", "as_of", "count"),)

    event_id: str = Field(
        primary_key=True,
        foreign_key="events.id",
        description="The event whose source reports the figure",
    )
    position: int = Field(
        primary_key=True, description="Order of the figure within the event"
    )
    country: str = Field(
        foreign_key="countries.code",
        description="Country holding the prisoners (ISO 3166-1 alpha-2)",
    )
    as_of: PartialDateText = Field(
        index=True, description=f"Date the figure refers to: {DATE_TEXT}"
    )
    count: StrictInt = Field(ge=0, le=MAX_COUNT, description="Political prisoners remaining")
    approximate: StrictBool = Field(
        default=False,
        description="True when the source gives it as 'about' or 'around'",
    )
    according_to: Optional[str] = Field(
        default=None,
        foreign_key="actors.id",
        index=True,
        description="Actor the figure is attributed to",
    )
    attribution: Optional[str] = Field(
        default=None,
        min_length=1,
        description="Who gave the figure in the source's terms, e.g. 'a US official'",
    )
    source_id: str = Field(
        foreign_key="sources.id", index=True, description="Source that reports it"
    )


def copied(model, column: str) -> str:
    """The description of a column copied into a serving table."""
    return f"{model.model_fields[column].description} (copied from {model.__tablename__}.{column})"


_FROM_EVENT = "The event"


class ReleaseNationality(SQLModel, table=True):
    """Serving table, derived from event_nationalities and events and rebuilt by every
    ingest: the breakdown beside the event's filters, so that the charts and questions
    by nationality read one index instead of joining."""
    __tablename__ = "release_nationalities"
    __table_args__ = (
        Index(
            "ix_release_nationalities_scan", "country", "status", "date_start", "date_end",
            "releasing_state", "count", "count_lower_bound", "date",
        ),
    )

    event_id: str = Field(primary_key=True, foreign_key="events.id", description=_FROM_EVENT)
    country: str = Field(primary_key=True, description=copied(EventNationality, "country"))
    count: Optional[int] = Field(default=None, description=copied(EventNationality, "count"))
    count_lower_bound: bool = Field(description=copied(EventNationality, "count_lower_bound"))
    status: str = Field(description=copied(Event, "status"))
    date_start: str = Field(description=copied(Event, "date_start"))
    date_end: str = Field(description=copied(Event, "date_end"))
    releasing_state: str = Field(description=copied(Event, "releasing_state"))
    date: str = Field(description=copied(Event, "date"))


class ReleaseMediator(SQLModel, table=True):
    """Serving table, derived from event_actors and events and rebuilt by every ingest:
    one row per actor and event it mediated in, beside the event's filters and total."""
    __tablename__ = "release_mediators"
    __table_args__ = (
        Index(
            "ix_release_mediators_scan", "actor_id", "status", "date_start", "date_end",
            "releasing_state", "date", "total_released", "total_released_lower_bound",
            "roles",
        ),
    )

    actor_id: str = Field(primary_key=True, description=copied(EventActor, "actor_id"))
    event_id: str = Field(
        primary_key=True, foreign_key="events.id", index=True, description=_FROM_EVENT
    )
    roles: str = Field(description="The actor's mediating roles in the event, comma-separated")
    status: str = Field(description=copied(Event, "status"))
    date_start: str = Field(description=copied(Event, "date_start"))
    date_end: str = Field(description=copied(Event, "date_end"))
    releasing_state: str = Field(description=copied(Event, "releasing_state"))
    date: str = Field(description=copied(Event, "date"))
    total_released: Optional[int] = Field(default=None, description=copied(Event, "total_released"))
    total_released_lower_bound: bool = Field(
        description=copied(Event, "total_released_lower_bound")
    )


class ReleaseConcession(SQLModel, table=True):
    """Serving table, derived from concessions, actors and events and rebuilt by every
    ingest: each concession beside its granting state and the event's dates."""
    __tablename__ = "release_concessions"
    __table_args__ = (
        Index(
            "ix_release_concessions_scan", "kind", "granting_state", "granted_by",
            "date_start", "date_end", "status", "disputed", "event_id",
        ),
    )

    event_id: str = Field(primary_key=True, foreign_key="events.id", description=_FROM_EVENT)
    position: int = Field(primary_key=True, description=copied(Concession, "position"))
    kind: str = Field(description=copied(Concession, "kind"))
    granted_by: Optional[str] = Field(default=None, description=copied(Concession, "granted_by"))
    granting_state: Optional[str] = Field(
        default=None, description="Country of the actor that gave it (copied from actors.country)"
    )
    status: str = Field(description=copied(Concession, "status"))
    disputed: bool = Field(description=copied(Concession, "disputed"))
    event_status: str = Field(description=copied(Event, "status"))
    date_start: str = Field(description=copied(Event, "date_start"))
    date_end: str = Field(description=copied(Event, "date_end"))
    releasing_state: str = Field(description=copied(Event, "releasing_state"))


class ReleasePerson(SQLModel, table=True):
    """Serving table, derived from event_people and events and rebuilt by every ingest:
    who was freed beside the event's filters, for counting named people."""
    __tablename__ = "release_people"
    __table_args__ = (
        Index(
            "ix_release_people_scan", "status", "date_start", "date_end", "releasing_state",
            "person_id",
        ),
    )

    person_id: str = Field(primary_key=True, description=copied(EventPerson, "person_id"))
    event_id: str = Field(
        primary_key=True, foreign_key="events.id", index=True, description=_FROM_EVENT
    )
    status: str = Field(description=copied(Event, "status"))
    date_start: str = Field(description=copied(Event, "date_start"))
    date_end: str = Field(description=copied(Event, "date_end"))
    releasing_state: str = Field(description=copied(Event, "releasing_state"))


class EventRevision(SQLModel, table=True):
    """Every change to an event (created, updated, removed) and the version it replaced."""
    __tablename__ = "event_revisions"

    id: Optional[int] = Field(default=None, primary_key=True, description="Revision number")
    event_id: str = Field(
        index=True,
        description="The event (not a foreign key: a removed event keeps its history)",
    )
    action: str = Field(description="What the change did: created, updated or removed")
    changed_at: str = Field(description="When the change was made (UTC, ISO 8601)")
    ingest_run_id: Optional[int] = Field(
        default=None,
        foreign_key="ingest_runs.id",
        index=True,
        description="The ingest run that made the change",
    )
    file: Optional[str] = Field(
        default=None,
        description="The input file that held the new version; null for a removal",
    )
    file_sha256: Optional[str] = Field(
        default=None, description="SHA-256 of that file as it was read"
    )
    document: Optional[str] = Field(
        default=None,
        description=(
            "The version the change replaced, as a JSON event document; null for a "
            "creation"
        ),
    )


class IngestRun(SQLModel, table=True):
    """Each ingest or removal that changed the database."""
    __tablename__ = "ingest_runs"

    id: Optional[int] = Field(default=None, primary_key=True, description="Run number")
    started_at: str = Field(description="When the run started (UTC, ISO 8601)")
    command: str = Field(description="What ran: build, ingest or remove")
    files: str = Field(
        description="JSON list of the input files with their SHA-256 hashes"
    )
    created: int = Field(description="Events created")
    updated: int = Field(description="Events updated")
    unchanged: int = Field(description="Events already up to date")
    removed: int = Field(default=0, description="Events removed")
    tracker_version: str = Field(description="Version of the tracker that ran")


PUBLIC_TABLES = [
    Country,
    Event,
    EventNationality,
    Person,
    EventPerson,
    Actor,
    EventActor,
    Concession,
    Statement,
    Source,
    EventSource,
    Claim,
    PrisonerCount,
]
SERVING_TABLES = [ReleaseNationality, ReleaseMediator, ReleaseConcession, ReleasePerson]
INTERNAL_TABLES = [EventRevision, IngestRun, *SERVING_TABLES]
ALL_TABLES = PUBLIC_TABLES + INTERNAL_TABLES
