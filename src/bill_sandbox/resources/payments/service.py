"""AP payment documents (``stp…``): storage shared by record-payment and the payments API.

``new_offline_payment`` builds what ``POST /v3/bills/record-payment`` answers (FACTS §6 #22):
``onlinePayment:false``, ``disbursementType:"OFFLINE"``, ``status:"PAID"``,
``disbursementStatus:"DONE"``, ``singleStatus:"CLEARED"``; generated ``transactionNumber`` (20
upper-case letters) and ``confirmationNumber`` (``P{yyMMdd}{nn} - {7 digits}``, §6 #29).
Payments have no ``archived`` flag, so they are inserted here rather than through
``DocumentStore.insert``.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from bill_sandbox import ids
from bill_sandbox.context import RequestContext
from bill_sandbox.listing import F, ListSpec
from bill_sandbox.resources.payments.models import PaymentRow
from bill_sandbox.store import Doc, DocumentStore

t = PaymentRow.__table__
PREFIX = ids.PREFIXES.get("payment", "stp")
BILL_PAYMENT_PREFIX = ids.PREFIXES.get("bill_payment", "blp")

SPEC = ListSpec.build(t, F("vendorId", t.c.vendor_id, ops="eq,ne,in"))

KEY_ORDER = (
    "id",
    "vendorId",
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
        "process_date": doc.get("processDate", ""),
        "status": doc.get("status", ""),
        "single_status": doc.get("singleStatus", ""),
        "disbursement_type": doc.get("disbursementType", ""),
        "online_payment": bool(doc.get("onlinePayment")),
    }


store = DocumentStore(t, PREFIX, SPEC, _project, KEY_ORDER)


def transaction_number() -> str:
    return "".join(secrets.choice(string.ascii_uppercase) for _ in range(20))


def confirmation_number(ctx: RequestContext) -> str:
    day = ctx.now.strftime("%y%m%d")
    return f"P{day}{secrets.randbelow(100):02d} - {secrets.randbelow(10**7):07d}"


def insert(ctx: RequestContext, doc: Doc) -> Doc:
    """Store a new payment document (``id`` may be preset); stamps the times."""
    doc = {k: v for k, v in doc.items() if v is not None}
    doc["id"] = doc.get("id") or store.new_id()
    doc["createdTime"] = doc["updatedTime"] = ctx.now_iso
    doc = store.order(doc)
    ctx.tx.conn.execute(
        t.insert().values(
            id=doc["id"],
            org_id=ctx.org_id,
            archived=False,
            created_time=doc["createdTime"],
            updated_time=doc["updatedTime"],
            doc=store.encode(doc),
            **_project(doc),
        )
    )
    return doc
