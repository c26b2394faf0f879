"""Organizations (BILL-RULES §5.16, §5.16b): get, update, industries, billing statements (list,
get), price plan. ADMINISTRATOR-only where BILL says so."""
