"""Reference checks for AP documents (bills, vendor credits, payments), cached per request.

Classification ids (on a document and on its lines) must be active objects of the right kind
in the caller's organization (``classifications.require``: 400 ``BDC_1119`` otherwise); a line's
``customerId`` must be an active customer of the organization.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bill_sandbox.context import RequestContext
from bill_sandbox.errors import RequestError
from bill_sandbox.resources.classifications import service as classifications
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.funding_accounts import stores as funding_stores

KINDS: dict[str, str] = {
    "chartOfAccountId": "chart-of-accounts",
    "accountingClassId": "accounting-classes",
    "departmentId": "departments",
    "employeeId": "employees",
    "jobId": "jobs",
    "locationId": "locations",
    "itemId": "items",
}


class Refs:
    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx
        self._ok: set[tuple[str, str]] = set()

    def classification(self, key: str, value: str) -> None:
        kind = KINDS[key]
        if (kind, value) in self._ok:
            return
        classifications.require(self.ctx, kind, value, key)
        self._ok.add((kind, value))

    def chart_of_account(self, value: str | None, field: str = "chartOfAccountId") -> None:
        if not value or ("chart-of-accounts", value) in self._ok:
            return
        classifications.require(self.ctx, "chart-of-accounts", value, field)
        self._ok.add(("chart-of-accounts", value))

    def customer(self, value: str) -> None:
        if ("customer", value) in self._ok:
            return
        doc = customers.store.find(self.ctx, value)
        if doc is None or doc.get("archived"):
            raise RequestError("BDC_1119", "customerId", value)
        self._ok.add(("customer", value))

    def classifications(self, values: Mapping[str, Any] | None) -> None:
        for key, value in (values or {}).items():
            if not value:
                continue
            if key == "customerId":
                self.customer(value)
            else:
                self.classification(key, value)

    def bank_account(self, value: str | None, field: str) -> None:
        """An organization bank account (``bac…``, funding accounts) that is not archived."""
        if not value or ("bank-account", value) in self._ok:
            return
        doc = funding_stores.bank_store.find(self.ctx, value)
        if doc is None or doc.get("archived"):
            raise RequestError("BDC_1119", field, value)
        self._ok.add(("bank-account", value))
