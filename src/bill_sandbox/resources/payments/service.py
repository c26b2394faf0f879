"""AP payment documents (``stp…``): storage shared by record-payment and the payments API.

``bills.service.record_payment`` builds what ``POST /v3/bills/record-payment`` answers (FACTS
§6 #22): ``onlinePayment:false``, ``disbursementType:"OFFLINE"``, ``status:"PAID"``,
``disbursementStatus:"DONE"``, ``singleStatus:"CLEARED"``; generated ``transactionNumber`` (20
upper-case letters) and ``confirmationNumber`` (``P{yyMMdd}{nn} - {7 digits}``, §6 #29).
Payments have no ``archived`` flag, so they are inserted here rather than through
``DocumentStore.insert``.

The payments API (``operations``: create, bulk, list, get, cancel, void, options, check image,
exchange rate) and the lifecycle on the sandbox clock (``lifecycle``) build on this module;
this one imports neither (the bills service imports it).

- ``SPEC``: lists filter on ``id``, ``vendorId`` (eq, ne, in) and, as DEFAULTs, ``singleStatus``,
  ``billId`` (a payment's own ``billId``: payments of one bill; a bulk payment combining
  several bills has none) and ``processDate``.
- ``changed``: callbacks ``fn(tx, org_id, payment, previous_single_status)`` run after every
  status change (for webhooks).
- Vendor renames rewrite ``vendorName`` in the vendor's payments.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from typing import Any

import orjson
from sqlalchemy import bindparam, func

from bill_sandbox import ids
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Prepared, Tx
from bill_sandbox.listing import RANGE, F, ListSpec
from bill_sandbox.resources.payments.models import PaymentRow
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.store import Doc, DocumentStore

t = PaymentRow.__table__
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
    t,
    F("vendorId", t.c.vendor_id, ops="eq,ne,in"),
    F("singleStatus", t.c.single_status, "enum", ops="eq,ne,in,nin", enum=SINGLE_STATUSES),
    F("billId", t.c.bill_id, ops="eq,ne,in"),
    F("processDate", t.c.process_date, "date", ops=RANGE),
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


store = PaymentStore(t, PREFIX, SPEC, _project, KEY_ORDER)

# fn(tx, org_id, payment document, previous singleStatus or None for a new payment)
Changed = Callable[[Tx, str, Doc, str | None], None]
changed: list[Changed] = []


def notify(tx: Tx, org_id: str, doc: Doc, previous: str | None) -> None:
    for fn in changed:
        fn(tx, org_id, doc, previous)


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
_INSERT = Prepared(t.insert().values({c.name: bindparam(f"v_{c.name}") for c in t.columns}))


def insert(
    ctx: RequestContext, doc: Doc, next_transition_at: str | None = None, plan: str | None = None
) -> Doc:
    """Store a new payment document (``id`` may be preset); stamps the times."""
    doc = {k: v for k, v in doc.items() if v is not None}
    doc["id"] = doc.get("id") or store.new_id()
    doc["createdTime"] = doc["updatedTime"] = ctx.now_iso
    doc = store.order(doc)
    values = {**row_values(ctx.org_id, doc), "next_transition_at": next_transition_at, "plan": plan}
    ctx.tx.run(_INSERT, {f"v_{k}": v for k, v in values.items()})
    notify(ctx.tx, ctx.org_id, doc, None)
    return doc


# ----------------------------------------------------------------------- vendor renames
def _rename_vendor(ctx: RequestContext, vendor_id: str, old_name: str, new_name: str) -> None:
    """Payments carry ``vendorName`` (as bills do, see ``bills.service._rename_vendor``)."""
    old = b'"vendorName":' + orjson.dumps(old_name)
    new = b'"vendorName":' + orjson.dumps(new_name)
    ctx.tx.conn.execute(
        t.update()
        .where(t.c.org_id == ctx.org_id, t.c.vendor_id == vendor_id)
        .values(doc=func.replace(t.c.doc, old.decode(), new.decode()))
    )


vendors.name_changed.append(_rename_vendor)
