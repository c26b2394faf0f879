from __future__ import annotations

from sqlalchemy import Integer, String

from bill_sandbox.db import Base, Mapped, mapped_column
from bill_sandbox.resources.spend.common import SpendMixin, spend_indexes


class SpendReimbursementRow(SpendMixin, Base):
    __tablename__ = "spend_reimbursements"
    __table_args__ = spend_indexes("spend_reimbursements", "submitted_time", "amount_cents", "next_step_at")
    submitted_time: Mapped[str] = mapped_column(String(29), nullable=False, default="")
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(30), nullable=False, default="")
    # When the payment moves on (READY_TO_PAY -> PAYMENT_PENDING -> PAID): its timer's column.
    next_step_at: Mapped[str] = mapped_column(String(29), nullable=False, default="")
