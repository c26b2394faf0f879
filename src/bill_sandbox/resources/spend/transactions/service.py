"""Transactions: list (parents only, ``max`` up to 50), get, move to another budget, custom
fields, receipts, 3DS challenge answers. They come only from card activity (``activity.py``).

Every change records ``spend.transaction.updated`` with the ``TransactionPayloadV1`` body
(uuids only). A transaction whose ``isLocked`` is true refuses custom-field edits and budget
moves (400) and receipts (BILL's opaque 500 "Please retry", seen live).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bill_sandbox import events, money
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import (
    ApplicationError,
    BillError,
    ForbiddenError,
    NotFoundError,
    RequestError,
    field_error,
)
from bill_sandbox.jsonio import prune
from bill_sandbox.listing import list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.spend.auth import NO_PERMISSION, SpendContext, require_writer
from bill_sandbox.resources.spend.budgets import service as budgets
from bill_sandbox.resources.spend.cards import service as cards
from bill_sandbox.resources.spend.common import Doc, SpendStore, company_uuid
from bill_sandbox.resources.spend.custom_fields import service as custom_fields
from bill_sandbox.resources.spend.listing import SpendListParams, SpendSpec, page
from bill_sandbox.resources.spend.transactions.models import SpendTransactionRow
from bill_sandbox.resources.spend.transactions.schemas import CustomFieldsUpdate, ReceiptAdd, TransactionMove
from bill_sandbox.resources.spend.uploads import service as uploads

table = SpendTransactionRow.__table__
UPDATED = "spend.transaction.updated"
SYNC_STATUSES = ("PENDING", "SYNCED", "ERROR", "MANUAL_SYNCED", "NOT_SYNCED")
KEY_ORDER = (
    "childTransactionIds",
    "childTransactionUuids",
    "isLocked",
    "isReconciled",
    "transactionType",
    "parentTransactionId",
    "userId",
    "userUuid",
    "userName",
    "rawMerchantName",
    "merchantName",
    "budgetId",
    "budgetUuid",
    "budgetName",
    "parentBudgetUuid",
    "originalAuthTransactionId",
    "originalAuthTransactionUuid",
    "isCredit",
    "currencyData",
    "receiptRequired",
    "reviewRequired",
    "occurredTime",
    "updatedTime",
    "authorizedTime",
    "complete",
    "pointsAwarded",
    "customFields",
    "receipts",
    "network",
    "isParent",
    "reviews",
    "amount",
    "transactedAmount",
    "fees",
    "foreignExchangeFee",
    "receiptStatus",
    "matchedClearTransactionId",
    "matchedClearTransactionUuid",
    "accountingIntegrationTransactions",
    "reviewers",
    "cardId",
    "cardUuid",
    "cardLastFour",
    "cardType",
    "receiptSyncStatus",
    "merchantCategoryCode",
    "declineReason",
    "declineInternalReasonCode",
    "cardPresent",
    "merchantLocation",
    "disputeStatus",
)


def _project(doc: Doc) -> dict[str, Any]:
    return {
        "occurred_time": doc.get("occurredTime", ""),
        "authorized_time": doc.get("authorizedTime", ""),
        "amount_cents": money.to_cents(from_json(doc.get("amount"))),
        "merchant_name": doc.get("merchantName", ""),
        "budget_uuid": doc.get("budgetUuid", ""),
        "card_uuid": doc.get("cardUuid", ""),
        "sync_status": doc.pop("_syncStatus", None) or "NOT_SYNCED",
        "parent_uuid": doc.get("parentTransactionUuid", ""),
    }


class TransactionStore(SpendStore):
    def save(self, ctx: RequestContext, doc: Doc) -> Doc:
        doc["updatedTime"] = ctx.now_iso
        return super().save(ctx, doc)


store = TransactionStore(table, "txn", "Transaction", _project, KEY_ORDER)
SPEC = SpendSpec(
    table,
    {
        "occurredTime": list_field("occurredTime", table.c.occurred_time, "time", ops="gte,lte"),
        "updatedTime": list_field("updatedTime", table.c.updated_time, "time", ops="gte,lte"),
        "authorizedTime": list_field("authorizedTime", table.c.authorized_time, "time", ops="gte,lte"),
        "syncStatus": list_field(
            "syncStatus", table.c.sync_status, "enum", ops="eq,ne,in,nin", enum=SYNC_STATUSES
        ),
        "budgetId": list_field("budgetId", table.c.budget_uuid, ops="eq"),
        "cardId": list_field("cardId", table.c.card_uuid, ops="eq"),
        "amount": list_field("amount", table.c.amount_cents, "money", ops="eq,gt,gte,lt,lte"),
    },
    {
        "amount": table.c.amount_cents,
        "merchantName": table.c.merchant_name,
        "occurredTime": table.c.occurred_time,
    },
    refs={
        "budgetId": lambda ctx, v: budgets.store.row_id(ctx, v),
        "cardId": lambda ctx, v: cards.store.row_id(ctx, v),
    },
    max_limit=50,
    default_sort=(table.c.occurred_time, True),
)


# ------------------------------------------------------------------------------ payloads
def payload_v1(org_id: str, doc: Doc) -> Doc:
    """``TransactionPayloadV1``: what ``spend.transaction.updated`` delivers (uuids only)."""
    fields = [
        {
            "uuid": cf.get("uuid"),
            "name": cf.get("name"),
            "note": cf.get("note", ""),
            "selectedValues": cf.get("selectedValues", []),
        }
        for cf in doc.get("customFields") or []
    ]
    out = {
        "uuid": doc["uuid"],
        "fees": doc.get("fees"),
        "foreignExchangeFee": doc.get("foreignExchangeFee"),
        "transactionType": doc.get("transactionType"),
        "parentTransactionUuid": doc.get("parentTransactionUuid"),
        "userUuid": doc.get("userUuid"),
        "rawMerchantName": doc.get("rawMerchantName"),
        "merchantName": doc.get("merchantName"),
        "budgetUuid": doc.get("budgetUuid"),
        "originalAuthTransactionUuid": doc.get("originalAuthTransactionUuid"),
        "occurredTime": doc.get("occurredTime"),
        "updatedTime": doc.get("updatedTime"),
        "authorizedTime": doc.get("authorizedTime"),
        "complete": doc.get("complete"),
        "customFields": fields,
        "currencyData": doc.get("currencyData"),
        "amount": doc.get("amount"),
        "receiptStatus": doc.get("receiptStatus"),
        "cardUuid": doc.get("cardUuid"),
        "companyUuid": company_uuid(org_id),
        "merchantCategoryCode": doc.get("merchantCategoryCode"),
        "declineReason": doc.get("declineReason"),
        "declineInternalReasonCode": doc.get("declineInternalReasonCode"),
    }
    result: Doc = prune(out)
    return result


def announce(ctx: RequestContext, doc: Doc) -> None:
    events.record(ctx, UPDATED, payload_v1(ctx.org_id, doc))


# ---------------------------------------------------------------------------- rendering
def _narrow(doc: Doc, show: str | None, receipts: bool = True) -> Doc:
    if show:
        wanted = {s.strip() for s in show.split(",") if s.strip()}
        doc["customFields"] = [
            cf for cf in doc.get("customFields") or [] if cf.get("id") in wanted or cf.get("uuid") in wanted
        ]
    if not receipts:
        doc.pop("receipts", None)
    return doc


def list_transactions(
    ctx: SpendContext,
    params: SpendListParams,
    include_receipts: str | None,
    show_custom_field_ids: str | None,
) -> dict[str, Any]:
    with_receipts = (include_receipts or "").lower() == "true"
    return page(
        ctx,
        SPEC,
        params,
        [table.c.parent_uuid == ""],
        render=lambda d: _narrow(d, show_custom_field_ids, with_receipts),
    )


def get_transaction(ctx: SpendContext, transaction_id: str, show_custom_field_ids: str | None) -> Doc:
    return _narrow(store.get(ctx, transaction_id), show_custom_field_ids)


def _own(ctx: SpendContext, doc: Doc) -> Doc:
    """A MEMBER edits only their own transactions."""
    if ctx.role == "MEMBER" and doc.get("userUuid") != ctx.user_uuid:
        raise ForbiddenError(None, message=NO_PERMISSION)
    return doc


def _unlocked(ctx: SpendContext, transaction_id: str) -> Doc:
    doc = _own(ctx, store.get(ctx, transaction_id, for_update=True))
    if doc.get("isLocked"):
        raise ApplicationError(
            "BDC_1119", "isLocked", "true", message="The transaction is locked and cannot be changed."
        )
    return doc


# --------------------------------------------------------------------------------- move
def spend_effect(doc: Doc) -> tuple[Decimal, Decimal]:
    """(pending, cleared) this transaction adds to its budget."""
    value = from_json(doc.get("amount"))
    kind = doc.get("transactionType")
    if kind == "AUTHORIZATION" and not doc.get("complete"):
        return value, Decimal(0)
    if kind == "CLEAR":
        return Decimal(0), value
    return Decimal(0), Decimal(0)


def move_transaction(ctx: SpendContext, transaction_id: str, body: TransactionMove) -> Doc:
    require_writer(ctx)
    if not body.budget_id:
        raise field_error("budgetId", "must not be null")
    doc = _unlocked(ctx, transaction_id)
    budget = budgets.store.get_live(ctx, body.budget_id, "budgetId")
    if budget["uuid"] == doc.get("budgetUuid"):
        return doc
    pending, cleared = spend_effect(doc)
    if pending or cleared:
        budgets.record_spend(ctx, doc["budgetUuid"], doc["userUuid"], -pending, -cleared)
        budgets.record_spend(ctx, budget["uuid"], doc["userUuid"], pending, cleared)
    doc.update(budgetId=budget["id"], budgetUuid=budget["uuid"], budgetName=budget["name"])
    doc.pop("parentBudgetUuid", None)
    if budget.get("parentBudgetUuid"):
        doc["parentBudgetUuid"] = budget["parentBudgetUuid"]
    doc = store.save(ctx, doc)
    announce(ctx, doc)
    return doc


# -------------------------------------------------------------------------- custom fields
def list_custom_fields(ctx: SpendContext, transaction_id: str, filters: str | None) -> Doc:
    doc = store.get(ctx, transaction_id)
    wanted: set[str] | None = None
    if filters and ";" not in filters:
        name, _, rest = filters.partition(":")
        op, _, value = rest.partition(":")
        if name != "customFieldIds":
            raise RequestError("BDC_1130", name[:40])
        if op not in ("eq", "in"):
            raise RequestError("BDC_1131", op[:10])
        wanted = {v.strip().strip('"') for v in value.split(",") if v.strip()}
    current = {cf["uuid"]: cf for cf in doc.get("customFields") or []}
    results = []
    for field in custom_fields.live_fields(ctx):
        applies = custom_fields.applies_to(field, doc.get("budgetUuid", "")) or field["uuid"] in current
        if not applies or (wanted is not None and not ({field["id"], field["uuid"]} & wanted)):
            continue
        results.append(
            prune(custom_fields.entry(field, doc.get("budgetUuid", ""), current.get(field["uuid"])))
        )
    return {"results": results}


def update_custom_fields(ctx: SpendContext, transaction_id: str, body: CustomFieldsUpdate) -> Doc:
    require_writer(ctx)
    if not body.custom_fields:
        raise field_error("customFields", "size must be between 1 and 2147483647")
    doc = _unlocked(ctx, transaction_id)
    budget_uuid = doc.get("budgetUuid", "")
    doc["customFields"] = custom_fields.apply_choices(
        ctx, body.custom_fields, budget_uuid, doc.get("customFields")
    )
    announce(ctx, store.save(ctx, doc))
    return {"status": "SUCCESS"}


def list_custom_field_values(
    ctx: SpendContext, transaction_id: str, field_id: str, params: SpendListParams
) -> dict[str, Any]:
    store.get(ctx, transaction_id)
    field = custom_fields.store.get(ctx, field_id)
    out = page(
        ctx,
        custom_fields.VALUE_SPEC,
        params,
        [custom_fields.vt.c.field_uuid == field["uuid"]],
        render=lambda v: {k: v[k] for k in ("id", "uuid", "value") if k in v},
    )
    return out


# ------------------------------------------------------------------------------ receipts
def _receipt_status(doc: Doc) -> str:
    if doc.get("receipts"):
        return "ATTACHED"
    return "MISSING" if doc.get("receiptRequired") else "NOT_ATTACHED"


def add_receipt(ctx: SpendContext, transaction_id: str, body: ReceiptAdd) -> Doc:
    require_writer(ctx)
    doc = _own(ctx, store.get(ctx, transaction_id, for_update=True))
    if doc.get("isLocked"):
        err = BillError("BDC_1001", message="Please retry")
        err.http_status = 500
        raise err
    receipt = uploads.receipt(ctx, body.url, body.filename)
    doc.setdefault("receipts", []).append(receipt)
    doc["receiptStatus"] = _receipt_status(doc)
    announce(ctx, store.save(ctx, doc))
    return receipt


def delete_receipt(ctx: SpendContext, transaction_id: str, receipt_id: str) -> None:
    require_writer(ctx)
    doc = _own(ctx, store.get(ctx, transaction_id, for_update=True))
    receipts = doc.get("receipts") or []
    kept = [r for r in receipts if r.get("uuid") != receipt_id]
    if len(kept) == len(receipts):
        raise NotFoundError(receipt_id[:40])
    doc["receipts"] = kept
    doc["receiptStatus"] = _receipt_status(doc)
    announce(ctx, store.save(ctx, doc))


def set_locked(ctx: RequestContext, transaction_id: str, locked: bool) -> Doc:
    """Control plane: lock a transaction (as BILL does once it is exported or reconciled)."""
    doc = store.get(ctx, transaction_id, for_update=True)
    doc["isLocked"] = locked
    doc = store.save(ctx, doc)
    announce(ctx, doc)
    return doc
