"""Online payments on the sandbox clock (BILL-RULES §5.6, §7.2, §7.4; OUR DESIGN where marked).

A payment goes through BILL's ``singleStatus`` values as the sandbox clock passes its process
date P and the business days after it ("+n" = n US business days after P, ``calendar``).
**Transitions happen at the start (00:00 UTC) of the business day** (OUR DESIGN: the simpler of
the two choices BILL-RULES §7.1 allows; a check is mailed at 12:00 UTC on its +1 day so that
PROCESSED can be seen before SENT).

=================  ============================================================================
rail               steps (status at P+n)
=================  ============================================================================
ACH                P FUNDING_STARTED, +1 PROCESSED, +2 CLEARED; ``requestPayFaster``: +1 CLEARED
CHECK              P FUNDING_STARTED, +1 PROCESSED, +1 12:00 SENT (checkNumber), DELIVERED at +5
                   (STANDARD) / +3 (UPS_2DAY) / +2 (UPS_1DAY, RTP_DELIVERY), CLEARED 2 later
VIRTUAL_CARD       P SENT (validUntil P + 30 days), +1 CLEARED
WALLET             P FUNDING_STARTED, +1 CLEARED
RPPS               P FUNDING_STARTED, +1 SENT, +2 CLEARED
INTERNATIONAL      P FUNDING_STARTED, +1 PROCESSED, +2 SENT, +4 CLEARED
=================  ============================================================================

Magic values (§7.4): funding bank account ``000000000021`` → P FUNDING_FAILED_ACTION_NEEDED
(the bills get the amount back); vendor bank account ``000000000039`` → +1
DISBURSEMENT_FAILED_VENDOR_BANK_REJECTED; amount 999.01 → +1 DISBURSEMENT_ON_HOLD until
``release`` (``POST /_sandbox/payments/{id}/release``: the +1 step happens on the release
business day, the rest follow from there); 999.02 → +2 DISBURSEMENT_FAILED_ACTION_NEEDED;
999.04 on a check → never cashed: EXPIRING at P + 80 days, VOIDED at P + 90 days (the bills
get the amount back). 999.03 never gets here (``operations`` refuses it).

Legacy ``status`` / ``disbursementStatus`` follow §5.6's table (§6 #20): SCHEDULED and
FUNDING_STARTED → SCHEDULED/–, PROCESSED → PAID/IN_PROGRESS, SENT, DELIVERED, CLEARED,
EXPIRING → PAID/DONE, CANCELED → CANCELLED/–, VOID_PENDING → PAID, VOIDED → VOID (both keep
the disbursement status), FUNDING_FAILED_ACTION_NEEDED → FAILED/–, FUNDING_FAILED_VOIDED →
VOID/–, DISBURSEMENT_ON_HOLD → PAID/HOLD, DISBURSEMENT_FAILED_* → PAID/FAILED.

Bills (``bills.service.apply_payment``): creating schedules the amount; CLEARED clears it
(scheduled → paid); CANCELED and FUNDING_FAILED_ACTION_NEEDED give it back (scheduled → due);
VOIDED gives back what the payment still holds (scheduled → due, or paid → due once cleared).
Voids (§6 #21): VOID_PENDING at the request → VOIDED 1 business day later (00:00 UTC);
``voidInfo[].status`` TO_BE_PROCESSED → ACCEPTED; a ``*_REISSUE*`` void then schedules a new
payment for the same bills (ACH or check as the vendor takes them, or a virtual card), process
date the next business day, from the same funding account.

Storage: ``payments.next_transition_at`` (indexed, with and without ``org_id``) is when the
next step is due; ``plan`` holds the remaining steps and where the money sits. ``run_due`` is
one indexed range query (``FOR UPDATE`` on PostgreSQL) plus one batched UPDATE; each payment
takes every step due by then in order, each stamped with its own time (``updatedTime``), and
records ``payment.updated`` / ``payment.failed``. The scheduler runs it (``apply_due``, a timer
on ``next_transition_at``) as soon as the organization's sandbox time passes a step, whether
the wall clock or the control plane moved it; payment writes run it first too (``catch_up``).
Reads never do: they see what the scheduler applied.

Lock order, everywhere: payments (the due ones in time order, then the one acted on), then
bills (a payment's by id), then vendors: concurrent PostgreSQL transactions wait for each other
rather than deadlock.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal

import orjson
from sqlalchemy import bindparam, select

from bill_sandbox import calendar, clock, ids, money
from bill_sandbox.context import RequestContext, system_context
from bill_sandbox.db import Prepared, Tx
from bill_sandbox.errors import ApplicationError, BillError, NotFoundError
from bill_sandbox.jsonio import prune
from bill_sandbox.resources.bills import service as bills
from bill_sandbox.resources.payments import service as payments
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.settings import Settings
from bill_sandbox.store import Doc, valid_id
from bill_sandbox.wiretypes import dec

t = payments.t
VOID_PREFIX = ids.PREFIXES.get("payment_void", "pvd")

RAILS = ("ACH", "CHECK", "VIRTUAL_CARD", "WALLET", "RPPS", "INTERNATIONAL")
DISBURSEMENT_TYPE = {
    "ACH": "ACH",
    "CHECK": "CHECK",
    "VIRTUAL_CARD": "VIRTUAL_CARD",
    "WALLET": "WALLET",
    "RPPS": "RPPS",
    "INTERNATIONAL": "ACH",
}
DELIVERY_DAYS = {"STANDARD": 5, "UPS_2DAY": 3, "UPS_1DAY": 2, "RTP_DELIVERY": 2}
CHECK_CLEARS_AFTER = 2  # business days after DELIVERED
CHECK_SENT_HOUR = 12
VCARD_VALID_DAYS = 30
UNCASHED_EXPIRING_DAYS = 80
UNCASHED_VOID_DAYS = 90

# Magic values (BILL-RULES §7.4)
FUNDING_FAILS = "FUNDING_FAILS"  # org bank account 000000000021
FUNDING_VOIDS = "FUNDING_VOIDS"  # org bank account 000000000047
VENDOR_BANK_REJECTS = "VENDOR_BANK_REJECTS"  # vendor bank account 000000000039
HOLD = "HOLD"  # amount 999.01
RETURNED = "RETURNED"  # amount 999.02
UNCASHED = "UNCASHED"  # amount 999.04 on a check
VENDOR_BANK_REJECTED_ACCOUNT = "000000000039"
MAGIC_AMOUNTS = {Decimal("999.01"): HOLD, Decimal("999.02"): RETURNED, Decimal("999.04"): UNCASHED}
INVALID_DATE_AMOUNT = Decimal("999.03")
FUNDING_VOIDS_ACCOUNT = "000000000047"
MSG_FUNDING_FAILED = (
    "The funding of a payment failed after it was disbursed to the vendor. Wire the amount to "
    "BILL; online payments are on hold until the funds are received."
)

KEEP = "keep"  # the legacy disbursementStatus stays what it was
LEGACY: dict[str, tuple[str, str | None]] = {
    "SCHEDULED": ("SCHEDULED", None),
    "FUNDING_STARTED": ("SCHEDULED", None),
    "PROCESSED": ("PAID", "IN_PROGRESS"),
    "SENT": ("PAID", "DONE"),
    "DELIVERED": ("PAID", "DONE"),
    "CLEARED": ("PAID", "DONE"),
    "CANCELED": ("CANCELLED", None),
    "VOID_PENDING": ("PAID", KEEP),
    "VOIDED": ("VOID", KEEP),
    "FUNDING_FAILED_ACTION_NEEDED": ("FAILED", None),
    "FUNDING_FAILED_VOIDED": ("VOID", None),
    "DISBURSEMENT_ON_HOLD": ("PAID", "HOLD"),
    "DISBURSEMENT_FAILED_ACTION_NEEDED": ("PAID", "FAILED"),
    "DISBURSEMENT_FAILED_VENDOR_BANK_REJECTED": ("PAID", "FAILED"),
    "EXPIRING": ("PAID", "DONE"),
    "FUNDS_ESCHEATED": ("PAID", "DONE"),
}
# Statuses a void applies to (SCHEDULED is cancelled instead; the others are final or voiding).
VOIDABLE = frozenset(
    {
        "FUNDING_STARTED",
        "PROCESSED",
        "SENT",
        "DELIVERED",
        "CLEARED",
        "DISBURSEMENT_ON_HOLD",
        "DISBURSEMENT_FAILED_ACTION_NEEDED",
        "DISBURSEMENT_FAILED_VENDOR_BANK_REJECTED",
        "EXPIRING",
    }
)
REISSUE_TYPES = frozenset({"VOID_AND_REISSUE", "VOID_AND_REISSUE_VCARD"})
# The rail's own steps (what a payment whose funding failed after disbursement still goes
# through, out of sight of ``singleStatus``).
DISBURSEMENT_STEPS = frozenset({"FUNDING_STARTED", "PROCESSED", "SENT", "DELIVERED", "CLEARED"})

# Where a payment's amount sits on its bills.
SCHEDULED, PAID, RELEASED = "scheduled", "paid", "released"

Transition = Literal["schedule", "cancel", "clear", "pay", "void"]  # bills.service.Transition


# ---------------------------------------------------------------------------------- steps
@dataclass(frozen=True)
class Step:
    offset: float  # business days after P (calendar days for the uncashed-check steps)
    at: datetime
    status: str


def start_of(day: date, hour: int = 0) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def steps_for(
    rail: str, p: date, fast: bool = False, delivery: str | None = None, magic: str | None = None
) -> list[Step]:
    """The steps of a payment processed on ``p`` (see the module docstring)."""

    def bd(n: int, hour: int = 0) -> datetime:
        return start_of(calendar.add_business_days(p, n), hour)

    if magic == FUNDING_VOIDS:
        return [Step(0, bd(0), "FUNDING_FAILED_VOIDED")]
    normal: list[Step]
    if rail == "CHECK":
        n = DELIVERY_DAYS.get(delivery or "STANDARD", 5)
        normal = [
            Step(0, bd(0), "FUNDING_STARTED"),
            Step(1, bd(1), "PROCESSED"),
            Step(1.5, bd(1, CHECK_SENT_HOUR), "SENT"),
            Step(n, bd(n), "DELIVERED"),
            Step(n + CHECK_CLEARS_AFTER, bd(n + CHECK_CLEARS_AFTER), "CLEARED"),
        ]
    elif rail == "VIRTUAL_CARD":
        normal = [Step(0, bd(0), "SENT"), Step(1, bd(1), "CLEARED")]
    elif rail == "WALLET" or (rail == "ACH" and fast):
        normal = [Step(0, bd(0), "FUNDING_STARTED"), Step(1, bd(1), "CLEARED")]
    elif rail == "RPPS":
        normal = [Step(0, bd(0), "FUNDING_STARTED"), Step(1, bd(1), "SENT"), Step(2, bd(2), "CLEARED")]
    elif rail == "INTERNATIONAL":
        normal = [
            Step(0, bd(0), "FUNDING_STARTED"),
            Step(1, bd(1), "PROCESSED"),
            Step(2, bd(2), "SENT"),
            Step(4, bd(4), "CLEARED"),
        ]
    else:  # ACH
        normal = [Step(0, bd(0), "FUNDING_STARTED"), Step(1, bd(1), "PROCESSED"), Step(2, bd(2), "CLEARED")]
    if magic == FUNDING_FAILS:
        # The debit fails at +1, after BILL has disbursed: the rail's steps go on (they fill in
        # the disbursement) while ``singleStatus`` stays FUNDING_FAILED_ACTION_NEEDED.
        failed = Step(1, bd(1), "FUNDING_FAILED_ACTION_NEEDED")
        return sorted([*normal, failed], key=lambda s: (s.at, s.status != failed.status))
    if magic == HOLD:
        return [s for s in normal if s.offset < 1] + [Step(1, bd(1), "DISBURSEMENT_ON_HOLD")]
    if magic == RETURNED:
        return [s for s in normal if s.offset < 2] + [Step(2, bd(2), "DISBURSEMENT_FAILED_ACTION_NEEDED")]
    if magic == VENDOR_BANK_REJECTS and rail in ("ACH", "INTERNATIONAL"):
        return [s for s in normal if s.offset < 1] + [
            Step(1, bd(1), "DISBURSEMENT_FAILED_VENDOR_BANK_REJECTED")
        ]
    if magic == UNCASHED and rail == "CHECK":
        day0 = start_of(p)
        return [s for s in normal if s.status != "CLEARED"] + [
            Step(UNCASHED_EXPIRING_DAYS, day0 + timedelta(days=UNCASHED_EXPIRING_DAYS), "EXPIRING"),
            Step(UNCASHED_VOID_DAYS, day0 + timedelta(days=UNCASHED_VOID_DAYS), "VOIDED"),
        ]
    return normal


# ----------------------------------------------------------------------------------- plan
def new_plan(
    rail: str, p: date, fast: bool, delivery: str | None, magic: str | None, created_by: str
) -> dict[str, Any]:
    return {
        "rail": rail,
        "p": clock.iso_date(p),
        "fast": fast,
        "delivery": delivery,
        "magic": magic,
        "money": SCHEDULED,
        "by": created_by,
        "steps": [[clock.iso(s.at), s.status] for s in steps_for(rail, p, fast, delivery, magic)],
    }


def next_at(plan: dict[str, Any] | None) -> str | None:
    steps = (plan or {}).get("steps") or []
    return str(steps[0][0]) if steps else None


def encode_plan(plan: dict[str, Any] | None) -> str | None:
    return orjson.dumps(plan).decode() if plan is not None else None


def offline_plan() -> dict[str, Any]:
    """What an offline (record-payment) payment's plan would be: cleared, nothing pending."""
    return {"rail": "OFFLINE", "money": PAID, "steps": []}


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
            amount = dec(bp.get("amount"))
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
                "arrivesByDate": iso(calendar.next_business_day(day)),
            }
        elif status == "CLEARED" and "achDisbursement" not in info:
            info["achDisbursement"] = {
                "sentDate": iso(calendar.previous_business_day(day)),
                "arrivesByDate": iso(day),
            }
    elif rail == "CHECK" and status == "SENT":
        arrives = _next_step_day(plan, "DELIVERED") or calendar.add_business_days(
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
            "arrivesByDate": iso(calendar.next_business_day(day)),
            "traceNumber": _number(100000, 999999),
            "batchNumber": _number(1000, 9999),
        }
    elif rail == "INTERNATIONAL" and status == "SENT":
        info["internationalDisbursement"] = {
            "sentDate": iso(day),
            "arrivesByDate": iso(calendar.add_business_days(day, 2)),
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
        payments.notify(batch.ctx, payments.store.order(doc), previous, at=at_iso)
    plan["steps"] = steps
    return left


# ------------------------------------------------------------------------------ building
def rail_for(vendor: Doc) -> str | None:
    """How ``vendor`` is paid (its ``payByType``, §6 #27), or None when it can't receive
    e-payments (OFFLINE). A vendor enrolled for virtual cards gets one."""
    info = vendor.get("paymentInformation") or {}
    if (info.get("virtualCard") or {}).get("status") in ("ENROLLED", "ACTIVE"):
        return "VIRTUAL_CARD"
    match info.get("payByType"):
        case "RPPS":
            return "RPPS"
        case "WALLET":
            return "WALLET"
        case "ACH":
            return "ACH" if vendor.get("billCurrency", "USD") == "USD" else "INTERNATIONAL"
        case "CHECK":
            return "CHECK"
    return None


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
        "amount": money.wire(total),
        "id": payments.store.new_id(),
        "vendorId": vendor["id"],
        "vendorName": vendor.get("name"),
        "billId": new.bill_payments[0][0] if len(new.bill_payments) == 1 else None,
        "billPayments": [
            {"id": ids.new_id(payments.BILL_PAYMENT_PREFIX), "billId": bill_id, "amount": money.wire(amount)}
            for bill_id, amount in new.bill_payments
        ],
        "description": new.description,
        "processDate": clock.iso_date(new.process_date),
        "fundingAccount": {k: v for k, v in new.funding.items() if v is not None},
        "processingOptions": {k: v for k, v in options.items() if v is not None},
        "transactionNumber": new.transaction_number or payments.transaction_number(),
        "confirmationNumber": payments.confirmation_number(ctx),
        "status": "SCHEDULED",
        "exchangeRate": float(rate) if rate != rate.to_integral_value() else int(rate),
        "fundingAmount": money.wire(money.to_decimal(total / rate)),
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
    parts = [(str(bp["billId"]), dec(bp.get("amount"))) for bp in doc.get("billPayments") or []]
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
            process_date=calendar.next_business_day(at.date()),
            funding=dict(doc.get("fundingAccount") or {}),
            options=options,
            created_by=str(plan.get("by") or doc.get("createdBy") or ""),
            description=doc.get("description"),
            exchange_rate=dec(doc.get("exchangeRate") or 1),
            payment_purpose=doc.get("paymentPurpose"),
            card_funding_purpose=doc.get("cardFundingPurpose"),
        ),
    )
    batch.new_payments.append((new_doc, new_plan_))


# ----------------------------------------------------------------------------- the engine
_DUE_ROWS = Prepared(
    select(t.c.doc, t.c.plan)
    .where(t.c.org_id == bindparam("org"), t.c.next_transition_at <= bindparam("now"))
    .order_by(t.c.next_transition_at, t.c.id)
    .with_for_update()
)
_save = (
    t.update()
    .where(t.c.id == bindparam("b_id"))
    .values(
        doc=bindparam("b_doc"),
        updated_time=bindparam("b_updated"),
        status=bindparam("b_status"),
        single_status=bindparam("b_single"),
        next_transition_at=bindparam("b_next"),
        plan=bindparam("b_plan"),
    )
)


def save_rows(tx: Tx, rows: Sequence[tuple[Doc, dict[str, Any] | None]]) -> None:
    """Write changed payments back in one batched UPDATE."""
    if not rows:
        return
    tx.conn.execute(
        _save,
        [
            {
                "b_id": doc["id"],
                "b_doc": payments.store.encode(payments.store.order(prune(doc))),
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
        select(t.c.doc, t.c.plan).where(t.c.id == payment_id, t.c.org_id == ctx.org_id).with_for_update()
    ).first()
    if row is None:
        raise NotFoundError(payment_id)
    return orjson.loads(row.doc), (orjson.loads(row.plan) if row.plan else None)


def run_due(ctx: RequestContext, rounds: int = 10) -> int:
    """Apply every transition of the organization due by ``ctx.now``; returns how many
    payments changed. Reissued payments whose own steps are already due are taken in a further
    round."""
    tx = ctx.tx
    now_iso = ctx.now_iso
    changed = 0
    for _ in range(rounds):
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
            payments.insert(ctx, doc, next_at(plan), encode_plan(plan))
        changed += len(out)
    return changed


def catch_up(ctx: RequestContext) -> None:
    """Before a payment write: apply the organization's steps already due (the scheduler
    applies them within a moment anyway; a write should not act on a stale payment)."""
    run_due(ctx)


def apply_due(ctx: RequestContext) -> None:
    """The scheduler's timer (``resources.registry``): every step due by ``ctx.now``."""
    run_due(ctx)


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
    payments.notify(ctx, doc, status)
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
    voided = start_of(calendar.add_business_days(ctx.now.date(), 1))
    plan["steps"] = [[clock.iso(voided), "VOIDED"]]
    save_rows(ctx.tx, [(doc, plan)])
    payments.notify(ctx, doc, status)
    for new_doc, new_plan_ in batch.new_payments:
        payments.insert(ctx, new_doc, next_at(new_plan_), encode_plan(new_plan_))
    return doc


def release(tx: Tx, settings: Settings, payment_id: str) -> Doc:
    """Control plane: a DISBURSEMENT_ON_HOLD payment (amount 999.01) resumes; its +1 step
    happens on the release business day (now, on a business day) and the rest follow."""
    if not valid_id(payment_id):
        raise NotFoundError(payment_id)
    row = tx.conn.execute(
        select(t.c.org_id, t.c.doc, t.c.plan).where(t.c.id == payment_id).with_for_update()
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
    resume = today if calendar.is_business_day(today) else calendar.next_business_day(today)
    base = calendar.previous_business_day(resume)
    steps = steps_for(plan["rail"], base, bool(plan.get("fast")), plan.get("delivery"), None)
    plan["magic"] = None
    plan["steps"] = [[clock.iso(s.at), s.status] for s in steps if s.offset >= 1]
    batch = Batch(system_context(tx, row.org_id, settings, str(plan.get("by") or "")))
    advance(batch, doc, plan, clock.iso(now))
    save_rows(tx, [(doc, plan)])
    for new_doc, new_plan_ in batch.new_payments:
        payments.insert(batch.ctx, new_doc, next_at(new_plan_), encode_plan(new_plan_))
    return doc


# ----------------------------------------------------------------- funding failures (§7.4)
_HELD = Prepared(
    select(t.c.id)
    .where(t.c.org_id == bindparam("org"), t.c.single_status == "FUNDING_FAILED_ACTION_NEEDED")
    .limit(1)
)


def require_funding_settled(ctx: RequestContext) -> None:
    """New payments of an organization with a payment in FUNDING_FAILED_ACTION_NEEDED are
    refused until the funds are received (BILL-RULES §5.6; ``funds_received``)."""
    run_due(ctx)
    held = ctx.tx.fetch(_HELD, {"org": ctx.org_id})
    if held:
        raise ApplicationError("BDC_1150", message=MSG_FUNDING_FAILED, object_id=str(held[0][0]))


def funds_received(tx: Tx, settings: Settings, org_id: str) -> list[Doc]:
    """Control plane: the payer wired what its failed fundings owed. Each payment in
    FUNDING_FAILED_ACTION_NEEDED takes the status its disbursement reached (announced), and the
    organization may pay again."""
    ctx = system_context(tx, org_id, settings)
    run_due(ctx)
    rows = ctx.tx.conn.execute(
        select(t.c.doc, t.c.plan)
        .where(t.c.org_id == org_id, t.c.single_status == "FUNDING_FAILED_ACTION_NEEDED")
        .order_by(t.c.id)
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
        payments.notify(ctx, payments.store.order(doc), "FUNDING_FAILED_ACTION_NEEDED")
    return [payments.store.order(doc) for doc, _ in out]
