"""AP payments (``stp…``): the payments API (create, bulk, list, get, cancel, void, options,
check image, exchange rate), offline payments recorded through ``POST /v3/bills/record-payment``,
and the payment lifecycle on the sandbox clock."""
