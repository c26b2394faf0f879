"""Risk verification rules (BILL-RULES §5.16b, §7.2 with its correction).

- A user registers a phone (``POST /v3/risk-verifications/phone``, or a partner for one of its
  users); ``GET …/phone`` answers ``{hasPhone}`` for the calling user.
- ``POST /v3/risk-verifications`` is ADMINISTRATOR-only (403) and needs the caller's phone
  (400 ``BDC_1119`` without one). It starts ``{processingStatus: IN_PROGRESS, decision:
  IN_PROGRESS}``; while one is in progress, starting again answers that one.
- One business day later (sandbox clock, the scheduler's timer) the decision is made and
  ``risk-verification.updated`` is recorded with ``{decision}``: APPROVE (processing
  COMPLETED) unless the phone is a magic number: digits ending ``9990001`` HOLD, ``9990002``
  REVIEW (both stay processing IN_PROGRESS, as BILL shows for HOLD), ``9990003`` DECLINE
  (COMPLETED).
- ``GET /v3/risk-verifications`` answers the latest verification; none yet is 404 ``BDC_1120``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import select

from bill_sandbox import business_days, clock, events
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import BillError, NotFoundError, RequestError, field_error
from bill_sandbox.listing import ListSpec
from bill_sandbox.resources.risk_verifications.models import RiskPhoneRow, RiskVerificationRow
from bill_sandbox.resources.risk_verifications.schemas import PhoneIn
from bill_sandbox.resources.users.service import require_admin, user_store
from bill_sandbox.store import Doc, DocumentStore, valid_id

pt = RiskPhoneRow.__table__
table = RiskVerificationRow.__table__
MAGIC: dict[str, str] = {"9990001": "HOLD", "9990002": "REVIEW", "9990003": "DECLINE"}
STILL_PROCESSING = frozenset({"HOLD", "REVIEW"})
ORDER = ("processingStatus", "decision", "referenceId")

phone_store = DocumentStore(pt, "rph", ListSpec.build(pt), key_order=("userId", "phoneNumber", "phoneType"))


def _project_verification(doc: Doc) -> dict[str, Any]:
    """``decideAt`` (when the decision is due: the scheduler's timer) and ``outcome`` (what it
    will be) live in the stored document for the scheduler; answers leave them out (``_public``)."""
    return {"decide_at": doc.get("decideAt"), "outcome": doc.get("outcome", "APPROVE")}


verification_store = DocumentStore(table, "rvf", ListSpec.build(table), _project_verification)


class NoDataFound(BillError):
    http_status = 404
    category = "DOWNSTREAM"

    def __init__(self) -> None:
        super().__init__("BDC_1120")


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _save_phone(ctx: RequestContext, user_id: str, body: PhoneIn) -> None:
    assert body.phone_number
    digits = _digits(body.phone_number)
    if not 10 <= len(digits) <= 15:
        raise field_error("phoneNumber", "must be a phone number of 10 to 15 digits")
    doc = {"userId": user_id, "phoneNumber": body.phone_number, "phoneType": body.phone_type or "MOBILE"}
    existing = phone_store.find(ctx, user_id)
    if existing is None:
        phone_store.insert(ctx, doc, id_=user_id)
    else:
        phone_store.save(ctx, {**existing, **doc})


def add_phone(ctx: RequestContext, body: PhoneIn) -> None:
    _save_phone(ctx, ctx.user_id, body)


def add_user_phone(ctx: RequestContext, user_id: str, body: PhoneIn) -> None:
    """The partner operation: the phone of one of the organization's users."""
    if not valid_id(user_id) or user_store.find(ctx, user_id) is None:
        raise NotFoundError(user_id)
    _save_phone(ctx, user_id, body)


def phone_status(ctx: RequestContext) -> Doc:
    return {"hasPhone": phone_store.find(ctx, ctx.user_id) is not None}


def _public(doc: Doc) -> Doc:
    return {k: doc[k] for k in ORDER if k in doc}


def _latest(ctx: RequestContext) -> Doc | None:
    value = ctx.tx.conn.execute(
        select(table.c.doc)
        .where(table.c.org_id == ctx.org_id)
        .order_by(table.c.created_time.desc(), table.c.id.desc())
        .limit(1)
    ).scalar()
    if value is None:
        return None
    doc: Doc = orjson.loads(value)
    return doc


def start(ctx: RequestContext) -> Doc:
    require_admin(ctx)
    phone = phone_store.find(ctx, ctx.user_id)
    if phone is None:
        raise RequestError("BDC_1119", "phoneNumber", "")
    latest = _latest(ctx)
    if (
        latest is not None
        and latest["processingStatus"] == "IN_PROGRESS"
        and latest["decision"] == "IN_PROGRESS"
    ):
        return _public(latest)
    digits = _digits(phone["phoneNumber"])
    outcome = next((d for suffix, d in MAGIC.items() if digits.endswith(suffix)), "APPROVE")
    now = ctx.now
    due = datetime.combine(business_days.add_business_days(now.date(), 1), now.timetz())
    reference = str(uuid.uuid4())
    doc = {"processingStatus": "IN_PROGRESS", "decision": "IN_PROGRESS", "referenceId": reference}
    verification_store.insert(ctx, {**doc, "decideAt": clock.iso(due), "outcome": outcome}, id_=reference)
    return doc


def status(ctx: RequestContext) -> Doc:
    latest = _latest(ctx)
    if latest is None:
        raise NoDataFound()
    return _public(latest)


def apply_due(ctx: RequestContext) -> None:
    """The scheduler's timer (``resources.registry``): decisions due by now."""
    rows = ctx.tx.conn.execute(
        select(table.c.id, table.c.decide_at, table.c.outcome)
        .where(table.c.org_id == ctx.org_id, table.c.decide_at.is_not(None), table.c.decide_at <= ctx.now_iso)
        .order_by(table.c.decide_at)
    ).all()
    for row in rows:
        doc = verification_store.get(ctx, row.id, for_update=True)
        doc.pop("decideAt", None)
        doc["decision"] = row.outcome
        doc["processingStatus"] = "IN_PROGRESS" if row.outcome in STILL_PROCESSING else "COMPLETED"
        doc["updatedTime"] = row.decide_at
        verification_store.save(ctx, doc, touch=False)
        events.record(ctx, "risk-verification.updated", {"decision": row.outcome}, at=row.decide_at)
