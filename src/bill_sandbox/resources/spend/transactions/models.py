from __future__ import annotations

from sqlalchemy import Index, Integer, String, Text

from bill_sandbox.db import Base, Mapped, TenantMixin, mapped_column
from bill_sandbox.resources.spend.common import SpendMixin, spend_indexes


class SpendTransactionRow(SpendMixin, Base):
    __tablename__ = "spend_transactions"
    __table_args__ = spend_indexes(
        "spend_transactions", "occurred_time", "amount_cents", "merchant_name", "budget_uuid", "card_uuid"
    )
    occurred_time: Mapped[str] = mapped_column(String(29), nullable=False)
    authorized_time: Mapped[str] = mapped_column(String(29), nullable=False, default="")
    amount_cents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    merchant_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    budget_uuid: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    card_uuid: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    sync_status: Mapped[str] = mapped_column(String(20), nullable=False, default="NOT_SYNCED")
    parent_uuid: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class SpendChallengeRow(TenantMixin, Base):
    """A 3DS challenge waiting for ACCEPT or REJECT (id: the acsTransactionId)."""

    __tablename__ = "spend_challenges"
    __table_args__ = (Index("ix_spend_challenges_org_created", "org_id", "created_time"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="PENDING")
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    doc: Mapped[str] = mapped_column(Text, nullable=False)
