"""AP payments (``stp…``) and the exchange-rate batches international payments quote."""

from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String, Text

from bill_sandbox.db import Base, DocumentMixin, Mapped, TenantMixin, doc_indexes, mapped_column


class PaymentRow(DocumentMixin, Base):
    """AP payments (``stp…``), online and offline; ``doc`` is the payment's wire JSON.

    ``next_transition_at`` is when the payment's next time-driven transition is due (NULL when
    nothing is pending); the clock handler finds due payments with one range query on it.
    ``plan`` is the lifecycle's private state (JSON: rail, remaining steps, where the money
    sits on the bills); NULL for offline payments recorded through record-payment.
    """

    __tablename__ = "payments"
    __table_args__ = (
        *doc_indexes("payments", "process_date", "single_status", "bill_id"),
        Index("ix_payments_org_vendor_created_time", "org_id", "vendor_id", "created_time", "id"),
        Index("ix_payments_next_transition_at", "next_transition_at"),
        Index("ix_payments_org_next_transition_at", "org_id", "next_transition_at"),
    )
    vendor_id: Mapped[str] = mapped_column(String(40), nullable=False)
    bill_id: Mapped[str] = mapped_column(String(40), nullable=False, server_default="")
    process_date: Mapped[str] = mapped_column(String(10), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    single_status: Mapped[str] = mapped_column(String(40), nullable=False)
    disbursement_type: Mapped[str] = mapped_column(String(20), nullable=False)
    online_payment: Mapped[bool] = mapped_column(Boolean, nullable=False)
    next_transition_at: Mapped[str | None] = mapped_column(String(29), nullable=True)
    plan: Mapped[str | None] = mapped_column(Text, nullable=True)


class ExchangeRateBatchRow(TenantMixin, Base):
    """A quoted exchange rate (``GET /v3/payments/exchange-rate``), valid for 20 minutes; a
    payment to a non-USD vendor names one with ``exchangeRateBatchId`` (an int32 at BILL)."""

    __tablename__ = "payment_exchange_rates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    vendor_id: Mapped[str] = mapped_column(String(40), nullable=False)
    payment_currency: Mapped[str] = mapped_column(String(3), nullable=False)
    rate: Mapped[str] = mapped_column(String(40), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    expires_time: Mapped[str] = mapped_column(String(29), nullable=False)
