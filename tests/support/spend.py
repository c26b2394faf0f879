"""Spend & Expense test helpers: a client with the organization's apiToken."""

from __future__ import annotations

from typing import Any

import httpx

from support.api import Api, Verbs


class Spend(Verbs):
    """Calls ``/connect/v3/spend/...`` with one apiToken (the signup's ADMIN by default)."""

    def __init__(self, api: Api, token: str | None = None) -> None:
        self.api = api
        self.token = token or api.creds["apiToken"]

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"apiToken": self.token, **kwargs.pop("headers", {})}
        return self.api.client.request(method, "/connect/v3/spend" + path, headers=headers, **kwargs)

    def ok(self, method: str, path: str, **kwargs: Any) -> Any:
        r = self.request(method, path, **kwargs)
        assert r.status_code == 200, r.text
        return r.json() if r.content else None

    def as_role(self, role: str) -> Spend:
        """Another token: a new S&E user with ``role`` (control plane)."""
        r = self.api.sandbox("POST", "/spend/tokens", json={"organizationId": self.api.org_id, "role": role})
        assert r.status_code == 200, r.text
        return Spend(self.api, r.json()["apiToken"])

    def me(self) -> dict[str, Any]:
        out: dict[str, Any] = self.ok("GET", "/users/current")
        return out

    def user(self, role: str = "MEMBER", **fields: Any) -> dict[str, Any]:
        n = len(self.ok("GET", "/users", params={"max": 100})["results"])
        body = {
            "firstName": "Clark",
            "lastName": f"Spender{n}",
            "email": f"clark{n}@example.com",
            "role": role,
        }
        out: dict[str, Any] = self.ok("POST", "/users", json={**body, **fields})
        return out

    def budget(self, **fields: Any) -> dict[str, Any]:
        body = {
            "name": "Team budget",
            "owners": [self.me()["uuid"]],
            "recurringInterval": "MONTHLY",
            "limit": 500,
        }
        out: dict[str, Any] = self.ok("POST", "/budgets", json={**body, **fields})
        return out

    def card(self, budget: dict[str, Any], **fields: Any) -> dict[str, Any]:
        body = {"name": "Vendor card", "userId": self.me()["uuid"], "budgetId": budget["uuid"]}
        out: dict[str, Any] = self.ok("POST", "/cards", json={**body, **fields})
        return out

    def swipe(
        self, card: dict[str, Any], amount: float, action: str = "AUTHORIZE", **fields: Any
    ) -> dict[str, Any]:
        body = {"cardId": card["uuid"], "amount": amount, "merchantName": "Office Depot", "action": action}
        r = self.api.sandbox("POST", "/spend/transactions", json={**body, **fields})
        assert r.status_code == 200, r.text
        out: dict[str, Any] = r.json()
        return out
