"""Registry of contract scenarios: one per served operation.

A scenario performs the operation with every writable field set (so that, like live BILL,
every field of BILL's example response can be present) and returns the response. Register
with ``@scenario("POST", "/v3/customers")`` in a module named ``scenarios_<resource>.py`` in
this folder; ``test_response_shapes.py`` imports them all, checks that every operation the app
serves has one, and compares each response's field names with BILL's example.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

Scenario = Callable[[Any], httpx.Response]

SCENARIOS: dict[tuple[str, str], Scenario] = {}

# Fields we send that BILL's example for that operation does not show, with the reason.
ALLOWED_EXTRA: dict[tuple[str, str], set[str]] = {}

# Fields BILL's changelog added after the collection's examples were captured (BILL-RULES §1.7,
# §5.8; changelog 2025-12-05, 2026-03): allowed wherever the documented object appears.
CHANGELOG_FIELDS: set[str] = {"recordStatus", "createdBy", "paymentNetworkId", "scanStatus", "numOfPages"}

# Operations BILL documents (developer.bill.com) but its collection lacks, so there is no example
# to compare with; their API tests check them (BILL-RULES §5.6: mass payments).
DOCS_ONLY: set[tuple[str, str, str]] = {
    ("connect", "POST", "/v3/payments/mass"),
    ("connect", "GET", "/v3/payments/mass/{paymentBatchId}"),
}

# Fields of BILL's example we do not produce, with the reason (keep this small).
ALLOWED_MISSING: dict[tuple[str, str], set[str]] = {}


def scenario(
    method: str, path: str, extra: set[str] | None = None, missing: set[str] | None = None
) -> Callable[[Scenario], Scenario]:
    key = (method.upper(), path)

    def register(fn: Scenario) -> Scenario:
        assert key not in SCENARIOS, f"two scenarios for {key}"
        SCENARIOS[key] = fn
        if extra:
            ALLOWED_EXTRA[key] = extra
        if missing:
            ALLOWED_MISSING[key] = missing
        return fn

    return register
