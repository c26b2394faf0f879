"""The rails of online payments and their steps on the sandbox clock (BILL-RULES §5.6, §7.2, §7.4;
OUR DESIGN where marked).

A payment goes through BILL's ``singleStatus`` values as the sandbox clock passes its process
date P and the business days after it ("+n" = n US business days after P, ``business_days``).
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

``steps_for`` lists a payment's steps; a payment's ``plan`` (stored with it) holds the steps
still to come and where its money sits. ``lifecycle`` takes the steps, ``actions`` changes the
plan when someone cancels, voids or releases a payment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal

import orjson

from bill_sandbox import business_days, clock, ids
from bill_sandbox.store import Doc

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
        return start_of(business_days.add_business_days(p, n), hour)

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


# ---------------------------------------------------------------------------------- rail
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
