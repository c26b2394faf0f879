"""Accounts receivable: recurring_invoices (FACTS §5.9-5.13)."""
