"""Payments API: create (single, bulk), list, get, cancel, void, options, check image, exchange
rate; every precondition of BILL-RULES §5.6; the lifecycle on the sandbox clock for every rail; the
magic values of §7.4; what payments do to their bills. Both engines (the ``api`` fixture)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bill_sandbox import business_days
from bill_sandbox.resources.payments import rails as payment_rails
from bill_sandbox.resources.payments import storage as payments_service
from support.ap import make_bill, make_vendor, org_bank_account, post_ok, record_payment
from support.api import Api, assert_error, recorded_events
from support.approvals import act, add_user, amount_rule, make_policy
from support.payments import (
    ach_vendor,
    advance_to,
    advance_to_day,
    at,
    bd,
    bill_and_payment,
    check_vendor,
    days_later,
    enroll_virtual_card,
    funding,
    get_bill,
    get_payment,
    iso,
    now,
    offline_vendor,
    pass_wall_time,
    pay,
    pay_body,
    payer,
    pdate,
    relogin,
    set_network,
    today,
    wait_for,
)

PAYMENTS = "/v3/payments"


@pytest.fixture
def papi(api: Api) -> Api:
    """A logged-in, MFA-trusted payer."""
    return payer(api)


def doubled(body: list[dict[str, Any]], object_id: str) -> None:
    """A business error sent twice: plain, then prefixed with the object's id (BILL-RULES §3.1)."""
    assert len(body) == 2, body
    assert body[1]["message"] == f"{object_id} : {body[0]['message']}", body
    assert body[0]["code"] == body[1]["code"]


# ------------------------------------------------------------------------------- create
def test_create_needs_a_trusted_session_before_anything_else(api: Api) -> None:
    assert_error(api.post(PAYMENTS, json={}), 403, "BDC_1361")
    assert_error(api.post(f"{PAYMENTS}/bulk", json={"payments": []}), 403, "BDC_1361")
    r = api.post(PAYMENTS, json={}, headers={"sessionId": "nope"})
    assert_error(r, 401, "BDC_1109")


def test_create_a_payment(papi: Api) -> None:
    vendor = ach_vendor(papi, email="pay@acme.example.com")
    bill = make_bill(papi, vendor["id"], 250)
    body = pay_body(
        papi,
        bill["id"],
        100.5,
        vendorId=vendor["id"],
        description="Strings for May",
        transactionNumber="TX-77",
    )
    r = papi.post(PAYMENTS, json=body)
    assert r.status_code == 201, r.text
    payment = r.json()
    assert payment["id"].startswith("stp") and len(payment["id"]) == 20
    assert payment["amount"] == 100.5 and payment["fundingAmount"] == 100.5 and payment["exchangeRate"] == 1
    assert payment["vendorId"] == vendor["id"] and payment["vendorName"] == "Acme Strings"
    assert payment["billId"] == bill["id"]
    assert [(bp["billId"], bp["amount"]) for bp in payment["billPayments"]] == [(bill["id"], 100.5)]
    assert payment["billPayments"][0]["id"].startswith("blp")
    assert payment["fundingAccount"] == body["fundingAccount"]
    assert payment["processingOptions"] == {"requestPayFaster": False, "createBill": False}
    assert payment["transactionNumber"] == "TX-77"
    assert re.fullmatch(r"P\d{8} - \d{7}", payment["confirmationNumber"])
    assert (payment["status"], payment["singleStatus"]) == ("SCHEDULED", "SCHEDULED")
    assert "disbursementStatus" not in payment and "voidInfo" not in payment
    assert payment["disbursementType"] == "ACH" and payment["onlinePayment"] is True
    assert payment["disbursementInfo"] == {"isVoidable": False}
    assert payment["remittanceEmail"] == "pay@acme.example.com"
    assert payment["createdBy"] == papi.user_id and payment["cancelRequestSubmitted"] is False
    assert payment["description"] == "Strings for May"
    # New vendor bank account: the earliest process date is 2 business days out (BILL-RULES §5.6).
    assert payment["processDate"] == iso(bd(today(papi), 2))
    assert get_payment(papi, payment["id"]) == payment
    got = get_bill(papi, bill["id"])
    assert (got["dueAmount"], got["scheduledAmount"], got["paidAmount"]) == (149.5, 100.5, 0)
    assert got["paymentStatus"] == "PARTIALLY_PAID"
    vendor_now = papi.get(f"/v3/vendors/{vendor['id']}").json()
    assert vendor_now["balance"]["amount"] == 149.5
    assert vendor_now["paymentInformation"]["lastPaymentDate"].startswith(payment["processDate"])


def test_generated_numbers(papi: Api) -> None:
    vendor = check_vendor(papi)
    _, payment = bill_and_payment(papi, vendor, 10)
    assert re.fullmatch(r"[A-Z]{20}", payment["transactionNumber"])


def test_request_validation(papi: Api) -> None:
    r = papi.post(PAYMENTS, json={})
    body = assert_error(r, 400)
    messages = {e["message"] for e in body}
    assert {
        "amount: must not be null",
        "fundingAccount: must not be null",
        "processingOptions: must not be null",
    } <= messages
    vendor = check_vendor(papi)
    bill = make_bill(papi, vendor["id"], 10)
    bad_type = pay_body(papi, bill["id"], 5, fundingAccount={"type": "GOLD", "id": "x"})
    assert_error(papi.post(PAYMENTS, json=bad_type), 400, "BDC_1129")
    assert_error(
        papi.post(PAYMENTS, json=pay_body(papi, bill["id"], 0)), 400, None, "amount: must be greater than 0"
    )
    long_text = pay_body(papi, bill["id"], 5, description="x" * 71)
    assert_error(papi.post(PAYMENTS, json=long_text), 400, None, "description: size must be between 0 and 70")
    no_bill = pay_body(papi, bill["id"], 5)
    del no_bill["billId"]
    assert_error(papi.post(PAYMENTS, json=no_bill), 400, None, "billId: must not be blank")
    no_id = pay_body(papi, bill["id"], 5, fundingAccount={"type": "BANK_ACCOUNT"})
    assert_error(papi.post(PAYMENTS, json=no_id), 400, None, "fundingAccount.id: must not be blank")
    extra = pay_body(papi, bill["id"], 5, surprise=1)
    assert_error(papi.post(PAYMENTS, json=extra), 400, "BDC_1002")
    assert get_bill(papi, bill["id"])["scheduledAmount"] == 0


def test_funding_account_must_be_usable(papi: Api) -> None:
    vendor = check_vendor(papi)
    bill = make_bill(papi, vendor["id"], 50)
    unknown = pay_body(
        papi, bill["id"], 5, fundingAccount={"type": "BANK_ACCOUNT", "id": "bac02AAAAAAAAAAAaaaa"}
    )
    assert_error(papi.post(PAYMENTS, json=unknown), 404, "BDC_1205")
    pending = post_ok(
        papi,
        "/v3/funding-accounts/banks",
        {
            "routingNumber": "074000010",
            "accountNumber": "5550001111",
            "nameOnAccount": "Ops",
            "type": "CHECKING",
            "ownerType": "BUSINESS",
        },
    )
    r = papi.post(
        PAYMENTS,
        json=pay_body(papi, bill["id"], 5, fundingAccount={"type": "BANK_ACCOUNT", "id": pending["id"]}),
    )
    doubled(assert_error(r, 400, "BDC_1151"), pending["id"])
    # A clerk can't pay at all.
    clerk = payer(add_user(papi, "Cle", "Rk", role="CLERK"))
    r = clerk.post(PAYMENTS, json=pay_body(papi, bill["id"], 5))
    assert_error(r, 400, "BDC_1150")
    r = clerk.post(
        PAYMENTS,
        json=pay_body(
            papi, bill["id"], 5, fundingAccount={"type": "WALLET"}, processDate=iso(bd(today(papi), 1))
        ),
    )
    assert_error(r, 400, "BDC_1150")
    assert get_bill(papi, bill["id"])["scheduledAmount"] == 0


def test_card_ap_card_and_wallet_funding(papi: Api) -> None:
    vendor = check_vendor(papi)
    card_id = papi.get("/v3/funding-accounts/cards", params={"cardUserStatus": "VERIFIED"}).json()["cards"][
        0
    ]["id"]
    bill = make_bill(papi, vendor["id"], 100)
    card = {"type": "CARD_ACCOUNT", "id": card_id}
    r = papi.post(PAYMENTS, json=pay_body(papi, bill["id"], 10, fundingAccount=card))
    assert_error(r, 400, None, "cardFundingPurpose: must not be blank")
    r = papi.post(
        PAYMENTS, json=pay_body(papi, bill["id"], 10, fundingAccount=card, cardFundingPurpose="LUXURY")
    )
    assert_error(r, 400, "BDC_1129")
    paid = pay(papi, bill["id"], 10, fundingAccount=card, cardFundingPurpose="OFFICE_SUPPLIES")
    assert paid["fundingAccount"] == card and paid["cardFundingPurpose"] == "OFFICE_SUPPLIES"
    purposes = papi.get(
        "/v3/funding-accounts/cards/funding-purposes", params={"vendorId": vendor["id"], "brand": "VISA"}
    )
    assert purposes.json()["lastUsedPurpose"] == "OFFICE_SUPPLIES"
    ap_card = papi.get("/v3/funding-accounts/ap-cards").json()[0]["id"]
    r = papi.post(
        PAYMENTS, json=pay_body(papi, bill["id"], 10, fundingAccount={"type": "AP_CARD", "id": ap_card})
    )
    assert_error(r, 400, None, "processDate: must not be null")
    next_day = iso(bd(today(papi), 1))
    pay(papi, bill["id"], 10, fundingAccount={"type": "AP_CARD", "id": ap_card}, processDate=next_day)
    r = papi.post(PAYMENTS, json=pay_body(papi, bill["id"], 10, fundingAccount={"type": "WALLET"}))
    assert_error(r, 400, None, "processDate: must not be null")
    wallet = pay(papi, bill["id"], 10, fundingAccount={"type": "WALLET"}, processDate=next_day)
    assert wallet["fundingAccount"] == {"type": "WALLET"}
    assert get_bill(papi, bill["id"])["scheduledAmount"] == 30


def test_bill_preconditions(papi: Api) -> None:
    vendor = check_vendor(papi)
    other = check_vendor(papi, name="Other Mill")
    assert_error(papi.post(PAYMENTS, json=pay_body(papi, "00n02AAAAAAAAAAAaaaa", 5)), 404, "BDC_1205")
    bill = make_bill(papi, vendor["id"], 100)
    r = papi.post(PAYMENTS, json=pay_body(papi, bill["id"], 5, vendorId=other["id"]))
    doubled(assert_error(r, 400, "BDC_1119"), bill["id"])
    r = papi.post(PAYMENTS, json=pay_body(papi, bill["id"], 100.01))
    body = assert_error(r, 400, "BDC_1159")
    doubled(body, bill["id"])
    assert body[0]["category"] == "APPLICATION"
    pay(papi, bill["id"], 100)
    # Fully scheduled: nothing is due any more.
    doubled(
        assert_error(papi.post(PAYMENTS, json=pay_body(papi, bill["id"], 1)), 400, "BDC_1159"), bill["id"]
    )
    archived = make_bill(papi, vendor["id"], 20)
    assert papi.post(f"/v3/bills/{archived['id']}/archive").status_code == 200
    doubled(
        assert_error(papi.post(PAYMENTS, json=pay_body(papi, archived["id"], 5)), 400, "BDC_1119"),
        archived["id"],
    )


def test_bill_must_be_approved_or_unassigned(papi: Api) -> None:
    approver = add_user(papi, "Ap", "Prover")
    make_policy(papi, [approver.user_id], amount_rule("gte", "0"))
    vendor = check_vendor(papi)
    bill = make_bill(papi, vendor["id"], 40)
    assert bill["approvalStatus"] == "ASSIGNED"
    r = papi.post(PAYMENTS, json=pay_body(papi, bill["id"], 40))
    doubled(assert_error(r, 400, "BDC_1119"), bill["id"])
    assert act(approver, bill["id"]).status_code == 200
    assert pay(papi, bill["id"], 40)["singleStatus"] == "SCHEDULED"


def test_vendor_must_be_able_to_receive(papi: Api) -> None:
    bill = make_bill(papi, offline_vendor(papi)["id"], 30)
    r = papi.post(PAYMENTS, json=pay_body(papi, bill["id"], 30))
    body = assert_error(r, 400, None, "unable to receive ePayments")
    doubled(body, bill["id"])


def test_process_date_rules(papi: Api) -> None:
    now = today(papi)
    vendor = check_vendor(papi)
    bill = make_bill(papi, vendor["id"], 500)
    weekend = now + timedelta(days=(5 - now.weekday()) % 7 or 7)  # the next Saturday
    for bad in (iso(now - timedelta(days=3)), iso(now), iso(weekend)):
        r = papi.post(PAYMENTS, json=pay_body(papi, bill["id"], 5, processDate=bad))
        body = assert_error(r, 422, "BDC_1152", f"Invalid Process Date : {bad}.")
        doubled(body, bill["id"])
        assert body[0]["category"] == "DOWNSTREAM"
    # Magic amount 999.03: always an invalid process date (BILL-RULES §7.4).
    big = make_bill(papi, vendor["id"], 2000)
    good = iso(bd(now, 3))
    r = papi.post(PAYMENTS, json=pay_body(papi, big["id"], 999.03, processDate=good))
    doubled(assert_error(r, 422, "BDC_1152", f"Invalid Process Date : {good}."), big["id"])
    # Omitted: the next business day.
    assert pay(papi, bill["id"], 5)["processDate"] == iso(bd(now, 1))
    assert pay(papi, bill["id"], 5, processDate=good)["processDate"] == good
    assert get_bill(papi, big["id"])["scheduledAmount"] == 0


def test_new_vendor_bank_account_needs_two_business_days(papi: Api) -> None:
    now = today(papi)
    vendor = ach_vendor(papi)
    bill = make_bill(papi, vendor["id"], 100)
    r = papi.post(PAYMENTS, json=pay_body(papi, bill["id"], 10, processDate=iso(bd(now, 1))))
    doubled(assert_error(r, 400, "BDC_1402", "two business days out"), bill["id"])
    assert pay(papi, bill["id"], 10, processDate=iso(bd(now, 2)))["processDate"] == iso(bd(now, 2))
    # Once the account is verified (2 business days after it was added), the next business
    # day is fine again.
    advance_to_day(papi, bd(now, 3))
    later = today(papi)
    assert pay(papi, bill["id"], 10)["processDate"] == iso(bd(later, 1))


def test_create_bill_with_the_payment(papi: Api) -> None:
    vendor = check_vendor(papi)
    body = pay_body(
        papi, "", 75.25, vendorId=vendor["id"], description="Paper", processingOptions={"createBill": True}
    )
    del body["billId"]
    payment = post_ok(papi, PAYMENTS, body)
    assert payment["processingOptions"]["createBill"] is True
    bill = get_bill(papi, payment["billId"])
    assert (bill["amount"], bill["vendorId"], bill["scheduledAmount"], bill["paymentStatus"]) == (
        75.25,
        vendor["id"],
        75.25,
        "SCHEDULED",
    )
    both = pay_body(papi, bill["id"], 5, processingOptions={"createBill": True}, vendorId=vendor["id"])
    assert_error(papi.post(PAYMENTS, json=both), 400, "BDC_1119")
    nobody = pay_body(papi, "", 5, processingOptions={"createBill": True})
    del nobody["billId"]
    assert_error(papi.post(PAYMENTS, json=nobody), 400, None, "vendorId: must not be blank")


@pytest.mark.inprocess  # monkeypatches a service function
def test_a_failure_midway_leaves_nothing(papi: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating a payment is one transaction: a crash after the bill was updated but before
    the payment row is written leaves the bill as it was."""
    vendor = check_vendor(papi)
    bill = make_bill(papi, vendor["id"], 60)
    before = get_bill(papi, bill["id"])

    def crash(*_: Any, **__: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(payments_service, "insert", crash)
    # A client of the same app that answers a crash with a 500 instead of raising it here.
    client = TestClient(papi.client.bill_app, raise_server_exceptions=False)  # type: ignore[attr-defined]
    r = client.post("/connect" + PAYMENTS, headers=papi.headers, json=pay_body(papi, bill["id"], 60))
    assert_error(r, 500, "BDC_1001")
    monkeypatch.undo()
    assert get_bill(papi, bill["id"]) == before
    assert papi.get(PAYMENTS, params={"filters": f"billId:eq:{bill['id']}"}).json()["results"] == []
    assert pay(papi, bill["id"], 60)["amount"] == 60


# --------------------------------------------------------------------------------- bulk
def test_bulk_payment(papi: Api) -> None:
    a, b = check_vendor(papi, name="Mill A"), check_vendor(papi, name="Mill B")
    bill_a, bill_b = make_bill(papi, a["id"], 100), make_bill(papi, b["id"], 80)
    day = iso(bd(today(papi), 2))
    body = {
        "processDate": day,
        "description": "Run 1",
        "fundingAccount": funding(papi),
        "payments": [{"billId": bill_a["id"], "amount": 100}, {"billId": bill_b["id"], "amount": 30}],
    }
    r = papi.post(f"{PAYMENTS}/bulk", json=body)
    assert r.status_code == 201, r.text
    out = r.json()["payments"]
    assert [(p["billId"], p["amount"], p["processDate"], p["vendorId"]) for p in out] == [
        (bill_a["id"], 100, day, a["id"]),
        (bill_b["id"], 30, day, b["id"]),
    ]
    assert get_bill(papi, bill_a["id"])["paymentStatus"] == "SCHEDULED"
    assert get_bill(papi, bill_b["id"])["dueAmount"] == 50


def test_bulk_is_all_or_nothing(papi: Api) -> None:
    vendor = check_vendor(papi)
    ok, small = make_bill(papi, vendor["id"], 100), make_bill(papi, vendor["id"], 10)
    body = {
        "fundingAccount": funding(papi),
        "payments": [
            {"billId": ok["id"], "amount": 100},
            {"billId": small["id"], "amount": 20},
            {"billId": "00n02AAAAAAAAAAAaaaa", "amount": 1},
        ],
    }
    r = papi.post(f"{PAYMENTS}/bulk", json=body)
    errors = assert_error(r, 400, "BDC_1246")
    assert any(e["message"].startswith("[1] ") and e["code"] == "BDC_1159" for e in errors), errors
    assert any(e["message"].startswith(f"[1] {small['id']} : ") for e in errors), errors
    assert any(e["message"].startswith("[2] ") and e["code"] == "BDC_1205" for e in errors), errors
    assert not any(e["message"].startswith("[0]") for e in errors)
    assert get_bill(papi, ok["id"])["scheduledAmount"] == 0
    assert papi.get(PAYMENTS).json()["results"] == []
    create_bill = {**body, "processingOptions": {"createBill": True}, "payments": body["payments"][:1]}
    assert_error(papi.post(f"{PAYMENTS}/bulk", json=create_bill), 400, "BDC_1119")
    twice = {**body, "payments": [body["payments"][0], body["payments"][0]]}
    assert_error(papi.post(f"{PAYMENTS}/bulk", json=twice), 400, "BDC_1119")
    many = {**body, "payments": [{"billId": ok["id"], "amount": 1}] * 51}
    assert_error(papi.post(f"{PAYMENTS}/bulk", json=many), 400)
    mismatch = {**body, "vendorId": check_vendor(papi, name="Else")["id"], "payments": body["payments"][:1]}
    assert_error(papi.post(f"{PAYMENTS}/bulk", json=mismatch), 400, "BDC_1246")


def test_bulk_combines_payments_for_combining_vendors(papi: Api) -> None:
    vendor = check_vendor(papi, additionalInfo={"combinePayments": True})
    bills = [make_bill(papi, vendor["id"], 10 + i) for i in range(3)]
    body = {"fundingAccount": funding(papi), "payments": [{"billId": b["id"], "amount": 10} for b in bills]}
    out = post_ok(papi, f"{PAYMENTS}/bulk", body)["payments"]
    assert len(out) == 1
    assert out[0]["amount"] == 30 and "billId" not in out[0]
    assert sorted(bp["billId"] for bp in out[0]["billPayments"]) == sorted(b["id"] for b in bills)


# ------------------------------------------------------------------------- list and get
def test_list_and_filters(papi: Api, new_api: Any) -> None:
    a, b = check_vendor(papi, name="A"), check_vendor(papi, name="B")
    bill_a, p1 = bill_and_payment(papi, a, 10)
    _, p2 = bill_and_payment(papi, b, 20, processDate=iso(bd(today(papi), 3)))
    _, p3 = bill_and_payment(papi, a, 30)
    assert papi.post(f"{PAYMENTS}/{p3['id']}/cancel").status_code == 200

    def ids(filters: str, **params: Any) -> list[str]:
        r = papi.get(PAYMENTS, params={"filters": filters, **params})
        assert r.status_code == 200, r.text
        return [p["id"] for p in r.json()["results"]]

    assert ids("") == [p1["id"], p2["id"], p3["id"]]
    assert ids(f"vendorId:eq:{a['id']}") == [p1["id"], p3["id"]]
    assert ids(f"vendorId:ne:{a['id']}") == [p2["id"]]
    assert ids(f'vendorId:in:"{a["id"]},{b["id"]}"') == [p1["id"], p2["id"], p3["id"]]
    assert ids(f"id:eq:{p2['id']}") == [p2["id"]]
    assert ids("singleStatus:eq:CANCELED") == [p3["id"]]
    assert ids(f"billId:eq:{bill_a['id']}") == [p1["id"]]
    assert ids(f"processDate:gt:{p1['processDate']}") == [p2["id"]]
    assert papi.get(PAYMENTS, params={"sort": "amount:desc"}).status_code == 200  # BILL-RULES §4
    assert_error(papi.get(PAYMENTS, params={"sort": "remittanceEmail:desc"}), 400, "BDC_1129")
    assert_error(papi.get(PAYMENTS, params={"filters": "remittanceEmail:eq:x"}), 400, "BDC_1130")
    assert_error(papi.get(PAYMENTS, params={"filters": "singleStatus:eq:LOST"}), 400, "BDC_1129")
    page = papi.get(PAYMENTS, params={"max": 2}).json()
    assert len(page["results"]) == 2 and "nextPage" in page
    # Other organizations see none of them.
    other = new_api()
    assert other.get(PAYMENTS).json()["results"] == []
    assert_error(other.get(f"{PAYMENTS}/{p1['id']}"), 404, "BDC_1205")
    assert_error(other.post(f"{PAYMENTS}/{p1['id']}/cancel"), 404, "BDC_1205")


def test_recorded_payments_are_listed_too(papi: Api) -> None:
    vendor = make_vendor(papi)
    bill = make_bill(papi, vendor["id"], 40)
    recorded = record_payment(papi, vendor["id"], {"billId": bill["id"], "amount": 40})
    listed = papi.get(PAYMENTS).json()["results"]
    assert [p["id"] for p in listed] == [recorded["id"]]
    assert listed[0]["singleStatus"] == "CLEARED" and listed[0]["onlinePayment"] is False


def test_vendor_rename_reaches_payments(papi: Api) -> None:
    vendor = check_vendor(papi, name="Old Name")
    _, payment = bill_and_payment(papi, vendor, 10)
    assert papi.patch(f"/v3/vendors/{vendor['id']}", json={"name": "New Name"}).status_code == 200
    assert get_payment(papi, payment["id"])["vendorName"] == "New Name"


# ------------------------------------------------------------------------------- cancel
def test_cancel_a_scheduled_payment(papi: Api) -> None:
    vendor = check_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 70)
    r = papi.post(f"{PAYMENTS}/{payment['id']}/cancel")
    assert r.status_code == 200, r.text
    canceled = r.json()
    assert (canceled["singleStatus"], canceled["status"]) == ("CANCELED", "CANCELLED")
    assert canceled["cancelRequestSubmitted"] is True
    assert canceled["disbursementInfo"]["isVoidable"] is False
    got = get_bill(papi, bill["id"])
    assert (got["dueAmount"], got["scheduledAmount"], got["paymentStatus"]) == (70, 0, "UNPAID")
    again = papi.post(f"{PAYMENTS}/{payment['id']}/cancel")
    doubled(assert_error(again, 400, "BDC_1119"), payment["id"])
    assert_error(papi.post(f"{PAYMENTS}/stp02AAAAAAAAAAAaaaa/cancel"), 404, "BDC_1205")
    # The bill can be paid again.
    assert pay(papi, bill["id"], 70)["amount"] == 70


# ---------------------------------------------------------------------------- lifecycles
def test_ach_lifecycle(papi: Api) -> None:
    vendor = ach_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 120, bill_amount=200)
    p = pdate(payment)
    advance_to_day(papi, p)
    got = get_payment(papi, payment["id"])
    assert (got["singleStatus"], got["status"]) == ("FUNDING_STARTED", "SCHEDULED")
    assert "disbursementStatus" not in got and got["disbursementInfo"]["isVoidable"] is True
    assert got["updatedTime"] == f"{iso(p)}T00:00:00.000+00:00"
    refused = papi.post(f"{PAYMENTS}/{payment['id']}/cancel")
    doubled(assert_error(refused, 400, "BDC_1119", "FUNDING_STARTED"), payment["id"])
    advance_to_day(papi, bd(p, 1))
    got = get_payment(papi, payment["id"])
    assert (got["singleStatus"], got["status"], got["disbursementStatus"]) == (
        "PROCESSED",
        "PAID",
        "IN_PROGRESS",
    )
    assert got["disbursementInfo"]["achDisbursement"] == {
        "sentDate": iso(bd(p, 1)),
        "arrivesByDate": iso(bd(p, 2)),
    }
    assert get_bill(papi, bill["id"])["scheduledAmount"] == 120
    advance_to_day(papi, bd(p, 2))
    got = get_payment(papi, payment["id"])
    assert (got["singleStatus"], got["status"], got["disbursementStatus"]) == ("CLEARED", "PAID", "DONE")
    b = get_bill(papi, bill["id"])
    assert (b["paidAmount"], b["scheduledAmount"], b["dueAmount"], b["paymentStatus"]) == (
        120,
        0,
        80,
        "PARTIALLY_PAID",
    )


def test_pay_faster_clears_the_next_business_day(papi: Api) -> None:
    vendor = ach_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 50, processingOptions={"requestPayFaster": True})
    p = pdate(payment)
    advance_to_day(papi, bd(p, 1))
    got = get_payment(papi, payment["id"])
    assert got["singleStatus"] == "CLEARED"
    assert got["disbursementInfo"]["achDisbursement"] == {"sentDate": iso(p), "arrivesByDate": iso(bd(p, 1))}
    assert get_bill(papi, bill["id"])["paymentStatus"] == "PAID"


def test_check_lifecycle_and_image(papi: Api) -> None:
    vendor = check_vendor(papi)
    bill, payment = bill_and_payment(
        papi, vendor, 90, processingOptions={"requestCheckDeliveryType": "UPS_2DAY"}
    )
    assert payment["disbursementType"] == "CHECK"
    assert payment["processingOptions"]["requestCheckDeliveryType"] == "UPS_2DAY"
    p = pdate(payment)
    assert_error(papi.get(f"{PAYMENTS}/{payment['id']}/check-image"), 400, "BDC_1120")
    seen = []
    for when in (at(p, 1), at(bd(p, 1), 1), at(bd(p, 1), 13), at(bd(p, 3), 1), at(bd(p, 5), 1)):
        advance_to(papi, when)
        got = get_payment(papi, payment["id"])
        seen.append((got["singleStatus"], got["status"], got.get("disbursementStatus")))
    assert seen == [
        ("FUNDING_STARTED", "SCHEDULED", None),
        ("PROCESSED", "PAID", "IN_PROGRESS"),
        ("SENT", "PAID", "DONE"),
        ("DELIVERED", "PAID", "DONE"),
        ("CLEARED", "PAID", "DONE"),
    ]
    check = got["disbursementInfo"]["checkDisbursement"]
    assert check["sentDate"] == iso(bd(p, 1)) and check["arrivesByDate"] == iso(bd(p, 3))
    assert isinstance(check["checkNumber"], int)
    images = papi.get(f"{PAYMENTS}/{payment['id']}/check-image").json()["results"]
    assert len(images) == 2 and all(
        i["downloadLink"].startswith("data:image/svg+xml;base64,") for i in images
    )
    assert get_bill(papi, bill["id"])["paymentStatus"] == "PAID"


def test_standard_check_is_delivered_on_the_fifth_business_day(papi: Api) -> None:
    _, payment = bill_and_payment(papi, check_vendor(papi), 10)
    assert payment["processingOptions"]["requestCheckDeliveryType"] == "STANDARD"
    p = pdate(payment)
    advance_to_day(papi, bd(p, 4))
    assert get_payment(papi, payment["id"])["singleStatus"] == "SENT"
    advance_to_day(papi, bd(p, 5))
    assert get_payment(papi, payment["id"])["singleStatus"] == "DELIVERED"
    advance_to_day(papi, bd(p, 7))
    assert get_payment(papi, payment["id"])["singleStatus"] == "CLEARED"


def test_virtual_card_lifecycle(papi: Api) -> None:
    vendor = check_vendor(papi)
    enroll_virtual_card(papi, vendor["id"])
    bill, payment = bill_and_payment(papi, vendor, 33)
    assert payment["disbursementType"] == "VIRTUAL_CARD"
    p = pdate(payment)
    advance_to_day(papi, p)
    got = get_payment(papi, payment["id"])
    assert (got["singleStatus"], got["status"]) == ("SENT", "PAID")
    card = got["disbursementInfo"]["vcardDisbursement"]
    assert card["arrivesByDate"] == iso(p) and card["validUntil"] == iso(days_later(p, 30))
    assert re.fullmatch(r"\d{4}", card["last4CardNumber"])
    advance_to_day(papi, bd(p, 1))
    assert get_payment(papi, payment["id"])["singleStatus"] == "CLEARED"
    assert get_bill(papi, bill["id"])["paymentStatus"] == "PAID"


def test_wallet_lifecycle(papi: Api) -> None:
    vendor = check_vendor(papi)
    set_network(papi, vendor["id"], "CONNECTED")
    bill, payment = bill_and_payment(papi, vendor, 44)
    assert payment["disbursementType"] == "WALLET"
    p = pdate(payment)
    advance_to_day(papi, p)
    assert get_payment(papi, payment["id"])["singleStatus"] == "FUNDING_STARTED"
    advance_to_day(papi, bd(p, 1))
    got = get_payment(papi, payment["id"])
    assert got["singleStatus"] == "CLEARED"
    assert got["disbursementInfo"]["walletDisbursement"] == {"arrivesByDate": iso(bd(p, 1))}
    assert get_bill(papi, bill["id"])["paymentStatus"] == "PAID"


def test_rpps_lifecycle(papi: Api) -> None:
    vendor = make_vendor(papi, name="Power Co")
    set_network(papi, vendor["id"], "CONNECTED_RPPS", "0rv02AAAAAAAAAAAaaaa")
    _, payment = bill_and_payment(papi, vendor, 12)
    assert payment["disbursementType"] == "RPPS"
    p = pdate(payment)
    advance_to_day(papi, bd(p, 1))
    got = get_payment(papi, payment["id"])
    assert got["singleStatus"] == "SENT"
    assert set(got["disbursementInfo"]["rppsDisbursement"]) == {
        "sentDate",
        "arrivesByDate",
        "traceNumber",
        "batchNumber",
    }
    advance_to_day(papi, bd(p, 2))
    assert get_payment(papi, payment["id"])["singleStatus"] == "CLEARED"


def test_exchange_rate_and_international_payment(papi: Api) -> None:
    usd = check_vendor(papi)
    r = papi.get(f"{PAYMENTS}/exchange-rate", params={"vendorId": usd["id"], "amount": 100})
    assert r.status_code == 200, r.text
    quote = r.json()
    assert (quote["paymentCurrency"], quote["baseCurrency"], quote["exchangeRate"]) == ("USD", "USD", 1)
    assert quote["amountRange"] == {"from": 0.01, "to": 10000}
    assert isinstance(quote["exchangeRateBatchId"], int)
    vendor = ach_vendor(
        papi,
        name="Euro GmbH",
        billCurrency="EUR",
        address={"line1": "1 Hauptstr", "city": "Berlin", "zipOrPostalCode": "10115", "country": "DE"},
        paymentInformation={
            "bankAccount": {"accountNumber": "DE89370400440532013000", "paymentCurrency": "EUR"}
        },
    )
    r = papi.get(
        f"{PAYMENTS}/exchange-rate", params={"vendorId": vendor["id"], "amount": 920, "baseCurrency": "false"}
    )
    quote = r.json()
    assert (quote["paymentCurrency"], quote["exchangeRate"]) == ("EUR", 0.92)
    usd_quote = papi.get(
        f"{PAYMENTS}/exchange-rate",
        params={"vendorId": vendor["id"], "amount": 20000, "baseCurrency": "true"},
    ).json()
    assert usd_quote["amountRange"] == {"from": 10000.01, "to": 100000}
    assert_error(
        papi.get(f"{PAYMENTS}/exchange-rate", params={"vendorId": vendor["id"], "amount": "x"}),
        400,
        "BDC_1129",
    )
    assert_error(
        papi.get(
            f"{PAYMENTS}/exchange-rate",
            params={"vendorId": vendor["id"], "amount": 1, "baseCurrency": "maybe"},
        ),
        400,
        "BDC_1129",
    )
    assert_error(papi.get(f"{PAYMENTS}/exchange-rate", params={"amount": 1}), 400, "BDC_1108")
    bill = make_bill(papi, vendor["id"], 920)
    r = papi.post(PAYMENTS, json=pay_body(papi, bill["id"], 920))
    assert_error(r, 400, None, "exchangeRateBatchId: must not be null")
    r = papi.post(
        PAYMENTS,
        json=pay_body(papi, bill["id"], 920, exchangeRateBatchId=usd_quote["exchangeRateBatchId"] + 10**6),
    )
    doubled(assert_error(r, 400, "BDC_1119"), bill["id"])
    # International: processed the next business day exactly, once the bank account is verified.
    advance_to_day(papi, bd(today(papi), 3))
    quote = papi.get(f"{PAYMENTS}/exchange-rate", params={"vendorId": vendor["id"], "amount": 920}).json()
    later = iso(bd(today(papi), 2))
    r = papi.post(
        PAYMENTS,
        json=pay_body(
            papi, bill["id"], 920, exchangeRateBatchId=quote["exchangeRateBatchId"], processDate=later
        ),
    )
    assert_error(r, 422, "BDC_1152")
    payment = pay(papi, bill["id"], 920, exchangeRateBatchId=quote["exchangeRateBatchId"])
    assert (payment["exchangeRate"], payment["fundingAmount"], payment["disbursementType"]) == (
        0.92,
        1000,
        "ACH",
    )
    p = pdate(payment)
    assert p == bd(today(papi), 1)
    advance_to_day(papi, bd(p, 2))
    got = get_payment(papi, payment["id"])
    assert got["singleStatus"] == "SENT"
    assert got["disbursementInfo"]["internationalDisbursement"]["amount"] == 920
    advance_to_day(papi, bd(p, 4))
    assert get_payment(papi, payment["id"])["singleStatus"] == "CLEARED"
    # A quote lasts 20 minutes.
    quote = papi.get(f"{PAYMENTS}/exchange-rate", params={"vendorId": vendor["id"], "amount": 5}).json()
    papi.advance(minutes=21)
    relogin(papi)
    other = make_bill(papi, vendor["id"], 5)
    r = papi.post(
        PAYMENTS, json=pay_body(papi, other["id"], 5, exchangeRateBatchId=quote["exchangeRateBatchId"])
    )
    assert_error(r, 400, "BDC_1119")


def test_scheduler_applies_steps_as_wall_time_passes_without_any_read(papi: Api) -> None:
    """Wall-clock time moves the sandbox clock without the control plane: the background
    scheduler applies what became due, with no request in between; reads never write."""
    vendor = check_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 25)
    p = pdate(payment)
    pass_wall_time(papi, (at(p, 1) - now(papi)).total_seconds())

    def announced() -> list[str]:  # the outbox (control plane): no read of the payment
        return [e["payload"]["singleStatus"] for e in recorded_events(papi, payment["id"], "payment.updated")]

    assert wait_for(lambda: "FUNDING_STARTED" in announced())
    relogin(papi)
    assert get_payment(papi, payment["id"])["singleStatus"] == "FUNDING_STARTED"
    listed = papi.get(PAYMENTS, params={"filters": f"id:eq:{payment['id']}"}).json()["results"]
    assert listed[0]["singleStatus"] == "FUNDING_STARTED"
    assert_error(papi.post(f"{PAYMENTS}/{payment['id']}/cancel"), 400, "BDC_1119")
    assert get_bill(papi, bill["id"])["scheduledAmount"] == 25


# --------------------------------------------------------------------------------- void
def test_void_rules(papi: Api) -> None:
    vendor = check_vendor(papi)
    _, payment = bill_and_payment(papi, vendor, 15)
    url = f"{PAYMENTS}/{payment['id']}/void"
    body = {"type": "VOID_ONLY", "reason": "wrong vendor"}
    doubled(assert_error(papi.post(url, json=body), 400, "BDC_1119", "cancel it instead"), payment["id"])
    assert_error(papi.post(url, json={"reason": "x"}), 400, None, "type: must not be null")
    assert_error(papi.post(url, json={"type": "VOID_ONLY"}), 400, None, "reason: must not be blank")
    assert_error(papi.post(url, json={"type": "SHRED", "reason": "x"}), 400, "BDC_1129")
    assert_error(papi.post(url, json={"type": "VOID_ONLY", "reason": "x" * 4001}), 400)
    assert_error(papi.post(f"{PAYMENTS}/stp02AAAAAAAAAAAaaaa/void", json=body), 404, "BDC_1205")


def test_void_a_processing_payment(papi: Api) -> None:
    vendor = check_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 65, bill_amount=100)
    p = pdate(payment)
    advance_to_day(papi, bd(p, 1))
    r = papi.post(f"{PAYMENTS}/{payment['id']}/void", json={"type": "VOID_AND_CREDIT", "reason": "duplicate"})
    assert r.status_code == 200, r.text
    voiding = r.json()
    assert (voiding["singleStatus"], voiding["status"]) == ("VOID_PENDING", "PAID")
    assert voiding["disbursementInfo"]["isVoidable"] is False
    [entry] = voiding["voidInfo"]
    assert {k: entry[k] for k in ("requestedBy", "type", "status", "reason")} == {
        "requestedBy": papi.user_id,
        "type": "VOID_AND_CREDIT",
        "status": "TO_BE_PROCESSED",
        "reason": "duplicate",
    }
    again = papi.post(f"{PAYMENTS}/{payment['id']}/void", json={"type": "VOID_ONLY", "reason": "again"})
    assert_error(again, 400, "BDC_1119")
    # The clock no longer moves it along its rail; one business day later it is VOIDED.
    assert get_bill(papi, bill["id"])["scheduledAmount"] == 65
    advance_to_day(papi, bd(today(papi), 1))
    got = get_payment(papi, payment["id"])
    assert (got["singleStatus"], got["status"]) == ("VOIDED", "VOID")
    assert got["voidInfo"][0]["status"] == "ACCEPTED"
    b = get_bill(papi, bill["id"])
    assert (b["dueAmount"], b["scheduledAmount"], b["paidAmount"], b["paymentStatus"]) == (
        100,
        0,
        0,
        "UNPAID",
    )
    advance_to_day(papi, bd(today(papi), 10))
    assert get_payment(papi, payment["id"])["singleStatus"] == "VOIDED"


def test_void_a_cleared_payment_gives_the_money_back(papi: Api) -> None:
    vendor = ach_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 40, processingOptions={"requestPayFaster": True})
    advance_to_day(papi, bd(pdate(payment), 1))
    assert get_bill(papi, bill["id"])["paymentStatus"] == "PAID"
    voided = papi.post(f"{PAYMENTS}/{payment['id']}/void", json={"type": "VOID_ONLY", "reason": "returned"})
    assert voided.json()["singleStatus"] == "VOID_PENDING"
    advance_to_day(papi, bd(today(papi), 1))
    b = get_bill(papi, bill["id"])
    assert (b["paidAmount"], b["dueAmount"], b["paymentStatus"]) == (0, 40, "UNPAID")
    assert get_payment(papi, payment["id"])["disbursementStatus"] == "DONE"


def test_void_and_reissue(papi: Api) -> None:
    vendor = check_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 55)
    advance_to_day(papi, pdate(payment))
    body = {"type": "VOID_AND_REISSUE", "reason": "lost in the mail"}
    assert papi.post(f"{PAYMENTS}/{payment['id']}/void", json=body).status_code == 200
    voided_on = bd(today(papi), 1)
    advance_to_day(papi, voided_on)
    listed = papi.get(PAYMENTS, params={"filters": f"billId:eq:{bill['id']}"}).json()["results"]
    assert [p["singleStatus"] for p in listed] == ["VOIDED", "SCHEDULED"]
    new = listed[1]
    assert (new["amount"], new["disbursementType"], new["processDate"]) == (
        55,
        "CHECK",
        iso(bd(voided_on, 1)),
    )
    assert new["fundingAccount"] == payment["fundingAccount"] and new["createdBy"] == papi.user_id
    b = get_bill(papi, bill["id"])
    assert (b["scheduledAmount"], b["dueAmount"], b["paymentStatus"]) == (55, 0, "SCHEDULED")


def test_void_and_reissue_as_a_virtual_card(papi: Api) -> None:
    vendor = ach_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 80)
    p = pdate(payment)
    advance_to_day(papi, bd(p, 1))
    body = {"type": "VOID_AND_REISSUE_VCARD", "reason": "vendor asked for a card"}
    assert papi.post(f"{PAYMENTS}/{payment['id']}/void", json=body).status_code == 200
    voided_on = bd(today(papi), 1)
    advance_to_day(papi, bd(voided_on, 1))  # VOIDED, then the new card is SENT on its process date
    listed = papi.get(PAYMENTS, params={"filters": f"billId:eq:{bill['id']}"}).json()["results"]
    assert [(p["singleStatus"], p["disbursementType"]) for p in listed] == [
        ("VOIDED", "ACH"),
        ("SENT", "VIRTUAL_CARD"),
    ]
    advance_to_day(papi, bd(voided_on, 2))
    assert get_payment(papi, listed[1]["id"])["singleStatus"] == "CLEARED"
    assert get_bill(papi, bill["id"])["paymentStatus"] == "PAID"


def test_void_an_offline_payment(papi: Api) -> None:
    vendor = make_vendor(papi)
    bill = make_bill(papi, vendor["id"], 30)
    recorded = record_payment(papi, vendor["id"], {"billId": bill["id"], "amount": 30})
    url = f"{PAYMENTS}/{recorded['id']}/void"
    assert_error(papi.post(url, json={"type": "VOID_AND_REISSUE", "reason": "x"}), 400, "BDC_1119")
    voiding = papi.post(url, json={"type": "VOID_ONLY", "reason": "recorded twice"}).json()
    assert (voiding["singleStatus"], voiding["status"]) == ("VOID_PENDING", "PAID")
    assert "disbursementInfo" not in voiding
    advance_to_day(papi, bd(today(papi), 1))
    assert get_payment(papi, recorded["id"])["singleStatus"] == "VOIDED"
    assert get_bill(papi, bill["id"])["paymentStatus"] == "UNPAID"


# --------------------------------------------------------------------------- magic values
def _funding_fails_account(api: Api, number: str = "000000000021") -> str:
    bank = post_ok(
        api,
        "/v3/funding-accounts/banks",
        {
            "routingNumber": "074000010",
            "accountNumber": number,
            "nameOnAccount": "Fails",
            "type": "CHECKING",
            "ownerType": "BUSINESS",
        },
    )
    r = api.post(f"/v3/funding-accounts/banks/{bank['id']}/verify", json={"depositAmount": 0.5})
    assert r.status_code == 200 and r.json()["verified"] is True, r.text
    return str(bank["id"])


def test_funding_failure_after_disbursement(papi: Api) -> None:
    """000000000021: at P+1 FUNDING_FAILED_ACTION_NEEDED; the bill stays paid, the disbursement
    goes on, the organization's next payments are refused until the funds are received."""
    account = _funding_fails_account(papi)
    vendor = ach_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 21, fundingAccount={"type": "BANK_ACCOUNT", "id": account})
    p = pdate(payment)
    advance_to_day(papi, p)
    assert get_payment(papi, payment["id"])["singleStatus"] == "FUNDING_STARTED"
    advance_to_day(papi, bd(p, 1))
    got = get_payment(papi, payment["id"])
    assert (got["singleStatus"], got["status"]) == ("FUNDING_FAILED_ACTION_NEEDED", "FAILED")
    assert got["disbursementInfo"]["isVoidable"] is False
    paid = get_bill(papi, bill["id"])
    assert (paid["paymentStatus"], paid["dueAmount"]) == ("PAID", 0)
    # The org's next payment is refused with BILL's error, whatever the bill.
    other = make_bill(papi, vendor["id"], 10)
    body = assert_error(
        papi.post(PAYMENTS, json=pay_body(papi, other["id"], 10)), 400, "BDC_1150", "Wire the amount"
    )
    assert len(body) == 2
    assert_error(
        papi.post(f"{PAYMENTS}/{payment['id']}/void", json={"type": "VOID_ONLY", "reason": "x"}),
        400,
        "BDC_1119",
    )
    # The disbursement continues out of sight of singleStatus.
    advance_to_day(papi, bd(p, 3))
    later = get_payment(papi, payment["id"])
    assert later["singleStatus"] == "FUNDING_FAILED_ACTION_NEEDED"
    assert later["disbursementStatus"] == "DONE" and "achDisbursement" in later["disbursementInfo"]
    assert get_bill(papi, bill["id"])["paymentStatus"] == "PAID"
    assert_error(papi.sandbox("POST", "/orgs/00802AAAAAAAAAAAaaaa/funding-received"), 404, "BDC_1205")
    r = papi.sandbox("POST", f"/orgs/{papi.org_id}/funding-received")
    assert r.status_code == 200, r.text
    assert [x["id"] for x in r.json()["payments"]] == [payment["id"]]
    relogin(papi)
    settled = get_payment(papi, payment["id"])
    assert (settled["singleStatus"], settled["status"]) == ("CLEARED", "PAID")
    assert get_bill(papi, bill["id"])["paymentStatus"] == "PAID"
    again = pay(papi, other["id"], 10)
    assert again["singleStatus"] == "SCHEDULED"


def test_funding_failure_voided(papi: Api) -> None:
    """000000000047: at P FUNDING_FAILED_VOIDED (legacy VOID); the bill gets its amount back."""
    account = _funding_fails_account(papi, "000000000047")
    vendor = check_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 47, fundingAccount={"type": "BANK_ACCOUNT", "id": account})
    assert get_bill(papi, bill["id"])["paymentStatus"] == "SCHEDULED"
    advance_to_day(papi, pdate(payment))
    got = get_payment(papi, payment["id"])
    assert (got["singleStatus"], got["status"]) == ("FUNDING_FAILED_VOIDED", "VOID")
    restored = get_bill(papi, bill["id"])
    assert (restored["paymentStatus"], restored["dueAmount"]) == ("UNPAID", 47)
    # Nothing is held: the organization pays on.
    assert pay(papi, bill["id"], 47)["singleStatus"] == "SCHEDULED"


def test_vendor_bank_rejects(papi: Api) -> None:
    vendor = ach_vendor(papi, account="000000000039")
    bill, payment = bill_and_payment(papi, vendor, 39)
    p = pdate(payment)
    advance_to_day(papi, bd(p, 1))
    got = get_payment(papi, payment["id"])
    assert (got["singleStatus"], got["status"], got["disbursementStatus"]) == (
        "DISBURSEMENT_FAILED_VENDOR_BANK_REJECTED",
        "PAID",
        "FAILED",
    )
    advance_to_day(papi, bd(p, 5))
    assert get_payment(papi, payment["id"])["singleStatus"] == "DISBURSEMENT_FAILED_VENDOR_BANK_REJECTED"
    assert get_bill(papi, bill["id"])["paymentStatus"] == "SCHEDULED"


def test_hold_until_released(papi: Api) -> None:
    vendor = ach_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 999.01, bill_amount=1000)
    p = pdate(payment)
    advance_to_day(papi, bd(p, 4))
    got = get_payment(papi, payment["id"])
    assert (got["singleStatus"], got["status"], got["disbursementStatus"]) == (
        "DISBURSEMENT_ON_HOLD",
        "PAID",
        "HOLD",
    )
    assert got["updatedTime"].startswith(iso(bd(p, 1)))
    assert_error(papi.sandbox("POST", "/payments/stp02AAAAAAAAAAAaaaa/release"), 404, "BDC_1205")
    released = papi.sandbox("POST", f"/payments/{payment['id']}/release")
    assert released.status_code == 200, released.text
    day = today(papi)
    resumed = day if business_days.is_business_day(day) else bd(day, 1)
    assert released.json()["singleStatus"] == ("PROCESSED" if resumed == day else "DISBURSEMENT_ON_HOLD")
    assert_error(papi.sandbox("POST", f"/payments/{payment['id']}/release"), 400, "BDC_1119")
    advance_to_day(papi, bd(resumed, 1))
    assert get_payment(papi, payment["id"])["singleStatus"] == "CLEARED"
    assert get_bill(papi, bill["id"])["paidAmount"] == 999.01


def test_returned_payment(papi: Api) -> None:
    vendor = ach_vendor(papi)
    _, payment = bill_and_payment(papi, vendor, 999.02)
    p = pdate(payment)
    advance_to_day(papi, bd(p, 1))
    assert get_payment(papi, payment["id"])["singleStatus"] == "PROCESSED"
    advance_to_day(papi, bd(p, 2))
    got = get_payment(papi, payment["id"])
    assert (got["singleStatus"], got["disbursementStatus"]) == ("DISBURSEMENT_FAILED_ACTION_NEEDED", "FAILED")


def test_uncashed_check_expires_then_is_voided(papi: Api) -> None:
    vendor = check_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 999.04)
    p = pdate(payment)
    advance_to_day(papi, days_later(p, 79))
    assert get_payment(papi, payment["id"])["singleStatus"] == "DELIVERED"
    advance_to_day(papi, days_later(p, 80))
    assert get_payment(papi, payment["id"])["singleStatus"] == "EXPIRING"
    assert get_bill(papi, bill["id"])["paymentStatus"] == "SCHEDULED"
    advance_to_day(papi, days_later(p, 90))
    got = get_payment(papi, payment["id"])
    assert (got["singleStatus"], got["status"]) == ("VOIDED", "VOID")
    assert got["voidInfo"][0]["type"] == "VOID_ONLY" and got["voidInfo"][0]["status"] == "ACCEPTED"
    assert get_bill(papi, bill["id"])["dueAmount"] == 999.04


# ----------------------------------------------------------------------- options, image
def test_payment_options(papi: Api) -> None:
    vendor = ach_vendor(papi)
    r = papi.get(f"{PAYMENTS}/options", params={"vendorId": vendor["id"], "amount": 200})
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["amount"], out["vendorId"]) == (200, vendor["id"])
    [bank] = out["fundingOptions"]["banks"]
    now = today(papi)
    assert bank["id"] == org_bank_account(papi) and bank["available"] is True and bank["fee"] == 0
    assert bank["processDate"] == iso(bd(now, 2)) and bank["deliveryDate"] == iso(bd(now, 4))
    assert bank["conditions"] and "reason" not in bank
    [card] = out["fundingOptions"]["cards"]
    assert card["brand"] == "VISA" and card["feeInfo"] == {"amount": 5.8, "rate": 2.9}
    check = check_vendor(papi)
    opts = papi.get(f"{PAYMENTS}/options", params={"vendorId": check["id"], "amount": 10}).json()
    bank = opts["fundingOptions"]["banks"][0]
    assert bank["processDate"] == iso(bd(now, 1)) and bank["deliveryDate"] == iso(bd(now, 6))
    assert bank["conditions"] == []
    offline = papi.get(
        f"{PAYMENTS}/options", params={"vendorId": offline_vendor(papi)["id"], "amount": 10}
    ).json()
    bank = offline["fundingOptions"]["banks"][0]
    assert bank["available"] is False and "unable to receive ePayments" in bank["reason"]
    assert_error(
        papi.get(f"{PAYMENTS}/options", params={"vendorId": vendor["id"], "amount": "-1"}), 400, "BDC_1129"
    )
    assert_error(
        papi.get(f"{PAYMENTS}/options", params={"vendorId": "00902AAAAAAAAAAAaaaa", "amount": 1}), 404
    )
    assert_error(papi.get(f"{PAYMENTS}/options", params={"vendorId": vendor["id"]}), 400, "BDC_1108")


def test_check_image_only_for_sent_checks(papi: Api) -> None:
    _, payment = bill_and_payment(papi, ach_vendor(papi), 10)
    doubled(assert_error(papi.get(f"{PAYMENTS}/{payment['id']}/check-image"), 400, "BDC_1120"), payment["id"])
    assert_error(papi.get(f"{PAYMENTS}/stp02AAAAAAAAAAAaaaa/check-image"), 404, "BDC_1205")


# ------------------------------------------------------------------- the clock handler
def test_advancing_the_clock_moves_every_organization(papi: Api, new_api: Any) -> None:
    other = payer(new_api())
    _, mine = bill_and_payment(papi, check_vendor(papi), 5)
    _, theirs = bill_and_payment(other, check_vendor(other), 6)
    last = max(pdate(mine), pdate(theirs))
    r = papi.sandbox(
        "POST", "/clock/advance", json={"seconds": (at(bd(last, 1), 1) - now(papi)).total_seconds()}
    )
    assert r.status_code == 200, r.text  # no organizationId: every organization moves
    relogin(papi)
    relogin(other)
    assert get_payment(papi, mine["id"])["singleStatus"] == "PROCESSED"
    assert get_payment(other, theirs["id"])["singleStatus"] == "PROCESSED"


def test_lifecycle_steps_are_business_days() -> None:
    """Unit: steps skip weekends and Federal Reserve holidays."""
    from datetime import date

    friday = date(2026, 11, 20)  # the next Monday..Wednesday are business days, Thursday is Thanksgiving
    steps = payment_rails.steps_for("ACH", date(2026, 11, 25))
    assert [(s.status, s.at.date()) for s in steps] == [
        ("FUNDING_STARTED", date(2026, 11, 25)),
        ("PROCESSED", date(2026, 11, 27)),
        ("CLEARED", date(2026, 11, 30)),
    ]
    assert payment_rails.steps_for("WALLET", friday)[-1].at.date() == date(2026, 11, 23)
    assert payment_rails.MAGIC_AMOUNTS[Decimal("999.01")] == payment_rails.HOLD


def test_bills_follow_payments_as_time_passes_without_a_clock_move(papi: Api) -> None:
    """Wall-clock time moves the sandbox clock too (no control-plane call): the scheduler
    applies the payment steps that came due, and bills follow."""
    vendor = ach_vendor(papi)
    bill, payment = bill_and_payment(papi, vendor, 120, bill_amount=120)
    assert get_bill(papi, bill["id"])["paymentStatus"] == "SCHEDULED"
    pass_wall_time(papi, 10 * 86400)  # as if ten days had passed in real time
    papi = relogin(papi)  # the session idled out during those ten days
    wait_for(lambda: get_payment(papi, payment["id"])["singleStatus"] == "CLEARED")
    listed = papi.get("/v3/bills", params={"filters": f"id:eq:{bill['id']}"}).json()["results"][0]
    assert (listed["paymentStatus"], listed["paidAmount"], listed["dueAmount"]) == ("PAID", 120, 0)
    assert get_payment(papi, payment["id"])["singleStatus"] == "CLEARED"
