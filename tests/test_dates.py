import datetime as dt

import pytest

from tracker.reference.dates import parse_partial_date


@pytest.mark.parametrize(
    "value, text, precision, start, end",
    [
        ("2025-09-11", "2025-09-11", "day", "2025-09-11", "2025-09-11"),
        ("2025-06", "2025-06", "month", "2025-06-01", "2025-06-30"),
        ("2024-02", "2024-02", "month", "2024-02-01", "2024-02-29"),
        ("2025", "2025", "year", "2025-01-01", "2025-12-31"),
        (2025, "2025", "year", "2025-01-01", "2025-12-31"),
        (dt.date(2025, 9, 11), "2025-09-11", "day", "2025-09-11", "2025-09-11"),
    ],
)
def test_a_date_is_stored_as_a_range_with_its_precision(value, text, precision, start, end):
    date = parse_partial_date(value)
    assert (date.text, date.precision, date.start, date.end) == (text, precision, start, end)


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("2025-13-40", "month 13"),
        ("2025-02-29", "has 28 days"),
        ("11 September 2025", "not a date"),
        ("2025-9-1", "not a date"),
        (dt.datetime(2025, 9, 11, 18, 16), "time of day"),
        (True, "not a date"),
        ("0000", "no valid year"),
    ],
)
def test_an_impossible_date_is_refused_with_what_is_accepted(value, fragment):
    with pytest.raises(ValueError) as error:
        parse_partial_date(value)
    assert fragment in str(error.value)
    assert "accepted: YYYY-MM-DD, YYYY-MM or YYYY" in str(error.value)
