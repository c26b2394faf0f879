"""Budget members: add or update, bulk (more than 5 users: applied a moment later by a timer),
delete, lists; new users joining ``autoAddUsers`` budgets."""

from __future__ import annotations

import uuid as uuidlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import delete, select

from bill_sandbox import clock, money
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import NotFoundError, RequestError, ValidationFailed, field_error
from bill_sandbox.events import Event
from bill_sandbox.money import from_json
from bill_sandbox.resources.spend.auth import SpendContext, require_manager
from bill_sandbox.resources.spend.budgets.schemas import (
    BulkMembers,
    MemberUpsert,
)
from bill_sandbox.resources.spend.budgets.store import MEMBER_ORDER, MEMBER_SPEC, jt, mt, store
from bill_sandbox.resources.spend.common import Doc, amount
from bill_sandbox.resources.spend.listing import SpendListParams, page
from bill_sandbox.resources.spend.users import service as users

BULK_SYNC_LIMIT = 5
BULK_DELAY_SECONDS = 10


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


def save_member(ctx: RequestContext, budget_uuid: str, doc: Doc, insert: bool) -> Doc:
    doc = {k: doc[k] for k in MEMBER_ORDER if k in doc and doc[k] is not None}
    values = {
        "doc": orjson.dumps(doc).decode(),
        "name": doc.get("name", ""),
        "spent_cents": money.to_cents(from_json(doc.get("spent"))),
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


def put_member(
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
    out = save_member(ctx, budget["uuid"], doc, insert=existing is None)
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
            total += from_json(m.get("limit"))
    period = budget.setdefault("currentPeriod", {})
    if period.get("assigned") != amount(total):
        period["assigned"] = amount(total)
        store.save(ctx, budget)


def live_user(ctx: RequestContext, ref: str, field: str) -> Doc:
    return users.store.get_live(ctx, ref, field)


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
    return put_member(ctx, budget, user, body.role, body.limit, body.recurring_limit, body.share_budget_funds)


def delete_member(ctx: SpendContext, budget_id: str, user_id: str) -> None:
    require_manager(ctx)
    budget = _budget(ctx, budget_id, for_update=True)
    user = users.store.get(ctx, user_id)
    member = find_member(ctx, budget["uuid"], user["uuid"], for_update=True)
    if member is None or member.get("retired"):
        raise NotFoundError(user_id[:40])
    save_member(ctx, budget["uuid"], {**member, "retired": True}, insert=False)
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
        user = live_user(ctx, m.user_id, f"members[{i}].userId")
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
        limit = None if item.get("limit") is None else money.from_json(item["limit"])
        recurring = None if item.get("recurringLimit") is None else money.from_json(item["recurringLimit"])
        try:
            put_member(ctx, budget, user, item.get("role"), limit, recurring, item.get("shareBudgetFunds"))
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
            put_member(ctx, budget, user, "MEMBER", None, None, True)
