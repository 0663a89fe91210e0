#!/usr/bin/env python3
"""Generate N realistic synthetic release events in the ingest format (format 2, NDJSON).

Deterministic for a given seed: dated steps at partial dates, swaps (a transfer each
way), counts with their uncertainty ("about 40", "at least 12", "20-30", unknown),
political prisoners among those freed, several nationalities, people shared across
events (one event in WITHHELD_EVERY also frees a withheld person), actors with roles, concessions granted by several parties and disputed by a
statement, claims, remaining-prisoner counts, and several sources per event with each
fact citing one or two of them. For benchmarks and tests; never for the curated
dataset.

    python scripts/generate.py 10000 -o events.ndjson [--seed 1] [--names names.local.yml]
"""

import argparse
import json
import random
import sys

from tracker.reference.countries import country_name

RELEASING = ["BY", "RU", "IR", "VE", "CN", "MM", "NI", "CU", "EG", "SY", "TM", "AZ"]
RECEIVING = ["LT", "US", "DE", "PL", "QA", "TR", "AE", "UA", "VA", "ES", "CH", None]
NATIONALITIES = ["US", "GB", "FR", "DE", "PL", "LT", "LV", "EE", "UA", "JP", "SE", "NO",
                 "CA", "AU", "NL", "IT", "ES", "IL", "IN", "KR"]
TYPES = ["release", "pardon", "exchange", "amnesty", "deportation"]
ROLES = ["mediator", "delegation_head", "envoy", "facilitator", "negotiating_party",
         "receiving_state", "guarantor", "host"]
MEDIATOR_STATES = ["QA", "TR", "AE", "CH", "VA", "OM", "SA", "NO", "HU", "US"]
CONCESSION_KINDS = ["sanctions_relief", "delisting", "funds_or_assets", "diplomatic",
                    "visas_or_travel", "trade", "legal", "other"]
CONCESSION_STATUSES = ["announced", "implemented", "promised", "reported", "denied"]
STANCES = ["welcomed", "criticised", "confirmed", "announced", "called_for", "thanked"]
# Statuses of a transfer, as often as the news tells of them.
STATUSES = {"carried_out": 90, "announced": 5, "partly_carried_out": 3, "reversed": 2}
FIRST = ["Ales", "Maria", "Ihar", "Syarhei", "Alena", "Andrei", "Pavel", "Irina", "Mikalai",
         "Evan", "Paul", "Ksenia", "Marc", "Elena", "Ivars", "Emīls", "Zoë", "José", "Nasrin",
         "Narges", "Ahmad", "Li", "Aung", "Oksana", "Dmitri", "Yulia", "Félix", "Ngozi"]
LAST = ["Bialiatski", "Kolesnikova", "Losik", "Tsikhanouski", "Maushuk", "Kuznechyk",
        "Statkevich", "Gershkovich", "Whelan", "Karelina", "Fogel", "Šumass", "Asars",
        "O'Brien", "Nguyễn", "Mohammadi", "Sotoudeh", "Suu", "Navalnaya", "Kovalenko",
        "García", "Müller", "Kowalski", "Jankauskas", "Bērziņš", "Tamm", "Okafor"]
PUBLISHERS = ["rferl.org", "aljazeera.com", "kyivindependent.com", "dw.com", "apnews.com",
              "reuters.com", "bbc.co.uk", "lrt.lt", "meduza.io", "euronews.com"]
ENVOYS = ["John Coale", "Keith Kellogg", "Steve Witkoff", "Chris Smith", "Roger Carstens",
          "Claudio Gugerotti", "Adam Boehler"]


def _date(rng: random.Random, year: int) -> str:
    precision = rng.choices(["day", "month", "year"], weights=[85, 12, 3])[0]
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    if precision == "year":
        return f"{year}"
    if precision == "month":
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}"


def _count(rng: random.Random, best: int):
    """A count as the news gives it: mostly exact, else about, at least, a range, unknown."""
    shape = rng.choices(["exact", "about", "at least", "range", "unknown"],
                        weights=[70, 10, 8, 5, 7])[0]
    if shape == "exact":
        return best
    if shape == "about":
        return f"about {best}"
    if shape == "at least":
        return f"at least {best}"
    if shape == "range":
        return f"{best}-{best + rng.randint(1, 20)}"
    return None


def _person_pool(rng: random.Random, size: int) -> list[dict]:
    people = []
    for index in range(size):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {index}"
        person = {"name": name}
        if rng.random() < 0.2:
            person["aliases"] = [name.replace(" ", "  ", 1).replace("i", "y", 1) + "'"]
        if rng.random() < 0.3:
            person["nationalities"] = rng.sample(NATIONALITIES, rng.randint(1, 2))
        people.append(person)
    return people


WITHHELD_EVERY = 20
# A second surname made from the event's number keeps each withheld name apart, in
# letters, as names are written ("Ales Bialiatski Lomika").
SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze"]


def withheld_names(count: int) -> dict[str, str]:
    """The names file for `count` generated events: each withheld person's id and name."""
    return {
        f"gen-{number}-withheld": f"{FIRST[number % len(FIRST)]} {LAST[number % len(LAST)]} "
        + "".join(SYLLABLES[int(digit)] for digit in str(number)).capitalize()
        for number in range(0, count, WITHHELD_EVERY)
    }


def _state(code: str, role: str, description: str | None = None) -> dict:
    actor = {"name": country_name(code), "kind": "state", "country": code, "role": role}
    if description:
        actor["description"] = description
    return actor


def _main_transfer(rng, releasing, receiving, status, nationalities, total, people, cite):
    foreign_counts = [entry["count"] for entry in nationalities if entry.get("count") is not None]
    transfer = {"from": releasing}
    if receiving:
        transfer.update({"to": receiving, "how": "handed_over"})
    else:
        transfer["how"] = rng.choice(["stayed", "expelled", "unknown"])
    transfer.update({"status": status, "count": total})
    if isinstance(total, int) and rng.random() < 0.6:
        transfer["political"] = "all" if rng.random() < 0.5 else rng.randint(0, total)
    elif rng.random() < 0.3:
        transfer["political"] = "all"
    if foreign_counts and rng.random() < 0.8:
        exact = all(isinstance(count, int) for count in foreign_counts)
        known = sum(count if isinstance(count, int) else int(count.split()[-1])
                    for count in foreign_counts)
        transfer["foreign"] = known if exact else f"at least {known}"
    transfer["nationalities"] = nationalities
    transfer["people"] = people
    return cite(transfer)


def generate_events(count: int, seed: int = 1):
    """Yield `count` event documents; the same seed always gives the same events."""
    rng = random.Random(seed)
    people = _person_pool(rng, max(50, count // 2))
    for number in range(count):
        year = rng.randint(2000, 2025)
        releasing = rng.choice(RELEASING)
        receiving = rng.choice(RECEIVING)
        date = _date(rng, year)
        event_type = rng.choice(TYPES)
        status = rng.choices(list(STATUSES), weights=list(STATUSES.values()))[0]
        event_id = f"{releasing.lower()}-{date}-g{number}"
        source_ids = [f"gen-{number}-{k}" for k in range(rng.randint(1, 3))]
        sources = []
        for k, source_id in enumerate(source_ids):
            source = {
                "id": source_id,
                "title": f"Report {k} on release {number}: \"freed\", at last, in {releasing}",
                "publisher": rng.choice(PUBLISHERS),
                "url": f"https://example.org/{number}/{k}?a=1&b=2",
            }
            if rng.random() < 0.7:
                source["published"] = date
            sources.append(source)

        def cite(entry: dict) -> dict:
            """One or two of the event's sources; none named when it has only one."""
            if len(source_ids) > 1 or rng.random() < 0.3:
                entry["sources"] = rng.sample(source_ids, rng.randint(1, min(2, len(source_ids))))
            return entry

        nationalities = []
        for country in rng.sample(NATIONALITIES, rng.randint(0, 5)):
            entry = {"country": country}
            roll = rng.random()
            if roll < 0.85:
                entry["count"] = rng.randint(1, 9)
            elif roll < 0.9:
                entry["count"] = f"about {rng.randint(2, 9)}"
            nationalities.append(cite(entry))
        known = sum(entry["count"] if isinstance(entry.get("count"), int)
                    else int(entry["count"].split()[-1]) if "count" in entry else 0
                    for entry in nationalities)
        total = _count(rng, known + rng.randint(0, 60))
        freed = [cite(dict(person)) for person in rng.sample(people, rng.randint(0, 4))]
        if number % WITHHELD_EVERY == 0:
            freed.append(cite({"id": f"gen-{number}-withheld", "withheld": True}))
        transfers = [_main_transfer(rng, releasing, receiving, status, nationalities, total,
                                    freed, cite)]
        if event_type == "exchange":
            # The other side of the swap: the receiving state (or the mediator) frees
            # nationals of the state that freed the first.
            giver = receiving or "US"
            returned = rng.randint(1, 8)
            other_side = {"from": giver, "to": releasing, "how": "handed_over",
                          "status": status, "count": _count(rng, returned)}
            if rng.random() < 0.3:
                other_side["political"] = rng.choice([0, "all"])
            other_side["nationalities"] = [cite({"country": releasing, "count": returned})]
            transfers.append(cite(other_side))
        released_step = "announced" if status == "announced" else "released"
        dates = [cite({"step": released_step, "date": date})]
        for step in ("decided", "announced") if released_step == "released" else ("decided",):
            if rng.random() < 0.25:
                dates.append(cite({"step": step, "date": date}))
        mediator = rng.choice(MEDIATOR_STATES)
        actors = [
            cite(_state(mediator, "mediator", "Brokered the deal")),
            cite({"name": rng.choice(ENVOYS), "kind": "person", "country": "US",
                  "role": rng.choice(ROLES[1:3])}),
        ]
        if rng.random() < 0.4:
            actors.append(cite({"name": f"Organisation {rng.randint(1, 200)}",
                                "kind": "organisation", "role": rng.choice(ROLES)}))
        statements = []
        for k in range(rng.randint(0, 2)):
            statement = {"by": rng.choice([mediator, releasing, "US"]),
                         "gist": f"Said something about release {number}, with \"quotes\", and commas",
                         "stance": rng.choice(STANCES)}
            if rng.random() < 0.5:
                statement = {"key": f"statement-{k}", **statement}
            statements.append(cite(statement))
        denials = [s for s in statements if "key" in s]
        concessions = []
        for k in range(rng.randint(0, 2)):
            granting = rng.sample(["US", "DE", "LT", mediator], rng.randint(1, 2))
            concession = {
                "kind": rng.choice(CONCESSION_KINDS),
                "granted_by": granting[0] if len(granting) == 1 else granting,
                "beneficiaries": releasing if rng.random() < 0.8 else [releasing, {"name": "Belavia", "kind": "organisation", "country": "BY"}],
                "description": f"Concession {k}, worth ${rng.randint(1, 900)} million;\nsee notes",
                "status": rng.choice(CONCESSION_STATUSES),
            }
            if denials and rng.random() < 0.3:
                concession["disputed_by"] = [{"statement": denials[0]["key"]}]
                concession["dispute"] = "One party denies that it was part of the deal"
            elif rng.random() < 0.05:
                concession["disputed"] = True
            concessions.append(cite(concession))
        claims = []
        if isinstance(total, int) and rng.random() < 0.2:
            claims = [
                {"about": "transfers[0].count", "value": total, "sources": source_ids[:1],
                 "chosen": True, "reason": "Given by most reports"},
                {"about": "transfers[0].count", "value": total + rng.randint(1, 5),
                 "sources": source_ids[-1:], "reason": "A later report gives a higher figure"},
            ]
        counts = []
        if rng.random() < 0.3:
            remaining = rng.randint(100, 5000)
            counts.append(cite({"country": releasing, "as_of": date,
                                "count": f"about {remaining}" if rng.random() < 0.5 else remaining}))
        shown = total if total is not None else "an unknown number of"
        event = {
            "format": 2,
            "id": event_id,
            "title": f"{releasing} frees {shown} prisoners",
            "summary": f"Synthetic event {number}.",
            "type": event_type,
            "dates": dates,
            "transfers": transfers,
            "actors": actors,
            "concessions": concessions,
            "statements": statements,
            "claims": claims,
            "prisoner_counts": counts,
            "sources": sources,
        }
        yield {key: value for key, value in event.items() if value != []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, help="how many events")
    parser.add_argument("-o", "--output", help="NDJSON file (default: stdout)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--names", help="also write the withheld people's names file here")
    args = parser.parse_args()
    if args.names:
        with open(args.names, "w", encoding="utf-8") as names:
            for person_id, name in withheld_names(args.count).items():
                names.write(f"{person_id}: {name}\n")
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    with out:
        for event in generate_events(args.count, args.seed):
            out.write(json.dumps(event, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
