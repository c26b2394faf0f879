from __future__ import annotations

from sqlalchemy import String

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class CustomerRow(DocumentMixin, Base):
    __tablename__ = "customers"
    __table_args__ = doc_indexes("customers", "name", "email", "account_type")
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    email: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    account_type: Mapped[str] = mapped_column(String(20), nullable=False, default="NONE")
    invoice_currency: Mapped[str] = mapped_column(String(3), nullable=False, default="USD")
    country: Mapped[str] = mapped_column(String(2), nullable=False, default="")
    company_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
