from __future__ import annotations

from sqlalchemy import BigInteger, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class CreditMemoRow(DocumentMixin, Base):
    """Credit memos (``ccr…``). ``amount_cents``/``applied_cents`` let the credit application
    find a customer's memos with credit left, oldest ``credit_date`` first."""

    __tablename__ = "credit_memos"
    __table_args__ = doc_indexes(
        "credit_memos", "customer_id", "credit_date", "amount_cents", "applied_cents", "status"
    )
    customer_id: Mapped[str] = mapped_column(String(40), nullable=False)
    reference_number: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    credit_date: Mapped[str] = mapped_column(String(10), nullable=False)
    amount_cents: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    applied_cents: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
