"""Matching names across spellings, and the slugs that become ids."""

import difflib
import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)  # names are folded again and again while matching
def fold(name: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name, for matching aliases."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", bare.casefold()).split())


def slugify(name: str) -> str:
    """'Syarhei Tsikhanouski' -> 'syarhei-tsikhanouski'; never empty."""
    ascii_name = fold(name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    return slug or "unnamed"


@lru_cache(maxsize=65536)
def same_name(a: str, b: str, threshold: float = 0.88) -> bool:
    """Whether two spellings name the same person or body: equal when folded, one a
    fuller form of the other ("Leo XIV", "Pope Leo XIV"), or a close misspelling
    ("John Cole", "John Coale"; "Lukshenko", "Lukashenko")."""
    left, right = fold(a), fold(b)
    if left == right:
        return True
    short, long = sorted((left.split(), right.split()), key=len)
    if len(short) >= 2 and " ".join(short) in " ".join(long):
        return True
    if len(short) != len(long) or min(len(left), len(right)) < 6:
        return False
    if difflib.SequenceMatcher(None, left, right).ratio() >= threshold:
        return True
    # Transliterations differ word by word: "Alyaksandr Lukashenka", "Alexander Lukashenko".
    return len(short) >= 2 and all(
        difflib.SequenceMatcher(None, x, y).ratio() >= (0.75 if i == len(short) - 1 else 0.6)
        for i, (x, y) in enumerate(zip(short, long))
    )


# One name written in Polish, German or English romanisation: "Józef Staniewski" and
# "Jozef Stanevsky", "Juchniewicz" and "Yukhnevich". Applied in order, to both spellings.
_ROMANISATIONS = (
    ("ł", "l"), ("szcz", "shch"), ("tsch", "ch"), ("sch", "sh"), ("sz", "sh"), ("cz", "ch"),
    ("rz", "zh"), ("kh", "h"), ("ch", "h"), ("w", "v"), ("ie", "e"), ("j", "y"), ("ou", "ov"),
)


@lru_cache(maxsize=65536)
def romanised(name: str) -> str:
    """A form of a name that most romanisations of a Slavic name share, for matching."""
    key = fold(name)
    for written, common in _ROMANISATIONS:
        key = key.replace(written, common)
    key = re.sub(r"sk(?:iy|ij|i|y)\b", "sky", key)
    return re.sub(r"(?:iy|ij|yj)\b", "y", key)

