"""Bill approval policies (CRUD, validation) and the approval lifecycle of bills: assignment by
matching policies, sequential approve/deny, the pending list per user, payment blocking."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from support.ap import make_bill, make_classifications, make_vendor, post_ok, record_payment
from support.api import Api, assert_error
from support.approvals import (
    ACTIONS,
    PENDING,
    POLICIES,
    act,
    add_user,
    amount_rule,
    make_policy,
    pending_ids,
    policy_body,
)


@pytest.fixture
def vendor(api: Api) -> dict[str, Any]:
    return make_vendor(api, name="Happy Music Supplies")


@pytest.fixture
def second(api: Api) -> Api:
    """A second administrator of the same organization, logged in."""
    return add_user(api, "Grace", "Hopper")


def bill(api: Api, bill_id: str) -> dict[str, Any]:
    r = api.get(f"/v3/bills/{bill_id}")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def statuses(doc: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(a["userId"], a["status"], a["approverOrder"]) for a in doc.get("approvers", [])]


# --------------------------------------------------------------------------------- policies
def _row_times(api: Api, policy_id: str) -> tuple[str, str]:
    from bill_sandbox.resources.bill_approvals.service import policy_table

    app: Any = api.client.bill_app  # type: ignore[attr-defined]
    with app.state.db.transaction() as tx:
        row = tx.conn.execute(
            select(policy_table.c.created_time, policy_table.c.updated_time).where(
                policy_table.c.id == policy_id
            )
        ).one()
    return row.created_time, row.updated_time


@pytest.mark.inprocess  # reads the stored row's times
def test_policy_crud(api: Api, second: Api, vendor: dict[str, Any]) -> None:
    body = policy_body(
        [second.user_id, api.user_id],
        amount_rule("gte", "1000"),
        {"key": "VENDOR_ID", "op": "gte", "values": [vendor["id"]]},
    )
    r = api.post(POLICIES, json=body)
    assert r.status_code == 201, r.text
    policy = r.json()
    assert policy["id"].startswith("app") and len(policy["id"]) == 20
    # BILL's object has no times or archived flag; the row's columns keep the times.
    assert list(policy) == ["id", "policyName", "status", "rules", "approvers"]
    created, _ = _row_times(api, policy["id"])
    assert policy["policyName"] == "Big bills" and policy["status"] == "ACTIVE"
    assert policy["rules"] == [
        {"key": "BILL_AMOUNT", "op": "gte", "values": [{"value": "1000", "displayName": "1000"}]},
        {"key": "VENDOR_ID", "op": "gte", "values": [{"value": vendor["id"], "displayName": vendor["name"]}]},
    ]
    assert policy["approvers"] == {
        "users": [
            {"userId": second.user_id, "fullName": "Grace Hopper"},
            {"userId": api.user_id, "fullName": "Sandbox Developer"},
        ],
        "groups": [],
    }
    assert api.get(POLICIES).json() == [policy]

    api.advance(seconds=60)
    r = api.put(
        f"{POLICIES}/{policy['id']}", json=policy_body([api.user_id], amount_rule("lt", "50"), name="Small")
    )
    assert r.status_code == 200, r.text
    updated = r.json()
    assert (
        updated["id"] == policy["id"] and updated["policyName"] == "Small" and updated["status"] == "ACTIVE"
    )
    assert [u["userId"] for u in updated["approvers"]["users"]] == [api.user_id]
    assert api.get(POLICIES).json() == [updated]
    still_created, updated_time = _row_times(api, policy["id"])
    assert still_created == created and updated_time > created

    r = api.delete(f"{POLICIES}/{policy['id']}")
    assert r.status_code == 200 and r.json() == {"status": "SUCCESS"}
    assert api.get(POLICIES).json() == []
    assert_error(api.delete(f"{POLICIES}/{policy['id']}"), 404, "BDC_1205")
    assert_error(api.put(f"{POLICIES}/{policy['id']}", json=body), 404, "BDC_1205")


def test_policies_are_listed_in_creation_order_and_alias_creates(api: Api) -> None:
    first = make_policy(api, [api.user_id], amount_rule("gte", "100"), name="A")
    r = api.post("/v3/bill-approvals", json=policy_body([api.user_id], name="B"))
    assert r.status_code == 201, r.text
    assert [policy_table["id"] for policy_table in api.get(POLICIES).json()] == [first["id"], r.json()["id"]]


def test_rule_values_show_names(api: Api) -> None:
    refs = make_classifications(api)
    body = policy_body(
        [api.user_id],
        {"key": "CHART_OF_ACCOUNT_ID", "op": "gte", "values": [refs["chartOfAccountId"]]},
        {"key": "JOB_ID", "op": "lt", "values": [refs["jobId"]]},
        {"key": "LOCATION_ID", "op": "in", "values": [refs["locationId"]]},
        {"key": "BILL_AMOUNT", "op": "eq", "values": [250, "1,000.50"]},
    )
    rules = post_ok(api, POLICIES, body)["rules"]
    assert [r["values"][0]["displayName"] for r in rules] == ["Music gear", "Album", "San Jose", "250"]
    assert rules[3]["values"][1] == {"value": "1,000.50", "displayName": "1,000.50"}


def test_policy_validation(api: Api, new_api: Any) -> None:
    good = policy_body([api.user_id], amount_rule("gte", "1000"))
    assert_error(
        api.post(POLICIES, json={**good, "policyName": ""}), 400, None, "policyName: must not be blank"
    )
    assert_error(
        api.post(POLICIES, json={**good, "approvers": []}), 400, None, "approvers: must not be empty"
    )
    body = {k: v for k, v in good.items() if k != "approvers"}
    assert_error(api.post(POLICIES, json=body), 400, None, "approvers: must not be empty")
    assert_error(api.post(POLICIES, json={**good, "approvers": ["00602NOSUCHUSERabcde"]}), 400, "BDC_1119")
    stranger = new_api()
    assert_error(
        api.post(POLICIES, json={**good, "approvers": [stranger.user_id]}), 400, "BDC_1119", "approvers[0]"
    )
    twice = {**good, "approvers": [api.user_id, api.user_id]}
    assert_error(api.post(POLICIES, json=twice), 400, "BDC_1119", "approvers[1]")
    clerk = add_user(api, "Cleo", "Clerk", role="CLERK")
    assert_error(api.post(POLICIES, json={**good, "approvers": [clerk.user_id]}), 400, "BDC_1119")

    def rules(*items: dict[str, Any]) -> dict[str, Any]:
        return {**good, "rules": list(items)}

    assert_error(
        api.post(POLICIES, json=rules({"key": "COLOR", "op": "gte", "values": ["1"]})), 400, "BDC_1129"
    )
    assert_error(api.post(POLICIES, json=rules(amount_rule("between", "1"))), 400, "BDC_1129")
    assert_error(
        api.post(POLICIES, json=rules(amount_rule("gte"))), 400, None, "rules[0].values: must not be empty"
    )
    assert_error(api.post(POLICIES, json=rules({"op": "gte", "values": ["1"]})), 400, None, "rules[0].key")
    assert_error(api.post(POLICIES, json=rules(amount_rule("gte", "lots"))), 400, None, "rules[0].values[0]")
    assert_error(api.post(POLICIES, json=rules(amount_rule("gte", "1", "2"))), 400, None, "exactly one value")
    unknown = {"key": "VENDOR_ID", "op": "gte", "values": ["00902NOSUCHVENDORabc"]}
    assert_error(api.post(POLICIES, json=rules(unknown)), 400, "BDC_1119", "rules[0].values[0]")
    other_vendor = make_vendor(stranger)
    foreign = {"key": "VENDOR_ID", "op": "gte", "values": [other_vendor["id"]]}
    assert_error(api.post(POLICIES, json=rules(foreign)), 400, "BDC_1119")
    job = post_ok(api, "/v3/classifications/jobs", {"name": "Old job"})
    api.post(f"/v3/classifications/jobs/{job['id']}/archive")
    archived = {"key": "JOB_ID", "op": "gte", "values": [job["id"]]}
    assert_error(api.post(POLICIES, json=rules(archived)), 400, "BDC_1119")
    assert_error(api.post(POLICIES, json={**good, "extra": 1}), 400, "BDC_1002")
    assert api.get(POLICIES).json() == []


def test_policies_belong_to_their_organization(api: Api, new_api: Any) -> None:
    policy = make_policy(api, [api.user_id], amount_rule("gte", "1"))
    other = new_api()
    assert other.get(POLICIES).json() == []
    assert_error(other.delete(f"{POLICIES}/{policy['id']}"), 404, "BDC_1205")
    assert_error(other.put(f"{POLICIES}/{policy['id']}", json=policy_body([other.user_id])), 404, "BDC_1205")


# ------------------------------------------------------------------------------ assignment
def test_no_matching_policy_leaves_the_bill_unassigned(api: Api, vendor: dict[str, Any]) -> None:
    make_policy(api, [api.user_id], amount_rule("gte", "1000"))
    b = make_bill(api, vendor["id"], 999.99)
    assert b["approvalStatus"] == "UNASSIGNED" and "approvers" not in b
    assert pending_ids(api) == []
    record_payment(api, vendor["id"], {"billId": b["id"], "amount": 100})


def test_rules_are_anded_and_id_keys_match_bill_and_lines(api: Api, vendor: dict[str, Any]) -> None:
    refs = make_classifications(api)
    make_policy(
        api,
        [api.user_id],
        {"key": "VENDOR_ID", "op": "gte", "values": [vendor["id"]]},
        {"key": "LOCATION_ID", "op": "gte", "values": [refs["locationId"]]},
        amount_rule("lt", "5000"),
    )
    assert make_bill(api, vendor["id"], 100)["approvalStatus"] == "UNASSIGNED"
    on_line = make_bill(api, vendor["id"], 100)
    r = api.patch(
        f"/v3/bills/{on_line['id']}",
        json={
            "billLineItems": [
                {
                    "id": on_line["billLineItems"][0]["id"],
                    "classifications": {"locationId": refs["locationId"]},
                }
            ]
        },
    )
    assert r.json()["approvalStatus"] == "ASSIGNED"
    on_bill = make_bill(api, vendor["id"], 100, classifications={"locationId": refs["locationId"]})
    assert on_bill["approvalStatus"] == "ASSIGNED"
    too_big = make_bill(api, vendor["id"], 5000, classifications={"locationId": refs["locationId"]})
    assert too_big["approvalStatus"] == "UNASSIGNED"
    other_vendor = make_vendor(api, name="Other")
    other = make_bill(api, other_vendor["id"], 100, classifications={"locationId": refs["locationId"]})
    assert other["approvalStatus"] == "UNASSIGNED"


def test_chart_of_accounts_and_job_rules(api: Api, vendor: dict[str, Any], second: Api) -> None:
    refs = make_classifications(api)
    make_policy(
        api, [api.user_id], {"key": "CHART_OF_ACCOUNT_ID", "op": "gte", "values": [refs["chartOfAccountId"]]}
    )
    make_policy(api, [second.user_id, api.user_id], {"key": "JOB_ID", "op": "gte", "values": [refs["jobId"]]})
    by_account = make_bill(
        api, vendor["id"], 10, classifications={"chartOfAccountId": refs["chartOfAccountId"]}
    )
    assert statuses(by_account) == [(api.user_id, "WAITING", 0)]
    body_lines = [
        {
            "amount": 10,
            "classifications": {"jobId": refs["jobId"], "chartOfAccountId": refs["chartOfAccountId"]},
        }
    ]
    both = make_bill(api, vendor["id"], 10, billLineItems=body_lines)
    # Every matching policy contributes its approvers, each user once, policies in creation order.
    assert statuses(both) == [(api.user_id, "WAITING", 0), (second.user_id, "WAITING", 1)]


def test_sequential_approval_to_approved(api: Api, second: Api, vendor: dict[str, Any]) -> None:
    make_policy(api, [second.user_id, api.user_id], amount_rule("gte", "1000"))
    b = make_bill(api, vendor["id"], 1500)
    assert b["approvalStatus"] == "ASSIGNED"
    assert statuses(b) == [(second.user_id, "WAITING", 0), (api.user_id, "WAITING", 1)]
    assert all(a["statusChangedTime"] == b["createdTime"] for a in b["approvers"])
    assert bill(api, b["id"])["approvers"] == b["approvers"]

    # Only the lowest-order WAITING approver sees it and may act.
    assert pending_ids(second) == [b["id"]] and pending_ids(api) == []
    pending = second.get(PENDING).json()["bills"][0]
    assert pending == {"billId": b["id"], "vendorId": vendor["id"], "amount": 1500, "dueDate": b["dueDate"]}
    assert_error(act(api, b["id"]), 400, "BDC_1119", f"{b['id']} : ")
    record_payment(api, vendor["id"], {"billId": b["id"], "amount": 100}, status=400)

    r = act(second, b["id"])
    assert r.status_code == 200 and r.json() == {"status": "SUCCESS"}
    mid = bill(api, b["id"])
    assert mid["approvalStatus"] == "ASSIGNED"
    assert statuses(mid) == [(second.user_id, "APPROVED", 0), (api.user_id, "WAITING", 1)]
    assert mid["approvers"][0]["statusChangedTime"] >= b["createdTime"]
    assert pending_ids(second) == [] and pending_ids(api) == [b["id"]]
    assert_error(act(second, b["id"]), 400, "BDC_1119")
    record_payment(api, vendor["id"], {"billId": b["id"], "amount": 100}, status=400)

    assert act(api, b["id"], comment="Approved for payment").status_code == 200
    done = bill(api, b["id"])
    assert done["approvalStatus"] == "APPROVED"
    assert statuses(done) == [(second.user_id, "APPROVED", 0), (api.user_id, "APPROVED", 1)]
    assert pending_ids(api) == [] and pending_ids(second) == []
    assert_error(act(api, b["id"]), 400, "BDC_1119", "not waiting for approval")
    payment = record_payment(api, vendor["id"], {"billId": b["id"], "amount": 1500})
    assert payment["status"] == "PAID"
    assert bill(api, b["id"])["paymentStatus"] == "PAID"


def test_deny_then_resubmit_by_editing(api: Api, second: Api, vendor: dict[str, Any]) -> None:
    make_policy(api, [second.user_id, api.user_id], amount_rule("gte", "1000"))
    b = make_bill(api, vendor["id"], 1500)
    assert act(second, b["id"], "DENY", "Too expensive").status_code == 200
    denied = bill(api, b["id"])
    assert denied["approvalStatus"] == "DENIED"
    assert statuses(denied) == [(second.user_id, "DENIED", 0), (api.user_id, "WAITING", 1)]
    assert pending_ids(api) == [] and pending_ids(second) == []
    assert_error(act(api, b["id"]), 400, "BDC_1119")
    record_payment(api, vendor["id"], {"billId": b["id"], "amount": 10}, status=400)

    # Editing only the description keeps the decision; a new amount starts approval again.
    kept = api.patch(f"/v3/bills/{b['id']}", json={"description": "please reconsider"}).json()
    assert kept["approvalStatus"] == "DENIED"
    line = b["billLineItems"][0]["id"]
    again = api.patch(f"/v3/bills/{b['id']}", json={"billLineItems": [{"id": line, "amount": 1200}]}).json()
    assert again["approvalStatus"] == "ASSIGNED"
    assert statuses(again) == [(second.user_id, "WAITING", 0), (api.user_id, "WAITING", 1)]
    assert pending_ids(second) == [b["id"]]
    # Down under every policy: no approval needed any more.
    low = api.patch(f"/v3/bills/{b['id']}", json={"billLineItems": [{"id": line, "amount": 10}]}).json()
    assert low["approvalStatus"] == "UNASSIGNED" and "approvers" not in low
    assert pending_ids(second) == []
    record_payment(api, vendor["id"], {"billId": b["id"], "amount": 10})


def test_approved_bill_keeps_approval_until_something_tested_changes(
    api: Api, vendor: dict[str, Any]
) -> None:
    make_policy(api, [api.user_id], amount_rule("gte", "1000"))
    b = make_bill(api, vendor["id"], 1500)
    act(api, b["id"])
    body = {
        "vendorId": vendor["id"],
        "dueDate": "2026-01-15",
        "description": "new terms",
        "invoice": {"invoiceNumber": "INV-9", "invoiceDate": "2025-12-01"},
        "billLineItems": [{"id": b["billLineItems"][0]["id"], "amount": 1500}],
    }
    replaced = api.put(f"/v3/bills/{b['id']}", json=body).json()
    assert replaced["approvalStatus"] == "APPROVED" and statuses(replaced)[0][1] == "APPROVED"
    body["billLineItems"] = [{"amount": 1501}]
    assert api.put(f"/v3/bills/{b['id']}", json=body).json()["approvalStatus"] == "ASSIGNED"


def test_policy_changes_reach_bills_when_they_are_edited(
    api: Api, second: Api, vendor: dict[str, Any]
) -> None:
    policy = make_policy(api, [api.user_id], amount_rule("gte", "1000"))
    b = make_bill(api, vendor["id"], 1500)
    api.put(f"{POLICIES}/{policy['id']}", json=policy_body([second.user_id], amount_rule("gte", "1000")))
    assert statuses(bill(api, b["id"])) == [(api.user_id, "WAITING", 0)]
    edited = api.patch(f"/v3/bills/{b['id']}", json={"description": "touch"}).json()
    assert statuses(edited) == [(second.user_id, "WAITING", 0)]
    api.delete(f"{POLICIES}/{policy['id']}")
    assert make_bill(api, vendor["id"], 5000)["approvalStatus"] == "UNASSIGNED"


def test_users_who_are_not_approvers_cannot_act(api: Api, second: Api, vendor: dict[str, Any]) -> None:
    make_policy(api, [api.user_id], amount_rule("gte", "1"))
    b = make_bill(api, vendor["id"], 100)
    body = assert_error(act(second, b["id"]), 403)
    assert "code" not in body[0] and "valid permissions" in body[0]["message"]
    assert bill(api, b["id"])["approvalStatus"] == "ASSIGNED"


def test_action_errors_and_atomicity(api: Api, vendor: dict[str, Any], new_api: Any) -> None:
    make_policy(api, [api.user_id], amount_rule("gte", "1000"))
    first = make_bill(api, vendor["id"], 1500)
    unassigned = make_bill(api, vendor["id"], 10)
    assert_error(act(api, "00n02NOSUCHBILLabcde"), 404, "BDC_1205")
    assert_error(act(api, unassigned["id"]), 400, "BDC_1119", "not waiting for approval")
    assert_error(act(api, first["id"], "MAYBE"), 400, "BDC_1129")
    assert_error(api.post(ACTIONS, json=[]), 400)
    assert_error(api.post(ACTIONS, json=[{"action": "APPROVE"}]), 400, None, "billId: must not be blank")
    assert_error(api.post(ACTIONS, json={"billId": first["id"], "action": "APPROVE"}), 400)
    both = [{"billId": first["id"], "action": "APPROVE"}, {"billId": unassigned["id"], "action": "APPROVE"}]
    assert_error(api.post(ACTIONS, json=both), 400, "BDC_1119")
    assert bill(api, first["id"])["approvalStatus"] == "ASSIGNED"  # all or nothing
    second_bill = make_bill(api, vendor["id"], 2000)
    ok = [{"billId": first["id"], "action": "APPROVE"}, {"billId": second_bill["id"], "action": "DENY"}]
    assert api.post(ACTIONS, json=ok).status_code == 200
    assert bill(api, first["id"])["approvalStatus"] == "APPROVED"
    assert bill(api, second_bill["id"])["approvalStatus"] == "DENIED"
    other = new_api()
    assert_error(act(other, first["id"]), 404, "BDC_1205")


def test_archived_bills_leave_the_pending_list(api: Api, vendor: dict[str, Any]) -> None:
    make_policy(api, [api.user_id], amount_rule("gte", "1"))
    b = make_bill(api, vendor["id"], 100)
    assert pending_ids(api) == [b["id"]]
    api.post(f"/v3/bills/{b['id']}/archive")
    assert pending_ids(api) == []
    assert_error(act(api, b["id"]), 400, "BDC_1119", "archived")
    api.post(f"/v3/bills/{b['id']}/restore")
    assert pending_ids(api) == [b["id"]]


def test_bulk_created_bills_are_assigned(api: Api, vendor: dict[str, Any]) -> None:
    make_policy(api, [api.user_id], amount_rule("gte", "1000"))
    body = [
        {
            "vendorId": vendor["id"],
            "dueDate": "2026-01-31",
            "invoice": {"invoiceNumber": f"B-{i}", "invoiceDate": "2026-01-01"},
            "billLineItems": [{"amount": amount}],
        }
        for i, amount in enumerate((500, 1500))
    ]
    r = api.post("/v3/bills/bulk", json=body)
    assert r.status_code == 201, r.text
    assert [b["approvalStatus"] for b in r.json()] == ["UNASSIGNED", "ASSIGNED"]
    assert pending_ids(api) == [r.json()[1]["id"]]
