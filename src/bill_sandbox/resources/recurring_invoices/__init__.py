"""Accounts receivable: recurring_invoices (BILL-RULES §5.9-5.13)."""
