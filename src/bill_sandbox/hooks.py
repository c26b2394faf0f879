"""Extension points that resources register into at import time.

- ``org_created``: seed a new organization (e.g. a chart of accounts).
- ``clock_moved``: run time-driven transitions (payments clearing, recurring bills) when the
  sandbox clock moves from ``old`` to ``new``; called inside the same transaction.
- ``org_reset``: tables to clear when an organization's data is reset are found automatically
  (every table with ``org_id``), so resources need no hook for that.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bill_sandbox.db import Tx

OrgCreated = Callable[[Tx, str], None]
ClockMoved = Callable[[Tx, datetime, datetime], None]

org_created: list[OrgCreated] = []
clock_moved: list[ClockMoved] = []


def on_org_created(fn: OrgCreated) -> OrgCreated:
    org_created.append(fn)
    return fn


def on_clock_moved(fn: ClockMoved) -> ClockMoved:
    clock_moved.append(fn)
    return fn
