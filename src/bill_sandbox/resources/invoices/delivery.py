"""Sending invoices: the invoice PDF, the recorded email, and payment links (BILL-RULES §5.10).

- ``POST /v3/invoices/{id}/email {recipient{to[], cc[]}, replyTo{userId}}`` delivers nothing:
  the sandbox records the message (to, cc, reply-to, subject, body) with the invoice PDF
  (rendered by fpdf2) and lists it at ``GET /_sandbox/emails``; the PDF downloads from
  ``GET /_sandbox/emails/{id}/pdf``. ``replyTo.userId`` must be a user of the organization.
  200 with an empty body. Archived invoices can't be sent.
- ``processingOptions.sendEmail`` on create emails the new invoice to the customer.
- ``POST /v3/invoices/{id}/payment-link {customerId, email, returnUrl}`` answers
  ``{paymentLink}``: a page the sandbox serves (``/_sandbox/pay/{token}``) where a person sees
  the invoice and pays it with a test bank account; paying records a receivable payment.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

import orjson
from sqlalchemy import select

from bill_sandbox import ids
from bill_sandbox.accounts.models import OrganizationRow, UserRow
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Tx
from bill_sandbox.errors import ApplicationError, NotFoundError, RequestError, ValidationFailed
from bill_sandbox.resources.attachments.models import AttachmentRow
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.invoices import service as invoices
from bill_sandbox.resources.invoices.models import InvoiceEmailRow, PaymentLinkRow
from bill_sandbox.resources.invoices.schemas import InvoiceCreate, PaymentLinkIn, SendInvoice
from bill_sandbox.store import Doc

emails = InvoiceEmailRow.__table__
links = PaymentLinkRow.__table__
users = UserRow.__table__
attachments = AttachmentRow.__table__
orgs = OrganizationRow.__table__
PAY_PATH = "/_sandbox/pay/"


def _org_name(tx: Tx, org_id: str) -> str:
    name = tx.conn.execute(select(orgs.c.name).where(orgs.c.id == org_id)).scalar()
    return str(name or "Sandbox organization")


def _latin1(text: Any) -> str:
    """fpdf2's core fonts are Latin-1: anything else prints as '?'."""
    return str(text).encode("latin-1", "replace").decode("latin-1")


def render_pdf(invoice: Mapping[str, Any], customer: Mapping[str, Any], org_name: str) -> bytes:
    """The invoice as a one-or-more page PDF."""
    from fpdf import FPDF  # imported on first use: fpdf2 (fontTools, PIL) is ~0.3 s of start-up

    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, _latin1(org_name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 9, _latin1(f"Invoice {invoice['invoiceNumber']}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for label, value in (
        ("Bill to", customer.get("companyName") or customer.get("name", "")),
        ("Email", customer.get("email", "")),
        ("Invoice date", invoice["invoiceDate"]),
        ("Due date", invoice["dueDate"]),
        ("Status", invoice["status"]),
    ):
        pdf.cell(35, 6, _latin1(label))
        pdf.cell(0, 6, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    widths = (100, 25, 30, 35)
    for width, head in zip(widths, ("Description", "Quantity", "Price", "Amount"), strict=True):
        pdf.cell(width, 7, head, border="B", align="L" if head == "Description" else "R")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for line in invoice.get("invoiceLineItems") or []:
        amount = invoices.line_amount(line)
        pdf.cell(widths[0], 6, _latin1(str(line.get("description") or "")[:60]))
        pdf.cell(widths[1], 6, _latin1(line.get("quantity", 1)), align="R")
        pdf.cell(widths[2], 6, _latin1(f"{line.get('price', 0)}"), align="R")
        pdf.cell(widths[3], 6, f"{amount:,.2f}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    totals = [("Sales tax", invoice.get("salesTaxTotal"))] if invoice.get("salesTaxTotal") is not None else []
    totals += [
        ("Total", invoice["totalAmount"]),
        ("Credits", invoice.get("creditAmount", 0)),
        ("Scheduled", invoice.get("scheduledAmount", 0)),
        ("Amount due", invoice["dueAmount"]),
    ]
    for label, value in totals:
        pdf.set_font("Helvetica", "B" if label == "Amount due" else "", 10)
        pdf.cell(sum(widths[:3]), 6, label, align="R")
        pdf.cell(widths[3], 6, f"{float(value or 0):,.2f}", align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _user_email(ctx: RequestContext, user_id: str) -> str:
    row = ctx.tx.conn.execute(
        select(users.c.id, users.c.username).where(users.c.id == user_id, users.c.org_id == ctx.org_id)
    ).first()
    if row is None:
        raise RequestError("BDC_1119", "replyTo.userId", user_id)
    return str(row.username or "")


def send_invoice(ctx: RequestContext, invoice_id: str, body: SendInvoice) -> None:
    invoice = invoices.store.get(ctx, invoice_id)
    if invoice.get("archived"):
        raise ApplicationError("BDC_1119", message="An archived invoice can't be sent.", object_id=invoice_id)
    raw = body.to_camel_dict()
    to = [a.strip() for a in raw["recipient"]["to"]]
    cc = [a.strip() for a in raw["recipient"].get("cc") or []]
    bad = [a for a in [*to, *cc] if "@" not in a or " " in a]
    if bad:
        raise ValidationFailed([f"recipient.to: not a well-formed email address: {bad[0]}"])
    reply_to = _user_email(ctx, raw["replyTo"]["userId"])
    customer = customers.customer_doc(ctx, invoice["customerId"])
    org_name = _org_name(ctx.tx, ctx.org_id)
    subject = raw.get("subject") or f"Invoice {invoice['invoiceNumber']} from {org_name}"
    text = raw.get("message") or (
        f"Dear {customer.get('name', 'customer')},\n\nPlease find attached invoice "
        f"{invoice['invoiceNumber']} for {invoice['totalAmount']} USD, due {invoice['dueDate']}. "
        f"Amount due: {invoice['dueAmount']} USD.\n\nThank you,\n{org_name}"
    )
    # The email carries every attachment of the invoice too (BILL-RULES §5.10), after the PDF.
    files = [
        {"name": str(name), "attachmentId": str(att_id)}
        for att_id, name in ctx.tx.conn.execute(
            select(attachments.c.id, attachments.c.name)
            .where(
                attachments.c.org_id == ctx.org_id,
                attachments.c.parent_type == "invoices",
                attachments.c.parent_id == invoice_id,
            )
            .order_by(attachments.c.created_time, attachments.c.id)
        ).all()
    ]
    email_id = ids.new_id(ids.PREFIXES["invoice_email"])
    doc = {
        "id": email_id,
        "organizationId": ctx.org_id,
        "invoiceId": invoice_id,
        "invoiceNumber": invoice["invoiceNumber"],
        "to": to,
        "cc": cc,
        "replyTo": reply_to,
        "subject": subject,
        "body": text,
        "attachments": [
            {"name": f"invoice-{invoice['invoiceNumber']}.pdf", "contentType": "application/pdf"},
            *files,
        ],
        "pdfUrl": f"/_sandbox/emails/{email_id}/pdf",
        "sentTime": ctx.now_iso,
    }
    ctx.tx.conn.execute(
        emails.insert().values(
            id=email_id,
            org_id=ctx.org_id,
            invoice_id=invoice_id,
            created_time=ctx.now_iso,
            doc=orjson.dumps(doc).decode(),
            pdf=render_pdf(invoice, customer, org_name),
        )
    )


def email_customer(ctx: RequestContext, invoice_id: str) -> None:
    """Send the invoice to its customer's address, replying to the calling user."""
    invoice = invoices.store.get(ctx, invoice_id)
    customer = customers.customer_doc(ctx, invoice["customerId"])
    body = {"recipient": {"to": [customer["email"]]}, "replyTo": {"userId": ctx.user_id}}
    send_invoice(ctx, invoice_id, SendInvoice.model_validate(body))


def create_invoice(ctx: RequestContext, body: InvoiceCreate) -> Doc:
    """``POST /v3/invoices``; with ``processingOptions.sendEmail`` the new invoice is emailed to
    the customer (recorded at ``GET /_sandbox/emails``)."""
    invoice = invoices.create_invoice(ctx, body)
    if body.processing_options is not None and body.processing_options.send_email:
        email_customer(ctx, invoice["id"])
    return invoice


def list_emails(tx: Tx, org_id: str | None, invoice_id: str | None) -> dict[str, Any]:
    q = select(emails.c.doc).order_by(emails.c.created_time, emails.c.id)
    if org_id:
        q = q.where(emails.c.org_id == org_id)
    if invoice_id:
        q = q.where(emails.c.invoice_id == invoice_id)
    return {"results": [orjson.loads(d) for d in tx.conn.execute(q).scalars()]}


def email_pdf(tx: Tx, email_id: str) -> tuple[str, bytes]:
    row = tx.conn.execute(select(emails.c.doc, emails.c.pdf).where(emails.c.id == email_id)).first()
    if row is None:
        raise NotFoundError(email_id)
    doc = orjson.loads(row.doc)
    return str(doc["attachments"][0]["name"]), bytes(row.pdf)


# ------------------------------------------------------------------------- payment links
def payment_link(ctx: RequestContext, invoice_id: str, body: PaymentLinkIn, origin: str) -> Doc:
    invoice = invoices.store.get(ctx, invoice_id)
    raw = body.to_camel_dict()
    if raw["customerId"] != invoice["customerId"]:
        raise RequestError("BDC_1119", "customerId", raw["customerId"])
    customer = customers.customer_doc(ctx, invoice["customerId"])
    if invoice.get("archived"):
        raise ApplicationError("BDC_1119", message="An archived invoice can't be paid.", object_id=invoice_id)
    token = secrets.token_urlsafe(24)
    ctx.tx.conn.execute(
        links.insert().values(
            token=token,
            org_id=ctx.org_id,
            invoice_id=invoice_id,
            customer_id=invoice["customerId"],
            email=raw.get("email") or customer.get("email", ""),
            return_url=raw.get("returnUrl") or "",
            created_time=ctx.now_iso,
        )
    )
    return {"paymentLink": f"{origin}{PAY_PATH}{token}"}


def find_link(tx: Tx, token: str) -> dict[str, Any]:
    row = tx.conn.execute(select(links).where(links.c.token == token)).mappings().first()
    if row is None:
        raise NotFoundError(token[:40] or "token")
    return dict(row)
