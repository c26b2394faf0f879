"""Accounts receivable: invoices (BILL-RULES §5.9-5.13)."""
