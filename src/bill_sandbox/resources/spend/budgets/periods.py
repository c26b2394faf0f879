"""Budget periods: when the current one started and when it ends, in the budget's time zone
(BILL-RULES §5.18b "Budgets": DAILY at 12 AM, WEEKLY on Monday, MONTHLY on the 1st, QUARTERLY
every 3 months from ``recurMonth``, YEARLY on the 1st of ``recurMonth``, NONE never)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bill_sandbox import clock

DEFAULT_TZ = "US/Pacific"


def zone(name: str | None) -> ZoneInfo | None:
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def bounds(
    interval: str, tz_name: str | None, recur_month: int | None, now: datetime
) -> tuple[date, date | None]:
    """(first day, first day of the next period) of the period containing ``now``."""
    tz = zone(tz_name) or UTC
    today = now.astimezone(tz).date()
    if interval == "DAILY":
        return today, today + timedelta(days=1)
    if interval == "WEEKLY":
        start = today - timedelta(days=today.weekday())
        return start, start + timedelta(days=7)
    if interval == "MONTHLY":
        start = today.replace(day=1)
        return start, _add_months(start, 1)
    if interval == "QUARTERLY":
        anchor = (recur_month or 1) - 1
        back = (today.month - 1 - anchor) % 3
        start = _add_months(today.replace(day=1), -back)
        return start, _add_months(start, 3)
    if interval == "YEARLY":
        month = recur_month or 1
        year = today.year if today.month >= month else today.year - 1
        start = date(year, month, 1)
        return start, date(year + 1, month, 1)
    return today, None


def end_instant(next_start: date | None, tz_name: str | None) -> str:
    """The sandbox time at which the period ends ("" when it never does)."""
    if next_start is None:
        return ""
    tz = zone(tz_name) or UTC
    return clock.iso(datetime.combine(next_start, time(0), tzinfo=tz).astimezone(UTC))
