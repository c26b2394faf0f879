"""Accounts receivable: customer_bank_accounts (BILL-RULES §5.9-5.13)."""
