"""Dates in prose ("Sept. 11", "on Thursday", "In June", "in 2016", "earlier this month"),
resolved against the publication date into a day, a month or a year."""

import datetime as dt
import re
from dataclasses import dataclass

from .mentions import MONTHS, WEEKDAYS

_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|"
    r"June?\.?|July?\.?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|"
    r"Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_PATTERNS = [
    # "2025-09-11", and the day-first "11.09.2025" of European reports
    ("numeric", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b")),
    ("numeric", re.compile(r"\b(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b")),
    # "18/09/2023" or "09/18/2023": whichever order the numbers allow (see _slashed)
    ("slashed", re.compile(r"(?<![\d/])(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>(?:19|20)\d\d)\b")),
    ("day", re.compile(
        rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
    )),
    ("day", re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
    )),
    ("month", re.compile(rf"\b{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b")),
    ("month", re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Ll]ast|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id-?)\s+{_MONTH}(?!\w)")),
    ("weekday", re.compile(r"\b(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b")),
    ("relative", re.compile(r"\b(?P<relative>today|yesterday|tonight|this (?:morning|afternoon|evening)|last night)\b", re.I)),
    # "The next day", "two days later", "earlier that day": after (or on) the last day the
    # report gave before it
    ("later", re.compile(
        r"\b(?:(?:the )?(?:next|following) day|(?P<count>a|one|two|three|four|five|six|[1-6]) days? later|"
        r"(?P<same>(?:(?:earlier|later) )?that (?:day|morning|afternoon|evening|night)|the same day))\b", re.I)),
    # not "2000 political prisoners": a count
    ("year", re.compile(r"\b(?P<year>(?:19|20)\d\d)(?:['’]s)?\b(?![-–]\d)"
                        r"(?!\s+(?:[a-z]+\s+)?(?:prisoners|people|detainees|inmates|convicts|persons|individuals|captives)\b)")),
    ("period", re.compile(
        r"\b(?P<when>(?:earlier |early |late )?this|last) (?P<period>year|month|week)\b", re.I,
    )),
    ("other", re.compile(
        r"\b(?P<other>(?:a|one|two|three) (?:years?|months?) ago|previously|earlier)\b", re.I,
    )),
]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str  # a partial date (YYYY, YYYY-MM, YYYY-MM-DD) or "" when not resolvable
    kind: str  # day, month, weekday, relative, year, period ("earlier this month", resolved
    # against the publication date to a month or a year), later ("the next day", resolved
    # against the day before it) or other (an earlier, unnamed time)
    needs_published: bool = False  # a weekday or "today" without a publication date


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return [month[:3] for month in MONTHS].index(key) + 1


def _year_for(month: int, day: int | None, published: dt.date | None) -> int | None:
    """A date without a year is the latest one not after the publication date."""
    if published is None:
        return None
    year = published.year
    if (month, day or 1) > (published.month, published.day):
        year -= 1
    return year


def find_dates(text: str, published: dt.date | None, since: str = "") -> list[DateMention]:
    """Every date expression in a sentence, resolved where it can be, in order; "the next
    day" is the day after `since` (the last day the text gave before) and left out without it."""
    found: list[DateMention] = []
    taken: list[range] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() in span or match.end() - 1 in span for span in taken):
                continue
            mention = _later(match, since) if kind == "later" else _resolve(kind, match, published)
            if mention:
                found.append(mention)
                taken.append(range(match.start(), match.end()))
    return sorted(found, key=lambda mention: mention.start)


def _resolve(kind: str, match: re.Match, published: dt.date | None) -> DateMention | None:
    groups = match.groupdict()
    span = (match.start(), match.end())
    if kind == "numeric":
        try:
            day = dt.date(int(groups["year"]), int(groups["mon"]), int(groups["day"]))
        except ValueError:
            return None
        return DateMention(*span, day.isoformat(), "day")
    if kind == "slashed":
        return _slashed(match, published)
    if kind == "day":
        month = _month_number(groups["month"])
        day = int(groups["day"])
        year = int(groups["year"]) if groups.get("year") else _year_for(month, day, published)
        try:
            dt.date(year or 2000, month, day)
        except ValueError:
            return None
        text = f"{year:04d}-{month:02d}-{day:02d}" if year else ""
        return DateMention(*span, text, "day", needs_published=year is None)
    if kind == "month":
        month = _month_number(groups["month"])
        if groups["month"] == "May" and not groups.get("year") and not re.match(r"[Ii]n ", match.group()):
            return None
        year = int(groups["year"]) if groups.get("year") else _year_for(month, None, published)
        text = f"{year:04d}-{month:02d}" if year else ""
        return DateMention(*span, text, "month", needs_published=year is None)
    if kind == "weekday":
        if published is None:
            return DateMention(*span, "", "weekday", needs_published=True)
        weekday = WEEKDAYS.index(groups["weekday"].lower())
        back = (published.weekday() - weekday) % 7
        return DateMention(*span, (published - dt.timedelta(days=back)).isoformat(), "weekday")
    if kind == "relative":
        if published is None:
            return DateMention(*span, "", "relative", needs_published=True)
        back = 1 if groups["relative"].lower() in {"yesterday", "last night"} else 0
        return DateMention(*span, (published - dt.timedelta(days=back)).isoformat(), "relative")
    if kind == "year":
        return DateMention(*span, groups["year"], "year")
    if kind == "period":
        if published is None:
            return DateMention(*span, "", "period", needs_published=True)
        text = _period(groups["when"].lower().split()[-1], groups["period"].lower(), published)
        return DateMention(*span, text, "period" if text else "other")
    return DateMention(*span, "", "other")


def _later(match: re.Match, since: str) -> DateMention | None:
    if len(since) != 10:
        return None
    count = (match["count"] or ("zero" if match["same"] else "one")).lower()
    days = int(count) if count.isdigit() else ("zero", "one", "two", "three", "four", "five", "six", "a").index(count) % 7
    day = dt.date.fromisoformat(since) + dt.timedelta(days=days)
    return DateMention(match.start(), match.end(), day.isoformat(), "later")


def _slashed(match: re.Match, published: dt.date | None) -> DateMention | None:
    """"18/09/2023" is day first, "09/18/2023" month first; "05/06/2023" is the one reading
    in the month before the publication date, or only its year when nothing tells them apart."""
    first, second, year = int(match["first"]), int(match["second"]), int(match["year"])
    readings = []
    for day, month in {(first, second), (second, first)}:
        try:
            readings.append(dt.date(year, month, day))
        except ValueError:
            continue
    recent = [day for day in readings if published and dt.timedelta(0) <= published - day <= dt.timedelta(days=31)]
    if len(readings) > 1 and len(recent) == 1:
        readings = recent
    if not readings:
        return None
    if len(readings) > 1:
        return DateMention(match.start(), match.end(), str(year), "year")
    return DateMention(match.start(), match.end(), readings[0].isoformat(), "day")


def _period(when: str, period: str, published: dt.date) -> str:
    """"last month" published 2025-03-04 is 2025-02; a week is given as its month when
    it lies in one, else as its year ("last week" published 2025-03-04, Feb 24 to Mar 2,
    is 2025)."""
    if period == "year":
        return str(published.year - (when == "last"))
    if period == "month":
        first = published.replace(day=1)
        month = first - dt.timedelta(days=1) if when == "last" else first
        return f"{month.year:04d}-{month.month:02d}"
    monday = published - dt.timedelta(days=published.weekday())
    first, last = (monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)) if when == "last" \
        else (monday, published)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.year:04d}" if first.year == last.year else ""


def contains(outer: str, inner: str) -> bool:
    """Whether partial date `inner` lies within partial date `outer` ("2025-09" holds "2025-09-11")."""
    return bool(outer) and bool(inner) and (inner.startswith(outer) or outer.startswith(inner))
