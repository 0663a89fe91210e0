"""Comparing a draft with the event a person wrote from the same report, field by field."""

from collections import Counter
from dataclasses import dataclass

from ..reference.countries import country_code
from ..reference.names import fold, same_name

# What is compared, in the event file's terms (format 2): the event's date, and of its
# first transfer (the release a report tells of) from, to, count, foreign, nationalities
# and people; the actors, the concessions, the other transfers of a swap (who freed
# whom in return), every transfer's direction (who freed them, to whom) and the first
# count of prisoners remaining.
FIELDS = (
    "date", "from", "to", "count", "foreign", "nationalities", "people", "actors",
    "concessions", "other_sides", "transfers", "remaining_prisoners",
)


@dataclass
class Tally:
    """Right values drafted, wrong or extra values drafted, expected values missed."""

    right: int = 0
    wrong: int = 0
    missed: int = 0

    def __iadd__(self, other: "Tally") -> "Tally":
        self.right += other.right
        self.wrong += other.wrong
        self.missed += other.missed
        return self

    @property
    def precision(self) -> float | None:
        drafted = self.right + self.wrong
        return self.right / drafted if drafted else None

    @property
    def recall(self) -> float | None:
        expected = self.right + self.missed
        return self.right / expected if expected else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)


def _scalar(drafted, expected) -> Tally:
    """A wrong value counts as drafted-and-wrong and as missed: it is worse than none."""
    if drafted is None and expected is None:
        return Tally()
    if drafted is None:
        return Tally(missed=1)
    if expected is None:
        return Tally(wrong=1)
    if drafted == expected:
        return Tally(right=1)
    return Tally(wrong=1, missed=1)


def _items(drafted: list, expected: list, same) -> Tally:
    tally = Tally()
    unmatched = list(expected)
    for item in drafted:
        match = next((other for other in unmatched if same(item, other)), None)
        if match is None:
            tally.wrong += 1
        else:
            tally.right += 1
            unmatched.remove(match)
    tally.missed = len(unmatched)
    return tally


def _remaining(event: dict):
    counts = event.get("prisoner_counts") or []
    return counts[0]["count"] if counts else None


def _code(value):
    try:
        return country_code(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _actor_key(actor: dict):
    if actor.get("kind") == "state":
        return ("state", _code(actor.get("country") or actor["name"]))
    return (actor.get("kind"), fold(actor["name"]))


def _same_actor(a: dict, b: dict) -> bool:
    if (a.get("kind") == "state") != (b.get("kind") == "state"):
        return False
    if a.get("kind") == "state":
        return _actor_key(a) == _actor_key(b)
    return any(
        same_name(x, y)
        for x in [a["name"], *a.get("aliases", [])]
        for y in [b["name"], *b.get("aliases", [])]
    )


def _party(reference):
    """Who gave or got a concession, comparable across drafts: a state's code, else a name."""
    if isinstance(reference, dict):
        if reference.get("kind") == "state":
            return _code(reference.get("country") or reference["name"])
        return fold(reference["name"])
    return _code(reference) or fold(reference)


def _parties(concession: dict, side: str) -> set:
    return {_party(reference) for reference in concession.get(side) or []}


def _same_concession(drafted: dict, expected: dict) -> bool:
    """The same kind, given by and to the same parties where the expected file names them."""
    if drafted.get("kind") != expected.get("kind"):
        return False
    return all(
        not expected.get(side) or _parties(drafted, side) == _parties(expected, side)
        for side in ("granted_by", "beneficiaries")
    )


def _unique_actors(event: dict) -> list[dict]:
    """Each actor once: a state that is mediator and receiving state is one actor."""
    seen, actors = set(), []
    for actor in event.get("actors") or []:
        key = _actor_key(actor)
        if key not in seen:
            seen.add(key)
            actors.append(actor)
    return actors


def _same_person(a: dict, b: dict) -> bool:
    return _same_actor({**a, "kind": "person"}, {**b, "kind": "person"})


def _direction(transfer: dict) -> tuple:
    """Who freed them (a state's code, or a holder's name) and where they went."""
    holder = transfer.get("from")
    return (_code(holder) if holder else _party(transfer.get("held_by") or ""),
            _code(transfer.get("to")))


def _same_direction(drafted: tuple, expected: tuple) -> bool:
    """Freed by the same state or holder, to the same state; a transfer whose
    destination the report leaves open (how unknown) accepts any."""
    return drafted[0] == expected[0] and (drafted[1] == expected[1] or expected[2] == "open")


def _directions(event: dict) -> list[tuple]:
    return [(*_direction(transfer),
             "open" if transfer.get("to") is None and transfer.get("how") in (None, "unknown") else "")
            for transfer in event.get("transfers") or []]


def _release(event: dict) -> dict:
    """The first transfer of an event file: the release a report tells of."""
    transfers = event.get("transfers") or [{}]
    return transfers[0]


def _date(event: dict):
    """The event's date: the first given of its released, arrived, announced and decided."""
    dated = {entry.get("step"): entry.get("date") for entry in event.get("dates") or []}
    return next((dated[step] for step in ("released", "arrived", "announced", "decided")
                 if dated.get(step) is not None), None)


def compare(drafted: dict, expected: dict) -> dict[str, Tally]:
    """A tally per field (see FIELDS) of a drafted event against the expected one."""
    mine, theirs = _release(drafted), _release(expected)
    tallies = {
        "date": _scalar(_text(_date(drafted)), _text(_date(expected))),
        "from": _scalar(_code(mine.get("from")), _code(theirs.get("from"))),
        "to": _scalar(_code(mine.get("to")), _code(theirs.get("to"))),
        "count": _scalar(mine.get("count"), theirs.get("count")),
        "foreign": _scalar(mine.get("foreign"), theirs.get("foreign")),
        "remaining_prisoners": _scalar(_remaining(drafted), _remaining(expected)),
    }
    tallies["nationalities"] = _items(
        [(_code(n["country"]), n.get("count")) for n in mine.get("nationalities") or []],
        [(_code(n["country"]), n.get("count")) for n in theirs.get("nationalities") or []],
        lambda a, b: a == b,
    )
    tallies["people"] = _items(mine.get("people") or [], theirs.get("people") or [], _same_person)
    tallies["actors"] = _items(_unique_actors(drafted), _unique_actors(expected), _same_actor)
    tallies["other_sides"] = _items(
        [_direction(transfer) for transfer in (drafted.get("transfers") or [])[1:]],
        [_direction(transfer) for transfer in (expected.get("transfers") or [])[1:]],
        lambda a, b: a[0] == b[0] and (b[1] is None or a[1] == b[1]),
    )
    tallies["transfers"] = _items(_directions(drafted), _directions(expected), _same_direction)
    tallies["concessions"] = _items(
        drafted.get("concessions") or [], expected.get("concessions") or [], _same_concession
    )
    return {name: tallies[name] for name in FIELDS}


def _text(value):
    return value.isoformat() if hasattr(value, "isoformat") else (str(value) if value is not None else None)


def totals(per_case: list[dict[str, Tally]]) -> dict[str, Tally]:
    summed = {name: Tally() for name in FIELDS}
    for tallies in per_case:
        for name, tally in tallies.items():
            summed[name] += tally
    return summed


def overall(summed: dict[str, Tally]) -> Tally:
    tally = Tally()
    for field_tally in summed.values():
        tally += field_tally
    return tally


def mismatches(drafted: dict, expected: dict) -> Counter:
    """Which fields of a draft are not right, for a report on one case."""
    return Counter({name: tally.wrong + tally.missed for name, tally in compare(drafted, expected).items()
                    if tally.wrong or tally.missed})
