"""Customers: all six operations, their errors and tenancy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from contract.scenarios_foundation import FULL_CUSTOMER, make_customer
from support.api import Api, assert_error


def test_create_stores_every_field_and_derives_the_rest(api: Api) -> None:
    r = api.post("/v3/customers", json=FULL_CUSTOMER)
    assert r.status_code == 201
    c = r.json()
    assert c["id"].startswith("0cu") and len(c["id"]) == 20
    assert c["archived"] is False and c["balance"] == {"amount": 0}
    assert c["billingAddress"]["countryName"] == "United States"
    assert c["createdTime"] == c["updatedTime"] and c["createdTime"].endswith("+00:00")
    for key, value in FULL_CUSTOMER.items():
        if key not in ("billingAddress", "shippingAddress"):
            assert c[key] == value, key
    assert api.get(f"/v3/customers/{c['id']}").json() == c


def test_minimal_customer_gets_defaults_and_omits_empty_fields(api: Api) -> None:
    c = api.post("/v3/customers", json={"name": "Solo", "email": "solo@example.com"}).json()
    assert c["accountType"] == "NONE" and c["invoiceCurrency"] == "USD"
    assert "companyName" not in c and "billingAddress" not in c
    assert None not in c.values()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"email": "a@b.co"}, "name: must not be blank"),
        ({"name": "x"}, "email: must not be blank"),
        ({"name": "  ", "email": "a@b.co"}, "name: must not be blank"),
        ({"name": "x", "email": "not-an-email"}, "email: must be a well-formed email address"),
        ({"name": "x", "email": "a@b.co", "invoiceCurrency": "XYZ"}, "invoiceCurrency: must be an ISO 4217"),
        (
            {"name": "x", "email": "a@b.co", "billingAddress": {"country": "ZZ"}},
            "billingAddress.country: must be an ISO 3166-1",
        ),
        ({"name": "x" * 300, "email": "a@b.co"}, "name: size must be between 0 and 255"),
    ],
)
def test_create_validation(api: Api, body: dict[str, Any], message: str) -> None:
    assert_error(api.post("/v3/customers", json=body), 400, None, message)


def test_unknown_enum_and_unknown_field(api: Api) -> None:
    assert_error(
        api.post("/v3/customers", json={"name": "x", "email": "a@b.co", "accountType": "ALIEN"}),
        400,
        "BDC_1129",
        "accountType",
    )
    assert_error(
        api.post("/v3/customers", json={"name": "x", "email": "a@b.co", "colour": "red"}),
        400,
        "BDC_1002",
        "colour",
    )


def test_wrong_types_and_bad_json(api: Api) -> None:
    assert_error(api.post("/v3/customers", json={"name": "x", "email": "a@b.co", "contact": "Bob"}), 400)
    assert_error(
        api.post("/v3/customers", content=b'{"name": "x",', headers={"Content-Type": "application/json"}),
        400,
        "BDC_1122",
    )
    assert_error(api.post("/v3/customers", json=[1, 2]), 400, "BDC_1122")


def test_get_unknown_id(api: Api) -> None:
    assert_error(api.get("/v3/customers/0cu02AAAAAAAAAAAaaaa"), 404, "BDC_1205")


def test_update_merges_and_validates(api: Api) -> None:
    c = make_customer(api)
    r = api.patch(
        f"/v3/customers/{c['id']}", json={"billingAddress": {"city": "Oakland"}, "description": "changed"}
    )
    assert r.status_code == 200
    u = r.json()
    assert u["billingAddress"]["city"] == "Oakland" and u["billingAddress"]["line1"] == "987 Side Street"
    assert u["description"] == "changed" and u["updatedTime"] >= c["updatedTime"]
    assert u["createdTime"] == c["createdTime"]
    assert api.get(f"/v3/customers/{c['id']}").json() == u
    assert_error(
        api.patch(f"/v3/customers/{c['id']}", json={"email": ""}), 400, None, "email: must not be blank"
    )
    assert_error(api.patch(f"/v3/customers/{c['id']}", json={"accountType": "X"}), 400, "BDC_1129")
    assert_error(api.patch("/v3/customers/0cu02AAAAAAAAAAAaaaa", json={"fax": "1"}), 404, "BDC_1205")


def test_update_null_clears_an_optional_field(api: Api) -> None:
    c = make_customer(api)
    u = api.patch(f"/v3/customers/{c['id']}", json={"fax": None}).json()
    assert "fax" not in u


def test_archive_and_restore_are_idempotent(api: Api) -> None:
    cid = make_customer(api)["id"]
    for _ in range(2):
        r = api.post(f"/v3/customers/{cid}/archive")
        assert r.status_code == 200 and r.json()["archived"] is True
    assert api.get(f"/v3/customers/{cid}").json()["archived"] is True  # still readable
    for _ in range(2):
        r = api.post(f"/v3/customers/{cid}/restore")
        assert r.status_code == 200 and r.json()["archived"] is False
    assert_error(api.post("/v3/customers/0cu02AAAAAAAAAAAaaaa/archive"), 404, "BDC_1205")


def test_tenancy(api: Api, new_api: Callable[[], Api]) -> None:
    mine = make_customer(api)
    other = new_api()
    theirs = make_customer(other)
    cid = mine["id"]
    assert_error(other.get(f"/v3/customers/{cid}"), 404, "BDC_1205")
    assert_error(other.patch(f"/v3/customers/{cid}", json={"name": "stolen"}), 404, "BDC_1205")
    assert_error(other.post(f"/v3/customers/{cid}/archive"), 404, "BDC_1205")
    assert [c["id"] for c in other.get("/v3/customers").json()["results"]] == [theirs["id"]]
    assert other.get("/v3/customers", params={"filters": f"id:eq:{cid}"}).json()["results"] == []
    assert api.get(f"/v3/customers/{cid}").json() == mine
