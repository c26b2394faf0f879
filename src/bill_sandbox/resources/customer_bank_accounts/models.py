from __future__ import annotations

from sqlalchemy import String

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class CustomerBankAccountRow(DocumentMixin, Base):
    """Customer bank accounts (``cba…``). ``verify_on`` is the sandbox date a PENDING account
    becomes VERIFIED (2 business days after creation), "" once it has."""

    __tablename__ = "customer_bank_accounts"
    __table_args__ = doc_indexes("customer_bank_accounts", "customer_id", "status", "verify_on")
    customer_id: Mapped[str] = mapped_column(String(40), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    verify_on: Mapped[str] = mapped_column(String(10), nullable=False, default="")
