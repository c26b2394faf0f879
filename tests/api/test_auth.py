"""Login, logout, session details, health, headers, idle expiry, lockout."""

from __future__ import annotations

from collections.abc import Callable

from support.api import Api, assert_error


def test_login_returns_a_session(api: Api) -> None:
    r = api.client.post("/connect/v3/login", json=api.login_body())
    body = r.json()
    assert r.status_code == 200
    assert set(body) == {"sessionId", "organizationId", "userId", "trusted"}
    assert body["organizationId"] == api.org_id and body["userId"] == api.user_id
    assert body["trusted"] is False and body["sessionId"] != api.session_id


def test_session_details(api: Api) -> None:
    r = api.get("/v3/login/session")
    assert r.status_code == 200
    assert r.json()["organizationId"] == api.org_id and r.json()["userId"] == api.user_id
    assert r.json()["mfaStatus"] in ("ENABLED", "DISABLED")


def test_health_needs_no_auth(api: Api) -> None:
    r = api.client.get("/connect/v3/health")
    assert r.status_code == 200 and set(r.json()) == {"appId", "appEnv", "appVersion", "bdcRegion"}


def test_wrong_password(api: Api) -> None:
    r = api.client.post("/connect/v3/login", json=api.login_body(password="nope-nope"))
    assert_error(r, 400, "BDC_1101", "do not match")


def test_unknown_username(api: Api) -> None:
    r = api.client.post("/connect/v3/login", json=api.login_body(username="who@example.com"))
    assert_error(r, 400, "BDC_1101")


def test_invalid_dev_key(api: Api) -> None:
    r = api.client.post("/connect/v3/login", json=api.login_body(devKey="not-a-key"))
    assert_error(r, 400, "BDC_1102")


def test_unknown_organization(api: Api) -> None:
    r = api.client.post("/connect/v3/login", json=api.login_body(organizationId="00802AAAAAAAAAAAaaaa"))
    assert_error(r, 400, "BDC_1123")


def test_missing_login_fields_are_field_errors(api: Api) -> None:
    r = api.client.post("/connect/v3/login", json={"username": "a@b.co"})
    body = assert_error(r, 400)
    messages = {e["message"] for e in body}
    assert {
        "password: must not be blank",
        "organizationId: must not be blank",
        "devKey: must not be blank",
    } <= messages


def test_repeated_failures_lock_the_login(api: Api) -> None:
    for _ in range(5):
        assert_error(
            api.client.post("/connect/v3/login", json=api.login_body(password="bad-bad")), 400, "BDC_1101"
        )
    # Locked now, even with the right password.
    assert_error(api.client.post("/connect/v3/login", json=api.login_body()), 400, "BDC_1110")
    api.advance(minutes=16)
    assert api.client.post("/connect/v3/login", json=api.login_body()).status_code == 200


def test_locked_magic_username(api: Api) -> None:
    r = api.client.post("/connect/v3/login", json=api.login_body(username="x+locked@example.com"))
    assert_error(r, 400, "BDC_1110")


def test_logout_invalidates_the_session(api: Api) -> None:
    r = api.post("/v3/logout")
    assert r.status_code == 200 and r.content == b""
    assert_error(api.get("/v3/login/session"), 401, "BDC_1109", "Session is invalid")


def test_missing_and_wrong_headers(api: Api) -> None:
    c = api.client
    assert_error(
        c.get("/connect/v3/customers", headers={"sessionId": api.session_id}), 400, "BDC_1108", "devKey"
    )
    assert_error(c.get("/connect/v3/customers", headers={"devKey": api.creds["devKey"]}), 401, "BDC_1109")
    assert_error(api.get("/v3/customers", headers={"sessionId": "forged"}), 401, "BDC_1109")
    assert_error(api.get("/v3/customers", headers={"devKey": "unknown-key"}), 401, "BDC_1102")
    assert_error(api.get("/v3/customers", headers={"sessionId": "{{sessionId}}"}), 401, "BDC_1109")


def test_header_names_are_case_insensitive(api: Api) -> None:
    r = api.client.get(
        "/connect/v3/login/session", headers={"DEVKEY": api.creds["devKey"], "sessionid": api.session_id}
    )
    assert r.status_code == 200


def test_session_of_another_dev_key_is_refused(api: Api, new_api: Callable[[], Api]) -> None:
    other = new_api()
    r = api.get("/v3/login/session", headers={"devKey": other.creds["devKey"]})
    assert_error(r, 401, "BDC_1109")


def test_idle_expiry_follows_the_sandbox_clock(api: Api) -> None:
    api.advance(minutes=30)
    assert api.get("/v3/login/session").status_code == 200  # resets the idle timer
    api.advance(minutes=30)
    assert api.get("/v3/login/session").status_code == 200  # 60 min old, 30 min idle: alive
    api.advance(minutes=36)
    assert_error(api.get("/v3/login/session"), 401, "BDC_1109")
    api.login()
    assert api.get("/v3/login/session").status_code == 200
