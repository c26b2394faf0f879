"""Accounts receivable: invoices (FACTS §5.9-5.13)."""
