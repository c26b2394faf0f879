"""Online payments taking their steps on the sandbox clock (BILL-RULES §5.6, §6 #21, §7.2; the rails
and their steps are in ``rails``).

Bills (``bills.service.apply_payment``): creating schedules the amount; CLEARED clears it
(scheduled → paid); CANCELED and FUNDING_FAILED_ACTION_NEEDED give it back (scheduled → due);
VOIDED gives back what the payment still holds (scheduled → due, or paid → due once cleared).
Voids (§6 #21): VOID_PENDING at the request → VOIDED 1 business day later (00:00 UTC);
``voidInfo[].status`` TO_BE_PROCESSED → ACCEPTED; a ``*_REISSUE*`` void then schedules a new
payment for the same bills (ACH or check as the vendor takes them, or a virtual card), process
date the next business day, from the same funding account.

Storage: ``payments.next_transition_at`` (indexed, with and without ``org_id``) is when the
next step is due; ``plan`` holds the remaining steps and where the money sits. ``apply_due`` is
one indexed range query (``FOR UPDATE`` on PostgreSQL) plus one batched UPDATE; each payment
takes every step due by then in order, each stamped with its own time (``updatedTime``), and
records ``payment.updated`` / ``payment.failed``. The scheduler runs it (a timer on
``next_transition_at``) as soon as the organization's sandbox time passes a step, whether the
wall clock or the control plane moved it; payment writes run it first too.
Reads never do: they see what the scheduler applied.

Lock order, everywhere: payments (the due ones in time order, then the one acted on), then
bills (a payment's by id), then vendors: concurrent PostgreSQL transactions wait for each other
rather than deadlock.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import bindparam, select

from bill_sandbox import business_days, clock, ids, money
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Prepared, Tx
from bill_sandbox.errors import BillError, NotFoundError
from bill_sandbox.jsonio import prune
from bill_sandbox.money import from_json
from bill_sandbox.resources.bills import service as bills
from bill_sandbox.resources.payments import storage
from bill_sandbox.resources.payments.rails import (
    DELIVERY_DAYS,
    DISBURSEMENT_STEPS,
    DISBURSEMENT_TYPE,
    KEEP,
    LEGACY,
    PAID,
    REISSUE_TYPES,
    RELEASED,
    SCHEDULED,
    UNCASHED_VOID_DAYS,
    VCARD_VALID_DAYS,
    VOID_PREFIX,
    VOIDABLE,
    Transition,
    encode_plan,
    new_plan,
    next_at,
    offline_plan,
    rail_for,
)
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.store import Doc, valid_id

table = storage.table


# --------------------------------------------------------------------------- transitions
@dataclass
class Batch:
    """One run's work for one organization: the payments changed and the bills touched."""

    ctx: RequestContext
    bills: dict[str, Doc] = field(default_factory=dict)
    new_payments: list[tuple[Doc, dict[str, Any]]] = field(default_factory=list)

    def move(self, bill_id: str, amount: Decimal, transition: Transition) -> None:
        bill = self.bills.get(bill_id)
        if bill is None:
            bill = bills.get_bill_for_update(self.ctx, bill_id)
        self.bills[bill_id] = bills.apply_payment(self.ctx, bill, amount, transition)

    def move_all(self, doc: Doc, transition: Transition) -> None:
        for bp in sorted(doc.get("billPayments") or [], key=lambda b: str(b["billId"])):
            amount = from_json(bp.get("amount"))
            if amount:
                self.move(bp["billId"], amount, transition)


def _legacy(doc: Doc, status: str) -> None:
    doc["singleStatus"] = status
    legacy, disbursement = LEGACY[status]
    doc["status"] = legacy
    if disbursement is None:
        doc.pop("disbursementStatus", None)
    elif disbursement != KEEP:
        doc["disbursementStatus"] = disbursement


def set_voidable(doc: Doc) -> None:
    """``disbursementInfo.isVoidable`` (online payments), first in the object as BILL shows it."""
    if not doc.get("onlinePayment"):
        return
    rest = {k: v for k, v in (doc.get("disbursementInfo") or {}).items() if k != "isVoidable"}
    doc["disbursementInfo"] = {"isVoidable": doc.get("singleStatus") in VOIDABLE, **rest}


def _number(low: int, high: int) -> int:
    return low + secrets.randbelow(high - low)


def _next_step_day(plan: dict[str, Any], status: str) -> date | None:
    for at, st in plan.get("steps") or []:
        if st == status:
            parsed = clock.parse_timestamp(at)
            return parsed.date() if parsed else None
    return None


def _disbursement(doc: Doc, plan: dict[str, Any], status: str, day: date) -> None:
    """The rail's ``disbursementInfo`` entry, filled in as the payment moves."""
    info: dict[str, Any] = dict(doc.get("disbursementInfo") or {})
    rail = plan.get("rail")
    iso = clock.iso_date
    if rail == "ACH":
        if status == "PROCESSED":
            info["achDisbursement"] = {
                "sentDate": iso(day),
                "arrivesByDate": iso(business_days.next_business_day(day)),
            }
        elif status == "CLEARED" and "achDisbursement" not in info:
            info["achDisbursement"] = {
                "sentDate": iso(business_days.previous_business_day(day)),
                "arrivesByDate": iso(day),
            }
    elif rail == "CHECK" and status == "SENT":
        arrives = _next_step_day(plan, "DELIVERED") or business_days.add_business_days(
            day, DELIVERY_DAYS.get(plan.get("delivery") or "STANDARD", 5) - 1
        )
        info["checkDisbursement"] = {
            "sentDate": iso(day),
            "arrivesByDate": iso(arrives),
            "checkNumber": _number(1001, 99999),
        }
    elif rail == "VIRTUAL_CARD" and status == "SENT":
        info["vcardDisbursement"] = {
            "arrivesByDate": iso(day),
            "validUntil": iso(day + timedelta(days=VCARD_VALID_DAYS)),
            "last4CardNumber": f"{secrets.randbelow(10**4):04d}",
        }
    elif rail == "WALLET" and status == "CLEARED":
        info["walletDisbursement"] = {"arrivesByDate": iso(day)}
    elif rail == "RPPS" and status == "SENT":
        info["rppsDisbursement"] = {
            "sentDate": iso(day),
            "arrivesByDate": iso(business_days.next_business_day(day)),
            "traceNumber": _number(100000, 999999),
            "batchNumber": _number(1000, 9999),
        }
    elif rail == "INTERNATIONAL" and status == "SENT":
        info["internationalDisbursement"] = {
            "sentDate": iso(day),
            "arrivesByDate": iso(business_days.add_business_days(day, 2)),
            "amount": doc.get("amount"),
            "disbursementSubType": "LOCAL",
        }
    doc["disbursementInfo"] = info


def _void_entry(doc: Doc, void_id: str | None) -> dict[str, Any] | None:
    for entry in doc.get("voidInfo") or []:
        if entry.get("id") == void_id:
            return dict(entry)
    return None


def _replace_void_entry(doc: Doc, entry: dict[str, Any]) -> None:
    doc["voidInfo"] = [entry if e.get("id") == entry["id"] else e for e in doc.get("voidInfo") or []]


def transition(batch: Batch, doc: Doc, plan: dict[str, Any], status: str, at: datetime) -> None:
    """Move ``doc`` to ``status`` at ``at``: legacy fields, disbursement info, bill money."""
    day = at.date()
    stamp = clock.iso(at)
    money_state = plan.get("money", SCHEDULED)
    if plan.get("held") and status in DISBURSEMENT_STEPS:
        # Funding failed after the disbursement: the vendor's side goes on, the payment's
        # status stays FUNDING_FAILED_ACTION_NEEDED until the funds are received.
        plan["disbursed"] = status
        disbursement = LEGACY[status][1]
        if disbursement not in (None, KEEP):
            doc["disbursementStatus"] = disbursement
        if doc.get("onlinePayment"):
            _disbursement(doc, plan, status, day)
        doc["updatedTime"] = stamp
        return
    if status == "FUNDING_FAILED_ACTION_NEEDED":
        # BILL already disbursed to the vendor: the bills stay paid (BILL-RULES §5.6, §7.4).
        if money_state == SCHEDULED:
            batch.move_all(doc, "clear")
            plan["money"] = PAID
        plan["held"] = True
        plan.setdefault("disbursed", doc.get("singleStatus") or "FUNDING_STARTED")
    elif status == "CLEARED" and money_state == SCHEDULED:
        batch.move_all(doc, "clear")
        plan["money"] = PAID
    elif status in ("FUNDING_FAILED_VOIDED", "CANCELED") and money_state == SCHEDULED:
        batch.move_all(doc, "cancel")
        plan["money"] = RELEASED
    elif status == "VOIDED":
        if money_state == SCHEDULED:
            batch.move_all(doc, "cancel")
        elif money_state == PAID:
            batch.move_all(doc, "void")
        plan["money"] = RELEASED
        entry = _void_entry(doc, plan.get("void"))
        if entry is None:  # a system void (an uncashed check)
            entry = {
                "id": ids.new_id(VOID_PREFIX),
                "type": "VOID_ONLY",
                "status": "ACCEPTED",
                "reason": f"The check was not cashed within {UNCASHED_VOID_DAYS} days.",
                "createdTime": stamp,
                "updatedTime": stamp,
            }
            doc["voidInfo"] = [*(doc.get("voidInfo") or []), entry]
        else:
            entry.update(status="ACCEPTED", updatedTime=stamp)
            _replace_void_entry(doc, entry)
            if entry.get("type") in REISSUE_TYPES:
                reissue(batch, doc, plan, str(entry["type"]), at)
        plan.pop("void", None)
    _legacy(doc, status)
    if doc.get("onlinePayment"):
        _disbursement(doc, plan, status, day)
    set_voidable(doc)
    doc["updatedTime"] = stamp


def advance(batch: Batch, doc: Doc, plan: dict[str, Any], now_iso: str) -> list[str]:
    """Take every step of ``plan`` due by ``now_iso``, in order, announcing each one; returns
    the statuses left."""
    left: list[str] = []
    steps: list[list[str]] = plan.get("steps") or []
    while steps and steps[0][0] <= now_iso:
        at_iso, status = steps.pop(0)
        at = clock.parse_timestamp(at_iso)
        assert at is not None
        previous = str(doc.get("singleStatus", ""))
        left.append(previous)
        transition(batch, doc, plan, status, at)
        storage.notify(batch.ctx, storage.store.order(doc), previous, at=at_iso)
    plan["steps"] = steps
    return left


# ------------------------------------------------------------------------------ building
@dataclass
class NewPayment:
    """What a new online payment is made of (create, bulk, reissue)."""

    vendor: Doc
    rail: str
    bill_payments: list[tuple[str, Decimal]]
    process_date: date
    funding: dict[str, Any]
    options: dict[str, Any]
    created_by: str
    description: str | None = None
    transaction_number: str | None = None
    exchange_rate: Decimal = Decimal(1)
    payment_purpose: dict[str, Any] | None = None
    card_funding_purpose: str | None = None
    magic: str | None = None


def build(ctx: RequestContext, new: NewPayment) -> tuple[Doc, dict[str, Any]]:
    """The SCHEDULED payment document and its plan (bills are not touched here)."""
    total = sum((amount for _, amount in new.bill_payments), Decimal(0))
    vendor = new.vendor
    info = vendor.get("paymentInformation") or {}
    delivery: str | None = new.options.get("requestCheckDeliveryType") or (
        "STANDARD" if new.rail == "CHECK" else None
    )
    fast = bool(new.options.get("requestPayFaster"))
    options = {
        "requestPayFaster": fast,
        "createBill": bool(new.options.get("createBill")),
        "requestCheckDeliveryType": delivery,
    }
    rate = new.exchange_rate
    doc: Doc = {
        "amount": money.to_json(total),
        "id": storage.store.new_id(),
        "vendorId": vendor["id"],
        "vendorName": vendor.get("name"),
        "billId": new.bill_payments[0][0] if len(new.bill_payments) == 1 else None,
        "billPayments": [
            {
                "id": ids.new_id(storage.BILL_PAYMENT_PREFIX),
                "billId": bill_id,
                "amount": money.to_json(amount),
            }
            for bill_id, amount in new.bill_payments
        ],
        "description": new.description,
        "processDate": clock.iso_date(new.process_date),
        "fundingAccount": {k: v for k, v in new.funding.items() if v is not None},
        "processingOptions": {k: v for k, v in options.items() if v is not None},
        "transactionNumber": new.transaction_number or storage.transaction_number(),
        "confirmationNumber": storage.confirmation_number(ctx),
        "status": "SCHEDULED",
        "exchangeRate": float(rate) if rate != rate.to_integral_value() else int(rate),
        "fundingAmount": money.to_json(money.to_decimal(total / rate)),
        "onlinePayment": True,
        "disbursementType": DISBURSEMENT_TYPE[new.rail],
        "remittanceEmail": info.get("email") or vendor.get("email"),
        "createdBy": new.created_by,
        "disbursementInfo": {"isVoidable": False},
        "paymentPurpose": new.payment_purpose,
        "cardFundingPurpose": new.card_funding_purpose,
        "cancelRequestSubmitted": False,
        "singleStatus": "SCHEDULED",
    }
    plan = new_plan(
        new.rail,
        new.process_date,
        fast,
        delivery,
        new.magic,
        new.created_by,
    )
    return doc, plan


def reissue(batch: Batch, doc: Doc, plan: dict[str, Any], void_type: str, at: datetime) -> None:
    """A ``*_REISSUE*`` void reached VOIDED: a new SCHEDULED payment for the same bills and
    amounts, from the same funding account, processed the next business day (§6 #21) — as a
    virtual card (``VOID_AND_REISSUE_VCARD``) or by ACH or check as the vendor takes them. Not
    done (the void stands alone) when the vendor is gone or can't be paid, or a bill can't take
    the amount any more. Reissues are not subject to the magic values."""
    ctx = batch.ctx
    vendor = vendors.store.find(ctx, doc["vendorId"])
    if vendor is None:
        return
    if void_type == "VOID_AND_REISSUE_VCARD":
        rail: str | None = "VIRTUAL_CARD"
    else:
        rail = rail_for(vendor)
        if rail not in ("ACH", "CHECK", "INTERNATIONAL"):
            has_bank = bool((vendor.get("paymentInformation") or {}).get("bankAccount"))
            rail = "ACH" if has_bank else ("CHECK" if vendors.pay_by(vendor)[0] == "CHECK" else None)
    if rail is None:
        return
    parts = [(str(bp["billId"]), from_json(bp.get("amount"))) for bp in doc.get("billPayments") or []]
    try:
        for bill_id, amount in sorted(parts):
            bill = batch.bills.get(bill_id) or bills.get_bill_for_update(ctx, bill_id)
            batch.bills[bill_id] = bill
            bills.check_payable(bill, amount)
    except BillError:
        return
    for bill_id, amount in sorted(parts):
        if amount:
            batch.move(bill_id, amount, "schedule")
    options = dict(doc.get("processingOptions") or {})
    options["createBill"] = False
    new_doc, new_plan_ = build(
        ctx,
        NewPayment(
            vendor=vendor,
            rail=rail,
            bill_payments=parts,
            process_date=business_days.next_business_day(at.date()),
            funding=dict(doc.get("fundingAccount") or {}),
            options=options,
            created_by=str(plan.get("by") or doc.get("createdBy") or ""),
            description=doc.get("description"),
            exchange_rate=from_json(doc.get("exchangeRate") or 1),
            payment_purpose=doc.get("paymentPurpose"),
            card_funding_purpose=doc.get("cardFundingPurpose"),
        ),
    )
    batch.new_payments.append((new_doc, new_plan_))


# ----------------------------------------------------------------------------- the engine
_DUE_ROWS = Prepared(
    select(table.c.doc, table.c.plan)
    .where(table.c.org_id == bindparam("org"), table.c.next_transition_at <= bindparam("now"))
    .order_by(table.c.next_transition_at, table.c.id)
    .with_for_update()
)
_save = (
    table.update()
    .where(table.c.id == bindparam("b_id"))
    .values(
        doc=bindparam("b_doc"),
        updated_time=bindparam("b_updated"),
        status=bindparam("b_status"),
        single_status=bindparam("b_single"),
        next_transition_at=bindparam("b_next"),
        plan=bindparam("b_plan"),
    )
)

ROUNDS = 10  # reissues due at once get further rounds


def save_rows(tx: Tx, rows: Sequence[tuple[Doc, dict[str, Any] | None]]) -> None:
    """Write changed payments back in one batched UPDATE."""
    if not rows:
        return
    tx.conn.execute(
        _save,
        [
            {
                "b_id": doc["id"],
                "b_doc": storage.store.encode(storage.store.order(prune(doc))),
                "b_updated": doc["updatedTime"],
                "b_status": doc.get("status", ""),
                "b_single": doc.get("singleStatus", ""),
                "b_next": next_at(plan),
                "b_plan": encode_plan(plan),
            }
            for doc, plan in rows
        ],
    )


def lock_payment(ctx: RequestContext, payment_id: str) -> tuple[Doc, dict[str, Any] | None]:
    """A payment of the caller's organization, row-locked, with its plan (404 otherwise)."""
    if not valid_id(payment_id):
        raise NotFoundError(payment_id)
    row = ctx.tx.conn.execute(
        select(table.c.doc, table.c.plan)
        .where(table.c.id == payment_id, table.c.org_id == ctx.org_id)
        .with_for_update()
    ).first()
    if row is None:
        raise NotFoundError(payment_id)
    return orjson.loads(row.doc), (orjson.loads(row.plan) if row.plan else None)


def apply_due(ctx: RequestContext) -> None:
    """Apply every step of the organization's payments due by ``ctx.now``. Reissued payments
    whose own steps are already due are taken in a further round (up to ``ROUNDS``). The
    scheduler's timer (``resources.registry``); payment writes call it first too, so that they
    never act on a stale payment (the scheduler would apply it within a moment)."""
    tx = ctx.tx
    now_iso = ctx.now_iso
    for _ in range(ROUNDS):
        rows = tx.fetch(_DUE_ROWS, {"org": ctx.org_id, "now": now_iso})
        if not rows:
            break
        batch = Batch(ctx)
        out: list[tuple[Doc, dict[str, Any] | None]] = []
        for row_doc, row_plan in rows:
            doc: Doc = orjson.loads(row_doc)
            plan: dict[str, Any] = orjson.loads(row_plan) if row_plan else offline_plan()
            if advance(batch, doc, plan, now_iso):
                out.append((doc, plan))
        save_rows(tx, out)
        for doc, plan in batch.new_payments:
            storage.insert(ctx, doc, next_at(plan), encode_plan(plan))
