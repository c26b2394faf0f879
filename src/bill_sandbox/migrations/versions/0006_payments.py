"""payments: bill_id filter column, lifecycle state (next_transition_at, plan), exchange-rate
batches

Revision ID: 0006
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bill_id", sa.String(length=40), server_default="", nullable=False))
        batch_op.add_column(sa.Column("next_transition_at", sa.String(length=29), nullable=True))
        batch_op.add_column(sa.Column("plan", sa.Text(), nullable=True))
        batch_op.create_index("ix_payments_org_bill_id", ["org_id", "bill_id", "id"], unique=False)
        batch_op.create_index("ix_payments_next_transition_at", ["next_transition_at"], unique=False)
        batch_op.create_index(
            "ix_payments_org_next_transition_at", ["org_id", "next_transition_at"], unique=False
        )

    op.create_table(
        "payment_exchange_rates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("vendor_id", sa.String(length=40), nullable=False),
        sa.Column("payment_currency", sa.String(length=3), nullable=False),
        sa.Column("rate", sa.String(length=40), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("expires_time", sa.String(length=29), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_exchange_rates")),
    )


def downgrade() -> None:
    op.drop_table("payment_exchange_rates")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("ix_payments_org_next_transition_at")
        batch_op.drop_index("ix_payments_next_transition_at")
        batch_op.drop_index("ix_payments_org_bill_id")
        batch_op.drop_column("plan")
        batch_op.drop_column("next_transition_at")
        batch_op.drop_column("bill_id")
