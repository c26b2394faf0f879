"""AP payment documents (``stp…``): storage shared by record-payment and the payments API.

``bills.service.record_payment`` builds what ``POST /v3/bills/record-payment`` answers (BILL-RULES
§6 #22): ``onlinePayment:false``, ``disbursementType:"OFFLINE"``, ``status:"PAID"``,
``disbursementStatus:"DONE"``, ``singleStatus:"CLEARED"``; generated ``transactionNumber`` (20
upper-case letters) and ``confirmationNumber`` (``P{yyMMdd}{nn} - {7 digits}``, §6 #29).
Payments have no ``archived`` flag, so they are inserted here rather than through
``DocumentStore.insert``.

The payments API (``operations``, ``quotes``, ``check_images``), the steps on the sandbox
clock (``rails``, ``lifecycle``) and what is done to a payment afterwards (``actions``) build
on this module; this one imports none of them (the bills service imports it).

- ``SPEC``: lists filter on ``id``, ``vendorId`` (eq, ne, in) and, as DEFAULTs, ``singleStatus``,
  ``billId`` (a payment's own ``billId``: payments of one bill; a bulk payment combining
  several bills has none) and ``processDate``.
- ``notify`` records ``payment.updated`` for every ``singleStatus`` step of an online payment
  (its creation included) and ``payment.failed`` as well when the step is a failure.
- Vendor renames rewrite ``vendorName`` in the vendor's payments (``follow_vendor_rename``).
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from sqlalchemy import bindparam

from bill_sandbox import events, ids
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Prepared
from bill_sandbox.events import Event
from bill_sandbox.jsonio import prune
from bill_sandbox.listing import RANGE, ListSpec, doc_field, list_field
from bill_sandbox.resources.payments.models import PaymentRow
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.store import Doc, DocumentStore

table = PaymentRow.__table__
PREFIX = ids.PREFIXES.get("payment", "stp")
BILL_PAYMENT_PREFIX = ids.PREFIXES.get("bill_payment", "blp")

SINGLE_STATUSES = (
    "SCHEDULED",
    "FUNDING_STARTED",
    "PROCESSED",
    "SENT",
    "DELIVERED",
    "CLEARED",
    "CANCELED",
    "VOID_PENDING",
    "VOIDED",
    "FUNDING_FAILED_ACTION_NEEDED",
    "FUNDING_FAILED_VOIDED",
    "DISBURSEMENT_ON_HOLD",
    "DISBURSEMENT_FAILED_ACTION_NEEDED",
    "DISBURSEMENT_FAILED_VENDOR_BANK_REJECTED",
    "EXPIRING",
    "FUNDS_ESCHEATED",
)

SPEC = ListSpec.build(
    table,
    list_field("vendorId", table.c.vendor_id, ops="eq,ne,in"),
    list_field("singleStatus", table.c.single_status, "enum", ops="eq,ne,in,nin", enum=SINGLE_STATUSES),
    list_field("billId", table.c.bill_id, ops="eq,ne,in"),
    list_field("processDate", table.c.process_date, "date", ops=RANGE),
    list_field("status", table.c.status, ops="eq,ne,in,nin"),
    list_field("onlinePayment", table.c.online_payment, "bool"),
    # BILL-RULES §4's other payment fields, read from the document (no projection column).
    list_field("transactionNumber", doc_field(table, "transactionNumber"), ops="eq,ne,in,nin"),
    list_field("description", doc_field(table, "description")),
    list_field("amount", doc_field(table, "amount", "money"), "money"),
    list_field("confirmationNumber", doc_field(table, "confirmationNumber")),
    list_field("disbursementStatus", doc_field(table, "disbursementStatus"), ops="eq,ne,in,nin"),
)

# BILL's example of a payment (create, get, list, cancel, void, bulk).
KEY_ORDER = (
    "amount",
    "id",
    "vendorId",
    "vendorName",
    "billId",
    "billPayments",
    "description",
    "processDate",
    "fundingAccount",
    "processingOptions",
    "transactionNumber",
    "confirmationNumber",
    "status",
    "exchangeRate",
    "fundingAmount",
    "onlinePayment",
    "disbursementType",
    "remittanceEmail",
    "createdTime",
    "updatedTime",
    "createdBy",
    "voidInfo",
    "disbursementStatus",
    "disbursementInfo",
    "paymentPurpose",
    "cardFundingPurpose",
    "cancelRequestSubmitted",
    "singleStatus",
)
# BILL's example of a recorded (offline) payment.
OFFLINE_KEY_ORDER = (
    "id",
    "vendorId",
    "vendorName",
    "billId",
    "billPayments",
    "description",
    "processDate",
    "amount",
    "transactionNumber",
    "confirmationNumber",
    "status",
    "exchangeRate",
    "fundingAmount",
    "onlinePayment",
    "disbursementType",
    "remittanceEmail",
    "createdTime",
    "updatedTime",
    "createdBy",
    "voidInfo",
    "disbursementStatus",
    "singleStatus",
    "toPrintCheck",
    "classifications",
    "syncReference",
    "allowExport",
)


def _project(doc: Doc) -> dict[str, Any]:
    return {
        "vendor_id": doc["vendorId"],
        "bill_id": doc.get("billId") or "",
        "process_date": doc.get("processDate", ""),
        "status": doc.get("status", ""),
        "single_status": doc.get("singleStatus", ""),
        "disbursement_type": doc.get("disbursementType", ""),
        "online_payment": bool(doc.get("onlinePayment")),
    }


class PaymentStore(DocumentStore):
    """Online payments keep the key order of BILL's payment examples, recorded ones that of
    the record-payment example."""

    def order(self, doc: Doc) -> Doc:
        keys = KEY_ORDER if doc.get("onlinePayment") else OFFLINE_KEY_ORDER
        out = {k: doc[k] for k in keys if k in doc}
        out.update((k, v) for k, v in doc.items() if k not in out)
        return out


store = PaymentStore(table, PREFIX, SPEC, _project, KEY_ORDER)

FAILURES = frozenset(
    {
        "FUNDING_FAILED_ACTION_NEEDED",
        "FUNDING_FAILED_VOIDED",
        "DISBURSEMENT_FAILED_ACTION_NEEDED",
        "DISBURSEMENT_FAILED_VENDOR_BANK_REJECTED",
    }
)


def notify(ctx: RequestContext, doc: Doc, previous: str | None, at: str | None = None) -> None:
    """Announce a payment's new ``singleStatus`` (``previous`` None: a new payment); ``at``:
    the time of the step, when the scheduler applies it later than it was due."""
    status = doc.get("singleStatus")
    if not doc.get("onlinePayment") or status == previous:
        return
    events.record(ctx, "payment.updated", doc, at=at)
    if status in FAILURES:
        events.record(ctx, "payment.failed", doc, at=at)


def transaction_number() -> str:
    return "".join(secrets.choice(string.ascii_uppercase) for _ in range(20))


def confirmation_number(ctx: RequestContext) -> str:
    day = ctx.now.strftime("%y%m%d")
    return f"P{day}{secrets.randbelow(100):02d} - {secrets.randbelow(10**7):07d}"


def row_values(org_id: str, doc: Doc) -> dict[str, Any]:
    """Every column of a payment row but the lifecycle's (``next_transition_at``, ``plan``)."""
    return {
        "id": doc["id"],
        "org_id": org_id,
        "archived": False,
        "created_time": doc["createdTime"],
        "updated_time": doc["updatedTime"],
        "doc": store.encode(doc),
        **_project(doc),
    }


# Every create runs it: a Prepared statement (see db.Prepared) costs ~10 µs, not ~500.
_INSERT = Prepared(table.insert().values({c.name: bindparam(f"v_{c.name}") for c in table.columns}))


def insert(
    ctx: RequestContext, doc: Doc, next_transition_at: str | None = None, plan: str | None = None
) -> Doc:
    """Store a new payment document (``id`` may be preset); stamps the times."""
    doc = prune(doc)
    doc["id"] = doc.get("id") or store.new_id()
    doc["createdTime"] = doc["updatedTime"] = ctx.now_iso
    doc = store.order(doc)
    values = {**row_values(ctx.org_id, doc), "next_transition_at": next_transition_at, "plan": plan}
    ctx.tx.execute_dml(_INSERT, {f"v_{k}": v for k, v in values.items()})
    notify(ctx, doc, None)
    return doc


# ----------------------------------------------------------------------- vendor renames
def follow_vendor_rename(ctx: RequestContext, event: Event) -> None:
    """Reaction to ``vendor.updated``: payments carry ``vendorName`` too."""
    vendors.rename_vendor_in(table, ctx, event)
