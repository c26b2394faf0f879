"""US banking days: weekdays that are not Federal Reserve holidays (BILL-RULES §1.4, §6 #32).

Everything time-driven in the sandbox that BILL counts in "business days" (bank-account user
verification, payment process dates, clearing, voids) uses this module:

- ``is_business_day(d)``: Monday to Friday and not a Federal Reserve holiday.
- ``next_business_day(d)``: the first business day strictly after ``d``.
- ``add_business_days(d, n)``: ``n`` business days after ``d`` (before it when ``n`` is negative);
  ``n == 0`` returns ``d`` unchanged, business day or not.
- ``holidays(year)``: ``{date: name}`` of the days the Federal Reserve is closed that year.

The Federal Reserve observes a holiday that falls on a Sunday on the following Monday; one that
falls on a Saturday is not moved (the banks open the Friday before). Juneteenth is observed from
2022. Dates are calendar dates; callers decide the time zone (the sandbox uses its UTC clock).
A ``datetime`` is accepted anywhere a ``date`` is and is reduced to its date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

_DAY = timedelta(days=1)


def _day(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based) ``weekday`` (Monday = 0) of a month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - _DAY
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(d: date) -> date:
    return d + _DAY if d.weekday() == 6 else d


@lru_cache(maxsize=64)
def holidays(year: int) -> dict[date, str]:
    """The Federal Reserve holidays observed in ``year`` (a Saturday holiday is not listed:
    the banks are closed that day anyway and open on the Friday before)."""
    fixed = [
        (date(year, 1, 1), "New Year's Day"),
        (date(year, 7, 4), "Independence Day"),
        (date(year, 11, 11), "Veterans Day"),
        (date(year, 12, 25), "Christmas Day"),
    ]
    if year >= 2022:
        fixed.append((date(year, 6, 19), "Juneteenth National Independence Day"))
    out = {_observed(d): name for d, name in fixed if d.weekday() != 5}
    out[_nth_weekday(year, 1, 0, 3)] = "Birthday of Martin Luther King, Jr."
    out[_nth_weekday(year, 2, 0, 3)] = "Washington's Birthday"
    out[_nth_weekday(year, 5, 0, -1)] = "Memorial Day"
    out[_nth_weekday(year, 9, 0, 1)] = "Labor Day"
    out[_nth_weekday(year, 10, 0, 2)] = "Columbus Day"
    out[_nth_weekday(year, 11, 3, 4)] = "Thanksgiving Day"
    return dict(sorted(out.items()))


def is_business_day(d: date) -> bool:
    d = _day(d)
    return d.weekday() < 5 and d not in holidays(d.year)


def next_business_day(d: date) -> date:
    d = _day(d) + _DAY
    while not is_business_day(d):
        d += _DAY
    return d


def previous_business_day(d: date) -> date:
    d = _day(d) - _DAY
    while not is_business_day(d):
        d -= _DAY
    return d


def add_business_days(d: date, n: int) -> date:
    d = _day(d)
    step = next_business_day if n > 0 else previous_business_day
    for _ in range(abs(n)):
        d = step(d)
    return d
