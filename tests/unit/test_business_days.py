"""US banking days on the Federal Reserve calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bill_sandbox.business_days import (
    add_business_days,
    holidays,
    is_business_day,
    next_business_day,
    previous_business_day,
)


def test_holidays_2024() -> None:
    assert list(holidays(2024)) == [
        date(2024, 1, 1),
        date(2024, 1, 15),
        date(2024, 2, 19),
        date(2024, 5, 27),
        date(2024, 6, 19),
        date(2024, 7, 4),
        date(2024, 9, 2),
        date(2024, 10, 14),
        date(2024, 11, 11),
        date(2024, 11, 28),
        date(2024, 12, 25),
    ]


def test_business_days_in_a_year() -> None:
    days = [date(2024, 1, 1) + timedelta(days=i) for i in range(366)]
    assert sum(is_business_day(d) for d in days) == 366 - 104 - 11


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 7, 4), False),  # holiday on a Thursday
        (date(2024, 7, 5), True),
        (date(2024, 7, 6), False),  # Saturday
        (date(2024, 7, 7), False),  # Sunday
        (date(2022, 6, 20), False),  # Juneteenth on a Sunday: observed Monday
        (date(2022, 12, 26), False),  # Christmas on a Sunday: observed Monday
        (date(2021, 12, 31), True),  # New Year's Day 2022 on a Saturday: not moved to Friday
        (date(2026, 7, 3), True),  # Independence Day 2026 on a Saturday: banks open Friday
        (date(2023, 11, 10), True),  # Veterans Day 2023 on a Saturday
        (date(2021, 6, 18), True),  # Juneteenth observed by the Fed only from 2022
        (date(2026, 11, 26), False),  # Thanksgiving: 4th Thursday
        (date(2025, 5, 26), False),  # Memorial Day: last Monday of May
        (date(2025, 10, 13), False),  # Columbus Day: 2nd Monday of October
    ],
)
def test_is_business_day(day: date, expected: bool) -> None:
    assert is_business_day(day) is expected


def test_next_and_previous_business_day() -> None:
    assert next_business_day(date(2024, 12, 24)) == date(2024, 12, 26)
    assert next_business_day(date(2024, 12, 21)) == date(2024, 12, 23)  # Saturday -> Monday
    assert next_business_day(date(2024, 12, 23)) == date(2024, 12, 24)  # strictly after
    assert previous_business_day(date(2024, 9, 3)) == date(2024, 8, 30)


def test_add_business_days() -> None:
    assert add_business_days(date(2024, 8, 30), 1) == date(2024, 9, 3)  # over Labor Day weekend
    assert add_business_days(date(2024, 11, 27), 1) == date(2024, 11, 29)  # over Thanksgiving
    assert add_business_days(date(2024, 11, 27), 2) == date(2024, 12, 2)
    assert add_business_days(date(2024, 9, 3), -1) == date(2024, 8, 30)
    assert add_business_days(date(2024, 12, 21), 0) == date(2024, 12, 21)
    assert add_business_days(date(2024, 1, 2), 5) == date(2024, 1, 9)


def test_datetimes_count_as_their_date() -> None:
    moment = datetime(2024, 7, 4, 23, 59, tzinfo=UTC)
    assert is_business_day(moment) is False
    assert next_business_day(moment) == date(2024, 7, 5)
    assert add_business_days(moment, 1) == date(2024, 7, 5)
