"""BILL Spend & Expense (``/v3/spend/...``): apiToken auth, its own list dialect, id or uuid."""
