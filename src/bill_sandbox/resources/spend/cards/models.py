from __future__ import annotations

from sqlalchemy import String

from bill_sandbox.db import Base, Mapped, mapped_column
from bill_sandbox.resources.spend.common import SpendMixin, spend_indexes


class SpendCardRow(SpendMixin, Base):
    __tablename__ = "spend_cards"
    __table_args__ = spend_indexes("spend_cards", "status", "name", "budget_uuid")
    name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="ACTIVATED")
    user_uuid: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    budget_uuid: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    # The card's secrets: never in the document, only in the PAN JWT.
    pan: Mapped[str] = mapped_column(String(19), nullable=False, default="")
    cvv: Mapped[str] = mapped_column(String(4), nullable=False, default="")
