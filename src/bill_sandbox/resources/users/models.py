from __future__ import annotations

from sqlalchemy import String

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class RoleRow(DocumentMixin, Base):
    """The organization's roles (seeded when it is created or reset)."""

    __tablename__ = "roles"
    __table_args__ = doc_indexes("roles", "type", "description")
    type: Mapped[str] = mapped_column(String(40), nullable=False)
    description: Mapped[str] = mapped_column(String(255), nullable=False, default="")
