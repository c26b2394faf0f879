"""Reports: the vendor audit trail (FACTS §5.16b), built from the event outbox."""
