#!/usr/bin/env python3
"""Generate N realistic synthetic release events in the ingest format (NDJSON).

Deterministic for a given seed: partial dates, several nationalities, people shared
across events (one event in WITHHELD_EVERY also frees a withheld person), actors with
roles, concessions, claims, statements, remaining-prisoner counts and sources. For
benchmarks and tests; never for the curated dataset.

    python scripts/generate.py 10000 -o events.ndjson [--seed 1] [--names names.local.yml]
"""

import argparse
import json
import random
import sys

RELEASING = ["BY", "RU", "IR", "VE", "CN", "MM", "NI", "CU", "EG", "SY", "TM", "AZ"]
RECEIVING = ["LT", "US", "DE", "PL", "QA", "TR", "AE", "UA", "VA", "ES", "CH", None]
NATIONALITIES = ["US", "GB", "FR", "DE", "PL", "LT", "LV", "EE", "UA", "JP", "SE", "NO",
                 "CA", "AU", "NL", "IT", "ES", "IL", "IN", "KR"]
TYPES = ["release", "pardon", "exchange", "amnesty", "deportation"]
ROLES = ["mediator", "delegation_head", "envoy", "facilitator", "negotiating_party",
         "receiving_state", "guarantor", "host"]
MEDIATOR_STATES = ["QA", "TR", "AE", "CH", "VA", "OM", "SA", "NO", "HU", "US"]
CONCESSION_KINDS = ["sanctions_relief", "prisoner_exchange", "financial", "diplomatic", "other"]
CONCESSION_STATUSES = ["announced", "implemented", "promised", "reported", "denied"]
STANCES = ["welcomed", "criticised", "denied", "confirmed", "announced", "called_for"]
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


def generate_events(count: int, seed: int = 1):
    """Yield `count` event documents; the same seed always gives the same events."""
    rng = random.Random(seed)
    people = _person_pool(rng, max(50, count // 2))
    for number in range(count):
        year = rng.randint(2000, 2025)
        releasing = rng.choice(RELEASING)
        date = _date(rng, year)
        event_id = f"{releasing.lower()}-{date}-g{number}"
        source_ids = [f"gen-{number}-{k}" for k in range(rng.randint(1, 3))]
        sources = [
            {
                "id": source_id,
                "title": f"Report {k} on release {number}: \"freed\", at last, in {releasing}",
                "publisher": rng.choice(PUBLISHERS),
                "url": f"https://example.org/{number}/{k}?a=1&b=2",
                "published": date if rng.random() < 0.7 else None,
            }
            for k, source_id in enumerate(source_ids)
        ]
        nationalities = []
        for country in rng.sample(NATIONALITIES, rng.randint(0, 5)):
            count_value = rng.randint(1, 9) if rng.random() < 0.9 else None
            nationalities.append({"country": country, "count": count_value,
                                  "source": rng.choice(source_ids)})
        foreign = sum(n["count"] or 0 for n in nationalities)
        total = None if rng.random() < 0.1 else foreign + rng.randint(0, 60)
        lower_bound = total is not None and rng.random() < 0.05
        chosen_people = rng.sample(people, rng.randint(0, 4))
        if number % WITHHELD_EVERY == 0:
            chosen_people = [*chosen_people, {"id": f"gen-{number}-withheld",
                                              "name": "Name withheld", "withheld": True}]
        mediator = rng.choice(MEDIATOR_STATES)
        actors = [
            {"name": mediator, "kind": "state", "country": mediator, "role": "mediator",
             "description": "Brokered the deal", "source": source_ids[0]},
            {"name": rng.choice(ENVOYS), "kind": "person", "country": "US",
             "role": rng.choice(ROLES[1:3]), "source": rng.choice(source_ids)},
        ]
        if rng.random() < 0.4:
            actors.append({"name": f"Organisation {rng.randint(1, 200)}", "kind": "organisation",
                           "role": rng.choice(ROLES), "source": rng.choice(source_ids)})
        concessions = [
            {
                "kind": rng.choice(CONCESSION_KINDS),
                "granted_by": rng.choice(["US", "DE", mediator]),
                "beneficiary": releasing,
                "description": f"Concession {k}, worth ${rng.randint(1, 900)} million;\nsee notes",
                "status": rng.choice(CONCESSION_STATUSES),
                "disputed": rng.random() < 0.1,
                "source": rng.choice(source_ids),
            }
            for k in range(rng.randint(0, 2))
        ]
        statements = [
            {"by": rng.choice([mediator, releasing, "US"]),
             "gist": f"Said something about release {number}, with \"quotes\", and commas",
             "stance": rng.choice(STANCES), "source": rng.choice(source_ids)}
            for _ in range(rng.randint(0, 2))
        ]
        claims = []
        if total is not None and rng.random() < 0.2:
            claims = [
                {"field": "total_released", "value": str(total), "source": source_ids[0],
                 "chosen": True},
                {"field": "total_released", "value": str(total + rng.randint(1, 5)),
                 "source": source_ids[-1], "note": "A later report gives a higher figure"},
            ]
        counts = []
        if rng.random() < 0.3:
            counts.append({"country": releasing, "as_of": date, "count": rng.randint(100, 5000),
                           "approximate": rng.random() < 0.5, "source": source_ids[0]})
        yield {
            "id": event_id,
            "title": f"{releasing} frees {total if total is not None else 'an unknown number of'} prisoners",
            "summary": f"Synthetic event {number}.",
            "type": rng.choice(TYPES),
            "status": "released",
            "date": date,
            "releasing_state": releasing,
            "receiving_state": rng.choice(RECEIVING),
            "total_released": total,
            "total_released_lower_bound": lower_bound,
            "foreign_nationals": foreign if nationalities and rng.random() < 0.8 else None,
            "nationalities": nationalities,
            "people": chosen_people,
            "actors": actors,
            "concessions": concessions,
            "statements": statements,
            "claims": claims,
            "prisoner_counts": counts,
            "sources": sources,
        }


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
