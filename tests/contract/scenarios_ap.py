"""Contract scenarios: vendors (+ bank account, configuration), bills (+ record AP payment),
vendor credits. Every writable field is set; the allowances below say why a field of BILL's
example can't appear (or why we send one it doesn't show)."""

from __future__ import annotations

from typing import Any

import httpx

from contract.shapes import scenario
from support.ap import (
    BANK,
    credit_body,
    full_bill,
    full_vendor,
    make_classifications,
    make_full_vendor,
    org_bank_account,
    post_ok,
)
from support.trust import trust

# rppsId: only vendors linked to an RPPS biller through the BILL network have one (network
# issue). virtualCard: only vendors BILL enrolled for virtual cards (BILL enrolls them; the
# sandbox enrolls none).
NOT_IN_SANDBOX = {"rppsId", "paymentInformation.virtualCard"}
# paymentPurpose takes text OR code, never both (BILL's international-vendor guide); one vendor
# shows one of them (lists and bulk responses show both, from two vendors).
ONE_PURPOSE = {"paymentInformation.paymentPurpose.code"}
# lastPaymentDate appears once a payment was made; a vendor being created has none.
NO_PAYMENT_YET = {"paymentInformation.lastPaymentDate"}
# approvers appear when a bill approval policy matches (approvals issue); no policy exists here.
NO_POLICY = {"approvers"}
# A vendor credit is applied to a chart of accounts OR a bank account, never both [3P].
ONE_TARGET = {"applyToBankAccountId"}
# The vendor bank account's status (added 2026-05, BILL-RULES §5.1) is not in BILL's example:
# PENDING until 2 business days after creation, then VERIFIED.
BANK_STATUS = {"status"}


def _each(prefix: str, fields: set[str]) -> set[str]:
    return {f"{prefix}{f}" for f in fields}


def paid_vendor(api: Any, purpose: str = "text") -> dict[str, Any]:
    """A vendor with every field set and one recorded payment (for lastPaymentDate)."""
    vendor = make_full_vendor(api, purpose)
    bill = post_ok(
        api,
        "/v3/bills",
        {
            "vendorId": vendor["id"],
            "dueDate": "2025-12-31",
            "invoice": {"invoiceNumber": "1", "invoiceDate": "2025-12-01"},
            "billLineItems": [{"amount": 100}],
        },
    )
    body = {
        "vendorId": vendor["id"],
        "processDate": "2025-12-20",
        "payments": [{"billId": bill["id"], "amount": 10}],
    }
    post_ok(api, "/v3/bills/record-payment", body, 200)
    return vendor


# ----------------------------------------------------------------------------------- vendors
@scenario("GET", "/v3/vendors", missing=_each("results[].", NOT_IN_SANDBOX))
def list_vendors(api: Any) -> httpx.Response:
    post_ok(api, "/v3/vendors", {"name": "First"})
    post_ok(api, "/v3/vendors", {"name": "Second"})
    paid_vendor(api, "text")
    paid_vendor(api, "code")
    post_ok(api, "/v3/vendors", {"name": "Fifth"})
    first = api.get("/v3/vendors", params={"max": 2})
    # The second page has both cursors and the two full vendors.
    return api.get("/v3/vendors", params={"max": 2, "page": first.json()["nextPage"]})


@scenario("POST", "/v3/vendors", missing=NOT_IN_SANDBOX | ONE_PURPOSE | NO_PAYMENT_YET)
def create_vendor(api: Any) -> httpx.Response:
    trust(api)
    return api.post("/v3/vendors", json=full_vendor(api))


@scenario("POST", "/v3/vendors/bulk", missing=_each("vendors[].", NOT_IN_SANDBOX | NO_PAYMENT_YET))
def create_vendors(api: Any) -> httpx.Response:
    trust(api)
    return api.post("/v3/vendors/bulk", json=[full_vendor(api, "text"), full_vendor(api, "code")])


@scenario("GET", "/v3/vendors/configuration/international-payments")
def international_payments_configuration(api: Any) -> httpx.Response:
    params = {"country": "IN", "billCurrency": "INR", "accountType": "PERSON"}
    return api.get("/v3/vendors/configuration/international-payments", params=params)


@scenario("GET", "/v3/vendors/{vendorId}", missing=NOT_IN_SANDBOX | ONE_PURPOSE)
def get_vendor(api: Any) -> httpx.Response:
    return api.get(f"/v3/vendors/{paid_vendor(api)['id']}")


@scenario("PATCH", "/v3/vendors/{vendorId}", missing=NOT_IN_SANDBOX | ONE_PURPOSE)
def update_vendor(api: Any) -> httpx.Response:
    vendor_id = paid_vendor(api)["id"]
    return api.patch(
        f"/v3/vendors/{vendor_id}", json={"name": "Happy Music Supplies (Updated)", "accountType": "PERSON"}
    )


@scenario("POST", "/v3/vendors/{vendorId}/archive", missing=NOT_IN_SANDBOX | ONE_PURPOSE)
def archive_vendor(api: Any) -> httpx.Response:
    return api.post(f"/v3/vendors/{paid_vendor(api)['id']}/archive")


@scenario("POST", "/v3/vendors/{vendorId}/restore", missing=NOT_IN_SANDBOX | ONE_PURPOSE)
def restore_vendor(api: Any) -> httpx.Response:
    vendor_id = paid_vendor(api)["id"]
    api.post(f"/v3/vendors/{vendor_id}/archive")
    return api.post(f"/v3/vendors/{vendor_id}/restore")


def _vendor_with_bank(api: Any) -> str:
    vendor = post_ok(api, "/v3/vendors", {"name": "Bank Vendor"})
    trust(api)
    post_ok(api, f"/v3/vendors/{vendor['id']}/bank-account", BANK, 200)
    vendor_id: str = vendor["id"]
    return vendor_id


@scenario("GET", "/v3/vendors/{vendorId}/bank-account", extra=BANK_STATUS)
def get_vendor_bank_account(api: Any) -> httpx.Response:
    return api.get(f"/v3/vendors/{_vendor_with_bank(api)}/bank-account")


@scenario("POST", "/v3/vendors/{vendorId}/bank-account", extra=BANK_STATUS)
def create_vendor_bank_account(api: Any) -> httpx.Response:
    vendor = post_ok(api, "/v3/vendors", {"name": "Bank Vendor"})
    trust(api)
    return api.post(f"/v3/vendors/{vendor['id']}/bank-account", json=BANK)


@scenario("DELETE", "/v3/vendors/{vendorId}/bank-account")
def delete_vendor_bank_account(api: Any) -> httpx.Response:
    return api.delete(f"/v3/vendors/{_vendor_with_bank(api)}/bank-account")


@scenario("GET", "/v3/vendors/{vendorId}/configuration")
def get_vendor_configuration(api: Any) -> httpx.Response:
    vendor = post_ok(
        api,
        "/v3/vendors",
        {
            "name": "Mumbai Strings",
            "accountType": "PERSON",
            "billCurrency": "INR",
            "address": {"country": "IN"},
        },
    )
    return api.get(f"/v3/vendors/{vendor['id']}/configuration")


# ------------------------------------------------------------------------------------- bills
def _full_bill(api: Any) -> tuple[str, dict[str, Any]]:
    vendor = post_ok(api, "/v3/vendors", {"name": "Happy Music Supplies", "email": "info@happy.example"})
    return vendor["id"], full_bill(vendor["id"], make_classifications(api))


def _make_full_bill(api: Any) -> dict[str, Any]:
    _vendor_id, body = _full_bill(api)
    return dict(post_ok(api, "/v3/bills", body))


@scenario("GET", "/v3/bills", missing=_each("results[].", NO_POLICY))
def list_bills(api: Any) -> httpx.Response:
    vendor_id, body = _full_bill(api)
    for _ in range(3):
        post_ok(api, "/v3/bills", body)
    first = api.get("/v3/bills", params={"max": 1, "filters": f"vendorId:eq:{vendor_id}"})
    return api.get(
        "/v3/bills",
        params={"max": 1, "filters": f"vendorId:eq:{vendor_id}", "page": first.json()["nextPage"]},
    )


@scenario("POST", "/v3/bills", missing=NO_POLICY)
def create_bill(api: Any) -> httpx.Response:
    _vendor_id, body = _full_bill(api)
    return api.post("/v3/bills", json=body)


@scenario("POST", "/v3/bills/bulk", missing=_each("[].", NO_POLICY))
def create_bills(api: Any) -> httpx.Response:
    _vendor_id, body = _full_bill(api)
    return api.post("/v3/bills/bulk", json=[body, body])


@scenario("POST", "/v3/bills/record-payment")
def record_payment(api: Any) -> httpx.Response:
    vendor_id, body = _full_bill(api)
    bill = post_ok(api, "/v3/bills", body)
    credit = post_ok(api, "/v3/vendor-credits", credit_body(vendor_id, 50))
    return api.post(
        "/v3/bills/record-payment",
        json={
            "vendorId": vendor_id,
            "processDate": "2025-12-20",
            "toPrintCheck": False,
            "payments": [
                {"billId": bill["id"], "amount": 70, "vendorCredits": [{"id": credit["id"], "amount": 20}]}
            ],
            "classifications": {"chartOfAccountId": body["payFromChartOfAccountId"]},
            "description": "Paid by check 1001",
            "syncReference": "QB-4711",
            "allowExport": True,
        },
    )


@scenario("GET", "/v3/bills/{billId}", missing=NO_POLICY)
def get_bill(api: Any) -> httpx.Response:
    return api.get(f"/v3/bills/{_make_full_bill(api)['id']}")


@scenario("PUT", "/v3/bills/{billId}", missing=NO_POLICY)
def replace_bill(api: Any) -> httpx.Response:
    _vendor_id, body = _full_bill(api)
    bill = post_ok(api, "/v3/bills", body)
    lines = [
        {**bill["billLineItems"][0], "amount": 100},
        {
            "amount": 29.99,
            "quantity": 1,
            "price": 29.99,
            "description": "Gloves",
            "classifications": body["billLineItems"][0]["classifications"],
        },
    ]
    return api.put(f"/v3/bills/{bill['id']}", json={**body, "billLineItems": lines})


@scenario("PATCH", "/v3/bills/{billId}", missing=NO_POLICY)
def update_bill(api: Any) -> httpx.Response:
    bill = _make_full_bill(api)
    line = bill["billLineItems"][0]
    return api.patch(f"/v3/bills/{bill['id']}", json={"billLineItems": [{"id": line["id"], "amount": 179}]})


@scenario("POST", "/v3/bills/{billId}/archive", missing=NO_POLICY)
def archive_bill(api: Any) -> httpx.Response:
    return api.post(f"/v3/bills/{_make_full_bill(api)['id']}/archive")


@scenario("POST", "/v3/bills/{billId}/restore", missing=NO_POLICY)
def restore_bill(api: Any) -> httpx.Response:
    bill_id = _make_full_bill(api)["id"]
    api.post(f"/v3/bills/{bill_id}/archive")
    return api.post(f"/v3/bills/{bill_id}/restore")


# ---------------------------------------------------------------------------- vendor credits
CREDITS = "/v3/vendor-credits"


def _credit_bodies(api: Any, count: int = 2) -> tuple[str, list[dict[str, Any]]]:
    """Full vendor-credit bodies, alternately applied to a chart of accounts and a bank account."""
    vendor = post_ok(api, "/v3/vendors", {"name": "Happy Music Supplies"})
    refs = make_classifications(api)
    bank = org_bank_account(api)
    bodies = []
    for i in range(count):
        target = (
            {"applyToChartOfAccountId": refs["chartOfAccountId"]}
            if i % 2 == 0
            else {"applyToBankAccountId": bank}
        )
        body = credit_body(vendor["id"], description="Happy Vendor Credit", **target)
        body["vendorCreditLineItems"] = [
            {"description": "Drum sticks", "amount": 14.99, "classifications": refs},
            {"description": "Guitar picks", "amount": 50, "classifications": refs},
        ]
        bodies.append(body)
    return vendor["id"], bodies


def _use_through_payment(api: Any, vendor_id: str, credit_id: str) -> None:
    bill = post_ok(
        api,
        "/v3/bills",
        {
            "vendorId": vendor_id,
            "dueDate": "2025-12-31",
            "invoice": {"invoiceNumber": "1", "invoiceDate": "2025-12-01"},
            "billLineItems": [{"amount": 100}],
        },
    )
    post_ok(
        api,
        "/v3/bills/record-payment",
        {
            "vendorId": vendor_id,
            "payments": [
                {"billId": bill["id"], "amount": 10, "vendorCredits": [{"id": credit_id, "amount": 20}]}
            ],
        },
        200,
    )


@scenario("GET", CREDITS)
def list_vendor_credits(api: Any) -> httpx.Response:
    vendor_id, bodies = _credit_bodies(api, 4)
    for body in bodies:
        credit = post_ok(api, CREDITS, body)
        _use_through_payment(api, vendor_id, credit["id"])
    post_ok(api, CREDITS, credit_body(vendor_id, 5))
    # The second page has both cursors and two full credits (one per target) with usage.
    first = api.get(CREDITS, params={"max": 2})
    return api.get(CREDITS, params={"max": 2, "page": first.json()["nextPage"]})


@scenario("POST", CREDITS, missing=ONE_TARGET)
def create_vendor_credit(api: Any) -> httpx.Response:
    _vendor_id, bodies = _credit_bodies(api, 1)
    return api.post(CREDITS, json=bodies[0])


def _made(api: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    _vendor_id, bodies = _credit_bodies(api)
    return bodies, [post_ok(api, CREDITS, body) for body in bodies]


@scenario("PUT", f"{CREDITS}/bulk")
def replace_vendor_credits(api: Any) -> httpx.Response:
    bodies, made = _made(api)
    return api.put(
        f"{CREDITS}/bulk",
        json=[{**b, "id": m["id"], "referenceNumber": "VC-2"} for b, m in zip(bodies, made, strict=True)],
    )


@scenario("POST", f"{CREDITS}/bulk")
def create_vendor_credits(api: Any) -> httpx.Response:
    _vendor_id, bodies = _credit_bodies(api)
    return api.post(f"{CREDITS}/bulk", json=bodies)


@scenario("PATCH", f"{CREDITS}/bulk")
def update_vendor_credits(api: Any) -> httpx.Response:
    _bodies, made = _made(api)
    return api.patch(f"{CREDITS}/bulk", json=[{"id": m["id"], "description": "Updated"} for m in made])


@scenario("POST", f"{CREDITS}/bulk/archive")
def archive_vendor_credits(api: Any) -> httpx.Response:
    _bodies, made = _made(api)
    return api.post(f"{CREDITS}/bulk/archive", params={"ids": ",".join(m["id"] for m in made)})


@scenario("GET", f"{CREDITS}/{{vendorCreditId}}", missing=ONE_TARGET)
def get_vendor_credit(api: Any) -> httpx.Response:
    vendor_id, bodies = _credit_bodies(api, 1)
    credit = post_ok(api, CREDITS, bodies[0])
    _use_through_payment(api, vendor_id, credit["id"])
    return api.get(f"{CREDITS}/{credit['id']}")


@scenario("PUT", f"{CREDITS}/{{vendorCreditId}}", missing=ONE_TARGET)
def replace_vendor_credit(api: Any) -> httpx.Response:
    bodies, made = _made(api)
    lines = [
        {**made[0]["vendorCreditLineItems"][0], "amount": 19.99},
        {
            "description": "Gloves",
            "amount": 29.99,
            "classifications": bodies[0]["vendorCreditLineItems"][0]["classifications"],
        },
    ]
    return api.put(f"{CREDITS}/{made[0]['id']}", json={**bodies[0], "vendorCreditLineItems": lines})


@scenario("PATCH", f"{CREDITS}/{{vendorCreditId}}", missing=ONE_TARGET)
def update_vendor_credit(api: Any) -> httpx.Response:
    _bodies, made = _made(api)
    line = made[0]["vendorCreditLineItems"][0]
    return api.patch(
        f"{CREDITS}/{made[0]['id']}",
        json={
            "description": "Happy Vendor Credit (amount updated)",
            "vendorCreditLineItems": [{"id": line["id"], "amount": 19.99}],
        },
    )


@scenario("POST", f"{CREDITS}/{{vendorCreditId}}/archive", missing=ONE_TARGET)
def archive_vendor_credit(api: Any) -> httpx.Response:
    _bodies, made = _made(api)
    return api.post(f"{CREDITS}/{made[0]['id']}/archive")
