"""risk verification: users' phones, verifications with the due time of their decision

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "risk_phones",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_phones")),
    )
    with op.batch_alter_table("risk_phones", schema=None) as batch_op:
        batch_op.create_index("ix_risk_phones_org", ["org_id", "id"], unique=False)

    op.create_table(
        "risk_verifications",
        sa.Column("decide_at", sa.String(length=29), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_verifications")),
    )
    with op.batch_alter_table("risk_verifications", schema=None) as batch_op:
        batch_op.create_index("ix_risk_verifications_org_created", ["org_id", "created_time"], unique=False)
        batch_op.create_index("ix_risk_verifications_org_decide_at", ["org_id", "decide_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("risk_verifications", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_verifications_org_decide_at")
        batch_op.drop_index("ix_risk_verifications_org_created")

    op.drop_table("risk_verifications")
    with op.batch_alter_table("risk_phones", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_phones_org")

    op.drop_table("risk_phones")
