"""autopay jobs: bills waiting for their vendor's autopay attempt

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "autopay_jobs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("bill_id", sa.String(length=40), nullable=False),
        sa.Column("due_at", sa.String(length=29), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_autopay_jobs")),
    )
    op.create_index("ix_autopay_jobs_org_due_at", "autopay_jobs", ["org_id", "due_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_autopay_jobs_org_due_at", table_name="autopay_jobs")
    op.drop_table("autopay_jobs")
