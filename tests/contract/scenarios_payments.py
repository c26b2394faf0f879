"""Contract scenarios: payments. Every writable field is set; the clock is moved so that the
payments carry what processing adds (disbursement details, void details). The allowances say
why a field of BILL's example can't appear in that one response."""

from __future__ import annotations

from typing import Any

import httpx

from contract.shapes import scenario
from support.ap import make_bill, make_credit, make_vendor, record_payment
from support.payments import (
    ach_vendor,
    advance_to,
    at,
    bd,
    check_vendor,
    enroll_virtual_card,
    iso,
    payer,
    pdate,
    set_network,
    today,
)

PAYMENTS = "/v3/payments"
RAILS = ("check", "ach", "rpps", "international", "vcard", "wallet")
# One payment goes by one rail, so it has one of disbursementInfo's per-rail objects (the list
# shows them all).
OTHER_RAILS = {f"disbursementInfo.{r}Disbursement" for r in RAILS if r != "check"}
# A payment that was never processed has no disbursement details yet, and a SCHEDULED or
# CANCELED one no disbursementStatus (BILL-RULES §5.6's table).
NOT_PROCESSED = {f"disbursementInfo.{r}Disbursement" for r in RAILS} | {"disbursementStatus"}
# Only a voided payment has voidInfo.
NOT_VOIDED = {"voidInfo"}
# Vendor credits are applied to bills (or recorded with record-payment), not sent with an
# online payment (BILL's bulk-payments guide); the list shows them on a recorded payment.
NO_CREDITS = {"billPayments[].vendorCredits"}
PURPOSE = {"text": "Equipment", "code": {"name": "Goods", "value": "GDS"}}


def _card(api: Any) -> dict[str, str]:
    r = api.get("/v3/funding-accounts/cards", params={"cardUserStatus": "VERIFIED"})
    return {"type": "CARD_ACCOUNT", "id": r.json()["cards"][0]["id"]}


def _full_body(api: Any, bill: dict[str, Any], amount: float, **extra: Any) -> dict[str, Any]:
    """Every writable field of a single payment."""
    body: dict[str, Any] = {
        "vendorId": bill["vendorId"],
        "billId": bill["id"],
        "description": "Studio gear, May",
        "processDate": iso(bd(today(api), 3)),
        "fundingAccount": _card(api),
        "amount": amount,
        "processingOptions": {
            "requestPayFaster": False,
            "createBill": False,
            "requestCheckDeliveryType": "UPS_1DAY",
        },
        "transactionNumber": "TX-2026-0001",
        "cardFundingPurpose": "EQUIPMENT",
        "paymentPurpose": PURPOSE,
    }
    body.update(extra)
    return body


def _post(api: Any, body: dict[str, Any]) -> dict[str, Any]:
    r = api.post(PAYMENTS, json=body)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def _sent_check(api: Any) -> dict[str, Any]:
    """A card-funded check payment with every field set, mailed (SENT)."""
    payer(api)
    bill = make_bill(api, check_vendor(api)["id"], 300)
    payment = _post(api, _full_body(api, bill, 120))
    advance_to(api, at(bd(pdate(payment), 1), 13))
    return payment


# ------------------------------------------------------------------------------- create
@scenario("POST", PAYMENTS, missing=NOT_PROCESSED | NOT_VOIDED | NO_CREDITS)
def create_payment(api: Any) -> httpx.Response:
    payer(api)
    bill = make_bill(api, ach_vendor(api)["id"], 500)
    return api.post(PAYMENTS, json=_full_body(api, bill, 228.99))


@scenario(
    "POST",
    f"{PAYMENTS}/bulk",
    missing={f"payments[].{f}" for f in NOT_PROCESSED | NOT_VOIDED | NO_CREDITS},
)
def create_bulk_payment(api: Any) -> httpx.Response:
    payer(api)
    first, second = check_vendor(api, name="Mill A"), check_vendor(api, name="Mill B")
    bills = [make_bill(api, first["id"], 300), make_bill(api, second["id"], 200)]
    body = {
        "description": "Weekly run",
        "processDate": iso(bd(today(api), 2)),
        "fundingAccount": _card(api),
        "processingOptions": {
            "requestPayFaster": False,
            "createBill": False,
            "requestCheckDeliveryType": "STANDARD",
        },
        "cardFundingPurpose": "OFFICE_SUPPLIES",
        "paymentPurpose": PURPOSE,
        "payments": [{"billId": bills[0]["id"], "amount": 228.99}, {"billId": bills[1]["id"], "amount": 142}],
    }
    return api.post(f"{PAYMENTS}/bulk", json=body)


# ------------------------------------------------------------------------- list and get
def _recorded(api: Any, credit: bool = False) -> None:
    vendor = make_vendor(api, name="Credit Corner")
    bill = make_bill(api, vendor["id"], 100)
    uses = [{"id": make_credit(api, vendor["id"], 20)["id"], "amount": 20}] if credit else []
    record_payment(api, vendor["id"], {"billId": bill["id"], "amount": 80, "vendorCredits": uses})


# A payment recorded through record-payment keeps the fields of BILL's answer to that operation.
RECORDED = {"results[].toPrintCheck", "results[].allowExport"}


@scenario("GET", PAYMENTS, extra=RECORDED)
def list_payments(api: Any) -> httpx.Response:
    payer(api)
    _recorded(api)  # page 1
    vendors = {
        "ach": ach_vendor(api),
        "check": check_vendor(api),
        "rpps": make_vendor(api, name="Power Co"),
        "international": ach_vendor(
            api,
            name="Euro GmbH",
            billCurrency="EUR",
            paymentInformation={
                "bankAccount": {"accountNumber": "DE89370400440532013000", "paymentCurrency": "EUR"}
            },
        ),
        "vcard": check_vendor(api, name="Card Taker"),
        "wallet": check_vendor(api, name="Network Pal"),
    }
    set_network(api, vendors["rpps"]["id"], "CONNECTED_RPPS", "0rv02ABCDEFGHIJKabcd")
    enroll_virtual_card(api, vendors["vcard"]["id"])
    set_network(api, vendors["wallet"]["id"], "CONNECTED")
    advance_to(api, at(bd(today(api), 3)))  # the new vendor bank accounts are verified
    payments = {}
    for rail, vendor in vendors.items():
        bill = make_bill(api, vendor["id"], 400)
        extra: dict[str, Any] = {}
        if rail == "international":
            quote = api.get(
                f"{PAYMENTS}/exchange-rate", params={"vendorId": vendor["id"], "amount": 100}
            ).json()
            extra = {"exchangeRateBatchId": quote["exchangeRateBatchId"]}
        body = _full_body(api, bill, 100, processDate=iso(bd(today(api), 1)), **extra)
        payments[rail] = _post(api, body)
    advance_to(api, at(bd(today(api), 3), 13))  # every rail has sent its money
    check_id = payments["check"]["id"]
    r = api.post(f"{PAYMENTS}/{check_id}/void", json={"type": "VOID_ONLY", "reason": "Lost in the mail"})
    assert r.status_code == 200, r.text
    _recorded(api, credit=True)  # a recorded payment that used a vendor credit
    _recorded(api)  # page 3
    # Page 2 (both cursors): the six online payments and the recorded one with a credit.
    first = api.get(PAYMENTS, params={"max": 1}).json()
    return api.get(PAYMENTS, params={"max": 7, "page": first["nextPage"]})


@scenario("GET", f"{PAYMENTS}/{{paymentId}}", missing=OTHER_RAILS | NO_CREDITS)
def get_payment(api: Any) -> httpx.Response:
    payment = _sent_check(api)
    r = api.post(f"{PAYMENTS}/{payment['id']}/void", json={"type": "VOID_AND_CREDIT", "reason": "Duplicate"})
    assert r.status_code == 200, r.text
    return api.get(f"{PAYMENTS}/{payment['id']}")


# -------------------------------------------------------------------------- cancel, void
@scenario("POST", f"{PAYMENTS}/{{paymentId}}/cancel", missing=NOT_PROCESSED | NOT_VOIDED | NO_CREDITS)
def cancel_payment(api: Any) -> httpx.Response:
    payer(api)
    bill = make_bill(api, ach_vendor(api)["id"], 500)
    payment = api.post(PAYMENTS, json=_full_body(api, bill, 100)).json()
    return api.post(f"{PAYMENTS}/{payment['id']}/cancel")


@scenario("POST", f"{PAYMENTS}/{{paymentId}}/void", missing=OTHER_RAILS | NO_CREDITS)
def void_payment(api: Any) -> httpx.Response:
    payment = _sent_check(api)
    return api.post(
        f"{PAYMENTS}/{payment['id']}/void", json={"type": "VOID_AND_REISSUE", "reason": "Lost in the mail"}
    )


@scenario("GET", f"{PAYMENTS}/{{paymentId}}/check-image")
def check_image(api: Any) -> httpx.Response:
    payment = _sent_check(api)
    return api.get(f"{PAYMENTS}/{payment['id']}/check-image")


# --------------------------------------------------------------------- options and rates
# The organization's one card is usable by its administrator, so no card option is
# unavailable here; unavailable options carry a reason (the pending bank account shows one).
@scenario("GET", f"{PAYMENTS}/options", missing={"fundingOptions.cards[].reason"})
def payment_options(api: Any) -> httpx.Response:
    payer(api)
    r = api.post(
        "/v3/funding-accounts/banks",
        json={
            "routingNumber": "074000010",
            "accountNumber": "5550001111",
            "nameOnAccount": "Ops",
            "type": "CHECKING",
            "ownerType": "BUSINESS",
        },
    )
    assert r.status_code == 201, r.text
    vendor = ach_vendor(api)
    return api.get(f"{PAYMENTS}/options", params={"vendorId": vendor["id"], "amount": 100})


# exchangeRateBatchId: BILL-RULES §5.6 — what a payment to a non-USD vendor names; BILL's example
# leaves it out.
@scenario("GET", f"{PAYMENTS}/exchange-rate", extra={"exchangeRateBatchId"})
def exchange_rate(api: Any) -> httpx.Response:
    vendor = ach_vendor(
        api,
        name="Euro GmbH",
        billCurrency="EUR",
        paymentInformation={
            "bankAccount": {"accountNumber": "DE89370400440532013000", "paymentCurrency": "EUR"}
        },
    )
    return api.get(
        f"{PAYMENTS}/exchange-rate", params={"vendorId": vendor["id"], "amount": 1000, "baseCurrency": "true"}
    )
