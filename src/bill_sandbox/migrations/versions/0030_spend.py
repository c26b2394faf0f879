"""Spend & Expense: apiTokens, users, budgets (+ members, bulk jobs), cards, transactions,
3DS challenges, custom fields (+ values), reimbursements, receipt uploads

Revision ID: 0030
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "spend_budget_members",
        sa.Column("id", sa.String(length=90), nullable=False),
        sa.Column("budget_uuid", sa.String(length=40), nullable=False),
        sa.Column("user_uuid", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("spent_cents", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_budget_members")),
    )
    with op.batch_alter_table("spend_budget_members", schema=None) as batch_op:
        batch_op.create_index(
            "ix_spend_budget_members_org_budget_name", ["org_id", "budget_uuid", "name", "id"], unique=False
        )
        batch_op.create_index("ix_spend_budget_members_org_user", ["org_id", "user_uuid"], unique=False)

    op.create_table(
        "spend_budgets",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("spent_cents", sa.Integer(), nullable=False),
        sa.Column("parent_budget_uuid", sa.String(length=40), nullable=False),
        sa.Column("budget_group", sa.Boolean(), nullable=False),
        sa.Column("period_end", sa.String(length=29), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("legacy_id", sa.String(length=40), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_budgets")),
    )
    with op.batch_alter_table("spend_budgets", schema=None) as batch_op:
        batch_op.create_index(
            "ix_spend_budgets_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index("ix_spend_budgets_org_legacy", ["org_id", "legacy_id"], unique=False)
        batch_op.create_index("ix_spend_budgets_org_name", ["org_id", "name", "id"], unique=False)
        batch_op.create_index("ix_spend_budgets_org_period_end", ["org_id", "period_end", "id"], unique=False)
        batch_op.create_index(
            "ix_spend_budgets_org_spent_cents", ["org_id", "spent_cents", "id"], unique=False
        )

    op.create_table(
        "spend_cards",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("user_uuid", sa.String(length=40), nullable=False),
        sa.Column("budget_uuid", sa.String(length=40), nullable=False),
        sa.Column("pan", sa.String(length=19), nullable=False),
        sa.Column("cvv", sa.String(length=4), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("legacy_id", sa.String(length=40), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_cards")),
    )
    with op.batch_alter_table("spend_cards", schema=None) as batch_op:
        batch_op.create_index("ix_spend_cards_org_budget_uuid", ["org_id", "budget_uuid", "id"], unique=False)
        batch_op.create_index(
            "ix_spend_cards_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index("ix_spend_cards_org_legacy", ["org_id", "legacy_id"], unique=False)
        batch_op.create_index("ix_spend_cards_org_name", ["org_id", "name", "id"], unique=False)
        batch_op.create_index("ix_spend_cards_org_status", ["org_id", "status", "id"], unique=False)

    op.create_table(
        "spend_challenges",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_challenges")),
    )
    with op.batch_alter_table("spend_challenges", schema=None) as batch_op:
        batch_op.create_index("ix_spend_challenges_org_created", ["org_id", "created_time"], unique=False)

    op.create_table(
        "spend_custom_field_values",
        sa.Column("field_uuid", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("legacy_id", sa.String(length=40), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_custom_field_values")),
    )
    with op.batch_alter_table("spend_custom_field_values", schema=None) as batch_op:
        batch_op.create_index(
            "ix_spend_custom_field_values_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index(
            "ix_spend_custom_field_values_org_field_uuid", ["org_id", "field_uuid", "id"], unique=False
        )
        batch_op.create_index(
            "ix_spend_custom_field_values_org_legacy", ["org_id", "legacy_id"], unique=False
        )
        batch_op.create_index(
            "ix_spend_custom_field_values_org_value", ["org_id", "value", "id"], unique=False
        )

    op.create_table(
        "spend_custom_fields",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("legacy_id", sa.String(length=40), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_custom_fields")),
    )
    with op.batch_alter_table("spend_custom_fields", schema=None) as batch_op:
        batch_op.create_index(
            "ix_spend_custom_fields_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index("ix_spend_custom_fields_org_legacy", ["org_id", "legacy_id"], unique=False)
        batch_op.create_index("ix_spend_custom_fields_org_name", ["org_id", "name", "id"], unique=False)

    op.create_table(
        "spend_member_jobs",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("budget_uuid", sa.String(length=40), nullable=False),
        sa.Column("due_time", sa.String(length=29), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_member_jobs")),
    )
    with op.batch_alter_table("spend_member_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_spend_member_jobs_org_due", ["org_id", "due_time"], unique=False)

    op.create_table(
        "spend_reimbursements",
        sa.Column("submitted_time", sa.String(length=29), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("next_step_at", sa.String(length=29), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("legacy_id", sa.String(length=40), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_reimbursements")),
    )
    with op.batch_alter_table("spend_reimbursements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_spend_reimbursements_org_amount_cents", ["org_id", "amount_cents", "id"], unique=False
        )
        batch_op.create_index(
            "ix_spend_reimbursements_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index("ix_spend_reimbursements_org_legacy", ["org_id", "legacy_id"], unique=False)
        batch_op.create_index(
            "ix_spend_reimbursements_org_next_step_at", ["org_id", "next_step_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_spend_reimbursements_org_submitted_time", ["org_id", "submitted_time", "id"], unique=False
        )

    op.create_table(
        "spend_tokens",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.Column("user_uuid", sa.String(length=40), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_spend_tokens")),
    )
    with op.batch_alter_table("spend_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_spend_tokens_org_id"), ["org_id"], unique=False)

    op.create_table(
        "spend_transactions",
        sa.Column("occurred_time", sa.String(length=29), nullable=False),
        sa.Column("authorized_time", sa.String(length=29), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("merchant_name", sa.String(length=255), nullable=False),
        sa.Column("budget_uuid", sa.String(length=40), nullable=False),
        sa.Column("card_uuid", sa.String(length=40), nullable=False),
        sa.Column("sync_status", sa.String(length=20), nullable=False),
        sa.Column("parent_uuid", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("legacy_id", sa.String(length=40), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_transactions")),
    )
    with op.batch_alter_table("spend_transactions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_spend_transactions_org_amount_cents", ["org_id", "amount_cents", "id"], unique=False
        )
        batch_op.create_index(
            "ix_spend_transactions_org_budget_uuid", ["org_id", "budget_uuid", "id"], unique=False
        )
        batch_op.create_index(
            "ix_spend_transactions_org_card_uuid", ["org_id", "card_uuid", "id"], unique=False
        )
        batch_op.create_index(
            "ix_spend_transactions_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index("ix_spend_transactions_org_legacy", ["org_id", "legacy_id"], unique=False)
        batch_op.create_index(
            "ix_spend_transactions_org_merchant_name", ["org_id", "merchant_name", "id"], unique=False
        )
        batch_op.create_index(
            "ix_spend_transactions_org_occurred_time", ["org_id", "occurred_time", "id"], unique=False
        )

    op.create_table(
        "spend_uploads",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("uploaded_time", sa.String(length=29), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_uploads")),
    )
    with op.batch_alter_table("spend_uploads", schema=None) as batch_op:
        batch_op.create_index("ix_spend_uploads_org_created", ["org_id", "created_time"], unique=False)

    op.create_table(
        "spend_users",
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("legacy_id", sa.String(length=40), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_users")),
    )
    with op.batch_alter_table("spend_users", schema=None) as batch_op:
        batch_op.create_index(
            "ix_spend_users_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index("ix_spend_users_org_email", ["org_id", "email", "id"], unique=False)
        batch_op.create_index("ix_spend_users_org_first_name", ["org_id", "first_name", "id"], unique=False)
        batch_op.create_index("ix_spend_users_org_last_name", ["org_id", "last_name", "id"], unique=False)
        batch_op.create_index("ix_spend_users_org_legacy", ["org_id", "legacy_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("spend_users", schema=None) as batch_op:
        batch_op.drop_index("ix_spend_users_org_legacy")
        batch_op.drop_index("ix_spend_users_org_last_name")
        batch_op.drop_index("ix_spend_users_org_first_name")
        batch_op.drop_index("ix_spend_users_org_email")
        batch_op.drop_index("ix_spend_users_org_created_time")

    op.drop_table("spend_users")
    with op.batch_alter_table("spend_uploads", schema=None) as batch_op:
        batch_op.drop_index("ix_spend_uploads_org_created")

    op.drop_table("spend_uploads")
    with op.batch_alter_table("spend_transactions", schema=None) as batch_op:
        batch_op.drop_index("ix_spend_transactions_org_occurred_time")
        batch_op.drop_index("ix_spend_transactions_org_merchant_name")
        batch_op.drop_index("ix_spend_transactions_org_legacy")
        batch_op.drop_index("ix_spend_transactions_org_created_time")
        batch_op.drop_index("ix_spend_transactions_org_card_uuid")
        batch_op.drop_index("ix_spend_transactions_org_budget_uuid")
        batch_op.drop_index("ix_spend_transactions_org_amount_cents")

    op.drop_table("spend_transactions")
    with op.batch_alter_table("spend_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spend_tokens_org_id"))

    op.drop_table("spend_tokens")
    with op.batch_alter_table("spend_reimbursements", schema=None) as batch_op:
        batch_op.drop_index("ix_spend_reimbursements_org_submitted_time")
        batch_op.drop_index("ix_spend_reimbursements_org_next_step_at")
        batch_op.drop_index("ix_spend_reimbursements_org_legacy")
        batch_op.drop_index("ix_spend_reimbursements_org_created_time")
        batch_op.drop_index("ix_spend_reimbursements_org_amount_cents")

    op.drop_table("spend_reimbursements")
    with op.batch_alter_table("spend_member_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_spend_member_jobs_org_due")

    op.drop_table("spend_member_jobs")
    with op.batch_alter_table("spend_custom_fields", schema=None) as batch_op:
        batch_op.drop_index("ix_spend_custom_fields_org_name")
        batch_op.drop_index("ix_spend_custom_fields_org_legacy")
        batch_op.drop_index("ix_spend_custom_fields_org_created_time")

    op.drop_table("spend_custom_fields")
    with op.batch_alter_table("spend_custom_field_values", schema=None) as batch_op:
        batch_op.drop_index("ix_spend_custom_field_values_org_value")
        batch_op.drop_index("ix_spend_custom_field_values_org_legacy")
        batch_op.drop_index("ix_spend_custom_field_values_org_field_uuid")
        batch_op.drop_index("ix_spend_custom_field_values_org_created_time")

    op.drop_table("spend_custom_field_values")
    with op.batch_alter_table("spend_challenges", schema=None) as batch_op:
        batch_op.drop_index("ix_spend_challenges_org_created")

    op.drop_table("spend_challenges")
    with op.batch_alter_table("spend_cards", schema=None) as batch_op:
        batch_op.drop_index("ix_spend_cards_org_status")
        batch_op.drop_index("ix_spend_cards_org_name")
        batch_op.drop_index("ix_spend_cards_org_legacy")
        batch_op.drop_index("ix_spend_cards_org_created_time")
        batch_op.drop_index("ix_spend_cards_org_budget_uuid")

    op.drop_table("spend_cards")
    with op.batch_alter_table("spend_budgets", schema=None) as batch_op:
        batch_op.drop_index("ix_spend_budgets_org_spent_cents")
        batch_op.drop_index("ix_spend_budgets_org_period_end")
        batch_op.drop_index("ix_spend_budgets_org_name")
        batch_op.drop_index("ix_spend_budgets_org_legacy")
        batch_op.drop_index("ix_spend_budgets_org_created_time")

    op.drop_table("spend_budgets")
    with op.batch_alter_table("spend_budget_members", schema=None) as batch_op:
        batch_op.drop_index("ix_spend_budget_members_org_user")
        batch_op.drop_index("ix_spend_budget_members_org_budget_name")

    op.drop_table("spend_budget_members")
