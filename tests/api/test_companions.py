"""What the Postman collection's partner and network requests sign in with: the partner account
and the second organization ``serve`` creates (``accounts.companions``), and the control plane's
``POST /_sandbox/network/invitations`` that gives "Accept connection request" a request to accept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bill_sandbox.accounts.bootstrap import ENV_FILE, ensure_default_account, read_environment
from bill_sandbox.app import create_app
from bill_sandbox.settings import Settings


def _login(client: TestClient, creds: dict[str, Any]) -> dict[str, str]:
    body = {k: creds[k] for k in ("username", "password", "organizationId", "devKey")}
    r = client.post("/connect/v3/login", json=body)
    assert r.status_code == 200, r.text
    return {"devKey": creds["devKey"], "sessionId": r.json()["sessionId"]}


def _signup(client: TestClient, name: str) -> dict[str, Any]:
    r = client.post("/_sandbox/signup", json={"organizationName": name})
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def test_another_organization_sends_a_request_this_one_accepts(client: TestClient) -> None:
    invited = _signup(client, "Invited Accepting Org")
    inviter = _signup(client, "Inviting Neighbor Org")
    r = client.post(
        "/_sandbox/network/invitations",
        json={"organizationId": inviter["organizationId"], "networkId": invited["organizationId"]},
    )
    assert r.status_code == 201, r.text
    sent = r.json()
    assert sent["status"] == "PENDING" and sent["customerId"].startswith("0cu")

    # The inviter's new customer is named after the organization invited, and waits.
    as_inviter = _login(client, inviter)
    customer = client.get(f"/connect/v3/customers/{sent['customerId']}", headers=as_inviter).json()
    assert customer["name"] == "Invited Accepting Org"
    status = client.get(f"/connect/v3/network/invitation/customer/{sent['customerId']}", headers=as_inviter)
    assert status.json() == {
        "id": sent["customerId"],
        "status": "PENDING",
        "networkId": invited["organizationId"],
    }

    # The invited organization accepts it: the inviter is its vendor; both sides connect.
    as_invited = _login(client, invited)
    accept = {"networkId": inviter["organizationId"], "type": "VENDOR", "name": "Neighbor"}
    r = client.post("/connect/v3/network/invitation/accept", json=accept, headers=as_invited)
    assert r.status_code == 200, r.text
    status = client.get(f"/connect/v3/network/invitation/customer/{sent['customerId']}", headers=as_inviter)
    assert status.json()["status"] == "CONNECTED"
    # Nothing left to accept.
    r = client.post("/connect/v3/network/invitation/accept", json=accept, headers=as_invited)
    assert r.status_code == 400 and r.json()[0]["code"] == "BDC_1119"


def test_network_invitation_errors(client: TestClient) -> None:
    org = _signup(client, "Lonely Org")["organizationId"]
    same = client.post("/_sandbox/network/invitations", json={"organizationId": org, "networkId": org})
    assert same.status_code == 400 and same.json()[0]["code"] == "BDC_1119"
    unknown = client.post(
        "/_sandbox/network/invitations", json={"organizationId": org, "networkId": "00899999999999999999"}
    )
    assert unknown.status_code == 404 and unknown.json()[0]["code"] == "BDC_1205"
    missing = client.post("/_sandbox/network/invitations", json={"organizationId": org})
    assert missing.status_code == 400 and isinstance(missing.json(), list)


def test_serve_writes_the_partner_and_the_second_organization(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, argon2_time_cost=1, argon2_memory_kib=1024, background=False)
    app = create_app(settings)
    with TestClient(app) as client:
        creds = ensure_default_account(app.state.db, settings)
        env = read_environment(tmp_path / ENV_FILE)
        assert {k: env[k] for k in creds.companions} == creds.companions
        assert set(creds.companions) == {
            "partnerUsername",
            "partnerPassword",
            "partnerAppKey",
            "networkId",
            "networkName",
        }

        def partner_login(password: str) -> int:
            body = {
                "username": env["partnerUsername"],
                "password": password,
                "appKey": env["partnerAppKey"],
            }
            return client.post("/connect/v3/partner/login", json=body).status_code

        assert partner_login(env["partnerPassword"]) == 200
        # The second organization is found by its name, as the collection's search does.
        headers = _login(
            client,
            {
                "username": env["username"],
                "password": env["password"],
                "organizationId": env["orgId"],
                "devKey": env["devKey"],
            },
        )
        found = client.get("/connect/v3/network", params={"name": env["networkName"]}, headers=headers)
        assert [o["id"] for o in found.json()["results"]] == [env["networkId"]]

        # A restart finds the same ones; a lost environment file gives the partner a new password.
        assert ensure_default_account(app.state.db, settings).companions == creds.companions
        (tmp_path / ENV_FILE).unlink()
        again = ensure_default_account(app.state.db, settings).companions
        assert again["partnerAppKey"] == env["partnerAppKey"] and again["networkId"] == env["networkId"]
        assert again["partnerPassword"] != env["partnerPassword"]
        assert partner_login(env["partnerPassword"]) == 400
        assert partner_login(again["partnerPassword"]) == 200


def test_an_untouched_environment_file_is_trusted_without_argon2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restart with the file as the last start left it checks no password with argon2 and
    leaves the file alone; a file edited since is checked again (a wrong password is replaced)."""
    from bill_sandbox.accounts import service

    settings = Settings(data_dir=tmp_path, argon2_time_cost=1, argon2_memory_kib=1024, background=False)
    app = create_app(settings)
    path = tmp_path / ENV_FILE
    with TestClient(app):
        first = ensure_default_account(app.state.db, settings)
        stamp = path.stat().st_mtime_ns
        checks: list[str] = []
        real = service.password_matches

        def counted(settings: Settings, password_hash: str, password: str) -> bool:
            checks.append(password)
            return real(settings, password_hash, password)

        monkeypatch.setattr(service, "password_matches", counted)
        again = ensure_default_account(app.state.db, settings)
        assert (again.password, again.companions) == (first.password, first.companions)
        assert checks == [] and path.stat().st_mtime_ns == stamp

        # Edited by hand: both passwords are checked; the wrong one is replaced, the right kept.
        text = path.read_text().replace(first.password, "not-the-password")
        path.write_text(text)
        fixed = ensure_default_account(app.state.db, settings)
        assert sorted(checks) == sorted(["not-the-password", first.companions["partnerPassword"]])
        assert fixed.password != first.password
        assert fixed.companions["partnerPassword"] == first.companions["partnerPassword"]
        assert read_environment(path)["password"] == fixed.password
