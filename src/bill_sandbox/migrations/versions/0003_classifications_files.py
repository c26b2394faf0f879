"""classifications (seven kinds in one table), attachments, bill documents, stored files

Revision ID: 0003
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def _document_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "classifications",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("short_name", sa.String(length=255), nullable=False),
        sa.Column("parent_id", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        *_document_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classifications")),
    )
    for col in ("created_time", "updated_time", "name", "short_name", "parent_id", "type"):
        op.create_index(
            f"ix_classifications_org_kind_{col}", "classifications", ["org_id", "kind", col, "id"]
        )

    op.create_table(
        "file_blobs",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_file_blobs")),
    )
    op.create_index("ix_file_blobs_org_id", "file_blobs", ["org_id", "id"])

    op.create_table(
        "attachments",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("parent_type", sa.String(length=16), nullable=False),
        sa.Column("parent_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    op.create_index(
        "ix_attachments_org_parent_created_time", "attachments", ["org_id", "parent_id", "created_time", "id"]
    )
    op.create_index("ix_attachments_org_parent_name", "attachments", ["org_id", "parent_id", "name", "id"])

    op.create_table(
        "bill_documents",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("upload_id", sa.String(length=40), nullable=False),
        sa.Column("bill_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("ready_time", sa.String(length=29), nullable=False),
        sa.Column("polls", sa.Integer(), nullable=False),
        sa.Column("uploaded", sa.Boolean(), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bill_documents")),
    )
    op.create_index(
        "ix_bill_documents_org_bill_created_time",
        "bill_documents",
        ["org_id", "bill_id", "created_time", "id"],
    )
    op.create_index("ix_bill_documents_upload_id", "bill_documents", ["upload_id"], unique=True)


def downgrade() -> None:
    for table in ("bill_documents", "attachments", "file_blobs", "classifications"):
        op.drop_table(table)
