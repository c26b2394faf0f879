"""Recurring series (recurring bills, recurring invoices): one schedule engine, two resources.

A series row (a ``DocumentStore`` table with ``anchor_date``, ``occurrences`` and
``generate_on`` columns) has a ``schedule`` of BILL's shape: ``period`` (DAILY, WEEKLY,
MONTHLY, YEARLY or NONE), ``frequency``, ``nextDueDate``, ``endDate``, ``daysInAdvance``.
Occurrence n is due ``n × frequency`` periods after the anchor (months keep the anchor's day:
Jan 31 → Feb 28 → Mar 31) and is generated ``daysInAdvance`` days before it; nothing after
``endDate``. ``generate_on`` is the scheduler's timer column.

A resource declares ``Series(store, create)``, where ``create(ctx, doc, due)`` makes one
occurrence (a bill, an invoice) and says whether it did; the series does the rest: catching
up (at most ``MAX_CATCH_UP`` per pass), re-anchoring when an edit changes the period, the
frequency or the next due date, skipping what passed while archived, and the timer.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from bill_sandbox import clock
from bill_sandbox.context import RequestContext
from bill_sandbox.store import Doc, DocumentStore

# Occurrences generated for one series in one pass (a daily schedule that starts years back
# would otherwise create thousands of documents in one request).
MAX_CATCH_UP = 1000
ANCHOR_KEYS = ("period", "frequency", "nextDueDate")


@dataclass
class State:
    """Where a series stands (the row's ``anchor_date`` / ``occurrences``)."""

    anchor: str
    occurrences: int


def _day(value: str) -> date:
    parsed = clock.parse_date(value)
    assert parsed is not None, value
    return parsed


def _shift(d: date, days: int) -> date:
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


def occurrence(anchor: date, period: str, n: int) -> date | None:
    """The date ``n`` periods after ``anchor`` (None past year 9999)."""
    try:
        if period == "DAILY":
            return anchor + timedelta(days=n)
        if period == "WEEKLY":
            return anchor + timedelta(weeks=n)
        months = n * (12 if period == "YEARLY" else 1)
        year, month = divmod(anchor.month - 1 + months, 12)
        year += anchor.year
        return date(year, month + 1, min(anchor.day, calendar.monthrange(year, month + 1)[1]))
    except (OverflowError, ValueError):
        return None


def next_due(state: State, schedule: Mapping[str, Any]) -> date | None:
    """The due date of the next occurrence, or None when the series has no next one."""
    anchor = _day(state.anchor)
    period = schedule["period"]
    if period == "NONE":
        return anchor if state.occurrences == 0 else None
    return occurrence(anchor, period, state.occurrences * int(schedule.get("frequency") or 1))


def generate_on(state: State, schedule: Mapping[str, Any]) -> str:
    """The day the next occurrence is generated (yyyy-MM-dd), "" when the schedule is over."""
    due = next_due(state, schedule)
    end = schedule.get("endDate")
    if due is None or (end and clock.iso_date(due) > end):
        return ""
    return clock.iso_date(_shift(due, -int(schedule.get("daysInAdvance") or 0)))


Create = Callable[[RequestContext, Doc, date], bool]


@dataclass(frozen=True)
class Series:
    store: DocumentStore
    create: Create

    def state(self, ctx: RequestContext, series_id: str) -> State:
        table = self.store.table
        row = ctx.tx.conn.execute(
            select(table.c.anchor_date, table.c.occurrences).where(
                table.c.id == series_id, table.c.org_id == ctx.org_id
            )
        ).one()
        return State(row.anchor_date, row.occurrences)

    def write_state(self, ctx: RequestContext, doc: Doc, state: State) -> None:
        self.store.set_columns(
            ctx,
            doc["id"],
            anchor_date=state.anchor,
            occurrences=state.occurrences,
            generate_on=generate_on(state, doc["schedule"]),
        )

    def edited_state(self, ctx: RequestContext, existing: Doc, doc: Doc) -> State:
        """The stored series, or a new one anchored at the new nextDueDate when the edit changed
        the period, the frequency or the next due date."""
        old, new = existing["schedule"], doc["schedule"]
        if any(old.get(k) != new.get(k) for k in ANCHOR_KEYS):
            return State(new["nextDueDate"], 0)
        return self.state(ctx, existing["id"])

    def run(self, ctx: RequestContext, doc: Doc, state: State) -> Doc:
        """Generate every occurrence due by today's sandbox date, then store the series state."""
        today = clock.iso_date(ctx.now)
        schedule = doc["schedule"]
        generated = 0
        while not doc.get("archived") and generated < MAX_CATCH_UP:
            day = generate_on(state, schedule)
            due = next_due(state, schedule)
            if not day or day > today or due is None or not self.create(ctx, doc, due):
                break
            state.occurrences += 1
            generated += 1
            following = next_due(state, schedule)
            if following is not None:
                schedule["nextDueDate"] = clock.iso_date(following)
        if generated:
            doc = self.store.save(ctx, doc)
        self.write_state(ctx, doc, state)
        return doc

    def start(self, ctx: RequestContext, doc: Doc) -> Doc:
        """A new series: anchored at its nextDueDate; what is already due is generated."""
        return self.run(ctx, doc, State(doc["schedule"]["nextDueDate"], 0))

    def apply_due_for(self, ctx: RequestContext, series_id: str) -> Doc:
        """Generate the occurrences of one series that are due by the sandbox date."""
        return self.run(ctx, self.store.get(ctx, series_id, for_update=True), self.state(ctx, series_id))

    def apply_due(self, ctx: RequestContext) -> None:
        """The scheduler's timer (``resources.registry``): every series of the organization whose
        generation day has come by its sandbox date."""
        table = self.store.table
        due = ctx.tx.conn.execute(
            select(table.c.id)
            .where(
                table.c.org_id == ctx.org_id,
                table.c.generate_on != "",
                table.c.generate_on <= clock.iso_date(ctx.now),
                table.c.archived.is_(False),
            )
            .order_by(table.c.created_time, table.c.id)
        ).scalars()
        for series_id in list(due):
            self.apply_due_for(ctx, str(series_id))

    def restore(self, ctx: RequestContext, series_id: str) -> Doc:
        """Restore an archived series: archiving paused it, so the occurrences whose generation
        day passed meanwhile are skipped."""
        existing = self.store.get(ctx, series_id, for_update=True)
        if not existing.get("archived"):
            return existing
        doc = {**existing, "archived": False}
        schedule = doc["schedule"] = dict(existing["schedule"])
        state = self.state(ctx, series_id)
        today = clock.iso_date(ctx.now)
        skipped = 0
        while skipped < 100_000:
            day = generate_on(state, schedule)
            if not day or day >= today:
                break
            state.occurrences += 1
            skipped += 1
        following = next_due(state, schedule)
        if skipped and following is not None:
            schedule["nextDueDate"] = clock.iso_date(following)
        return self.run(ctx, self.store.save(ctx, doc, previous=existing), state)
