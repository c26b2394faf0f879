"""Helpers for the users/organizations/partner/network tests."""

from __future__ import annotations

from typing import Any

import httpx

from support.api import Api


def role_id(api: Api, type_: str) -> str:
    r = api.get("/v3/roles", params={"filters": f"type:eq:{type_}"})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert len(results) == 1, results
    out: str = results[0]["id"]
    return out


def new_user(api: Api, role: str = "MEMBER", email: str | None = None, **extra: Any) -> dict[str, Any]:
    import uuid

    body = {
        "firstName": "Mem",
        "lastName": "Ber",
        "email": email or f"user-{uuid.uuid4().hex[:8]}@example.com",
        "roleId": role_id(api, role),
        "acceptTermsOfService": True,
        **extra,
    }
    r = api.post("/v3/users", json=body)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def login_as(api: Api, user_id: str) -> Api:
    """Set the user's password through the control plane and log in as them (same devKey)."""
    r = api.sandbox("POST", "/users/password", json={"organizationId": api.org_id, "userId": user_id})
    assert r.status_code == 200, r.text
    creds = {
        **api.creds,
        "username": r.json()["username"],
        "password": r.json()["password"],
        "userId": user_id,
    }
    return Api(api.client, creds)


class Partner:
    """A partner account, logged in."""

    def __init__(self, client: httpx.Client) -> None:
        r = client.post("/_sandbox/signup", json={"partner": True})
        assert r.status_code == 201, r.text
        self.client = client
        self.creds: dict[str, str] = r.json()
        self.app_key = self.creds["appKey"]
        r = client.post(
            "/connect/v3/partner/login",
            json={
                "username": self.creds["username"],
                "password": self.creds["password"],
                "appKey": self.app_key,
            },
        )
        assert r.status_code == 200, r.text
        self.session_id: str = r.json()["sessionId"]

    def request(self, method: str, path: str, org: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = {"appKey": self.app_key, "sessionId": self.session_id, **kwargs.pop("headers", {})}
        if org:
            headers["organizationId"] = org
        return self.client.request(method, "/connect" + path, headers=headers, **kwargs)

    def create_org(self, name: str = "Rice Cakes Inc") -> dict[str, Any]:
        r = self.request(
            "POST",
            "/v3/partner/organizations",
            json={
                "name": name,
                "address": {
                    "line1": "987 Home St",
                    "city": "San Jose",
                    "zipOrPostalCode": "95002",
                    "country": "US",
                },
            },
        )
        assert r.status_code == 201, r.text
        out: dict[str, Any] = r.json()
        return out
