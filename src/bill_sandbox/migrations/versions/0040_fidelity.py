"""fidelity: lower(name) indexes, request counters, API tokens, mass payments

Revision ID: 0040
Revises: 0007

The name indexes are on ``lower(name)`` (``COLLATE "C"`` on PostgreSQL, where a prefix must be
a byte range whatever the database's collation): ``listing.Folded`` compiles to exactly that
expression. They are expression indexes, so they live here rather than in the models (Alembic
does not compare expression indexes).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0007"
branch_labels = None
depends_on = None

NAME_INDEXES = (
    ("ix_vendors_org_lower_name", "vendors", "org_id"),
    ("ix_customers_org_lower_name", "customers", "org_id"),
    ("ix_classifications_org_kind_lower_name", "classifications", "org_id, kind"),
)


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    folded = '(lower(name) COLLATE "C")' if pg else "lower(name)"
    for name, table, lead in NAME_INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} ({lead}, {folded}, id)")
    op.create_table(
        "request_counters",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("bucket", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", "bucket", name=op.f("pk_request_counters")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("value", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("organization_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=20), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_api_tokens")),
    )
    op.create_index("ix_api_tokens_value", "api_tokens", ["value"], unique=True)
    op.create_table(
        "mass_payments",
        sa.Column("due_time", sa.String(length=29), nullable=True),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mass_payments")),
    )
    op.create_index("ix_mass_payments_org_due_time", "mass_payments", ["org_id", "due_time"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_mass_payments_org_due_time", table_name="mass_payments")
    op.drop_table("mass_payments")
    op.drop_index("ix_api_tokens_value", table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("request_counters")
    for name, table, _ in NAME_INDEXES:
        op.drop_index(name, table_name=table)
