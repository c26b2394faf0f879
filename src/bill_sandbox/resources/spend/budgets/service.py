"""Budgets: create, get, list, PATCH, DELETE, periods and spending (members: ``members.py``).

Budgets really limit spending: ``currentPeriod`` holds the period's ``limit`` and what its
transactions have ``spent`` (``pending`` authorizations, ``cleared`` money); card activity
(``transactions.activity``) checks and moves these through ``record_spend``. When a period
ends (``recurringInterval`` in the budget's ``timezone``) the period timer starts the next
one: ``cleared`` back to 0, ``limit`` = ``recurringLimit`` (plus what was left when
``carryOver``), members' ``spent`` back to 0, and ``spend.budget.period-started`` lets cards
reset theirs.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import select

from bill_sandbox import clock, events
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import NotFoundError, RequestError, ValidationFailed, field_error
from bill_sandbox.money import from_json
from bill_sandbox.resources.spend.auth import SpendContext, require_manager
from bill_sandbox.resources.spend.budgets import periods
from bill_sandbox.resources.spend.budgets.members import find_member, live_user, put_member, save_member
from bill_sandbox.resources.spend.budgets.schemas import (
    BudgetCreate,
    BudgetFields,
    BudgetUpdate,
)
from bill_sandbox.resources.spend.budgets.store import SPEC, _public, mt, table
from bill_sandbox.resources.spend.budgets.store import store as store
from bill_sandbox.resources.spend.common import Doc, amount
from bill_sandbox.resources.spend.listing import SpendListParams, page

PERIOD_STARTED = "spend.budget.period-started"  # internal: cards reset their period
WIRE_NAMES = {
    "limit": "limit",
    "recurring_limit": "recurringLimit",
    "max_tx_size": "maxTxSize",
    "overspend_buffer": "overspendBuffer",
}


# ------------------------------------------------------------------------------- periods
def _period(doc: Doc, now: Any, limit: Decimal, keep_pending: Decimal = Decimal(0)) -> None:
    interval = doc.get("recurringInterval", "NONE")
    start, next_start = periods.bounds(interval, doc.get("timezone"), doc.get("_recurMonth"), now)
    if interval == "NONE":
        start = clock.parse_date(doc.get("startDate", "")) or start
    end: str | None = None
    if next_start is not None:
        end = clock.iso_date(next_start - timedelta(days=1))
    elif doc.get("expirationDate"):
        end = doc["expirationDate"]
    current: Doc = {
        "startDate": clock.iso_date(start),
        "endDate": end,
        "limit": amount(limit),
        "overspendBuffer": (doc.get("currentPeriod") or {}).get("overspendBuffer", 0),
        "assigned": (doc.get("currentPeriod") or {}).get("assigned", 0),
        "spent": {"cleared": 0, "pending": amount(keep_pending), "total": amount(keep_pending)},
    }
    doc["currentPeriod"] = current
    doc["_periodEnd"] = periods.end_instant(next_start, doc.get("timezone"))


def available(budget: Doc) -> Decimal:
    """What the budget can still spend this period (``limitlessOverspend``: no end)."""
    period = budget.get("currentPeriod") or {}
    spent = from_json((period.get("spent") or {}).get("total"))
    return from_json(period.get("limit")) + from_json(period.get("overspendBuffer")) - spent


# ------------------------------------------------------------------------------- budgets
def _apply_fields(ctx: SpendContext, doc: Doc, body: BudgetFields) -> None:
    patch = body.model_dump(exclude_unset=True)
    for key, wire_key in (
        ("name", "name"),
        ("description", "description"),
        ("recurring_interval", "recurringInterval"),
        ("auto_add_users", "autoAddUsers"),
        ("receipt_required", "receiptRequired"),
        ("carry_over", "carryOver"),
        ("limitless_overspend", "limitlessOverspend"),
        ("share_funds", "shareFunds"),
        ("timezone", "timezone"),
    ):
        if key in patch and patch[key] is not None:
            doc[wire_key] = patch[key]
    if "name" in patch and not (patch["name"] or "").strip():
        raise field_error("name", "must not be blank")
    if "timezone" in patch and patch["timezone"] is not None and periods.zone(patch["timezone"]) is None:
        raise RequestError("BDC_1129", "timezone", patch["timezone"][:64])
    if "expiration_date" in patch:
        if patch["expiration_date"] is None:
            doc.pop("expirationDate", None)
        else:
            doc["expirationDate"] = clock.iso_date(patch["expiration_date"])
    if "max_tx_size" in patch:
        if patch["max_tx_size"] is None:
            doc.pop("maxTxSize", None)
        else:
            doc["maxTxSize"] = amount(patch["max_tx_size"])
    if patch.get("recurring_limit") is not None:
        doc["recurringLimit"] = amount(patch["recurring_limit"])
    if patch.get("recur_month") is not None:
        if doc.get("recurringInterval") not in ("QUARTERLY", "YEARLY"):
            raise RequestError("BDC_1119", "recurMonth", str(patch["recur_month"]))
        doc["_recurMonth"] = patch["recur_month"]
    if doc.get("limitlessOverspend") and doc.get("recurringInterval") in ("DAILY", "WEEKLY"):
        raise RequestError("BDC_1119", "limitlessOverspend", "true")
    for key in ("limit", "recurring_limit", "max_tx_size", "overspend_buffer"):
        value = patch.get(key)
        if value is not None and value < 0:
            raise field_error(WIRE_NAMES[key], "must be greater than or equal to 0")
    if "parent_budget_id" in patch:
        ref = patch["parent_budget_id"]
        if ref:
            parent = store.get_live(ctx, ref, "parentBudgetId", for_update=True)
            if parent["uuid"] == doc.get("uuid"):
                raise RequestError("BDC_1119", "parentBudgetId", ref)
            doc["parentBudgetId"], doc["parentBudgetUuid"] = parent["id"], parent["uuid"]
            if not parent.get("budgetGroup"):
                store.save(ctx, {**parent, "budgetGroup": True})
        else:
            doc.pop("parentBudgetId", None)
            doc.pop("parentBudgetUuid", None)
    if doc.get("limitlessOverspend"):
        doc["limitlessGoal"] = (doc.get("currentPeriod") or {}).get("limit", amount(patch.get("limit") or 0))
    else:
        doc.pop("limitlessGoal", None)


def list_budgets(ctx: SpendContext, params: SpendListParams) -> dict[str, Any]:
    return page(ctx, SPEC, params, render=_public)


def create_budget(ctx: SpendContext, body: BudgetCreate) -> Doc:
    require_manager(ctx)
    problems = []
    if not (body.name or "").strip():
        problems.append("name: must not be blank")
    if not body.owners:
        problems.append("owners: must not be empty")
    if body.recurring_interval is None:
        problems.append("recurringInterval: must not be null")
    if problems:
        raise ValidationFailed(problems)
    people: list[tuple[Doc, str]] = []
    for field, role, refs in (
        ("owners", "OWNER", body.owners or []),
        ("members", "MEMBER", body.members or []),
        ("observers", "OBSERVER", body.observers or []),
    ):
        for ref in refs:
            people.append((live_user(ctx, ref, field), role))
    doc: Doc = {
        "retired": False,
        "startDate": clock.iso_date(ctx.now.astimezone(periods.zone(body.timezone) or ctx.now.tzinfo)),
        "timezone": periods.DEFAULT_TZ,
        "autoAddUsers": False,
        "receiptRequired": False,
        "carryOver": False,
        "default": False,
        "budgetGroup": False,
        "shareFunds": "SHARE_WITH_ALL_MEMBERS",
        "limitlessOverspend": False,
    }
    _apply_fields(ctx, doc, body)
    if doc.get("recurringInterval") in ("QUARTERLY", "YEARLY") and "_recurMonth" not in doc:
        doc["_recurMonth"] = ctx.now.astimezone(periods.zone(doc.get("timezone")) or UTC).month
    recurring = body.recurring_limit
    limit = body.limit if body.limit is not None else (recurring or Decimal(0))
    doc["recurringLimit"] = amount(recurring if recurring is not None else limit)
    doc["currentPeriod"] = {"overspendBuffer": amount(body.overspend_buffer or 0), "assigned": 0}
    _period(doc, ctx.now, limit)
    if doc.get("limitlessOverspend"):
        doc["limitlessGoal"] = amount(limit)
    doc = store.insert(ctx, doc)
    seen: set[str] = set()
    for user, role in people:
        if user["uuid"] in seen:
            continue
        seen.add(user["uuid"])
        put_member(ctx, doc, user, role, None, None, True)
    return _public(store.get(ctx, doc["uuid"]))


def get_budget(ctx: SpendContext, budget_id: str) -> Doc:
    return _public(store.get(ctx, budget_id))


def update_budget(ctx: SpendContext, budget_id: str, body: BudgetUpdate) -> Doc:
    require_manager(ctx)
    doc = store.get(ctx, budget_id, for_update=True)
    if doc.get("retired"):
        raise NotFoundError(budget_id[:40])
    before_interval = (doc.get("recurringInterval"), doc.get("timezone"), doc.get("_recurMonth"))
    _apply_fields(ctx, doc, body)
    patch = body.model_dump(exclude_unset=True)
    period = doc.setdefault("currentPeriod", {})
    if patch.get("limit") is not None:
        period["limit"] = amount(patch["limit"])
        if doc.get("limitlessOverspend"):
            doc["limitlessGoal"] = period["limit"]
    if patch.get("overspend_buffer") is not None:
        period["overspendBuffer"] = amount(patch["overspend_buffer"])
    if (doc.get("recurringInterval"), doc.get("timezone"), doc.get("_recurMonth")) != before_interval:
        spent = period.get("spent") or {}
        _period(doc, ctx.now, from_json(period.get("limit")), from_json(spent.get("pending")))
        doc["currentPeriod"]["spent"] = spent or doc["currentPeriod"]["spent"]
    for field, role in (("owners", "OWNER"), ("members", "MEMBER"), ("observers", "OBSERVER")):
        for ref in patch.get(field) or []:
            put_member(ctx, doc, live_user(ctx, ref, field), role, None, None, None)
    return _public(store.save(ctx, doc))


def delete_budget(ctx: SpendContext, budget_id: str) -> None:
    require_manager(ctx)
    doc = store.get(ctx, budget_id, for_update=True)
    if not doc.get("retired"):
        store.save(ctx, {**doc, "retired": True, "_periodEnd": ""})


# ------------------------------------------------------------------------------ spending
def record_spend(
    ctx: RequestContext, budget_uuid: str, user_uuid: str, pending: Decimal, cleared: Decimal
) -> None:
    """Move the budget's (and the member's) spent amounts: ``pending`` authorizations,
    ``cleared`` money (either may be negative: a clear moves pending to cleared, a reversal or
    refund gives back)."""
    budget = store.find(ctx, budget_uuid, for_update=True)
    if budget is None:
        return
    period = budget.setdefault("currentPeriod", {})
    spent = period.setdefault("spent", {})
    new_pending = max(Decimal(0), from_json(spent.get("pending")) + pending)
    new_cleared = from_json(spent.get("cleared")) + cleared
    spent.update(
        cleared=amount(new_cleared), pending=amount(new_pending), total=amount(new_cleared + new_pending)
    )
    store.save(ctx, budget)
    member = find_member(ctx, budget_uuid, user_uuid, for_update=True)
    if member is not None:
        member["spent"] = amount(from_json(member.get("spent")) + pending + cleared)
        save_member(ctx, budget_uuid, member, insert=False)


def apply_due_periods(ctx: RequestContext) -> None:
    """Timer: budgets whose period ended start the next one."""
    rows = ctx.tx.conn.execute(
        select(table.c.id, table.c.period_end)
        .where(table.c.org_id == ctx.org_id, table.c.period_end != "", table.c.period_end <= ctx.now_iso)
        .order_by(table.c.period_end, table.c.id)
    ).all()
    for row in rows:
        budget = store.get(ctx, row.id, for_update=True)
        period = budget.get("currentPeriod") or {}
        spent = period.get("spent") or {}
        left = max(Decimal(0), from_json(period.get("limit")) - from_json(spent.get("total")))
        limit = from_json(budget.get("recurringLimit"))
        if budget.get("carryOver"):
            limit += left
        # The new period is the one containing now (several may have passed).
        _period(budget, ctx.now, limit, from_json(spent.get("pending")))
        store.save(ctx, budget)
        for raw in ctx.tx.conn.execute(
            select(mt.c.doc).where(mt.c.org_id == ctx.org_id, mt.c.budget_uuid == budget["uuid"])
        ).scalars():
            member = orjson.loads(raw)
            member["spent"] = 0
            if member.get("recurring") and "recurringLimit" in member:
                member["limit"] = member["recurringLimit"]
            save_member(ctx, budget["uuid"], member, insert=False)
        events.record(ctx, PERIOD_STARTED, {"id": budget["uuid"], "uuid": budget["uuid"]})
