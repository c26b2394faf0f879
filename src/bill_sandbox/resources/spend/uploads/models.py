from __future__ import annotations

from sqlalchemy import Index, Integer, LargeBinary, String

from bill_sandbox.db import Base, Mapped, TenantMixin, mapped_column


class SpendUploadRow(TenantMixin, Base):
    """A pre-signed upload target (receipt images): the bytes the client PUT there."""

    __tablename__ = "spend_uploads"
    __table_args__ = (Index("ix_spend_uploads_org_created", "org_id", "created_time"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    uploaded_time: Mapped[str] = mapped_column(String(29), nullable=False, default="")
    content_type: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    size: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
