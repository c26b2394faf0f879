"""Invoice rules (BILL-RULES §5.10, §6 #4, #29, #35).

- Writes take ``customer{id}`` (an active customer: unknown → 404 ``BDC_1205``, archived → 400)
  or ``customer{name, email}`` (the customer is created inline); reads show ``customerId``. A
  flat ``customerId`` is 400 ``customer: The customer field is required``; a bare string
  BILL's binder message. ``invoiceDate`` and ``dueDate`` default to the sandbox date;
  ``invoiceNumber`` to the organization's next number (1001, 1002, …).
- Lines: ``quantity × price`` (``amount`` alone: quantity 1, price = amount; amount and
  quantity: price = amount / quantity); the wire line shows ``price`` and ``quantity``.
  ``salesTaxItemId`` (an active item of type SALES_TAX) taxes the ``taxable`` lines at its
  ``percentage``: ``salesTaxTotal``, ``salesTaxPercentage``. ``totalAmount`` = lines + tax > 0.
  PUT replaces lines, PATCH merges them by ``id`` (``lines.py``).
- Amounts: ``payments[]`` holds every received payment ``{id, amount, status, date}`` (the id
  of the receivable payment, ``0rp…``); paid = Σ PAID, ``scheduledAmount`` = Σ SCHEDULED,
  ``creditAmount`` = credit memos applied; ``dueAmount`` = total − paid − credit − scheduled
  (never below 0). ``status``: OPEN → PARTIAL_PAYMENT → PAID_IN_FULL (``PAID`` with the setting
  ``invoice_paid_status=PAID``); SCHEDULED when pending charges cover all that is due. An edit
  never lowers the total below what is paid, credited or scheduled, and never moves an invoice
  with money on it to another customer.
- ``enableCardPayment`` defaults to false; ``convenienceFee`` needs it true.
- Archive keeps ``status``; refused while a charge is scheduled. Archived invoices leave the
  customer balance and take no payment or credit.
- The customer's ``balance.amount`` (Σ ``dueAmount`` of unarchived invoices − unapplied
  payments) follows every change (``customers.adjust_balance``).
- Events: ``invoice.created|updated|archived|restored`` through the store (payments and
  credits show up as ``invoice.updated``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select

from bill_sandbox import clock, ids, lines, money
from bill_sandbox.accounts.models import OrganizationRow
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, RequestError, ValidationFailed, field_error
from bill_sandbox.listing import EQ, RANGE, ListParams, ListSpec, list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.bills.refs import Refs
from bill_sandbox.resources.classifications import service as classifications
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.invoices.models import InvoiceNumberRow, InvoiceRow
from bill_sandbox.resources.invoices.schemas import InvoiceCreate, InvoiceFields, InvoiceUpdate
from bill_sandbox.schemas import MAX_AMOUNT, jsonable, to_document
from bill_sandbox.store import Doc, DocumentStore, merge_patch

table = InvoiceRow.__table__
numbers = InvoiceNumberRow.__table__
orgs = OrganizationRow.__table__
PREFIX = ids.PREFIXES["invoice"]
LINE_PREFIX = ids.PREFIXES["invoice_line_item"]
LINES = "invoiceLineItems"
STATUSES = ("OPEN", "PARTIAL_PAYMENT", "SCHEDULED", "PAID_IN_FULL", "PAID")
FIRST_NUMBER = 1001
ZERO = Decimal(0)

SPEC = ListSpec.build(
    table,
    list_field("customerId", table.c.customer_id, ops="eq,in"),
    list_field("invoiceNumber", table.c.invoice_number, ops="eq,ne,in,nin,sw"),
    list_field("invoiceDate", table.c.invoice_date, "date", ops=RANGE),
    list_field("dueDate", table.c.due_date, "date", ops=RANGE),
    list_field("status", table.c.status, "enum", ops=EQ, enum=STATUSES),
    list_field("totalAmount", table.c.total_cents, "money"),
    list_field("dueAmount", table.c.due_cents, "money", sortable=False),
    list_field("payToChartOfAccountId", table.c.pay_to_coa_id, ops="eq,ne,in"),
    list_field("classifications.accountingClassId", table.c.class_id, ops="eq,ne,in", sortable=False),
    list_field("classifications.departmentId", table.c.department_id, ops="eq,ne,in", sortable=False),
    list_field("classifications.locationId", table.c.location_id, ops="eq,ne,in", sortable=False),
    list_field("classifications.itemId", table.c.item_id, ops="eq,ne,in", sortable=False),
)

KEY_ORDER = (
    "id",
    "archived",
    "invoiceNumber",
    "invoiceDate",
    "dueDate",
    "customerId",
    "totalAmount",
    "dueAmount",
    "scheduledAmount",
    "creditAmount",
    "status",
    "exchangeRate",
    "createdTime",
    "updatedTime",
    LINES,
    "payToChartOfAccountId",
    "payments",
    "classifications",
    "salesTaxItemId",
    "salesTaxTotal",
    "salesTaxPercentage",
    "enableCardPayment",
    "convenienceFee",
    "invoicePdfId",
)
LINE_ORDER = ("id", "description", "price", "quantity", "taxable", "classifications")
LINE_CLASSIFICATION_ORDER = (
    "chartOfAccountId",
    "accountingClassId",
    "departmentId",
    "employeeId",
    "jobId",
    "locationId",
    "itemId",
)
CLASSIFICATION_ORDER = ("accountingClassId", "departmentId", "jobId", "locationId")
INPUT_KEYS = (
    "invoiceNumber",
    "invoiceDate",
    "dueDate",
    "payToChartOfAccountId",
    "classifications",
    "salesTaxItemId",
    "enableCardPayment",
    "convenienceFee",
)


def _project(doc: Doc) -> dict[str, Any]:
    cls = doc.get("classifications") or {}
    first_item = next(
        (
            (line.get("classifications") or {}).get("itemId")
            for line in doc.get(LINES) or []
            if (line.get("classifications") or {}).get("itemId")
        ),
        "",
    )
    return {
        "customer_id": doc["customerId"],
        "invoice_number": doc["invoiceNumber"],
        "invoice_date": doc["invoiceDate"],
        "due_date": doc["dueDate"],
        "status": doc["status"],
        "total_cents": money.to_cents(from_json(doc["totalAmount"])),
        "due_cents": money.to_cents(from_json(doc["dueAmount"])),
        "pay_to_coa_id": doc.get("payToChartOfAccountId", ""),
        "class_id": cls.get("accountingClassId", ""),
        "department_id": cls.get("departmentId", ""),
        "location_id": cls.get("locationId", ""),
        "item_id": first_item or "",
    }


store = DocumentStore(table, PREFIX, SPEC, _project, KEY_ORDER, entity="invoice")


def _ordered(value: Mapping[str, Any] | None, order: tuple[str, ...]) -> dict[str, Any] | None:
    if not value:
        return None
    out = {k: value[k] for k in order if value.get(k) is not None}
    out.update((k, v) for k, v in value.items() if k not in out and v is not None)
    return out or None


# ------------------------------------------------------------------------------- amounts
@dataclass(frozen=True)
class Amounts:
    total: Decimal
    paid: Decimal
    scheduled: Decimal
    credit: Decimal

    @property
    def due(self) -> Decimal:
        return self.total - self.paid - self.credit - self.scheduled

    @property
    def status(self) -> str:
        due = max(self.due, ZERO)
        if due == 0 and self.scheduled > 0:
            return "SCHEDULED"
        if due == 0:
            return "PAID_IN_FULL"
        if self.paid > 0 or self.credit > 0:
            return "PARTIAL_PAYMENT"
        return "OPEN"

    @staticmethod
    def of(doc: Mapping[str, Any]) -> Amounts:
        paid = scheduled = ZERO
        for p in doc.get("payments") or []:
            if p.get("status") == "PAID":
                paid += from_json(p.get("amount"))
            elif p.get("status") == "SCHEDULED":
                scheduled += from_json(p.get("amount"))
        return Amounts(from_json(doc.get("totalAmount")), paid, scheduled, from_json(doc.get("creditAmount")))


def write_amounts(doc: Doc, a: Amounts) -> None:
    doc["totalAmount"] = money.to_json(a.total)
    doc["dueAmount"] = money.to_json(max(a.due, ZERO))
    doc["scheduledAmount"] = money.to_json(a.scheduled)
    doc["creditAmount"] = money.to_json(a.credit)
    doc["status"] = a.status
    doc["exchangeRate"] = 1


def contribution(doc: Mapping[str, Any] | None) -> Decimal:
    """What the invoice adds to its customer's balance."""
    if not doc or doc.get("archived"):
        return ZERO
    return from_json(doc.get("dueAmount"))


def persist(ctx: RequestContext, old: Doc | None, new: Doc) -> Doc:
    """Insert or save ``new`` and keep the customer balance(s) in step."""
    if new.get("status") == "PAID_IN_FULL" and ctx.settings.invoice_paid_status == "PAID":
        new["status"] = "PAID"  # the compatibility setting (BILL-RULES §6 #4)
    saved = store.insert(ctx, new, new["id"]) if old is None else store.save(ctx, new, previous=old)
    customer_id = saved["customerId"]
    if old is not None and old["customerId"] != customer_id:
        customers.adjust_balance(ctx, old["customerId"], -contribution(old))
        customers.adjust_balance(ctx, customer_id, contribution(saved))
    else:
        customers.adjust_balance(ctx, customer_id, contribution(saved) - contribution(old))
    return saved


# ------------------------------------------------------------------------------ numbering
def lock_receivables(ctx: RequestContext) -> None:
    """Every accounts-receivable write locks the organization's row first (as the scheduler
    does): invoices, credit memos, payments and customer balances of one organization then
    change one transaction at a time on PostgreSQL, with no lock-order deadlock between, say,
    a payment locking invoices by id and a credit application locking them oldest first.
    (SQLite serializes writers anyway.)"""
    ctx.tx.conn.execute(select(orgs.c.id).where(orgs.c.id == ctx.org_id).with_for_update())


def next_number(ctx: RequestContext) -> str:
    """The organization's next invoice number (1001 first); the caller holds
    ``lock_receivables``, so concurrent creates get distinct numbers on every engine."""
    lock_receivables(ctx)
    last = ctx.tx.conn.execute(select(numbers.c.last_number).where(numbers.c.org_id == ctx.org_id)).scalar()
    if last is None:
        value = FIRST_NUMBER
        ctx.tx.conn.execute(numbers.insert().values(org_id=ctx.org_id, last_number=value))
    else:
        value = int(last) + 1
        ctx.tx.conn.execute(numbers.update().where(numbers.c.org_id == ctx.org_id).values(last_number=value))
    return str(value)


# ------------------------------------------------------------------------------ building
def _price(line: Mapping[str, Any], where: str) -> tuple[dict[str, Any], Decimal]:
    """The line as stored (price and quantity) and its amount."""
    quantity, price, amount = line.get("quantity"), line.get("price"), line.get("amount")
    out = {k: v for k, v in line.items() if k != "amount"}
    if price is None and amount is None:
        raise ValidationFailed([f"{where}.price: must not be null"])
    if price is None:
        q = from_json(quantity) if quantity is not None else Decimal(1)
        if q == 0:
            raise ValidationFailed([f"{where}.quantity: must not be 0 when only amount is given"])
        p = from_json(amount) / q
        out["quantity"] = jsonable(q)
        out["price"] = jsonable(p.quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP).normalize())
        total = from_json(amount)
    else:
        q = from_json(quantity) if quantity is not None else Decimal(1)
        out["quantity"] = jsonable(q)
        total = (q * from_json(price)).quantize(money.CENT, rounding=ROUND_HALF_UP)
    if abs(total) > MAX_AMOUNT:
        raise ValidationFailed([f"{where}.amount: must be between -{MAX_AMOUNT} and {MAX_AMOUNT}"])
    return out, total


def line_amount(line: Mapping[str, Any]) -> Decimal:
    q = from_json(line.get("quantity")) if line.get("quantity") is not None else Decimal(1)
    return (q * from_json(line.get("price"))).quantize(money.CENT, rounding=ROUND_HALF_UP)


def sales_tax(ctx: RequestContext, item_id: str | None, field: str = "salesTaxItemId") -> Decimal | None:
    """The percentage of a SALES_TAX item (400 when the item is not one)."""
    if not item_id:
        return None
    item = classifications.require(ctx, "items", item_id, field)
    if item.get("type") != "SALES_TAX":
        raise RequestError("BDC_1119", field, item_id)
    return from_json(item.get("percentage"))


def price_document(
    ctx: RequestContext, refs: Refs, raw_lines: Sequence[Mapping[str, Any]], field: str, tax_item: str | None
) -> tuple[list[Doc], Decimal, Decimal | None, Decimal]:
    """Lines as stored, their sum, the tax percentage (or None) and the tax total."""
    out: list[Doc] = []
    subtotal = taxable = ZERO
    for i, line in enumerate(raw_lines):
        stored, amount = _price(line, f"{field}[{i}]")
        refs.classifications(stored.get("classifications"))
        stored["classifications"] = _ordered(stored.get("classifications"), LINE_CLASSIFICATION_ORDER)
        out.append(_ordered(stored, LINE_ORDER) or {})
        subtotal += amount
        if stored.get("taxable"):
            taxable += amount
    pct = sales_tax(ctx, tax_item)
    tax = ZERO if pct is None else (taxable * pct / 100).quantize(money.CENT, rounding=ROUND_HALF_UP)
    if abs(subtotal + tax) > MAX_AMOUNT:
        raise ValidationFailed([f"totalAmount: must be between -{MAX_AMOUNT} and {MAX_AMOUNT}"])
    return out, subtotal, pct, tax


def _resolve_customer(ctx: RequestContext, customer: Mapping[str, Any] | None) -> str:
    if not customer:
        raise ValidationFailed(["customer: The customer field is required"])
    if customer.get("id"):
        return str(customers.require_customer(ctx, customer["id"], "customer.id")["id"])
    name, email = customer.get("name"), customer.get("email")
    problems = [f"customer.{k}: must not be blank" for k, v in (("name", name), ("email", email)) if not v]
    if problems:
        raise ValidationFailed(problems)
    return str(customers.create_inline(ctx, str(name), str(email))["id"])


def _compose(ctx: RequestContext, raw: Mapping[str, Any], customer_id: str, existing: Doc | None) -> Doc:
    refs = Refs(ctx)
    refs.chart_of_account(raw.get("payToChartOfAccountId"), "payToChartOfAccountId")
    refs.classifications(raw.get("classifications"))
    stored, subtotal, pct, tax = price_document(ctx, refs, raw[LINES], LINES, raw.get("salesTaxItemId"))
    total = subtotal + tax
    if total <= 0:
        raise field_error("totalAmount", "must be greater than 0")
    enable_card = bool(raw.get("enableCardPayment"))
    fee = raw.get("convenienceFee")
    if fee and fee.get("percentage") is not None and not enable_card:
        raise RequestError(
            "BDC_1119",
            "convenienceFee",
            fee.get("percentage"),
            message="convenienceFee is allowed only when enableCardPayment is true.",
        )
    today = clock.iso_date(ctx.now)
    doc: Doc = dict(existing or {})
    for key in INPUT_KEYS:
        doc[key] = raw.get(key)
    doc["customerId"] = customer_id
    doc["invoiceNumber"] = (
        raw.get("invoiceNumber") or (existing or {}).get("invoiceNumber") or next_number(ctx)
    )
    # Dates default to the sandbox date; a PUT that leaves them out keeps the stored ones.
    doc["invoiceDate"] = raw.get("invoiceDate") or (existing or {}).get("invoiceDate") or today
    doc["dueDate"] = raw.get("dueDate") or (existing or {}).get("dueDate") or today
    doc["classifications"] = _ordered(raw.get("classifications"), CLASSIFICATION_ORDER)
    doc[LINES] = stored
    doc["salesTaxTotal"] = money.to_json(tax) if pct is not None else None
    doc["salesTaxPercentage"] = jsonable(pct) if pct is not None else None
    doc["enableCardPayment"] = enable_card
    doc["convenienceFee"] = fee if enable_card and fee and fee.get("percentage") is not None else None
    doc.setdefault("archived", False)
    doc["totalAmount"] = money.to_json(total)
    return doc


def _reconcile_amounts(doc: Doc, old: Amounts, existing: Doc | None) -> None:
    new = Amounts(from_json(doc["totalAmount"]), old.paid, old.scheduled, old.credit)
    has_money = old.paid > 0 or old.scheduled > 0 or old.credit > 0
    if existing is not None and existing["customerId"] != doc["customerId"] and has_money:
        raise ApplicationError(
            "BDC_1119",
            "customer.id",
            doc["customerId"],
            object_id=doc["id"],
            message="An invoice with payments or credits can't be moved to another customer.",
        )
    if new.due < 0:
        raise ApplicationError(
            "BDC_1119",
            "totalAmount",
            doc["totalAmount"],
            object_id=doc["id"],
            message="The invoice total can't be less than what is already paid, credited or scheduled "
            f"({money.to_json(old.paid + old.credit + old.scheduled)}).",
        )
    write_amounts(doc, new)


def _apply_credits(ctx: RequestContext, customer_id: str) -> None:
    from bill_sandbox.resources.credit_memos import service as credit_memos

    credit_memos.apply_credits(ctx, customer_id)


def _reject_flat_customer(body: InvoiceFields) -> None:
    if body.customer_id is not None:
        raise ValidationFailed(["customer: The customer field is required"])


# ---------------------------------------------------------------------------- operations
def list_invoices(ctx: RequestContext, params: ListParams) -> bytes:
    return store.list(ctx, params)


def create_invoice(ctx: RequestContext, body: InvoiceCreate) -> Doc:
    lock_receivables(ctx)
    _reject_flat_customer(body)
    raw = to_document(body)
    customer_id = _resolve_customer(ctx, raw.get("customer"))
    raw[LINES] = lines.new_lines(raw[LINES], LINE_PREFIX, LINES)
    doc = _compose(ctx, raw, customer_id, None)
    doc["id"] = store.new_id()
    _reconcile_amounts(doc, Amounts(ZERO, ZERO, ZERO, ZERO), None)
    persist(ctx, None, doc)
    _apply_credits(ctx, customer_id)
    return store.get(ctx, doc["id"])


def get_invoice(ctx: RequestContext, invoice_id: str) -> str:
    return store.get_raw(ctx, invoice_id)


def get_for_update(ctx: RequestContext, invoice_id: str) -> Doc:
    return store.get(ctx, invoice_id, for_update=True)


def replace_invoice(ctx: RequestContext, invoice_id: str, body: InvoiceCreate) -> Doc:
    lock_receivables(ctx)
    _reject_flat_customer(body)
    existing = get_for_update(ctx, invoice_id)
    raw = to_document(body)
    customer = raw.get("customer")
    if customer and customer.get("id") == existing["customerId"]:
        customer_id = existing["customerId"]
    else:
        customer_id = _resolve_customer(ctx, customer)
    raw[LINES] = lines.replace_lines(existing[LINES], raw[LINES], LINE_PREFIX, LINES)
    doc = _compose(ctx, raw, customer_id, existing)
    _reconcile_amounts(doc, Amounts.of(existing), existing)
    persist(ctx, existing, doc)
    _apply_credits(ctx, customer_id)
    return store.get(ctx, invoice_id)


def update_invoice(ctx: RequestContext, invoice_id: str, body: InvoiceUpdate) -> Doc:
    lock_receivables(ctx)
    _reject_flat_customer(body)
    existing = get_for_update(ctx, invoice_id)
    patch = to_document(body, exclude_unset=True)
    patch.pop("customerId", None)
    patch.pop("processingOptions", None)
    if LINES in patch and not patch[LINES]:
        raise ValidationFailed([f"{LINES}: must not be empty"])
    if "customer" in patch and not patch["customer"]:
        raise ValidationFailed(["customer: The customer field is required"])
    customer = patch.pop("customer", None)
    if customer and customer.get("id") != existing["customerId"]:
        customer_id = _resolve_customer(ctx, customer)
    else:
        customer_id = existing["customerId"]
    incoming = patch.pop(LINES, None) or []
    raw = merge_patch({k: existing.get(k) for k in INPUT_KEYS}, patch)
    if patch.get("enableCardPayment") is False and "convenienceFee" not in patch:
        raw.pop("convenienceFee", None)  # turning card payment off drops its fee
    raw[LINES] = lines.merge_lines(existing[LINES], incoming, LINE_PREFIX, LINES)
    doc = _compose(ctx, raw, customer_id, existing)
    _reconcile_amounts(doc, Amounts.of(existing), existing)
    persist(ctx, existing, doc)
    _apply_credits(ctx, customer_id)
    return store.get(ctx, invoice_id)


def _set_archived(ctx: RequestContext, invoice_id: str, archived: bool) -> Doc:
    lock_receivables(ctx)
    existing = get_for_update(ctx, invoice_id)
    if bool(existing.get("archived")) == archived:
        return existing
    if archived and from_json(existing.get("scheduledAmount")) > 0:
        raise ApplicationError(
            "BDC_1119", message="An invoice with a charge in process can't be archived.", object_id=invoice_id
        )
    saved = persist(ctx, existing, {**existing, "archived": archived})
    if not archived:
        _apply_credits(ctx, saved["customerId"])
        return store.get(ctx, invoice_id)
    return saved


def archive_invoice(ctx: RequestContext, invoice_id: str) -> Doc:
    return _set_archived(ctx, invoice_id, True)


def restore_invoice(ctx: RequestContext, invoice_id: str) -> Doc:
    return _set_archived(ctx, invoice_id, False)


# --------------------------------------------------------- money (payments and credit memos)
def check_payable(invoice: Mapping[str, Any], amount: Decimal, field: str) -> None:
    invoice_id = str(invoice["id"])
    if invoice.get("archived"):
        raise ApplicationError(
            "BDC_1119", field, invoice_id, object_id=invoice_id, message="An archived invoice can't be paid."
        )
    if amount <= 0:
        raise ValidationFailed([f"{field}.amount: must be greater than 0"])
    due = from_json(invoice.get("dueAmount"))
    if amount > due:
        raise ApplicationError(
            "BDC_1119",
            object_id=invoice_id,
            message=(
                f"Amount {money.to_json(amount)} is more than the invoice's due amount {money.to_json(due)}."
            ),
        )


def add_payment(
    ctx: RequestContext, invoice: Doc, payment_id: str, amount: Decimal, status: str, day: str
) -> Doc:
    """Record a received payment (PAID or SCHEDULED) on the invoice (``check_payable`` first)."""
    doc = dict(invoice)
    entry = {"id": payment_id, "amount": money.to_json(amount), "status": status, "date": day}
    doc["payments"] = [*(invoice.get("payments") or []), entry]
    write_amounts(doc, Amounts.of(doc))
    return persist(ctx, invoice, doc)


def set_payment_status(
    ctx: RequestContext, invoice_id: str, payment_id: str, status: str, day: str | None = None
) -> Doc:
    """A scheduled charge settled (PAID) or failed (VOID): the invoice's amounts follow."""
    invoice = get_for_update(ctx, invoice_id)
    doc = dict(invoice)
    doc["payments"] = [
        {**p, "status": status, **({"date": day} if day else {})} if p.get("id") == payment_id else p
        for p in invoice.get("payments") or []
    ]
    write_amounts(doc, Amounts.of(doc))
    saved = persist(ctx, invoice, doc)
    if status == "VOID":
        _apply_credits(ctx, saved["customerId"])
        return store.get(ctx, invoice_id)
    return saved


def add_credit(ctx: RequestContext, invoice: Doc, amount: Decimal) -> Doc:
    """Credit-memo credit applied to the invoice (``credit_memos.apply_credits``)."""
    doc = dict(invoice)
    a = Amounts.of(invoice)
    write_amounts(doc, Amounts(a.total, a.paid, a.scheduled, a.credit + amount))
    return persist(ctx, invoice, doc)


def open_invoices(ctx: RequestContext, customer_id: str) -> list[str]:
    """Ids of the customer's unarchived invoices with something due, oldest first."""
    rows = ctx.tx.conn.execute(
        select(table.c.id)
        .where(
            table.c.org_id == ctx.org_id,
            table.c.customer_id == customer_id,
            table.c.archived.is_(False),
            table.c.due_cents > 0,
        )
        .order_by(table.c.invoice_date, table.c.created_time, table.c.id)
    ).scalars()
    return [str(r) for r in rows]


def set_pdf(ctx: RequestContext, invoice_id: str, attachment_id: str) -> None:
    """An attachment uploaded with ``replaceInvoicePdf=true`` becomes the invoice PDF."""
    invoice = get_for_update(ctx, invoice_id)
    store.save(ctx, {**invoice, "invoicePdfId": attachment_id}, previous=invoice)
