"""Receivable payments (BILL-RULES §5.10 record-payment, §5.12, §6 #23, #24, §7.2, §7.4).

- Record AR payment (``POST /v3/invoices/record-payment``): money received outside BILL. The
  listed invoices must all belong to one customer (and to ``customerId`` when given); each
  invoice amount is > 0 and ≤ its ``dueAmount``; Σ of them ≤ ``amount``. The rest is
  ``unappliedAmount`` and lowers the customer's balance. Creates a ``0rp…`` payment with
  ``status`` PAID, ``onlinePayment`` false and ``receivablesType`` = ``paymentType``; the
  invoices get a PAID entry in ``payments[]`` at once. The response is BILL's record-payment
  shape (the invoices with all their payments).
- Charge a customer (``POST /v3/receivable-payments``, 201): the customer must be
  ``authorizedToCharge`` and ``fundingAccount`` a VERIFIED bank account of that customer
  (400 otherwise); ``invoicePayments`` as above (no unapplied part). The payment is SCHEDULED,
  and the invoices' ``scheduledAmount`` holds the money until the sandbox date reaches
  ``paymentDate`` + 2 business days: then PAID (timer ``apply_due``). The magic amount
  **999.05** makes the charge VOID when ``paymentDate`` has passed instead, and the invoices' amounts and
  status are restored.
- There is no cancel, void or refund in v3; receivable payments announce no events (the
  invoices they change announce ``invoice.updated``).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from bill_sandbox import business_days, clock, ids, money
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, RequestError, ValidationFailed
from bill_sandbox.events import Event
from bill_sandbox.jsonio import prune
from bill_sandbox.listing import EQ, ListParams, ListSpec, list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.customer_bank_accounts import service as bank_accounts
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.funding_accounts.stores import bank_table as org_bank_accounts
from bill_sandbox.resources.invoices import service as invoices
from bill_sandbox.resources.invoices.schemas import RecordArPayment
from bill_sandbox.resources.receivable_payments.models import ReceivablePaymentRow
from bill_sandbox.resources.receivable_payments.schemas import ChargeCustomer
from bill_sandbox.schemas import to_document
from bill_sandbox.store import Doc, DocumentStore

table = ReceivablePaymentRow.__table__
STATUSES = ("SCHEDULED", "PAID", "VOID")
RECEIVABLES_TYPES = ("CASH", "CHECK", "CREDIT_CARD", "ACH", "PAYPAL", "OTHER", "WALLET")
CHARGE_FAILS = Decimal("999.05")
SETTLE_BUSINESS_DAYS = 2
ZERO = Decimal(0)

SPEC = ListSpec.build(
    table,
    list_field("customerId", table.c.customer_id, ops="eq,ne,in"),
    list_field("amount", table.c.amount_cents, "money"),
    list_field("paymentDate", table.c.payment_date, "date"),
    list_field("status", table.c.status, "enum", ops=EQ, enum=STATUSES),
)
KEY_ORDER = (
    "amount",
    "id",
    "customerId",
    "invoicePayments",
    "description",
    "paymentDate",
    "fundingAccount",
    "receivablesAccount",
    "unappliedAmount",
    "convenienceFeeAmount",
    "receivablesType",
    "status",
    "referenceNumber",
    "onlinePayment",
    "createdTime",
    "updatedTime",
)


def _project(doc: Doc) -> dict[str, Any]:
    return {
        "customer_id": doc["customerId"],
        "amount_cents": money.to_cents(from_json(doc["amount"])),
        "payment_date": doc["paymentDate"],
        "status": doc["status"],
        "next_transition_at": doc.get("_due", ""),
    }


class _Store(DocumentStore):
    """Private keys (``_due``: when a scheduled charge settles) feed projections only."""

    def encode(self, doc: Doc) -> str:
        return super().encode({k: v for k, v in doc.items() if not k.startswith("_")})


store = _Store(table, ids.PREFIXES["received_payment"], SPEC, _project, KEY_ORDER, archivable=False)


def _public(doc: Doc) -> Doc:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def reference_number() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(10))


def _receivables_account(ctx: RequestContext) -> dict[str, str] | None:
    """The organization's first verified bank account, where charged money lands."""
    b = org_bank_accounts
    found = ctx.tx.conn.execute(
        select(b.c.id)
        .where(b.c.org_id == ctx.org_id, b.c.archived.is_(False), b.c.status == "VERIFIED")
        .order_by(b.c.created_time, b.c.id)
        .limit(1)
    ).scalar()
    return {"id": str(found), "type": "BANK_ACCOUNT"} if found else None


def _lock_invoices(
    ctx: RequestContext, entries: Sequence[Mapping[str, Any]], key: str, field: str
) -> dict[str, Doc]:
    """Every listed invoice, row-locked in id order; duplicates are refused."""
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry[key] in seen:
            raise RequestError("BDC_1119", f"{field}[{i}].{key}", entry[key])
        seen.add(entry[key])
    return {invoice_id: invoices.get_for_update(ctx, invoice_id) for invoice_id in sorted(seen)}


def _one_customer(locked: Mapping[str, Doc], customer_id: str | None, field: str) -> str | None:
    owners = {doc["customerId"] for doc in locked.values()}
    if len(owners) > 1:
        raise ApplicationError(
            "BDC_1119", field, ",".join(sorted(locked)), message="All invoices must belong to one customer."
        )
    owner = next(iter(owners), None)
    if customer_id and owner and owner != customer_id:
        raise ApplicationError(
            "BDC_1119", "customerId", customer_id, message="The invoices belong to another customer."
        )
    return customer_id or owner


# ---------------------------------------------------------------------- record AR payment
def record_payment(ctx: RequestContext, body: RecordArPayment) -> Doc:
    invoices.lock_receivables(ctx)
    raw = to_document(body)
    entries: list[dict[str, Any]] = raw.get("invoices") or []
    locked = _lock_invoices(ctx, entries, "id", "invoices")
    customer_id = _one_customer(locked, raw.get("customerId"), "invoices")
    if not customer_id:
        raise ValidationFailed(["customerId: must not be blank"])
    customers.require_customer(ctx, customer_id, active=False)
    amount = from_json(raw["amount"])
    if amount <= 0:
        raise ValidationFailed(["amount: must be greater than 0"])
    applied = sum((from_json(e["amount"]) for e in entries), ZERO)
    if applied > amount:
        raise ApplicationError(
            "BDC_1119",
            "amount",
            money.to_json(amount),
            message=f"The invoice amounts ({money.to_json(applied)}) are more than the payment amount.",
        )
    payment_id = store.new_id()
    day = raw["paymentDate"]
    for i, entry in enumerate(entries):
        invoice = locked[entry["id"]]
        invoices.check_payable(invoice, from_json(entry["amount"]), f"invoices[{i}]")
        locked[entry["id"]] = invoices.add_payment(
            ctx, invoice, payment_id, from_json(entry["amount"]), "PAID", day
        )
    unapplied = amount - applied
    doc: Doc = {
        "id": payment_id,
        "amount": money.to_json(amount),
        "customerId": customer_id,
        "invoicePayments": [
            {"invoiceId": e["id"], "amount": money.to_json(from_json(e["amount"])), "paymentDate": day}
            for e in entries
        ]
        or None,
        "description": raw.get("description"),
        "paymentDate": day,
        "unappliedAmount": money.to_json(unapplied),
        "convenienceFeeAmount": 0,
        "receivablesType": raw["paymentType"],
        "status": "PAID",
        "referenceNumber": raw.get("referenceNumber"),
        "onlinePayment": False,
    }
    saved = store.insert(ctx, doc)
    customers.adjust_balance(ctx, customer_id, -unapplied)
    response: Doc = prune(
        {
            "id": saved["id"],
            "customerId": customer_id,
            "paymentType": raw["paymentType"],
            "paymentDate": day,
            "amount": saved["amount"],
            "unappliedAmount": saved["unappliedAmount"],
            "status": "PAID",
            "description": raw.get("description"),
            "invoices": [{"id": e["id"], "payments": locked[e["id"]].get("payments") or []} for e in entries],
        }
    )
    return response


# --------------------------------------------------------------------- charge a customer
def charge_customer(ctx: RequestContext, body: ChargeCustomer) -> Doc:
    invoices.lock_receivables(ctx)
    raw = to_document(body)
    customer = customers.require_customer(ctx, raw["customerId"])
    if not customers.authorized_to_charge(customer):
        raise ApplicationError(
            "BDC_1119",
            "authorizedToCharge",
            "false",
            object_id=customer["id"],
            message="The customer has not authorized charges (authorizedToCharge is false).",
        )
    account = raw["fundingAccount"]
    bank_accounts.chargeable(ctx, customer["id"], account["id"], "fundingAccount.id")
    today = clock.iso_date(ctx.now)
    day = raw.get("paymentDate") or today
    if day < today:
        raise ValidationFailed(["paymentDate: must not be in the past"])
    entries: list[dict[str, Any]] = raw["invoicePayments"]
    locked = _lock_invoices(ctx, entries, "invoiceId", "invoicePayments")
    _one_customer(locked, customer["id"], "invoicePayments")
    payment_id = store.new_id()
    total = ZERO
    for i, entry in enumerate(entries):
        invoice = locked[entry["invoiceId"]]
        value = from_json(entry["amount"])
        invoices.check_payable(invoice, value, f"invoicePayments[{i}]")
        invoices.add_payment(ctx, invoice, payment_id, value, "SCHEDULED", day)
        total += value
    settles = clock.parse_date(day)
    assert settles is not None
    if total == CHARGE_FAILS:
        # The bank refuses it on paymentDate's processing: VOID once that day has passed.
        due = clock.iso_date(settles + timedelta(days=1))
    else:
        due = clock.iso_date(business_days.add_business_days(settles, SETTLE_BUSINESS_DAYS))
    doc: Doc = {
        "id": payment_id,
        "amount": money.to_json(total),
        "customerId": customer["id"],
        "invoicePayments": [
            {"invoiceId": e["invoiceId"], "amount": money.to_json(from_json(e["amount"])), "paymentDate": day}
            for e in entries
        ],
        "description": raw.get("description"),
        "paymentDate": day,
        "fundingAccount": {"id": account["id"], "type": "BANK_ACCOUNT"},
        "receivablesAccount": _receivables_account(ctx),
        "unappliedAmount": 0,
        "convenienceFeeAmount": 0,
        "receivablesType": "ACH",
        "status": "SCHEDULED",
        "referenceNumber": reference_number(),
        "onlinePayment": True,
        "_due": due,
    }
    return _public(store.insert(ctx, doc))


def apply_due_charge(ctx: RequestContext, payment_id: str) -> Doc:
    """A scheduled charge reaches its date: PAID (or VOID for the magic amount)."""
    doc = store.get(ctx, payment_id, for_update=True)
    if doc["status"] != "SCHEDULED":
        return doc
    status = "VOID" if from_json(doc["amount"]) == CHARGE_FAILS else "PAID"
    for entry in doc.get("invoicePayments") or []:
        invoices.set_payment_status(ctx, entry["invoiceId"], payment_id, status)
    return store.save(ctx, {**doc, "status": status}, previous=doc)


def apply_due(ctx: RequestContext) -> None:
    """Timer: apply the organization's scheduled charges whose day has come."""
    today = clock.iso_date(ctx.now)
    due = ctx.tx.conn.execute(
        select(table.c.id)
        .where(
            table.c.org_id == ctx.org_id,
            table.c.next_transition_at != "",
            table.c.next_transition_at <= today,
        )
        .order_by(table.c.next_transition_at, table.c.id)
    ).scalars()
    for payment_id in list(due):
        apply_due_charge(ctx, str(payment_id))


# ------------------------------------------------------------------- online (payment link)
def convenience_fee(invoice: Mapping[str, Any], amount: Decimal) -> Decimal:
    """What a card payment of ``amount`` adds on top (the invoice's ``convenienceFee``)."""
    pct = (invoice.get("convenienceFee") or {}).get("percentage")
    if not invoice.get("enableCardPayment") or pct is None:
        return ZERO
    return (amount * from_json(pct) / 100).quantize(money.CENT)


def pay_online(ctx: RequestContext, invoice_id: str, amount: Decimal, receivables_type: str) -> Doc:
    """A payment made on the payment-link page: PAID at once (the sandbox's test bank or card;
    a card pays the invoice's convenience fee on top, ``convenienceFeeAmount``)."""
    invoices.lock_receivables(ctx)
    invoice = invoices.get_for_update(ctx, invoice_id)
    invoices.check_payable(invoice, amount, "amount")
    fee = convenience_fee(invoice, amount) if receivables_type == "CREDIT_CARD" else ZERO
    payment_id = store.new_id()
    day = clock.iso_date(ctx.now)
    invoices.add_payment(ctx, invoice, payment_id, amount, "PAID", day)
    doc: Doc = {
        "id": payment_id,
        "amount": money.to_json(amount),
        "customerId": invoice["customerId"],
        "invoicePayments": [{"invoiceId": invoice_id, "amount": money.to_json(amount), "paymentDate": day}],
        "description": f"Paid online: invoice {invoice['invoiceNumber']}",
        "paymentDate": day,
        "receivablesAccount": _receivables_account(ctx),
        "unappliedAmount": 0,
        "convenienceFeeAmount": money.to_json(fee),
        "receivablesType": receivables_type,
        "status": "PAID",
        "referenceNumber": reference_number(),
        "onlinePayment": True,
    }
    return store.insert(ctx, doc)


# ---------------------------------------------------------------------------- reads
def list_payments(ctx: RequestContext, params: ListParams) -> bytes:
    return store.list(ctx, params)


def get_payment(ctx: RequestContext, payment_id: str) -> str:
    return store.get_raw(ctx, payment_id)


# ------------------------------------------------------------------ BILL network payments
def receive_network_payment(ctx: RequestContext, event: Event) -> None:
    """Reaction to ``network.payment-received`` (a connected local organization's WALLET
    payment to this one cleared): record the receivable payment from that customer, applied to
    its open invoices named by the payer's bills (invoice number, up to each one's due amount),
    the rest as unapplied cash, exactly as ``record_payment`` would."""
    received = event.obj
    customer_id = str(received.get("customerId") or "")
    amount = from_json(received.get("amount"))
    if not customer_id or amount <= 0 or customers.store.find(ctx, customer_id) is None:
        return
    it = invoices.table
    left = amount
    applied: list[dict[str, Any]] = []
    for part in received.get("invoices") or []:
        number = str(part.get("invoiceNumber") or "")
        row = ctx.tx.conn.execute(
            select(it.c.id, it.c.due_cents).where(
                it.c.org_id == ctx.org_id,
                it.c.customer_id == customer_id,
                it.c.invoice_number == number,
                it.c.archived.is_(False),
                it.c.due_cents > 0,
            )
        ).first()
        if row is None or left <= 0:
            continue
        share = min(from_json(part.get("amount")), money.from_cents(row.due_cents), left)
        if share > 0:
            applied.append({"id": row.id, "amount": share})
            left -= share
    payer = str(received.get("payerName") or "a BILL network customer")
    body = RecordArPayment.model_validate(
        {
            "customerId": customer_id,
            "paymentDate": received.get("paymentDate") or clock.iso_date(ctx.now),
            "paymentType": "ACH",
            "amount": amount,
            "invoices": applied or None,
            "description": f"BILL network payment from {payer}",
            "referenceNumber": str(received.get("id") or "")[:100] or None,
        }
    )
    record_payment(ctx, body)
