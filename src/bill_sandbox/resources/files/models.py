from __future__ import annotations

from sqlalchemy import Index, Integer, LargeBinary, String

from bill_sandbox.db import Base, Mapped, TenantMixin, mapped_column


class FileBlobRow(TenantMixin, Base):
    """The bytes of one attachment or bill document (same id), org-scoped. Kept apart from the
    metadata rows so that lists never read file contents."""

    __tablename__ = "file_blobs"
    __table_args__ = (Index("ix_file_blobs_org_id", "org_id", "id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
