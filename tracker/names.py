"""Matching names across spellings, and the slugs that become ids."""

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1 << 16)
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
