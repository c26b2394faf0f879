from __future__ import annotations

from sqlalchemy import Index, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, mapped_column


class RiskPhoneRow(DocumentMixin, Base):
    """A user's phone for risk verification (``id`` is the user's id)."""

    __tablename__ = "risk_phones"
    __table_args__ = (Index("ix_risk_phones_org", "org_id", "id"),)


class RiskVerificationRow(DocumentMixin, Base):
    """One verification of the organization (``id`` is its ``referenceId``). ``decide_at``: the
    sandbox time its decision is due (the scheduler's timer); ``outcome`` what it will be."""

    __tablename__ = "risk_verifications"
    __table_args__ = (
        Index("ix_risk_verifications_org_created", "org_id", "created_time"),
        Index("ix_risk_verifications_org_decide_at", "org_id", "decide_at"),
    )
    decide_at: Mapped[str | None] = mapped_column(String(29), nullable=True)
    outcome: Mapped[str] = mapped_column(String(20), nullable=False, default="APPROVE")
