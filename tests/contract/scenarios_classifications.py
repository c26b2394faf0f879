"""Contract scenarios for the 70 classification operations, generated from the declarations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from bill_sandbox.resources.classifications.kinds import KINDS, Kind
from contract.shapes import scenario


def seeded_account(api: Any, account_type: str) -> str:
    """The id of the new organization's seeded chart-of-accounts entry of that type."""
    r = api.get(
        "/v3/classifications/chart-of-accounts", params={"filters": f"account.type:eq:{account_type}"}
    )
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert results, f"no seeded {account_type} account"
    out: str = results[0]["id"]
    return out


def full_body(api: Any, kind: Kind, parent_id: str | None = None) -> dict[str, Any]:
    """Every writable field of the kind (``parentId`` when a parent is given)."""
    body: dict[str, Any]
    if kind.segment == "chart-of-accounts":
        body = {
            "name": "Prepaid Expenses",
            "description": "Prepaid expenses for the upcoming quarter",
            "account": {"type": "EXPENSE", "number": "1-020"},
        }
    elif kind.segment == "employees":
        body = {"firstName": "James", "lastName": "Milner", "shortName": "JMIL"}
    elif kind.segment == "items":
        body = {
            "type": "SERVICE",
            "name": "Consulting hour",
            "shortName": "CONS",
            "description": "One hour of consulting",
            "price": 150.5,
            "expenseChartOfAccountId": seeded_account(api, "EXPENSE"),
            "purchaseDescription": "Subcontracted consulting",
            "purchaseCost": 90.25,
            "chartOfAccountId": seeded_account(api, "INCOME"),
            "taxable": True,
            "percentage": 8.875,
        }
    else:
        body = {"name": f"New {kind.segment}", "shortName": "NEW", "description": f"A {kind.segment} entry"}
    if parent_id:
        body["parentId"] = parent_id
    return body


def small_patch(kind: Kind) -> dict[str, Any]:
    """A one-field PATCH every object of the kind accepts."""
    return {"description": "Updated"} if kind.segment == "chart-of-accounts" else {"shortName": "UPD"}


def make(api: Any, kind: Kind, body: dict[str, Any] | None = None) -> dict[str, Any]:
    r = api.post(kind.path, json=body if body is not None else full_body(api, kind))
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def make_full(api: Any, kind: Kind) -> dict[str, Any]:
    """An object with every field set, its parent included."""
    parent = make(api, kind)
    return make(api, kind, full_body(api, kind, parent["id"]))


def _register(kind: Kind) -> None:
    base = kind.path

    def one(method: str, path: str) -> Callable[[Callable[[Any], httpx.Response]], Any]:
        return scenario(method, base + path)

    @one("GET", "")
    def list_objects(api: Any) -> httpx.Response:
        parent = make(api, kind)
        for _ in range(3):
            make(api, kind, full_body(api, kind, parent["id"]))
        params = {"max": 1, "filters": f"parentId:eq:{parent['id']}"}
        first = api.get(base, params=params)
        # The second page has both cursors, as BILL's example does.
        return api.get(base, params={**params, "page": first.json()["nextPage"]})

    @one("POST", "")
    def create(api: Any) -> httpx.Response:
        parent = make(api, kind)
        return api.post(base, json=full_body(api, kind, parent["id"]))

    @one("POST", "/bulk")
    def bulk_create(api: Any) -> httpx.Response:
        parent = make(api, kind)
        body = [full_body(api, kind, parent["id"]), full_body(api, kind, parent["id"])]
        return api.post(base + "/bulk", json=body)

    @one("PATCH", "/bulk")
    def bulk_update(api: Any) -> httpx.Response:
        ids = [make_full(api, kind)["id"] for _ in range(2)]
        return api.patch(base + "/bulk", json=[{"id": i, **small_patch(kind)} for i in ids])

    @one("POST", "/bulk/archive")
    def bulk_archive(api: Any) -> httpx.Response:
        ids = ",".join(make_full(api, kind)["id"] for _ in range(2))
        return api.post(base + "/bulk/archive", params={"ids": ids})

    @one("POST", "/bulk/restore")
    def bulk_restore(api: Any) -> httpx.Response:
        ids = ",".join(make_full(api, kind)["id"] for _ in range(2))
        api.post(base + "/bulk/archive", params={"ids": ids})
        return api.post(base + "/bulk/restore", params={"ids": ids})

    @one("GET", "/{id}")
    def get(api: Any) -> httpx.Response:
        return api.get(f"{base}/{make_full(api, kind)['id']}")

    @one("PATCH", "/{id}")
    def update(api: Any) -> httpx.Response:
        return api.patch(f"{base}/{make_full(api, kind)['id']}", json=small_patch(kind))

    @one("POST", "/{id}/archive")
    def archive(api: Any) -> httpx.Response:
        return api.post(f"{base}/{make_full(api, kind)['id']}/archive")

    @one("POST", "/{id}/restore")
    def restore(api: Any) -> httpx.Response:
        id_ = make_full(api, kind)["id"]
        api.post(f"{base}/{id_}/archive")
        return api.post(f"{base}/{id_}/restore")


for _kind in KINDS:
    _register(_kind)
