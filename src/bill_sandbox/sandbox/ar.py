"""Control plane for accounts receivable: the invoice emails the sandbox recorded (and their
PDFs), and the payment-link page a person opens to pay an invoice with a test bank account (or,
when the invoice has ``enableCardPayment``, a test card: 4242 4242 4242 4242 pays, with the
invoice's convenience fee on top; 4000 0000 0000 0002 is declined)."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import Depends, Path, Query, Request
from starlette.responses import HTMLResponse, Response

from bill_sandbox import money, scheduler
from bill_sandbox.auth import app_db, app_settings
from bill_sandbox.context import system_context
from bill_sandbox.db import Database
from bill_sandbox.errors import BillError
from bill_sandbox.jsonio import respond
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.funding_accounts.bank_accounts import INVALID_ROUTING, aba_checksum_ok
from bill_sandbox.resources.invoices import delivery
from bill_sandbox.resources.invoices import service as invoices
from bill_sandbox.resources.receivable_payments import service as receivable_payments
from bill_sandbox.routing import APIRouter
from bill_sandbox.settings import Settings

router = APIRouter()
Db = Annotated[Database, Depends(app_db)]
Cfg = Annotated[Settings, Depends(app_settings)]
Token = Annotated[str, Path(alias="token")]
TEST_ROUTING = "074000010"
TEST_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"  # magic: the card is declined


@router.get(
    "/emails",
    summary="List the invoice emails the sandbox recorded",
    description="Invoice emails are never delivered: each one is recorded here with its PDF.",
    tags=["receivables"],
)
async def list_emails(
    db: Db,
    organization_id: Annotated[str | None, Query(alias="organizationId")] = None,
    invoice_id: Annotated[str | None, Query(alias="invoiceId")] = None,
) -> Response:
    with db.transaction(write=False) as tx:
        return respond(delivery.list_emails(tx, organization_id, invoice_id))


@router.get(
    "/emails/{emailId}/pdf",
    summary="Download the invoice PDF of an email",
    tags=["receivables"],
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def email_pdf(db: Db, email_id: Annotated[str, Path(alias="emailId")]) -> Response:
    with db.transaction(write=False) as tx:
        name, content = delivery.email_pdf(tx, email_id)
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# ------------------------------------------------------------------------- the pay page
_STYLE = """
body{font-family:system-ui,sans-serif;max-width:720px;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{padding:.35rem;border-bottom:1px solid #ddd;text-align:left}
td.n,th.n{text-align:right}.due{font-size:1.3rem;font-weight:bold}.error{color:#b00020}
.ok{color:#0a7d32;font-size:1.2rem}form label{display:block;margin:.6rem 0 .2rem}
input{padding:.4rem;width:100%;box-sizing:border-box}button{margin-top:1rem;padding:.6rem 1.2rem}
"""


def _e(value: Any) -> str:
    return html.escape(str(value if value is not None else ""))


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><link rel='icon' href='data:,'>"
        f"<title>{_e(title)}</title>"
        f"<style>{_STYLE}</style></head><body>{body}</body></html>",
        status_code=status,
    )


def _invoice_html(invoice: dict[str, Any], customer: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{_e(line.get('description'))}</td><td class='n'>{_e(line.get('quantity'))}</td>"
        f"<td class='n'>{_e(line.get('price'))}</td>"
        f"<td class='n'>{invoices.line_amount(line):,.2f}</td></tr>"
        for line in invoice.get("invoiceLineItems") or []
    )
    return (
        f"<h1>Invoice {_e(invoice['invoiceNumber'])}</h1>"
        f"<p>For <strong>{_e(customer.get('name'))}</strong> · invoice date {_e(invoice['invoiceDate'])}"
        f" · due {_e(invoice['dueDate'])} · status <span id='status'>{_e(invoice['status'])}</span></p>"
        "<table><tr><th>Description</th><th class='n'>Quantity</th><th class='n'>Price</th>"
        f"<th class='n'>Amount</th></tr>{rows}</table>"
        f"<p>Total {_e(invoice['totalAmount'])} · credits {_e(invoice.get('creditAmount', 0))}</p>"
        f"<p class='due'>Amount due: <span id='due'>{_e(invoice['dueAmount'])}</span> USD</p>"
    )


def _card_form(token: str, invoice: dict[str, Any]) -> str:
    pct = (invoice.get("convenienceFee") or {}).get("percentage")
    fee = f" A convenience fee of {_e(pct)}% is added." if pct is not None else ""
    return (
        f"<form method='post' action='/_sandbox/pay/{_e(token)}' id='card-form'>"
        f"<h2>Pay by card (test card)</h2><p>{fee}</p><input type='hidden' name='method' value='card'>"
        "<label for='cardNumber'>Card number</label>"
        f"<input id='cardNumber' name='cardNumber' required value='{TEST_CARD}'>"
        "<label for='expiry'>Expiry (MM/YY)</label><input id='expiry' name='expiry' required value='12/30'>"
        "<label for='cvc'>CVC</label><input id='cvc' name='cvc' required value='123'>"
        "<label for='cardAmount'>Amount (USD)</label>"
        f"<input id='cardAmount' name='amount' required value='{_e(invoice['dueAmount'])}'>"
        "<button type='submit' id='pay-card'>Pay by card</button></form>"
    )


def _form(token: str, invoice: dict[str, Any], error: str = "") -> str:
    err = f"<p class='error' id='error'>{_e(error)}</p>" if error else ""
    card = _card_form(token, invoice) if invoice.get("enableCardPayment") else ""
    due = invoice["dueAmount"]
    return (
        f"{err}<form method='post' action='/_sandbox/pay/{_e(token)}' id='bank-form'>"
        "<h2>Pay by bank transfer (test account)</h2>"
        "<label for='nameOnAccount'>Name on account</label>"
        "<input id='nameOnAccount' name='nameOnAccount' required value='Test Payer'>"
        "<label for='routingNumber'>Routing number</label>"
        f"<input id='routingNumber' name='routingNumber' required value='{TEST_ROUTING}'>"
        "<label for='accountNumber'>Account number</label>"
        "<input id='accountNumber' name='accountNumber' required value='123456789'>"
        "<label for='amount'>Amount (USD)</label>"
        f"<input id='amount' name='amount' required value='{_e(due)}'>"
        f"<button type='submit' id='pay'>Pay now</button></form>{card}"
    )


def _load(
    db: Database, settings: Settings, token: str
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    with db.transaction(write=False) as tx:
        link = dict(delivery.find_link(tx, token))
        ctx = system_context(tx, link["org_id"], settings)
        invoice = invoices.store.get(ctx, link["invoice_id"])
        customer = customers.customer_doc(ctx, invoice["customerId"])
    return link, invoice, customer


@router.get(
    "/pay/{token}",
    summary="The payment-link page of an invoice",
    tags=["receivables"],
    response_class=HTMLResponse,
)
async def pay_page(db: Db, settings: Cfg, token: Token) -> Response:
    try:
        _link, invoice, customer = _load(db, settings, token)
    except BillError:
        return _page("Payment link", "<h1>This payment link is not valid.</h1>", 404)
    body = _invoice_html(invoice, customer)
    if invoice.get("archived"):
        body += "<p class='error'>This invoice was cancelled.</p>"
    elif money.to_cents(money.from_json(invoice["dueAmount"])) <= 0:
        body += "<p class='ok' id='paid'>This invoice is paid. Thank you!</p>"
    else:
        body += _form(token, invoice)
    return _page(f"Invoice {invoice['invoiceNumber']}", body)


def _luhn(number: str) -> bool:
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _card_problem(fields: dict[str, str]) -> str:
    number = fields.get("cardNumber", "").replace(" ", "")
    if not _luhn(number):
        return "Invalid card number."
    if number == DECLINED_CARD:
        return "Your card was declined."
    month, _, year = fields.get("expiry", "").partition("/")
    if not (month.isdigit() and year.isdigit() and 1 <= int(month) <= 12):
        return "Invalid expiry date."
    if not (fields.get("cvc", "").isdigit() and 3 <= len(fields.get("cvc", "")) <= 4):
        return "Invalid CVC."
    return ""


def _problem(fields: dict[str, str], due: Decimal, card_allowed: bool) -> str:
    if fields.get("method") == "card":
        if not card_allowed:
            return "This invoice can't be paid by card."
        problem = _card_problem(fields)
        if problem:
            return problem
    else:
        routing = fields.get("routingNumber", "").strip()
        if not fields.get("nameOnAccount", "").strip():
            return "Name on account is required."
        if routing == INVALID_ROUTING or not aba_checksum_ok(routing):
            return "Invalid routing number."
        if not fields.get("accountNumber", "").strip().isdigit():
            return "Invalid account number."
    try:
        amount = money.to_decimal(fields.get("amount", ""))
    except ValueError:
        return "The amount must be a number."
    if amount <= 0 or amount > due:
        return f"The amount must be more than 0 and at most {money.to_json(due)}."
    return ""


@router.post(
    "/pay/{token}",
    summary="Pay an invoice from its payment-link page",
    description="A form post (application/x-www-form-urlencoded) from the page: `nameOnAccount`, "
    "`routingNumber`, `accountNumber`, `amount`; or `method=card` with `cardNumber`, `expiry`, "
    "`cvc`, `amount`.",
    tags=["receivables"],
    response_class=HTMLResponse,
)
async def pay(request: Request, db: Db, settings: Cfg, token: Token) -> Response:
    raw = parse_qs((await request.body()).decode("utf-8", "replace"))
    fields = {k: v[0] for k, v in raw.items() if v}
    try:
        link, invoice, customer = _load(db, settings, token)
    except BillError:
        return _page("Payment link", "<h1>This payment link is not valid.</h1>", 404)
    due = money.from_json(invoice["dueAmount"])
    card = bool(invoice.get("enableCardPayment"))
    problem = "This invoice can't be paid." if invoice.get("archived") else _problem(fields, due, card)
    if not problem:
        try:
            with db.transaction() as tx:
                ctx = system_context(tx, link["org_id"], settings)
                amount = money.to_decimal(fields["amount"])
                kind = "CREDIT_CARD" if fields.get("method") == "card" else "ACH"
                payment = receivable_payments.pay_online(ctx, link["invoice_id"], amount, kind)
                invoice = invoices.store.get(ctx, link["invoice_id"])
                scheduler.reschedule(tx, link["org_id"])
        except (BillError, ValueError) as exc:
            problem = str(exc)
    if problem:
        body = _invoice_html(invoice, customer) + _form(token, invoice, problem)
        return _page(f"Invoice {invoice['invoiceNumber']}", body, 400)
    fee = (
        f" Convenience fee: {_e(payment['convenienceFeeAmount'])} USD."
        if payment.get("convenienceFeeAmount")
        else ""
    )
    back = (
        f"<p><a id='return' href='{_e(link['return_url'])}'>Return to the merchant</a></p>"
        if link["return_url"]
        else ""
    )
    body = (
        _invoice_html(invoice, customer)
        + f"<p class='ok' id='paid'>Payment received: {_e(payment['amount'])} USD "
        f"(reference {_e(payment['referenceNumber'])}).{fee}</p>{back}"
    )
    return _page(f"Invoice {invoice['invoiceNumber']}", body)
