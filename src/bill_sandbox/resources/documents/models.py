from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String, Text

from bill_sandbox.db import Base, Mapped, TenantMixin, mapped_column


class BillDocumentRow(TenantMixin, Base):
    """A bill document: ``upload_id`` (0du) while in progress, ``id`` (00h) once uploaded.

    The upload completes ``ready_time`` (upload + 5 s of sandbox time) or on the second status
    poll (``uploaded``), whichever comes first (BILL-RULES §7.2). ``doc`` is the finished wire object.
    """

    __tablename__ = "bill_documents"
    __table_args__ = (
        Index("ix_bill_documents_org_bill_created_time", "org_id", "bill_id", "created_time", "id"),
        Index("ix_bill_documents_upload_id", "upload_id", unique=True),
    )
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    upload_id: Mapped[str] = mapped_column(String(40), nullable=False)
    bill_id: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    ready_time: Mapped[str] = mapped_column(String(29), nullable=False)
    polls: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    uploaded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    doc: Mapped[str] = mapped_column(Text, nullable=False)
