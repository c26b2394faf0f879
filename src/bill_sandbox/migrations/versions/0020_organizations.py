"""users and roles (first/last name projections, the roles table), partner accounts, sessions
and organizations

Revision ID: 0020
Revises: 0007
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

from bill_sandbox import ids

revision = "0020"
down_revision = "0007"
branch_labels = None
depends_on = None

DEFAULT_ROLES = (
    ("ADMINISTRATOR", "Administrator"),
    ("ACCOUNTANT", "Accountant"),
    ("APPROVER", "Approver"),
    ("PAYER", "Payer"),
    ("CLERK", "Clerk"),
    ("AUDITOR", "Auditor"),
    ("MEMBER", "Member"),
)


def upgrade() -> None:
    op.create_table(
        "partner_organizations",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("price_plan", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_organizations")),
    )
    with op.batch_alter_table("partner_organizations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partner_organizations_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index("ix_partner_organizations_org_name", ["org_id", "name", "id"], unique=False)
        batch_op.create_index(
            "ix_partner_organizations_org_updated_time", ["org_id", "updated_time", "id"], unique=False
        )

    op.create_table(
        "partner_sessions",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("partner_id", sa.String(length=40), nullable=False),
        sa.Column("app_key", sa.String(length=80), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("last_seen", sa.String(length=29), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_sessions")),
    )
    with op.batch_alter_table("partner_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_sessions_partner_id"), ["partner_id"], unique=False)

    op.create_table(
        "partners",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("username", sa.String(length=255), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("app_key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
        sa.UniqueConstraint("app_key", name=op.f("uq_partners_app_key")),
        sa.UniqueConstraint("username", name=op.f("uq_partners_username")),
    )
    op.create_table(
        "roles",
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
    )
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.create_index("ix_roles_org_created_time", ["org_id", "created_time", "id"], unique=False)
        batch_op.create_index("ix_roles_org_description", ["org_id", "description", "id"], unique=False)
        batch_op.create_index("ix_roles_org_type", ["org_id", "type", "id"], unique=False)
        batch_op.create_index("ix_roles_org_updated_time", ["org_id", "updated_time", "id"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_name", sa.String(length=100), server_default="", nullable=False))
        batch_op.add_column(sa.Column("last_name", sa.String(length=100), server_default="", nullable=False))
        batch_op.create_index("ix_users_org_created_time", ["org_id", "created_time", "id"], unique=False)
        batch_op.create_index("ix_users_org_first_name", ["org_id", "first_name", "id"], unique=False)
        batch_op.create_index("ix_users_org_last_name", ["org_id", "last_name", "id"], unique=False)
        batch_op.create_index("ix_users_org_updated_time", ["org_id", "updated_time", "id"], unique=False)
    _seed_existing()


def _seed_existing() -> None:
    """Organizations created before this revision get their roles, and their users' documents
    embed ``role{id, type, description}`` (new organizations get both when they are created)."""
    conn = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    for (org_id,) in conn.execute(sa.text("SELECT id FROM organizations")).all():
        by_type: dict[str, dict[str, str]] = {}
        for i, (type_, description) in enumerate(DEFAULT_ROLES):
            t = now + timedelta(milliseconds=i)
            at = t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}+00:00"
            role_doc = {
                "id": ids.new_id("0po"),
                "type": type_,
                "description": description,
                "createdTime": at,
                "updatedTime": at,
            }
            conn.execute(
                sa.text(
                    "INSERT INTO roles (id, org_id, archived, created_time, updated_time, doc, type,"
                    " description) VALUES (:id, :org, :archived, :at, :at, :doc, :type, :description)"
                ),
                {
                    "id": role_doc["id"],
                    "org": org_id,
                    "archived": False,
                    "at": at,
                    "doc": json.dumps(role_doc, separators=(",", ":")),
                    "type": type_,
                    "description": description,
                },
            )
            by_type[type_] = role_doc
        users = conn.execute(
            sa.text("SELECT id, doc, role FROM users WHERE org_id = :org"), {"org": org_id}
        ).all()
        for user_id, raw, role in users:
            doc: dict[str, Any] = {k: v for k, v in json.loads(raw).items() if k != "roleId"}
            r = by_type.get(role) or by_type["ADMINISTRATOR"]
            doc["role"] = {"id": r["id"], "type": r["type"], "description": r["description"]}
            conn.execute(
                sa.text("UPDATE users SET doc = :doc, first_name = :first, last_name = :last WHERE id = :id"),
                {
                    "doc": json.dumps(doc, separators=(",", ":")),
                    "first": doc.get("firstName", ""),
                    "last": doc.get("lastName", ""),
                    "id": user_id,
                },
            )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index("ix_users_org_updated_time")
        batch_op.drop_index("ix_users_org_last_name")
        batch_op.drop_index("ix_users_org_first_name")
        batch_op.drop_index("ix_users_org_created_time")
        batch_op.drop_column("last_name")
        batch_op.drop_column("first_name")

    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_index("ix_roles_org_updated_time")
        batch_op.drop_index("ix_roles_org_type")
        batch_op.drop_index("ix_roles_org_description")
        batch_op.drop_index("ix_roles_org_created_time")

    op.drop_table("roles")
    op.drop_table("partners")
    with op.batch_alter_table("partner_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_sessions_partner_id"))

    op.drop_table("partner_sessions")
    with op.batch_alter_table("partner_organizations", schema=None) as batch_op:
        batch_op.drop_index("ix_partner_organizations_org_updated_time")
        batch_op.drop_index("ix_partner_organizations_org_name")
        batch_op.drop_index("ix_partner_organizations_org_created_time")

    op.drop_table("partner_organizations")
