"""Organizations, users and roles: happy paths, errors, role enforcement (BILL-RULES §5.16, §6 #16),
archived users' sessions, role changes on the next call, the password control plane."""

from __future__ import annotations

from typing import Any

import pytest

from support.api import Api, assert_error
from support.orgs import login_as, new_user, role_id

NO_PERMISSION = "Current user or organization does not have valid permissions."


def test_seeded_roles_and_the_first_administrator(api: Api) -> None:
    roles = api.get("/v3/roles").json()["results"]
    assert [r["type"] for r in roles] == [
        "ADMINISTRATOR", "ACCOUNTANT", "APPROVER", "PAYER", "CLERK", "AUDITOR", "MEMBER"
    ]  # fmt: skip
    assert all(r["id"].startswith("0po") and len(r["id"]) == 20 for r in roles)
    assert api.get(f"/v3/roles/{roles[0]['id']}").json() == roles[0]
    users = api.get("/v3/users").json()["results"]
    assert len(users) == 1
    me = users[0]
    assert me["id"] == api.user_id
    assert me["role"] == {"id": roles[0]["id"], "type": "ADMINISTRATOR", "description": "Administrator"}
    assert "roleId" not in me
    assert api.get(f"/v3/users/{api.user_id}").json() == me


def test_role_lists_filter_and_sort(api: Api) -> None:
    got = api.get("/v3/roles", params={"sort": "description:desc", "max": 2}).json()
    assert [r["description"] for r in got["results"]] == ["Payer", "Member"]
    assert "nextPage" in got
    assert_error(api.get("/v3/roles", params={"filters": "color:eq:red"}), 400, "BDC_1130")


def test_create_get_update_archive_restore_user(api: Api) -> None:
    user = new_user(api, "ACCOUNTANT", email="clark@example.com", firstName="Clark", lastName="Kent")
    assert user["id"].startswith("006") and len(user["id"]) == 20
    assert user["role"]["type"] == "ACCOUNTANT"
    assert user["email"] == "clark@example.com" and user["archived"] is False
    assert api.get(f"/v3/users/{user['id']}").json() == user
    r = api.patch(
        f"/v3/users/{user['id']}", json={"lastName": "Billenterson", "roleId": role_id(api, "PAYER")}
    )
    assert r.status_code == 200, r.text
    assert r.json()["lastName"] == "Billenterson" and r.json()["role"]["type"] == "PAYER"
    assert r.json()["firstName"] == "Clark"
    archived = api.post(f"/v3/users/{user['id']}/archive")
    assert archived.status_code == 200 and archived.json()["archived"] is True
    assert api.post(f"/v3/users/{user['id']}/archive").json()["archived"] is True  # idempotent
    restored = api.post(f"/v3/users/{user['id']}/restore")
    assert restored.status_code == 200 and restored.json()["archived"] is False
    assert api.post(f"/v3/users/{user['id']}/restore").status_code == 200


def test_user_list_filters_and_sorts(api: Api) -> None:
    new_user(api, firstName="Zed", lastName="Alpha")
    archived = new_user(api, firstName="Amy", lastName="Zulu")
    api.post(f"/v3/users/{archived['id']}/archive")
    names = [u["firstName"] for u in api.get("/v3/users", params={"sort": "firstName:asc"}).json()["results"]]
    assert names == ["Amy", "Sandbox", "Zed"]
    active = api.get("/v3/users", params={"filters": "archived:eq:false"}).json()["results"]
    assert archived["id"] not in [u["id"] for u in active] and len(active) == 2
    got = api.get("/v3/users", params={"filters": f"id:eq:{archived['id']}"}).json()["results"]
    assert [u["id"] for u in got] == [archived["id"]]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"lastName": "B", "email": "a@example.com", "acceptTermsOfService": True},
            "firstName: must not be blank",
        ),
        (
            {"firstName": "A", "email": "a@example.com", "acceptTermsOfService": True},
            "lastName: must not be blank",
        ),
        ({"firstName": "A", "lastName": "B", "acceptTermsOfService": True}, "email: must not be blank"),
        ({"firstName": "A", "lastName": "B", "email": "nope", "acceptTermsOfService": True}, "email:"),
        (
            {"firstName": "A", "lastName": "B", "email": "a@example.com"},
            "acceptTermsOfService: must not be null",
        ),
    ],
)
def test_create_user_validation(api: Api, body: dict[str, Any], message: str) -> None:
    assert_error(api.post("/v3/users", json=body), 400, message=message)


def test_create_user_business_errors(api: Api) -> None:
    base = {"firstName": "A", "lastName": "B", "email": "dup@example.com", "acceptTermsOfService": True}
    assert_error(api.post("/v3/users", json={**base, "acceptTermsOfService": False}), 400, "BDC_1119")
    assert_error(api.post("/v3/users", json={**base, "roleId": "0po02NOSUCHROLEXxxxx"}), 400, "BDC_1119")
    assert api.post("/v3/users", json=base).status_code == 201  # roleId defaults to ADMINISTRATOR
    assert_error(api.post("/v3/users", json={**base, "email": "DUP@example.com"}), 400, "BDC_1119")
    assert_error(api.post("/v3/users", json={**base, "username": "x"}), 400, "BDC_1002")


def test_unknown_and_foreign_users_are_404(api: Api, new_api: Any) -> None:
    other = new_api()
    for path in (f"/v3/users/{other.user_id}", "/v3/users/00602NOSUCHUSERXxxxx"):
        assert_error(api.get(path), 404, "BDC_1205")
        assert_error(api.patch(path, json={"firstName": "X"}), 404, "BDC_1205")
        assert_error(api.post(path + "/archive"), 404, "BDC_1205")
    assert_error(api.get("/v3/roles/0po02NOSUCHROLEXxxxx"), 404, "BDC_1205")


def test_the_last_administrator_and_yourself_stay(api: Api) -> None:
    assert_error(api.post(f"/v3/users/{api.user_id}/archive"), 400, "BDC_1119")
    r = api.patch(f"/v3/users/{api.user_id}", json={"roleId": role_id(api, "MEMBER")})
    assert_error(r, 400, "BDC_1119")
    other_admin = new_user(api, "ADMINISTRATOR")
    r = api.patch(f"/v3/users/{other_admin['id']}", json={"roleId": role_id(api, "MEMBER")})
    assert r.status_code == 200, r.text
    assert_error(
        api.patch(f"/v3/users/{api.user_id}", json={"firstName": ""}), 400, message="must not be blank"
    )


# ------------------------------------------------------------------------- role enforcement
ADMIN_ONLY = [
    ("GET", "/v3/organizations/{org}", None),
    ("PATCH", "/v3/organizations/{org}", {"phone": "4085550100"}),
    ("GET", "/v3/organizations/{org}/price-plan", None),
    (
        "POST",
        "/v3/users",
        {"firstName": "A", "lastName": "B", "email": "x@example.com", "acceptTermsOfService": True},
    ),
    ("PATCH", "/v3/users/{me}", {"firstName": "Me"}),
    ("POST", "/v3/users/{me}/archive", None),
    ("POST", "/v3/risk-verifications", None),
]


def test_a_member_gets_403_on_admin_operations_an_administrator_succeeds(api: Api) -> None:
    member = login_as(api, new_user(api, "MEMBER")["id"])
    for method, path, body in ADMIN_ONLY:
        url = path.format(org=api.org_id, me=member.user_id)
        kwargs = {"json": body} if body is not None else {}
        r = member.request(method, url, **kwargs)
        assert_error(r, 403, None, NO_PERMISSION)
        assert "code" not in r.json()[0]
    # What every role may read.
    for path in ("/v3/users", "/v3/roles", "/v3/organizations/industries", f"/v3/users/{member.user_id}"):
        assert member.get(path).status_code == 200, path
    # The administrator succeeds on the same operations.
    assert api.get(f"/v3/organizations/{api.org_id}").status_code == 200
    assert api.patch(f"/v3/organizations/{api.org_id}", json={"phone": "4085550100"}).status_code == 200
    assert api.get(f"/v3/organizations/{api.org_id}/price-plan").status_code == 200
    assert api.patch(f"/v3/users/{member.user_id}", json={"firstName": "Me"}).status_code == 200


def test_a_role_change_takes_effect_on_the_next_call(api: Api) -> None:
    member = login_as(api, new_user(api, "MEMBER")["id"])
    assert member.get(f"/v3/organizations/{api.org_id}").status_code == 403
    api.patch(f"/v3/users/{member.user_id}", json={"roleId": role_id(api, "ADMINISTRATOR")})
    assert member.get(f"/v3/organizations/{api.org_id}").status_code == 200  # same session
    api.patch(f"/v3/users/{member.user_id}", json={"roleId": role_id(api, "CLERK")})
    assert member.get(f"/v3/organizations/{api.org_id}").status_code == 403


def test_archived_users_sessions_stop_working_and_they_cannot_log_in(api: Api) -> None:
    user = new_user(api, "ACCOUNTANT")
    other = login_as(api, user["id"])
    assert other.get("/v3/vendors").status_code == 200
    api.post(f"/v3/users/{user['id']}/archive")
    assert_error(other.get("/v3/vendors"), 401, "BDC_1109")
    assert_error(other.post("/v3/vendors", json={"name": "X"}), 401, "BDC_1109")
    r = api.client.post("/connect/v3/login", json=other.login_body())
    assert_error(r, 400, "BDC_1101")
    api.post(f"/v3/users/{user['id']}/restore")
    assert other.get("/v3/vendors").status_code == 200  # the unexpired session works again
    assert api.get("/v3/vendors").status_code == 200


def test_new_users_approve_bills_with_their_real_ids(api: Api) -> None:
    approver = new_user(api, "APPROVER", firstName="Ada", lastName="Approver")
    r = api.post(
        "/v3/bill-approvals/policies", json={"policyName": "Every bill", "approvers": [approver["id"]]}
    )
    assert r.status_code == 201, r.text
    assert "Ada Approver" in r.text


# --------------------------------------------------------------------------- control plane
def test_set_password_control_plane(api: Api) -> None:
    user = new_user(api, email="pw@example.com")
    r = api.sandbox(
        "POST",
        "/users/password",
        json={"organizationId": api.org_id, "userId": user["id"], "password": "s3cret-pass"},
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"username": "pw@example.com", "password": "s3cret-pass"}
    body = {**api.login_body(), "username": "pw@example.com", "password": "s3cret-pass"}
    login = api.client.post("/connect/v3/login", json=body)
    assert login.status_code == 200 and login.json()["userId"] == user["id"]
    generated = api.sandbox(
        "POST", "/users/password", json={"organizationId": api.org_id, "userId": user["id"]}
    )
    assert len(generated.json()["password"]) >= 12
    unknown = api.sandbox("POST", "/users/password", json={"organizationId": api.org_id, "userId": "00602XX"})
    assert unknown.status_code == 404
    # A user created through the API has no password until the control plane sets one.
    fresh = new_user(api, email="fresh@example.com")
    body = {**api.login_body(), "username": "fresh@example.com", "password": "anything-at-all"}
    assert_error(api.client.post("/connect/v3/login", json=body), 400, "BDC_1101")
    assert fresh["id"]


# --------------------------------------------------------------------------- organizations
def test_get_and_update_organization(api: Api) -> None:
    org = api.get(f"/v3/organizations/{api.org_id}").json()
    assert org["id"] == api.org_id and org["archived"] is False and "partnerName" not in org
    body = {
        "name": "Renamed Org",
        "address": {"line1": "1 Main St", "city": "San Jose", "zipOrPostalCode": "95002", "country": "us"},
        "taxIdType": "EIN",
        "industry": "Retail",
        "processingOptions": {"mailingAddressSameAsPhysical": "true"},
    }
    r = api.patch(f"/v3/organizations/{api.org_id}", json=body)
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["name"] == "Renamed Org"
    assert got["address"]["countryName"] == "United States" and got["address"]["country"] == "US"
    assert got["mailingAddress"] == got["address"]
    assert got["processingOptions"] == {"mailingAddressSameAsPhysical": True}
    assert got["updatedTime"] >= org["updatedTime"]
    r = api.patch(f"/v3/organizations/{api.org_id}", json={"address": {"zipOrPostalCode": "95003"}})
    assert r.json()["address"]["zipOrPostalCode"] == "95003" and r.json()["address"]["line1"] == "1 Main St"
    assert api.get(f"/v3/organizations/{api.org_id}").json() == r.json()


def test_organization_errors(api: Api, new_api: Any) -> None:
    other = new_api()
    assert_error(api.get(f"/v3/organizations/{other.org_id}"), 404, "BDC_1205")
    assert_error(api.patch(f"/v3/organizations/{other.org_id}", json={"name": "X"}), 404, "BDC_1205")
    assert_error(api.get(f"/v3/organizations/{other.org_id}/price-plan"), 404, "BDC_1205")
    url = f"/v3/organizations/{api.org_id}"
    assert_error(api.patch(url, json={"name": ""}), 400, message="name: must not be blank")
    assert_error(
        api.patch(url, json={"name": "x" * 101}), 400, message="name: size must be between 0 and 100"
    )
    assert_error(api.patch(url, json={"industry": "x" * 501}), 400)
    assert_error(api.patch(url, json={"taxIdType": "VAT"}), 400, "BDC_1129")
    assert_error(api.patch(url, json={"accountType": "PERSON"}), 400, "BDC_1129")
    assert_error(api.patch(url, json={"color": "red"}), 400, "BDC_1002")


def test_industries_and_price_plan(api: Api) -> None:
    got = api.get("/v3/organizations/industries").json()
    assert set(got) == {"results"} and "Restaurant Caterer or Bar" in got["results"]
    plan = api.get(f"/v3/organizations/{api.org_id}/price-plan").json()
    assert plan["id"] == "PricePlan1" and plan["monthlyPrice"] == 45
    assert {t["name"] for t in plan["planTerms"]} == {"suaProcessedCount", "discount"}


def test_billing_statements_follow_the_sandbox_clock(api: Api) -> None:
    url = f"/v3/organizations/{api.org_id}/billing-statements"
    assert api.get(url).json() == {"results": []}
    api.advance(days=100)
    api.login()
    page = api.get(url).json()
    statements = page["results"]
    assert 3 <= len(statements) <= 4 and "nextPage" not in page
    first = statements[0]
    assert first["id"].startswith("0S0") and len(first["id"]) == 20
    assert first["paymentStatus"] == "PAID" and first["paymentDate"] > first["invoiceDate"]
    assert first["amount"] == 45
    assert first["billingPeriod"]["endDate"] < first["invoiceDate"]
    assert api.get(url).json() == page  # stable ids, nothing stored
    detail = api.get(f"{url}/{first['id']}").json()
    assert {k: v for k, v in detail.items() if k not in ("downloadLink", "statementDetails")} == first
    assert set(detail["downloadLink"]) == {"csv", "pdf"}
    # The links are fetched with the sessionId header alone.
    path = detail["downloadLink"]["csv"].split("/connect", 1)[1]
    csv = api.client.get("/connect" + path, headers={"sessionId": api.session_id})
    assert csv.status_code == 200, csv.text
    assert csv.text.splitlines()[0].startswith("invoiceNumber,") and first["invoiceNumber"] in csv.text
    path = detail["downloadLink"]["pdf"].split("/connect", 1)[1]
    pdf = api.client.get("/connect" + path, headers={"sessionId": api.session_id})
    assert (
        pdf.status_code == 200
        and pdf.content.startswith(b"%PDF-1.4")
        and pdf.content.rstrip().endswith(b"%%EOF")
    )
    assert pdf.headers["content-type"] == "application/pdf"
    assert_error(api.client.get("/connect" + path), 401, "BDC_1109")
    assert detail["statementDetails"][0]["amount"] == 45
    one = api.get(url, params={"max": 1}).json()
    assert len(one["results"]) == 1 and "nextPage" in one and "prevPage" not in one
    two = api.get(url, params={"max": 1, "page": one["nextPage"]}).json()
    assert two["results"][0]["id"] == statements[1]["id"] and "prevPage" in two
    ranged = api.get(url, params={"invoiceDateFrom": statements[1]["invoiceDate"]}).json()
    assert isinstance(ranged, list) and [s["id"] for s in ranged] == [s["id"] for s in statements[1:]]
    assert_error(api.get(url, params={"invoiceDateFrom": "2020-01-01", "max": 5}), 400, "BDC_1119")
    assert_error(api.get(url, params={"invoiceDateTo": "yesterday"}), 400, "BDC_1129")
    assert_error(api.get(url, params={"page": "garbage!"}), 400, "BDC_1129")
    assert_error(api.get(f"{url}/0S002NOSUCHSTATEMxxx"), 404, "BDC_1205")
