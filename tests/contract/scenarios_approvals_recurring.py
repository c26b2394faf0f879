"""Contract scenarios: bill approvals (policies, actions, pending list) and recurring bills,
every writable field set."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from contract.shapes import scenario
from support.ap import make_bill, make_classifications, make_vendor, org_bank_account, post_ok
from support.approvals import ACTIONS, PENDING, POLICIES, add_user, amount_rule, policy_body
from support.trust import trust

RECURRING = "/v3/recurringbills"
POLICY = POLICIES + "/{policyId}"
RECURRING_BILL = RECURRING + "/{recurringBillId}"


# --------------------------------------------------------------------------------- approvals
def full_policy(api: Any, approvers: list[str] | None = None) -> dict[str, Any]:
    """A policy with every rule key and two approvers."""
    refs = make_classifications(api)
    vendor = make_vendor(api, name="Approved Supplies")
    second = add_user(api, "Ada", "Lovelace")
    return policy_body(
        approvers or [api.user_id, second.user_id],
        amount_rule("gte", "1000"),
        {"key": "VENDOR_ID", "op": "lt", "values": [vendor["id"]]},
        {"key": "CHART_OF_ACCOUNT_ID", "op": "gte", "values": [refs["chartOfAccountId"]]},
        {"key": "JOB_ID", "op": "gte", "values": [refs["jobId"]]},
        {"key": "LOCATION_ID", "op": "gte", "values": [refs["locationId"]]},
        name="Approval policy for bills >= $1000",
    )


def _bill_waiting_for(api: Any) -> dict[str, Any]:
    """A vendor's bill of 1500 under a BILL_AMOUNT policy with ``api``'s user as approver."""
    post_ok(api, POLICIES, policy_body([api.user_id], amount_rule("gte", "1000")))
    vendor = make_vendor(api, name="Approval Vendor")
    return make_bill(api, vendor["id"], 1500)


@scenario("GET", POLICIES)
def list_policies(api: Any) -> httpx.Response:
    post_ok(api, POLICIES, full_policy(api))
    return api.get(POLICIES)


@scenario("POST", POLICIES)
def create_policy(api: Any) -> httpx.Response:
    return api.post(POLICIES, json=full_policy(api))


@scenario("PUT", POLICY)
def update_policy(api: Any) -> httpx.Response:
    policy = post_ok(api, POLICIES, policy_body([api.user_id], amount_rule("lt", "10")))
    return api.put(f"{POLICIES}/{policy['id']}", json=full_policy(api))


@scenario("DELETE", POLICY)
def delete_policy(api: Any) -> httpx.Response:
    policy = post_ok(api, POLICIES, policy_body([api.user_id], amount_rule("lt", "10")))
    return api.delete(f"{POLICIES}/{policy['id']}")


@scenario("POST", ACTIONS)
def approve_or_deny(api: Any) -> httpx.Response:
    bill = _bill_waiting_for(api)
    body = [{"billId": bill["id"], "action": "APPROVE", "comment": "Approved for payment"}]
    return api.post(ACTIONS, json=body)


@scenario("GET", PENDING)
def pending_approvals(api: Any) -> httpx.Response:
    _bill_waiting_for(api)
    return api.get(PENDING)


# --------------------------------------------------------------------------- recurring bills
def full_recurring(api: Any) -> dict[str, Any]:
    """Every writable field (autoPayment on: the session must be trusted)."""
    refs = make_classifications(api)
    line_refs = {k: v for k, v in refs.items() if k != "customerId"}
    vendor = make_vendor(api, name="Monthly Tea Co")
    start = date.fromisoformat(api.clock()["now"][:10]) + timedelta(days=40)
    trust(api)
    return {
        "vendorId": vendor["id"],
        "description": "Tea subscription",
        "schedule": {
            "period": "MONTHLY",
            "frequency": 1,
            "nextDueDate": str(start),
            "endDate": str(start + timedelta(days=330)),
            "daysInAdvance": 5,
        },
        "recurringBillLineItems": [
            {"amount": 19.99, "description": "Monthly subscription", "classifications": line_refs},
            {"amount": 4.99, "description": "Decaf black tea (10 bags)", "classifications": line_refs},
        ],
        "processingOptions": {"autoPayment": True},
        "paymentInformation": {"bankAccountId": org_bank_account(api)},
    }


def _recurring(api: Any) -> dict[str, Any]:
    return dict(post_ok(api, RECURRING, full_recurring(api)))


@scenario("GET", RECURRING)
def list_recurring(api: Any) -> httpx.Response:
    for _ in range(3):  # the middle page has both cursors
        _recurring(api)
    first = api.get(RECURRING, params={"max": 1})
    return api.get(RECURRING, params={"max": 1, "page": first.json()["nextPage"]})


@scenario("POST", RECURRING)
def create_recurring(api: Any) -> httpx.Response:
    return api.post(RECURRING, json=full_recurring(api))


@scenario("GET", RECURRING_BILL)
def get_recurring(api: Any) -> httpx.Response:
    return api.get(f"{RECURRING}/{_recurring(api)['id']}")


@scenario("PUT", RECURRING_BILL)
def replace_recurring(api: Any) -> httpx.Response:
    doc = _recurring(api)
    body = full_recurring(api)
    body["vendorId"] = doc["vendorId"]
    body["recurringBillLineItems"][0]["id"] = doc["recurringBillLineItems"][0]["id"]
    return api.put(f"{RECURRING}/{doc['id']}", json=body)


@scenario("PATCH", RECURRING_BILL)
def update_recurring(api: Any) -> httpx.Response:
    doc = _recurring(api)
    line = doc["recurringBillLineItems"][0]["id"]
    body = {
        "description": "Tea subscription (updated)",
        "schedule": {"daysInAdvance": 7},
        "recurringBillLineItems": [
            {
                "id": line,
                "amount": 22.99,
                "description": "Monthly subscription (amount updated)",
                "quantity": 1,
            }
        ],
    }
    return api.patch(f"{RECURRING}/{doc['id']}", json=body)


@scenario("POST", RECURRING_BILL + "/archive")
def archive_recurring(api: Any) -> httpx.Response:
    return api.post(f"{RECURRING}/{_recurring(api)['id']}/archive")


@scenario("POST", RECURRING_BILL + "/restore")
def restore_recurring(api: Any) -> httpx.Response:
    doc = _recurring(api)
    api.post(f"{RECURRING}/{doc['id']}/archive")
    return api.post(f"{RECURRING}/{doc['id']}/restore")
