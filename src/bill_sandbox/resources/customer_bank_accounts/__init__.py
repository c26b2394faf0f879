"""Accounts receivable: customer_bank_accounts (FACTS §5.9-5.13)."""
