"""Vendor autopay: a new bill of a vendor with autopay on is paid by the scheduler a moment
later (process date max(next business day, dueDate - daysBeforeDueDate business days)); when
the payment rules refuse it or the amount is above ``maxAmount``, ``autopay.failed`` is
recorded instead and nothing is paid."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api.test_events import recorded
from bill_sandbox import business_days
from support.ap import make_bill, org_bank_account
from support.api import Api
from support.payments import check_vendor, payer, today, wait_for


def autopay_vendor(api: Api, **auto: Any) -> dict[str, Any]:
    vendor = check_vendor(api)
    patch = {"autoPay": {"enabled": True, "bankAccountId": org_bank_account(api), **auto}}
    r = api.patch(f"/v3/vendors/{vendor['id']}", json=patch)
    assert r.status_code == 200, r.text
    return dict(r.json())


def payments_of(api: Api, bill_id: str) -> list[dict[str, Any]]:
    r = api.get("/v3/payments", params={"filters": f"billId:eq:{bill_id}"})
    assert r.status_code == 200, r.text
    return list(r.json()["results"])


def test_a_new_bill_of_an_autopay_vendor_is_paid(api: Api) -> None:
    papi = payer(api)
    vendor = autopay_vendor(papi, daysBeforeDueDate=3)
    due = today(papi) + timedelta(days=30)
    bill = make_bill(papi, vendor["id"], 120, dueDate=due.isoformat())
    paid = wait_for(lambda: payments_of(papi, bill["id"]))
    assert len(paid) == 1 and paid[0]["amount"] == 120 and paid[0]["singleStatus"] == "SCHEDULED"
    expected = due
    for _ in range(3):
        expected = business_days.previous_business_day(expected)
    assert paid[0]["processDate"] == expected.isoformat()
    assert paid[0]["createdBy"] == papi.user_id  # on behalf of who turned autopay on
    got = papi.get(f"/v3/bills/{bill['id']}").json()
    assert (got["paymentStatus"], got["scheduledAmount"]) == ("SCHEDULED", 120)


def test_above_the_limit_autopay_fails_and_says_so(api: Api) -> None:
    papi = payer(api)
    vendor = autopay_vendor(papi, maxAmount=50)
    bill = make_bill(papi, vendor["id"], 80)
    failed = wait_for(lambda: [e for e in recorded(papi, vendor["id"]) if e["type"] == "autopay.failed"])
    assert failed[0]["obj"]["autoPayFailure"]["billId"] == bill["id"]
    assert "limit" in failed[0]["obj"]["autoPayFailure"]["reason"]
    assert payments_of(papi, bill["id"]) == []
    assert papi.get(f"/v3/bills/{bill['id']}").json()["dueAmount"] == 80


def test_a_vendor_without_autopay_is_left_alone(api: Api) -> None:
    papi = payer(api)
    vendor = check_vendor(papi)
    bill = make_bill(papi, vendor["id"], 10)
    papi.advance(seconds=1)  # the scheduler has run for this organization since
    assert payments_of(papi, bill["id"]) == []


def test_a_payment_the_rules_refuse_leaves_nothing_behind(api: Api) -> None:
    papi = payer(api)
    vendor = dict(papi.post("/v3/vendors", json={"name": "Cash Only"}).json())  # cannot receive e-payments
    r = papi.patch(
        f"/v3/vendors/{vendor['id']}",
        json={"autoPay": {"enabled": True, "bankAccountId": org_bank_account(papi)}},
    )
    assert r.status_code == 200, r.text
    bill = make_bill(papi, vendor["id"], 25)
    failed = wait_for(lambda: [e for e in recorded(papi, vendor["id"]) if e["type"] == "autopay.failed"])
    assert failed[0]["obj"]["autoPayFailure"]["billId"] == bill["id"]
    assert payments_of(papi, bill["id"]) == []
    got = papi.get(f"/v3/bills/{bill['id']}").json()
    assert (got["dueAmount"], got.get("scheduledAmount", 0), got["paymentStatus"]) == (25, 0, "UNPAID")
