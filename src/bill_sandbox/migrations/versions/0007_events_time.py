"""events outbox, per-organization sandbox time, scheduler lease (merges the branches)

Revision ID: 0007
Revises: 0003, 0004, 0005, 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = ("0003", "0004", "0005", "0006")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clock_offset", sa.Float(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("next_due", sa.Float(), nullable=True))
        batch_op.create_index("ix_organizations_next_due", ["next_due"], unique=False)
    op.create_table(
        "events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("dispatched", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_events")),
        sa.UniqueConstraint("id", name=op.f("uq_events_id")),
    )
    op.create_index("ix_events_org_seq", "events", ["org_id", "seq"], unique=False)
    op.create_index("ix_events_org_entity", "events", ["org_id", "entity_id", "seq"], unique=False)
    op.create_index("ix_events_dispatched_seq", "events", ["dispatched", "seq"], unique=False)
    op.create_table(
        "scheduler_lease",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=80), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_lease")),
    )
    # The old shared clock offset is not carried over: every organization starts at now.
    op.execute("DELETE FROM sandbox_state WHERE key = 'clock_offset'")


def downgrade() -> None:
    op.drop_table("scheduler_lease")
    op.drop_index("ix_events_dispatched_seq", table_name="events")
    op.drop_index("ix_events_org_entity", table_name="events")
    op.drop_index("ix_events_org_seq", table_name="events")
    op.drop_table("events")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_index("ix_organizations_next_due")
        batch_op.drop_column("next_due")
        batch_op.drop_column("clock_offset")
