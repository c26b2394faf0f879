from __future__ import annotations

from sqlalchemy import Index, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class VendorRow(DocumentMixin, Base):
    __tablename__ = "vendors"
    __table_args__ = doc_indexes("vendors", "name", "account_type", "bill_currency")
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    account_type: Mapped[str] = mapped_column(String(20), nullable=False, default="NONE")
    bill_currency: Mapped[str] = mapped_column(String(3), nullable=False, default="USD")
    country: Mapped[str] = mapped_column(String(2), nullable=False, default="")


class VendorBankAccountRow(DocumentMixin, Base):
    """At most one per vendor. ``doc`` is the wire view; ``verified_time`` is when the one-time
    verification completes (2 business days after creation): ``status`` reads VERIFIED from then."""

    __tablename__ = "vendor_bank_accounts"
    __table_args__ = (Index("ix_vendor_bank_accounts_org_vendor", "org_id", "vendor_id", unique=True),)
    vendor_id: Mapped[str] = mapped_column(String(40), nullable=False)
    verified_time: Mapped[str] = mapped_column(String(29), nullable=False)
    bank_country: Mapped[str] = mapped_column(String(2), nullable=False, default="")
