from __future__ import annotations

from sqlalchemy import Index, String, Text

from bill_sandbox.db import Base, Mapped, TenantMixin, mapped_column


class AttachmentRow(TenantMixin, Base):
    """Attachment metadata; ``doc`` is the wire object (``downloadLink`` stored relative)."""

    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_org_parent_created_time", "org_id", "parent_id", "created_time", "id"),
        Index("ix_attachments_org_parent_name", "org_id", "parent_id", "name", "id"),
    )
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    parent_type: Mapped[str] = mapped_column(String(16), nullable=False)  # vendors|customers|invoices
    parent_id: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    doc: Mapped[str] = mapped_column(Text, nullable=False)
