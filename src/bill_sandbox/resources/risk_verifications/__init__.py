"""Risk verification (BILL-RULES §5.16b, §7.2): phone (get/set), start, status, on the scheduler."""
