from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String, Text

from bill_sandbox.db import Base, Mapped, TenantMixin, mapped_column
from bill_sandbox.resources.spend.common import SpendMixin, spend_indexes


class SpendBudgetRow(SpendMixin, Base):
    __tablename__ = "spend_budgets"
    __table_args__ = spend_indexes("spend_budgets", "name", "spent_cents", "period_end")
    name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    spent_cents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    parent_budget_uuid: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    budget_group: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # When the current period ends (sandbox time; "" for NONE): the period timer's column.
    period_end: Mapped[str] = mapped_column(String(29), nullable=False, default="")


class SpendBudgetMemberRow(TenantMixin, Base):
    __tablename__ = "spend_budget_members"
    __table_args__ = (
        Index("ix_spend_budget_members_org_budget_name", "org_id", "budget_uuid", "name", "id"),
        Index("ix_spend_budget_members_org_user", "org_id", "user_uuid"),
    )
    id: Mapped[str] = mapped_column(String(90), primary_key=True)  # <budget uuid>:<user uuid>
    budget_uuid: Mapped[str] = mapped_column(String(40), nullable=False)
    user_uuid: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    spent_cents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    updated_time: Mapped[str] = mapped_column(String(29), nullable=False)
    doc: Mapped[str] = mapped_column(Text, nullable=False)


class SpendMemberJobRow(TenantMixin, Base):
    """A bulk member update of more than 5 users, applied a moment later (its timer)."""

    __tablename__ = "spend_member_jobs"
    __table_args__ = (Index("ix_spend_member_jobs_org_due", "org_id", "due_time"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    budget_uuid: Mapped[str] = mapped_column(String(40), nullable=False)
    due_time: Mapped[str] = mapped_column(String(29), nullable=False, default="")
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
