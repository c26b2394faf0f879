"""webhooks: subscriptions, deliveries, attempts, idempotency keys

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhook_subscriptions",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("event_key", sa.Text(), nullable=False),
        sa.Column("notification_url", sa.Text(), nullable=False),
        sa.Column("security_key", sa.String(length=80), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_subscriptions")),
    )
    op.create_index(
        "ix_webhook_subscriptions_org_created",
        "webhook_subscriptions",
        ["org_id", "created_time", "id"],
        unique=False,
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("subscription_id", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.String(length=40), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("next_attempt_at", sa.Float(), nullable=False),
        sa.Column("locked_until", sa.Float(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint("event_id", "subscription_id", name="uq_webhook_deliveries_event_sub"),
    )
    op.create_index(
        "ix_webhook_deliveries_due", "webhook_deliveries", ["state", "next_attempt_at"], unique=False
    )
    op.create_index(
        "ix_webhook_deliveries_org_sub",
        "webhook_deliveries",
        ["org_id", "subscription_id", "created_time", "id"],
        unique=False,
    )
    op.create_table(
        "webhook_attempts",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delivery_id", sa.String(length=40), nullable=False),
        sa.Column("subscription_id", sa.String(length=40), nullable=False),
        sa.Column("event_id", sa.String(length=40), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("response_body", sa.String(length=200), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_webhook_attempts")),
    )
    op.create_index("ix_webhook_attempts_org_seq", "webhook_attempts", ["org_id", "seq"], unique=False)
    op.create_index(
        "ix_webhook_attempts_delivery", "webhook_attempts", ["delivery_id", "attempt"], unique=False
    )
    op.create_table(
        "webhook_idempotency",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("operation", sa.String(length=80), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.PrimaryKeyConstraint("key", "operation", "org_id", name=op.f("pk_webhook_idempotency")),
    )


def downgrade() -> None:
    op.drop_table("webhook_idempotency")
    op.drop_index("ix_webhook_attempts_delivery", table_name="webhook_attempts")
    op.drop_index("ix_webhook_attempts_org_seq", table_name="webhook_attempts")
    op.drop_table("webhook_attempts")
    op.drop_index("ix_webhook_deliveries_org_sub", table_name="webhook_deliveries")
    op.drop_index("ix_webhook_deliveries_due", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_index("ix_webhook_subscriptions_org_created", table_name="webhook_subscriptions")
    op.drop_table("webhook_subscriptions")
