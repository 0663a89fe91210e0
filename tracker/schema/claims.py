"""Claims: what each source says about one fact of an event, where sources disagree.

A claim names its fact by a path (`about`), which types its value: a count, a date, a
status, a country, or text. At most one claim per fact is chosen: the value the event
shows, with the reason why; for a typed fact the chosen value must be that value.
"""

import json
import re
from dataclasses import dataclass

from ..reference.countries import country_code
from ..reference.dates import parse_partial_date
from .counts import Count, CountError
from .models import ConcessionKind, ConcessionStatus, DateStep, Status, TransferHow

_STEPS = "|".join(step.value for step in DateStep)
_PATH = re.compile(
    rf"""^(?:
        (?P<total>freed|political)                                        # freed
      | (?P<other>other)                                                  # other
      | dates(?:\.(?P<step>{_STEPS}))?                                    # dates.released
      | transfers(?:\[(?P<transfer>\d+)\](?:
            \.(?P<transfer_field>count|political|foreign|status|from|to|how|date|people)
                                                                          # transfers[1].count
          | \.nationalities(?:\[(?P<country>[A-Z]{{2}})\])?               # transfers[0].nationalities[US]
        )?)?
      | concessions(?:\[(?P<concession>\d+)\]
            \.(?P<concession_field>status|kind|granted_by|beneficiaries|description))?
                                                                          # concessions[0].status
      | prisoner_counts(?:\[(?P<prisoner_count>\d+)\](?:\.count)?)?       # prisoner_counts[0].count
    )$""",
    re.VERBOSE,
)
ACCEPTED_PATHS = (
    "accepted: transfers[N].count (or political, foreign, status, from, to, how, date, "
    "people), transfers[N].nationalities[CC], dates.STEP (decided, announced, released, "
    "arrived), concessions[N].status (or kind, granted_by, beneficiaries), "
    "prisoner_counts[N].count, freed, political or other"
)

# Value types, by what the path names.
COUNT, POLITICAL, DATE, COUNTRY, TEXT = "count", "political", "date", "country", "text"
_ENUMS = {
    "status": Status,
    "how": TransferHow,
    "concession_status": ConcessionStatus,
    "concession_kind": ConcessionKind,
}


@dataclass(frozen=True)
class ClaimPath:
    about: str
    kind: str  # COUNT, POLITICAL, DATE, COUNTRY, TEXT or a key of _ENUMS
    fact: tuple  # where the event shows the value: ("transfers", 1, "count"), ("freed",) …


def parse_path(about: str) -> ClaimPath:
    """The fact a claim is about; ValueError naming what is accepted."""
    match = _PATH.match(about)
    if match is None:
        raise ValueError(f"{about!r} names no fact of an event; {ACCEPTED_PATHS}")
    parts = match.groupdict()
    if parts["total"]:
        return ClaimPath(about, COUNT, (parts["total"],))
    if parts["step"]:
        return ClaimPath(about, DATE, ("dates", parts["step"]))
    if parts["transfer"] is not None:
        index = int(parts["transfer"])
        field = parts["transfer_field"]
        if parts["country"]:
            return ClaimPath(about, COUNT, ("transfers", index, "nationalities", parts["country"]))
        kinds = {"count": COUNT, "foreign": COUNT, "political": POLITICAL, "status": "status",
                 "how": "how", "from": COUNTRY, "to": COUNTRY, "date": DATE}
        return ClaimPath(about, kinds.get(field, TEXT), ("transfers", index, field))
    if parts["concession"] is not None:
        field = parts["concession_field"]
        kind = {"status": "concession_status", "kind": "concession_kind"}.get(field, TEXT)
        return ClaimPath(about, kind, ("concessions", int(parts["concession"]), field))
    if parts["prisoner_count"] is not None:
        return ClaimPath(about, COUNT, ("prisoner_counts", int(parts["prisoner_count"]), "count"))
    return ClaimPath(about, TEXT, ())


def typed_value(path: ClaimPath, value):
    """The claim's value read as its path's type; ValueError saying what is accepted."""
    if path.kind == COUNT or (path.kind == POLITICAL and value != "all"):
        try:
            return Count.parse(value)
        except CountError as error:
            raise ValueError(str(error)) from None
    if path.kind == POLITICAL:
        return value
    if isinstance(value, dict):
        raise ValueError(f"{value!r} is a mapping; accepted: {_accepted(path)}")
    if path.kind == DATE:
        return parse_partial_date(value).text
    if path.kind == COUNTRY:
        return country_code(value)
    if path.kind in _ENUMS:
        values = [member.value for member in _ENUMS[path.kind]]
        if value not in values:
            raise ValueError(f"{value!r} is not one of {', '.join(values)}")
        return value
    if value == "":
        raise ValueError("'': accepted: non-empty text")
    return str(value)


def _accepted(path: ClaimPath) -> str:
    if path.kind in _ENUMS:
        return ", ".join(member.value for member in _ENUMS[path.kind])
    return {DATE: "a date, YYYY-MM-DD, YYYY-MM or YYYY", COUNTRY: "a country",
            TEXT: "text"}.get(path.kind, "a count")


def stored_text(typed) -> str:
    """A typed value as the claims table stores it: the file's form, as text."""
    if isinstance(typed, Count):
        canonical = typed.canonical()
        return json.dumps(canonical) if isinstance(canonical, dict) else str(canonical)
    return typed


def from_stored(about: str, text: str):
    """The value a claim's stored text stands for, as the file writes it."""
    path = parse_path(about)
    if path.kind in (COUNT, POLITICAL) and text != "all":
        return Count.parse(json.loads(text) if text.startswith("{") else text).canonical()
    return text


def shown(value) -> str:
    if isinstance(value, Count):
        return value.text()
    return repr(value)


def check_claims(event) -> list[tuple[tuple, str]]:
    """Each claim names a fact of the event and a value of its type; at most one per
    fact is chosen, with a reason, and it is the value the event shows."""
    from . import rules

    problems = []
    chosen: dict[str, int] = {}
    for index, claim in enumerate(event.claims):
        loc = ("claims", index)
        try:
            path = parse_path(claim.about)
            _exists(event, path)
        except ValueError as error:
            problems.append((loc + ("about",), str(error)))
            continue
        try:
            value = typed_value(path, claim.value)
        except ValueError as error:
            problems.append((loc + ("value",), f"{error} (the value of {claim.about})"))
            continue
        if not claim.chosen:
            continue
        if claim.about in chosen:
            problems.append((
                loc + ("chosen",),
                f"a claim about {claim.about} is already chosen at claims[{chosen[claim.about]}]; "
                "accepted: one chosen claim per fact",
            ))
        chosen.setdefault(claim.about, index)
        if claim.reason is None:
            problems.append((loc + ("reason",), "missing; a chosen claim says why it was "
                             "chosen; accepted: reason: the reason, in our words"))
        if path.kind == TEXT:
            continue  # text claims (people, other) are kept; nothing to compare
        showing = shown_value(event, path, rules)
        if showing is _NOT_SHOWN:
            problems.append((
                loc + ("chosen",),
                f"the event shows no value at {claim.about}; accepted: chosen: false, or "
                "the fact given where the event says it",
            ))
        elif path.fact[0] in ("freed", "political"):
            if not _compatible(showing, value):
                problems.append((
                    loc + ("value",),
                    f"{shown(value)} is chosen, but the event's transfers give "
                    f"{shown(showing)} for {claim.about}; accepted: a value within it",
                ))
        elif showing != value:
            problems.append((
                loc + ("value",),
                f"{shown(value)} is chosen, but the event shows {shown(showing)} at "
                f"{claim.about}; accepted: the value the event shows, or chosen: false",
            ))
    return problems


_NOT_SHOWN = object()


def _exists(event, path: ClaimPath) -> None:
    """ValueError when the path names an entry the event does not have."""
    fact = path.fact
    if not fact or fact[0] in ("freed", "political", "dates"):
        return
    section = getattr(event, fact[0])
    if fact[1] >= len(section):
        raise ValueError(
            f"{path.about!r}: the event has {len(section)} {fact[0].replace('_', ' ')}; "
            f"accepted: an index from 0 to {len(section) - 1}" if section else
            f"{path.about!r}: the event has no {fact[0].replace('_', ' ')}"
        )


def shown_value(event, path: ClaimPath, rules):
    """What the event shows at a claim's fact (_NOT_SHOWN when it shows nothing there)."""
    fact = path.fact
    if fact[0] in ("freed", "political"):
        return rules.event_totals(event.transfers)[fact[0]]
    if fact[0] == "dates":
        dated = {entry.step.value: entry.date for entry in event.dates}
        return dated.get(fact[1], _NOT_SHOWN)
    entry = getattr(event, fact[0])[fact[1]]
    field = fact[2]
    if fact[0] == "transfers" and field == "nationalities":
        rows = {row.country: row.count for row in entry.nationalities}
        return rows.get(fact[3], _NOT_SHOWN)
    value = getattr(entry, {"from": "from_"}.get(field, field))
    if field == "date" and value is None:
        return _NOT_SHOWN
    return value.value if hasattr(value, "value") else value


def _compatible(total: Count, claimed) -> bool:
    """Whether a figure the sources give can be the total the transfers give."""
    if not isinstance(claimed, Count):
        return False
    high = total.maximum
    return claimed.minimum <= (high if high is not None else claimed.minimum) and (
        claimed.maximum is None or claimed.maximum >= total.minimum
    )
