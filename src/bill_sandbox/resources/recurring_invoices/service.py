"""Recurring invoice rules (BILL-RULES §5.13, §7.2; the schedule works as recurring bills' does).

- Create/replace require ``customerId`` (an active customer: unknown → 404, archived → 400),
  ``schedule{period, nextDueDate}`` and ≥ 1 ``recurringInvoiceLineItems``; ``frequency``
  defaults to 1, ``daysInAdvance`` to 0, ``sendEmail`` to false. A line shows ``amount``
  (``quantity × price``, or the ``amount`` sent), ``price`` and ``quantity``; ``taxable`` is
  kept. PUT replaces lines, PATCH merges them by ``id``; line ids are ``ril…``.
- Generation: when the sandbox date reaches ``nextDueDate − daysInAdvance``, an invoice is
  created through the invoices service with ``invoiceNumber`` = ``dueDate`` = the occurrence
  (yyyy-MM-dd), ``invoiceDate`` = the generation day, the lines and classifications; with
  ``sendEmail`` it is emailed to the customer (recorded at ``GET /_sandbox/emails``).
  ``nextDueDate`` then moves ``frequency`` periods on; nothing after ``endDate``. It runs on
  create/replace/update and by the scheduler (timer ``apply_due``).
- Edits affect future invoices only; changing ``period``, ``frequency`` or ``nextDueDate``
  re-anchors the schedule. Archive pauses generation; restoring skips the occurrences whose
  day passed meanwhile. A customer archived since generates nothing until restored.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import ValidationError

from bill_sandbox import clock, ids, lines, money
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import BillError, ValidationFailed, field_error
from bill_sandbox.listing import ListParams, ListSpec, list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.bills.refs import Refs
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.invoices import delivery
from bill_sandbox.resources.invoices import service as invoices
from bill_sandbox.resources.invoices.schemas import InvoiceCreate
from bill_sandbox.resources.recurring_invoices.models import RecurringInvoiceRow
from bill_sandbox.resources.recurring_invoices.schemas import RecurringInvoiceCreate, RecurringInvoiceUpdate
from bill_sandbox.schemas import MAX_AMOUNT, jsonable, to_document
from bill_sandbox.series import Series
from bill_sandbox.store import Doc, DocumentStore, merge_patch

log = logging.getLogger("bill_sandbox")

table = RecurringInvoiceRow.__table__
PREFIX = ids.PREFIXES["recurring_invoice"]
LINE_PREFIX = ids.PREFIXES["recurring_invoice_line_item"]
LINES = "recurringInvoiceLineItems"

SPEC = ListSpec.build(table, list_field("customerId", table.c.customer_id, ops="eq,in"))
KEY_ORDER = (
    "id",
    "customerId",
    "description",
    "archived",
    "schedule",
    LINES,
    "classifications",
    "sendEmail",
    "createdTime",
    "updatedTime",
)
LINE_ORDER = ("id", "amount", "description", "price", "quantity", "classifications", "taxable")
SCHEDULE_ORDER = ("period", "frequency", "nextDueDate", "endDate", "daysInAdvance")
INPUT_KEYS = ("customerId", "schedule", "description", "classifications", "sendEmail")


def _project(doc: Doc) -> dict[str, Any]:
    return {"customer_id": doc["customerId"]}


store = DocumentStore(table, PREFIX, SPEC, _project, KEY_ORDER)


def _ordered(value: Mapping[str, Any] | None, order: tuple[str, ...]) -> dict[str, Any] | None:
    if not value:
        return None
    out = {k: value[k] for k in order if value.get(k) is not None}
    out.update((k, v) for k, v in value.items() if k not in out and v is not None)
    return out or None


def _schedule_doc(raw: Mapping[str, Any]) -> Doc:
    out = {
        "period": raw["period"],
        "frequency": raw.get("frequency") or 1,
        "nextDueDate": raw["nextDueDate"],
        "endDate": raw.get("endDate"),
        "daysInAdvance": raw.get("daysInAdvance") or 0,
    }
    return _ordered(out, SCHEDULE_ORDER) or {}


def _line(line: Mapping[str, Any], where: str) -> Doc:
    quantity, price, amount = line.get("quantity"), line.get("price"), line.get("amount")
    q = from_json(quantity) if quantity is not None else Decimal(1)
    if amount is None and price is None:
        raise ValidationFailed([f"{where}.amount: must not be null"])
    total = (
        from_json(amount)
        if amount is not None
        else (q * from_json(price)).quantize(money.CENT, rounding=ROUND_HALF_UP)
    )
    if price is None:
        if q == 0:
            raise ValidationFailed([f"{where}.quantity: must not be 0 when only amount is given"])
        price = jsonable((total / q).quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP).normalize())
    if abs(total) > MAX_AMOUNT:
        raise ValidationFailed([f"{where}.amount: must be between -{MAX_AMOUNT} and {MAX_AMOUNT}"])
    out = {**line, "amount": money.to_json(total), "price": price, "quantity": jsonable(q)}
    out["classifications"] = _ordered(line.get("classifications"), invoices.LINE_CLASSIFICATION_ORDER)
    return _ordered(out, LINE_ORDER) or {}


def _compose(ctx: RequestContext, raw: Mapping[str, Any], existing: Doc | None) -> Doc:
    customer_id = raw["customerId"]
    moved = existing is None or existing["customerId"] != customer_id
    customers.require_customer(ctx, customer_id, active=moved)
    refs = Refs(ctx)
    refs.classifications(raw.get("classifications"))
    out_lines = []
    total = Decimal(0)
    for i, line in enumerate(raw[LINES]):
        stored = _line(line, f"{LINES}[{i}]")
        refs.classifications(stored.get("classifications"))
        total += from_json(stored["amount"])
        out_lines.append(stored)
    if total <= 0:
        raise field_error(LINES, "the total amount must be greater than 0")
    doc: Doc = dict(existing or {})
    doc["customerId"] = customer_id
    doc["description"] = raw.get("description")
    doc["schedule"] = _schedule_doc(raw["schedule"])
    doc[LINES] = out_lines
    doc["classifications"] = _ordered(raw.get("classifications"), invoices.CLASSIFICATION_ORDER)
    doc["sendEmail"] = bool(raw.get("sendEmail"))
    doc.setdefault("archived", False)
    return doc


# ------------------------------------------------------------------------------ schedule
# ---------------------------------------------------------------------------- generation
def _invoice_body(doc: Doc, due: date) -> dict[str, Any]:
    days = int(doc["schedule"].get("daysInAdvance") or 0)
    body: dict[str, Any] = {
        "customer": {"id": doc["customerId"]},
        "invoiceNumber": clock.iso_date(due),
        "invoiceDate": clock.iso_date(due - timedelta(days=days)),
        "dueDate": clock.iso_date(due),
        "invoiceLineItems": [
            {
                k: line[k]
                for k in ("description", "price", "quantity", "taxable", "classifications")
                if k in line
            }
            for line in doc[LINES]
        ],
    }
    if doc.get("classifications"):
        body["classifications"] = doc["classifications"]
    return body


def _create_invoice(ctx: RequestContext, doc: Doc, due: date) -> bool:
    """Create (and, with sendEmail, email) the occurrence's invoice; False when it can't be
    created now (the customer or a classification was archived since)."""
    try:
        invoice = invoices.create_invoice(ctx, InvoiceCreate.model_validate(_invoice_body(doc, due)))
    except (BillError, ValidationError) as exc:
        log.info("recurring invoice %s: occurrence %s not generated: %s", doc["id"], due, exc)
        return False
    if doc.get("sendEmail"):
        try:
            delivery.email_customer(ctx, invoice["id"])
        except (BillError, ValidationError) as exc:
            log.info("recurring invoice %s: invoice %s not emailed: %s", doc["id"], invoice["id"], exc)
    return True


series = Series(store, _create_invoice)
apply_due = series.apply_due  # the scheduler's timer (resources.registry)


# ---------------------------------------------------------------------------- operations
def list_recurring_invoices(ctx: RequestContext, params: ListParams) -> bytes:
    return store.list(ctx, params)


def create_recurring_invoice(ctx: RequestContext, body: RecurringInvoiceCreate) -> Doc:
    invoices.lock_receivables(ctx)
    raw = to_document(body)
    raw[LINES] = lines.new_lines(raw[LINES], LINE_PREFIX, LINES)
    doc = store.insert(ctx, _compose(ctx, raw, None))
    return series.start(ctx, doc)


def get_recurring_invoice(ctx: RequestContext, recurring_id: str) -> str:
    return store.get_raw(ctx, recurring_id)


def replace_recurring_invoice(ctx: RequestContext, recurring_id: str, body: RecurringInvoiceCreate) -> Doc:
    invoices.lock_receivables(ctx)
    existing = store.get(ctx, recurring_id, for_update=True)
    raw = to_document(body)
    raw[LINES] = lines.replace_lines(existing[LINES], raw[LINES], LINE_PREFIX, LINES)
    doc = _compose(ctx, raw, existing)
    state = series.edited_state(ctx, existing, doc)
    return series.run(ctx, store.save(ctx, doc), state)


def update_recurring_invoice(ctx: RequestContext, recurring_id: str, body: RecurringInvoiceUpdate) -> Doc:
    invoices.lock_receivables(ctx)
    existing = store.get(ctx, recurring_id, for_update=True)
    patch = to_document(body, exclude_unset=True)
    problems = [f"{k}: must not be null" for k in ("customerId", "schedule") if k in patch and not patch[k]]
    schedule = patch.get("schedule") or {}
    problems += [
        f"schedule.{k}: must not be null"
        for k in ("period", "nextDueDate")
        if k in schedule and not schedule[k]
    ]
    if LINES in patch and not patch[LINES]:
        problems.append(f"{LINES}: must not be empty")
    if problems:
        raise ValidationFailed(problems)
    incoming = patch.pop(LINES, None) or []
    raw = merge_patch({k: existing.get(k) for k in INPUT_KEYS}, patch)
    merged = lines.merge_lines(existing[LINES], incoming, LINE_PREFIX, LINES)
    for line in merged:
        # A patch that sends an amount without a price: the price follows the amount
        # (``lines.merge_lines`` already recomputes the amount when only price/quantity change).
        sent = next((x for x in incoming if x.get("id") == line["id"]), None)
        if sent is not None and sent.get("amount") is not None and sent.get("price") is None:
            line.pop("price", None)
    raw[LINES] = merged
    doc = _compose(ctx, raw, existing)
    state = series.edited_state(ctx, existing, doc)
    return series.run(ctx, store.save(ctx, doc), state)


def archive_recurring_invoice(ctx: RequestContext, recurring_id: str) -> Doc:
    return store.set_archived(ctx, recurring_id, True)


def restore_recurring_invoice(ctx: RequestContext, recurring_id: str) -> Doc:
    invoices.lock_receivables(ctx)
    return series.restore(ctx, recurring_id)
