"""Invoices (``00e…``), the per-organization invoice number sequence, the sandbox's outbox of
invoice emails and the payment-link tokens."""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, LargeBinary, String, Text

from bill_sandbox.db import Base, DocumentMixin, Mapped, TenantMixin, doc_indexes, mapped_column


class InvoiceRow(DocumentMixin, Base):
    """``customer_id`` leads a (org_id, customer_id, created_time, id) index: one customer's
    invoices in the default order are one index range."""

    __tablename__ = "invoices"
    __table_args__ = (
        *doc_indexes(
            "invoices",
            "invoice_number",
            "invoice_date",
            "due_date",
            "status",
            "total_cents",
            "pay_to_coa_id",
            "class_id",
            "department_id",
            "location_id",
            "item_id",
        ),
        Index("ix_invoices_org_customer_created_time", "org_id", "customer_id", "created_time", "id"),
    )
    customer_id: Mapped[str] = mapped_column(String(40), nullable=False)
    invoice_number: Mapped[str] = mapped_column(String(100), nullable=False)
    invoice_date: Mapped[str] = mapped_column(String(10), nullable=False)
    due_date: Mapped[str] = mapped_column(String(10), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    total_cents: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    due_cents: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    pay_to_coa_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    class_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    department_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    location_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    item_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class InvoiceNumberRow(Base):
    """The last invoice number generated for an organization (BILL-RULES §6 #29: from 1001)."""

    __tablename__ = "invoice_numbers"
    org_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, nullable=False)


class InvoiceEmailRow(TenantMixin, Base):
    """An invoice email the sandbox "sent": recorded, never delivered (``GET /_sandbox/emails``).
    ``doc`` is the message as the control plane lists it; ``pdf`` the attached invoice PDF."""

    __tablename__ = "invoice_emails"
    __table_args__ = (Index("ix_invoice_emails_org_created_time", "org_id", "created_time", "id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    invoice_id: Mapped[str] = mapped_column(String(40), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    doc: Mapped[str] = mapped_column(Text, nullable=False)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class PaymentLinkRow(TenantMixin, Base):
    """A payment link (``POST /v3/invoices/{id}/payment-link``): the token in the page URL."""

    __tablename__ = "invoice_payment_links"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    invoice_id: Mapped[str] = mapped_column(String(40), nullable=False)
    customer_id: Mapped[str] = mapped_column(String(40), nullable=False)
    email: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    return_url: Mapped[str] = mapped_column(String(2000), nullable=False, default="")
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
