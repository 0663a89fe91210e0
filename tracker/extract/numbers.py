"""Numbers in prose, in digits ("1,300") or words ("fifty-two"), with their qualifiers.

Number words are read by `text2num` (a maintained parser for English number words),
so no table of words is kept here.
"""

import re
from dataclasses import dataclass
from functools import cache

from text_to_num import text2num

_DIGITS = re.compile(r"(?<![\w$€£.,:])(\d{1,3}(?:,\d{3})+|\d+)(?![\w:]|[.,]\d)")
_WORD = re.compile(r"[A-Za-z]+")
_LOWER_BOUND = re.compile(r"\b(?:more than|over|at least|upwards of|in excess of)\s+$", re.I)
_APPROXIMATE = re.compile(
    r"\b(?:about|around|some|nearly|almost|roughly|approximately|an estimated|"
    r"close to|up to)\s+$",
    re.I,
)


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: int
    lower_bound: bool = False
    approximate: bool = False


@cache
def _word_value(words: str) -> int | None:
    try:
        return text2num(words.lower(), "en")
    except ValueError:
        return None


def is_number_word(word: str) -> bool:
    """"Twenty", "fifty-two": a word that is a number, not a name, though capitalised."""
    return _word_value(word.lower().replace("-", " ")) is not None


def _word_numbers(text: str) -> list[tuple[int, int, int]]:
    """(start, end, value) of each longest run of number words ("fifty-two", "one hundred")."""
    words = list(_WORD.finditer(text))
    found = []
    index = 0
    while index < len(words):
        if _word_value(words[index].group()) is None:
            index += 1
            continue
        best = None
        last = index
        # A run goes on over "and" and hyphens: "three hundred and forty-two".
        while last < len(words):
            gap = text[words[last - 1].end():words[last].start()] if last > index else ""
            if last > index and gap not in (" ", "-"):
                break
            phrase = text[words[index].start():words[last].end()]
            value = _word_value(re.sub(r"[\s-]+", " ", phrase))
            if value is not None:
                best = (words[index].start(), words[last].end(), value, last)
            elif words[last].group().lower() != "and":
                break
            last += 1
        start, end, value, last_index = best
        found.append((start, end, value))
        index = last_index + 1
    return found


def find_numbers(text: str) -> list[Number]:
    """Every cardinal number in the text, in order; amounts of money, times and decimals
    are left out."""
    spans = [
        (match.start(), match.end(), int(match.group().replace(",", "")))
        for match in _DIGITS.finditer(text)
    ]
    spans += _word_numbers(text)
    # "a dozen" is a number that text2num does not read
    spans += [(match.start(), match.end(), 12) for match in re.finditer(r"\ba dozen\b", text, re.I)]
    numbers = []
    for start, end, value in sorted(spans):
        before = text[max(0, start - 30):start]
        numbers.append(Number(
            start, end, value,
            lower_bound=bool(_LOWER_BOUND.search(before)),
            approximate=bool(_APPROXIMATE.search(before)),
        ))
    return numbers
