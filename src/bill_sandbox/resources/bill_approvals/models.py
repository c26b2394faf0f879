from __future__ import annotations

from sqlalchemy import Index, String

from bill_sandbox.db import Base, DocumentMixin, Mapped, TenantMixin, doc_indexes, mapped_column


class ApprovalPolicyRow(DocumentMixin, Base):
    """Bill approval policies (``app…``). ``doc`` is the wire object, which has no times or
    ``archived`` (BILL's example shows none): the row's columns hold them."""

    __tablename__ = "approval_policies"
    __table_args__ = doc_indexes("approval_policies", "status")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="ACTIVE")


class BillApprovalStateRow(TenantMixin, Base):
    """One row per bill that has approvers (the bill document holds the approvers themselves).

    ``current_user_id`` is the approver who must act now ("" once the bill is APPROVED or
    DENIED): the pending list is an index range on it. ``fingerprint`` digests what policies
    test (amount, vendor, chart-of-account/job/location ids) and the assigned approvers, so an
    edit that changes none of them keeps the approvals already given."""

    __tablename__ = "bill_approval_states"
    __table_args__ = (
        Index("ix_bill_approval_states_org_current_user", "org_id", "current_user_id", "bill_id"),
    )
    bill_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    current_user_id: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
