from __future__ import annotations

from sqlalchemy import BigInteger, Index, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class ReceivablePaymentRow(DocumentMixin, Base):
    """Received payments (``0rp…``): recorded offline (record AR payment), charged to a
    customer's bank account, or paid through a payment link. ``next_transition_at`` holds the
    sandbox date a scheduled charge settles (PAID, or VOID for the magic amount), "" when none."""

    __tablename__ = "receivable_payments"
    __table_args__ = (
        *doc_indexes("receivable_payments", "customer_id", "amount_cents", "payment_date", "status"),
        Index("ix_receivable_payments_org_next_transition_at", "org_id", "next_transition_at"),
    )
    customer_id: Mapped[str] = mapped_column(String(40), nullable=False)
    amount_cents: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    payment_date: Mapped[str] = mapped_column(String(10), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    next_transition_at: Mapped[str] = mapped_column(String(29), nullable=False, default="")
