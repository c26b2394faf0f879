"""Contract scenarios: authentication, health, customers."""

from __future__ import annotations

from typing import Any

import httpx

from contract.shapes import scenario

FULL_CUSTOMER: dict[str, Any] = {
    "name": "Paperless Band",
    "email": "contact@paperlessband.org",
    "companyName": "Paperless Band LLC",
    "contact": {"firstName": "Check", "lastName": "Mailworth"},
    "phone": "9998887654",
    "fax": "9998887655",
    "description": "A band that sends no paper",
    "invoiceCurrency": "USD",
    "accountType": "BUSINESS",
    "paymentTermId": "00p02ABCDEFGHIJKabcd",
    "accountNumber": "C-1001",
    "billingAddress": {
        "line1": "987 Side Street",
        "line2": "Suite 1",
        "city": "San Jose",
        "stateOrProvince": "CA",
        "zipOrPostalCode": "95002",
        "country": "US",
    },
    "shippingAddress": {
        "line1": "1 Dock Road",
        "line2": "Bay 4",
        "city": "Oakland",
        "stateOrProvince": "CA",
        "zipOrPostalCode": "94607",
        "country": "US",
    },
}


def make_customer(api: Any) -> dict[str, Any]:
    r = api.post("/v3/customers", json=FULL_CUSTOMER)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


@scenario("POST", "/v3/login")
def login(api: Any) -> httpx.Response:
    return api.client.post("/connect/v3/login", json=api.login_body())


@scenario("POST", "/v3/logout")
def logout(api: Any) -> httpx.Response:
    return api.post("/v3/logout")


@scenario("GET", "/v3/login/session")
def session(api: Any) -> httpx.Response:
    return api.get("/v3/login/session")


@scenario("GET", "/v3/health")
def health(api: Any) -> httpx.Response:
    return api.client.get("/connect/v3/health")


@scenario("GET", "/v3/customers")
def list_customers(api: Any) -> httpx.Response:
    for _ in range(3):
        make_customer(api)
    first = api.get("/v3/customers", params={"max": 1})
    # The second page has both cursors, as BILL's example does.
    return api.get("/v3/customers", params={"max": 1, "page": first.json()["nextPage"]})


@scenario("POST", "/v3/customers")
def create_customer(api: Any) -> httpx.Response:
    return api.post("/v3/customers", json=FULL_CUSTOMER)


@scenario("GET", "/v3/customers/{customerId}")
def get_customer(api: Any) -> httpx.Response:
    return api.get(f"/v3/customers/{make_customer(api)['id']}")


@scenario("PATCH", "/v3/customers/{customerId}")
def update_customer(api: Any) -> httpx.Response:
    return api.patch(f"/v3/customers/{make_customer(api)['id']}", json={"description": "Updated"})


@scenario("POST", "/v3/customers/{customerId}/archive")
def archive_customer(api: Any) -> httpx.Response:
    return api.post(f"/v3/customers/{make_customer(api)['id']}/archive")


@scenario("POST", "/v3/customers/{customerId}/restore")
def restore_customer(api: Any) -> httpx.Response:
    cid = make_customer(api)["id"]
    api.post(f"/v3/customers/{cid}/archive")
    return api.post(f"/v3/customers/{cid}/restore")
