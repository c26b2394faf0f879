"""MFA: phone setup, challenges, trusted sessions, remembered devices, step-up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from bill_sandbox.app import create_app
from bill_sandbox.settings import Settings
from support.api import Api, assert_error, signup
from support.trust import BANK, PROTECTED


def challenge(api: Api, use_backup: bool = False) -> str:
    r = api.post("/v3/mfa/challenge", json={"useBackup": use_backup})
    assert r.status_code == 200, r.text
    cid: str = r.json()["challengeId"]
    return cid


def validate(api: Api, challenge_id: str, token: str, **extra: Any) -> httpx.Response:
    return api.post("/v3/mfa/challenge/validate", json={"challengeId": challenge_id, "token": token, **extra})


def login(api: Api, **changes: str) -> httpx.Response:
    r = api.client.post("/connect/v3/login", json=api.login_body(**changes))
    assert r.status_code == 200, r.text
    return r


def setup_phone(api: Api, phone: str, type_: str = "TEXT", **extra: Any) -> httpx.Response:
    r = api.post("/v3/mfa/setup", json={"phone": phone, "type": type_, **extra})
    if r.status_code != 200:
        return r
    return api.post(
        "/v3/mfa/setup/validate",
        json={"setupId": r.json()["setupId"], "type": type_, "token": api.mfa_code()},
    )


# ---------------------------------------------------------------------------------- trust


def test_new_session_is_untrusted_and_protected_operations_answer_1361(api: Api) -> None:
    r = login(api)
    assert r.json()["trusted"] is False
    assert_error(api.post(PROTECTED, json=BANK), 403, "BDC_1361", "Untrusted session.")
    details = api.get("/v3/login/session").json()
    assert details["mfaStatus"] == "ENABLED" and details["mfaBypass"] is False


def test_challenge_validation_trusts_the_current_session(api: Api) -> None:
    cid = challenge(api)
    r = validate(api, cid, "111111", device="laptop", machineName="build-01", rememberMe=True)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"rememberMeId"} and r.json()["rememberMeId"]
    assert api.post(PROTECTED, json=BANK).status_code == 201


def test_challenge_works_with_the_api_helper(api: Api) -> None:
    assert api.trust()
    assert api.post(PROTECTED, json=BANK).status_code == 201


def test_remembered_device_survives_session_expiry_for_30_days(api: Api) -> None:
    cid = challenge(api)
    remember_me_id = validate(api, cid, "111111", device="laptop", rememberMe=True).json()["rememberMeId"]
    api.advance(minutes=36)
    assert_error(api.get("/v3/login/session"), 401, "BDC_1109")
    r = login(api, rememberMeId=remember_me_id, device="laptop")
    assert r.json()["trusted"] is True
    api.session_id = r.json()["sessionId"]
    assert api.post(PROTECTED, json=BANK).status_code == 201
    api.advance(days=31)
    assert login(api, rememberMeId=remember_me_id, device="laptop").json()["trusted"] is False


def test_remembered_device_must_match(api: Api, new_api: Callable[[], Api]) -> None:
    remember_me_id = api.trust(device="laptop")
    assert login(api, rememberMeId=remember_me_id, device="phone").json()["trusted"] is False
    assert login(api, rememberMeId="not-an-id", device="laptop").json()["trusted"] is False
    assert login(api, rememberMeId=remember_me_id).json()["trusted"] is False  # no device
    other = new_api()
    assert login(other, rememberMeId=remember_me_id, device="laptop").json()["trusted"] is False


def test_without_remember_me_the_id_is_not_remembered(api: Api) -> None:
    remember_me_id = api.trust(device="laptop", remember_me=False)
    assert api.post(PROTECTED, json=BANK).status_code == 201  # this session is trusted
    assert login(api, rememberMeId=remember_me_id, device="laptop").json()["trusted"] is False


def test_device_is_optional_at_validation(api: Api) -> None:
    cid = challenge(api)
    remember_me_id = validate(api, cid, "111111", rememberMe=True).json()["rememberMeId"]
    assert login(api, rememberMeId=remember_me_id, device="anything").json()["trusted"] is True


def test_step_up(api: Api) -> None:
    remember_me_id = api.trust(device="laptop")
    api.login()  # a new, untrusted session
    assert_error(api.post(PROTECTED, json=BANK), 403, "BDC_1361")
    r = api.post("/v3/mfa/step-up", json={"rememberMeId": "wrong", "device": "laptop"})
    assert r.status_code == 200 and r.json() == {"trusted": False}
    assert_error(api.post(PROTECTED, json=BANK), 403, "BDC_1361")
    r = api.post("/v3/mfa/step-up", json={"rememberMeId": remember_me_id, "device": "laptop"})
    assert r.status_code == 200 and r.json() == {"trusted": True}
    assert api.post(PROTECTED, json=BANK).status_code == 201
    r = api.post("/v3/mfa/step-up", json={"rememberMeId": remember_me_id})
    assert_error(r, 400, None, "device: must not be blank")


def test_reset_keeps_remembered_devices(api: Api) -> None:
    remember_me_id = api.trust(device="laptop")
    r = api.sandbox("POST", "/reset", json={"organizationId": api.org_id})
    assert r.status_code == 200, r.text
    assert login(api, rememberMeId=remember_me_id, device="laptop").json()["trusted"] is True


def test_mfa_bypass_organization_gets_trusted_sessions(api: Api) -> None:
    r = api.sandbox("POST", f"/orgs/{api.org_id}/mfa-bypass", json={"enabled": True})
    assert r.json() == {"organizationId": api.org_id, "mfaBypass": True}, r.text
    r = login(api)
    assert r.json()["trusted"] is True
    api.session_id = r.json()["sessionId"]
    details = api.get("/v3/login/session").json()
    assert details["mfaStatus"] == "DISABLED" and details["mfaBypass"] is True
    assert api.post(PROTECTED, json=BANK).status_code == 201


# --------------------------------------------------------------------------------- tokens


def test_expired_token(api: Api) -> None:
    cid = challenge(api)
    assert_error(validate(api, cid, "000000"), 400, "BDC_1356")
    # the challenge is spent: even the right code is refused now
    assert_error(validate(api, cid, "111111"), 400, "BDC_1356")
    assert_error(api.post(PROTECTED, json=BANK), 403, "BDC_1361")


def test_third_invalid_token_locks_the_challenge(api: Api) -> None:
    cid = challenge(api)
    body = assert_error(validate(api, cid, "123456"), 400, "BDC_1119", "token")
    assert body[0]["category"] == "REQUEST"
    assert_error(validate(api, cid, "654321"), 400, "BDC_1119")
    assert_error(
        validate(api, cid, "222222"), 400, "BDC_1358", "2-Step Verification too many token response attempts."
    )
    assert_error(validate(api, cid, "111111"), 400, "BDC_1358")
    assert_error(api.post(PROTECTED, json=BANK), 403, "BDC_1361")
    # a new challenge starts over
    assert validate(api, challenge(api), "111111").status_code == 200


def test_used_challenge_cannot_be_replayed(api: Api) -> None:
    cid = challenge(api)
    assert validate(api, cid, "111111").status_code == 200
    assert_error(validate(api, cid, "111111"), 400, "BDC_1356")


def test_unknown_or_foreign_challenge_is_404(api: Api, new_api: Callable[[], Api]) -> None:
    assert_error(validate(api, "nope", "111111"), 404, "BDC_1205")
    other = new_api()
    cid = challenge(other)
    assert_error(validate(api, cid, "111111"), 404, "BDC_1205")


def test_validation_errors(api: Api) -> None:
    assert_error(api.post("/v3/mfa/challenge/validate", json={}), 400, None, "challengeId: must not be blank")
    assert_error(api.post("/v3/mfa/setup", json={"type": "TEXT"}), 400, None, "phone: must not be blank")
    assert_error(api.post("/v3/mfa/setup", json={"phone": "4155550123"}), 400, None, "type: must not be null")
    assert_error(api.post("/v3/mfa/setup", json={"phone": "4155550123", "type": "SMS"}), 400, "BDC_1129")
    assert_error(api.post("/v3/mfa/setup", json={"phone": "12", "type": "TEXT"}), 400, None, "phone: invalid")
    assert_error(api.post("/v3/mfa/challenge", json={"useBackup": "maybe"}), 400, "BDC_1129")
    assert api.post("/v3/mfa/challenge").status_code == 200  # the body is optional


def test_mfa_needs_a_session(api: Api) -> None:
    r = api.client.post("/connect/v3/mfa/challenge", headers={"devKey": api.creds["devKey"]}, json={})
    assert_error(r, 401, "BDC_1109")


# ---------------------------------------------------------------------------------- phones
@pytest.fixture
def bare(client: TestClient) -> Api:
    """A developer account signed up without an MFA phone (``mfaPhone: false``)."""
    r = client.post("/_sandbox/signup", json={"mfaPhone": False})
    assert r.status_code == 201, r.text
    return Api(client, r.json())


def test_signup_registers_a_phone(api: Api) -> None:
    (phone,) = api.get("/v3/mfa/phones").json()["results"]
    assert phone["type"] == "MOBILE" and phone["primary"] is True and len(phone["last4digits"]) == 4
    challenge(api)
    code = api.sandbox("GET", "/mfa/last-code", params={"userId": api.user_id}).json()
    assert code["last4digits"] == phone["last4digits"]


def test_challenge_without_a_phone_is_refused(bare: Api) -> None:
    assert bare.get("/v3/mfa/phones").json() == {"results": []}
    r = bare.post("/v3/mfa/challenge", json={"useBackup": False})
    assert_error(r, 400, "BDC_1119", "No phone is registered")
    assert setup_phone(bare, "4155550123").status_code == 200
    assert bare.post("/v3/mfa/challenge", json={}).status_code == 200


def test_phone_setup_and_list(bare: Api) -> None:
    api = bare
    assert api.get("/v3/mfa/phones").json() == {"results": []}
    r = api.post("/v3/mfa/setup", json={"phone": "+1 (415) 555-0123", "type": "TEXT", "primary": True})
    assert r.status_code == 200 and set(r.json()) == {"setupId"}
    code = api.sandbox("GET", "/mfa/last-code", params={"organizationId": api.org_id}).json()
    assert (
        code["kind"] == "SETUP" and code["setupId"] == r.json()["setupId"] and code["last4digits"] == "0123"
    )
    r = api.post(
        "/v3/mfa/setup/validate", json={"setupId": r.json()["setupId"], "type": "TEXT", "token": "111111"}
    )
    assert r.status_code == 200 and r.json() == {"status": "SUCCESS"}
    assert api.get("/v3/mfa/phones").json() == {
        "results": [{"type": "MOBILE", "last4digits": "0123", "primary": True}]
    }
    # a validated setup does not trust the session
    assert_error(api.post(PROTECTED, json=BANK), 403, "BDC_1361")


def test_setup_again_needs_a_trusted_session(bare: Api) -> None:
    api = bare
    assert setup_phone(api, "4155550123").status_code == 200
    r = api.post("/v3/mfa/setup", json={"phone": "4155550999", "type": "VOICE"})
    assert_error(r, 403, "BDC_1361")
    api.trust()
    # the /v3/mfa/validate alias validates a setup too
    r = api.post("/v3/mfa/setup", json={"phone": "4155550999", "type": "VOICE"})
    assert r.status_code == 200
    r = api.post(
        "/v3/mfa/validate", json={"setupId": r.json()["setupId"], "type": "VOICE", "token": "111111"}
    )
    assert r.status_code == 200 and r.json() == {"status": "SUCCESS"}
    assert api.get("/v3/mfa/phones").json()["results"] == [
        {"type": "MOBILE", "last4digits": "0123", "primary": True},
        {"type": "WORK", "last4digits": "0999", "primary": False},
    ]
    # the backup phone receives the code when asked
    challenge(api, use_backup=True)
    assert (
        api.sandbox("GET", "/mfa/last-code", params={"userId": api.user_id}).json()["last4digits"] == "0999"
    )
    challenge(api)
    assert (
        api.sandbox("GET", "/mfa/last-code", params={"userId": api.user_id}).json()["last4digits"] == "0123"
    )
    # a new primary moves the flag
    assert setup_phone(api, "4155550777", primary=True).status_code == 200
    primaries = [p["last4digits"] for p in api.get("/v3/mfa/phones").json()["results"] if p["primary"]]
    assert primaries == ["0777"]


def test_setup_token_errors(bare: Api) -> None:
    api = bare
    r = api.post("/v3/mfa/setup", json={"phone": "4155550123", "type": "TEXT"})
    setup_id = r.json()["setupId"]
    body = {"setupId": setup_id, "type": "TEXT"}
    assert_error(api.post("/v3/mfa/setup/validate", json={**body, "token": "1"}), 400, "BDC_1119")
    assert_error(api.post("/v3/mfa/setup/validate", json={**body, "token": "2"}), 400, "BDC_1119")
    assert_error(api.post("/v3/mfa/setup/validate", json={**body, "token": "3"}), 400, "BDC_1358")
    assert api.get("/v3/mfa/phones").json() == {"results": []}
    r = api.post("/v3/mfa/setup", json={"phone": "4155550123", "type": "TEXT"})
    body = {"setupId": r.json()["setupId"], "type": "TEXT", "token": "000000"}
    assert_error(api.post("/v3/mfa/setup/validate", json=body), 400, "BDC_1356")
    assert_error(api.post("/v3/mfa/setup/validate", json={**body, "setupId": "nope"}), 404, "BDC_1205")


# ---------------------------------------------------------------------------- control plane


def test_last_code_filters(api: Api, new_api: Callable[[], Api]) -> None:
    other = new_api()
    challenge(api)
    cid = challenge(other)
    last = api.sandbox("GET", "/mfa/last-code").json()
    assert last["challengeId"] == cid and last["code"] == "111111" and last["state"] == "OPEN"
    mine = api.sandbox("GET", "/mfa/last-code", params={"organizationId": api.org_id}).json()
    assert mine["organizationId"] == api.org_id and mine["userId"] == api.user_id
    r = api.sandbox("GET", "/mfa/last-code", params={"userId": "00602NOBODYXXXXXabcd"})
    assert_error(r, 404, None, "No MFA code")


@pytest.mark.inprocess  # its own app with configured codes
def test_configured_and_random_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILL_SANDBOX_MFA_CODE", "246810")
    assert Settings().mfa_code == "246810"
    settings = Settings(data_dir=tmp_path, argon2_time_cost=1, argon2_memory_kib=1024, mfa_code="random")
    with TestClient(create_app(settings)) as client:
        api = Api(client, signup(client))
        cid = challenge(api)
        code = api.mfa_code()
        assert len(code) == 6 and code.isdigit() and code != "000000"
        if code != "111111":
            assert_error(validate(api, cid, "111111"), 400, "BDC_1119")
        assert validate(api, cid, code).status_code == 200
        assert api.trust()
