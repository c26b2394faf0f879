from __future__ import annotations

from sqlalchemy import Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bill_sandbox.db import Base, DocumentMixin, doc_indexes


class PaymentRow(DocumentMixin, Base):
    """AP payments (``stp…``), online and offline; ``doc`` is the payment's wire JSON."""

    __tablename__ = "payments"
    __table_args__ = (
        *doc_indexes("payments", "process_date", "single_status"),
        Index("ix_payments_org_vendor_created_time", "org_id", "vendor_id", "created_time", "id"),
    )
    vendor_id: Mapped[str] = mapped_column(String(40), nullable=False)
    process_date: Mapped[str] = mapped_column(String(10), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    single_status: Mapped[str] = mapped_column(String(40), nullable=False)
    disbursement_type: Mapped[str] = mapped_column(String(20), nullable=False)
    online_payment: Mapped[bool] = mapped_column(Boolean, nullable=False)
