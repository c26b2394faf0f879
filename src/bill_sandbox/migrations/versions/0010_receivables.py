"""accounts receivable: invoices, receivable payments, credit memos, customer bank accounts,
recurring invoices, invoice emails and payment links

Revision ID: 0010
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "credit_memos",
        sa.Column("customer_id", sa.String(length=40), nullable=False),
        sa.Column("reference_number", sa.String(length=100), nullable=False),
        sa.Column("credit_date", sa.String(length=10), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("applied_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_memos")),
    )
    with op.batch_alter_table("credit_memos", schema=None) as batch_op:
        batch_op.create_index(
            "ix_credit_memos_org_amount_cents", ["org_id", "amount_cents", "id"], unique=False
        )
        batch_op.create_index(
            "ix_credit_memos_org_applied_cents", ["org_id", "applied_cents", "id"], unique=False
        )
        batch_op.create_index(
            "ix_credit_memos_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index(
            "ix_credit_memos_org_credit_date", ["org_id", "credit_date", "id"], unique=False
        )
        batch_op.create_index(
            "ix_credit_memos_org_customer_id", ["org_id", "customer_id", "id"], unique=False
        )
        batch_op.create_index("ix_credit_memos_org_status", ["org_id", "status", "id"], unique=False)
        batch_op.create_index(
            "ix_credit_memos_org_updated_time", ["org_id", "updated_time", "id"], unique=False
        )

    op.create_table(
        "customer_bank_accounts",
        sa.Column("customer_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("verify_on", sa.String(length=10), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_bank_accounts")),
    )
    with op.batch_alter_table("customer_bank_accounts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customer_bank_accounts_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index(
            "ix_customer_bank_accounts_org_customer_id", ["org_id", "customer_id", "id"], unique=False
        )
        batch_op.create_index(
            "ix_customer_bank_accounts_org_status", ["org_id", "status", "id"], unique=False
        )
        batch_op.create_index(
            "ix_customer_bank_accounts_org_updated_time", ["org_id", "updated_time", "id"], unique=False
        )
        batch_op.create_index(
            "ix_customer_bank_accounts_org_verify_on", ["org_id", "verify_on", "id"], unique=False
        )

    op.create_table(
        "invoice_emails",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("invoice_id", sa.String(length=40), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_emails")),
    )
    with op.batch_alter_table("invoice_emails", schema=None) as batch_op:
        batch_op.create_index(
            "ix_invoice_emails_org_created_time", ["org_id", "created_time", "id"], unique=False
        )

    op.create_table(
        "invoice_numbers",
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_invoice_numbers")),
    )
    op.create_table(
        "invoice_payment_links",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("invoice_id", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("return_url", sa.String(length=2000), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_invoice_payment_links")),
    )
    op.create_table(
        "invoices",
        sa.Column("customer_id", sa.String(length=40), nullable=False),
        sa.Column("invoice_number", sa.String(length=100), nullable=False),
        sa.Column("invoice_date", sa.String(length=10), nullable=False),
        sa.Column("due_date", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("due_cents", sa.BigInteger(), nullable=False),
        sa.Column("pay_to_coa_id", sa.String(length=40), nullable=False),
        sa.Column("class_id", sa.String(length=40), nullable=False),
        sa.Column("department_id", sa.String(length=40), nullable=False),
        sa.Column("location_id", sa.String(length=40), nullable=False),
        sa.Column("item_id", sa.String(length=40), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index("ix_invoices_org_class_id", ["org_id", "class_id", "id"], unique=False)
        batch_op.create_index("ix_invoices_org_created_time", ["org_id", "created_time", "id"], unique=False)
        batch_op.create_index(
            "ix_invoices_org_customer_created_time",
            ["org_id", "customer_id", "created_time", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_invoices_org_department_id", ["org_id", "department_id", "id"], unique=False
        )
        batch_op.create_index("ix_invoices_org_due_date", ["org_id", "due_date", "id"], unique=False)
        batch_op.create_index("ix_invoices_org_invoice_date", ["org_id", "invoice_date", "id"], unique=False)
        batch_op.create_index(
            "ix_invoices_org_invoice_number", ["org_id", "invoice_number", "id"], unique=False
        )
        batch_op.create_index("ix_invoices_org_item_id", ["org_id", "item_id", "id"], unique=False)
        batch_op.create_index("ix_invoices_org_location_id", ["org_id", "location_id", "id"], unique=False)
        batch_op.create_index(
            "ix_invoices_org_pay_to_coa_id", ["org_id", "pay_to_coa_id", "id"], unique=False
        )
        batch_op.create_index("ix_invoices_org_status", ["org_id", "status", "id"], unique=False)
        batch_op.create_index("ix_invoices_org_total_cents", ["org_id", "total_cents", "id"], unique=False)
        batch_op.create_index("ix_invoices_org_updated_time", ["org_id", "updated_time", "id"], unique=False)

    op.create_table(
        "receivable_payments",
        sa.Column("customer_id", sa.String(length=40), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("payment_date", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("next_transition_at", sa.String(length=29), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receivable_payments")),
    )
    with op.batch_alter_table("receivable_payments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_receivable_payments_org_amount_cents", ["org_id", "amount_cents", "id"], unique=False
        )
        batch_op.create_index(
            "ix_receivable_payments_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index(
            "ix_receivable_payments_org_customer_id", ["org_id", "customer_id", "id"], unique=False
        )
        batch_op.create_index(
            "ix_receivable_payments_org_next_transition_at", ["org_id", "next_transition_at"], unique=False
        )
        batch_op.create_index(
            "ix_receivable_payments_org_payment_date", ["org_id", "payment_date", "id"], unique=False
        )
        batch_op.create_index("ix_receivable_payments_org_status", ["org_id", "status", "id"], unique=False)
        batch_op.create_index(
            "ix_receivable_payments_org_updated_time", ["org_id", "updated_time", "id"], unique=False
        )

    op.create_table(
        "recurring_invoices",
        sa.Column("customer_id", sa.String(length=40), nullable=False),
        sa.Column("anchor_date", sa.String(length=10), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("generate_on", sa.String(length=10), nullable=False),
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_time", sa.String(length=29), nullable=False),
        sa.Column("updated_time", sa.String(length=29), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("org_id", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_invoices")),
    )
    with op.batch_alter_table("recurring_invoices", schema=None) as batch_op:
        batch_op.create_index(
            "ix_recurring_invoices_org_created_time", ["org_id", "created_time", "id"], unique=False
        )
        batch_op.create_index(
            "ix_recurring_invoices_org_customer_id", ["org_id", "customer_id", "id"], unique=False
        )
        batch_op.create_index(
            "ix_recurring_invoices_org_generate_on", ["org_id", "generate_on"], unique=False
        )
        batch_op.create_index(
            "ix_recurring_invoices_org_updated_time", ["org_id", "updated_time", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("recurring_invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_recurring_invoices_org_updated_time")
        batch_op.drop_index("ix_recurring_invoices_org_generate_on")
        batch_op.drop_index("ix_recurring_invoices_org_customer_id")
        batch_op.drop_index("ix_recurring_invoices_org_created_time")

    op.drop_table("recurring_invoices")
    with op.batch_alter_table("receivable_payments", schema=None) as batch_op:
        batch_op.drop_index("ix_receivable_payments_org_updated_time")
        batch_op.drop_index("ix_receivable_payments_org_status")
        batch_op.drop_index("ix_receivable_payments_org_payment_date")
        batch_op.drop_index("ix_receivable_payments_org_next_transition_at")
        batch_op.drop_index("ix_receivable_payments_org_customer_id")
        batch_op.drop_index("ix_receivable_payments_org_created_time")
        batch_op.drop_index("ix_receivable_payments_org_amount_cents")

    op.drop_table("receivable_payments")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_org_updated_time")
        batch_op.drop_index("ix_invoices_org_total_cents")
        batch_op.drop_index("ix_invoices_org_status")
        batch_op.drop_index("ix_invoices_org_pay_to_coa_id")
        batch_op.drop_index("ix_invoices_org_location_id")
        batch_op.drop_index("ix_invoices_org_item_id")
        batch_op.drop_index("ix_invoices_org_invoice_number")
        batch_op.drop_index("ix_invoices_org_invoice_date")
        batch_op.drop_index("ix_invoices_org_due_date")
        batch_op.drop_index("ix_invoices_org_department_id")
        batch_op.drop_index("ix_invoices_org_customer_created_time")
        batch_op.drop_index("ix_invoices_org_created_time")
        batch_op.drop_index("ix_invoices_org_class_id")

    op.drop_table("invoices")
    op.drop_table("invoice_payment_links")
    op.drop_table("invoice_numbers")
    with op.batch_alter_table("invoice_emails", schema=None) as batch_op:
        batch_op.drop_index("ix_invoice_emails_org_created_time")

    op.drop_table("invoice_emails")
    with op.batch_alter_table("customer_bank_accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_customer_bank_accounts_org_verify_on")
        batch_op.drop_index("ix_customer_bank_accounts_org_updated_time")
        batch_op.drop_index("ix_customer_bank_accounts_org_status")
        batch_op.drop_index("ix_customer_bank_accounts_org_customer_id")
        batch_op.drop_index("ix_customer_bank_accounts_org_created_time")

    op.drop_table("customer_bank_accounts")
    with op.batch_alter_table("credit_memos", schema=None) as batch_op:
        batch_op.drop_index("ix_credit_memos_org_updated_time")
        batch_op.drop_index("ix_credit_memos_org_status")
        batch_op.drop_index("ix_credit_memos_org_customer_id")
        batch_op.drop_index("ix_credit_memos_org_credit_date")
        batch_op.drop_index("ix_credit_memos_org_created_time")
        batch_op.drop_index("ix_credit_memos_org_applied_cents")
        batch_op.drop_index("ix_credit_memos_org_amount_cents")

    op.drop_table("credit_memos")
