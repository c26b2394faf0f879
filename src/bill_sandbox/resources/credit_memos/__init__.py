"""Accounts receivable: credit_memos (FACTS §5.9-5.13)."""
