"""Partner operations: accounts and login, organizations, price plan, users and roles of a
child organization, login-as-user, and the header errors of BILL-RULES §6 #7 / §5.16b."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from support.api import Api, assert_error
from support.orgs import Partner


def partner_user(partner: Partner, org: str, **extra: Any) -> dict[str, Any]:
    body = {
        "firstName": "Tomato",
        "lastName": "Soupsmith",
        "email": "tsoupsmith@ricecakes.org",
        "username": f"tsoup{uuid.uuid4().hex[:8]}",
        "acceptTermsOfService": True,
        **extra,
    }
    r = partner.request("POST", "/v3/partner/users", org=org, json=body)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def test_partner_flow_end_to_end(api: Api) -> None:
    """Partner login -> create org -> create user -> login-as-user -> create a vendor there."""
    partner = Partner(api.client)
    org = partner.create_org("Rice Cakes Inc")
    assert org["id"].startswith("008") and org["partnerName"]
    assert org["address"]["countryName"] == "United States"
    user = partner_user(partner, org["id"])
    assert user["role"]["type"] == "ADMINISTRATOR"  # the default role
    r = partner.request(
        "POST", "/v3/partner/login-as-user", json={"userId": user["id"], "organizationId": org["id"]}
    )
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"sessionId", "trusted"} and r.json()["trusted"] is False
    # An ordinary org session: any devKey the sandbox knows works with it.
    session = {"devKey": api.creds["devKey"], "sessionId": r.json()["sessionId"]}
    created = api.client.post("/connect/v3/vendors", headers=session, json={"name": "Noodle Supply"})
    assert created.status_code == 201, created.text
    vendors = api.client.get("/connect/v3/vendors", headers=session).json()["results"]
    assert [v["name"] for v in vendors] == ["Noodle Supply"]
    assert api.get("/v3/vendors").json()["results"] == []  # another organization
    details = api.client.get("/connect/v3/login/session", headers=session).json()
    assert details["organizationId"] == org["id"] and details["userId"] == user["id"]
    got = api.client.get(f"/connect/v3/organizations/{org['id']}", headers=session).json()
    assert got == org
    # The organization is seeded like any other (roles, funding accounts, chart of accounts).
    banks = api.client.get("/connect/v3/funding-accounts/banks", headers=session).json()["results"]
    assert len(banks) == 1
    assert_error(
        api.client.get("/connect/v3/vendors", headers={**session, "devKey": "unknown"}), 401, "BDC_1102"
    )


def test_a_partner_user_logs_in_with_a_password_set_through_the_control_plane(api: Api) -> None:
    partner = Partner(api.client)
    org = partner.create_org()
    user = partner_user(partner, org["id"], username="ricecakes1")
    r = api.sandbox("POST", "/users/password", json={"organizationId": org["id"], "userId": user["id"]})
    assert r.status_code == 200 and r.json()["username"] == "ricecakes1"
    body = {**r.json(), "organizationId": org["id"], "devKey": api.creds["devKey"]}
    login = api.client.post("/connect/v3/login", json=body)
    assert login.status_code == 200, login.text
    assert login.json()["organizationId"] == org["id"]


def test_partner_organizations_list_only_their_own(api: Api) -> None:
    partner, other = Partner(api.client), Partner(api.client)
    a = partner.create_org("Alpha Foods")
    b = partner.create_org("Beta Foods")
    other.create_org("Gamma Foods")
    got = partner.request("GET", "/v3/partner/organizations").json()["results"]
    assert [o["id"] for o in got] == [a["id"], b["id"]]
    got = partner.request("GET", "/v3/partner/organizations", params={"sort": "name:desc"}).json()["results"]
    assert [o["name"] for o in got] == ["Beta Foods", "Alpha Foods"]
    got = partner.request("GET", "/v3/partner/organizations", params={"filters": f"id:eq:{b['id']}"}).json()
    assert [o["id"] for o in got["results"]] == [b["id"]]


def test_partner_organization_validation(api: Api) -> None:
    partner = Partner(api.client)
    r = partner.request("POST", "/v3/partner/organizations", json={"name": "No Address"})
    assert_error(r, 400, message="address.line1: must not be blank")
    r = partner.request("POST", "/v3/partner/organizations", json={"address": {"line1": "x"}})
    assert_error(r, 400, message="name: must not be blank")
    full = {
        "name": "Same As Physical",
        "address": {"line1": "1 A St", "city": "Austin", "zipOrPostalCode": "73301", "country": "US"},
        "processingOptions": {"mailingAddressSameAsPhysical": "true"},
    }
    got = partner.request("POST", "/v3/partner/organizations", json=full).json()
    assert got["mailingAddress"] == got["address"]


def test_price_plan(api: Api) -> None:
    partner = Partner(api.client)
    org = partner.create_org()
    url = f"/v3/partner/organizations/{org['id']}/price-plan"
    r = partner.request("PATCH", url, json={"pricePlanType": "PricePlan3"})
    assert r.status_code == 200 and r.json() == {"status": "SUCCESS"}
    assert_error(partner.request("PATCH", url, json={"pricePlanType": "PricePlan9"}), 400, "BDC_1129")
    other = Partner(api.client)
    assert_error(other.request("PATCH", url, json={"pricePlanType": "PricePlan2"}), 404, "BDC_1205")
    # The organization's administrator sees the plan.
    user = partner_user(partner, org["id"])
    sid = partner.request(
        "POST", "/v3/partner/login-as-user", json={"userId": user["id"], "organizationId": org["id"]}
    )
    session = {"devKey": api.creds["devKey"], "sessionId": sid.json()["sessionId"]}
    plan = api.client.get(f"/connect/v3/organizations/{org['id']}/price-plan", headers=session).json()
    assert plan["id"] == "PricePlan3"


def test_partner_users_and_roles(api: Api) -> None:
    partner = Partner(api.client)
    org = partner.create_org()["id"]
    roles = partner.request("GET", "/v3/partner/roles", org=org).json()["results"]
    assert "ADMINISTRATOR" in [r["type"] for r in roles]
    clerk = next(r for r in roles if r["type"] == "CLERK")
    assert partner.request("GET", f"/v3/partner/roles/{clerk['id']}", org=org).json() == clerk
    admin = partner_user(partner, org)
    user = partner_user(partner, org, roleId=clerk["id"], firstName="Clara")
    assert user["role"]["type"] == "CLERK"
    assert partner.request("GET", f"/v3/partner/users/{user['id']}", org=org).json() == user
    listed = partner.request("GET", "/v3/partner/users", org=org, params={"sort": "firstName"}).json()[
        "results"
    ]
    assert [u["id"] for u in listed] == [user["id"], admin["id"]]
    r = partner.request(
        "PATCH", f"/v3/partner/users/{user['id']}", org=org, json={"lastName": "Soupsmithson"}
    )
    assert r.status_code == 200 and r.json()["lastName"] == "Soupsmithson"
    r = partner.request("POST", f"/v3/partner/users/{user['id']}/archive", org=org)
    assert r.status_code == 200 and r.json()["archived"] is True
    r = partner.request("POST", f"/v3/partner/users/{user['id']}/restore", org=org)
    assert r.status_code == 200 and r.json()["archived"] is False
    # The last administrator stays.
    assert_error(
        partner.request("POST", f"/v3/partner/users/{admin['id']}/archive", org=org), 400, "BDC_1119"
    )
    # Another partner's organization, another organization's user.
    assert_error(Partner(api.client).request("GET", "/v3/partner/users", org=org), 401, "BDC_1123")
    assert_error(partner.request("GET", f"/v3/partner/users/{api.user_id}", org=org), 404, "BDC_1205")


@pytest.mark.parametrize(
    ("username", "message"),
    [("someone@example.com", "BDC_1119"), ("x" * 41, None), ("", None)],
)
def test_partner_username_rules(api: Api, username: str, message: str | None) -> None:
    partner = Partner(api.client)
    org = partner.create_org()["id"]
    body = {
        "firstName": "A",
        "lastName": "B",
        "email": "a@b.org",
        "username": username,
        "acceptTermsOfService": True,
    }
    assert_error(partner.request("POST", "/v3/partner/users", org=org, json=body), 400, message)


def test_duplicate_partner_username(api: Api) -> None:
    partner = Partner(api.client)
    org = partner.create_org()["id"]
    partner_user(partner, org, username="SameName")
    body = {
        "firstName": "A",
        "lastName": "B",
        "email": "a@b.org",
        "username": "samename",
        "acceptTermsOfService": True,
    }
    assert_error(partner.request("POST", "/v3/partner/users", org=org, json=body), 400, "BDC_1119")


def test_partner_login_errors(api: Api) -> None:
    partner = Partner(api.client)
    body = {
        "username": partner.creds["username"],
        "password": partner.creds["password"],
        "appKey": partner.app_key,
    }
    assert_error(
        api.client.post("/connect/v3/partner/login", json={**body, "appKey": "nope"}), 400, "BDC_1102"
    )
    assert_error(
        api.client.post("/connect/v3/partner/login", json={**body, "password": "wrong"}), 400, "BDC_1101"
    )
    assert_error(
        api.client.post("/connect/v3/partner/login", json={**body, "username": "x@y.z"}), 400, "BDC_1101"
    )
    r = api.client.post("/connect/v3/partner/login", json={"username": "a", "password": "b"})
    assert_error(r, 400, message="appKey: must not be blank")
    ok = api.client.post("/connect/v3/partner/login", json={**body, "username": body["username"].upper()})
    assert ok.status_code == 200 and set(ok.json()) == {"sessionId"}


def test_partner_and_org_sessions_do_not_mix(api: Api) -> None:
    partner = Partner(api.client)
    org = partner.create_org()["id"]
    # An org session on partner operations.
    r = api.client.get(
        "/connect/v3/partner/organizations", headers={"appKey": partner.app_key, "sessionId": api.session_id}
    )
    assert_error(r, 401, "BDC_1109")
    # A partner session on org operations.
    r = api.client.get(
        "/connect/v3/vendors", headers={"devKey": api.creds["devKey"], "sessionId": partner.session_id}
    )
    assert_error(r, 401, "BDC_1109")
    # Header errors.
    assert_error(partner.request("GET", "/v3/partner/organizations", headers={"appKey": ""}), 400, "BDC_1108")
    r = api.client.get("/connect/v3/partner/organizations", headers={"appKey": partner.app_key})
    assert_error(r, 401, "BDC_1109")
    assert_error(
        partner.request("GET", "/v3/partner/organizations", headers={"appKey": "unknown"}), 401, "BDC_1102"
    )
    other = Partner(api.client)
    r = partner.request("GET", "/v3/partner/organizations", headers={"appKey": other.app_key})
    assert_error(r, 401, "BDC_1109")
    assert_error(partner.request("GET", "/v3/partner/users"), 400, "BDC_1108")
    assert_error(partner.request("GET", "/v3/partner/users", org=api.org_id), 401, "BDC_1123")
    assert partner.request("GET", "/v3/partner/users", org=org).status_code == 200


def test_login_as_user_errors(api: Api) -> None:
    partner = Partner(api.client)
    org = partner.create_org()["id"]
    user = partner_user(partner, org)
    second = partner_user(partner, org)
    url = "/v3/partner/login-as-user"
    r = partner.request("POST", url, json={"userId": user["id"], "organizationId": api.org_id})
    assert_error(r, 401, "BDC_1123")
    r = partner.request("POST", url, json={"userId": api.user_id, "organizationId": org})
    assert_error(r, 404, "BDC_1205")
    partner.request("POST", f"/v3/partner/users/{second['id']}/archive", org=org)
    r = partner.request("POST", url, json={"userId": second["id"], "organizationId": org})
    assert_error(r, 400, "BDC_1119")
    assert_error(
        partner.request("POST", url, json={"organizationId": org}), 400, message="userId: must not be blank"
    )


def test_partner_session_expires_when_idle(api: Api) -> None:
    partner = Partner(api.client)
    assert partner.request("GET", "/v3/partner/organizations").status_code == 200
    r = api.sandbox("POST", "/clock/advance", json={"minutes": 36})  # every organization and the shared time
    assert r.status_code == 200
    assert_error(partner.request("GET", "/v3/partner/organizations"), 401, "BDC_1109")


def test_signup_partner_control_plane_shape(api: Api) -> None:
    r = api.client.post("/_sandbox/signup", json={"partner": True, "username": "firm@example.com"})
    assert r.status_code == 201, r.text
    got = r.json()
    assert {"baseUrl", "username", "password", "appKey"} <= set(got) and "devKey" not in got
    again = api.client.post("/_sandbox/signup", json={"partner": True, "username": "FIRM@example.com"})
    assert again.status_code == 400


def test_partner_logout_and_the_app_key_as_a_dev_key(api: Api) -> None:
    partner = Partner(api.client)
    org = partner.create_org()["id"]
    user = partner_user(partner, org)
    sid = partner.request(
        "POST", "/v3/partner/login-as-user", json={"userId": user["id"], "organizationId": org}
    )
    # A partner without a developer account uses its appKey as the devKey of org sessions.
    session = {"devKey": partner.app_key, "sessionId": sid.json()["sessionId"]}
    assert api.client.get("/connect/v3/vendors", headers=session).status_code == 200
    r = api.client.post(
        "/connect/v3/logout", headers={"appKey": partner.app_key, "sessionId": partner.session_id}
    )
    assert r.status_code == 200 and r.content == b"", r.text
    assert_error(partner.request("GET", "/v3/partner/organizations"), 401, "BDC_1109")
    # The org session it opened lives on until its own logout.
    assert api.client.get("/connect/v3/vendors", headers=session).status_code == 200
    assert api.client.post("/connect/v3/logout", headers=session).status_code == 200
    assert_error(api.client.get("/connect/v3/vendors", headers=session), 401, "BDC_1109")


def test_partner_list_follows_organization_updates_and_resets(api: Api) -> None:
    partner = Partner(api.client)
    org = partner.create_org("Before")["id"]
    user = partner_user(partner, org)
    sid = partner.request(
        "POST", "/v3/partner/login-as-user", json={"userId": user["id"], "organizationId": org}
    )
    session = {"devKey": partner.app_key, "sessionId": sid.json()["sessionId"]}
    r = api.client.patch(f"/connect/v3/organizations/{org}", headers=session, json={"name": "After"})
    assert r.status_code == 200, r.text
    listed = partner.request("GET", "/v3/partner/organizations").json()["results"]
    assert listed == [r.json()]
    # A reset clears the organization's data, not the partner's link to it nor its users.
    assert api.sandbox("POST", "/reset", json={"organizationId": org}).status_code == 200
    assert [o["id"] for o in partner.request("GET", "/v3/partner/organizations").json()["results"]] == [org]
    users = partner.request("GET", "/v3/partner/users", org=org).json()["results"]
    assert [u["id"] for u in users] == [user["id"]] and users[0]["role"]["type"] == "ADMINISTRATOR"
    roles = partner.request("GET", "/v3/partner/roles", org=org).json()["results"]
    assert users[0]["role"]["id"] == next(r["id"] for r in roles if r["type"] == "ADMINISTRATOR")
