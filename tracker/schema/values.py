"""Every value of every enumeration of the schema and the file format, with its meaning.

Kept apart from the tables (`tracker.schema.models`, which re-exports them) so that what
only needs the values, such as the command line's choices, does not load the ORM.
"""

from enum import Enum


class Described(str, Enum):
    """An enumeration whose every value says what it means (for the codebook and the
    reference page)."""

    def __new__(cls, value: str, meaning: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member


class EventType(Described):
    release = "release", "a release of prisoners, with or without a deal known in return"
    pardon = "pardon", "a pardon or clemency by the holding state"
    exchange = "exchange", "a swap: prisoners freed in both directions"
    amnesty = "amnesty", "an amnesty, usually of many prisoners of whom some are political"
    deportation = "deportation", "a release on condition of leaving the country"
    other = "other", "none of the above"


class Status(Described):
    announced = "announced", "announced or agreed, nobody freed yet"
    carried_out = "carried_out", "carried out: all of them freed"
    partly_carried_out = "partly_carried_out", "partly carried out: some of them freed, not all"
    reversed = "reversed", "announced, then called off or undone"


class DateStep(Described):
    decided = "decided", "decided or signed: a decree, a pardon, an agreement"
    announced = "announced", "made public"
    released = "released", "released or handed over"
    arrived = "arrived", "arrived where they were taken"


class TransferHow(Described):
    handed_over = "handed_over", "handed over to another state (`to`)"
    expelled = "expelled", "sent abroad on release, to a third country or home"
    stayed = "stayed", "freed where they were held"
    unknown = "unknown", "not known"


class DatePrecision(Described):
    day = "day", "the exact day is known"
    month = "month", "only the month is known"
    year = "year", "only the year is known"


class ActorKind(Described):
    state = "state", "a state, acting through its government"
    person = "person", "a person"
    organisation = "organisation", "an organisation: a company, an agency, a church, an NGO"


class ActorRole(Described):
    mediator = "mediator", "brokered the deal between the parties"
    delegation_head = "delegation_head", "headed a delegation that negotiated it"
    envoy = "envoy", "an envoy sent to negotiate it"
    facilitator = "facilitator", "helped it happen (logistics, contacts) without brokering it"
    negotiating_party = "negotiating_party", "a party to the deal"
    receiving_state = "receiving_state", "took in people freed"
    releasing_authority = "releasing_authority", "signed or ordered the release"
    host = "host", "hosted the talks or the handover"
    guarantor = "guarantor", "guaranteed the deal"
    requester = "requester", "asked for the release"
    transit = "transit", "people freed passed through it"
    other = "other", "another role, described in `description`"


class ConcessionKind(Described):
    sanctions_relief = "sanctions_relief", "sanctions lifted or eased"
    delisting = "delisting", "removal from a list or designation (a terrorist list, a travel ban)"
    funds_or_assets = "funds_or_assets", "funds paid, or assets unfrozen or released"
    diplomatic = "diplomatic", "a diplomatic step: talks, recognition, an embassy, a visit"
    visas_or_travel = "visas_or_travel", "visas granted or travel restrictions lifted"
    trade = "trade", "a trade deal or trade access"
    legal = "legal", "a legal step: charges dropped, a sentence commuted, an extradition dropped"
    other = "other", "something else, described in `description`"


class ConcessionStatus(Described):
    announced = "announced", "announced by the party that gives it"
    implemented = "implemented", "carried out"
    promised = "promised", "promised, not yet announced as decided"
    reported = "reported", "reported by others, not confirmed by the party that gives it"
    denied = "denied", "denied by the party said to give it"


class PartySide(Described):
    granted_by = "granted_by", "gave it"
    beneficiary = "beneficiary", "got it"


class Stance(Described):
    welcomed = "welcomed", "welcomed the release or the deal"
    criticised = "criticised", "criticised it"
    denied = "denied", "denied something about it (that it was a deal, a concession)"
    confirmed = "confirmed", "confirmed it"
    announced = "announced", "announced it"
    called_for = "called_for", "called for a release"
    thanked = "thanked", "thanked someone for it"
    neutral = "neutral", "stated facts without a stance"


class CountQualifier(Described):
    exact = "exact", "exactly this many"
    approximate = "approximate", "about this many ('about 6,000')"
    at_least = "at_least", "at least this many ('at least 20'; 'more than 20' is at least 21)"
    at_most = "at_most", "at most this many"
    range = "range", "between low and high, with a best estimate where one is given"
