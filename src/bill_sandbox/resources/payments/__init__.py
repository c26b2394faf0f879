"""AP payments (``stp…``): stored documents (``storage``), the payments API (``operations``:
create, bulk, list, get; ``quotes``: options and exchange rates; ``check_images``), the rails and
their steps (``rails``), the engine that takes the steps on the sandbox clock (``lifecycle``),
cancel / void / release / funding failures (``actions``) and vendor autopay (``autopay``).
Offline payments are recorded through ``POST /v3/bills/record-payment``."""
