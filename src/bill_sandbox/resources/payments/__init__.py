"""AP payments (``stp…``). Only storage and the offline payments that ``POST
/v3/bills/record-payment`` records live here so far; the payments API builds on this table."""
