#!/usr/bin/env python3
"""Expected events of real reports, from the researchers' notes, for tests/extract/real/.

    .venv/bin/python scripts/real_reports.py draw --set held_out --seed 12 [--per-group 9]
    .venv/bin/python scripts/real_reports.py draw --set tuned --seed 13 [--per-group 0] [--into DIR]
    .venv/bin/python scripts/real_reports.py tuned SOURCE_ID [SOURCE_ID ...]

The notes (NOTES, default /work/research/notes) hold, per report, what that report says
(`says:`), written by researchers who never read the extractor. Each file written here
turns one report's `says:` into a format-2 event (`expected:`), nothing else: the
extractor's output is never looked at.

`draw` draws reports at random with the seed given, spread evenly over the three
groups of the notes (Belarus, international deals, other releases) and, in each group,
two English reports for each non-English one, one report per event. It draws only among
reports whose text is in REPORTS (default $TRACKER_REPORTS), whose address is not
reserved (../shared/reserved-urls.txt), that the notes file under one event only, that
data/ and tests/extract/cases/ do not cite already (the extractor was tuned on those),
and that have no file in tests/extract/real/ yet. --per-group 0 takes every such report
(a pool to tune on, written with --into outside the repository).
"""

import argparse
import datetime as dt
import os
import random
import re
import sys
from pathlib import Path

from ruamel.yaml import YAML
from text_to_num import alpha2digit

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "extract" / "real"
RESERVED = ROOT.parent / "shared" / "reserved-urls.txt"

# Roles of a party to the deal, as format 2 names them; the notes' other roles
# (monitor, rights_group, spokesperson, official, announced, lawyer, advocate, other)
# describe people who reported or commented on a release, not actors of it.
DEAL_ROLES = {
    "mediator", "delegation_head", "envoy", "facilitator", "negotiating_party",
    "receiving_state", "releasing_authority", "host", "guarantor", "requester", "transit",
}
ROLE_SYNONYMS = {"requesting_party": "requester", "proposer": "requester"}
DATE_STEPS = ("decided", "announced", "released", "arrived")

COUNT = re.compile(
    r"""^\s*(?:(?P<qualifier>about|around|approximately|nearly|almost|some|roughly|over
              |more\ than|at\ least|at\ most|up\ to|fewer\ than|less\ than)\s+)?
        (?P<low>\d[\d,]*)(?:\s*[-–]\s*(?P<high>\d[\d,]*))?\b""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_count(text):
    """A format-2 count from the notes' wording ("1,409", "at least 10", "more than 50"),
    or None for no count ("some", "dozens", "unclear")."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text
    match = COUNT.match(alpha2digit(str(text), "en"))
    if match is None:
        return None
    low = int(match["low"].replace(",", ""))
    if match["high"]:
        return f"{low}-{int(match['high'].replace(',', ''))}"
    qualifier = (match["qualifier"] or "").lower()
    if qualifier in ("more than", "over"):
        return f"at least {low + 1}"
    if qualifier == "at least":
        return f"at least {low}"
    if qualifier in ("fewer than", "less than"):
        return f"at most {low - 1}"
    if qualifier in ("at most", "up to"):
        return f"at most {low}"
    if qualifier:
        return f"about {low}"
    return low


def _transfer(said: dict) -> dict:
    transfer = {}
    for field in ("from", "held_by", "to", "how", "status"):
        if said.get(field):
            transfer[field] = said[field]
    if said.get("how") == "stayed":  # format 2 leaves `to` out when they stayed (the notes may repeat `from`)
        transfer.pop("to", None)
    for field in ("count", "foreign"):
        count = parse_count(said.get(field))
        if count is not None:
            transfer[field] = count
    political = said.get("political")
    if str(political).strip().lower() == "all":
        transfer["political"] = "all"
    elif parse_count(political) is not None:
        transfer["political"] = parse_count(political)
    nationalities = [
        {"country": country, **({"count": parse_count(count)} if parse_count(count) is not None else {})}
        for country, count in (said.get("nationalities") or {}).items()
    ]
    if nationalities:
        transfer["nationalities"] = nationalities
    people = [{"name": person["name"]} for person in said.get("people") or [] if person.get("name")]
    if people:
        transfer["people"] = people
    return transfer


def _actor(said: dict) -> dict | None:
    role = ROLE_SYNONYMS.get(said.get("role"), said.get("role"))
    if role not in DEAL_ROLES:
        return None
    actor = {"name": said["name"], "kind": said.get("kind") or "person"}
    if said.get("country"):
        actor["country"] = said["country"]
    actor["role"] = role
    return actor


def _concession(said: dict) -> dict:
    return {key: said[key] for key in ("kind", "granted_by", "beneficiaries", "description", "status")
            if said.get(key)}


def _prisoner_count(said: dict) -> dict | None:
    count = parse_count(said.get("count"))
    if count is None or not said.get("country") or not said.get("as_of"):
        return None
    entry = {"country": said["country"], "as_of": said["as_of"], "count": count}
    if said.get("according_to"):
        entry["attribution"] = str(said["according_to"])
    return entry


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def resolve_date(value, published):
    """A date of the notes as format 2 takes it: a day, month or year as written; a weekday
    ("Thursday") or "today" resolved against the report's publication day (the day it names
    on or before it); anything else (a description) is no date."""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().lower()
    if re.fullmatch(r"\d{4}(-\d\d){0,2}", text):
        return text
    if not isinstance(published, dt.date):
        return None
    if text == "today":
        return published
    if text in WEEKDAYS:
        return published - dt.timedelta(days=(published.weekday() - WEEKDAYS.index(text)) % 7)
    return None


def expected_event(notes: dict, source: dict) -> dict:
    """The format-2 event that one report's `says:` block states."""
    says = source.get("says") or {}
    event = {"format": 2, "id": notes["event"], "type": notes.get("kind") or "release"}
    dates = []
    for step in DATE_STEPS:
        value = (says.get("dates") or {}).get(step)
        date = resolve_date(value.get("date") if isinstance(value, dict) else value, source.get("published"))
        if date:
            dates.append({"step": step, "date": date})
    if dates:
        event["dates"] = dates
    event["transfers"] = [_transfer(said) for said in says.get("transfers") or []]
    if "actors" in says:  # left out when the notes name no one: not looked at, not "none"
        event["actors"] = [actor for actor in map(_actor, says.get("actors") or []) if actor]
    concessions = [_concession(said) for said in says.get("concessions") or []]
    if concessions:
        event["concessions"] = concessions
    counts = [entry for entry in map(_prisoner_count, says.get("remaining_prisoners") or []) if entry]
    if counts:
        event["prisoner_counts"] = counts
    event["sources"] = [{key: source[key] for key in ("id", "url", "publisher", "title", "published", "language")
                         if source.get(key)}]
    return event


def real_file(notes: dict, source: dict, set_name: str) -> dict:
    document = {"report": source["id"], "url": source["url"]}
    if source.get("title"):
        document["title"] = source["title"]
    for key in ("published", "language"):
        if source.get(key):
            document[key] = source[key]
    document.update({"set": set_name, "event": notes["event"], "expected": expected_event(notes, source)})
    return document


def load_notes(folder: Path) -> list[dict]:
    yaml = YAML(typ="safe")
    return [yaml.load(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yml"))]


def group_of(event_id: str, folder: Path) -> str:
    if event_id.startswith("by-"):
        return "belarus"
    if f"| {event_id} |" in (folder / "INDEX-international.md").read_text(encoding="utf-8"):
        return "international"
    return "other"


def cited_urls() -> set[str]:
    """Addresses that data/ and the written cases already cite."""
    found = set()
    for path in [*(ROOT / "data").rglob("*.yml"), *(ROOT / "tests/extract/cases").glob("*.yml")]:
        found.update(re.findall(r"https?://\S+", path.read_text(encoding="utf-8")))
    return {url.rstrip("/") for url in found}


def candidates(notes_folder: Path, reports: Path) -> list[tuple[str, dict, dict]]:
    reserved = {line.strip().rstrip("/") for line in RESERVED.read_text().splitlines() if line.strip()}
    used = cited_urls() | reserved
    taken = {path.stem for path in REAL.glob("*.yml")}
    every = [(notes, source) for notes in load_notes(notes_folder) for source in notes.get("sources") or []]
    events_per_source: dict[str, set] = {}
    for notes, source in every:
        events_per_source.setdefault(source["id"], set()).add(notes["event"])
    return [
        (group_of(notes["event"], notes_folder), notes, source)
        for notes, source in every
        if (reports / f"{source['id']}.txt").exists()
        and source["url"].rstrip("/") not in used
        and len(events_per_source[source["id"]]) == 1
        and source["id"] not in taken
        and (source.get("says") or {}).get("transfers")
    ]


def draw(pool, seed: int, per_group: int) -> list[tuple[dict, dict]]:
    if per_group == 0:
        return [(notes, source) for _, notes, source in pool]
    chooser = random.Random(seed)
    chosen = []
    for group in ("belarus", "international", "other"):
        in_group = sorted((entry for entry in pool if entry[0] == group), key=lambda entry: entry[2]["id"])
        chooser.shuffle(in_group)
        events, english, other = set(), [], []
        non_english_wanted = per_group // 3
        for _, notes, source in in_group:
            if notes["event"] in events:
                continue
            bucket = english if source.get("language") == "en" else other
            limit = per_group - non_english_wanted if bucket is english else non_english_wanted
            if len(bucket) < limit:
                bucket.append((notes, source))
                events.add(notes["event"])
        chosen += english + other
    return chosen


def write(document: dict, folder: Path) -> Path:
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda data: True
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{document['report']}.yml"
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(document, handle)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=Path, default=Path("/work/research/notes"))
    parser.add_argument("--reports", type=Path, default=os.environ.get("TRACKER_REPORTS"))
    parser.add_argument("--into", type=Path, default=REAL, help="where to write (default: tests/extract/real)")
    commands = parser.add_subparsers(dest="command", required=True)
    drawn = commands.add_parser("draw", help="draw reports at random")
    drawn.add_argument("--set", dest="set_name", choices=["held_out", "tuned"], required=True)
    drawn.add_argument("--seed", type=int, required=True)
    drawn.add_argument("--per-group", type=int, default=9)
    tuned = commands.add_parser("tuned", help="write tuned files for the reports named")
    tuned.add_argument("source_ids", nargs="+")
    args = parser.parse_args()
    if args.command == "draw":
        if args.reports is None:
            sys.exit("give --reports DIR or set TRACKER_REPORTS")
        pool = candidates(args.notes, args.reports)
        for notes, source in draw(pool, args.seed, args.per_group):
            print(write(real_file(notes, source, args.set_name), args.into))
        return
    by_id = {source["id"]: (notes, source) for notes in load_notes(args.notes) for source in notes.get("sources") or []}
    for source_id in args.source_ids:
        if source_id not in by_id:
            sys.exit(f"{source_id}: no such report in {args.notes}")
        print(write(real_file(*by_id[source_id], "tuned"), args.into))


if __name__ == "__main__":
    main()
