"""Risk verification on the sandbox clock (BILL-RULES §5.16b, §7.2): phone, start, status, the
decision one business day later with its event, magic phone numbers."""

from __future__ import annotations

from typing import Any

import pytest

from support.api import Api, assert_error, recorded_events
from support.orgs import Partner, login_as, new_user
from support.payments import bd, today, wait_for

NO_PERMISSION = "Current user or organization does not have valid permissions."


def events_of(api: Api, type_: str) -> list[dict[str, Any]]:
    return [e["payload"] for e in recorded_events(api, type_=type_)]


def add_phone(api: Api, phone: str = "4155550134") -> None:
    r = api.post("/v3/risk-verifications/phone", json={"phoneNumber": phone, "phoneType": "MOBILE"})
    assert r.status_code == 200 and r.content == b"", r.text


def next_business_day(api: Api) -> None:
    api.advance(days=(bd(today(api), 1) - today(api)).days, hours=1)
    api.login()


def test_phone_then_verification_approves_after_one_business_day(api: Api) -> None:
    assert api.get("/v3/risk-verifications/phone").json() == {"hasPhone": False}
    assert_error(api.get("/v3/risk-verifications"), 404, "BDC_1120")
    assert_error(api.post("/v3/risk-verifications"), 400, "BDC_1119")
    add_phone(api)
    assert api.get("/v3/risk-verifications/phone").json() == {"hasPhone": True}
    r = api.post("/v3/risk-verifications")
    assert r.status_code == 200, r.text
    started = r.json()
    assert started["processingStatus"] == "IN_PROGRESS" and started["decision"] == "IN_PROGRESS"
    assert started["referenceId"]
    assert api.post("/v3/risk-verifications").json() == started  # still in progress: the same one
    assert api.get("/v3/risk-verifications").json() == started
    assert events_of(api, "risk-verification.updated") == []
    next_business_day(api)
    done = api.get("/v3/risk-verifications").json()
    assert done == {
        "processingStatus": "COMPLETED",
        "decision": "APPROVE",
        "referenceId": started["referenceId"],
    }
    assert events_of(api, "risk-verification.updated") == [{"decision": "APPROVE"}]


@pytest.mark.parametrize(
    ("phone", "decision", "processing"),
    [
        ("+1 415 999 0001", "HOLD", "IN_PROGRESS"),
        ("415-999-0002", "REVIEW", "IN_PROGRESS"),
        ("4159990003", "DECLINE", "COMPLETED"),
    ],
)
def test_magic_phone_numbers(api: Api, phone: str, decision: str, processing: str) -> None:
    add_phone(api, phone)
    api.post("/v3/risk-verifications")
    next_business_day(api)
    got = api.get("/v3/risk-verifications").json()
    assert (got["decision"], got["processingStatus"]) == (decision, processing)
    assert events_of(api, "risk-verification.updated") == [{"decision": decision}]


def test_the_background_scheduler_decides_without_a_request(api: Api) -> None:
    add_phone(api)
    api.post("/v3/risk-verifications")
    api.advance(days=(bd(today(api), 1) - today(api)).days, hours=1)
    wait_for(lambda: events_of(api, "risk-verification.updated") or None)


def test_phone_validation_and_roles(api: Api) -> None:
    url = "/v3/risk-verifications/phone"
    assert_error(api.post(url, json={"phoneType": "MOBILE"}), 400, message="phoneNumber: must not be blank")
    assert_error(api.post(url, json={"phoneNumber": "123"}), 400, message="phoneNumber:")
    assert_error(api.post(url, json={"phoneNumber": "4155550134", "phoneType": "WORK"}), 400, "BDC_1129")
    member = login_as(api, new_user(api, "MEMBER")["id"])
    add_phone(member)  # every user may register a phone
    assert_error(member.post("/v3/risk-verifications"), 403, None, NO_PERMISSION)
    assert_error(member.get("/v3/risk-verifications"), 404, "BDC_1120")


def test_partner_adds_a_users_phone(api: Api) -> None:
    partner = Partner(api.client)
    org = partner.create_org()["id"]
    r = partner.request(
        "POST",
        "/v3/partner/users",
        org=org,
        json={
            "firstName": "A",
            "lastName": "B",
            "email": "a@b.org",
            "username": "owner1",
            "acceptTermsOfService": True,
        },
    )
    user = r.json()
    url = f"/v3/partner/risk-verifications/{user['id']}/phone"
    r = partner.request("POST", url, org=org, json={"phoneNumber": "4085550199", "phoneType": "MOBILE"})
    assert r.status_code == 200 and r.content == b"", r.text
    missing = partner.request(
        "POST",
        f"/v3/partner/risk-verifications/{api.user_id}/phone",
        org=org,
        json={"phoneNumber": "4085550199"},
    )
    assert_error(missing, 404, "BDC_1205")
    sid = partner.request(
        "POST", "/v3/partner/login-as-user", json={"userId": user["id"], "organizationId": org}
    )
    session = {"devKey": api.creds["devKey"], "sessionId": sid.json()["sessionId"]}
    assert api.client.get("/connect/v3/risk-verifications/phone", headers=session).json() == {
        "hasPhone": True
    }
    started = api.client.post("/connect/v3/risk-verifications", headers=session)
    assert started.status_code == 200 and started.json()["decision"] == "IN_PROGRESS"
