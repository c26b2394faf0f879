"""Reimbursements: create (with receipts), get, list, PATCH, DELETE, approve/deny, receipts,
and payment on the sandbox clock (BILL-RULES §5.18b state machine, OUR DESIGN where BILL is silent).

    create -> AWAITING_APPROVAL (history: CREATED by the SUBMITTER, AWAITING_APPROVAL)
    DENY   -> DENIED
    APPROVE -> APPROVED -> READY_TO_PAY
    next business day's batch (14:00 America/Los_Angeles) -> PAYMENT_PENDING (batchId)
    the business day after -> PAID (or PAYMENT_FAILED for the amount 999.07)
    DELETE (before payment) -> DELETED, retired

Every transition appends to ``statusHistory`` and records ``spend.reimbursement.updated``
(``.created`` / ``.deleted`` for those); payloads are ``ReimbursementPayloadV1``. A paid
reimbursement counts as cleared spend of its budget.
"""

from __future__ import annotations

import secrets
from datetime import datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from bill_sandbox import business_days, clock, events, money
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, ForbiddenError, NotFoundError, ValidationFailed, field_error
from bill_sandbox.jsonio import prune
from bill_sandbox.listing import list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.spend.auth import NO_PERMISSION, SpendContext, require_admin, require_writer
from bill_sandbox.resources.spend.budgets import members
from bill_sandbox.resources.spend.budgets import service as budgets
from bill_sandbox.resources.spend.common import Doc, SpendStore, amount, company_uuid
from bill_sandbox.resources.spend.custom_fields import service as custom_fields
from bill_sandbox.resources.spend.listing import SpendListParams, SpendSpec, page
from bill_sandbox.resources.spend.reimbursements.models import SpendReimbursementRow
from bill_sandbox.resources.spend.reimbursements.schemas import (
    ReimbursementAction,
    ReimbursementCreate,
    ReimbursementUpdate,
)
from bill_sandbox.resources.spend.transactions.schemas import ReceiptAdd
from bill_sandbox.resources.spend.uploads import service as uploads
from bill_sandbox.resources.spend.users import service as users

table = SpendReimbursementRow.__table__
FAIL_AMOUNT = Decimal("999.07")
BATCH_TZ = ZoneInfo("America/Los_Angeles")
BATCH_TIME = time(14, 0)
EDITABLE = ("AWAITING_APPROVAL",)
KEY_ORDER = (
    "amount",
    "fulfillmentType",
    "fundRequestAmount",
    "fundRequestBudgetAmount",
    "merchantName",
    "note",
    "submittedTime",
    "occurredDate",
    "retired",
    "status",
    "type",
    "batchId",
    "batchAmount",
    "statusHistory",
    "budgetId",
    "budgetUuid",
    "userId",
    "userUuid",
    "receipts",
    "customFields",
)


def _project(doc: Doc) -> dict[str, Any]:
    out = {
        "submitted_time": doc.get("submittedTime", ""),
        "amount_cents": money.to_cents(from_json(doc.get("amount"))),
        "status": doc.get("status", ""),
    }
    step = doc.pop("_nextStepAt", None)
    if step is not None:
        out["next_step_at"] = step
    return out


store = SpendStore(table, "rmb", "Reimbursement", _project, KEY_ORDER)
SPEC = SpendSpec(
    table,
    {
        "reimbursementIds": list_field("reimbursementIds", table.c.id, ops="eq,in"),
        "retired": list_field("retired", table.c.retired, "bool", ops="eq"),
        "status": list_field("status", table.c.status, ops="eq,ne,in,nin"),
    },
    {
        "submittedTime": table.c.submitted_time,
        "amount": table.c.amount_cents,
        "createdTime": table.c.created_time,
    },
    refs={"reimbursementIds": lambda ctx, v: store.row_id(ctx, v)},
)


def payload_v1(ctx: RequestContext, doc: Doc) -> Doc:
    occurred = doc.get("occurredDate")
    out = {
        "uuid": doc["uuid"],
        "note": doc.get("note"),
        "merchantName": doc.get("merchantName"),
        "amount": doc.get("amount"),
        "status": doc.get("status"),
        "fulfillmentType": doc.get("fulfillmentType"),
        "budgetUuid": doc.get("budgetUuid"),
        "companyUuid": company_uuid(ctx.org_id),
        "userUuid": doc.get("userUuid"),
        "occurredTime": f"{occurred}T00:00:00.000+00:00" if occurred else None,
        "updatedTime": ctx.now_iso,
        "retiredTime": ctx.now_iso if doc.get("retired") else None,
        "submittedTime": doc.get("submittedTime"),
    }
    result: Doc = prune(out)
    return result


def _announce(ctx: RequestContext, action: str, doc: Doc) -> None:
    events.record(ctx, f"spend.reimbursement.{action}", payload_v1(ctx, doc))


def _step(
    ctx: RequestContext,
    doc: Doc,
    status: str,
    actor: str,
    role: str,
    note: str | None = None,
    at: str | None = None,
) -> None:
    doc["status"] = status
    step = {
        "actorId": actor,
        "actorRole": role,
        "occurredTime": at or ctx.now_iso,
        "note": note,
        "status": status,
    }
    doc.setdefault("statusHistory", []).append(prune(step))


def batch_time(after: datetime) -> str:
    """The next business day's payment batch (14:00 America/Los_Angeles), in sandbox time."""
    day = business_days.next_business_day(after.astimezone(BATCH_TZ).date())
    return clock.iso(datetime.combine(day, BATCH_TIME, tzinfo=BATCH_TZ))


def _refs(ctx: SpendContext, body: ReimbursementCreate | ReimbursementUpdate, doc: Doc) -> None:
    if body.user_id:
        user = users.store.get_live(ctx, body.user_id, "userId")
        if ctx.role == "MEMBER" and user["uuid"] != ctx.user_uuid:
            raise ForbiddenError(None, message=NO_PERMISSION)
        doc["userId"], doc["userUuid"] = user["id"], user["uuid"]
    if body.budget_id:
        budget = budgets.store.get_live(ctx, body.budget_id, "budgetId")
        doc["budgetId"], doc["budgetUuid"] = budget["id"], budget["uuid"]


def list_reimbursements(ctx: SpendContext, params: SpendListParams) -> dict[str, Any]:
    return page(ctx, SPEC, params)


def create_reimbursement(ctx: SpendContext, body: ReimbursementCreate) -> Doc:
    require_writer(ctx)
    missing = [
        f"{name}: must not be null"
        for name, value in (
            ("userId", body.user_id),
            ("budgetId", body.budget_id),
            ("amount", body.amount),
            ("note", (body.note or "").strip()),
            ("merchantName", (body.merchant_name or "").strip()),
            ("occurredDate", body.occurred_date),
            ("receipts", body.receipts),
        )
        if value is None or value == ""
    ]
    if missing:
        raise ValidationFailed(missing)
    assert body.amount is not None and body.occurred_date is not None
    if body.amount <= 0:
        raise field_error("amount", "must be greater than 0")
    doc: Doc = {
        "amount": amount(body.amount),
        "fulfillmentType": "ACH",
        "fundRequestAmount": amount(body.amount),
        "fundRequestBudgetAmount": amount(body.amount),
        "merchantName": body.merchant_name,
        "note": body.note,
        "submittedTime": ctx.now_iso,
        "occurredDate": clock.iso_date(body.occurred_date),
        "retired": False,
        "type": "EXPENSE",
    }
    _refs(ctx, body, doc)
    doc["receipts"] = [
        uploads.receipt(ctx, r.url, r.filename, f"receipts[{i}].url")
        for i, r in enumerate(body.receipts or [])
    ]
    doc["customFields"] = custom_fields.apply_choices(ctx, body.custom_fields or [], doc["budgetUuid"], [])
    submitter = doc["userUuid"]
    _step(ctx, doc, "CREATED", submitter, "SUBMITTER")
    _step(ctx, doc, "AWAITING_APPROVAL", submitter, "SUBMITTER")
    doc = store.insert(ctx, doc)
    _announce(ctx, "created", doc)
    return doc


def get_reimbursement(ctx: SpendContext, reimbursement_id: str) -> Doc:
    return store.get(ctx, reimbursement_id)


def _editable(ctx: SpendContext, reimbursement_id: str) -> Doc:
    doc = store.get(ctx, reimbursement_id, for_update=True)
    if doc.get("retired"):
        raise NotFoundError(reimbursement_id[:40])
    if ctx.role == "MEMBER" and doc.get("userUuid") != ctx.user_uuid:
        raise ForbiddenError(None, message=NO_PERMISSION)
    if doc.get("status") not in EDITABLE:
        raise ApplicationError("BDC_1119", "status", doc.get("status", ""), object_id=doc["uuid"])
    return doc


def update_reimbursement(ctx: SpendContext, reimbursement_id: str, body: ReimbursementUpdate) -> Doc:
    require_writer(ctx)
    doc = _editable(ctx, reimbursement_id)
    patch = body.model_dump(exclude_unset=True)
    if "amount" in patch:
        if patch["amount"] is None or patch["amount"] <= 0:
            raise field_error("amount", "must be greater than 0")
        doc["amount"] = doc["fundRequestAmount"] = doc["fundRequestBudgetAmount"] = amount(patch["amount"])
    for key, wire in (("note", "note"), ("merchant_name", "merchantName")):
        if key in patch:
            if not (patch[key] or "").strip():
                raise field_error(wire, "must not be blank")
            doc[wire] = patch[key]
    if patch.get("occurred_date"):
        doc["occurredDate"] = clock.iso_date(patch["occurred_date"])
    _refs(ctx, body, doc)
    if body.custom_fields is not None:
        doc["customFields"] = custom_fields.apply_choices(
            ctx, body.custom_fields, doc["budgetUuid"], doc.get("customFields")
        )
    doc = store.save(ctx, doc)
    _announce(ctx, "updated", doc)
    return doc


def delete_reimbursement(ctx: SpendContext, reimbursement_id: str) -> None:
    require_writer(ctx)
    doc = store.get(ctx, reimbursement_id, for_update=True)
    if doc.get("retired"):
        raise NotFoundError(reimbursement_id[:40])
    if ctx.role == "MEMBER" and doc.get("userUuid") != ctx.user_uuid:
        raise ForbiddenError(None, message=NO_PERMISSION)
    if doc.get("status") in ("PAYMENT_PENDING", "PAID"):
        raise ApplicationError("BDC_1119", "status", doc["status"], object_id=doc["uuid"])
    _step(ctx, doc, "DELETED", ctx.user_uuid, "MANAGER")
    doc["retired"] = True
    doc["_nextStepAt"] = ""
    doc = store.save(ctx, doc)
    _announce(ctx, "deleted", doc)


def act(ctx: SpendContext, reimbursement_id: str, body: ReimbursementAction) -> Doc:
    require_admin(ctx)
    if body.action is None:
        raise field_error("action", "must not be null")
    doc = store.get(ctx, reimbursement_id, for_update=True)
    if doc.get("retired"):
        raise NotFoundError(reimbursement_id[:40])
    if doc.get("status") not in ("AWAITING_APPROVAL", "AWAITING_TIER2_APPROVAL"):
        raise ApplicationError("BDC_1119", "action", body.action, object_id=doc["uuid"])
    member = members.find_member(ctx, doc["budgetUuid"], ctx.user_uuid)
    role = "BUDGET_OWNER" if member and member.get("budgetRole") == "OWNER" else "MANAGER"
    if body.action == "DENY":
        _step(ctx, doc, "DENIED", ctx.user_uuid, role, body.note)
    else:
        _step(ctx, doc, "APPROVED", ctx.user_uuid, role, body.note)
        _step(ctx, doc, "READY_TO_PAY", ctx.user_uuid, role)
        doc["_nextStepAt"] = batch_time(ctx.now)
    doc = store.save(ctx, doc)
    _announce(ctx, "updated", doc)
    return doc


def add_receipt(ctx: SpendContext, reimbursement_id: str, body: ReceiptAdd) -> Doc:
    require_writer(ctx)
    doc = _editable(ctx, reimbursement_id)
    receipt = uploads.receipt(ctx, body.url, body.filename)
    doc.setdefault("receipts", []).append(receipt)
    _announce(ctx, "updated", store.save(ctx, doc))
    return receipt


def delete_receipt(ctx: SpendContext, reimbursement_id: str, receipt_id: str) -> None:
    require_writer(ctx)
    doc = _editable(ctx, reimbursement_id)
    receipts = doc.get("receipts") or []
    kept = [r for r in receipts if r.get("uuid") != receipt_id]
    if len(kept) == len(receipts):
        raise NotFoundError(receipt_id[:40])
    doc["receipts"] = kept
    _announce(ctx, "updated", store.save(ctx, doc))


def apply_due(ctx: RequestContext) -> None:
    """Timer: READY_TO_PAY -> PAYMENT_PENDING at the batch, then PAID (or PAYMENT_FAILED)."""
    from sqlalchemy import select

    rows = ctx.tx.conn.execute(
        select(table.c.id, table.c.next_step_at)
        .where(table.c.org_id == ctx.org_id, table.c.next_step_at != "", table.c.next_step_at <= ctx.now_iso)
        .order_by(table.c.next_step_at, table.c.id)
    ).all()
    for row in rows:
        doc = store.get(ctx, row.id, for_update=True)
        due = clock.parse_timestamp(row.next_step_at) or ctx.now
        status = doc.get("status")
        if status == "READY_TO_PAY":
            _step(ctx, doc, "PAYMENT_PENDING", "SYSTEM", "MANAGER", at=row.next_step_at)
            doc["batchId"] = "bat_" + secrets.token_hex(8)
            doc["batchAmount"] = doc["amount"]
            doc["_nextStepAt"] = batch_time(due)
        elif status == "PAYMENT_PENDING":
            failed = from_json(doc.get("amount")) == FAIL_AMOUNT
            _step(ctx, doc, "PAYMENT_FAILED" if failed else "PAID", "SYSTEM", "MANAGER", at=row.next_step_at)
            doc["_nextStepAt"] = ""
            if not failed:
                budgets.record_spend(
                    ctx, doc["budgetUuid"], doc["userUuid"], Decimal(0), from_json(doc["amount"])
                )
        else:
            doc["_nextStepAt"] = ""
        doc = store.save(ctx, doc)
        events.record(ctx, "spend.reimbursement.updated", payload_v1(ctx, doc), at=row.next_step_at)
