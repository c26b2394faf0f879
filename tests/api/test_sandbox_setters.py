"""Control-plane setters (``/_sandbox``): the states tests and demos reach without BILL's side
(network, virtual cards, users with a role, trusted sessions, MFA bypass, recorded events,
wall-clock time), and their errors."""

from __future__ import annotations

from support.api import Api, add_user, assert_error, recorded_events
from support.payments import check_vendor
from support.trust import BANK, PROTECTED


def test_vendor_network_and_virtual_card(api: Api) -> None:
    vendor = check_vendor(api)
    url = f"/vendors/{vendor['id']}/network"
    r = api.sandbox("POST", url, json={"organizationId": api.org_id, "status": "CONNECTED"})
    assert r.status_code == 200 and r.json()["networkStatus"] == "CONNECTED", r.text
    got = api.get(f"/v3/vendors/{vendor['id']}").json()
    assert got["networkStatus"] == "CONNECTED" and got["paymentInformation"]["payByType"] == "WALLET"
    body = {"organizationId": api.org_id, "status": "CONNECTED_RPPS"}
    assert_error(api.sandbox("POST", url, json=body), 400, None, "rppsId")
    assert_error(api.sandbox("POST", url, json={**body, "status": "FRIENDS"}), 400)
    missing = "/vendors/00901NOSUCHVENDORabcd/network"
    assert_error(api.sandbox("POST", missing, json={"organizationId": api.org_id, "status": "PENDING"}), 404)
    r = api.sandbox("POST", f"/vendors/{vendor['id']}/virtual-card", json={"organizationId": api.org_id})
    assert r.status_code == 200, r.text
    card = api.get(f"/v3/vendors/{vendor['id']}").json()["paymentInformation"]["virtualCard"]
    assert card["status"] == "ENROLLED" and card["remitEmail"] == "cards@example.com"
    assert card["enrollDate"] == api.clock()["now"][:10]
    other = {"organizationId": "00801NOSUCHORGabcdef"}
    assert_error(api.sandbox("POST", f"/vendors/{vendor['id']}/virtual-card", json=other), 404, "BDC_1205")


def test_users_with_a_role_log_in(api: Api) -> None:
    clerk = add_user(api, "CLERK", "Cleo", "Clerk")
    assert clerk.user_id != api.user_id and clerk.session_id
    assert clerk.get("/v3/login/session").json()["userId"] == clerk.user_id
    body = {"organizationId": api.org_id, "username": clerk.creds["username"]}
    assert_error(api.sandbox("POST", "/users", json=body), 400, None, "username")
    assert_error(api.sandbox("POST", "/users", json={"organizationId": api.org_id, "role": "KING"}), 400)
    assert_error(api.sandbox("POST", "/users", json={"organizationId": "00801NOSUCHORGabcdef"}), 404)


def test_trusted_sessions_and_mfa_bypass(api: Api) -> None:
    assert_error(api.post(PROTECTED, json=BANK), 403, "BDC_1361")
    r = api.sandbox("POST", "/sessions/trust", json={"sessionId": api.session_id})
    assert r.json() == {
        "sessionId": api.session_id,
        "organizationId": api.org_id,
        "userId": api.user_id,
        "trusted": True,
    }
    assert api.post(PROTECTED, json=BANK).status_code == 201
    assert_error(api.sandbox("POST", "/sessions/trust", json={"sessionId": "nope"}), 404, "BDC_1205")
    url = f"/orgs/{api.org_id}/mfa-bypass"
    assert api.sandbox("POST", url, json={"enabled": True}).json()["mfaBypass"] is True
    assert api.login().json()["trusted"] is True
    assert api.sandbox("POST", url, json={"enabled": False}).json()["mfaBypass"] is False
    assert api.login().json()["trusted"] is False
    assert_error(api.sandbox("POST", "/orgs/00801NOSUCHORGabcdef/mfa-bypass", json={"enabled": True}), 404)


def test_recorded_events_and_their_errors(api: Api) -> None:
    body = {"organizationId": api.org_id, "type": "vendor.created", "object": {"id": "00901X", "name": "V"}}
    r = api.sandbox("POST", "/events", json=body)
    assert r.status_code == 201, r.text
    (event,) = recorded_events(api, "00901X")
    assert event["id"] == r.json()["id"] and event["payload"] == {"id": "00901X", "name": "V"}
    assert_error(api.sandbox("POST", "/events", json={**body, "type": "vendor.exploded"}), 400, None, "type")
    assert_error(api.sandbox("POST", "/events", json={**body, "object": {"name": "V"}}), 400, None, "id")


def test_wall_clock_time_without_applying(api: Api) -> None:
    before = api.clock()["offsetSeconds"]
    body = {"organizationId": api.org_id, "hours": 2, "apply": False}
    r = api.sandbox("POST", "/clock/advance", json=body)
    assert r.status_code == 200 and r.json()["applied"] is False, r.text
    assert api.clock()["offsetSeconds"] == before + 7200
    assert_error(api.sandbox("POST", "/clock/advance", json={**body, "organizationId": "00801NOPEabc"}), 404)
