from __future__ import annotations

from sqlalchemy import Index, Integer, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class RecurringInvoiceRow(DocumentMixin, Base):
    """Recurring invoices (``rit…``); the schedule state columns work as recurring bills' do
    (``anchor_date`` + ``occurrences`` × ``frequency`` periods = the next due date;
    ``generate_on`` = the day the next invoice is generated, "" when the schedule is over)."""

    __tablename__ = "recurring_invoices"
    __table_args__ = (
        *doc_indexes("recurring_invoices", "customer_id"),
        Index("ix_recurring_invoices_org_generate_on", "org_id", "generate_on"),
    )
    customer_id: Mapped[str] = mapped_column(String(40), nullable=False)
    anchor_date: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    occurrences: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    generate_on: Mapped[str] = mapped_column(String(10), nullable=False, default="")
