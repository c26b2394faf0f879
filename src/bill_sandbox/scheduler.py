"""The scheduler: applies every time-driven transition when an organization's sandbox time
passes its due time, whether the wall clock moved or the control plane moved it.

Each organization has its own sandbox time (wall clock + ``organizations.clock_offset``).
Resources declare **timers** (``Timer``): a column holding, per row, the sandbox time (or date)
its next transition is due, and a function that applies everything due by ``ctx.now`` for
``ctx.org_id``. ``organizations.next_due`` caches when (wall-clock epoch seconds) the earliest
of those is due, so finding the organizations with work is one indexed range query, whatever
the number of organizations.

- Writers only move ``next_due`` earlier (``reschedule`` after every write transaction): an
  atomic ``UPDATE ... WHERE next_due IS NULL OR next_due > :v``, safe under concurrency.
- ``apply_due_org`` (the scheduler and the clock control plane) locks the organization's row,
  applies its timers until nothing is due, and sets ``next_due`` exactly.
- ``Scheduler`` runs in every ``serve`` process; one leader at a time per database holds a
  lease row (``scheduler_lease``), renewed while it lives and taken over when it expires.
  It works between requests on the worker's one connection: no transaction spans an await.

GETs therefore never write business rows: they see what the scheduler has applied.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, bindparam, func, select, union_all, update

from bill_sandbox import clock
from bill_sandbox.accounts.models import OrganizationRow, SchedulerLeaseRow
from bill_sandbox.context import RequestContext, system_context
from bill_sandbox.db import Database, Prepared, Tx, get_state

if TYPE_CHECKING:
    from bill_sandbox.settings import Settings

log = logging.getLogger("bill_sandbox.scheduler")

orgs = OrganizationRow.__table__
lease = SchedulerLeaseRow.__table__
MAX_ROUNDS = 20  # a transition may make another one due at once (a reissued payment)


@dataclass(frozen=True)
class Timer:
    """A time-driven transition of one resource.

    Each of ``columns`` holds each row's next due time in the organization's sandbox time, as BILL's
    timestamp string, or as a ``yyyy-MM-dd`` date (due at 00:00 UTC that day). Rows with no
    pending transition hold NULL or "". ``apply(ctx)`` applies everything due by ``ctx.now``
    for ``ctx.org_id`` and records the events of each change."""

    name: str
    columns: Sequence[Any]
    apply: Callable[[RequestContext], None]
    where: Sequence[ColumnElement[bool]] = ()


_timers: list[Timer] = []
_next_due_q: list[Prepared] = []  # the one query over every timer column (built by install)


def install(timers: Sequence[Timer]) -> None:
    """Set the timers (``resources.registry`` calls this; idempotent)."""
    _timers[:] = list(timers)
    _next_due_q[:] = [_earliest_query(_timers)] if _timers else []


def _earliest_query(timers: Sequence[Timer]) -> Prepared:
    """``min`` over every timer column for one organization, in one statement: every write
    transaction runs it (``reschedule``), so one round trip instead of one per column. Due
    values are BILL timestamps or ``yyyy-MM-dd`` dates, which compare correctly as strings (a
    date sorts before every timestamp of its day, i.e. at 00:00)."""
    parts = [
        select(func.min(col).label("due")).where(
            col.table.c.org_id == bindparam("org"), col.is_not(None), col != "", *timer.where
        )
        for timer in timers
        for col in timer.columns
    ]
    every = union_all(*parts).subquery()
    return Prepared(select(func.min(every.c.due)))


def timers() -> list[Timer]:
    return list(_timers)


# ------------------------------------------------------------------------------ due times
def next_due(tx: Tx, org_id: str) -> datetime | None:
    """The earliest due time (sandbox time) of the organization's pending transitions."""
    if not _next_due_q:
        return None
    value = tx.fetch_value(_next_due_q[0], {"org": org_id})
    return clock.parse_timestamp(str(value)) if value else None


def _wall(tx: Tx, at: datetime | None) -> float | None:
    return None if at is None else at.timestamp() - tx.clock_offset


def _make_earlier() -> Prepared:
    due: Any = bindparam("due")
    return Prepared(
        update(orgs)
        .where(orgs.c.id == bindparam("org"), orgs.c.next_due.is_(None) | (orgs.c.next_due > due))
        .values(next_due=due)
    )


_EARLIER_Q = _make_earlier()


def reschedule(tx: Tx, org_id: str) -> None:
    """After a write: make sure the scheduler wakes for the organization's earliest due work
    (``next_due`` only ever moves earlier here; ``apply_due_org`` sets it exactly)."""
    if not _timers:
        return
    due = _wall(tx, next_due(tx, org_id))
    if due is not None:
        tx.execute_dml(_EARLIER_Q, {"org": org_id, "due": due})


def _set_exact(tx: Tx, org_id: str) -> datetime | None:
    at = next_due(tx, org_id)
    tx.conn.execute(update(orgs).where(orgs.c.id == org_id).values(next_due=_wall(tx, at)))
    return at


# --------------------------------------------------------------------------------- running
def apply_due_org(db: Database, settings: Settings, org_id: str) -> int:
    """Apply every transition of one organization due by its sandbox time now; returns the
    number of rounds that found work. One transaction, the organization's row locked first
    (so a second scheduler or a clock advance waits instead of applying twice)."""
    with db.transaction() as tx:
        row = tx.conn.execute(
            select(orgs.c.clock_offset).where(orgs.c.id == org_id).with_for_update()
        ).first()
        if row is None:
            return 0
        tx.use_org(org_id, float(row.clock_offset or 0.0))
        ctx = system_context(tx, org_id, settings)
        rounds = 0
        for _ in range(MAX_ROUNDS):
            due = next_due(tx, org_id)
            if due is None or due > tx.now:
                break
            rounds += 1
            for timer in _timers:
                timer.apply(ctx)
        _set_exact(tx, org_id)
        return rounds


def due_organizations(db: Database, limit_to: Sequence[str] | None = None) -> list[str]:
    now = clock.wall_now().timestamp()
    with db.transaction(write=False) as tx:
        q = select(orgs.c.id).where(orgs.c.next_due <= bindparam("now")).order_by(orgs.c.next_due)
        if limit_to is not None:
            q = q.where(orgs.c.id.in_(list(limit_to)))
        return [str(r[0]) for r in tx.conn.execute(q, {"now": now}).all()]


def apply_due(db: Database, settings: Settings, limit_to: Sequence[str] | None = None) -> int:
    """Apply the due work of every organization (or of ``limit_to``) whose time has come."""
    done = 0
    for org_id in due_organizations(db, limit_to):
        try:
            done += apply_due_org(db, settings, org_id)
        except Exception:
            log.exception("scheduler: organization %s failed; retrying in a minute", org_id)
            _postpone(db, org_id, 60.0)
    return done


def _postpone(db: Database, org_id: str, seconds: float) -> None:
    with db.transaction() as tx:
        tx.conn.execute(
            update(orgs).where(orgs.c.id == org_id).values(next_due=clock.wall_now().timestamp() + seconds)
        )


# ---------------------------------------------------------------------------------- clock
def global_offset(tx: Tx) -> float:
    """The offset new organizations start with (moved by advancing every organization)."""
    value = get_state(tx, "clock_offset")
    return float(value) if value is not None else 0.0


def advance(db: Database, settings: Settings, seconds: float, org_id: str | None = None) -> None:
    """Move one organization's sandbox time (or every organization's) forward, then apply
    everything that came due, before returning."""
    from bill_sandbox.db import set_state

    with db.transaction() as tx:
        moved = update(orgs).values(
            clock_offset=orgs.c.clock_offset + seconds, next_due=orgs.c.next_due - seconds
        )
        if org_id is not None:
            moved = moved.where(orgs.c.id == org_id)
        else:
            set_state(tx, "clock_offset", repr(global_offset(tx) + seconds))
        tx.conn.execute(moved)
    apply_due(db, settings, [org_id] if org_id is not None else None)


def rewind(tx: Tx, org_id: str) -> None:
    """Reset: the organization's time is the wall clock again."""
    tx.conn.execute(update(orgs).where(orgs.c.id == org_id).values(clock_offset=0.0, next_due=None))


# ---------------------------------------------------------------------- the leader's loop
class Scheduler:
    """The background loop of one ``serve`` process (leader election through the database)."""

    NAME = "scheduler"

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lease_seconds = max(2.0, settings.scheduler_lease_seconds)
        self.leader_until = 0.0
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def lead(self) -> bool:
        """Hold or take the lease; renewed when half of it has passed."""
        now = clock.wall_now().timestamp()
        if self.leader_until - now > self.lease_seconds / 2:
            return True
        until = now + self.lease_seconds
        with self.db.transaction() as tx:
            row = tx.conn.execute(
                select(lease.c.holder, lease.c.expires_at).where(lease.c.name == self.NAME).with_for_update()
            ).first()
            if row is None:
                tx.conn.execute(lease.insert().values(name=self.NAME, holder=self.holder, expires_at=until))
            elif row.holder == self.holder or row.expires_at < now:
                tx.conn.execute(
                    update(lease)
                    .where(lease.c.name == self.NAME)
                    .values(holder=self.holder, expires_at=until)
                )
            else:
                self.leader_until = 0.0
                return False
        self.leader_until = until
        return True

    def resign(self) -> None:
        if self.leader_until <= 0:
            return
        try:
            with self.db.transaction() as tx:
                tx.conn.execute(
                    update(lease)
                    .where(lease.c.name == self.NAME, lease.c.holder == self.holder)
                    .values(expires_at=0.0)
                )
        except Exception:  # shutting down: the lease expires on its own
            log.debug("scheduler: could not resign", exc_info=True)
        self.leader_until = 0.0

    def tick(self) -> int:
        if not self.lead():
            return 0
        return apply_due(self.db, self.settings)

    async def run(self) -> None:
        interval = self.settings.scheduler_interval_seconds
        while not self._stopping:
            try:
                self.tick()
            except Exception:
                log.exception("scheduler tick failed")
            await asyncio.sleep(interval)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run())

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        self.resign()
