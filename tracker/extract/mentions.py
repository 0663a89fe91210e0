"""States and names mentioned in a sentence, found by their form and the reference data."""

import re
from dataclasses import dataclass

from ..reference.countries import lookup_place, subdivision_state
from .numbers import is_number_word

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w’'.-]*[^\W_])?")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Capitalised words that start sentences or name things other than people.
_NOT_NAMES = set(MONTHS + WEEKDAYS) | {
    "a", "an", "the", "in", "on", "at", "of", "for", "and", "but", "or", "as", "after",
    "among", "under", "it", "its", "his", "her", "their", "they", "he", "she", "we", "this",
    "that", "these", "those", "there", "since", "while", "when", "with", "from", "by", "to",
    "moreover", "also", "all", "both", "three", "two", "one", "five", "nine", "of",
    "republican", "democrat", "western", "west", "east", "european", "cold", "war",
    "no", "not", "last", "earlier", "later", "until", "according", "however",
}
# Words before a name that say what a person is; they are not part of the name.
TITLES = {
    "president", "prime", "minister", "secretary", "state", "deputy", "assistant",
    "special", "envoy", "cardinal", "metropolitan", "crown", "prince", "leader",
    "foreign", "affairs", "for", "european", "former", "vice", "chief", "head", "general",
    "mr", "mrs", "ms", "dr", "sen", "gen", "ambassador", "marine", "nobel", "peace",
    "prize", "laureate", "opposition", "journalist", "reporter", "businessman", "pope",
    "sister", "father", "archbishop", "bishop", "king", "queen", "sheikh", "emir",
    "presidential", "middle", "east", "supreme", "new", "strongman", "authoritarian", "sultan",
    "senator", "congressman", "congresswoman", "rabbi", "imam", "fr", "citizen", "director",
    "chairman", "spokesman", "spokeswoman", "commissioner",
}
ORGANISATION_WORDS = {
    "department", "organization", "organisation", "ministry", "agency", "service",
    "house", "journal", "europe", "centre", "center", "committee", "council", "union",
    "airline", "airlines", "group", "bank", "court", "party", "office", "navy", "army",
    "press", "times", "post", "news", "radio", "corporation", "company", "institute",
    "foundation", "university", "church", "kremlin", "nato", "prison", "colony", "bureau",
    "network", "fund", "association", "watch", "international", "federation", "media",
    "television", "tv", "newspaper", "magazine", "channel",
}
_PARTICLES = {"bin", "ibn", "al", "de", "da", "di", "van", "von", "der", "la", "le", "dos"}
# "Abdel Fattah el-Sisi", "Bashar al-Assad": a particle joined to the surname
_JOINED_PARTICLE = re.compile(r"(?:el|al|ad|ar|as|an|ash|at|az|bin|ben|abu|ibn)-[A-Z][\w’'-]*")
_ROMAN = re.compile(r"^[IVXLC]+$")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def bare(self) -> str:
        return _POSSESSIVE.sub("", self.text)

    @property
    def possessive(self) -> bool:
        return bool(_POSSESSIVE.search(self.text))

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    code: str
    kind: str  # name, demonym, capital or region
    possessive: bool


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    text: str
    kind: str  # person, organisation or unknown (a single word: a surname or a brand)
    title: str  # the words before the name that say who the person is


def tokens(text: str) -> list[Token]:
    return [Token(match.start(), match.end(), match.group()) for match in _TOKEN.finditer(text)]


def _split_hyphens(items: list[Token]) -> list[Token]:
    """"US-brokered", "US-Russian": for states each part counts."""
    parts = []
    for token in items:
        if "-" in token.text and token.text[:1].isupper():
            offset = token.start
            for part in token.text.split("-"):
                if part:
                    parts.append(Token(offset, offset + len(part), part))
                offset += len(part) + 1
        else:
            parts.append(token)
    return parts


def find_places(text: str) -> list[Place]:
    """States named by name, demonym or capital, longest match first."""
    items = _split_hyphens(tokens(text))
    places = []
    index = 0
    while index < len(items):
        found = None
        if items[index].capitalised:
            for size in range(min(4, len(items) - index), 0, -1):
                last = items[index + size - 1]
                if not last.capitalised:
                    continue
                phrase = text[items[index].start:last.start] + last.bare
                place = lookup_place(phrase)
                if place:
                    found = (size, place, last)
                    break
        if found:
            size, (code, kind), last = found
            following = items[index + size] if index + size < len(items) else None
            # "Victoria Nuland", "Jordan Smith": a capital or state before a capitalised
            # word that is no place is the start of a person's name.
            starts_name = (
                kind in {"capital", "name"} and following is not None and following.capitalised
                and lookup_place(following.bare) is None and not last.possessive
                and following.start - last.end == 1 and following.bare.lower() not in TITLES
                and following.bare.lower() not in ORGANISATION_WORDS
            )
            if not starts_name:
                places.append(Place(items[index].start, last.end, code, kind, last.possessive))
            index += size
        else:
            index += 1
    return places


def find_regions(text: str) -> list[Place]:
    """Regions of a state named by their one- or two-word name ("Texas", "New Mexico"), as
    places of kind "region" standing for their state."""
    items = tokens(text)
    regions = []
    for index, token in enumerate(items):
        if not token.capitalised:
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        for last in ([following] if following and following.capitalised and following.start - token.end == 1 else []) + [token]:
            code = subdivision_state(text[token.start:last.start] + last.bare)
            if code:
                regions.append(Place(token.start, last.end, code, "region", last.possessive))
                break
    return regions


def _is_name_word(token: Token) -> bool:
    return token.capitalised and token.bare.lower() not in _NOT_NAMES and not is_number_word(token.bare)


def find_names(text: str) -> list[Name]:
    """Runs of capitalised words that name a person or an organisation.

    Titles and states before a person's name are cut off ("US special envoy Keith
    Kellogg" -> "Keith Kellogg", title "US special envoy"); an organisation keeps them
    ("US State Department").
    """
    items = tokens(text)
    names = []
    index = 0
    while index < len(items):
        if not _is_name_word(items[index]):
            index += 1
            continue
        run = [items[index]]
        last = index
        while last + 1 < len(items):
            following = items[last + 1]
            gap = text[items[last].end:following.start]
            initial = gap == ". " and len(run) > 1 and re.fullmatch(r"[A-Z]", run[-1].text)  # "Christopher W. Smith"
            if run[-1].possessive or gap != " " and not initial:
                break
            if _is_name_word(following) or _ROMAN.match(following.text) or _JOINED_PARTICLE.fullmatch(following.text) or (
                following.text in _PARTICLES and last + 2 < len(items)
                and items[last + 2].capitalised
            ):
                run.append(following)
                last += 1
            else:
                break
        names += _names_in_run(text, run, items, index)
        index = last + 1
    return names


def _names_in_run(text: str, run: list[Token], items: list[Token], index: int) -> list[Name]:
    lowered = [token.bare.lower() for token in run]
    if any(word in ORGANISATION_WORDS for word in lowered):
        start = 0
        while start < len(run) - 1 and lowered[start] in TITLES:
            start += 1
        name_text = text[run[start].start:run[-1].start] + run[-1].bare
        return [Name(run[start].start, run[start].start + len(name_text), name_text, "organisation", "")]
    start = 0
    # "US special envoy", "CIA Director": titles, states and an agency's initials before a title
    while start < len(run) and (
        lowered[start] in TITLES or lookup_place(run[start].bare) is not None
        or (re.fullmatch(r"[A-Z]{2,}", run[start].bare) and start + 1 < len(run) and lowered[start + 1] in TITLES)
    ):
        start += 1
    rest = run[start:]
    if not rest or lookup_place(text[rest[0].start:rest[-1].start] + rest[-1].bare):
        return []
    if len(rest) == 1 and re.search(r"-[a-z]|-[A-Z][a-z]+-", rest[0].text) or any(
        lookup_place(part) for part in rest[0].bare.split("-")
    ) and len(rest) == 1:
        return []
    if re.search(r"\b(?:a|an)\s+$", text[:rest[0].start], re.I):
        return []  # "a Los Angeles public defender": a person's name takes no article
    title_start = items[max(0, index - 4)].start if index else run[0].start
    title = text[title_start:rest[0].start].strip()
    name_text = text[rest[0].start:rest[-1].start] + rest[-1].bare
    kind = "person" if len(rest) >= 2 else "unknown"
    return [Name(rest[0].start, rest[0].start + len(name_text), name_text, kind, title)]
