"""Reports: the vendor audit trail (BILL-RULES §5.16b), built from the event outbox."""
