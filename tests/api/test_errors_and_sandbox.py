"""Error handling at the edges, and the control plane."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from support.api import Api, assert_error


def test_unknown_paths_and_methods(api: Api) -> None:
    assert_error(api.get("/v3/no-such-thing"), 404, "BDC_1121", "API not supported")
    assert_error(api.client.get("/nowhere"), 404, "BDC_1121")
    assert_error(api.delete("/v3/customers"), 405, "BDC_1121")


def test_oversize_body_is_a_bill_error(api: Api) -> None:
    big = b'{"name": "' + b"x" * 1_100_000 + b'", "email": "a@b.co"}'
    r = api.post("/v3/customers", content=big, headers={"Content-Type": "application/json"})
    assert_error(r, 413, "BDC_1119")


def test_no_fastapi_detail_bodies(api: Api) -> None:
    for r in (
        api.post("/v3/customers", content=b"\xff\xfe", headers={"Content-Type": "application/json"}),
        api.post("/v3/login"),
        api.get("/v3/customers/%00"),
        api.post("/v3/customers", data={"a": "b"}),
    ):
        assert r.status_code < 500, r.text
        assert "detail" not in r.text or isinstance(r.json(), list), r.text


def test_clock_read_and_advance(api: Api) -> None:
    before = api.clock()
    assert before["organizationId"] == api.org_id
    moved = api.advance(days=2)
    assert moved["offsetSeconds"] >= before["offsetSeconds"] + 2 * 86400
    assert moved["now"] > before["now"] and moved["organizationId"] == api.org_id
    assert_error(api.sandbox("GET", "/clock", params={"organizationId": "00802NOSUCHORGxxabcd"}), 404)
    r = api.sandbox("POST", "/clock/advance", json={"days": 1, "organizationId": "00802NOSUCHORGxxabcd"})
    assert_error(r, 404)
    assert_error(api.sandbox("POST", "/clock/advance", json={}), 400)
    assert_error(api.sandbox("POST", "/clock/advance", json={"seconds": -5}), 400)
    assert_error(api.sandbox("POST", "/clock/advance", json={"weeks": 1}), 400, "BDC_1002")


def test_signup_refuses_a_username_that_has_an_account(api: Api) -> None:
    r = api.sandbox("POST", "/signup", json={"username": api.creds["username"].upper()})
    body = assert_error(r, 400)
    assert "already has an account" in body[0]["message"]


def test_each_organization_has_its_own_time(api: Api, new_api: Any) -> None:
    """Advancing one organization leaves the others where they are; its records are dated on
    its own time; a reset rewinds it to now; advancing without an organization moves all."""
    other = new_api()
    mine_before, theirs_before = api.clock()["now"], other.clock()["now"]
    api.advance(days=30)
    assert api.clock()["now"][:10] > theirs_before[:10]
    assert other.clock()["now"][:10] == theirs_before[:10]
    api.login()  # the session idled out during those 30 days
    created = api.post("/v3/customers", json={"name": "Later", "email": "later@example.com"}).json()
    assert created["createdTime"][:10] == api.clock()["now"][:10] > mine_before[:10]
    r = api.sandbox("POST", "/reset", json={"organizationId": api.org_id})
    assert r.status_code == 200, r.text
    assert abs(api.clock()["offsetSeconds"]) < 1
    shared = api.sandbox("GET", "/clock").json()["offsetSeconds"]
    moved = api.sandbox("POST", "/clock/advance", json={"hours": 1}).json()
    assert moved["offsetSeconds"] == shared + 3600
    assert other.clock()["offsetSeconds"] >= 3600


def test_signup_returns_working_credentials(api: Api) -> None:
    r = api.sandbox(
        "POST", "/signup", json={"username": "Custom.User@Example.com", "password": "longenough1"}
    )
    creds = r.json()
    assert r.status_code == 201
    assert set(creds) >= {"baseUrl", "username", "password", "devKey", "organizationId"}
    assert creds["baseUrl"].endswith("/connect") and creds["organizationId"].startswith("008")
    login = api.client.post(
        "/connect/v3/login",
        json={
            "username": "custom.user@example.com",
            "password": "longenough1",
            "organizationId": creds["organizationId"],
            "devKey": creds["devKey"],
        },
    )
    assert login.status_code == 200


def test_reset_one_organization(api: Api, new_api: Callable[[], Api]) -> None:
    other = new_api()
    for who in (api, other):
        assert who.post("/v3/customers", json={"name": "Keep?", "email": "k@ex.com"}).status_code == 201
    r = api.sandbox("POST", "/reset", json={"organizationId": api.org_id})
    assert r.status_code == 200 and r.json()["organizations"] == [api.org_id]
    assert api.get("/v3/customers").json()["results"] == []
    assert len(other.get("/v3/customers").json()["results"]) == 1
    assert api.get("/v3/login/session").status_code == 200  # accounts and sessions stay
    assert_error(api.sandbox("POST", "/reset", json={"organizationId": "00802AAAAAAAAAAAaaaa"}), 404)


def test_reset_everything(api: Api, new_api: Callable[[], Api]) -> None:
    other = new_api()
    other.post("/v3/customers", json={"name": "Gone", "email": "g@ex.com"})
    assert api.sandbox("POST", "/reset").status_code == 200
    assert other.get("/v3/customers").json()["results"] == []


def test_control_plane_has_its_own_spec(api: Api) -> None:
    spec = api.client.get("/_sandbox/openapi.json").json()
    assert "/signup" in spec["paths"] and "/clock/advance" in spec["paths"]
    connect = api.client.get("/connect/openapi.json").json()
    assert not any("signup" in p or "clock" in p for p in connect["paths"])
