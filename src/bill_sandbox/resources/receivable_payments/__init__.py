"""Accounts receivable: receivable_payments (BILL-RULES §5.9-5.13)."""
