"""Generated events full of awkward values, for round-trip and data-package tests.

Each event is valid on its own; a batch may still be refused when the database knows
two of its entries as one person or actor, which the tests then skip.

Unicode names, quotes, commas, spreadsheet formulas and YAML look-alikes in text, line
breaks and bidirectional controls in prose (`AWKWARD_PROSE`); null beside
0 in counts; partial dates; lower bounds; people and actors spelled differently across
events; actors referred to by name, by country and inline.
"""

import operator

from hypothesis import strategies as st

from tracker.schema.models import (
    ActorKind,
    ActorRole,
    ClaimField,
    ConcessionKind,
    ConcessionStatus,
    EventStatus,
    EventType,
    Stance,
)
from tracker.reference.names import fold

# Text that any field takes (a title, a name): one line, shown as it is.
AWKWARD_LINES = [
    "Łukasz Żółć-Ŝmith",
    'O\'Brien, "Jr."',
    "comma, separated, values",
    "  padded both sides  ",
    'a "quoted" word',
    "back\\slash",
    "null",
    "~",
    "yes",
    "No",
    "1e3",
    "0",
    "007",
    "2025-09-11",
    "- looks like a list",
    "# looks like a comment",
    "key: value",
    "{not: a mapping}",
    "[not, a, list]",
    "&anchor *alias !tag",
    "<<",
    "=HYPERLINK(\"https://example.org\")",
    "+1", "-1", "@SUM(A1)",
    "😀 emoji and ZWJ 👩\u200d👩\u200d👧",
    "עברית ومرحبا",
    "Дмитрий Иванов",
    "李明",
    "e\u0301 combining",
    "\ufeffbyte order mark",
    "soft\u00adhyphen",
    "'",
    '"',
    ",",
]
# Text that prose takes besides (a summary, a note): tabs, line breaks of every kind and
# the bidirectional controls of right-to-left writing.
AWKWARD_PROSE = [
    "line one\nline two",
    "windows\r\nline end",
    "lone\rreturn",
    "tab\tinside",
    "\ttab first",
    "\rreturn first",
    "line\u2028separator",
    "paragraph\u2029separator",
    "\u202bמוטבע\u202c embedded",
    "isolated \u2067עברית\u2069 word",
    "trailing line break\n",
]
AWKWARD_TEXT = AWKWARD_LINES + AWKWARD_PROSE
COUNTRIES = ["BY", "LT", "US", "DE", "PL", "RU", "VE", "IR", "GB", "FR", "TR", "QA", "RS"]
COUNTRY_SPELLINGS = ["Lithuanians", "Briton", "Belarus", "United States", "DEU", "Poles"]
PEOPLE = [
    ["Syarhei Tsikhanouski", "SYARHEI tsikhanouski", "Tsikhaouski"],
    ["Ihar Losik", "Igor Losik"],
    ["Ivars Šumass", "Ivars Sumass"],
    ['Anna "Anya" O\'Neil, Jr.'],
    ["Дмитрий Иванов", "Dmitry Ivanov"],
]
# Some states share a country or are no known country; some names are another's alias.
STATES = ["United States", "Türkiye", "Qatar", "Serbia", "Kosovo Republic", "Vatican City"]
ACTORS = [
    ["John Coale", "John Cole"],
    ["Keith Kellogg"],
    ["Kellogg Foundation", "Keith Kellogg"],
    ["Belavia", "BELAVIA"],
    ["Comité, \"International\" Red Cross"],
    ["Holy See mediators"],
]

# A visible character first: text of spaces alone is refused, as it would read as empty.
_VISIBLE = st.characters(whitelist_categories=("L", "N", "P", "S"))
line_text = st.one_of(
    st.sampled_from(AWKWARD_LINES),
    st.builds(operator.add, _VISIBLE, st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
            blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
        ),
        max_size=24,
    )),
)
prose_text = st.one_of(
    line_text,
    st.sampled_from(AWKWARD_PROSE),
    st.builds(operator.add, _VISIBLE, st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r"),
        max_size=24,
    )),
)
maybe_line = st.none() | line_text
maybe_prose = st.none() | prose_text
count = st.none() | st.integers(min_value=0, max_value=60)


@st.composite
def partial_dates(draw) -> str:
    year = draw(st.integers(min_value=1950, max_value=2030))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return f"{year:04d}"
    month = draw(st.integers(min_value=1, max_value=12))
    if precision == "month":
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{draw(st.integers(min_value=1, max_value=28)):02d}"


def _enum(kind):
    return st.sampled_from([member.value for member in kind])


@st.composite
def source_pools(draw) -> list[dict]:
    """Sources shared by the events of one batch, each described once."""
    return [
        {
            "id": f"source-{index}",
            "title": draw(maybe_line),
            "publisher": draw(maybe_line),
            "url": draw(st.none() | st.sampled_from(
                ["https://example.org/a?b=1,2&c=\"d\"", "https://пример.рф/新闻"]
            )),
            "published": draw(st.none() | partial_dates()),
            "note": draw(maybe_prose),
        }
        for index in range(draw(st.integers(min_value=1, max_value=3)))
    ]


def _unique_by_fold(entries: list[dict], key) -> list[dict]:
    seen, kept = set(), []
    for entry in entries:
        keys = key(entry)
        if not keys & seen:
            kept.append(entry)
            seen |= keys
    return kept


@st.composite
def _person(draw, source) -> dict:
    spellings = draw(st.sampled_from(PEOPLE))
    name = draw(st.sampled_from(spellings))
    return {
        "name": name,
        "aliases": [spelling for spelling in spellings if fold(spelling) != fold(name)],
        "nationalities": draw(st.lists(st.sampled_from(COUNTRIES), max_size=2, unique=True)),
        "note": draw(maybe_prose),
        "source": draw(source),
    }


@st.composite
def _actor(draw, source) -> dict:
    kind = draw(_enum(ActorKind))
    if kind == "state":
        name = draw(st.sampled_from(STATES))
        aliases = []
        # A known state's country follows from its name; "Kosovo Republic" is no known
        # country, and may later be given Serbia's, which another state actor has.
        country = draw(st.none() | st.just("RS")) if name == "Kosovo Republic" else None
    else:
        spellings = draw(st.sampled_from(ACTORS))
        name = spellings[0]
        aliases = spellings[1:]
        country = draw(st.none() | st.sampled_from(COUNTRIES))
    return {
        "name": name,
        "kind": kind,
        "country": country,
        "aliases": aliases,
        "role": draw(_enum(ActorRole)),
        "description": draw(maybe_prose),
        "source": draw(source),
    }


@st.composite
def _reference(draw, actors: list[dict]):
    choices = [st.none(), st.sampled_from(COUNTRIES + COUNTRY_SPELLINGS)]
    if actors:
        choices.append(st.sampled_from([actor["name"] for actor in actors]))
    choices.append(st.builds(
        lambda name, kind, country: {"name": name, "kind": kind, "country": country},
        st.sampled_from(["Belavia", "Keith Kellogg", "Anna Lindh Fund, \"Ltd\"", "Łódź Group"]),
        st.sampled_from(["organisation", "person"]),
        st.none() | st.sampled_from(COUNTRIES),
    ))
    return draw(st.one_of(*choices))


@st.composite
def events(draw, index: int, pool: list[dict]) -> dict:
    sources = draw(st.lists(
        st.sampled_from(pool), min_size=1, max_size=len(pool), unique_by=lambda s: s["id"]
    ))
    ids = [source["id"] for source in sources]
    source = st.none() | st.sampled_from(ids)
    required_source = st.sampled_from(ids)
    releasing = draw(st.sampled_from(COUNTRIES))

    nationalities = [
        {
            "country": country,
            "count": draw(count),
            "count_lower_bound": draw(st.booleans()),
            "source": draw(source),
        }
        for country in draw(st.lists(st.sampled_from(COUNTRIES), max_size=4, unique=True))
    ]
    known = sum(entry["count"] or 0 for entry in nationalities)
    foreign_known = sum(
        entry["count"] or 0 for entry in nationalities if entry["country"] != releasing
    )
    foreign = draw(st.none() | st.integers(min_value=foreign_known, max_value=foreign_known + 5))
    total = draw(st.none() | st.integers(
        min_value=max(known, foreign or 0), max_value=max(known, foreign or 0) + 5
    ))

    people = _unique_by_fold(
        draw(st.lists(_person(source), max_size=3)),
        lambda person: {fold(name) for name in (person["name"], *person["aliases"])},
    )
    actors = _unique_by_fold(
        draw(st.lists(_actor(source), max_size=4)),
        lambda actor: {
            (actor["kind"], actor["role"], fold(name))
            for name in (actor["name"], *actor["aliases"])
        } | {(actor["role"], fold(actor["name"]))},
    )
    reference = _reference(actors)
    return {
        "id": f"xx-{index:03d}",
        "title": draw(line_text),
        "summary": draw(maybe_prose),
        "type": draw(_enum(EventType)),
        "status": draw(_enum(EventStatus)),
        "track": draw(st.none() | st.sampled_from(["track-a", "us-belarus-2025"])),
        "date": draw(partial_dates()),
        "releasing_state": releasing,
        "receiving_state": draw(st.none() | st.sampled_from(COUNTRIES)),
        "total_released": total,
        "total_released_lower_bound": draw(st.booleans()),
        "foreign_nationals": foreign,
        "foreign_nationals_lower_bound": draw(st.booleans()),
        "notes": draw(maybe_prose),
        "nationalities": nationalities,
        "people": people,
        "actors": actors,
        "concessions": [
            {
                "kind": draw(_enum(ConcessionKind)),
                "granted_by": draw(reference),
                "beneficiary": draw(reference),
                "description": draw(prose_text),
                "status": draw(_enum(ConcessionStatus)),
                "disputed": draw(st.booleans()),
                "dispute": draw(maybe_prose),
                "source": draw(source),
            }
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ],
        "statements": [
            {
                "by": draw(reference),
                "gist": draw(prose_text),
                "platform": draw(maybe_line),
                "stance": draw(_enum(Stance)),
                "date": draw(st.none() | partial_dates()),
                "source": draw(source),
            }
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ],
        "claims": [
            {
                "field": draw(_enum(ClaimField)),
                "value": draw(line_text | st.integers(min_value=0, max_value=5000).map(str)),
                "source": draw(required_source),
                "chosen": draw(st.booleans()),
                "note": draw(maybe_prose),
            }
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ],
        "prisoner_counts": [
            {
                "country": draw(st.sampled_from(COUNTRIES)),
                "as_of": draw(partial_dates()),
                "count": draw(st.integers(min_value=0, max_value=5000)),
                "approximate": draw(st.booleans()),
                "according_to": draw(reference),
                "attribution": draw(maybe_line),
                "source": draw(required_source),
            }
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ],
        "sources": sources,
    }


@st.composite
def batches(draw, max_events: int = 4) -> list[list[dict]]:
    """Events to ingest one batch after another, so that later ones meet earlier names."""
    pool = draw(source_pools())
    size = draw(st.integers(min_value=1, max_value=max_events))
    generated = [draw(events(index, pool)) for index in range(size)]
    cut = draw(st.integers(min_value=1, max_value=size))
    return [batch for batch in (generated[:cut], generated[cut:]) if batch]
