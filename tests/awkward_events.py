"""Generated format-2 events full of awkward values, for round-trip and data-package tests.

Each event is valid on its own, and the records it declares agree with what other events
declare (a person or actor is always declared with the same spellings, a source with the
same description), so that a batch is accepted whatever the order.

Unicode names, quotes, commas, spreadsheet formulas and YAML look-alikes in text, line
breaks and bidirectional controls in prose (`AWKWARD_PROSE`); swaps and
three-way deals (several transfers, non-state holders); counts in every form (exact,
about, at least, at most, ranges, mappings with a best estimate) beside unknown ones;
null beside 0; partial dates over several dated steps; several sources per fact; claims
about typed facts; concessions given by several parties and disputed by a statement;
steps of a larger deal (`part_of`); people and actors named by any of their spellings.
"""

import operator

from hypothesis import strategies as st

from tracker.schema.models import (
    ActorRole, ConcessionKind, ConcessionStatus, EventType, Stance, Status, TransferHow,
)

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
    "about 52",
    "at least 3",
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
# Each person with every spelling the sources use and their nationalities: declared the
# same way wherever they are named (any spelling first).
PEOPLE = [
    (["Syarhei Tsikhanouski", "Tsikhaouski"], ["BY"]),
    (["Ihar Losik", "Igor Losik"], []),
    (["Ivars Šumass", "Ivars Sumass"], ["LV"]),
    (['Anna "Anya" O\'Neil, Jr.'], ["US", "GB"]),
    (["Дмитрий Иванов", "Dmitry Ivanov"], ["RU"]),
]
STATES = ["United States", "Türkiye", "Qatar", "Serbia", "Vatican City"]
# Non-state actors, with their kind, spellings and country.
ACTORS = [
    ("person", ["John Coale", "John Cole"], "US"),
    ("person", ["Keith Kellogg"], "US"),
    ("organisation", ["Kellogg Foundation"], None),
    ("organisation", ["Belavia", "BELAVIA"], "BY"),
    ("organisation", ["Comité, \"International\" Red Cross"], "CH"),
    ("person", ["Holy See mediators"], None),
]
HOLDERS = [{"name": "Armed Group \"North\"", "kind": "organisation"},
           {"name": "Łódź Group", "kind": "organisation", "country": "PL"}]

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


@st.composite
def partial_dates(draw, year=None) -> str:
    year = draw(st.integers(min_value=1950, max_value=2030)) if year is None else year
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
def counts(draw, at_least: int = 0):
    """A count in any written form whose highest possible value is `at_least` or more."""
    low = draw(st.integers(min_value=0, max_value=40))
    figure = max(low, at_least)
    high = figure + draw(st.integers(min_value=1, max_value=30))
    return draw(st.sampled_from([
        figure,
        f"about {figure}",
        f"at least {low}",
        f"at most {figure}",
        f"{min(low, figure)}-{high}",
        {"low": min(low, figure), "best": figure, "high": high},
        {"low": min(low, figure), "best": figure},
        {"best": figure, "approximate": True},
    ]))


@st.composite
def source_pools(draw) -> list[dict]:
    """Sources shared by the events of one batch, each described once."""
    sources = []
    for index in range(draw(st.integers(min_value=1, max_value=3))):
        source = {"id": f"source-{index}"}
        for key, value in (
            ("title", draw(maybe_line)),
            ("publisher", draw(maybe_line)),
            ("url", draw(st.none() | st.sampled_from(
                ["https://example.org/a?b=1,2&c=\"d\"", "https://пример.рф/新闻"]))),
            ("published", draw(st.none() | partial_dates())),
            ("language", draw(st.none() | st.sampled_from(["en", "ru", "lt"]))),
            ("note", draw(maybe_prose)),
        ):
            if value is not None:
                source[key] = value
        sources.append(source)
    return sources


def _unique(entries: list, key) -> list:
    seen, kept = set(), []
    for entry in entries:
        if key(entry) not in seen:
            kept.append(entry)
            seen.add(key(entry))
    return kept


@st.composite
def _person(draw, cite) -> dict:
    spellings, nationalities = draw(st.sampled_from(PEOPLE))
    name = draw(st.sampled_from(spellings))
    # Declared in full wherever named, by any of the spellings first: a record takes the
    # spellings of its first declaration, and later ones must agree with it.
    person = {"name": name}
    aliases = [spelling for spelling in spellings if spelling != name]
    if aliases:
        person["aliases"] = aliases
    if nationalities:
        person["nationalities"] = nationalities
    note = draw(maybe_prose)
    if note is not None:
        person["note"] = note
    return cite(person)


def _state(name: str) -> dict:
    return {"name": name, "kind": "state"}


@st.composite
def _actor_declaration(draw) -> dict:
    if draw(st.booleans()):
        return _state(draw(st.sampled_from(STATES)))
    kind, spellings, country = draw(st.sampled_from(ACTORS))
    declaration = {"name": spellings[0], "kind": kind}
    if country:
        declaration["country"] = country
    if spellings[1:]:
        declaration["aliases"] = spellings[1:]
    return declaration


@st.composite
def _actor(draw, cite) -> dict:
    actor = draw(_actor_declaration()) | {"role": draw(_enum(ActorRole))}
    description = draw(maybe_prose)
    if description is not None:
        actor["description"] = description
    return cite(actor)


@st.composite
def _reference(draw, actors: list[dict]):
    choices = [st.sampled_from(COUNTRIES + COUNTRY_SPELLINGS), _actor_declaration()]
    if actors:
        choices.append(st.sampled_from([actor["name"] for actor in actors]))
    return draw(st.one_of(*choices))


@st.composite
def _transfer(draw, cite, people_pool) -> dict:
    transfer = {}
    holder = draw(st.sampled_from(COUNTRIES + [None]))
    if holder is None:
        transfer["held_by"] = draw(st.sampled_from(HOLDERS))
    else:
        transfer["from"] = holder
    how = draw(_enum(TransferHow))
    transfer["how"] = how
    if how != "stayed" and draw(st.booleans()):
        transfer["to"] = draw(st.sampled_from(COUNTRIES))
    transfer["status"] = draw(_enum(Status))
    if draw(st.booleans()):
        transfer["date"] = draw(partial_dates())
    nationalities = []
    for country in draw(st.lists(st.sampled_from(COUNTRIES), max_size=3, unique=True)):
        entry = {"country": country}
        if draw(st.booleans()):
            entry["count"] = draw(st.integers(min_value=0, max_value=9))
        nationalities.append(cite(entry))
    known = sum(entry.get("count", 0) for entry in nationalities)
    foreign_known = sum(entry.get("count", 0) for entry in nationalities
                        if entry["country"] != holder)
    if draw(st.booleans()):
        # Counts that say nothing impossible: the breakdown fits them.
        foreign = foreign_known + draw(st.integers(min_value=0, max_value=5))
        transfer["count"] = draw(counts(at_least=max(known, foreign)))
        if draw(st.booleans()) and holder is not None:
            transfer["foreign"] = foreign
        political = draw(st.sampled_from(["all", "none", "some"]))
        if political == "all":
            transfer["political"] = "all"
        elif political == "some":
            transfer["political"] = draw(st.integers(min_value=0, max_value=known))
    if nationalities:
        transfer["nationalities"] = nationalities
    people = people_pool.pop(0) if people_pool else []
    if people:
        transfer["people"] = people
    note = draw(maybe_prose)
    if note is not None:
        transfer["note"] = note
    return cite(transfer)


@st.composite
def events(draw, index: int, pool: list[dict], earlier: list[str]) -> dict:
    sources = draw(st.lists(
        st.sampled_from(pool), min_size=1, max_size=len(pool), unique_by=lambda s: s["id"]
    ))
    ids = [source["id"] for source in sources]

    def cite(entry: dict) -> dict:
        """Every fact cites one or several of the event's sources (it may leave them out
        when the event has only one)."""
        if len(ids) > 1 or draw(st.booleans()):
            entry["sources"] = draw(st.lists(st.sampled_from(ids), min_size=1,
                                             max_size=len(ids), unique=True))
        return entry

    year = draw(st.integers(min_value=1950, max_value=2030))
    steps = draw(st.lists(st.sampled_from(["decided", "announced", "released", "arrived"]),
                          min_size=1, max_size=3, unique=True))
    # One year for every step: partial dates of one year never contradict each other.
    dates = [cite({"step": step, "date": draw(partial_dates(year))}) for step in steps]
    chronology = ["decided", "released", "arrived"]
    dated = {entry["step"]: entry for entry in dates}
    for earlier_step, later_step in zip(chronology, chronology[1:]):
        if earlier_step in dated and later_step in dated:
            dated[later_step]["date"] = dated[earlier_step]["date"]
    people = _unique(
        draw(st.lists(_person(cite), max_size=3)),
        lambda person: next(spellings[0] for spellings, _ in PEOPLE if person["name"] in spellings),
    )
    transfer_count = draw(st.integers(min_value=1, max_value=3))
    people_pool = [people] + [[] for _ in range(transfer_count - 1)]
    transfers = [draw(_transfer(cite, people_pool)) for _ in range(transfer_count)]
    actors = _unique(draw(st.lists(_actor(cite), max_size=4)),
                     lambda actor: (actor["name"], actor["kind"], actor["role"]))
    reference = _reference(actors)
    statements = []
    for position in range(draw(st.integers(min_value=0, max_value=2))):
        statement = {"key": f"said-{position}"} if draw(st.booleans()) else {}
        statement |= {"by": draw(reference), "gist": draw(prose_text), "stance": draw(_enum(Stance))}
        platform, date = draw(maybe_line), draw(st.none() | partial_dates())
        if platform is not None:
            statement["platform"] = platform
        if date is not None:
            statement["date"] = date
        statements.append(cite(statement))
    keys = [statement["key"] for statement in statements if "key" in statement]
    concessions = []
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        concession = {
            "kind": draw(_enum(ConcessionKind)),
            "granted_by": draw(st.lists(reference, min_size=1, max_size=2)),
            "beneficiaries": draw(st.lists(reference, max_size=2)),
            "description": draw(prose_text),
            "status": draw(_enum(ConcessionStatus)),
        }
        disputes = []
        if keys and draw(st.booleans()):
            disputes.append({"statement": draw(st.sampled_from(keys))})
        if draw(st.booleans()):
            disputes.append({"source": draw(st.sampled_from(ids))})
        if disputes:
            concession["disputed_by"] = disputes
        elif draw(st.booleans()):
            concession["disputed"] = True
        dispute = draw(maybe_prose)
        if dispute is not None:
            concession["dispute"] = dispute
        concessions.append(cite(concession))
    prisoner_counts = []
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        figure = {"country": draw(st.sampled_from(COUNTRIES)), "as_of": draw(partial_dates()),
                  "count": draw(counts())}
        if draw(st.booleans()):
            figure["according_to"] = draw(reference)
        attribution = draw(maybe_line)
        if attribution is not None:
            figure["attribution"] = attribution
        prisoner_counts.append(cite(figure))
    claims = []
    first = transfers[0]
    about = draw(st.sampled_from(["other", "transfers[0].count", "transfers[0].status",
                                  f"dates.{steps[0]}", "freed"]))
    for position in range(draw(st.integers(min_value=0, max_value=2))):
        claim = {"about": about}
        if about == "other":
            claim["value"] = draw(line_text | st.integers(min_value=0, max_value=5000).map(str))
        elif about == "transfers[0].status":
            claim["value"] = draw(_enum(Status))
        elif about.startswith("dates."):
            claim["value"] = dated[steps[0]]["date"] if position == 0 else draw(partial_dates())
        else:
            claim["value"] = draw(counts())
        # The first claim about a typed fact may be the value the event shows.
        shows = {"transfers[0].count": first.get("count"), "transfers[0].status": first["status"],
                 f"dates.{steps[0]}": dated[steps[0]]["date"]}
        if position == 0 and about in shows and shows[about] is not None and draw(st.booleans()):
            claim |= {"value": shows[about], "chosen": True, "reason": draw(prose_text)}
        elif draw(st.booleans()):
            claim["reason"] = draw(prose_text)
        claims.append(cite(claim))
    event = {
        "format": 2,
        "id": f"xx-{index:03d}",
        "title": draw(line_text),
        "type": draw(_enum(EventType)),
        "dates": dates,
        "transfers": transfers,
    }
    for key, value in (("summary", draw(maybe_prose)), ("notes", draw(maybe_prose)),
                       ("track", draw(st.none() | st.sampled_from(["track-a", "us-belarus-2025"])))):
        if value is not None:
            event[key] = value
    if earlier and draw(st.integers(min_value=0, max_value=4)) == 0:
        event["part_of"] = draw(st.sampled_from(earlier))
    for key, value in (("actors", actors), ("concessions", concessions),
                       ("statements", statements), ("prisoner_counts", prisoner_counts),
                       ("claims", claims)):
        if value:
            event[key] = value
    event["sources"] = sources
    return event


@st.composite
def batches(draw, max_events: int = 4) -> list[list[dict]]:
    """Events to ingest one batch after another, so that later ones meet earlier names."""
    pool = draw(source_pools())
    size = draw(st.integers(min_value=1, max_value=max_events))
    generated, top_level = [], []
    for index in range(size):
        event = draw(events(index, pool, top_level))
        generated.append(event)
        if "part_of" not in event:
            top_level.append(event["id"])
    cut = draw(st.integers(min_value=1, max_value=size))
    return [batch for batch in (generated[:cut], generated[cut:]) if batch]
