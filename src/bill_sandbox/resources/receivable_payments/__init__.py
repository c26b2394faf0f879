"""Accounts receivable: receivable_payments (FACTS §5.9-5.13)."""
