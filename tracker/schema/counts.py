"""Counts with their uncertainty: exact, approximate, at least, at most, or a range.

Every count of the database (people freed by a transfer, of whom political prisoners and
foreign nationals, a nationality row, political prisoners remaining, a claim about a
count) is one `Count`, read from the file in any of its written forms and stored in four
columns, UCDP style: the best figure in `<name>`, the bounds in `<name>_low` and
`<name>_high`, and `<name>_qualifier`. Unknown is no count at all (null), never 0.

Sums follow one function, `CountTotal`, used by Python (event totals, stats) and
registered as SQLite aggregates on every connection (`register_count_functions`), so
that a query, a chart and the event page say the same "at least 328" or "about 6,000".
"""

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from .models import MAX_COUNT, CountQualifier

EXACT, APPROXIMATE, AT_LEAST, AT_MOST, RANGE = (
    CountQualifier.exact.value,
    CountQualifier.approximate.value,
    CountQualifier.at_least.value,
    CountQualifier.at_most.value,
    CountQualifier.range.value,
)

ACCEPTED = (
    "accepted: a whole number (52), 'about 6000', 'at least 20', 'at most 10', a range "
    "'20-30', or a mapping {low: 20, best: 25, high: 30} (any of the three, "
    "approximate: true for 'about')"
)
MAPPING_KEYS = ("low", "best", "high", "approximate")

# ASCII digits only: "٣" is a digit to \d and to int(), and no count a spreadsheet writes.
_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+"
# What a curator may write, one form per line, with the form it stands for.
_WRITTEN = re.compile(
    rf"""^\s*(?:
        (?P<exact>{_NUMBER})                                   # 52, 6,000
      | about\s+(?P<about>{_NUMBER})                           # about 6000
      | at\s+least\s+(?P<at_least>{_NUMBER})                   # at least 20
      | at\s+most\s+(?P<at_most>{_NUMBER})                     # at most 10
      | (?P<low>{_NUMBER})\s*[-–]\s*(?P<high>{_NUMBER})        # 20-30, 20–30
    )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
# Forms a report uses that the file spells otherwise, with the spelling to use.
_OTHER_WORDINGS = re.compile(
    rf"""^\s*(?:
        (?P<above>more\s+than|over|above|upwards\s+of)\s+(?P<above_n>{_NUMBER})    # more than 20
      | (?P<plus>{_NUMBER})\s*\+                                                     # 20+
      | (?P<below>fewer\s+than|less\s+than|under|below)\s+(?P<below_n>{_NUMBER})   # fewer than 10
      | (?:around|approximately|roughly|nearly|almost|some|~|c\.|circa)\s*(?P<near>{_NUMBER})  # nearly 6000
    )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


class CountError(ValueError):
    """A value that is no count; the message names it and what is accepted."""


@dataclass(frozen=True)
class Count:
    """One count: `best` is the figure (the best estimate, or the bound of 'at least' and
    'at most'); `low` and `high` are the bounds where given."""

    best: int | None
    low: int | None
    high: int | None
    qualifier: str

    # ------------------------------------------------------------ reading

    @classmethod
    def parse(cls, value) -> "Count | None":
        """The count a file gives, in any written form; None when it is left out (null).
        CountError naming the value and what is accepted otherwise."""
        if value is None or isinstance(value, Count):
            return value
        if isinstance(value, bool):
            raise CountError(f"{value!r} is not a count; {ACCEPTED}")
        if isinstance(value, int):
            return cls(_checked(value, value), None, None, EXACT)
        if isinstance(value, str):
            return cls._from_text(value)
        if isinstance(value, dict):
            return cls._from_mapping(value)
        if isinstance(value, float):
            raise CountError(f"{value!r} is not a whole number; {ACCEPTED}")
        raise CountError(f"{value!r} is not a count; {ACCEPTED}")

    @classmethod
    def _from_text(cls, text: str) -> "Count":
        match = _WRITTEN.match(text)
        if match:
            groups = {key: _checked(_number(value), text) for key, value in match.groupdict().items()
                      if value is not None}
            if "exact" in groups:
                return cls(groups["exact"], None, None, EXACT)
            if "about" in groups:
                return cls(groups["about"], None, None, APPROXIMATE)
            if "at_least" in groups:
                return cls(groups["at_least"], groups["at_least"], None, AT_LEAST)
            if "at_most" in groups:
                return cls(groups["at_most"], None, groups["at_most"], AT_MOST)
            return cls._range(None, groups["low"], groups["high"], text)
        raise CountError(f"{text!r} is not a count; {_suggestion(text)}{ACCEPTED}")

    @classmethod
    def _from_mapping(cls, mapping: dict) -> "Count":
        unknown = sorted(set(map(str, mapping)) - set(MAPPING_KEYS))
        if unknown:
            raise CountError(
                f"{unknown[0]!r} is not a part of a count; accepted: low, best, high, approximate"
            )
        approximate = mapping.get("approximate", False)
        if not isinstance(approximate, bool):
            raise CountError(f"approximate: {approximate!r} is not true or false; {ACCEPTED}")
        parts = {}
        for key in ("low", "best", "high"):
            value = mapping.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise CountError(f"{key}: {value!r} is not a whole number; {ACCEPTED}")
            parts[key] = _checked(value, value)
        low, best, high = parts.get("low"), parts.get("best"), parts.get("high")
        if not parts:
            raise CountError(f"{mapping!r} gives none of low, best and high; {ACCEPTED}")
        for smaller, larger in (("low", "best"), ("best", "high"), ("low", "high")):
            if smaller in parts and larger in parts and parts[smaller] > parts[larger]:
                raise CountError(
                    f"{smaller} {parts[smaller]} is above {larger} {parts[larger]}; "
                    "accepted: low <= best <= high"
                )
        if approximate:
            return cls(best, low, high, APPROXIMATE)
        if low is not None and high is not None:
            if low == high:
                return cls(low, None, None, EXACT)
            return cls._range(best, low, high, mapping)
        if low is not None:
            return cls(low if best is None else best, low, None, AT_LEAST)
        if high is not None:
            return cls(high if best is None else best, None, high, AT_MOST)
        return cls(best, None, None, EXACT)

    @classmethod
    def _range(cls, best, low, high, written) -> "Count":
        if low >= high:
            raise CountError(
                f"{written!r} is no range: {low} is not below {high}; accepted: a low "
                "figure, a hyphen and a higher one, e.g. 20-30"
            )
        return cls(best, low, high, RANGE)

    @classmethod
    def from_columns(cls, best, low, high, qualifier) -> "Count | None":
        """The count stored in four columns; None when unknown."""
        if qualifier is None:
            return None
        return cls(best, low, high, qualifier)

    @classmethod
    def from_json(cls, text: str | None) -> "Count | None":
        """The count that the SQL aggregate count_sum_columns gives (None: unknown)."""
        return None if text is None else cls.from_columns(*json.loads(text))

    # ------------------------------------------------------------ writing

    def columns(self) -> tuple:
        """(best, low, high, qualifier), as stored."""
        return (self.best, self.low, self.high, self.qualifier)

    def canonical(self):
        """The form the export writes: a number when exact, else the shortest text form,
        else the mapping. Reading it back gives this count again."""
        best, low, high = self.best, self.low, self.high
        if self.qualifier == EXACT:
            return best
        if self.qualifier == APPROXIMATE and low is None and high is None:
            return f"about {best}"
        if self.qualifier == AT_LEAST and high is None and best == low:
            return f"at least {low}"
        if self.qualifier == AT_MOST and low is None and best == high:
            return f"at most {high}"
        if self.qualifier == RANGE and best is None:
            return f"{low}-{high}"
        mapping = {key: value for key, value in (("low", low), ("best", best), ("high", high))
                   if value is not None}
        if self.qualifier == APPROXIMATE:
            mapping["approximate"] = True
        return mapping

    def text(self) -> str:
        """As a page shows it: '52', 'about 6,000', 'at least 328', '20–30'."""
        best, low, high = self.best, self.low, self.high
        if self.qualifier == EXACT:
            return f"{best:,}"
        if self.qualifier == AT_LEAST:
            return f"at least {low:,}" + (f" (best estimate {best:,})" if best != low else "")
        if self.qualifier == AT_MOST:
            return f"at most {high:,}" + (f" (best estimate {best:,})" if best != high else "")
        if self.qualifier == RANGE:
            return f"{low:,}–{high:,}" + (f" (best estimate {best:,})" if best is not None else "")
        if best is None:
            return f"about {low or 0:,}–{high:,}" if high is not None else f"about {low:,}"
        return f"about {best:,}"

    # ------------------------------------------------------------ bounds

    @property
    def minimum(self) -> int:
        """The fewest it can be (an approximate figure taken at its word)."""
        if self.low is not None:
            return self.low
        if self.qualifier in (EXACT, APPROXIMATE) and self.best is not None:
            return self.best
        return 0

    @property
    def maximum(self) -> int | None:
        """The most it can be; None when it has no upper bound (or is only approximate)."""
        if self.high is not None:
            return self.high
        if self.qualifier == EXACT:
            return self.best
        return None

    @property
    def central(self) -> int:
        """The one figure that stands for it in an approximate sum."""
        if self.best is not None:
            return self.best
        if self.low is not None and self.high is not None:
            return (self.low + self.high) // 2
        return self.low if self.low is not None else (self.high or 0)

    def __str__(self) -> str:
        return self.text()


def _checked(number: int, written) -> int:
    if number < 0:
        raise CountError(f"{written!r}: a count is 0 or more; {ACCEPTED}")
    if number > MAX_COUNT:
        raise CountError(f"{written!r}: at most {MAX_COUNT:,}; {ACCEPTED}")
    return number


def _suggestion(text: str) -> str:
    """How to write what a report says in a form the file takes."""
    match = _OTHER_WORDINGS.match(text)
    if not match:
        return ""
    if match["above"] or match["plus"]:
        number = _number(match["above_n"]) + 1 if match["above"] else _number(match["plus"])
        return f"write it 'at least {number}'; "
    if match["below"]:
        return f"write it 'at most {max(_number(match['below_n']) - 1, 0)}'; "
    return f"write it 'about {_number(match['near'])}'; "


def parse_count(value) -> Count | None:
    """For the file models: a Count, or ValueError saying what is accepted."""
    return Count.parse(value)


# ---------------------------------------------------------------- the one sum


class CountTotal:
    """The sum of counts, carrying their uncertainty.

    exact + exact is exact; if any term is unknown or a lower bound, the sum is 'at
    least' the sum of every term's lowest figure (an approximate one at its word); else
    if any is approximate, 'about' the sum of their central figures; else if any is an
    upper bound or a range, the range from the sum of lowest to the sum of highest
    figures. An empty sum is exactly 0; a sum of unknowns only is unknown (None).
    """

    __slots__ = ("terms", "known", "unbounded", "approximate", "ranged", "low", "high", "central")

    def __init__(self):
        self.terms = 0
        self.known = 0
        self.unbounded = False  # a term unknown or at least: only a lower bound is known
        self.approximate = False
        self.ranged = False
        self.low = 0
        self.high = 0
        self.central = 0

    def add(self, count: Count | None) -> None:
        self.terms += 1
        if count is None:
            self.unbounded = True
            return
        self.known += 1
        self.low += count.minimum
        self.central += count.central
        if count.qualifier == EXACT:
            self.high += count.best
            return
        upper = count.maximum
        if count.qualifier == AT_LEAST:
            self.unbounded = True
        elif count.qualifier == APPROXIMATE:
            self.approximate = True
        else:
            self.ranged = True
        if upper is not None:
            self.high += upper

    def result(self) -> Count | None:
        if self.terms and not self.known:
            return None
        if self.unbounded:
            return Count(self.low, self.low, None, AT_LEAST)
        if self.approximate:
            return Count(self.central, None, None, APPROXIMATE)
        if self.ranged and self.low != self.high:
            return Count(None, self.low, self.high, RANGE)
        return Count(self.high, None, None, EXACT)


def sum_counts(counts: Iterable[Count | None]) -> Count | None:
    """The qualified sum of counts (see CountTotal)."""
    total = CountTotal()
    for count in counts:
        total.add(count)
    return total.result()


def count_text(count: Count | None) -> str:
    return "unknown" if count is None else count.text()


# ---------------------------------------------------------------- SQLite


def _aggregate(output):
    class Aggregate:
        def __init__(self):
            self.total = CountTotal()

        def step(self, best, low, high, qualifier):
            self.total.add(Count.from_columns(best, low, high, qualifier))

        def finalize(self):
            result = self.total.result()
            return None if result is None else output(result)

    return Aggregate


# Aggregates over the four columns of a count: count_sum(freed, freed_low, freed_high,
# freed_qualifier) is the text a page shows; the others give the parts of the same sum.
SQL_AGGREGATES = {
    "count_sum": lambda count: count.text(),
    "count_sum_best": lambda count: count.best if count.best is not None else count.low,
    "count_sum_low": lambda count: count.low,
    "count_sum_high": lambda count: count.high,
    "count_sum_qualifier": lambda count: count.qualifier,
    "count_sum_columns": lambda count: json.dumps(count.columns()),
}


def _count_text_sql(best, low, high, qualifier):
    return count_text(Count.from_columns(best, low, high, qualifier))


def register_count_functions(conn: sqlite3.Connection) -> None:
    """The sums (aggregates) and count_text(best, low, high, qualifier), which shows one
    count as a page does; on every connection, Datasette's included."""
    for name, output in SQL_AGGREGATES.items():
        conn.create_aggregate(name, 4, _aggregate(output))
    conn.create_function("count_text", 4, _count_text_sql, deterministic=True)
