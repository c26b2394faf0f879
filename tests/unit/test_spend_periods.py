"""Spend & Expense budget periods and list cursors (pure functions)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bill_sandbox.errors import BillError
from bill_sandbox.resources.spend.budgets.periods import bounds, end_instant
from bill_sandbox.resources.spend.listing import decode_cursor, encode_cursor

NOW = datetime(2026, 8, 19, 15, 30, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(
    ("interval", "recur_month", "expected"),
    [
        ("DAILY", None, (date(2026, 8, 19), date(2026, 8, 20))),
        ("WEEKLY", None, (date(2026, 8, 17), date(2026, 8, 24))),
        ("MONTHLY", None, (date(2026, 8, 1), date(2026, 9, 1))),
        ("QUARTERLY", 1, (date(2026, 7, 1), date(2026, 10, 1))),
        ("QUARTERLY", 2, (date(2026, 8, 1), date(2026, 11, 1))),
        ("QUARTERLY", 12, (date(2026, 6, 1), date(2026, 9, 1))),
        ("YEARLY", 3, (date(2026, 3, 1), date(2027, 3, 1))),
        ("YEARLY", 10, (date(2025, 10, 1), date(2026, 10, 1))),
        ("NONE", None, (date(2026, 8, 19), None)),
    ],
)
def test_period_bounds(interval: str, recur_month: int | None, expected: tuple[date, date | None]) -> None:
    assert bounds(interval, "UTC", recur_month, NOW) == expected


def test_periods_follow_the_budget_time_zone() -> None:
    late = datetime(2026, 9, 1, 3, 0, tzinfo=UTC)  # still August 31 in California
    assert bounds("MONTHLY", "US/Pacific", None, late) == (date(2026, 8, 1), date(2026, 9, 1))
    assert end_instant(date(2026, 9, 1), "US/Pacific") == "2026-09-01T07:00:00.000+00:00"
    assert end_instant(None, "US/Pacific") == ""


def test_cursors_are_arrayconnection_indexes() -> None:
    assert encode_cursor(19) == "YXJyYXljb25uZWN0aW9uOjE5"
    assert decode_cursor("YXJyYXljb25uZWN0aW9uOjA=", "nextPage") == 0
    for bad in ("garbage!", "bm90aGluZw==", encode_cursor(-1)):
        with pytest.raises(BillError):
            decode_cursor(bad, "nextPage")


def test_unauthorized_body_styles() -> None:
    from bill_sandbox.resources.spend.auth import RateWindow, SpendUnauthorized

    assert SpendUnauthorized(gateway=True).body() == {"message": "Unauthorized"}
    bdc = SpendUnauthorized(gateway=False).body()
    assert isinstance(bdc, list) and bdc[0]["code"] == "BDC_1109"
    window = RateWindow()
    assert all(window.hit("t", 2) for _ in range(2)) and not window.hit("t", 2) and window.hit("u", 2)
