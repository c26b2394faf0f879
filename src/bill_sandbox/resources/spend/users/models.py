from __future__ import annotations

from sqlalchemy import String

from bill_sandbox.db import Base, Mapped, mapped_column
from bill_sandbox.resources.spend.common import SpendMixin, spend_indexes


class SpendUserRow(SpendMixin, Base):
    __tablename__ = "spend_users"
    __table_args__ = spend_indexes("spend_users", "email", "first_name", "last_name")
    email: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    first_name: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    last_name: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(20), nullable=False, default="MEMBER")
