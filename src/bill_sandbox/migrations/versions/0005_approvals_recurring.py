"""bill approvals and recurring bills: approval policies, per-bill approval state, recurring
bills

Revision ID: 0005
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "approval_policies",
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_policies")),
    )
    with op.batch_alter_table("approval_policies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_approval_policies_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index("ix_approval_policies_org_status", ["org_id", "status", "id"], unique=False)
        batch_op.create_index(
            "ix_approval_policies_org_updated_time", ["org_id", "updated_time", "id"], unique=False
        )

    op.create_table(
        "bill_approval_states",
        sa.Column("bill_id", sa.String(length=40), nullable=False),
        sa.Column("current_user_id", sa.String(length=20), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("bill_id", name=op.f("pk_bill_approval_states")),
    )
    with op.batch_alter_table("bill_approval_states", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bill_approval_states_org_current_user", ["org_id", "current_user_id", "bill_id"], unique=False
        )

    op.create_table(
        "recurring_bills",
        sa.Column("vendor_id", sa.String(length=40), nullable=False),
        sa.Column("anchor_date", sa.String(length=10), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("generate_on", sa.String(length=10), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_bills")),
    )
    with op.batch_alter_table("recurring_bills", schema=None) as batch_op:
        batch_op.create_index("ix_recurring_bills_generate_on", ["generate_on"], unique=False)
        batch_op.create_index(
            "ix_recurring_bills_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index(
            "ix_recurring_bills_org_updated_time", ["org_id", "updated_time", "id"], unique=False
        )
        batch_op.create_index("ix_recurring_bills_org_vendor_id", ["org_id", "vendor_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recurring_bills", schema=None) as batch_op:
        batch_op.drop_index("ix_recurring_bills_org_vendor_id")
        batch_op.drop_index("ix_recurring_bills_org_updated_time")
        batch_op.drop_index("ix_recurring_bills_org_created_time")
        batch_op.drop_index("ix_recurring_bills_generate_on")

    op.drop_table("recurring_bills")
    with op.batch_alter_table("bill_approval_states", schema=None) as batch_op:
        batch_op.drop_index("ix_bill_approval_states_org_current_user")

    op.drop_table("bill_approval_states")
    with op.batch_alter_table("approval_policies", schema=None) as batch_op:
        batch_op.drop_index("ix_approval_policies_org_updated_time")
        batch_op.drop_index("ix_approval_policies_org_status")
        batch_op.drop_index("ix_approval_policies_org_created_time")

    op.drop_table("approval_policies")
