"""Country reference data and the normalisation of country names, codes and demonyms.

The ISO 3166-1 list (codes, names) and the ISO 3166-2 subdivisions come from `pycountry`; demonyms, alternative
spellings and capitals from `countryinfo`; the few noun forms neither package has
("Briton", "Poles", "Swede") from the shipped `reference/demonym_nouns.csv`, and the
few short names it lacks ("Britain") from `reference/country_names.csv`.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import pycountry
from countryinfo import CountryInfo
from countryinfo.exceptions import CountryNotFoundError

ACCEPTED = (
    "accepted: an ISO 3166-1 alpha-2 or alpha-3 code (LT, LTU), an English country "
    "name (Lithuania) or a demonym (Lithuanian, Lithuanians, Briton)"
)

_PERSON_SUFFIXES = ("nationals", "national", "citizens", "citizen")
# In English the nationality comes last in a diaspora compound: an "Iranian American"
# is a US citizen of Iranian origin.
_DIASPORA = re.compile(r"^[a-z]+ (americans?)$")
# Codes that prose uses as names; the others collide with English words (IN, IT, TO, ME).
PROSE_ABBREVIATIONS = {"US": "US", "USA": "US", "UK": "GB", "UAE": "AE"}


@dataclass(frozen=True)
class CountryRecord:
    code: str
    alpha3: str
    name: str
    official_name: str | None
    demonym: str | None


class UnknownCountry(ValueError):
    def __init__(self, value, reason: str = "is not a known country, code or demonym"):
        self.value = value
        super().__init__(f"{value!r} {reason}; {ACCEPTED}")


def _fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used for matching."""
    text = re.sub(r"\b(?:[A-Z]\.){2,}", lambda match: match.group().replace(".", ""), text)
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.sub(r"[^0-9a-z]+", " ", bare.casefold()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _countryinfo(code: str) -> dict:
    try:
        return CountryInfo(code).info()
    except (CountryNotFoundError, KeyError, ValueError):
        return {}


@cache
def all_countries() -> tuple[CountryRecord, ...]:
    records = []
    for country in pycountry.countries:
        info = _countryinfo(country.alpha_2)
        records.append(
            CountryRecord(
                code=country.alpha_2,
                alpha3=country.alpha_3,
                name=getattr(country, "common_name", None) or country.name,
                official_name=getattr(country, "official_name", None),
                demonym=info.get("demonym") or None,
            )
        )
    return tuple(sorted(records, key=lambda record: record.code))


def _reference_rows(name: str, column: str) -> list[tuple[str, str]]:
    text = resources.files("tracker").joinpath(f"reference/{name}").read_text(
        encoding="utf-8"
    )
    return [(row[column], row["code"]) for row in csv.DictReader(text.splitlines())]


def _demonym_nouns() -> list[tuple[str, str]]:
    return _reference_rows("demonym_nouns.csv", "noun")


def _plural(word: str) -> str:
    if word.endswith(("ese", "s", "x", "ch", "sh")):
        return word
    return word + "s"


def _noun_plural(noun: str) -> str:
    return noun[:-3] + "men" if noun.endswith("man") else _plural(noun)


@cache
def _index() -> tuple[dict[str, str], dict[str, set[str]]]:
    """Codes, ISO names and the shipped nouns win over alternative spellings and demonyms.

    A demonym that the package gives for several countries ("Dominican") stays
    ambiguous unless the shipped file says which state it means ("French").
    """
    exact: dict[str, str] = {}
    loose: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for name in (
            country.alpha_2,
            country.alpha_3,
            country.name,
            getattr(country, "official_name", None),
            getattr(country, "common_name", None),
        ):
            if name:
                exact.setdefault(_fold(name), country.alpha_2)
    for record in all_countries():
        info = _countryinfo(record.code)
        terms = [info.get("name"), *(info.get("altSpellings") or [])]
        if record.demonym:
            terms += [record.demonym, _plural(record.demonym)]
        for term in filter(None, map(_fold, filter(None, terms))):
            loose.setdefault(term, set()).add(record.code)
    for noun, code in _demonym_nouns():
        for term in (noun, _noun_plural(noun)):
            exact.setdefault(_fold(term), code)
    for name, code in _reference_rows("country_names.csv", "name"):
        exact.setdefault(_fold(name), code)
    return exact, loose


def country_code(value) -> str:
    """The ISO alpha-2 code for a code, name or demonym; UnknownCountry otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise UnknownCountry(value, "is not a country")
    return _code_for(value)


@lru_cache(maxsize=4096)
def _code_for(value: str) -> str:
    exact, loose = _index()
    folded = _fold(value)
    candidates = [folded]
    diaspora = _DIASPORA.match(folded)
    if diaspora:
        candidates.append(diaspora.group(1))
    for suffix in _PERSON_SUFFIXES:
        if folded.endswith(" " + suffix):
            candidates.append(folded[: -len(suffix) - 1])
    for candidate in candidates:
        if candidate in exact:
            return exact[candidate]
        codes = loose.get(candidate)
        if codes and len(codes) == 1:
            return next(iter(codes))
        if codes:
            raise UnknownCountry(
                value, f"is ambiguous: it could be {', '.join(sorted(codes))}"
            )
    raise UnknownCountry(value)


@cache
def _by_code() -> dict[str, CountryRecord]:
    return {record.code: record for record in all_countries()}


def country_name(code: str) -> str:
    """Display name for an alpha-2 code, e.g. 'Belarus' for BY."""
    return _by_code()[code].name


def _capitals() -> dict[str, str]:
    """Capitals stand for their state in news prose ("Washington will lift sanctions")."""
    capitals: dict[str, set[str]] = {}
    for record in all_countries():
        capital = _countryinfo(record.code).get("capital")
        if capital:
            # "Washington D.C." is written "Washington".
            capitals.setdefault(_fold(capital.removesuffix(" D.C.")), set()).add(record.code)
    return {term: next(iter(codes)) for term, codes in capitals.items() if len(codes) == 1}


@cache
def place_terms() -> dict[str, tuple[str, str]]:
    """Every unambiguous way prose names a state: folded term -> (code, kind).

    kind is "name" (Lithuania, Britain), "demonym" (Lithuanian, Lithuanians, Briton)
    or "capital" (Vilnius). Ambiguous terms are left out, never guessed.
    """
    exact, loose = _index()
    demonyms = {}
    for record in all_countries():
        if record.demonym:
            for term in (record.demonym, _plural(record.demonym)):
                demonyms.setdefault(_fold(term), set()).add(record.code)
    for noun, code in _demonym_nouns():
        for term in (noun, _noun_plural(noun)):
            demonyms[_fold(term)] = {code}
    terms: dict[str, tuple[str, str]] = {}
    for term, code in _capitals().items():
        terms[term] = (code, "capital")
    for term, codes in loose.items():
        if len(codes) == 1 and len(term) > 3:
            terms[term] = (next(iter(codes)), "name")
    for term, code in exact.items():
        if len(term) > 3 or term.upper() in PROSE_ABBREVIATIONS:
            terms[term] = (code, "name")
    for term, codes in demonyms.items():
        if len(codes) == 1:
            terms[term] = (next(iter(codes)), "demonym")
    for abbreviation, code in PROSE_ABBREVIATIONS.items():
        terms[_fold(abbreviation)] = (code, "name")
    return terms


def lookup_place(phrase: str) -> tuple[str, str] | None:
    """(code, kind) for a state named in prose, including "Iranian Americans" -> US."""
    folded = _fold(phrase)
    diaspora = _DIASPORA.match(folded)
    first = place_terms().get(folded.split()[0]) if diaspora else None
    if first and first[1] == "demonym":  # "Iranian Americans", not "Five Americans"
        folded = diaspora.group(1)
    return place_terms().get(folded)


@cache
def _subdivisions() -> dict[str, str]:
    """Folded subdivision name -> the one state that has a subdivision of that name."""
    states: dict[str, set[str]] = {}
    for subdivision in pycountry.subdivisions:
        states.setdefault(_fold(subdivision.name), set()).add(subdivision.country_code)
    return {term: next(iter(codes)) for term, codes in states.items() if len(codes) == 1}


def subdivision_state(phrase: str) -> str | None:
    """The state a region belongs to ("Texas" -> US, "Bavaria" -> DE), when its name is no
    state's and only one state has a subdivision of that name (never "Georgia", "Punjab")."""
    folded = _fold(phrase)
    if folded in place_terms():
        return None
    return _subdivisions().get(folded)
