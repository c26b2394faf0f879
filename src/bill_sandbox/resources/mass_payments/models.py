"""Mass payment batches (``bbq…``)."""

from __future__ import annotations

from sqlalchemy import Index, String, Text

from bill_sandbox.db import Base, DocumentMixin, Mapped, mapped_column


class MassPaymentRow(DocumentMixin, Base):
    """A mass payment batch; ``doc`` is what ``GET /v3/payments/mass/{id}`` answers.

    ``due_time`` is when the scheduler next processes its waiting bills (NULL once COMPLETED);
    ``request`` the accepted request (JSON) and ``created_by`` who sent it (payments are made
    in that user's name)."""

    __tablename__ = "mass_payments"
    __table_args__ = (Index("ix_mass_payments_org_due_time", "org_id", "due_time"),)
    due_time: Mapped[str | None] = mapped_column(String(29), nullable=True)
    request: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_by: Mapped[str] = mapped_column(String(20), nullable=False, default="")
