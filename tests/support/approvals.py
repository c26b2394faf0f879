"""Users for approval flows: extra users of an organization, each logged in with their own
credentials (any devKey of the organization works for login)."""

from __future__ import annotations

import secrets
from typing import Any

from bill_sandbox.accounts import service as accounts
from bill_sandbox.accounts.mfa import register_phone
from support.api import Api

POLICIES = "/v3/bill-approvals/policies"
ACTIONS = "/v3/bill-approvals/actions"
PENDING = "/v3/bill-approvals/pending-user-approvals"


def add_user(api: Api, first: str, last: str, role: str = "ADMINISTRATOR") -> Api:
    """A new user of ``api``'s organization, created in the users table and logged in."""
    app: Any = api.client.bill_app  # type: ignore[attr-defined]
    username = f"{first.lower()}-{secrets.token_hex(4)}@example.com"
    password = "a-long-password"
    with app.state.db.transaction() as tx:
        user_id = accounts.create_user(
            tx, app.state.settings, api.org_id, username, password, first, last, role
        )
        register_phone(tx, api.org_id, user_id)  # MFA challenges need a registered phone
    return Api(api.client, {**api.creds, "username": username, "password": password, "userId": user_id})


def policy_body(approvers: list[str], *rules: dict[str, Any], name: str = "Big bills") -> dict[str, Any]:
    return {"policyName": name, "rules": list(rules), "approvers": approvers}


def amount_rule(op: str, *values: str) -> dict[str, Any]:
    return {"key": "BILL_AMOUNT", "op": op, "values": list(values)}


def make_policy(api: Api, approvers: list[str], *rules: dict[str, Any], name: str = "Big bills") -> Any:
    r = api.post(POLICIES, json=policy_body(approvers, *rules, name=name))
    assert r.status_code == 201, r.text
    return r.json()


def act(api: Api, bill_id: str, action: str = "APPROVE", comment: str = "ok") -> Any:
    return api.post(ACTIONS, json=[{"billId": bill_id, "action": action, "comment": comment}])


def pending_ids(api: Api) -> list[str]:
    r = api.get(PENDING)
    assert r.status_code == 200, r.text
    return [b["billId"] for b in r.json()["bills"]]
