"""Partial ISO 8601 dates: a day, a month or a year, stored as a range."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

ACCEPTED = "accepted: YYYY-MM-DD, YYYY-MM or YYYY"
# Plain groups only, so that the same pattern serves as a Table Schema (XML Schema) pattern.
PATTERN = r"(\d{4})(-(\d{2})(-(\d{2}))?)?"
_MATCH = re.compile(f"^{PATTERN}$")


@dataclass(frozen=True)
class PartialDate:
    text: str
    precision: str
    start: str
    end: str

    @property
    def year(self) -> int:
        return int(self.text[:4])


def parse_partial_date(value) -> PartialDate:
    """Parse a day, month or year; raise ValueError naming what is accepted."""
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value.isoformat()!r} has a time of day; {ACCEPTED}")
    if isinstance(value, dt.date):
        value = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}" if value >= 0 else str(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date; {ACCEPTED}")
    return _parse_text(value)


@lru_cache(maxsize=1 << 14)
def _parse_text(value: str) -> PartialDate:
    match = _MATCH.match(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a date; {ACCEPTED}")
    year, month, day = (int(part) if part else None for part in match.group(1, 3, 5))
    if year < 1:
        raise ValueError(f"{value!r} has no valid year; {ACCEPTED}")
    if month is None:
        return PartialDate(f"{year:04d}", "year", f"{year:04d}-01-01", f"{year:04d}-12-31")
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r} has month {month}, not 01-12; {ACCEPTED}")
    last_day = calendar.monthrange(year, month)[1]
    if day is None:
        return PartialDate(
            f"{year:04d}-{month:02d}",
            "month",
            f"{year:04d}-{month:02d}-01",
            f"{year:04d}-{month:02d}-{last_day:02d}",
        )
    if not 1 <= day <= last_day:
        raise ValueError(
            f"{value!r} has day {day}, but {year:04d}-{month:02d} has {last_day} days; "
            f"{ACCEPTED}"
        )
    text = f"{year:04d}-{month:02d}-{day:02d}"
    return PartialDate(text, "day", text, text)
