from __future__ import annotations

from sqlalchemy import Boolean, Float, Index, Integer, String, Text

from bill_sandbox.db import Base, DocumentMixin, Mapped, doc_indexes, mapped_column


class OrganizationRow(DocumentMixin, Base):
    __tablename__ = "organizations"
    __table_args__ = (Index("ix_organizations_next_due", "next_due"),)
    name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    mfa_bypass: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # The organization's sandbox time is the wall clock plus this many seconds.
    clock_offset: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    # When (wall-clock epoch seconds) the scheduler next has work for this organization: the
    # earliest due time of its pending transitions, minus its offset. NULL: nothing pending.
    next_due: Mapped[float | None] = mapped_column(Float, nullable=True)


class SchedulerLeaseRow(Base):
    """One scheduler leader per database: the holder renews ``expires_at`` (wall epoch)."""

    __tablename__ = "scheduler_lease"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80), nullable=False)
    expires_at: Mapped[float] = mapped_column(Float, nullable=False)


class UserRow(DocumentMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        Index("ix_users_username_org", "username", "org_id", unique=True),
        *doc_indexes("users", "first_name", "last_name"),  # GET /v3/users sorts (migration 0020)
    )
    username: Mapped[str] = mapped_column(String(255), nullable=False)
    password_hash: Mapped[str] = mapped_column(Text, nullable=False)
    role: Mapped[str] = mapped_column(String(40), nullable=False, default="ADMINISTRATOR")
    # Projections of the wire document for the user lists (resources.users, migration 0020).
    first_name: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    last_name: Mapped[str] = mapped_column(String(100), nullable=False, default="")


class DevKeyRow(Base):
    __tablename__ = "dev_keys"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    username: Mapped[str] = mapped_column(String(255), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)


class SessionRow(Base):
    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    user_id: Mapped[str] = mapped_column(String(20), nullable=False)
    dev_key: Mapped[str] = mapped_column(String(80), nullable=False)
    trusted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    last_seen: Mapped[str] = mapped_column(String(29), nullable=False)


class LoginLockRow(Base):
    """Failed logins per username: a sliding window and the time a lock ends."""

    __tablename__ = "login_locks"
    username: Mapped[str] = mapped_column(String(255), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    window_start: Mapped[str] = mapped_column(String(29), nullable=False)
    locked_until: Mapped[str | None] = mapped_column(String(29), nullable=True)
