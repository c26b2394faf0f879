"""Accounts receivable: credit_memos (BILL-RULES §5.9-5.13)."""
