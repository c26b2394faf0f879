"""Webhook tables. Every row carries ``org_id`` (``/_sandbox/reset`` clears them)."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Index, Integer, String, Text, UniqueConstraint

from bill_sandbox.db import Base, Mapped, TenantMixin, mapped_column


class SubscriptionRow(TenantMixin, Base):
    """A subscription: ``doc`` is its wire JSON (without the security key)."""

    __tablename__ = "webhook_subscriptions"
    __table_args__ = (Index("ix_webhook_subscriptions_org_created", "org_id", "created_time", "id"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False)
    # ",type:version,type:version," sorted: fan-out matching and the duplicate rule.
    event_key: Mapped[str] = mapped_column(Text, nullable=False)
    notification_url: Mapped[str] = mapped_column(Text, nullable=False)
    security_key: Mapped[str] = mapped_column(String(80), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    updated_time: Mapped[str] = mapped_column(String(29), nullable=False)
    doc: Mapped[str] = mapped_column(Text, nullable=False)


class DeliveryRow(TenantMixin, Base):
    """One event for one subscription: the body (serialized once, what is signed and sent),
    its state and, while a worker sends it, a lease (``locked_until``, wall epoch seconds)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "subscription_id", name="uq_webhook_deliveries_event_sub"),
        Index("ix_webhook_deliveries_due", "state", "next_attempt_at"),
        Index("ix_webhook_deliveries_org_sub", "org_id", "subscription_id", "created_time", "id"),
    )
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    subscription_id: Mapped[str] = mapped_column(String(40), nullable=False)
    event_id: Mapped[str] = mapped_column(String(40), nullable=False)
    event_type: Mapped[str] = mapped_column(String(64), nullable=False)
    entity_id: Mapped[str] = mapped_column(String(40), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    # pending -> delivered | failed (retries exhausted) | cancelled (subscription disabled)
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    next_attempt_at: Mapped[float] = mapped_column(Float, nullable=False)
    locked_until: Mapped[float] = mapped_column(Float, nullable=False)


class AttemptRow(TenantMixin, Base):
    """Every HTTP attempt of a delivery (status 0 = no HTTP answer)."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (
        Index("ix_webhook_attempts_org_seq", "org_id", "seq"),
        Index("ix_webhook_attempts_delivery", "delivery_id", "attempt"),
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[str] = mapped_column(String(40), nullable=False)
    subscription_id: Mapped[str] = mapped_column(String(40), nullable=False)
    event_id: Mapped[str] = mapped_column(String(40), nullable=False)
    event_type: Mapped[str] = mapped_column(String(64), nullable=False)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False)
    status_code: Mapped[int] = mapped_column(Integer, nullable=False)
    latency_ms: Mapped[int] = mapped_column(Integer, nullable=False)
    response_body: Mapped[str] = mapped_column(String(200), nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)


class IdempotencyRow(TenantMixin, Base):
    """The first response to an ``X-Idempotent-Key`` (replayed byte for byte for 24 hours)."""

    __tablename__ = "webhook_idempotency"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    operation: Mapped[str] = mapped_column(String(80), primary_key=True)
    org_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[int] = mapped_column(Integer, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
