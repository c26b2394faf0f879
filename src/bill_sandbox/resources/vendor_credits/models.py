from __future__ import annotations

from sqlalchemy import BigInteger, Index, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, TenantMixin, doc_indexes, mapped_column


class VendorCreditRow(DocumentMixin, Base):
    __tablename__ = "vendor_credits"
    __table_args__ = (
        *doc_indexes("vendor_credits", "credit_date", "status", "reference_number"),
        Index("ix_vendor_credits_org_vendor_created_time", "org_id", "vendor_id", "created_time", "id"),
    )
    vendor_id: Mapped[str] = mapped_column(String(40), nullable=False)
    credit_date: Mapped[str] = mapped_column(String(10), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    reference_number: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    amount_cents: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    applied_cents: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class VendorCreditApplicationRow(TenantMixin, Base):
    """One use of a vendor credit on a bill: directly on the bill (``payment_id`` empty; PUT on
    the bill can take it back) or through a payment (permanent)."""

    __tablename__ = "vendor_credit_applications"
    __table_args__ = (
        Index("ix_vendor_credit_applications_org_bill", "org_id", "bill_id"),
        Index("ix_vendor_credit_applications_org_credit", "org_id", "vendor_credit_id"),
    )
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    vendor_credit_id: Mapped[str] = mapped_column(String(40), nullable=False)
    bill_id: Mapped[str] = mapped_column(String(40), nullable=False)
    payment_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    amount_cents: Mapped[int] = mapped_column(BigInteger, nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
