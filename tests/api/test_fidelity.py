"""Fidelity to BILL's documentation (issue 14): funding failures, no null on the wire, list
filters and sorts, sessions and MFA, mass payments. Both engines (the ``api`` fixture)."""

from __future__ import annotations

from typing import Any

import pytest

from api.test_events import recorded
from support.ap import make_bill, make_vendor, post_ok, record_payment
from support.api import Api, assert_error
from support.payments import (
    ach_vendor,
    advance_to_day,
    bd,
    bill_and_payment,
    check_vendor,
    funding,
    get_bill,
    payer,
    pdate,
    set_network,
    wait_for,
)


@pytest.fixture
def papi(api: Api) -> Api:
    return payer(api)


def _bank(api: Api, number: str) -> str:
    bank = post_ok(
        api,
        "/v3/funding-accounts/banks",
        {
            "routingNumber": "074000010",
            "accountNumber": number,
            "nameOnAccount": "Magic",
            "type": "CHECKING",
            "ownerType": "BUSINESS",
        },
    )
    r = api.post(f"/v3/funding-accounts/banks/{bank['id']}/verify", json={"depositAmount": 0.5})
    assert r.status_code == 200 and r.json()["verified"] is True, r.text
    return str(bank["id"])


@pytest.mark.parametrize(
    ("number", "status", "offset"),
    [("000000000021", "FUNDING_FAILED_ACTION_NEEDED", 1), ("000000000047", "FUNDING_FAILED_VOIDED", 0)],
)
def test_funding_failures_announce_payment_failed(papi: Api, number: str, status: str, offset: int) -> None:
    account = _bank(papi, number)
    _, payment = bill_and_payment(
        papi, ach_vendor(papi), 30, fundingAccount={"type": "BANK_ACCOUNT", "id": account}
    )
    advance_to_day(papi, bd(pdate(payment), offset))
    types = [(e["type"], e["obj"]["singleStatus"]) for e in recorded(papi, payment["id"])]
    assert ("payment.failed", status) in types
    assert ("payment.updated", status) in types


# ------------------------------------------------------------------------------- the wire
def test_recorded_payments_carry_vendor_name_and_no_null(api: Api) -> None:
    vendor = make_vendor(api, name="Offline Supplies")
    bill = make_bill(api, vendor["id"], 40)
    recorded_ = record_payment(api, vendor["id"], {"billId": bill["id"], "amount": 40})
    assert "vendorName" not in recorded_  # BILL's record-payment example has none
    assert all("vendorCredits" not in bp for bp in recorded_["billPayments"])
    got = api.get(f"/v3/payments/{recorded_['id']}").json()
    assert got["vendorName"] == "Offline Supplies"
    assert "null" not in api.get(f"/v3/payments/{recorded_['id']}").text
    listed = api.get("/v3/payments").json()["results"]
    assert [p["vendorName"] for p in listed] == ["Offline Supplies"]


def test_bill_record_status_and_created_by(api: Api) -> None:
    bill = make_bill(api, make_vendor(api)["id"], 10)
    assert (bill["recordStatus"], bill["createdBy"]) == ("ACTIVE", api.user_id)
    archived = api.post(f"/v3/bills/{bill['id']}/archive").json()
    assert (archived["archived"], archived["recordStatus"]) == (True, "INACTIVE")
    restored = api.post(f"/v3/bills/{bill['id']}/restore").json()
    assert (restored["archived"], restored["recordStatus"]) == (False, "ACTIVE")
    assert api.get(f"/v3/bills/{bill['id']}").json()["createdBy"] == api.user_id


def test_vendor_payment_network_id(api: Api) -> None:
    vendor = make_vendor(api)
    assert "paymentNetworkId" not in vendor
    set_network(api, vendor["id"], "CONNECTED_RPPS", "0rv01AAAAAAAAAAAaaaa")
    assert api.get(f"/v3/vendors/{vendor['id']}").json()["paymentNetworkId"] == "0rv01AAAAAAAAAAAaaaa"
    set_network(api, vendor["id"], "NOT_CONNECTED")
    assert "paymentNetworkId" not in api.get(f"/v3/vendors/{vendor['id']}").json()


def test_document_scan_status_and_pages(api: Api) -> None:
    bill_id = make_bill(api, make_vendor(api)["id"], 5)["id"]
    pdf = b"%PDF-1.4\n1 0 obj<</Type /Pages /Count 2>>\n2 0 obj<</Type /Page>>\n3 0 obj<</Type/Page>>\n"
    infected = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
    for name, content in (("two.pdf", pdf), ("eicar.txt", infected)):
        r = api.post(f"/v3/documents/bills/{bill_id}", params={"name": name}, content=content)
        assert r.status_code == 200, r.text
    api.advance(seconds=6)
    docs = {d["name"]: d for d in api.get(f"/v3/documents/bills/{bill_id}").json()["results"]}
    assert (docs["two.pdf"]["scanStatus"], docs["two.pdf"]["numOfPages"]) == ("CLEAN", 2)
    assert (docs["eicar.txt"]["scanStatus"], docs["eicar.txt"]["numOfPages"]) == ("INFECTED", 1)


def test_error_timestamps_follow_the_sandbox_clock(api: Api) -> None:
    api.advance(days=40)
    api.login()
    body = assert_error(api.get("/v3/bills/00n02AAAAAAAAAAAaaaa"), 404, "BDC_1205")
    assert body[0]["timestamp"][:10] == api.clock()["now"][:10]


# ----------------------------------------------------------------------- sessions and MFA
def test_authentication_comes_before_validation(api: Api) -> None:
    no_session = {"devKey": api.creds["devKey"], "sessionId": ""}
    bad_session = {"devKey": api.creds["devKey"], "sessionId": "not-a-session"}
    for headers in (no_session, bad_session):
        assert_error(api.post("/v3/vendors", json={"nope": 1}, headers=headers), 401, "BDC_1109")
        assert_error(api.post("/v3/vendors", content=b"{not json", headers=headers), 401, "BDC_1109")
        assert_error(api.get("/v3/vendors", params={"max": "x"}, headers=headers), 401, "BDC_1109")
        assert_error(api.post("/v3/bills/record-payment", json={}, headers=headers), 401, "BDC_1109")
    # With a good session the validation error answers, on the organization's clock.
    api.advance(days=3)
    api.login()
    body = assert_error(api.post("/v3/vendors", json={}), 400, None, "name: must not be blank")
    assert body[0]["timestamp"][:10] == api.clock()["now"][:10]


def test_vendor_bank_account_needs_no_trusted_session(api: Api) -> None:
    vendor = make_vendor(api)
    r = api.post(
        f"/v3/vendors/{vendor['id']}/bank-account",
        json={"accountNumber": "123456789", "routingNumber": "074000010"},
    )
    assert r.status_code == 200, r.text
    inline = api.post(
        "/v3/vendors",
        json={
            "name": "Inline Bank",
            "paymentInformation": {
                "bankAccount": {"accountNumber": "987654321", "routingNumber": "074000010"}
            },
        },
    )
    assert inline.status_code == 201, inline.text


def _token_login(api: Api, **body: str) -> Any:
    r = api.client.post(
        "/connect/v3/login", json={"organizationId": api.org_id, "devKey": api.creds["devKey"], **body}
    )
    return r


@pytest.mark.parametrize("console", [False, True])
def test_token_sessions_last_48_hours_and_can_neither_pay_nor_do_mfa(api: Api, console: bool) -> None:
    made = api.sandbox("POST", "/api-tokens", json={"organizationId": api.org_id, "console": console})
    assert made.status_code == 201, made.text
    token = made.json()
    if console:
        creds = {"username": api.creds["username"], "consoleApiToken": token["consoleApiToken"]}
        wrong = {**creds, "consoleApiToken": "nope"}
    else:
        creds = {"username": token["tokenName"], "password": token["tokenValue"]}
        wrong = {**creds, "password": "nope"}
    assert_error(_token_login(api, **wrong), 400, "BDC_1101")
    r = _token_login(api, **creds)
    assert r.status_code == 200, r.text
    session = r.json()
    assert session["trusted"] is False and session["userId"] == api.user_id
    api.session_id = session["sessionId"]
    assert api.get("/v3/vendors").status_code == 200
    assert_error(api.post("/v3/mfa/challenge", json={}), 403)
    vendor = make_vendor(api)
    bill = make_bill(api, vendor["id"], 10)
    body = {
        "billId": bill["id"],
        "amount": 10,
        "fundingAccount": {"type": "WALLET"},
        "processDate": "2030-01-02",
        "processingOptions": {"requestPayFaster": False, "createBill": False},
    }
    assert_error(api.post("/v3/payments", json=body), 403, "BDC_1361")
    api.advance(hours=47)
    assert api.get("/v3/vendors").status_code == 200  # idle 47 h: still valid (a password
    api.advance(hours=49)  # session would have expired after 35 minutes)
    assert_error(api.get("/v3/vendors"), 401, "BDC_1109")


# ---------------------------------------------------------------------------- mass payments
MASS = "/v3/payments/mass"


def _mass(api: Api, entries: list[dict[str, Any]], **extra: Any) -> Any:
    return api.post(MASS, json={"fundingAccount": funding(api), "payments": entries, **extra})


def test_mass_payment_is_paid_asynchronously(papi: Api) -> None:
    vendor = check_vendor(papi)
    bills_ = [make_bill(papi, vendor["id"], 10 + i) for i in range(3)]
    entries = [{"billId": b["id"], "amount": 10 + i} for i, b in enumerate(bills_)]
    entries.append({"billId": "00n02AAAAAAAAAAAaaaa", "amount": 5})  # unknown: this one fails
    entries.append({"billId": bills_[0]["id"] + "x", "amount": 1})
    r = _mass(papi, entries)
    assert r.status_code == 201, r.text
    batch = r.json()
    batch_id = batch["paymentBatchId"]
    assert batch_id.startswith("bbq") and len(batch_id) == 20
    assert batch["batchStatus"] == "SCHEDULED"
    assert batch["count"] == {"scheduled": 5, "completed": 0, "failed": 0, "total": 5}

    def done() -> Any:
        got = papi.get(f"{MASS}/{batch_id}").json()
        return got if got["batchStatus"] == "COMPLETED" else None

    got = wait_for(done)
    assert got["count"] == {"scheduled": 0, "completed": 3, "failed": 2, "total": 5}
    assert "null" not in papi.get(f"{MASS}/{batch_id}").text
    completed = got["payments"]["completed"]
    assert [c["billId"] for c in completed] == [b["id"] for b in bills_]
    for c in completed:
        payment = papi.get(f"/v3/payments/{c['paymentId']}").json()
        assert (payment["billId"], payment["singleStatus"]) == (c["billId"], "SCHEDULED")
    assert get_bill(papi, bills_[0]["id"])["paymentStatus"] == "SCHEDULED"
    failed = got["payments"]["failed"]
    assert failed[0]["errors"][0]["code"] == "BDC_1205"
    statuses = [
        e["obj"]["batchStatus"] for e in recorded(papi, batch_id) if e["type"] == "mass-payment.updated"
    ]
    assert statuses == ["SCHEDULED", "COMPLETED"]


def test_mass_payment_errors(papi: Api) -> None:
    vendor = check_vendor(papi)
    bill = make_bill(papi, vendor["id"], 10)
    one = {"billId": bill["id"], "amount": 10}
    assert_error(_mass(papi, [one, one]), 400, "BDC_1119")
    assert_error(_mass(papi, []), 400)
    too_many = [{"billId": f"00n02AAAAAAAAAAA{i:04d}", "amount": 1} for i in range(2001)]
    assert_error(_mass(papi, too_many), 400)
    assert_error(papi.get(f"{MASS}/bbq02AAAAAAAAAAAaaaa"), 404, "BDC_1205")
    papi.login()  # a new session is not trusted
    assert_error(_mass(papi, [one]), 403, "BDC_1361")
