"""Budgets (+ members): create, get, list, PATCH, DELETE; members upsert, bulk, delete.

Budgets really limit spending: ``currentPeriod`` holds the period's ``limit`` and what its
transactions have ``spent`` (``pending`` authorizations, ``cleared`` money); card activity
(``transactions.activity``) checks and moves these through ``record_spend``. When a period
ends (``recurringInterval`` in the budget's ``timezone``) the period timer starts the next
one: ``cleared`` back to 0, ``limit`` = ``recurringLimit`` (plus what was left when
``carryOver``), members' ``spent`` back to 0, and ``spend.budget.period-started`` lets cards
reset theirs.
"""

from __future__ import annotations

import uuid as uuidlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import delete, select

from bill_sandbox import clock, events, money
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import NotFoundError, RequestError, ValidationFailed, field_error
from bill_sandbox.events import Event
from bill_sandbox.listing import F
from bill_sandbox.resources.spend.auth import SpendContext, require_manager
from bill_sandbox.resources.spend.budgets import periods
from bill_sandbox.resources.spend.budgets.models import (
    SpendBudgetMemberRow,
    SpendBudgetRow,
    SpendMemberJobRow,
)
from bill_sandbox.resources.spend.budgets.schemas import (
    BudgetCreate,
    BudgetFields,
    BudgetUpdate,
    BulkMembers,
    MemberUpsert,
)
from bill_sandbox.resources.spend.common import Doc, SpendStore, amount, dec
from bill_sandbox.resources.spend.listing import SpendListParams, SpendSpec, page
from bill_sandbox.resources.spend.users import service as users

t = SpendBudgetRow.__table__
mt = SpendBudgetMemberRow.__table__
jt = SpendMemberJobRow.__table__
PERIOD_STARTED = "spend.budget.period-started"  # internal: cards reset their period
BULK_SYNC_LIMIT = 5
WIRE_NAMES = {
    "limit": "limit",
    "recurring_limit": "recurringLimit",
    "max_tx_size": "maxTxSize",
    "overspend_buffer": "overspendBuffer",
}
BULK_DELAY_SECONDS = 10
KEY_ORDER = (
    "name",
    "description",
    "retired",
    "startDate",
    "expirationDate",
    "recurringInterval",
    "timezone",
    "autoAddUsers",
    "receiptRequired",
    "maxTxSize",
    "carryOver",
    "default",
    "parentBudgetId",
    "parentBudgetUuid",
    "budgetGroup",
    "shareFunds",
    "recurringLimit",
    "limitlessOverspend",
    "limitlessGoal",
    "currentPeriod",
)
MEMBER_ORDER = (
    "userId",
    "userUuid",
    "spent",
    "limit",
    "recurringLimit",
    "recurring",
    "budgetRole",
    "name",
    "retired",
    "shareBudgetFunds",
)


def _project(doc: Doc) -> dict[str, Any]:
    period = doc.get("currentPeriod") or {}
    return {
        "name": doc.get("name", ""),
        "spent_cents": money.to_cents(dec((period.get("spent") or {}).get("total"))),
        "parent_budget_uuid": doc.get("parentBudgetUuid", ""),
        "budget_group": bool(doc.get("budgetGroup")),
        "period_end": doc.pop("_periodEnd", None) or "",
    }


class BudgetStore(SpendStore):
    """Keeps the period's end (not a wire field) in its column across saves."""

    def _values(self, doc: Doc) -> dict[str, Any]:
        end = doc.pop("_periodEnd", None)
        values = super()._values(doc)
        if end is not None:
            values["period_end"] = end
        else:
            values.pop("period_end", None)
        return values


store = BudgetStore(t, "bgt", "Budget", _project, KEY_ORDER)


def _budget_ref(ctx: SpendContext, value: str) -> str | None:
    return store.row_id(ctx, value)


SPEC = SpendSpec(
    t,
    {
        "budgetIds": F("budgetIds", t.c.id, ops="eq,in"),
        "retired": F("retired", t.c.retired, "bool", ops="eq"),
        "parentBudgetId": F("parentBudgetId", t.c.parent_budget_uuid, ops="eq"),
        "isBudgetGroup": F("isBudgetGroup", t.c.budget_group, "bool", ops="eq"),
        "name": F("name", t.c.name, ops="eq,sw"),
    },
    {"name": t.c.name, "spent": t.c.spent_cents, "createdTime": t.c.created_time},
    refs={"budgetIds": _budget_ref, "parentBudgetId": _budget_ref},
)
MEMBER_SPEC = SpendSpec(
    mt,
    {"retired": F("retired", mt.c.retired, "bool", ops="eq")},
    {"name": mt.c.name, "spent": mt.c.spent_cents, "createdTime": mt.c.created_time},
)


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
    spent = dec((period.get("spent") or {}).get("total"))
    return dec(period.get("limit")) + dec(period.get("overspendBuffer")) - spent


# ------------------------------------------------------------------------------- members
def _member_id(budget_uuid: str, user_uuid: str) -> str:
    return f"{budget_uuid}:{user_uuid}"


def find_member(
    ctx: RequestContext, budget_uuid: str, user_uuid: str, for_update: bool = False
) -> Doc | None:
    q = select(mt.c.doc).where(mt.c.org_id == ctx.org_id, mt.c.id == _member_id(budget_uuid, user_uuid))
    if for_update:
        q = q.with_for_update()
    raw = ctx.tx.conn.execute(q).scalar()
    return orjson.loads(raw) if raw else None


def _save_member(ctx: RequestContext, budget_uuid: str, doc: Doc, insert: bool) -> Doc:
    doc = {k: doc[k] for k in MEMBER_ORDER if k in doc and doc[k] is not None}
    values = {
        "doc": orjson.dumps(doc).decode(),
        "name": doc.get("name", ""),
        "spent_cents": money.to_cents(dec(doc.get("spent"))),
        "retired": bool(doc.get("retired")),
        "updated_time": ctx.now_iso,
    }
    mid = _member_id(budget_uuid, doc["userUuid"])
    if insert:
        ctx.tx.conn.execute(
            mt.insert().values(
                id=mid,
                org_id=ctx.org_id,
                budget_uuid=budget_uuid,
                user_uuid=doc["userUuid"],
                created_time=ctx.now_iso,
                **values,
            )
        )
    else:
        ctx.tx.conn.execute(mt.update().where(mt.c.org_id == ctx.org_id, mt.c.id == mid).values(**values))
    return doc


def _upsert_member(
    ctx: RequestContext,
    budget: Doc,
    user: Doc,
    role: str | None,
    limit: Decimal | None,
    recurring_limit: Decimal | None,
    share: bool | None,
) -> Doc:
    existing = find_member(ctx, budget["uuid"], user["uuid"], for_update=True)
    if share is None:
        if limit is not None or recurring_limit is not None:
            share = False
        elif existing is not None and not existing.get("retired"):
            share = bool(existing.get("shareBudgetFunds"))
        else:
            share = True
    if share and (limit is not None or recurring_limit is not None):
        raise RequestError(
            "BDC_1119",
            "shareBudgetFunds",
            "true",
            message="shareBudgetFunds: cannot be true while limit or recurringLimit is set",
        )
    if not share:
        missing = [
            f"{n}: must not be null"
            for n, v in (("limit", limit), ("recurringLimit", recurring_limit))
            if v is None
        ]
        if missing and not (existing and existing.get("shareBudgetFunds") is False and len(missing) < 2):
            raise ValidationFailed(missing)
    doc: Doc = dict(existing or {}) if existing and not existing.get("retired") else {"spent": 0}
    doc.update(
        userId=user["id"],
        userUuid=user["uuid"],
        name=users.full_name(user),
        budgetRole=role or doc.get("budgetRole") or "MEMBER",
        retired=False,
        shareBudgetFunds=share,
    )
    if share:
        doc.pop("limit", None)
        doc.pop("recurringLimit", None)
        doc["recurring"] = False
    else:
        if limit is not None:
            doc["limit"] = amount(limit)
        if recurring_limit is not None:
            doc["recurringLimit"] = amount(recurring_limit)
        doc["recurring"] = "recurringLimit" in doc
    out = _save_member(ctx, budget["uuid"], doc, insert=existing is None)
    _refresh_assigned(ctx, budget["uuid"])
    return out


def _refresh_assigned(ctx: RequestContext, budget_uuid: str) -> None:
    budget = store.find(ctx, budget_uuid, for_update=True)
    if budget is None:
        return
    total = Decimal(0)
    for raw in ctx.tx.conn.execute(
        select(mt.c.doc).where(
            mt.c.org_id == ctx.org_id, mt.c.budget_uuid == budget_uuid, mt.c.retired.is_(False)
        )
    ).scalars():
        m = orjson.loads(raw)
        if not m.get("shareBudgetFunds"):
            total += dec(m.get("limit"))
    period = budget.setdefault("currentPeriod", {})
    if period.get("assigned") != amount(total):
        period["assigned"] = amount(total)
        store.save(ctx, budget)


def _user(ctx: RequestContext, ref: str, field: str) -> Doc:
    return users.store.get_live(ctx, ref, field)


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


def _public(doc: Doc) -> Doc:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


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
            people.append((_user(ctx, ref, field), role))
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
        _upsert_member(ctx, doc, user, role, None, None, True)
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
        _period(doc, ctx.now, dec(period.get("limit")), dec(spent.get("pending")))
        doc["currentPeriod"]["spent"] = spent or doc["currentPeriod"]["spent"]
    for field, role in (("owners", "OWNER"), ("members", "MEMBER"), ("observers", "OBSERVER")):
        for ref in patch.get(field) or []:
            _upsert_member(ctx, doc, _user(ctx, ref, field), role, None, None, None)
    return _public(store.save(ctx, doc))


def delete_budget(ctx: SpendContext, budget_id: str) -> None:
    require_manager(ctx)
    doc = store.get(ctx, budget_id, for_update=True)
    if not doc.get("retired"):
        store.save(ctx, {**doc, "retired": True, "_periodEnd": ""})


# ------------------------------------------------------------------------- member routes
def _budget(ctx: SpendContext, budget_id: str, for_update: bool = False) -> Doc:
    doc = store.get(ctx, budget_id, for_update)
    if doc.get("retired"):
        raise NotFoundError(budget_id[:40])
    return doc


def list_members(ctx: SpendContext, budget_id: str, params: SpendListParams) -> dict[str, Any]:
    budget = store.get(ctx, budget_id)
    return page(ctx, MEMBER_SPEC, params, [mt.c.budget_uuid == budget["uuid"]])


def get_member(ctx: SpendContext, budget_id: str, user_id: str) -> Doc:
    budget = store.get(ctx, budget_id)
    user = users.store.get(ctx, user_id)
    member = find_member(ctx, budget["uuid"], user["uuid"])
    if member is None:
        raise NotFoundError(user_id[:40])
    return member


def upsert_member(ctx: SpendContext, budget_id: str, user_id: str, body: MemberUpsert) -> Doc:
    require_manager(ctx)
    budget = _budget(ctx, budget_id, for_update=True)
    user = users.store.get(ctx, user_id)
    if user.get("retired"):
        raise NotFoundError(user_id[:40])
    return _upsert_member(
        ctx, budget, user, body.role, body.limit, body.recurring_limit, body.share_budget_funds
    )


def delete_member(ctx: SpendContext, budget_id: str, user_id: str) -> None:
    require_manager(ctx)
    budget = _budget(ctx, budget_id, for_update=True)
    user = users.store.get(ctx, user_id)
    member = find_member(ctx, budget["uuid"], user["uuid"], for_update=True)
    if member is None or member.get("retired"):
        raise NotFoundError(user_id[:40])
    _save_member(ctx, budget["uuid"], {**member, "retired": True}, insert=False)
    _refresh_assigned(ctx, budget["uuid"])


def bulk_members(ctx: SpendContext, budget_id: str, body: BulkMembers) -> Doc:
    require_manager(ctx)
    budget = _budget(ctx, budget_id, for_update=True)
    if not body.members:
        raise field_error("members", "size must be between 1 and 2147483647")
    items: list[Doc] = []
    for i, m in enumerate(body.members):
        if not m.user_id:
            raise field_error(f"members[{i}].userId", "must not be null")
        user = _user(ctx, m.user_id, f"members[{i}].userId")
        if m.share_budget_funds and (m.limit is not None or m.recurring_limit is not None):
            raise RequestError("BDC_1119", f"members[{i}].shareBudgetFunds", "true")
        items.append(
            {
                "userUuid": user["uuid"],
                "role": m.role,
                "limit": None if m.limit is None else str(m.limit),
                "recurringLimit": None if m.recurring_limit is None else str(m.recurring_limit),
                "shareBudgetFunds": m.share_budget_funds,
            }
        )
    if len(items) <= BULK_SYNC_LIMIT:
        _apply_bulk(ctx, budget, items)
        return {"status": "SUCCESS"}
    due = clock.iso(ctx.now + timedelta(seconds=BULK_DELAY_SECONDS))
    ctx.tx.conn.execute(
        jt.insert().values(
            id=str(uuidlib.uuid4()),
            org_id=ctx.org_id,
            budget_uuid=budget["uuid"],
            due_time=due,
            payload=orjson.dumps(items).decode(),
            created_time=ctx.now_iso,
        )
    )
    return {"status": "IN_PROGRESS"}


def _apply_bulk(ctx: RequestContext, budget: Doc, items: list[Doc]) -> None:
    for item in items:
        user = users.store.find(ctx, item["userUuid"])
        if user is None or user.get("retired"):
            continue
        limit = None if item.get("limit") is None else Decimal(item["limit"])
        recurring = None if item.get("recurringLimit") is None else Decimal(item["recurringLimit"])
        try:
            _upsert_member(
                ctx, budget, user, item.get("role"), limit, recurring, item.get("shareBudgetFunds")
            )
        except (RequestError, ValidationFailed):
            if ctx.session_id:  # a request: the caller hears about it
                raise
            # applied later by the timer: a member the rules refuse is skipped


def apply_due_member_jobs(ctx: RequestContext) -> None:
    """Timer: the bulk member updates (more than 5 users) that came due."""
    rows = ctx.tx.conn.execute(
        select(jt.c.id, jt.c.budget_uuid, jt.c.payload)
        .where(jt.c.org_id == ctx.org_id, jt.c.due_time != "", jt.c.due_time <= ctx.now_iso)
        .order_by(jt.c.due_time, jt.c.id)
    ).all()
    for row in rows:
        budget = store.find(ctx, row.budget_uuid, for_update=True)
        if budget is not None and not budget.get("retired"):
            _apply_bulk(ctx, budget, orjson.loads(row.payload))
        ctx.tx.conn.execute(delete(jt).where(jt.c.id == row.id))


def auto_add_user(ctx: RequestContext, event: Event) -> None:
    """Reaction to ``spend.user.created``: budgets with ``autoAddUsers`` take the new user in
    as a MEMBER sharing the budget's funds."""
    user = event.obj
    if user.get("role") not in ("MEMBER", "ADMIN", "BOOKKEEPER"):
        return
    for budget in store.all(ctx):
        if budget.get("autoAddUsers"):
            _upsert_member(ctx, budget, user, "MEMBER", None, None, True)


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
    new_pending = max(Decimal(0), dec(spent.get("pending")) + pending)
    new_cleared = dec(spent.get("cleared")) + cleared
    spent.update(
        cleared=amount(new_cleared), pending=amount(new_pending), total=amount(new_cleared + new_pending)
    )
    store.save(ctx, budget)
    member = find_member(ctx, budget_uuid, user_uuid, for_update=True)
    if member is not None:
        member["spent"] = amount(dec(member.get("spent")) + pending + cleared)
        _save_member(ctx, budget_uuid, member, insert=False)


def apply_due_periods(ctx: RequestContext) -> None:
    """Timer: budgets whose period ended start the next one."""
    rows = ctx.tx.conn.execute(
        select(t.c.id, t.c.period_end)
        .where(t.c.org_id == ctx.org_id, t.c.period_end != "", t.c.period_end <= ctx.now_iso)
        .order_by(t.c.period_end, t.c.id)
    ).all()
    for row in rows:
        budget = store.get(ctx, row.id, for_update=True)
        period = budget.get("currentPeriod") or {}
        spent = period.get("spent") or {}
        left = max(Decimal(0), dec(period.get("limit")) - dec(spent.get("total")))
        limit = dec(budget.get("recurringLimit"))
        if budget.get("carryOver"):
            limit += left
        # The new period is the one containing now (several may have passed).
        _period(budget, ctx.now, limit, dec(spent.get("pending")))
        store.save(ctx, budget)
        for raw in ctx.tx.conn.execute(
            select(mt.c.doc).where(mt.c.org_id == ctx.org_id, mt.c.budget_uuid == budget["uuid"])
        ).scalars():
            member = orjson.loads(raw)
            member["spent"] = 0
            if member.get("recurring") and "recurringLimit" in member:
                member["limit"] = member["recurringLimit"]
            _save_member(ctx, budget["uuid"], member, insert=False)
        events.record(ctx, PERIOD_STARTED, {"id": budget["uuid"], "uuid": budget["uuid"]})
