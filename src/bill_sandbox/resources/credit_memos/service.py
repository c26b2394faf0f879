"""Credit memo rules (BILL-RULES §5.11).

- Create/replace require ``customerId`` (an active customer: unknown → 404, archived → 400),
  ``referenceNumber``, ``creditDate`` and ≥ 1 line. A line's amount is ``quantity × price``
  (``amount`` alone is accepted too), or ``ratePercent`` % of the sum of the lines above it
  (−10: a 10% discount); ``salesTaxItemId`` (a SALES_TAX item) taxes the ``taxable`` lines.
  ``amount`` = lines + tax, > 0. PUT replaces lines, PATCH merges them by ``id``.
- Credit is applied automatically (DEFAULT): the customer's memos with credit left, oldest
  ``creditDate`` first, go to the customer's open invoices, oldest ``invoiceDate`` first, as
  ``creditAmount`` on the invoice; on the memo, ``appliedAmount``, ``usage[{invoiceId,
  amount}]`` and ``status`` NOT_APPLIED → PARTIALLY_APPLIED → FULLY_APPLIED follow. This runs
  whenever a memo or an invoice of the customer is written.
- An edit never lowers ``amount`` below ``appliedAmount``, nor moves an applied memo to another
  customer. Archived memos give no further credit (what is applied stays); restoring one
  applies what is left.
- Bulk create, replace, update (≤ 50), archive and restore (``ids``): all or nothing,
  ``{"creditMemos": [...]}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select

from bill_sandbox import ids, lines, money
from bill_sandbox.bulk import parse_ids, run_all
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, RequestError, ValidationFailed, field_error
from bill_sandbox.listing import EQ, RANGE, ListParams, ListSpec, list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.bills.refs import Refs
from bill_sandbox.resources.credit_memos.models import CreditMemoRow
from bill_sandbox.resources.credit_memos.schemas import (
    CreditMemoCreate,
    CreditMemoReplaceItem,
    CreditMemoUpdate,
    CreditMemoUpdateItem,
)
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.invoices import service as invoices
from bill_sandbox.schemas import MAX_AMOUNT, jsonable, to_document
from bill_sandbox.store import Doc, DocumentStore, merge_patch

MAX_BULK = 50  # credit memos per bulk operation (BILL: 50)

table = CreditMemoRow.__table__
PREFIX = ids.PREFIXES["credit_memo"]
LINE_PREFIX = ids.PREFIXES["credit_memo_line_item"]
LINES = "creditMemoLineItems"
STATUSES = ("NOT_APPLIED", "PARTIALLY_APPLIED", "FULLY_APPLIED")
ZERO = Decimal(0)

SPEC = ListSpec.build(
    table,
    list_field("customerId", table.c.customer_id, ops="eq,ne,in"),
    list_field("referenceNumber", table.c.reference_number, ops="eq,ne,in,sw"),
    list_field("creditDate", table.c.credit_date, "date", ops=RANGE),
    list_field("amount", table.c.amount_cents, "money"),
    list_field("appliedAmount", table.c.applied_cents, "money"),
    list_field("status", table.c.status, "enum", ops=EQ, enum=STATUSES),
)
KEY_ORDER = (
    "id",
    "customerId",
    "referenceNumber",
    "creditDate",
    "description",
    "archived",
    "salesTaxItemId",
    "payToChartOfAccountId",
    "payToBankAccountId",
    "amount",
    "appliedAmount",
    "salesTaxTotal",
    "salesTaxPercentage",
    "status",
    "createdTime",
    "updatedTime",
    LINES,
    "classifications",
    "usage",
)
LINE_ORDER = ("id", "description", "price", "quantity", "amount", "ratePercent", "taxable", "classifications")
INPUT_KEYS = (
    "customerId",
    "referenceNumber",
    "creditDate",
    "description",
    "salesTaxItemId",
    "payToChartOfAccountId",
    "payToBankAccountId",
    "classifications",
)


def _project(doc: Doc) -> dict[str, Any]:
    return {
        "customer_id": doc["customerId"],
        "reference_number": doc.get("referenceNumber", ""),
        "credit_date": doc["creditDate"],
        "amount_cents": money.to_cents(from_json(doc["amount"])),
        "applied_cents": money.to_cents(from_json(doc.get("appliedAmount"))),
        "status": doc["status"],
    }


store = DocumentStore(table, PREFIX, SPEC, _project, KEY_ORDER)


def _status(amount: Decimal, applied: Decimal) -> str:
    if applied <= 0:
        return "NOT_APPLIED"
    return "FULLY_APPLIED" if applied >= amount else "PARTIALLY_APPLIED"


def _ordered(value: Mapping[str, Any] | None, order: tuple[str, ...]) -> dict[str, Any] | None:
    if not value:
        return None
    out = {k: value[k] for k in order if value.get(k) is not None}
    out.update((k, v) for k, v in value.items() if k not in out and v is not None)
    return out or None


def out(doc: Doc) -> Doc:
    """Write responses leave ``usage`` out (BILL's examples show it on get and list only; GET
    shows where the credit went)."""
    return {k: v for k, v in doc.items() if k != "usage"}


# ------------------------------------------------------------------------------ building
def _price_lines(raw_lines: Sequence[Mapping[str, Any]]) -> tuple[list[Doc], Decimal, Decimal]:
    """Lines with their amounts; the sum, and the taxable part."""
    out_lines: list[Doc] = []
    running = taxable = ZERO
    for i, line in enumerate(raw_lines):
        where = f"{LINES}[{i}]"
        stored = dict(line)
        if line.get("ratePercent") is not None and line.get("price") is None and line.get("amount") is None:
            amount = (running * from_json(line["ratePercent"]) / 100).quantize(
                money.CENT, rounding=ROUND_HALF_UP
            )
        elif line.get("price") is not None:
            q = from_json(line.get("quantity")) if line.get("quantity") is not None else Decimal(1)
            stored["quantity"] = jsonable(q)
            amount = (q * from_json(line["price"])).quantize(money.CENT, rounding=ROUND_HALF_UP)
        elif line.get("amount") is not None:
            amount = from_json(line["amount"])
        else:
            raise ValidationFailed([f"{where}.price: must not be null"])
        if abs(amount) > MAX_AMOUNT:
            raise ValidationFailed([f"{where}.amount: must be between -{MAX_AMOUNT} and {MAX_AMOUNT}"])
        stored["amount"] = money.to_json(amount)
        running += amount
        if stored.get("taxable"):
            taxable += amount
        out_lines.append(stored)
    return out_lines, running, taxable


def _compose(ctx: RequestContext, refs: Refs, raw: Mapping[str, Any], existing: Doc | None) -> Doc:
    customer_id = raw["customerId"]
    moved = existing is None or existing["customerId"] != customer_id
    customers.require_customer(ctx, customer_id, active=moved)
    refs.chart_of_account(raw.get("payToChartOfAccountId"), "payToChartOfAccountId")
    refs.bank_account(raw.get("payToBankAccountId"), "payToBankAccountId")
    refs.classifications(raw.get("classifications"))
    priced, subtotal, taxable = _price_lines(raw[LINES])
    stored: list[Doc] = []
    for line in priced:
        refs.classifications(line.get("classifications"))
        line["classifications"] = _ordered(line.get("classifications"), invoices.LINE_CLASSIFICATION_ORDER)
        stored.append(_ordered(line, LINE_ORDER) or {})
    pct = invoices.sales_tax(ctx, raw.get("salesTaxItemId"))
    tax = ZERO if pct is None else (taxable * pct / 100).quantize(money.CENT, rounding=ROUND_HALF_UP)
    amount = subtotal + tax
    if amount <= 0:
        raise field_error("amount", "must be greater than 0")
    applied = from_json((existing or {}).get("appliedAmount"))
    if existing is not None and applied > 0 and moved:
        raise ApplicationError(
            "BDC_1119",
            "customerId",
            customer_id,
            object_id=existing["id"],
            message="An applied credit memo can't be moved to another customer.",
        )
    if amount < applied:
        raise ApplicationError(
            "BDC_1119",
            "amount",
            money.to_json(amount),
            object_id=(existing or {}).get("id"),
            message="The credit memo amount can't be less than what is already applied "
            f"({money.to_json(applied)}).",
        )
    doc: Doc = dict(existing or {})
    for key in INPUT_KEYS:
        doc[key] = raw.get(key)
    doc["classifications"] = _ordered(raw.get("classifications"), invoices.CLASSIFICATION_ORDER)
    doc[LINES] = stored
    doc["amount"] = money.to_json(amount)
    doc["appliedAmount"] = money.to_json(applied)
    doc["salesTaxTotal"] = money.to_json(tax) if pct is not None else None
    doc["salesTaxPercentage"] = jsonable(pct) if pct is not None else None
    doc["status"] = _status(amount, applied)
    doc.setdefault("archived", False)
    return doc


# ------------------------------------------------------------------------ applying credit
def apply_credits(ctx: RequestContext, customer_id: str) -> None:
    """Apply the customer's unused credit to its open invoices (oldest memo and invoice first)."""
    memo_ids = [
        str(r)
        for r in ctx.tx.conn.execute(
            select(table.c.id)
            .where(
                table.c.org_id == ctx.org_id,
                table.c.customer_id == customer_id,
                table.c.archived.is_(False),
                table.c.amount_cents > table.c.applied_cents,
            )
            .order_by(table.c.credit_date, table.c.created_time, table.c.id)
        ).scalars()
    ]
    if not memo_ids:
        return
    invoice_ids = invoices.open_invoices(ctx, customer_id)
    for memo_id in memo_ids:
        if not invoice_ids:
            return
        memo = store.get(ctx, memo_id, for_update=True)
        left = from_json(memo["amount"]) - from_json(memo.get("appliedAmount"))
        usage: dict[str, Decimal] = {u["invoiceId"]: from_json(u["amount"]) for u in memo.get("usage") or []}
        while left > 0 and invoice_ids:
            invoice = invoices.get_for_update(ctx, invoice_ids[0])
            take = min(left, from_json(invoice.get("dueAmount")))
            if take > 0:
                invoices.add_credit(ctx, invoice, take)
                usage[invoice["id"]] = usage.get(invoice["id"], ZERO) + take
                left -= take
            if from_json(invoice.get("dueAmount")) - take <= 0:
                invoice_ids.pop(0)
        applied = from_json(memo["amount"]) - left
        doc = {
            **memo,
            "appliedAmount": money.to_json(applied),
            "status": _status(from_json(memo["amount"]), applied),
            "usage": [{"invoiceId": k, "amount": money.to_json(v)} for k, v in usage.items()] or None,
        }
        store.save(ctx, doc, previous=memo)


# ---------------------------------------------------------------------------- operations
def list_credit_memos(ctx: RequestContext, params: ListParams) -> bytes:
    return store.list(ctx, params)


def _create(ctx: RequestContext, refs: Refs, body: CreditMemoCreate) -> Doc:
    raw = to_document(body)
    raw[LINES] = lines.new_lines(raw[LINES], LINE_PREFIX, LINES)
    doc = store.insert(ctx, _compose(ctx, refs, raw, None))
    apply_credits(ctx, doc["customerId"])
    return store.get(ctx, doc["id"])


def _replace(ctx: RequestContext, refs: Refs, memo_id: str, body: CreditMemoCreate) -> Doc:
    existing = store.get(ctx, memo_id, for_update=True)
    raw = to_document(body)
    raw.pop("id", None)
    raw[LINES] = lines.replace_lines(existing[LINES], raw[LINES], LINE_PREFIX, LINES)
    store.save(ctx, _compose(ctx, refs, raw, existing), previous=existing)
    apply_credits(ctx, existing["customerId"])
    return store.get(ctx, memo_id)


def _update(ctx: RequestContext, refs: Refs, memo_id: str, body: CreditMemoUpdate) -> Doc:
    existing = store.get(ctx, memo_id, for_update=True)
    patch = to_document(body, exclude_unset=True)
    patch.pop("id", None)
    problems = [
        f"{k}: must not be null"
        for k in ("customerId", "referenceNumber", "creditDate")
        if k in patch and not patch[k]
    ]
    if LINES in patch and not patch[LINES]:
        problems.append(f"{LINES}: must not be empty")
    if problems:
        raise ValidationFailed(problems)
    incoming = patch.pop(LINES, None) or []
    raw = merge_patch({k: existing.get(k) for k in INPUT_KEYS}, patch)
    raw[LINES] = lines.merge_lines(existing[LINES], incoming, LINE_PREFIX, LINES)
    store.save(ctx, _compose(ctx, refs, raw, existing), previous=existing)
    apply_credits(ctx, existing["customerId"])
    return store.get(ctx, memo_id)


def _set_archived(ctx: RequestContext, memo_id: str, archived: bool) -> Doc:
    doc = store.set_archived(ctx, memo_id, archived)
    if not archived:
        apply_credits(ctx, doc["customerId"])
        return store.get(ctx, memo_id)
    return doc


def create_credit_memo(ctx: RequestContext, body: CreditMemoCreate) -> Doc:
    invoices.lock_receivables(ctx)
    return out(_create(ctx, Refs(ctx), body))


def get_credit_memo(ctx: RequestContext, memo_id: str) -> str:
    return store.get_raw(ctx, memo_id)


def replace_credit_memo(ctx: RequestContext, memo_id: str, body: CreditMemoCreate) -> Doc:
    invoices.lock_receivables(ctx)
    return out(_replace(ctx, Refs(ctx), memo_id, body))


def update_credit_memo(ctx: RequestContext, memo_id: str, body: CreditMemoUpdate) -> Doc:
    invoices.lock_receivables(ctx)
    return out(_update(ctx, Refs(ctx), memo_id, body))


def archive_credit_memo(ctx: RequestContext, memo_id: str) -> Doc:
    invoices.lock_receivables(ctx)
    return out(_set_archived(ctx, memo_id, True))


def restore_credit_memo(ctx: RequestContext, memo_id: str) -> Doc:
    invoices.lock_receivables(ctx)
    return out(_set_archived(ctx, memo_id, False))


def _unique_ids(bodies: Sequence[CreditMemoReplaceItem | CreditMemoUpdateItem]) -> None:
    seen: set[str] = set()
    for i, body in enumerate(bodies):
        if str(body.id) in seen:
            raise RequestError("BDC_1119", f"[{i}].id", str(body.id))
        seen.add(str(body.id))


def create_credit_memos(ctx: RequestContext, bodies: Sequence[CreditMemoCreate]) -> Doc:
    invoices.lock_receivables(ctx)
    refs = Refs(ctx)
    return {"creditMemos": [out(d) for d in run_all(bodies, lambda _i, b: _create(ctx, refs, b))]}


def replace_credit_memos(ctx: RequestContext, bodies: Sequence[CreditMemoReplaceItem]) -> Doc:
    invoices.lock_receivables(ctx)
    _unique_ids(bodies)
    refs = Refs(ctx)
    return {"creditMemos": [out(d) for d in run_all(bodies, lambda _i, b: _replace(ctx, refs, str(b.id), b))]}


def update_credit_memos(ctx: RequestContext, bodies: Sequence[CreditMemoUpdateItem]) -> Doc:
    invoices.lock_receivables(ctx)
    _unique_ids(bodies)
    refs = Refs(ctx)
    return {"creditMemos": [out(d) for d in run_all(bodies, lambda _i, b: _update(ctx, refs, str(b.id), b))]}


def archive_credit_memos(ctx: RequestContext, ids: str) -> Doc:
    """``ids``: the comma-separated query parameter, parsed after authentication."""
    id_list = parse_ids(ids, MAX_BULK)
    invoices.lock_receivables(ctx)
    return {"creditMemos": [out(d) for d in run_all(id_list, lambda _i, mid: _set_archived(ctx, mid, True))]}


def restore_credit_memos(ctx: RequestContext, ids: str) -> Doc:
    id_list = parse_ids(ids, MAX_BULK)
    invoices.lock_receivables(ctx)
    return {"creditMemos": [out(d) for d in run_all(id_list, lambda _i, mid: _set_archived(ctx, mid, False))]}
