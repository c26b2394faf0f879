"""The BILL network (BILL-RULES §5.15, §5.15b, §7.2, §7.3): search, vendor and customer connection
requests (send, status, delete, email), accept — between real local organizations, plus a
seeded directory of auto-connect, manual-accept and RPPS billers."""
