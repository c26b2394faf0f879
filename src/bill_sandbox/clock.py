"""Time: the sandbox clock and BILL's timestamp formats.

The sandbox clock is wall-clock UTC plus an offset that the control plane can move forward.
The offset lives in the database (``sandbox_state``) so every worker process agrees on it;
``db.Tx.now`` reads it once per transaction. Timestamps are stored and sent as
``yyyy-MM-ddTHH:mm:ss.SSS+00:00`` strings, which sort lexically in time order.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_TS_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?$"
)


def wall_now() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    """BILL's timestamp format, always UTC with milliseconds and ``+00:00``."""
    dt = dt.astimezone(UTC)
    return f"{dt:%Y-%m-%dT%H:%M:%S}.{dt.microsecond // 1000:03d}+00:00"


def iso_date(d: date | datetime) -> str:
    return f"{d:%Y-%m-%d}"


def parse_timestamp(text: str) -> datetime | None:
    """Parse any of BILL's accepted time formats (``...ss.SSSX``, ``...ss.SSS``, ``...ss``,
    ``...HH:mm``, ``yyyy-MM-dd``); naive values are UTC. Returns None when unparseable."""
    m = _TS_RE.match(text.strip())
    if not m:
        return None
    y, mo, d, hh, mi, ss, frac, tz = m.groups()
    try:
        dt = datetime(
            int(y),
            int(mo),
            int(d),
            int(hh or 0),
            int(mi or 0),
            int(ss or 0),
            int((frac or "0").ljust(6, "0")),
            tzinfo=UTC,
        )
    except ValueError:
        return None
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        dt -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return dt


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def sandbox_now(offset_seconds: float) -> datetime:
    return wall_now() + timedelta(seconds=offset_seconds)
