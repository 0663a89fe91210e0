"""The draft event: every field read from a report, in the ingest format, with evidence.

The extractor reads a report into one release (format 1's flat shape: a releasing state,
a total, a breakdown); the draft's output stage writes it as a format-2 event file, with
the upgrade every format-1 file takes (`tracker.schema.format1`), the release being the
event's first transfer. The evidence (the character span of the sentence each value came
from, and whether the value is uncertain) is written as YAML comments beside the values,
because the event format has no field for it: a reviewer reads it, the validator ignores it.
"""

import datetime as dt
import io
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import format_path
from ..reference.countries import country_name
from ..reference.dates import parse_partial_date
from ..schema.eventfile import FIELD_ORDER, parse_event
from ..schema.format1 import ConcessionKind, EventStatus, upgrade_event
from ..schema.models import EventType
from ..reference.names import slugify
from ..store.db import refuse_to_overwrite_database
from . import fields
from .existing import NEARBY_DAYS, free_id, nearby_events
from .known import KnownName
from .languages import Glossed, gloss
from .reading import RELEASE_VERB, Found, Reading, date_as_published, read

# Placeholders that let a draft with missing required values be checked all the same.
# The releasing state's is a state no report names (Antarctica): the foreigners of the
# breakdown are then all of it, the strictest check (see Draft.problems).
_REQUIRED_PLACEHOLDERS = {"id": "draft", "date": "2000", "releasing_state": "AQ"}
# Where each required value goes in the format-2 draft.
REQUIRED_PATHS = {"id": ("id",), "date": ("dates", 0, "date"),
                  "releasing_state": ("transfers", 0, "from")}
# Values of the release the report does not state, shown as such in the draft.
_NOT_STATED = {"receiving_state": "to", "total_released": "count",
               "foreign_nationals": "foreign"}


class NoReleaseFound(ValueError):
    """The report tells of no release of prisoners, so there is nothing to draft."""


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    low: str = ""  # why the value is uncertain
    note: str = ""  # anything else the reviewer should know (a new actor, a derivation)


@dataclass
class Draft:
    """A draft event file and the evidence for each of its values.

    `release` is the release as read, in format 1's flat shape, and `evidence` is keyed
    by its fields; `event` is the format-2 event file a person reviews."""

    release: dict
    evidence: dict[str, Evidence]
    text: str
    missing: list[str] = field(default_factory=list)  # required fields a person must fill
    notices: list[str] = field(default_factory=list)  # what the reviewer must know first

    @property
    def event(self) -> dict:
        return self._upgraded()[0]

    @property
    def missing_paths(self) -> list[str]:
        """Where the missing required values go in the event file."""
        return [format_path(REQUIRED_PATHS[name]) for name in self.missing]

    def _upgraded(self, release: dict | None = None) -> tuple[dict, dict]:
        """The event file of a release (this draft's by default), and where each of its
        fields came from."""
        release = self.release if release is None else release
        upgraded = upgrade_event({key: value for key, value in release.items()
                                  if value is not None or key in self.missing})
        event = upgraded.document
        _cite_the_one_source(event)
        main = event["transfers"][0]
        # The extractor reads no political prisoners: a reviewer says how many.
        main.pop("political", None)
        for name in self.missing:
            path = REQUIRED_PATHS[name]
            if release.get(name) is None:
                _put_first(event, path)
        for name, key in _NOT_STATED.items():
            if name in release and release[name] is None:
                main.setdefault(key, None)
        return event, upgraded.origins

    def problems(self) -> list[tuple[tuple, str]]:
        """Validation problems, once the missing required fields are filled. A missing
        releasing state is filled with one no report names, so that the draft validates
        whichever state a person fills in; when the counts read agree only if it is one of
        the nationalities freed (14 freed, 9 foreign, five Belarusians), with that one."""
        filled = dict(self.release)
        for name in self.missing:
            filled[name] = _REQUIRED_PLACEHOLDERS[name]
        states = [filled["releasing_state"]]
        if "releasing_state" in self.missing:
            states += [entry["country"] for entry in self.release.get("nationalities") or []]
        fewest = None
        for state in states:
            event, _ = self._upgraded({**filled, "releasing_state": state})
            _, problems = parse_event(event)
            if fewest is None or len(problems) < len(fewest):
                fewest = problems
            if not fewest:
                break
        return fewest

    def to_yaml(self, article: str = "the report") -> str:
        return render_yaml(self, article)


def _cite_the_one_source(event: dict) -> None:
    """A draft cites its one report, so its facts need not name it (the event file's rule)."""
    def drop(value):
        if isinstance(value, dict):
            value.pop("sources", None)
            for item in value.values():
                drop(item)
        elif isinstance(value, list):
            for item in value:
                drop(item)

    for key, value in event.items():
        if key != "sources":
            drop(value)


def _put_first(event: dict, path: tuple) -> None:
    """A required value left empty for a person to fill in: first in its mapping (a
    dated step's date after its step)."""
    parent = event
    for part in path[:-1]:
        parent = parent[part]
    items = [(key, value) for key, value in parent.items() if key != path[-1]]
    before = [item for item in items if item[0] == "step"]
    parent.clear()
    parent.update(before)
    parent[path[-1]] = None
    parent.update(item for item in items if item[0] != "step")


def _published_date(published) -> tuple[str | None, dt.date | None]:
    if published is None or published == "":
        return None, None
    text = parse_partial_date(published).text
    day = dt.date.fromisoformat(text) if len(text) == 10 else None
    return text, day


def extract_event(
    text: str,
    published=None,
    url: str | None = None,
    title: str | None = None,
    known_actors: list[KnownName] = (),
    language: str | None = None,
) -> Draft:
    """Read a plain-text news report into a draft event file.

    `published` (YYYY-MM-DD, or a partial date) resolves weekdays and years; `url` and
    `title` describe the source; `known_actors` (see `known_names_from_db`) link names
    to the actors and people already in the database; `language` (ISO 639-1, English by
    default; see `languages.languages()`) is the report's. Raises NoReleaseFound when the
    report tells of no release, and ValueError for a malformed publication date or a
    language it does not read.
    """
    known = list(known_actors)
    published_text, published_day = _published_date(published)
    report = text
    glossed = gloss(text, language) if language and language != "en" else None
    if glossed:
        text = glossed.text
    reading = read(text, published_day)
    releasing = fields.releasing_state(reading, known)
    fields.set_apart_the_other_side(reading, releasing.value if releasing else None)
    freed = fields.people(reading, known, releasing.value if releasing else None)
    total = fields.total_released(reading, freed)
    if not any(facts.about_release for facts in reading.main):  # a release told in any form is drafted, however little it says
        raise NoReleaseFound(
            "no release of prisoners found: no sentence says that anyone was released, freed, "
            "pardoned, let go or handed over"
        )
    builder = _Builder(reading)
    code = releasing.value if releasing else None
    breakdown = fields.nationalities(reading, code, [found.value for found in freed], total.value[0] if total else None)
    taken_to = fields.destinations(reading, code) or fields.gone_home(reading, breakdown, code)
    receiving = fields.receiving_state(taken_to)
    if reading.main_date is None and published_day and _status(reading) != EventStatus.announced.value:
        date_as_published(reading, "the report gives no date for the release")
    date = reading.main_date if reading.main_date and reading.main_date.value else None
    source_id = _source_id(url, title)

    if code and date:
        builder.put("id", f"{code.lower()}-{date.value}", date,
                    note="suggested from the releasing state and the date")
    else:
        builder.put("id", None, None, note="the releasing state and the date, e.g. by-2025-09-11")
    concessions = fields.concessions(reading, code, receiving, known)
    builder.put("title", _title(code, total, freed), None, note="a draft title: write your own")
    builder.put("type", _event_type(reading, concessions), None)
    builder.put("status", _status(reading), None)
    builder.put("date", date.value if date else None, reading.main_date, note=reading.date_note)
    builder.put("releasing_state", code, releasing)
    builder.put("receiving_state", receiving.value if receiving else None, receiving)
    builder.put_count("total_released", total)
    foreign = fields.foreign_nationals(reading)
    if foreign is None:
        foreign = _foreign_from_breakdown(total, breakdown, code)
    builder.put_count("foreign_nationals", foreign)
    for found in breakdown:
        country, count = found.value
        builder.add("nationalities", {"country": country, "count": count, "source": source_id}, found)
    for found in freed:
        person = found.value
        # A person's other spellings are only ever those of a known person written
        # otherwise, which the draft names as the database knows them.
        builder.add("people", {"name": person.name, "source": source_id}, found,
                    note=_known_note(person, person.aliases))
    for found in fields.actors(reading, known, code, taken_to):
        actor = found.value
        entry = {"name": actor.name, "kind": actor.kind}
        if actor.country:
            entry["country"] = actor.country
        # An organisation's alias is the acronym the report gives it; a person's, a
        # known person written otherwise.
        spellings = actor.aliases if actor.kind == "person" else []
        if actor.aliases and not spellings:
            entry["aliases"] = actor.aliases
        entry |= {"role": actor.role, "source": source_id}
        builder.add("actors", entry, found, note=_known_note(actor, spellings))
    for found in concessions:
        builder.add("concessions", _concession_entry(found.value, source_id), found,
                    note="its description is the report's sentence, whole: write it in your own words")
    remaining = fields.remaining_prisoners(reading)
    as_of = date.value if date else published_text
    if remaining and (code or remaining.value[2]) and as_of:
        count, approximate, where = remaining.value
        entry = {"country": code or where, "as_of": as_of, "count": count}
        if approximate:
            entry["approximate"] = True
        builder.add("prisoner_counts", {**entry, "source": source_id}, remaining,
                    note="" if date else "as of the publication date")
    source = {"id": source_id}
    for key, value in (("title", title or _headline(reading, report, glossed)), ("publisher", _publisher(url)),
                       ("url", url), ("published", published_text)):
        if value:
            source[key] = value
    builder.add("sources", source, None)
    evidence = builder.evidence
    if glossed:  # the evidence points at the report's own words
        evidence = {path: Evidence(glossed.original(item.start), glossed.original(item.end), item.low, item.note)
                    if item.start >= 0 else item for path, item in evidence.items()}
    draft = Draft(builder.event, evidence, report,
                  [name for name in _REQUIRED_PLACEHOLDERS if builder.event.get(name) is None])
    _drop_swaps_without_holder(draft)
    _drop_what_does_not_validate(draft)
    return draft


def fit_to_database(draft: Draft, conn: sqlite3.Connection) -> list[str]:
    """Propose an id no event of the database has, and name the events of the same
    releasing state around the draft's date, which the report may be one more source of.
    Returns what it tells the reviewer (also at the head of the draft)."""
    proposed, state = draft.release.get("id"), draft.release.get("releasing_state")
    date = draft.release.get("date")
    notices = []
    if proposed:
        free = free_id(conn, proposed)
        if free != proposed:
            draft.release["id"] = free
            notice = f"id {proposed} is taken in the database; proposed the next free one, {free}"
            draft.evidence["id"] = Evidence(-1, -1, "", notice)
            notices.append(notice)
    if state and date:
        for event in nearby_events(conn, state, date):
            notices.append(
                f"the database has {event.id} ({event.date}): {event.title!r}, released by the "
                f"same state within {NEARBY_DAYS} days; if this report tells of that release, "
                f"add it to {event.id}'s sources instead of ingesting a new event"
            )
    draft.notices += notices
    return notices


def _known_note(found, spellings: list[str]) -> str:
    """A known record is named as the database knows it: ingest refuses a spelling it
    does not have (a reference never changes a record), so the report's is only noted."""
    if found.new:
        return "new: not in the database"
    if spellings:
        written = ", ".join(repr(spelling) for spelling in spellings)
        return (f"written {written} in the report; to keep that spelling, add it to the "
                "registry entry and ingest that with --update")
    return ""


class _Builder:
    """Puts values into the event in the order of the format, noting their evidence."""

    def __init__(self, reading: Reading):
        self.reading = reading
        self.event: dict = {}
        self.evidence: dict[str, Evidence] = {}

    def _note(self, path: str, found: Found | None, note: str) -> None:
        if found is not None:
            sentence = found.sentence
            self.evidence[path] = Evidence(sentence.start, sentence.end, found.low, note)
        elif note:
            self.evidence[path] = Evidence(-1, -1, "", note)

    def put(self, name: str, value, found: Found | None, note: str = "") -> None:
        self.event[name] = value
        self._note(name, found, note)

    def put_count(self, name: str, found: Found | None) -> None:
        count, lower_bound = found.value if found else (None, False)
        self.put(name, count, found)
        if lower_bound:
            self.event[f"{name}_lower_bound"] = True

    def add(self, section: str, entry: dict, found: Found | None, note: str = "") -> None:
        entries = self.event.setdefault(section, [])
        self._note(f"{section}[{len(entries)}]", found, note)
        entries.append(entry)


def _foreign_from_breakdown(total: Found | None, breakdown: list[Found], releasing) -> Found | None:
    """When the breakdown accounts for every one freed, the foreigners can be counted;
    not without the releasing state, which decides who is foreign."""
    if not total or total.value[1] or not breakdown or releasing is None:
        return None
    counts = [found.value for found in breakdown]
    if sum(count for _, count in counts) != total.value[0]:
        return None
    foreign = sum(count for country, count in counts if country != releasing)
    return Found((foreign, False), breakdown[0].sentence,
                 "counted from the nationality breakdown, which accounts for all freed")


def _title(code: str | None, total: Found | None, freed: list[Found]) -> str:
    state = country_name(code) if code else "A state"
    if total and total.value[0] > 1:
        what = f"{'more than ' if total.value[1] else ''}{total.value[0]} prisoners"
    elif len(freed) == 1:
        what = freed[0].value.name
    else:
        what = "prisoners"
    names = [found.value.name for found in freed[:2]]
    among = f", among them {' and '.join(names)}" if names and what != names[0] else ""
    return f"{state} frees {what}{among}"


def _event_type(reading: Reading, concessions: list[Found]) -> str:
    if any(found.value.kind == ConcessionKind.prisoner_exchange.value for found in concessions):
        return EventType.exchange.value
    verbs = [verb.group().lower() for facts in reading.main for verb in RELEASE_VERB.finditer(facts.release_part)]
    if any(verb.startswith("pardon") or "clemency" in verb for verb in verbs):
        return EventType.pardon.value  # the report says how they were freed: by pardon
    return EventType.release.value


def _status(reading: Reading) -> str:
    verbs = [
        (facts.release_part, verb) for facts in reading.main
        for verb in RELEASE_VERB.finditer(facts.release_part)
    ]
    future = [
        verb for part, verb in verbs
        if re.search(r"\b(?:will|would|to|agreed to|is set to|plans to)\s+(?:\w+\s+)?$",
                     part[:verb.start()], re.I) or verb.group().lower().split()[0] in {"will", "would", "to"}
    ]
    if verbs and len(future) == len(verbs):
        return EventStatus.announced.value
    return EventStatus.released.value


def _concession_entry(draft: fields.ConcessionDraft, source_id: str) -> dict:
    entry = {"kind": draft.kind}
    if draft.granted_by:
        entry["granted_by"] = draft.granted_by
    if draft.beneficiary:
        entry["beneficiary"] = draft.beneficiary
    entry |= {"description": draft.description, "status": draft.status}
    if draft.disputed:
        entry |= {"disputed": True, "dispute": draft.dispute}
    entry["source"] = source_id
    return entry


def _headline(reading: Reading, report: str, glossed: Glossed | None) -> str | None:
    """The report's headline as written (not as glossed into English)."""
    sentence = next((facts.sentence for facts in reading.sentences if facts.sentence.headline), None)
    if sentence is None:
        return None
    if glossed is None:
        return sentence.text
    return report[glossed.original(sentence.start):glossed.original(sentence.end)].strip()


def _publisher(url: str | None) -> str | None:
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _source_id(url: str | None, title: str | None) -> str:
    """"kyivindependent-belarus-frees-52": the site and the first words of the title."""
    publisher = _publisher(url)
    site = publisher.rsplit(".", 1)[0].replace(".", "-") if publisher else ""
    words = slugify(title).split("-")[:4] if title else []
    if not words and url:
        words = slugify(urlparse(url).path).split("-")[-4:]
    return "-".join(part for part in [slugify(site) if site else "", *words] if part and part != "unnamed") \
        or "article"


def _release_field(draft: Draft, loc: tuple) -> tuple:
    """The field of the release behind a problem of the event file (its nearest origin)."""
    origins = draft._upgraded()[1]
    while loc:
        if loc in origins:
            return origins[loc]
        loc = loc[:-1]
    return ()


def _drop_entry(draft: Draft, section: str, index: int, message: str) -> None:
    """One entry of a section left out, the evidence of those after it renumbered."""
    dropped = draft.release[section].pop(index)
    if not draft.release[section]:
        del draft.release[section]
    entries = {key: value for key, value in draft.evidence.items()
               if key.startswith(f"{section}[")}
    for key in entries:
        del draft.evidence[key]
    for key, value in entries.items():
        number = int(key[len(section) + 1:].split("]")[0])
        if number != index:
            draft.evidence[f"{section}[{number - (number > index)}]"] = value
    note = f"left out ({message}): {dropped}"
    earlier = draft.evidence.get(section)
    draft.evidence[section] = Evidence(-1, -1, "", f"{earlier.note}; {note}" if earlier else note)


def _drop_swaps_without_holder(draft: Draft) -> None:
    """Prisoners freed in return are a transfer, which needs who freed them: when the
    report does not say, the draft leaves them out and tells the reviewer."""
    for index in reversed(range(len(draft.release.get("concessions") or []))):
        concession = draft.release["concessions"][index]
        if concession["kind"] == ConcessionKind.prisoner_exchange.value and not concession.get("granted_by"):
            _drop_entry(draft, "concessions", index,
                        "prisoners freed in return, but the report does not say who freed "
                        "them; add them as a transfer with `from`")


def _drop_what_does_not_validate(draft: Draft) -> None:
    """A value that breaks a check across fields (a breakdown larger than the total)
    is left out, and the reviewer is told why, so that the draft always validates."""
    for _ in range(20):
        problems = draft.problems()
        if not problems:
            return
        loc, message = problems[0]
        origin = _release_field(draft, tuple(loc))
        section = origin[0] if origin else ""
        if section == "concessions" and len(origin) > 1:
            # A concession (or a swap's other side, which becomes a transfer) alone.
            _drop_entry(draft, section, origin[1], message)
        elif section in {"nationalities", "people", "actors", "concessions", "prisoner_counts"}:
            dropped = draft.release.pop(section)
            draft.evidence[section] = Evidence(-1, -1, "", f"left out ({message}): {dropped}")
        elif section in draft.release and section not in _REQUIRED_PLACEHOLDERS:
            draft.evidence[section] = Evidence(-1, -1, "", f"left out ({message})")
            draft.release[section] = None
        else:
            raise AssertionError(f"the draft does not validate: {loc}: {message}")


# ---------------------------------------------------------------- YAML


def _comment(draft: Draft, path: str) -> str | None:
    evidence = draft.evidence.get(path)
    if evidence is None:
        return None
    parts = []
    if evidence.start >= 0:
        sentence = re.sub(r"\s+", " ", draft.text[evidence.start:evidence.end]).strip()
        if len(sentence) <= 70:
            parts.append(f"chars {evidence.start}-{evidence.end}: “{sentence}”")
        else:  # never a cut value: the words the sentence begins with, said to be so
            opening = sentence[:70].rsplit(" ", 1)[0]
            parts.append(f"chars {evidence.start}-{evidence.end}, the sentence beginning “{opening}”")
    if evidence.low:
        parts.append(f"LOW CONFIDENCE: {evidence.low}")
    if evidence.note:
        parts.append(evidence.note)
    return "; ".join(parts)


def _node(draft: Draft, value, path: tuple, origins: dict):
    """A value of the event file as YAML, with the evidence of each field as a comment
    (`origins`: the field of the release each field of the event file came from)."""
    def origin(at: tuple) -> str | None:
        return format_path(origins[at]) if at in origins else None

    if isinstance(value, list):
        sequence = CommentedSeq()
        for index, entry in enumerate(value):
            sequence.append(_node(draft, entry, path + (index,), origins))
            origin_path = origin(path + (index,))
            comment = _comment(draft, origin_path) if origin_path else None
            if comment and isinstance(entry, dict) and entry:
                first = next(iter(entry))
                if first not in sequence[index].ca.items:  # its own comment says more
                    sequence[index].yaml_add_eol_comment(comment, first)
        return sequence
    if not isinstance(value, dict):
        return value
    mapping = CommentedMap()
    for key, item in value.items():
        mapping[key] = _node(draft, item, path + (key,), origins)
        if isinstance(item, list):
            continue
        origin_path = origin(path + (key,))
        comment = _comment(draft, origin_path) if origin_path and not isinstance(item, dict) else None
        if item is None:
            fill = format_path(path + (key,)) in draft.missing_paths
            comment = "; ".join(
                ["FILL IN: required" if fill else "not stated in the report"]
                + ([comment] if comment else [])
            )
        if comment:
            mapping.yaml_add_eol_comment(comment, key)
    return mapping


def render_yaml(draft: Draft, article: str) -> str:
    event, origins = draft._upgraded()
    document = _node(draft, {name: event[name] for name in FIELD_ORDER if name in event},
                     (), origins)
    header = [
        f"Draft event read from {article} by `tracker extract`.",
        "Review every value against the report, correct it, then `tracker validate` and",
        "`tracker ingest` it. Comments give the characters of the sentence each value",
        "came from; LOW CONFIDENCE marks a value to check with care. How many of those",
        "freed are political prisoners (transfers[0].political) is for you to say.",
    ]
    for section, evidence in draft.evidence.items():
        if "[" not in section and "left out" in evidence.note:
            header.append(f"{section}: {evidence.note}")
    header += draft.notices
    if draft.missing:
        header.append("To fill before it validates: " + ", ".join(draft.missing_paths) + ".")
    document.yaml_set_start_comment("\n".join(header))
    yaml = YAML()
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def write_draft(path: str | Path, text: str) -> None:
    """Write the draft whole or not at all: a temporary file beside it, then a rename.

    Never over a database (OverwritesDatabase).
    """
    path = Path(path)
    refuse_to_overwrite_database(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
