from __future__ import annotations

from sqlalchemy import Index, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, mapped_column


class ClassificationRow(DocumentMixin, Base):
    """All seven kinds in one table; ``kind`` is the URL segment (e.g. ``chart-of-accounts``)."""

    __tablename__ = "classifications"
    __table_args__ = tuple(
        Index(f"ix_classifications_org_kind_{c}", "org_id", "kind", c, "id")
        for c in ("created_time", "updated_time", "name", "short_name", "parent_id", "type")
    )
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    short_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    parent_id: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    # account.type of a chart of accounts, type of an item
    type: Mapped[str] = mapped_column(String(40), nullable=False, default="")
