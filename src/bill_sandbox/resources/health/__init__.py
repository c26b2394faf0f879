"""Check app health (no authentication)."""
