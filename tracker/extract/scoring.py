"""Comparing a draft with the event a person wrote from the same report, field by field."""

from collections import Counter
from dataclasses import dataclass

from ..reference.countries import country_code
from ..reference.names import fold, same_name

FIELDS = (
    "date", "releasing_state", "receiving_state", "total_released", "foreign_nationals",
    "nationalities", "people", "actors", "concessions", "remaining_prisoners",
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


def _same_concession(drafted: dict, expected: dict) -> bool:
    """The same kind, given by and to the same parties where the expected file names them."""
    if drafted.get("kind") != expected.get("kind"):
        return False
    return all(
        expected.get(side) is None
        or (drafted.get(side) is not None and _party(drafted[side]) == _party(expected[side]))
        for side in ("granted_by", "beneficiary")
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


def compare(drafted: dict, expected: dict) -> dict[str, Tally]:
    """A tally per field (see FIELDS) of a drafted event against the expected one."""
    tallies = {
        "date": _scalar(_text(drafted.get("date")), _text(expected.get("date"))),
        "releasing_state": _scalar(_code(drafted.get("releasing_state")), _code(expected.get("releasing_state"))),
        "receiving_state": _scalar(_code(drafted.get("receiving_state")), _code(expected.get("receiving_state"))),
        "total_released": _scalar(drafted.get("total_released"), expected.get("total_released")),
        "foreign_nationals": _scalar(drafted.get("foreign_nationals"), expected.get("foreign_nationals")),
        "remaining_prisoners": _scalar(_remaining(drafted), _remaining(expected)),
    }
    tallies["nationalities"] = _items(
        [(_code(n["country"]), n.get("count")) for n in drafted.get("nationalities") or []],
        [(_code(n["country"]), n.get("count")) for n in expected.get("nationalities") or []],
        lambda a, b: a == b,
    )
    tallies["people"] = _items(drafted.get("people") or [], expected.get("people") or [], _same_person)
    tallies["actors"] = _items(_unique_actors(drafted), _unique_actors(expected), _same_actor)
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
