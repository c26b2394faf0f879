from __future__ import annotations

from sqlalchemy import BigInteger, Index, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class BillRow(DocumentMixin, Base):
    """``vendor_id`` leads a (org_id, vendor_id, created_time, id) index, so one vendor's bills
    in the default order are a single index range (the 1M-bill benchmark case)."""

    __tablename__ = "bills"
    __table_args__ = (
        *doc_indexes(
            "bills",
            "due_date",
            "payment_status",
            "pay_from_coa_id",
            "coa_id",
            "class_id",
            "department_id",
            "location_id",
        ),
        Index("ix_bills_org_vendor_created_time", "org_id", "vendor_id", "created_time", "id"),
    )
    vendor_id: Mapped[str] = mapped_column(String(40), nullable=False)
    due_date: Mapped[str] = mapped_column(String(10), nullable=False)
    payment_status: Mapped[str] = mapped_column(String(20), nullable=False)
    approval_status: Mapped[str] = mapped_column(String(20), nullable=False, default="UNASSIGNED")
    invoice_number: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    amount_cents: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    due_cents: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    pay_from_coa_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    coa_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    class_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    department_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    location_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
