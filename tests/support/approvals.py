"""Users for approval flows: extra users of an organization, each logged in with their own
credentials (any devKey of the organization works for login)."""

from __future__ import annotations

from typing import Any

from support.api import Api
from support.api import add_user as api_add_user

POLICIES = "/v3/bill-approvals/policies"
ACTIONS = "/v3/bill-approvals/actions"
PENDING = "/v3/bill-approvals/pending-user-approvals"


def add_user(api: Api, first: str, last: str, role: str = "ADMINISTRATOR") -> Api:
    """A new user of ``api``'s organization (control plane), logged in."""
    return api_add_user(api, role, first, last)


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
