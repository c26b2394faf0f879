"""Partner accounts (account tables: a reset keeps them, like organizations and users)."""

from __future__ import annotations

from sqlalchemy import String, Text

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class PartnerRow(Base):
    """A partner account: its login and the ``appKey`` BILL sends when it is created."""

    __tablename__ = "partners"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    username: Mapped[str] = mapped_column(String(255), nullable=False, unique=True)
    password_hash: Mapped[str] = mapped_column(Text, nullable=False)
    app_key: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)


class PartnerSessionRow(Base):
    __tablename__ = "partner_sessions"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    partner_id: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    app_key: Mapped[str] = mapped_column(String(80), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    last_seen: Mapped[str] = mapped_column(String(29), nullable=False)


class PartnerOrganizationRow(DocumentMixin, Base):
    """An organization a partner created: ``id`` is the organization's id, ``org_id`` the
    partner's (the list's tenancy key), ``doc`` a copy of the organization's document (kept in
    step by ``organizations.service``), ``price_plan`` its plan."""

    __tablename__ = "partner_organizations"
    __table_args__ = doc_indexes("partner_organizations", "name")
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    price_plan: Mapped[str] = mapped_column(String(20), nullable=False, default="PricePlan1")
