"""The schema: every table and every column, described once.

Each column's `description` (and its constraints) is the single source of truth for
what it means: the event-file models in `tracker.schema.eventfile` reuse these fields, and the
Datasette metadata, the data package, the codebook and the file format's reference page
are generated from them. Every value of every enumeration carries its meaning too.

An event is a deal made of transfers (who held and freed whom, to whom, how many); its
releasing and receiving state, status, date and totals are derived from its transfers and
dated steps, never entered twice. Every count carries its uncertainty in four columns
(see `tracker.schema.counts`), every fact the ids of the sources it rests on.

Optional text is never empty: what is not known is null, so that an empty CSV cell
in an export means null and nothing else.
"""

from enum import Enum
from typing import Annotated, Optional

from pydantic import StrictBool, StringConstraints
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

# The enumerations, re-exported: every module that declares columns finds them here.
from .values import (  # noqa: F401
    ActorKind, ActorRole, ConcessionKind, ConcessionStatus, CountQualifier, DatePrecision,
    DateStep, Described, EventType, PartySide, Stance, Status, TransferHow,
)

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
SOURCE_IDS = "JSON list of the ids of the sources it rests on (each one of the event's sources)"

# No release has freed more; a larger figure is a typing error (and would not fit SQLite).
MAX_COUNT = 10_000_000

# What the database holds instead of a withheld person's name.
WITHHELD_NAME = "Name withheld"

# The four columns of a count (see tracker.schema.counts), described from what it counts.
COUNT_PARTS = ("", "_low", "_high", "_qualifier")


def count_field(what: str) -> Field:
    return Field(
        default=None, ge=0, le=MAX_COUNT,
        description=f"{what}: the best figure (for 'at least' or 'at most', the bound); "
                    "null when unknown or when only a range is given",
    )


def low_field(what: str) -> Field:
    return Field(default=None, ge=0, le=MAX_COUNT,
                 description=f"Lowest figure of {what} where the sources give one")


def high_field(what: str) -> Field:
    return Field(default=None, ge=0, le=MAX_COUNT,
                 description=f"Highest figure of {what} where the sources give one")


def qualifier_field(what: str) -> Field:
    return Field(
        default=None,
        description=f"How certain {what} is: exact, approximate, at_least, at_most or "
                    "range; null when it is unknown",
    )


def source_ids_field() -> Field:
    return Field(default="[]", description=SOURCE_IDS)


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
    """One deal or act of release, made of one or more transfers; its date, status,
    states and totals are derived from its dated steps and transfers."""
    __tablename__ = "events"
    # Covers the questions' scans of events, so they never read the wide rows.
    __table_args__ = (
        Index(
            "ix_events_counted", "status", "part_of", "date_start", "date_end",
            "releasing_state", "year", "date", "id",
        ),
    )

    id: Slug = Field(
        primary_key=True,
        description=(
            "Stable human-readable id and upsert key: the first transfer's holder code "
            "and the event's date, e.g. by-2025-09-11"
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
    track: Optional[Slug] = Field(
        default=None,
        index=True,
        description=(
            "Negotiation track linking related events, e.g. us-belarus-2025; "
            "null when the event stands alone"
        ),
    )
    part_of: Optional[Slug] = Field(
        default=None,
        foreign_key="events.id",
        index=True,
        description=(
            "The larger deal this event is a step of (e.g. a pardon signed days before "
            "the exchange); such an event is never counted in totals: the deal counts "
            "its people"
        ),
    )
    notes: Optional[str] = Field(
        default=None,
        min_length=1,
        description="Curators' notes: which value was chosen where sources disagree, and why",
    )
    date: PartialDateText = Field(
        description=(
            f"When it happened (derived): the first given of the released, arrived, "
            f"announced and decided dates; {DATE_TEXT}"
        )
    )
    date_step: DateStep = Field(description="Which dated step date is (derived)")
    date_precision: DatePrecision = Field(
        description="How precise date is: day, month or year (derived)"
    )
    date_start: Day = Field(
        index=True, description="First possible day of date (YYYY-MM-DD), for ranges (derived)"
    )
    date_end: Day = Field(
        description="Last possible day of date (YYYY-MM-DD), for ranges (derived)"
    )
    year: int = Field(index=True, description="Year of date, for facets (derived)")
    status: Status = Field(
        index=True,
        description=(
            "Derived from the transfers: carried_out (all carried out), "
            "partly_carried_out (some freed, not all), announced (none freed yet), "
            "reversed (all reversed)"
        ),
    )
    releasing_state: Optional[str] = Field(
        default=None,
        foreign_key="countries.code",
        index=True,
        description=(
            "The state that held and freed those of the first transfer (derived); null "
            "when a non-state holder did"
        ),
    )
    receiving_state: Optional[str] = Field(
        default=None,
        foreign_key="countries.code",
        index=True,
        description="Where those of the first transfer went, where known (derived)",
    )
    freed: Optional[int] = count_field(
        "People freed, summed over the transfers that freed them (derived); an event "
        "that is part_of a larger deal is counted by that deal: leave it out of totals")
    freed_low: Optional[int] = low_field("freed")
    freed_high: Optional[int] = high_field("freed")
    freed_qualifier: Optional[CountQualifier] = qualifier_field("freed")
    political: Optional[int] = count_field(
        "Political prisoners among the people freed, summed over the transfers that "
        "freed them (derived)")
    political_low: Optional[int] = low_field("political")
    political_high: Optional[int] = high_field("political")
    political_qualifier: Optional[CountQualifier] = qualifier_field("political")
    foreign_nationals: Optional[int] = count_field(
        "Foreign nationals among the people freed (to the state that freed them), "
        "summed over the transfers that freed them (derived)")
    foreign_nationals_low: Optional[int] = low_field("foreign_nationals")
    foreign_nationals_high: Optional[int] = high_field("foreign_nationals")
    foreign_nationals_qualifier: Optional[CountQualifier] = qualifier_field("foreign_nationals")
    announced: Optional[int] = count_field(
        "People whose release is announced, not yet carried out, summed over the "
        "announced transfers (derived)")
    announced_low: Optional[int] = low_field("announced")
    announced_high: Optional[int] = high_field("announced")
    announced_qualifier: Optional[CountQualifier] = qualifier_field("announced")


class EventDate(SQLModel, table=True):
    """The dated steps of an event: decided, announced, released, arrived."""
    __tablename__ = "event_dates"

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    step: DateStep = Field(
        primary_key=True,
        description="decided (decree, pardon signed), announced, released (handed over "
                    "or freed) or arrived",
    )
    date: PartialDateText = Field(description=f"When: {DATE_TEXT}")
    date_precision: DatePrecision = Field(description="How precise date is: day, month or year")
    date_start: Day = Field(index=True, description="First possible day of date (YYYY-MM-DD)")
    date_end: Day = Field(description="Last possible day of date (YYYY-MM-DD)")
    note: Optional[str] = Field(default=None, min_length=1, description="Our note on the date")
    source_ids: JsonList = source_ids_field()


class Transfer(SQLModel, table=True):
    """One direction of a deal: who held and freed people, where they went, how many."""
    __tablename__ = "transfers"
    __table_args__ = (
        Index("ix_transfers_flows", "from_state", "to_state", "status", "event_id"),
    )

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    position: int = Field(
        primary_key=True,
        description="Order of the transfer within the event; the first (0) is the main one",
    )
    from_state: Optional[str] = Field(
        default=None,
        foreign_key="countries.code",
        description="The state that held and freed them (ISO 3166-1 alpha-2); null when "
                    "a non-state holder (held_by) did",
    )
    held_by: Optional[str] = Field(
        default=None,
        foreign_key="actors.id",
        index=True,
        description="A non-state holder that freed them (e.g. an armed group), instead "
                    "of a state",
    )
    to_state: Optional[str] = Field(
        default=None,
        foreign_key="countries.code",
        index=True,
        description="The state they went to; null when unknown or when they stayed",
    )
    how: TransferHow = Field(
        default=TransferHow.unknown,
        description="handed_over (to another state), expelled (sent abroad, to a third "
                    "country or home), stayed (freed where they were held) or unknown",
    )
    status: Status = Field(
        index=True,
        description="announced, carried_out, partly_carried_out or reversed",
    )
    date: Optional[PartialDateText] = Field(
        default=None,
        description=f"When this transfer happened, where it differs from the event's: {DATE_TEXT}",
    )
    count: Optional[int] = count_field("People freed by this transfer")
    count_low: Optional[int] = low_field("count")
    count_high: Optional[int] = high_field("count")
    count_qualifier: Optional[CountQualifier] = qualifier_field("count")
    political: Optional[int] = count_field(
        "How many of them are political prisoners (null: not stated)")
    political_low: Optional[int] = low_field("political")
    political_high: Optional[int] = high_field("political")
    political_qualifier: Optional[CountQualifier] = qualifier_field("political")
    all_political: StrictBool = Field(
        default=False,
        description="True when the sources say all of them are political prisoners "
                    "(`political: all`); political then equals count",
    )
    foreign_nationals: Optional[int] = count_field(
        "How many of them are foreign nationals (to from_state)")
    foreign_nationals_low: Optional[int] = low_field("foreign_nationals")
    foreign_nationals_high: Optional[int] = high_field("foreign_nationals")
    foreign_nationals_qualifier: Optional[CountQualifier] = qualifier_field("foreign_nationals")
    note: Optional[str] = Field(default=None, min_length=1, description="Our note on it")
    source_ids: JsonList = source_ids_field()


class TransferNationality(SQLModel, table=True):
    """The nationality breakdown of a transfer."""
    __tablename__ = "transfer_nationalities"

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    transfer: int = Field(primary_key=True, description="The transfer (its position)")
    country: str = Field(
        primary_key=True,
        foreign_key="countries.code",
        index=True,
        description="Nationality (ISO 3166-1 alpha-2)",
    )
    position: int = Field(description="Order of the row within the transfer")
    count: Optional[int] = count_field("How many of that nationality were freed")
    count_low: Optional[int] = low_field("count")
    count_high: Optional[int] = high_field("count")
    count_qualifier: Optional[CountQualifier] = qualifier_field("count")
    source_ids: JsonList = source_ids_field()


class Source(SQLModel, table=True):
    """A news report or other document that states facts about events; exists once,
    with its own history."""
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
    language: Optional[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]] = Field(
        default=None,
        description="Language of the report, ISO 639-1 (en, ru, lt)",
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


class Person(SQLModel, table=True):
    """A person freed in one or more events; exists once, with its own history."""
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


class TransferPerson(SQLModel, table=True):
    """Who was freed by which transfer."""
    __tablename__ = "transfer_people"

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    transfer: int = Field(primary_key=True, description="The transfer (its position)")
    person_id: str = Field(
        primary_key=True,
        foreign_key="people.id",
        index=True,
        description="A person freed by it",
    )
    position: int = Field(description="Order of the person within the transfer")
    note: Optional[str] = Field(
        default=None, min_length=1, description="Who they are, as the sources describe them"
    )
    source_ids: JsonList = source_ids_field()


class Actor(SQLModel, table=True):
    """A state, person or organisation that took part; exists once, with its own history."""
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
    source_ids: JsonList = source_ids_field()


class Concession(SQLModel, table=True):
    """The rest of the deal: what was given in return, by whom, to whom or what (a
    prisoner handed over in return is a transfer, never a concession)."""
    __tablename__ = "concessions"

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    position: int = Field(
        primary_key=True, description="Order of the concession within the event"
    )
    kind: ConcessionKind = Field(
        index=True,
        description="sanctions_relief, delisting, funds_or_assets, diplomatic, "
                    "visas_or_travel, trade, legal or other",
    )
    description: str = Field(min_length=1, description="What was given, in our words")
    status: ConcessionStatus = Field(
        index=True,
        description="announced, implemented, promised, reported or denied",
    )
    disputed: StrictBool = Field(
        default=False,
        description="True when a party or source disputes that it was part of the deal",
    )
    dispute: Optional[str] = Field(
        default=None,
        min_length=1,
        description="The dispute, in our words",
    )
    source_ids: JsonList = source_ids_field()


class ConcessionParty(SQLModel, table=True):
    """Who gave a concession and who got it: one or several of each."""
    __tablename__ = "concession_parties"

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    concession: int = Field(primary_key=True, description="The concession (its position)")
    side: PartySide = Field(
        primary_key=True, description="granted_by (gave it) or beneficiary (got it)"
    )
    position: int = Field(primary_key=True, description="Order of the party on its side")
    actor_id: str = Field(foreign_key="actors.id", index=True, description="The actor")


class ConcessionDispute(SQLModel, table=True):
    """What disputes that a concession was part of the deal: a statement of the event,
    or a source."""
    __tablename__ = "concession_disputes"

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    concession: int = Field(primary_key=True, description="The concession (its position)")
    position: int = Field(primary_key=True, description="Order of the entry")
    statement: Optional[Slug] = Field(
        default=None, description="The key of a statement of the event that disputes it"
    )
    source_id: Optional[str] = Field(
        default=None, foreign_key="sources.id", index=True,
        description="A source that disputes it",
    )


class Statement(SQLModel, table=True):
    """Who said what about an event (the gist, in our own words)."""
    __tablename__ = "statements"

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    position: int = Field(
        primary_key=True, description="Order of the statement within the event"
    )
    key: Optional[Slug] = Field(
        default=None,
        description="A slug, unique in the event, by which a concession's dispute points at it",
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
    source_ids: JsonList = source_ids_field()


class Claim(SQLModel, table=True):
    """What each source says where sources disagree; at most one claim per fact is
    chosen, the value the event shows."""
    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_values", "event_id", "about", "value", "chosen"),)

    event_id: str = Field(primary_key=True, foreign_key="events.id", description="The event")
    position: int = Field(
        primary_key=True, description="Order of the claim within the event"
    )
    about: str = Field(
        min_length=1,
        index=True,
        description=(
            "The fact it is about, as a path: transfers[N].count (or political, foreign, "
            "status, from, to, how, date, people, nationalities[CC]), dates.STEP, "
            "concessions[N].status (or kind, granted_by, beneficiaries), "
            "prisoner_counts[N].count, freed, political or other"
        ),
    )
    value: str = Field(
        min_length=1,
        description="The value as the source states it, typed by the path (a count, a "
                    "date, a status, a country) and written as the file writes it",
    )
    chosen: StrictBool = Field(
        default=False, description="True when the event shows this value"
    )
    reason: Optional[str] = Field(
        default=None,
        min_length=1,
        description="Why it was chosen (required then), or how the sources differ",
    )
    source_ids: JsonList = source_ids_field()


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
    count: Optional[int] = count_field("Political prisoners remaining")
    count_low: Optional[int] = low_field("count")
    count_high: Optional[int] = high_field("count")
    count_qualifier: CountQualifier = Field(
        description="How certain count is: exact, approximate, at_least, at_most or range"
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
    source_ids: JsonList = source_ids_field()


def copied(model, column: str) -> str:
    """The description of a column copied into a serving table."""
    return f"{model.model_fields[column].description} (copied from {model.__tablename__}.{column})"


_FROM_EVENT = "The event"
_COUNTED = (
    "True when the transfer freed them (carried_out or partly_carried_out) and its "
    "event is part of no larger deal: what every figure of people freed counts"
)


class ReleaseTransfer(SQLModel, table=True):
    """Serving table, derived from transfers and events and rebuilt by every ingest:
    each transfer beside its event's date and whether it counts, for the directed flows
    (who freed whom, how many, per year) and the questions per releasing state."""
    __tablename__ = "release_transfers"
    __table_args__ = (
        Index(
            "ix_release_transfers_scan", "counted", "date_start", "date_end", "from_state",
            "to_state", "year",
        ),
    )

    event_id: str = Field(primary_key=True, foreign_key="events.id", description=_FROM_EVENT)
    transfer: int = Field(primary_key=True, description=copied(Transfer, "position"))
    from_state: Optional[str] = Field(default=None, description=copied(Transfer, "from_state"))
    held_by: Optional[str] = Field(default=None, description=copied(Transfer, "held_by"))
    to_state: Optional[str] = Field(default=None, description=copied(Transfer, "to_state"))
    how: str = Field(description=copied(Transfer, "how"))
    status: str = Field(description=copied(Transfer, "status"))
    counted: bool = Field(description=_COUNTED)
    count: Optional[int] = Field(default=None, description=copied(Transfer, "count"))
    count_low: Optional[int] = Field(default=None, description=copied(Transfer, "count_low"))
    count_high: Optional[int] = Field(default=None, description=copied(Transfer, "count_high"))
    count_qualifier: Optional[str] = Field(
        default=None, description=copied(Transfer, "count_qualifier"))
    political: Optional[int] = Field(default=None, description=copied(Transfer, "political"))
    political_low: Optional[int] = Field(
        default=None, description=copied(Transfer, "political_low"))
    political_high: Optional[int] = Field(
        default=None, description=copied(Transfer, "political_high"))
    political_qualifier: Optional[str] = Field(
        default=None, description=copied(Transfer, "political_qualifier"))
    date: str = Field(description=copied(Event, "date"))
    date_start: str = Field(description=copied(Event, "date_start"))
    date_end: str = Field(description=copied(Event, "date_end"))
    year: int = Field(description=copied(Event, "year"))


class ReleaseNationality(SQLModel, table=True):
    """Serving table, derived from transfer_nationalities, transfers and events and
    rebuilt by every ingest: the breakdown beside the filters, so that the charts and
    questions by nationality read one index instead of joining."""
    __tablename__ = "release_nationalities"
    __table_args__ = (
        Index(
            "ix_release_nationalities_scan", "country", "counted", "date_start", "date_end",
            "from_state", "count", "date",
        ),
    )

    event_id: str = Field(primary_key=True, foreign_key="events.id", description=_FROM_EVENT)
    transfer: int = Field(primary_key=True, description=copied(TransferNationality, "transfer"))
    country: str = Field(primary_key=True, description=copied(TransferNationality, "country"))
    count: Optional[int] = Field(default=None, description=copied(TransferNationality, "count"))
    count_low: Optional[int] = Field(
        default=None, description=copied(TransferNationality, "count_low"))
    count_high: Optional[int] = Field(
        default=None, description=copied(TransferNationality, "count_high"))
    count_qualifier: Optional[str] = Field(
        default=None, description=copied(TransferNationality, "count_qualifier"))
    counted: bool = Field(description=_COUNTED)
    from_state: Optional[str] = Field(default=None, description=copied(Transfer, "from_state"))
    date_start: str = Field(description=copied(Event, "date_start"))
    date_end: str = Field(description=copied(Event, "date_end"))
    date: str = Field(description=copied(Event, "date"))


class ReleaseMediator(SQLModel, table=True):
    """Serving table, derived from event_actors and events and rebuilt by every ingest:
    one row per actor and event it mediated in, beside the event's filters and total."""
    __tablename__ = "release_mediators"
    __table_args__ = (
        Index(
            "ix_release_mediators_scan", "actor_id", "counted", "date_start", "date_end",
            "releasing_state", "date", "roles",
        ),
    )

    actor_id: str = Field(primary_key=True, description=copied(EventActor, "actor_id"))
    event_id: str = Field(
        primary_key=True, foreign_key="events.id", index=True, description=_FROM_EVENT
    )
    roles: str = Field(description="The actor's mediating roles in the event, comma-separated")
    counted: bool = Field(
        description="True when the event freed people and is part of no larger deal")
    date_start: str = Field(description=copied(Event, "date_start"))
    date_end: str = Field(description=copied(Event, "date_end"))
    releasing_state: Optional[str] = Field(
        default=None, description=copied(Event, "releasing_state"))
    date: str = Field(description=copied(Event, "date"))
    freed: Optional[int] = Field(default=None, description=copied(Event, "freed"))
    freed_low: Optional[int] = Field(default=None, description=copied(Event, "freed_low"))
    freed_high: Optional[int] = Field(default=None, description=copied(Event, "freed_high"))
    freed_qualifier: Optional[str] = Field(
        default=None, description=copied(Event, "freed_qualifier"))


class ReleaseConcession(SQLModel, table=True):
    """Serving table, derived from concessions, their parties and events and rebuilt by
    every ingest: each concession once per party that gave it (or once, with no party),
    beside that party's state and the event's dates."""
    __tablename__ = "release_concessions"
    __table_args__ = (
        Index(
            "ix_release_concessions_scan", "kind", "granting_state", "granted_by",
            "date_start", "date_end", "status", "disputed", "event_id",
        ),
    )

    event_id: str = Field(primary_key=True, foreign_key="events.id", description=_FROM_EVENT)
    concession: int = Field(primary_key=True, description=copied(Concession, "position"))
    party: int = Field(
        primary_key=True,
        description="Order of the granting party (copied from concession_parties.position)",
    )
    kind: str = Field(description=copied(Concession, "kind"))
    granted_by: Optional[str] = Field(
        default=None, description="Actor that gave it (copied from concession_parties.actor_id)"
    )
    granting_state: Optional[str] = Field(
        default=None, description="Country of the actor that gave it (copied from actors.country)"
    )
    status: str = Field(description=copied(Concession, "status"))
    disputed: bool = Field(description=copied(Concession, "disputed"))
    event_status: str = Field(description=copied(Event, "status"))
    date_start: str = Field(description=copied(Event, "date_start"))
    date_end: str = Field(description=copied(Event, "date_end"))
    releasing_state: Optional[str] = Field(
        default=None, description=copied(Event, "releasing_state"))


class ReleasePerson(SQLModel, table=True):
    """Serving table, derived from transfer_people, transfers and events and rebuilt by
    every ingest: who was freed beside the filters, for counting named people."""
    __tablename__ = "release_people"
    __table_args__ = (
        Index(
            "ix_release_people_scan", "counted", "date_start", "date_end", "from_state",
            "person_id",
        ),
    )

    person_id: str = Field(primary_key=True, description=copied(TransferPerson, "person_id"))
    event_id: str = Field(
        primary_key=True, foreign_key="events.id", index=True, description=_FROM_EVENT
    )
    transfer: int = Field(primary_key=True, description=copied(TransferPerson, "transfer"))
    counted: bool = Field(description=_COUNTED)
    date_start: str = Field(description=copied(Event, "date_start"))
    date_end: str = Field(description=copied(Event, "date_end"))
    from_state: Optional[str] = Field(default=None, description=copied(Transfer, "from_state"))


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
            "The version the change replaced, as a JSON event document (format 2); null "
            "for a creation"
        ),
    )


class EntityRevision(SQLModel, table=True):
    """Every change to a shared record (a source, person or actor): created or updated,
    and the version it replaced."""
    __tablename__ = "entity_revisions"
    __table_args__ = (Index("ix_entity_revisions_record", "table_name", "record_id"),)

    id: Optional[int] = Field(default=None, primary_key=True, description="Revision number")
    table_name: str = Field(description="Which kind of record: sources, people or actors")
    record_id: str = Field(description="The record's id")
    action: str = Field(description="What the change did: created or updated")
    changed_at: str = Field(description="When the change was made (UTC, ISO 8601)")
    ingest_run_id: Optional[int] = Field(
        default=None,
        foreign_key="ingest_runs.id",
        index=True,
        description="The ingest run that made the change",
    )
    file: Optional[str] = Field(
        default=None, description="The input file that declared the new version"
    )
    document: Optional[str] = Field(
        default=None,
        description="The version the change replaced, as JSON; null for a creation",
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
    EventDate,
    Transfer,
    TransferNationality,
    Person,
    TransferPerson,
    Actor,
    EventActor,
    Concession,
    ConcessionParty,
    ConcessionDispute,
    Statement,
    Source,
    EventSource,
    Claim,
    PrisonerCount,
]
SERVING_TABLES = [
    ReleaseTransfer, ReleaseNationality, ReleaseMediator, ReleaseConcession, ReleasePerson,
]
INTERNAL_TABLES = [EventRevision, EntityRevision, IngestRun, *SERVING_TABLES]
ALL_TABLES = PUBLIC_TABLES + INTERNAL_TABLES

# The version of the event-file format and of the database shape this code writes: a
# file without `format: 2`, or a database whose user_version is lower, is format 1 and
# is upgraded by `tracker upgrade`.
FORMAT = 2
