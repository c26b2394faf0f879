"""mfa, funding accounts: MFA phones, tokens and remembered devices; org bank accounts and
their users, card accounts and their users, AP cards, last card funding purposes

Revision ID: 0004
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ap_cards",
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ap_cards")),
    )

    with op.batch_alter_table("ap_cards", schema=None) as batch_op:
        batch_op.create_index("ix_ap_cards_org_created_time", ["org_id", "created_time", "id"], unique=False)
        batch_op.create_index("ix_ap_cards_org_updated_time", ["org_id", "updated_time", "id"], unique=False)

    op.create_table(
        "bank_account_users",
        sa.Column("bank_account_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=20), nullable=False),
        sa.Column("verification_status", sa.String(length=20), nullable=False),
        sa.Column("verify_time", sa.String(length=29), nullable=True),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_account_users")),
    )

    with op.batch_alter_table("bank_account_users", schema=None) as batch_op:
        batch_op.create_index(
            "ix_bank_account_users_org_bank_account_id", ["org_id", "bank_account_id", "id"], unique=False
        )
        batch_op.create_index(
            "ix_bank_account_users_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index(
            "ix_bank_account_users_org_updated_time", ["org_id", "updated_time", "id"], unique=False
        )
        batch_op.create_index("ix_bank_account_users_org_user_id", ["org_id", "user_id", "id"], unique=False)
        batch_op.create_index(
            "ix_bank_account_users_org_verification_status",
            ["org_id", "verification_status", "id"],
            unique=False,
        )
        batch_op.create_index("ix_bank_account_users_verify_time", ["verify_time"], unique=False)

    op.create_table(
        "bank_accounts",
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("owner_type", sa.String(length=20), nullable=False),
        sa.Column("access_to_admins", sa.Boolean(), nullable=False),
        sa.Column("default_payables", sa.Boolean(), nullable=False),
        sa.Column("default_receivables", sa.Boolean(), nullable=False),
        sa.Column("expires_time", sa.String(length=29), nullable=True),
        sa.Column("verify_failures", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_accounts")),
    )

    with op.batch_alter_table("bank_accounts", schema=None) as batch_op:
        batch_op.create_index("ix_bank_accounts_expires_time", ["expires_time"], unique=False)
        batch_op.create_index(
            "ix_bank_accounts_org_access_to_admins", ["org_id", "access_to_admins", "id"], unique=False
        )
        batch_op.create_index(
            "ix_bank_accounts_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index("ix_bank_accounts_org_owner_type", ["org_id", "owner_type", "id"], unique=False)
        batch_op.create_index("ix_bank_accounts_org_status", ["org_id", "status", "id"], unique=False)
        batch_op.create_index("ix_bank_accounts_org_type", ["org_id", "type", "id"], unique=False)
        batch_op.create_index(
            "ix_bank_accounts_org_updated_time", ["org_id", "updated_time", "id"], unique=False
        )

    op.create_table(
        "card_account_users",
        sa.Column("card_account_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=20), nullable=False),
        sa.Column("verification_status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_account_users")),
    )

    with op.batch_alter_table("card_account_users", schema=None) as batch_op:
        batch_op.create_index(
            "ix_card_account_users_org_card_account_id", ["org_id", "card_account_id", "id"], unique=False
        )
        batch_op.create_index(
            "ix_card_account_users_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index(
            "ix_card_account_users_org_updated_time", ["org_id", "updated_time", "id"], unique=False
        )
        batch_op.create_index("ix_card_account_users_org_user_id", ["org_id", "user_id", "id"], unique=False)
        batch_op.create_index(
            "ix_card_account_users_org_verification_status",
            ["org_id", "verification_status", "id"],
            unique=False,
        )

    op.create_table(
        "card_accounts",
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_accounts")),
    )

    with op.batch_alter_table("card_accounts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_card_accounts_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index(
            "ix_card_accounts_org_updated_time", ["org_id", "updated_time", "id"], unique=False
        )

    op.create_table(
        "card_funding_purposes",
        sa.Column("vendor_id", sa.String(length=20), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=100), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.PrimaryKeyConstraint("vendor_id", "org_id", name=op.f("pk_card_funding_purposes")),
    )

    op.create_table(
        "mfa_devices",
        sa.Column("id", sa.String(length=60), nullable=False),
        sa.Column("organization_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=20), nullable=False),
        sa.Column("device", sa.String(length=255), nullable=True),
        sa.Column("machine_name", sa.String(length=255), nullable=True),
        sa.Column("expires_time", sa.String(length=29), nullable=True),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mfa_devices")),
    )

    op.create_table(
        "mfa_phones",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=20), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("primary", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mfa_phones")),
    )

    with op.batch_alter_table("mfa_phones", schema=None) as batch_op:
        batch_op.create_index("ix_mfa_phones_user", ["user_id", "organization_id"], unique=False)

    op.create_table(
        "mfa_tokens",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("organization_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=20), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("primary", sa.Boolean(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_mfa_tokens")),
    )

    with op.batch_alter_table("mfa_tokens", schema=None) as batch_op:
        batch_op.create_index("ix_mfa_tokens_org", ["organization_id", "seq"], unique=False)
        batch_op.create_index("ix_mfa_tokens_token_id", ["token_id"], unique=True)
        batch_op.create_index("ix_mfa_tokens_user", ["user_id", "seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mfa_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_mfa_tokens_user")
        batch_op.drop_index("ix_mfa_tokens_token_id")
        batch_op.drop_index("ix_mfa_tokens_org")

    op.drop_table("mfa_tokens")
    with op.batch_alter_table("mfa_phones", schema=None) as batch_op:
        batch_op.drop_index("ix_mfa_phones_user")

    op.drop_table("mfa_phones")
    op.drop_table("mfa_devices")
    op.drop_table("card_funding_purposes")
    with op.batch_alter_table("card_accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_card_accounts_org_updated_time")
        batch_op.drop_index("ix_card_accounts_org_created_time")

    op.drop_table("card_accounts")
    with op.batch_alter_table("card_account_users", schema=None) as batch_op:
        batch_op.drop_index("ix_card_account_users_org_verification_status")
        batch_op.drop_index("ix_card_account_users_org_user_id")
        batch_op.drop_index("ix_card_account_users_org_updated_time")
        batch_op.drop_index("ix_card_account_users_org_created_time")
        batch_op.drop_index("ix_card_account_users_org_card_account_id")

    op.drop_table("card_account_users")
    with op.batch_alter_table("bank_accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_bank_accounts_org_updated_time")
        batch_op.drop_index("ix_bank_accounts_org_type")
        batch_op.drop_index("ix_bank_accounts_org_status")
        batch_op.drop_index("ix_bank_accounts_org_owner_type")
        batch_op.drop_index("ix_bank_accounts_org_created_time")
        batch_op.drop_index("ix_bank_accounts_org_access_to_admins")
        batch_op.drop_index("ix_bank_accounts_expires_time")

    op.drop_table("bank_accounts")
    with op.batch_alter_table("bank_account_users", schema=None) as batch_op:
        batch_op.drop_index("ix_bank_account_users_verify_time")
        batch_op.drop_index("ix_bank_account_users_org_verification_status")
        batch_op.drop_index("ix_bank_account_users_org_user_id")
        batch_op.drop_index("ix_bank_account_users_org_updated_time")
        batch_op.drop_index("ix_bank_account_users_org_created_time")
        batch_op.drop_index("ix_bank_account_users_org_bank_account_id")

    op.drop_table("bank_account_users")
    with op.batch_alter_table("ap_cards", schema=None) as batch_op:
        batch_op.drop_index("ix_ap_cards_org_updated_time")
        batch_op.drop_index("ix_ap_cards_org_created_time")

    op.drop_table("ap_cards")
