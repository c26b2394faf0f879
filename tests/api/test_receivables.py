"""Receivable payments: record AR payment, the received-payments list, customer bank accounts,
charge authorization, charging a customer on the sandbox clock (and the 999.05 failure), and
the whole AR story end to end."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from support.api import Api, assert_error
from support.ar import (
    INVOICES,
    RECEIVABLE_PAYMENTS,
    authorize,
    balance,
    bank_account,
    charge,
    get,
    make_credit_memo,
    make_customer,
    make_invoice,
    record,
    relogin,
    verified_bank_account,
)
from support.payments import pass_wall_time, wait_for

RECORD = f"{INVOICES}/record-payment"


# ------------------------------------------------------------------------ record AR payment
def test_record_payment_with_unapplied_amount(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 80)
    r = api.post(
        RECORD,
        json={
            "amount": "100",
            "customerId": cid,
            "invoices": [{"amount": "50", "id": inv["id"]}],
            "paymentDate": "2025-12-20",
            "paymentType": "CREDIT_CARD",
            "description": "Accepted credit card payment in store",
        },
    )
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["id"].startswith("0rp") and out["status"] == "PAID"
    assert (out["amount"], out["unappliedAmount"], out["paymentType"]) == (100, 50, "CREDIT_CARD")
    assert out["invoices"] == [
        {
            "id": inv["id"],
            "payments": [{"id": out["id"], "amount": 50, "status": "PAID", "date": "2025-12-20"}],
        }
    ]
    payment = get(api, f"{RECEIVABLE_PAYMENTS}/{out['id']}")
    assert payment["onlinePayment"] is False and payment["receivablesType"] == "CREDIT_CARD"
    assert payment["invoicePayments"] == [{"invoiceId": inv["id"], "amount": 50, "paymentDate": "2025-12-20"}]
    # Σ due (30) − unapplied (50)
    assert balance(api, cid) == -20


def test_record_payment_customer_is_taken_from_the_invoices(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 10)
    r = api.post(
        RECORD,
        json={
            "amount": 10,
            "paymentDate": "2026-01-01",
            "paymentType": "CASH",
            "invoices": [{"id": inv["id"], "amount": 10}],
        },
    )
    assert r.status_code == 200 and r.json()["customerId"] == cid


def test_record_payment_errors(api: Api, new_api: Callable[[], Api]) -> None:
    a, b = make_customer(api, "A")["id"], make_customer(api, "B")["id"]
    ia, ib = make_invoice(api, a, 10), make_invoice(api, b, 10)
    base = {"paymentDate": "2026-01-01", "paymentType": "CHECK"}
    assert_error(
        api.post(
            RECORD,
            json={
                **base,
                "amount": 20,
                "invoices": [{"id": ia["id"], "amount": 10}, {"id": ib["id"], "amount": 10}],
            },
        ),
        400,
        "BDC_1119",
        "one customer",
    )
    assert_error(
        api.post(
            RECORD, json={**base, "amount": 10, "customerId": b, "invoices": [{"id": ia["id"], "amount": 10}]}
        ),
        400,
        "BDC_1119",
    )
    assert_error(
        api.post(RECORD, json={**base, "amount": 20, "invoices": [{"id": ia["id"], "amount": 20}]}),
        400,
        "BDC_1119",
    )
    assert_error(
        api.post(RECORD, json={**base, "amount": 5, "invoices": [{"id": ia["id"], "amount": 10}]}),
        400,
        "BDC_1119",
    )
    assert_error(api.post(RECORD, json={**base, "amount": 5}), 400, message="customerId: must not be blank")
    assert_error(
        api.post(RECORD, json={**base, "amount": 5, "customerId": a, "paymentType": "BARTER"}),
        400,
        "BDC_1129",
    )
    assert_error(api.post(RECORD, json={"amount": 5, "customerId": a}), 400, message="paymentDate")
    other = new_api()
    assert_error(
        other.post(RECORD, json={**base, "amount": 10, "invoices": [{"id": ia["id"], "amount": 10}]}),
        404,
        "BDC_1205",
    )
    # Nothing was written by the refused requests.
    assert get(api, f"{INVOICES}/{ia['id']}")["dueAmount"] == 10
    assert api.get(RECEIVABLE_PAYMENTS).json()["results"] == []


def test_received_payments_list_filters_and_sorts(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 100)
    p1 = record(api, cid, 30, (inv["id"], 30))
    p2 = record(api, cid, 10, (inv["id"], 10))

    def ids(**params: str) -> list[str]:
        r = api.get(RECEIVABLE_PAYMENTS, params=params)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["results"]]

    assert ids() == [p1["id"], p2["id"]]
    assert ids(sort="amount:asc") == [p2["id"], p1["id"]]
    assert ids(filters="amount:gt:20") == [p1["id"]]
    assert ids(filters=f"customerId:eq:{cid},status:eq:PAID", sort="createdTime:desc") == [p2["id"], p1["id"]]
    assert ids(filters="updatedTime:gte:2000-01-01") == [p1["id"], p2["id"]]
    assert_error(api.get(f"{RECEIVABLE_PAYMENTS}/0rp02NOPE0000000abcd"), 404, "BDC_1205")


# --------------------------------------------------------------------- customer bank accounts
def test_bank_account_verifies_after_two_business_days(api: Api) -> None:
    cid = make_customer(api)["id"]
    account = bank_account(api, cid)
    assert account["id"].startswith("cba") and account["status"] == "PENDING"
    assert account["accountNumber"] == "987654321"
    listed = get(api, f"/v3/customers/{cid}/bank-accounts")["results"]
    assert [a["id"] for a in listed] == [account["id"]]
    assert_error(
        api.patch(f"/v3/customers/{cid}/bank-accounts/{account['id']}", json={"nameOnAccount": "X"}),
        400,
        "BDC_1119",
    )
    api.advance(days=4)
    relogin(api)
    doc = get(api, f"/v3/customers/{cid}/bank-accounts/{account['id']}")
    assert doc["status"] == "VERIFIED"
    r = api.patch(
        f"/v3/customers/{cid}/bank-accounts/{account['id']}", json={"nameOnAccount": "Happy Paws LLC"}
    )
    assert r.status_code == 200 and r.json()["nameOnAccount"] == "Happy Paws LLC"
    r = api.post(f"/v3/customers/{cid}/bank-accounts/{account['id']}/archive")
    assert r.status_code == 200 and r.json()["archived"] is True
    assert_error(api.post(f"/v3/customers/{cid}/bank-accounts/{account['id']}/restore"), 404, "BDC_1121")


def test_bank_account_errors(api: Api) -> None:
    no_address = api.post("/v3/customers", json={"name": "N", "email": "n@example.com"}).json()["id"]
    assert_error(bank_account_response(api, no_address), 400, message="billingAddress")
    cid = make_customer(api)["id"]
    assert_error(
        bank_account_response(api, cid, routingNumber="000000000"),
        400,
        message="routingNumber: invalid routing number",
    )
    assert_error(bank_account_response(api, cid, type=None), 400, message="type")
    other = make_customer(api, "Other")["id"]
    account = bank_account(api, cid)
    assert_error(api.get(f"/v3/customers/{other}/bank-accounts/{account['id']}"), 404, "BDC_1205")
    assert_error(api.get("/v3/customers/0cu02NOPE0000000abcd/bank-accounts"), 404, "BDC_1205")


def bank_account_response(api: Api, customer_id: str, **changes: object) -> httpx.Response:
    from support.ar import BANK

    body = {**BANK, **changes}
    return api.post(
        f"/v3/customers/{customer_id}/bank-accounts", json={k: v for k, v in body.items() if v is not None}
    )


# ---------------------------------------------------------------------- charging a customer
def test_charge_authorization(api: Api) -> None:
    cid = make_customer(api)["id"]
    assert "authorizedToCharge" not in get(api, f"/v3/customers/{cid}")
    assert authorize(api, cid)["authorizedToCharge"] is True
    assert get(api, f"/v3/customers/{cid}")["authorizedToCharge"] is True
    assert authorize(api, cid, False)["authorizedToCharge"] is False
    assert_error(
        api.post(f"/v3/customers/{cid}/charge-authorization", json={}), 400, message="authorizedToCharge"
    )


def test_charge_needs_authorization_and_a_verified_account(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 100)
    pending = bank_account(api, cid)
    assert_error(charge(api, cid, pending["id"], (inv["id"], 10)), 400, "BDC_1119", "authorizedToCharge")
    authorize(api, cid)
    assert_error(charge(api, cid, pending["id"], (inv["id"], 10)), 400, "BDC_1119", "verified")
    account = verified_bank_account(api, cid)
    other = make_customer(api, "Other")["id"]
    other_inv = make_invoice(api, other, 10)
    assert_error(charge(api, cid, account["id"], (other_inv["id"], 10)), 400, "BDC_1119")
    assert_error(charge(api, cid, account["id"], (inv["id"], 150)), 400, "BDC_1119")
    assert_error(charge(api, other, account["id"], (other_inv["id"], 10)), 400)


def test_charge_is_scheduled_then_paid(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 100)
    account = verified_bank_account(api, cid)
    authorize(api, cid)
    r = charge(api, cid, account["id"], (inv["id"], 100), description="Monthly")
    assert r.status_code == 201, r.text
    payment = r.json()
    assert payment["status"] == "SCHEDULED" and payment["onlinePayment"] is True
    assert payment["fundingAccount"] == {"id": account["id"], "type": "BANK_ACCOUNT"}
    assert payment["receivablesAccount"]["type"] == "BANK_ACCOUNT"
    doc = get(api, f"{INVOICES}/{inv['id']}")
    assert (doc["status"], doc["scheduledAmount"], doc["dueAmount"]) == ("SCHEDULED", 100, 0)
    assert_error(api.post(f"{INVOICES}/{inv['id']}/archive"), 400, "BDC_1119")
    api.advance(days=5)
    relogin(api)
    assert get(api, f"{RECEIVABLE_PAYMENTS}/{payment['id']}")["status"] == "PAID"
    doc = get(api, f"{INVOICES}/{inv['id']}")
    assert (doc["status"], doc["scheduledAmount"], doc["dueAmount"]) == ("PAID_IN_FULL", 0, 0)
    assert doc["payments"][0]["status"] == "PAID"
    assert balance(api, cid) == 0


def test_magic_amount_fails_the_charge(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 1000)
    account = verified_bank_account(api, cid)
    authorize(api, cid)
    payment = charge(api, cid, account["id"], (inv["id"], 999.05)).json()
    assert get(api, f"{INVOICES}/{inv['id']}")["dueAmount"] == 0.95
    api.advance(days=1)
    relogin(api)
    assert get(api, f"{RECEIVABLE_PAYMENTS}/{payment['id']}")["status"] == "VOID"
    doc = get(api, f"{INVOICES}/{inv['id']}")
    assert (doc["status"], doc["dueAmount"], doc["scheduledAmount"]) == ("OPEN", 1000, 0)
    assert doc["payments"][0]["status"] == "VOID"
    assert balance(api, cid) == 1000


def test_background_scheduler_settles_a_charge(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 40)
    account = verified_bank_account(api, cid)
    authorize(api, cid)
    payment = charge(api, cid, account["id"], (inv["id"], 40)).json()
    pass_wall_time(api, 5 * 86400)
    relogin(api)
    wait_for(lambda: get(api, f"{RECEIVABLE_PAYMENTS}/{payment['id']}")["status"] == "PAID")


# ------------------------------------------------------------------------------ the story
def test_ar_story_end_to_end(api: Api) -> None:
    """Customer and invoice; a credit memo; a partial payment; a verified bank account; charge
    the rest; the clock passes; PAID_IN_FULL and a zero balance; the emailed PDF opens."""
    from io import BytesIO

    from pypdf import PdfReader

    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 300, invoiceNumber="STORY-1")
    make_credit_memo(api, cid, 50)
    record(api, cid, 100, (inv["id"], 100))
    doc = get(api, f"{INVOICES}/{inv['id']}")
    assert (doc["status"], doc["dueAmount"], doc["creditAmount"]) == ("PARTIAL_PAYMENT", 150, 50)
    assert balance(api, cid) == 150
    account = verified_bank_account(api, cid)
    authorize(api, cid)
    r = charge(api, cid, account["id"], (inv["id"], 150))
    assert r.status_code == 201, r.text
    assert get(api, f"{INVOICES}/{inv['id']}")["status"] == "SCHEDULED"
    api.advance(days=5)
    relogin(api)
    doc = get(api, f"{INVOICES}/{inv['id']}")
    assert (doc["status"], doc["dueAmount"]) == ("PAID_IN_FULL", 0)
    assert balance(api, cid) == 0
    r = api.post(
        f"{INVOICES}/{inv['id']}/email",
        json={"recipient": {"to": ["ap@example.com"]}, "replyTo": {"userId": api.user_id}},
    )
    assert r.status_code == 200 and r.content == b""
    mail = api.sandbox("GET", "/emails", params={"organizationId": api.org_id}).json()["results"][-1]
    pdf = api.sandbox("GET", mail["pdfUrl"].removeprefix("/_sandbox")).content
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) >= 1 and "STORY-1" in reader.pages[0].extract_text()
