"""Contract scenarios: organizations, users, roles, risk verification, partner operations."""

from __future__ import annotations

from typing import Any

import httpx

from contract.shapes import scenario
from support.orgs import Partner, new_user, role_id

ADDRESS = {
    "line1": "987 Home St",
    "line2": "Suite 2",
    "city": "San Jose",
    "stateOrProvince": "CA",
    "zipOrPostalCode": "95002",
    "country": "US",
}
FULL_ORG: dict[str, Any] = {
    "name": "Rice Cakes Inc",
    "address": ADDRESS,
    "mailingAddress": {**ADDRESS, "line1": "PO Box 12"},
    "phone": "4085550101",
    "companyOwner": {"name": "Noodle Soupsmith", "dateOfBirth": "1985-01-01"},
    "taxId": "999888777",
    "taxIdType": "EIN",
    "industry": "Restaurant Caterer or Bar",
    "businessCategory": "LLC",
    "accountType": "BUSINESS",
    "processingOptions": {
        "mailingAddressSameAsPhysical": False,
        "individualTransferOut": True,
        "individualTransferIn": False,
    },
}
# Only organizations a partner created have a partner name.
NO_PARTNER = {"partnerName"}


def second_page(api: Any, path: str, **kwargs: Any) -> httpx.Response:
    """Page 2 of 1-item pages: both cursors are there, as in BILL's example."""
    first = api.get(path, params={"max": 1})
    assert first.status_code == 200, first.text
    return api.get(path, params={"max": 1, "page": first.json()["nextPage"]}, **kwargs)


# ---------------------------------------------------------------------------- organizations
@scenario("GET", "/v3/organizations/industries")
def industries(api: Any) -> httpx.Response:
    return api.get("/v3/organizations/industries")


@scenario("PATCH", "/v3/organizations/{organizationId}", missing=NO_PARTNER)
def update_organization(api: Any) -> httpx.Response:
    return api.patch(f"/v3/organizations/{api.org_id}", json=FULL_ORG)


@scenario("GET", "/v3/organizations/{organizationId}", missing=NO_PARTNER)
def get_organization(api: Any) -> httpx.Response:
    update_organization(api)
    return api.get(f"/v3/organizations/{api.org_id}")


@scenario("GET", "/v3/organizations/{organizationId}/billing-statements")
def list_billing_statements(api: Any) -> httpx.Response:
    api.advance(days=100)
    api.login()  # the session expired while the clock moved
    return second_page(api, f"/v3/organizations/{api.org_id}/billing-statements")


@scenario("GET", "/v3/organizations/{organizationId}/billing-statements/{billingStatementId}")
def get_billing_statement(api: Any) -> httpx.Response:
    api.advance(days=70)
    api.login()
    first = api.get(f"/v3/organizations/{api.org_id}/billing-statements").json()["results"][0]
    return api.get(f"/v3/organizations/{api.org_id}/billing-statements/{first['id']}")


@scenario("GET", "/v3/organizations/{organizationId}/price-plan")
def price_plan(api: Any) -> httpx.Response:
    return api.get(f"/v3/organizations/{api.org_id}/price-plan")


# ------------------------------------------------------------------------------ users, roles
@scenario("GET", "/v3/users")
def list_users(api: Any) -> httpx.Response:
    new_user(api)
    new_user(api)
    return second_page(api, "/v3/users")


@scenario("POST", "/v3/users")
def create_user(api: Any) -> httpx.Response:
    return api.post(
        "/v3/users",
        json={
            "firstName": "Clark",
            "lastName": "Billenterson",
            "email": "info@happymusicsupplies.org",
            "roleId": role_id(api, "ACCOUNTANT"),
            "acceptTermsOfService": True,
        },
    )


@scenario("GET", "/v3/users/{userId}")
def get_user(api: Any) -> httpx.Response:
    return api.get(f"/v3/users/{new_user(api)['id']}")


@scenario("PATCH", "/v3/users/{userId}")
def update_user(api: Any) -> httpx.Response:
    user = new_user(api)
    return api.patch(
        f"/v3/users/{user['id']}", json={"lastName": "Soupsmithson", "roleId": role_id(api, "PAYER")}
    )


@scenario("POST", "/v3/users/{userId}/archive")
def archive_user(api: Any) -> httpx.Response:
    return api.post(f"/v3/users/{new_user(api)['id']}/archive")


@scenario("POST", "/v3/users/{userId}/restore")
def restore_user(api: Any) -> httpx.Response:
    user = new_user(api)
    api.post(f"/v3/users/{user['id']}/archive")
    return api.post(f"/v3/users/{user['id']}/restore")


@scenario("GET", "/v3/roles")
def list_roles(api: Any) -> httpx.Response:
    return second_page(api, "/v3/roles")


@scenario("GET", "/v3/roles/{roleId}")
def get_role(api: Any) -> httpx.Response:
    return api.get(f"/v3/roles/{role_id(api, 'MEMBER')}")


# ---------------------------------------------------------------------------- risk
@scenario("GET", "/v3/risk-verifications/phone")
def phone_status(api: Any) -> httpx.Response:
    return api.get("/v3/risk-verifications/phone")


@scenario("POST", "/v3/risk-verifications/phone")
def add_phone(api: Any) -> httpx.Response:
    return api.post("/v3/risk-verifications/phone", json={"phoneNumber": "4155550134", "phoneType": "MOBILE"})


@scenario("POST", "/v3/risk-verifications")
def start_risk_verification(api: Any) -> httpx.Response:
    add_phone(api)
    return api.post("/v3/risk-verifications")


@scenario("GET", "/v3/risk-verifications")
def risk_verification(api: Any) -> httpx.Response:
    start_risk_verification(api)
    return api.get("/v3/risk-verifications")


# ---------------------------------------------------------------------------- partner
def partner_with_org(api: Any) -> tuple[Partner, str]:
    partner = Partner(api.client)
    return partner, partner.create_org()["id"]


def partner_user(partner: Partner, org: str) -> dict[str, Any]:
    import uuid

    r = partner.request(
        "POST",
        "/v3/partner/users",
        org=org,
        json={
            "firstName": "Tomato",
            "lastName": "Soupsmith",
            "email": "tsoupsmith@ricecakes.org",
            "username": f"tsoup{uuid.uuid4().hex[:8]}",
            "acceptTermsOfService": True,
        },
    )
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


@scenario("POST", "/v3/partner/login")
def partner_login(api: Any) -> httpx.Response:
    partner = Partner(api.client)
    return api.client.post(
        "/connect/v3/partner/login",
        json={
            "username": partner.creds["username"],
            "password": partner.creds["password"],
            "appKey": partner.app_key,
        },
    )


@scenario("POST", "/v3/partner/login-as-user")
def login_as_user(api: Any) -> httpx.Response:
    partner, org = partner_with_org(api)
    user = partner_user(partner, org)
    return partner.request(
        "POST", "/v3/partner/login-as-user", json={"userId": user["id"], "organizationId": org}
    )


@scenario("GET", "/v3/partner/organizations")
def list_partner_organizations(api: Any) -> httpx.Response:
    partner = Partner(api.client)
    for name in ("One", "Two", "Three"):
        r = partner.request("POST", "/v3/partner/organizations", json={**FULL_ORG, "name": name})
        assert r.status_code == 201, r.text
    first = partner.request("GET", "/v3/partner/organizations", params={"max": 1})
    return partner.request(
        "GET", "/v3/partner/organizations", params={"max": 1, "page": first.json()["nextPage"]}
    )


@scenario("POST", "/v3/partner/organizations")
def create_partner_organization(api: Any) -> httpx.Response:
    return Partner(api.client).request("POST", "/v3/partner/organizations", json=FULL_ORG)


@scenario("PATCH", "/v3/partner/organizations/{organizationId}/price-plan")
def partner_price_plan(api: Any) -> httpx.Response:
    partner, org = partner_with_org(api)
    return partner.request(
        "PATCH", f"/v3/partner/organizations/{org}/price-plan", json={"pricePlanType": "PricePlan3"}
    )


@scenario("POST", "/v3/partner/risk-verifications/{userId}/phone")
def partner_phone(api: Any) -> httpx.Response:
    partner, org = partner_with_org(api)
    user = partner_user(partner, org)
    return partner.request(
        "POST",
        f"/v3/partner/risk-verifications/{user['id']}/phone",
        org=org,
        json={"phoneNumber": "4085550199", "phoneType": "MOBILE"},
    )


@scenario("GET", "/v3/partner/roles")
def partner_roles(api: Any) -> httpx.Response:
    partner, org = partner_with_org(api)
    first = partner.request("GET", "/v3/partner/roles", org=org, params={"max": 1})
    return partner.request(
        "GET", "/v3/partner/roles", org=org, params={"max": 1, "page": first.json()["nextPage"]}
    )


@scenario("GET", "/v3/partner/roles/{roleId}")
def partner_role(api: Any) -> httpx.Response:
    partner, org = partner_with_org(api)
    role = partner.request("GET", "/v3/partner/roles", org=org).json()["results"][0]
    return partner.request("GET", f"/v3/partner/roles/{role['id']}", org=org)


@scenario("GET", "/v3/partner/users")
def partner_users(api: Any) -> httpx.Response:
    partner, org = partner_with_org(api)
    for _ in range(3):
        partner_user(partner, org)
    first = partner.request("GET", "/v3/partner/users", org=org, params={"max": 1})
    return partner.request(
        "GET", "/v3/partner/users", org=org, params={"max": 1, "page": first.json()["nextPage"]}
    )


@scenario("POST", "/v3/partner/users")
def partner_create_user(api: Any) -> httpx.Response:
    partner, org = partner_with_org(api)
    role = partner.request("GET", "/v3/partner/roles", org=org, params={"filters": "type:eq:ACCOUNTANT"})
    return partner.request(
        "POST",
        "/v3/partner/users",
        org=org,
        json={
            "firstName": "Tomato",
            "lastName": "Soupsmith",
            "email": "tsoupsmith@ricecakes.org",
            "roleId": role.json()["results"][0]["id"],
            "username": "tsoupsmith1",
            "acceptTermsOfService": True,
        },
    )


@scenario("GET", "/v3/partner/users/{userId}")
def partner_get_user(api: Any) -> httpx.Response:
    partner, org = partner_with_org(api)
    return partner.request("GET", f"/v3/partner/users/{partner_user(partner, org)['id']}", org=org)


@scenario("PATCH", "/v3/partner/users/{userId}")
def partner_update_user(api: Any) -> httpx.Response:
    partner, org = partner_with_org(api)
    user = partner_user(partner, org)
    return partner.request(
        "PATCH", f"/v3/partner/users/{user['id']}", org=org, json={"lastName": "Soupsmithson"}
    )


@scenario("POST", "/v3/partner/users/{userId}/archive")
def partner_archive_user(api: Any) -> httpx.Response:
    partner, org = partner_with_org(api)
    partner_user(partner, org)  # the organization keeps another administrator
    user = partner_user(partner, org)
    return partner.request("POST", f"/v3/partner/users/{user['id']}/archive", org=org)


@scenario("POST", "/v3/partner/users/{userId}/restore")
def partner_restore_user(api: Any) -> httpx.Response:
    partner, org = partner_with_org(api)
    partner_user(partner, org)
    user = partner_user(partner, org)
    partner.request("POST", f"/v3/partner/users/{user['id']}/archive", org=org)
    return partner.request("POST", f"/v3/partner/users/{user['id']}/restore", org=org)


# ---------------------------------------------------------------------------- reports
@scenario("GET", "/v3/reports/audit-trail/vendor/{vendorId}")
def vendor_audit_trail(api: Any) -> httpx.Response:
    r = api.post("/v3/vendors", json={"name": "Audit Strings"})
    assert r.status_code == 201, r.text
    vendor_id = r.json()["id"]
    api.patch(f"/v3/vendors/{vendor_id}", json={"name": "Audited Strings"})
    return api.get(f"/v3/reports/audit-trail/vendor/{vendor_id}")


# ---------------------------------------------------------------------------- network
AUTO_CONNECT = "00801NETAUTO0001auto"


def network_vendor(api: Any) -> str:
    from support.payments import check_vendor, payer

    if not getattr(api, "remember_me_id", None):
        payer(api)  # vendor connection requests need a trusted session
    return str(check_vendor(api, name="Network Strings")["id"])


def network_customer(api: Any) -> str:
    r = api.post("/v3/customers", json={"name": "Network Customer", "email": "ar@network.example.com"})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


@scenario("GET", "/v3/network")
def network_search(api: Any) -> httpx.Response:
    api.patch(f"/v3/organizations/{api.org_id}", json=FULL_ORG)
    return api.get("/v3/network", params={"name": "Rice Cakes", "scope": "BILL"})


@scenario("POST", "/v3/network/invitation/vendor/{vendorId}")
def invite_vendor(api: Any) -> httpx.Response:
    vendor_id = network_vendor(api)
    return api.post(
        f"/v3/network/invitation/vendor/{vendor_id}", json={"networkId": AUTO_CONNECT, "networkType": "BILL"}
    )


@scenario("GET", "/v3/network/invitation/vendor/{vendorId}")
def vendor_connection(api: Any) -> httpx.Response:
    vendor_id = network_vendor(api)
    api.post(
        f"/v3/network/invitation/vendor/{vendor_id}", json={"networkId": AUTO_CONNECT, "networkType": "BILL"}
    )
    return api.get(f"/v3/network/invitation/vendor/{vendor_id}")


@scenario("DELETE", "/v3/network/invitation/vendor/{vendorId}")
def delete_vendor_connection(api: Any) -> httpx.Response:
    vendor_id = network_vendor(api)
    api.post(
        f"/v3/network/invitation/vendor/{vendor_id}", json={"networkId": AUTO_CONNECT, "networkType": "BILL"}
    )
    return api.delete(f"/v3/network/invitation/vendor/{vendor_id}")


@scenario("POST", "/v3/network/invitation/vendor/{vendorId}/email")
def invite_vendor_by_email(api: Any) -> httpx.Response:
    vendor_id = network_vendor(api)
    return api.post(
        f"/v3/network/invitation/vendor/{vendor_id}/email", json={"email": "ap@vendor.example.com"}
    )


@scenario("POST", "/v3/network/invitation/customer/{customerId}")
def invite_customer(api: Any) -> httpx.Response:
    customer_id = network_customer(api)
    return api.post(
        f"/v3/network/invitation/customer/{customer_id}",
        json={"networkId": AUTO_CONNECT, "networkType": "BILL"},
    )


@scenario("GET", "/v3/network/invitation/customer/{customerId}")
def customer_connection(api: Any) -> httpx.Response:
    customer_id = network_customer(api)
    api.post(
        f"/v3/network/invitation/customer/{customer_id}",
        json={"networkId": AUTO_CONNECT, "networkType": "BILL"},
    )
    return api.get(f"/v3/network/invitation/customer/{customer_id}")


@scenario("DELETE", "/v3/network/invitation/customer/{customerId}")
def delete_customer_connection(api: Any) -> httpx.Response:
    customer_id = network_customer(api)
    api.post(
        f"/v3/network/invitation/customer/{customer_id}",
        json={"networkId": AUTO_CONNECT, "networkType": "BILL"},
    )
    return api.delete(f"/v3/network/invitation/customer/{customer_id}")


@scenario("POST", "/v3/network/invitation/accept")
def accept_connection(api: Any) -> httpx.Response:
    from support.api import Api, signup

    inviter = Api(api.client, signup(api.client))
    r = inviter.post("/v3/customers", json={"name": "Invited Org", "email": "ar@invited.example.com"})
    customer_id = r.json()["id"]
    r = inviter.post(
        f"/v3/network/invitation/customer/{customer_id}",
        json={"networkId": api.org_id, "networkType": "BILL"},
    )
    assert r.status_code == 200, r.text
    return api.post(
        "/v3/network/invitation/accept",
        json={"networkId": inviter.org_id, "type": "VENDOR", "name": "Inviter"},
    )
