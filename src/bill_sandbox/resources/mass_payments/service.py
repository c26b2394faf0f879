"""Mass payments (BILL-RULES §5.6; BILL's ap-mass-payments page): up to 2000 bills in one request,
paid asynchronously under a ``bbq…`` batch id.

``POST /v3/payments/mass`` checks what concerns the whole request at once (trusted session,
the funding account and the organization's right to pay, duplicate bills) and answers 201 with
the batch SCHEDULED: every bill waits in ``payments.scheduled``. The scheduler (the
``mass-payments`` timer on ``due_time``) then takes the bills in order, ``CHUNK`` at a time:
each is checked and paid like one bill of a bulk payment (``payments.operations``), and moves
to ``completed`` (with its ``paymentId``) or ``failed`` (with BILL's errors for it). Unlike a
bulk payment, one bill failing does not stop the others. When none is left the batch is
COMPLETED. ``mass-payment.updated`` is recorded when ``batchStatus`` changes (SCHEDULED at
creation, COMPLETED at the end), with ``paymentBatchId``, ``batchStatus``, ``count`` and
``updatedTime`` as BILL's notification shows them.

The shape of the GET answer beyond those fields (the ``payments`` lists) is OUR DESIGN: BILL's
reference says each payment is scheduled, completed or failed, without an example.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import bindparam, select

from bill_sandbox import events, ids, money
from bill_sandbox.context import RequestContext, system_context
from bill_sandbox.db import Prepared
from bill_sandbox.errors import BillError, RequestError
from bill_sandbox.listing import ListSpec
from bill_sandbox.money import from_json
from bill_sandbox.resources.bills import service as bills
from bill_sandbox.resources.mass_payments.models import MassPaymentRow
from bill_sandbox.resources.mass_payments.schemas import MassPaymentCreate
from bill_sandbox.resources.payments import lifecycle, operations
from bill_sandbox.schemas import to_document
from bill_sandbox.store import Doc, DocumentStore

table = MassPaymentRow.__table__
PREFIX = ids.PREFIXES.get("mass_payment", "bbq")
CHUNK = 250  # bills paid per scheduler round
EVENT = "mass-payment.updated"
KEY_ORDER = ("paymentBatchId", "batchStatus", "count", "payments", "createdTime", "updatedTime")

store = DocumentStore(table, PREFIX, ListSpec.build(table), key_order=KEY_ORDER, archivable=False)


def _counted(doc: Doc) -> Doc:
    lists = doc["payments"]
    doc["count"] = {
        "scheduled": len(lists["scheduled"]),
        "completed": len(lists["completed"]),
        "failed": len(lists["failed"]),
        "total": sum(len(v) for v in lists.values()),
    }
    return doc


def _announce(ctx: RequestContext, doc: Doc) -> None:
    events.record(
        ctx,
        EVENT,
        {
            "id": doc["paymentBatchId"],
            "paymentBatchId": doc["paymentBatchId"],
            "batchStatus": doc["batchStatus"],
            "count": doc["count"],
            "updatedTime": doc["updatedTime"],
        },
    )


def _wire(doc: Doc) -> Doc:
    """The stored document without the store's own keys (``id`` is ``paymentBatchId``)."""
    return {k: v for k, v in doc.items() if k != "id"}


def create(ctx: RequestContext, body: MassPaymentCreate) -> Doc:
    operations.require_payment_trust(ctx)
    raw = to_document(body)
    options = raw.get("processingOptions") or {}
    if options.get("createBill"):
        raise RequestError("BDC_1119", "processingOptions.createBill", "true")
    operations.resolve_funding(
        ctx, raw["fundingAccount"], raw.get("processDate"), raw.get("cardFundingPurpose")
    )
    seen: set[str] = set()
    scheduled = []
    for i, entry in enumerate(raw["payments"]):
        if entry["billId"] in seen:
            raise RequestError("BDC_1119", f"payments[{i}].billId", entry["billId"])
        if from_json(entry["amount"]) < 0:
            raise RequestError("BDC_1119", f"payments[{i}].amount", str(entry["amount"]))
        seen.add(entry["billId"])
        scheduled.append({"billId": entry["billId"], "amount": money.to_json(from_json(entry["amount"]))})
    batch_id = store.new_id()
    doc = _counted(
        {
            "paymentBatchId": batch_id,
            "batchStatus": "SCHEDULED",
            "payments": {"scheduled": scheduled, "completed": [], "failed": []},
        }
    )
    columns = {"due_time": ctx.now_iso, "request": orjson.dumps(raw).decode(), "created_by": ctx.user_id}
    saved = store.insert(ctx, doc, batch_id, columns=columns)
    _announce(ctx, saved)
    return _wire(saved)


def get(ctx: RequestContext, batch_id: str) -> Doc:
    return _wire(store.get(ctx, batch_id))


# --------------------------------------------------------------------------- processing
_DUE = Prepared(
    select(table.c.id, table.c.request, table.c.created_by)
    .where(table.c.org_id == bindparam("org"), table.c.due_time <= bindparam("now"))
    .order_by(table.c.due_time, table.c.id)
    .with_for_update()
)


def _pay_one(ctx: RequestContext, raw: dict[str, Any], funding: Any, item: Doc) -> str:
    """One bill, checked and paid like a bill of a bulk payment; returns the payment id."""
    bill = bills.get_bill_for_update(ctx, item["billId"])
    checked = operations._check_item(
        ctx,
        0,
        bill,
        money.from_json(item["amount"]),
        raw.get("vendorId"),
        raw.get("processDate"),
        raw.get("exchangeRateBatchId"),
    )
    payment = operations._start(ctx, [checked], funding, raw.get("processingOptions") or {}, raw)
    return str(payment["id"])


def apply_due(ctx: RequestContext) -> None:
    """The scheduler's timer: the next ``CHUNK`` bills of every batch due for this org."""
    for batch_id, request, created_by in ctx.tx.fetch(_DUE, {"org": ctx.org_id, "now": ctx.now_iso}):
        raw: dict[str, Any] = orjson.loads(request)
        actx = system_context(ctx.tx, ctx.org_id, ctx.settings, created_by)
        doc = store.get(actx, batch_id, for_update=True)
        lists = doc["payments"]
        todo, rest = lists["scheduled"][:CHUNK], lists["scheduled"][CHUNK:]
        lifecycle.apply_due(actx)
        funding: Any = None
        funding_error: BillError | None = None
        try:
            funding = operations.resolve_funding(
                actx, raw["fundingAccount"], raw.get("processDate"), raw.get("cardFundingPurpose")
            )
        except BillError as err:  # the account or the right to pay went away meanwhile
            funding_error = err
        for item in todo:
            try:
                if funding_error is not None:
                    raise funding_error
                lists["completed"].append({**item, "paymentId": _pay_one(actx, raw, funding, item)})
            except BillError as err:
                err.timestamp = err.timestamp or actx.now_iso
                lists["failed"].append({**item, "errors": err.body()})
        lists["scheduled"] = rest
        previous = doc["batchStatus"]
        if not rest:
            doc["batchStatus"] = "COMPLETED"
        saved = store.save(actx, _counted(doc), columns={"due_time": ctx.now_iso if rest else None})
        if saved["batchStatus"] != previous:
            _announce(actx, saved)
