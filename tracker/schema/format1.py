"""Format 1, the event file before deals had transfers, and its upgrade to format 2.

`upgrade_event` turns one format-1 document into format 2 with nothing lost; `tracker
upgrade` applies it to files (keeping YAML comments) and to databases (their events and
the documents of their history). It works on any mappings, so that a YAML tree keeps its
scalars' styles: values are moved, not rebuilt, and `origins` says where each new field
came from, so that comments can follow their values.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from ..reference.countries import country_code
from .models import WITHHELD_NAME

FORMAT_1_STATUSES = ("released", "announced")


class ConcessionKind(str, Enum):
    """Format 1's kinds, which `tracker extract` still reads reports into."""

    sanctions_relief = "sanctions_relief"
    prisoner_exchange = "prisoner_exchange"
    financial = "financial"
    diplomatic = "diplomatic"
    other = "other"


class EventStatus(str, Enum):
    released = "released"
    announced = "announced"


CONCESSION_KINDS = {"financial": "funds_or_assets"}
CLAIM_FIELDS = {
    "total_released": "transfers[0].count",
    "foreign_nationals": "transfers[0].foreign",
    "receiving_state": "transfers[0].to",
    "nationalities": "transfers[0].nationalities",
    "people": "transfers[0].people",
    "total_exchanged": "freed",
    "concession": "concessions",
    "remaining_prisoners": "prisoner_counts",
    "other": "other",
}
NO_REASON = "chosen in format 1; no reason was recorded"
TOP_LEVEL = ("id", "title", "summary", "type", "track", "notes")
# The fields of format 1's entries; any other key is carried over as it is (validation
# then names it: nothing is lost).
ENTRY_FIELDS = {
    "nationalities": {"country", "count", "count_lower_bound", "source"},
    "people": {"id", "name", "aliases", "nationalities", "withheld", "note", "source"},
    "actors": {"id", "name", "kind", "country", "aliases", "role", "description", "source"},
    "concessions": {"kind", "granted_by", "beneficiary", "description", "status", "disputed",
                    "dispute", "source"},
    "statements": {"by", "gist", "platform", "stance", "date", "source"},
    "claims": {"field", "value", "source", "chosen", "note"},
    "prisoner_counts": {"country", "as_of", "count", "approximate", "according_to",
                        "attribution", "source"},
    "sources": {"id", "title", "publisher", "url", "published", "language", "note"},
}
FORMAT_1_FIELDS = {
    "id", "title", "summary", "type", "status", "track", "date", "releasing_state",
    "receiving_state", "total_released", "total_released_lower_bound", "foreign_nationals",
    "foreign_nationals_lower_bound", "notes", "nationalities", "people", "actors",
    "concessions", "statements", "claims", "prisoner_counts", "sources",
}


def is_format_1(document) -> bool:
    """A mapping without `format` (or with format 1) that is an event of format 1."""
    return (
        isinstance(document, dict)
        and document.get("format", 1) == 1
        and "transfers" not in document
        and "dates" not in document
    )


def _entries(document: dict, name: str) -> list[dict]:
    """The entries of a section, when it is what format 1 wrote there (a list of
    mappings); anything else is carried over as it is, by `_Upgrade._malformed`."""
    value = document.get(name)
    if isinstance(value, list) and all(isinstance(entry, dict) for entry in value):
        return value
    return []


def bounded(count, lower_bound) -> object:
    """A format-1 count and its lower-bound flag, as a format-2 count."""
    if count is None or not lower_bound:
        return count
    return f"at least {count}"


@dataclass
class Upgraded:
    document: dict
    origins: dict[tuple, tuple] = field(default_factory=dict)  # new path -> old path


class _Upgrade:
    def __init__(self, old: dict, new_map: Callable[[], dict]):
        self.old, self.new_map = old, new_map
        self.origins: dict[tuple, tuple] = {}
        sources = old.get("sources")
        self.source_ids = [
            source.get("id") if isinstance(source, dict) else source
            for source in (sources if isinstance(sources, list) else [])
        ]

    def map(self, at: tuple, origin: tuple | None = None) -> dict:
        if origin is not None:
            self.origins[at] = origin
        return self.new_map()

    def put(self, target: dict, at: tuple, key: str, value, origin: tuple | None = None):
        """Set target[key] (at the path `at`), remembering where it came from."""
        if value is None:
            return
        target[key] = value
        if origin is not None:
            self.origins[at + (key,)] = origin

    def cite(self, target: dict, at: tuple, entry: dict, origin: tuple) -> None:
        """`source: x` becomes `sources: [x]`; a fact that cited none cites every source
        of an event that has several (format 1 let it rest on the event's sources)."""
        source = entry.get("source")
        if source is not None:
            self.put(target, at, "sources", [source], origin + ("source",))
        elif len(self.source_ids) > 1:
            target["sources"] = list(self.source_ids)

    def run(self) -> Upgraded:
        old = self.old
        new = self.new_map()
        new["format"] = 2
        for key in TOP_LEVEL:
            self.put(new, (), key, old.get(key), (key,))
        status = old.get("status") or "released"
        step = "announced" if status == "announced" else "released"
        dates = [self.map(("dates", 0), ("date",))]
        self.put(dates[0], ("dates", 0), "step", step)
        self.put(dates[0], ("dates", 0), "date", old.get("date"), ("date",))
        self.cite(dates[0], ("dates", 0), {}, ("date",))
        new["dates"] = dates
        transfers = [self._main_transfer(status)]
        concessions = []
        for index, concession in enumerate(_entries(old, "concessions")):
            if concession.get("kind") == "prisoner_exchange":
                transfers.append(self._exchange(concession, index, len(transfers)))
            else:
                concessions.append(self._concession(concession, index, len(concessions)))
        new["transfers"] = transfers
        self._section(new, "actors", self._actor)
        if concessions:
            new["concessions"] = concessions
        self._section(new, "statements", self._statement)
        self._section(new, "prisoner_counts", self._prisoner_count)
        self._claims(new, step)
        if isinstance(old.get("sources"), list):
            new["sources"] = [self._source(source, index)
                              for index, source in enumerate(old["sources"])]
        else:
            self.put(new, (), "sources", old.get("sources"), ("sources",))
        self._malformed(new, transfers[0])
        for key in old:
            if key not in FORMAT_1_FIELDS and key != "format":
                self.put(new, (), key, old[key], (key,))  # refused by validation, not lost
        return Upgraded(new, self.origins)

    def _malformed(self, new: dict, transfer: dict) -> None:
        """A section that is no list of entries is carried over as it is, where format 2
        has it, for validation to say what is wrong with it: nothing is lost."""
        places = {"nationalities": (transfer, ("transfers", 0)), "people": (transfer, ("transfers", 0))}
        for name in ("nationalities", "people", "actors", "concessions", "statements",
                     "prisoner_counts", "claims"):
            value = self.old.get(name)
            if value is not None and not _entries(self.old, name) and value != []:
                target, at = places.get(name, (new, ()))
                self.put(target, at, name, value, (name,))

    def _section(self, new: dict, name: str, convert) -> None:
        entries = [convert(entry, index) for index, entry in enumerate(_entries(self.old, name))]
        if entries:
            new[name] = entries
            self.origins[(name,)] = (name,)

    def _rest(self, entry: dict, target: dict, at: tuple, origin: tuple) -> dict:
        """Keys format 1 did not have either, carried over for validation to name."""
        for key in entry:
            if key not in ENTRY_FIELDS[origin[0]]:
                self.put(target, at, key, entry[key], origin + (key,))
        return target

    def _copy(self, entry: dict, at: tuple, origin: tuple, keys: tuple, target: dict | None = None):
        target = self.map(at, origin) if target is None else target
        for key in keys:
            self.put(target, at, key, entry.get(key), origin + (key,))
        return target

    def _main_transfer(self, status: str) -> dict:
        old, at = self.old, ("transfers", 0)
        transfer = self.map(at)
        releasing, receiving = old.get("releasing_state"), old.get("receiving_state")
        self.put(transfer, at, "from", releasing, ("releasing_state",))
        self.put(transfer, at, "to", receiving, ("receiving_state",))
        how = "handed_over" if receiving and not _same_country(receiving, releasing) else "unknown"
        transfer["how"] = how
        self.put(transfer, at, "status", "carried_out" if status == "released" else "announced",
                 ("status",) if "status" in old else None)
        self.put(transfer, at, "count", bounded(old.get("total_released"),
                                                 old.get("total_released_lower_bound")),
                 ("total_released",))
        transfer["political"] = "all"
        self.put(transfer, at, "foreign", bounded(old.get("foreign_nationals"),
                                                   old.get("foreign_nationals_lower_bound")),
                 ("foreign_nationals",))
        nationalities = []
        for index, entry in enumerate(_entries(old, "nationalities")):
            row_at = at + ("nationalities", index)
            row = self._copy(entry, row_at, ("nationalities", index), ("country",))
            if "count" in entry:
                row["count"] = bounded(entry.get("count"), entry.get("count_lower_bound"))
                self.origins[row_at + ("count",)] = ("nationalities", index, "count")
            self.cite(row, row_at, entry, ("nationalities", index))
            nationalities.append(self._rest(entry, row, row_at, ("nationalities", index)))
        if nationalities:
            transfer["nationalities"] = nationalities
            self.origins[at + ("nationalities",)] = ("nationalities",)
        people = []
        for index, entry in enumerate(_entries(old, "people")):
            person_at = at + ("people", index)
            person = self._copy(entry, person_at, ("people", index),
                                ("id", "name", "aliases", "nationalities"))
            for key in ("aliases", "nationalities"):
                if key in person and not person[key]:
                    del person[key]
            if entry.get("withheld"):
                person["withheld"] = True
                self.origins[person_at + ("withheld",)] = ("people", index, "withheld")
                # Format 1 let a file give the real name; format 2 never writes it in a
                # file that git keeps (see `withheld_names`).
                if "name" in person:
                    person["name"] = WITHHELD_NAME
            self.put(person, person_at, "note", entry.get("note"), ("people", index, "note"))
            self.cite(person, person_at, entry, ("people", index))
            people.append(self._rest(entry, person, person_at, ("people", index)))
        if people:
            transfer["people"] = people
            self.origins[at + ("people",)] = ("people",)
        self.cite(transfer, at, {}, ())
        return transfer

    def _party_country(self, reference) -> str | None:
        """The state of an actor reference: a country named, or an actor's country."""
        if isinstance(reference, dict):
            return reference.get("country") or (
                _code(reference.get("name")) if reference.get("kind") == "state" else None)
        if not isinstance(reference, str):
            return None
        for actor in _entries(self.old, "actors"):
            spellings = [actor.get("id"), actor.get("name"), *(actor.get("aliases") or [])]
            if reference in spellings:
                return actor.get("country") or (
                    _code(actor.get("name")) if actor.get("kind") == "state" else None)
        return _code(reference)

    def _exchange(self, concession: dict, index: int, position: int) -> dict:
        """A prisoner handed over in return is a transfer: from the granting state to the
        beneficiary's state, of an unknown number."""
        at, origin = ("transfers", position), ("concessions", index)
        transfer = self.map(at, origin)
        granting = self._party_country(concession.get("granted_by"))
        receiving = self._party_country(concession.get("beneficiary"))
        if granting:
            self.put(transfer, at, "from", granting, origin + ("granted_by",))
        else:
            self.put(transfer, at, "held_by", concession.get("granted_by"), origin + ("granted_by",))
        self.put(transfer, at, "to", receiving, origin + ("beneficiary",))
        transfer["how"] = "handed_over" if receiving and receiving != granting else "unknown"
        transfer["status"] = "carried_out" if concession.get("status") == "implemented" else "announced"
        self.put(transfer, at, "note", concession.get("description"), origin + ("description",))
        self.cite(transfer, at, concession, origin)
        return transfer

    def _concession(self, concession: dict, index: int, position: int) -> dict:
        at, origin = ("concessions", position), ("concessions", index)
        new = self.map(at, origin)
        kind = concession.get("kind")
        self.put(new, at, "kind", CONCESSION_KINDS.get(kind, kind), origin + ("kind",))
        if concession.get("granted_by") is not None:
            self.put(new, at, "granted_by", [concession["granted_by"]], origin + ("granted_by",))
        if concession.get("beneficiary") is not None:
            self.put(new, at, "beneficiaries", [concession["beneficiary"]], origin + ("beneficiary",))
        self._copy(concession, at, origin, ("description", "status"), new)
        if concession.get("disputed"):
            self.put(new, at, "disputed", True, origin + ("disputed",))
        self.put(new, at, "dispute", concession.get("dispute"), origin + ("dispute",))
        self.cite(new, at, concession, origin)
        return self._rest(concession, new, at, origin)

    def _actor(self, actor: dict, index: int) -> dict:
        at = origin = ("actors", index)
        new = self._copy(actor, at, origin,
                         ("id", "name", "kind", "country", "aliases", "role", "description"))
        if "aliases" in new and not new["aliases"]:
            del new["aliases"]
        self.cite(new, at, actor, origin)
        return self._rest(actor, new, at, origin)

    def _statement(self, statement: dict, index: int) -> dict:
        at = origin = ("statements", index)
        new = self._copy(statement, at, origin, ("by", "gist", "platform", "stance", "date"))
        self.cite(new, at, statement, origin)
        return self._rest(statement, new, at, origin)

    def _prisoner_count(self, count: dict, index: int) -> dict:
        at = origin = ("prisoner_counts", index)
        new = self._copy(count, at, origin, ("country", "as_of"))
        figure = count.get("count")
        self.put(new, at, "count", f"about {figure}" if count.get("approximate") else figure,
                 origin + ("count",))
        self._copy(count, at, origin, ("according_to", "attribution"), new)
        self.cite(new, at, count, origin)
        return self._rest(count, new, at, origin)

    def _claims(self, new: dict, step: str) -> None:
        claims, chosen = [], set()
        for index, claim in enumerate(_entries(self.old, "claims")):
            at = origin = ("claims", index)
            entry = self.map(at, origin)
            old_field = claim.get("field")
            about = f"dates.{step}" if old_field == "date" else CLAIM_FIELDS.get(old_field, old_field)
            self.put(entry, at, "about", about, origin + ("field",))
            self.put(entry, at, "value", claim.get("value"), origin + ("value",))
            self.cite(entry, at, claim, origin)
            # Format 1 let several claims about one field be chosen; format 2 shows one.
            is_chosen = bool(claim.get("chosen")) and about not in chosen
            if is_chosen:
                chosen.add(about)
                entry["chosen"] = True
                self.origins[at + ("chosen",)] = origin + ("chosen",)
            reason = claim.get("note")
            if reason is None and is_chosen:
                reason = NO_REASON
            self.put(entry, at, "reason", reason, origin + ("note",))
            claims.append(self._rest(claim, entry, at, origin))
        if claims:
            new["claims"] = claims
            self.origins[("claims",)] = ("claims",)

    def _source(self, source, index: int):
        if not isinstance(source, dict):
            return source
        at = origin = ("sources", index)
        declared = [key for key in source if source[key] is not None]
        if declared == ["id"]:
            return source["id"]  # a reference by id
        new = self._copy(source, at, origin, ("id", "title", "publisher", "url", "published",
                                              "language", "note"))
        return self._rest(source, new, at, origin)


def _code(name) -> str | None:
    try:
        return country_code(name)
    except ValueError:
        return None


def _same_country(first, second) -> bool:
    return first == second or (_code(first) is not None and _code(first) == _code(second))


def withheld_names(old: dict) -> dict[str, str]:
    """The real names that a format-1 event gives its withheld people, by id: the upgrade
    writes the placeholder instead, and the names belong in the local names file."""
    return {
        entry["id"]: entry["name"]
        for entry in _entries(old, "people")
        if entry.get("withheld") and isinstance(entry.get("id"), str)
        and isinstance(entry.get("name"), str) and entry["name"] != WITHHELD_NAME
    }


def upgrade_event(old: dict, new_map: Callable[[], dict] = dict) -> Upgraded:
    """A format-1 event document as a format-2 one, and where each new field came from.
    `new_map` makes the new mappings (a YAML tree's own type, to keep its styles)."""
    return _Upgrade(old, new_map).run()
