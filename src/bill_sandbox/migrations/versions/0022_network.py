"""BILL network: vendor and customer connection requests, organizations' network profiles

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_connections",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("network_id", sa.String(length=40), nullable=False),
        sa.Column("network_type", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("peer_org_id", sa.String(length=40), nullable=False),
        sa.Column("peer_record_id", sa.String(length=40), nullable=False),
        sa.Column("expires_at", sa.String(length=29), nullable=True),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_connections")),
    )
    with op.batch_alter_table("network_connections", schema=None) as batch_op:
        batch_op.create_index("ix_network_connections_org_expires_at", ["org_id", "expires_at"], unique=False)
        batch_op.create_index(
            "ix_network_connections_peer", ["peer_org_id", "network_id", "status"], unique=False
        )

    op.create_table(
        "network_profiles",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("auto_connect", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_profiles")),
    )


def downgrade() -> None:
    op.drop_table("network_profiles")
    with op.batch_alter_table("network_connections", schema=None) as batch_op:
        batch_op.drop_index("ix_network_connections_peer")
        batch_op.drop_index("ix_network_connections_org_expires_at")

    op.drop_table("network_connections")
