"""What is done to a payment besides its clock steps (BILL-RULES §5.6, §6 #21, §7.4): cancel and
void (the payments API), release of a held payment and a failed funding's wire received (the
control plane), and the hold on new payments while a funding failure awaits its wire.

Cancel: SCHEDULED → CANCELED, the bills get the amount back. Void: VOID_PENDING at the request
→ VOIDED 1 business day later (``lifecycle`` takes that step). Release: a DISBURSEMENT_ON_HOLD
payment (amount 999.01) resumes on the release business day.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import bindparam, select

from bill_sandbox import business_days, clock, ids
from bill_sandbox.context import RequestContext, system_context
from bill_sandbox.db import Prepared, Tx
from bill_sandbox.errors import ApplicationError, NotFoundError
from bill_sandbox.resources.payments import storage
from bill_sandbox.resources.payments.lifecycle import (
    Batch,
    _legacy,
    advance,
    apply_due,
    save_rows,
    set_voidable,
    transition,
)
from bill_sandbox.resources.payments.rails import (
    MSG_FUNDING_FAILED,
    VOID_PREFIX,
    VOIDABLE,
    encode_plan,
    next_at,
    offline_plan,
    start_of,
    steps_for,
)
from bill_sandbox.settings import Settings
from bill_sandbox.store import Doc, valid_id

table = storage.table


# ---------------------------------------------------------------------- request actions
def cancel(ctx: RequestContext, doc: Doc, plan: dict[str, Any] | None) -> Doc:
    """SCHEDULED → CANCELED: the bills get the amount back (§5.6)."""
    status = doc.get("singleStatus")
    if status != "SCHEDULED" or plan is None:
        raise ApplicationError(
            "BDC_1119",
            message=(
                f"The payment can't be canceled: its status is {status}. Only a SCHEDULED payment "
                "can be canceled; void a payment that is already processing."
            ),
            object_id=doc["id"],
        )
    batch = Batch(ctx)
    transition(batch, doc, plan, "CANCELED", ctx.now)
    doc["cancelRequestSubmitted"] = True
    plan["steps"] = []
    save_rows(ctx.tx, [(doc, plan)])
    storage.notify(ctx, doc, status)
    return doc


def void(ctx: RequestContext, doc: Doc, plan: dict[str, Any] | None, void_type: str, reason: str) -> Doc:
    """Append to ``voidInfo`` and move to VOID_PENDING (VOIDED one business day later); a
    payment whose funding failed is voided at once (FUNDING_FAILED_VOIDED)."""
    status = str(doc.get("singleStatus"))
    online = bool(doc.get("onlinePayment"))
    pending = plan is not None and plan.get("void")
    if status == "SCHEDULED":
        raise ApplicationError(
            "BDC_1119",
            message="A SCHEDULED payment can't be voided: cancel it instead.",
            object_id=doc["id"],
        )
    voidable = status in VOIDABLE if online else status == "CLEARED"
    if status == "FUNDING_FAILED_ACTION_NEEDED":
        raise ApplicationError("BDC_1119", message=MSG_FUNDING_FAILED, object_id=doc["id"])
    if not voidable or pending:
        raise ApplicationError(
            "BDC_1119",
            message=f"The payment can't be voided: its status is {status}.",
            object_id=doc["id"],
        )
    if not online and void_type != "VOID_ONLY":
        raise ApplicationError(
            "BDC_1119",
            "type",
            void_type,
            object_id=doc["id"],
        )
    plan = plan if plan is not None else offline_plan()
    entry = {
        "id": ids.new_id(VOID_PREFIX),
        "requestedBy": ctx.user_id,
        "type": void_type,
        "status": "TO_BE_PROCESSED",
        "reason": reason,
        "createdTime": ctx.now_iso,
        "updatedTime": ctx.now_iso,
    }
    doc["voidInfo"] = [*(doc.get("voidInfo") or []), entry]
    plan["void"] = entry["id"]
    plan["by"] = ctx.user_id
    batch = Batch(ctx)
    transition(batch, doc, plan, "VOID_PENDING", ctx.now)
    voided = start_of(business_days.add_business_days(ctx.now.date(), 1))
    plan["steps"] = [[clock.iso(voided), "VOIDED"]]
    save_rows(ctx.tx, [(doc, plan)])
    storage.notify(ctx, doc, status)
    for new_doc, new_plan_ in batch.new_payments:
        storage.insert(ctx, new_doc, next_at(new_plan_), encode_plan(new_plan_))
    return doc


def release(tx: Tx, settings: Settings, payment_id: str) -> Doc:
    """Control plane: a DISBURSEMENT_ON_HOLD payment (amount 999.01) resumes; its +1 step
    happens on the release business day (now, on a business day) and the rest follow."""
    if not valid_id(payment_id):
        raise NotFoundError(payment_id)
    row = tx.conn.execute(
        select(table.c.org_id, table.c.doc, table.c.plan).where(table.c.id == payment_id).with_for_update()
    ).first()
    if row is None:
        raise NotFoundError(payment_id)
    doc: Doc = orjson.loads(row.doc)
    plan: dict[str, Any] | None = orjson.loads(row.plan) if row.plan else None
    if doc.get("singleStatus") != "DISBURSEMENT_ON_HOLD" or plan is None:
        raise ApplicationError(
            "BDC_1119",
            message=f"Only a payment on hold can be released; this one is {doc.get('singleStatus')}.",
            object_id=payment_id,
        )
    tx.use_org(row.org_id)
    now = tx.now
    today = now.date()
    resume = today if business_days.is_business_day(today) else business_days.next_business_day(today)
    base = business_days.previous_business_day(resume)
    steps = steps_for(plan["rail"], base, bool(plan.get("fast")), plan.get("delivery"), None)
    plan["magic"] = None
    plan["steps"] = [[clock.iso(s.at), s.status] for s in steps if s.offset >= 1]
    batch = Batch(system_context(tx, row.org_id, settings, str(plan.get("by") or "")))
    advance(batch, doc, plan, clock.iso(now))
    save_rows(tx, [(doc, plan)])
    for new_doc, new_plan_ in batch.new_payments:
        storage.insert(batch.ctx, new_doc, next_at(new_plan_), encode_plan(new_plan_))
    return doc


# ----------------------------------------------------------------- funding failures (§7.4)
_HELD = Prepared(
    select(table.c.id)
    .where(table.c.org_id == bindparam("org"), table.c.single_status == "FUNDING_FAILED_ACTION_NEEDED")
    .limit(1)
)


def require_funding_settled(ctx: RequestContext) -> None:
    """New payments of an organization with a payment in FUNDING_FAILED_ACTION_NEEDED are
    refused until the funds are received (BILL-RULES §5.6; ``funds_received``)."""
    apply_due(ctx)
    held = ctx.tx.fetch(_HELD, {"org": ctx.org_id})
    if held:
        raise ApplicationError("BDC_1150", message=MSG_FUNDING_FAILED, object_id=str(held[0][0]))


def funds_received(tx: Tx, settings: Settings, org_id: str) -> list[Doc]:
    """Control plane: the payer wired what its failed fundings owed. Each payment in
    FUNDING_FAILED_ACTION_NEEDED takes the status its disbursement reached (announced), and the
    organization may pay again."""
    ctx = system_context(tx, org_id, settings)
    apply_due(ctx)
    rows = ctx.tx.conn.execute(
        select(table.c.doc, table.c.plan)
        .where(table.c.org_id == org_id, table.c.single_status == "FUNDING_FAILED_ACTION_NEEDED")
        .order_by(table.c.id)
        .with_for_update()
    ).all()
    out: list[tuple[Doc, dict[str, Any] | None]] = []
    for row in rows:
        doc: Doc = orjson.loads(row.doc)
        plan: dict[str, Any] = orjson.loads(row.plan) if row.plan else offline_plan()
        status = str(plan.pop("disbursed", None) or "FUNDING_STARTED")
        plan.pop("held", None)
        _legacy(doc, status)
        set_voidable(doc)
        doc["updatedTime"] = ctx.now_iso
        out.append((doc, plan))
    save_rows(ctx.tx, out)
    for doc, _ in out:
        storage.notify(ctx, storage.store.order(doc), "FUNDING_FAILED_ACTION_NEEDED")
    return [storage.store.order(doc) for doc, _ in out]
