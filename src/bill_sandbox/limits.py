"""BILL's request limits, on demand (``--limits bill``; FACTS §5.19, §5.19b, §6 #14).

Off by default. With ``limits = "bill"`` every request to ``/connect`` is counted in the
database (``request_counters``), so that every worker of one sandbox shares the counts.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bill_sandbox.db import Base


class RequestCounterRow(Base):
    """One counter: ``name`` says what is counted (``hour:<devKey>``, ``inflight:<devKey>:<org>``
    ...), ``bucket`` the time window it counts in (the hour, the minute; "" for in-flight)."""

    __tablename__ = "request_counters"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    bucket: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False)
