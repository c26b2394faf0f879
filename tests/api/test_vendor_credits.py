"""Vendor credits: CRUD and bulk, and how credits are applied to bills (on the bill, through a
payment), given back, and never over-applied."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from support.ap import (
    bill_body,
    credit_body,
    make_bill,
    make_classifications,
    make_credit,
    make_vendor,
    org_bank_account,
    record_payment,
)
from support.api import Api, assert_error

CREDITS = "/v3/vendor-credits"


@pytest.fixture
def vendor(api: Api) -> dict[str, Any]:
    return make_vendor(api, name="Happy Music Supplies")


def credit(api: Api, credit_id: str) -> dict[str, Any]:
    r = api.get(f"{CREDITS}/{credit_id}")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def bill(api: Api, bill_id: str) -> dict[str, Any]:
    out: dict[str, Any] = api.get(f"/v3/bills/{bill_id}").json()
    return out


def state(doc: dict[str, Any]) -> tuple[Any, ...]:
    if "vendorCreditLineItems" in doc:
        return doc["amount"], doc["appliedAmount"], doc["status"]
    return doc["amount"], doc["paidAmount"], doc["dueAmount"], doc["creditAmount"], doc["paymentStatus"]


def credit_count(api: Api) -> int:
    return len(api.get(CREDITS, params={"max": 100}).json()["results"])


# ---------------------------------------------------------------------------------- create
def test_create_and_get(api: Api, vendor: dict[str, Any]) -> None:
    refs = make_classifications(api)
    body = credit_body(
        vendor["id"], description="Happy Vendor Credit", applyToChartOfAccountId=refs["chartOfAccountId"]
    )
    body["vendorCreditLineItems"] = [
        {"amount": 14.99, "description": "Drum sticks", "classifications": refs},
        {"quantity": 5, "price": 10, "description": "Guitar picks"},
    ]
    r = api.post(CREDITS, json=body)
    assert r.status_code == 201, r.text
    c = r.json()
    assert c["id"].startswith("vcr02") and all(
        line["id"].startswith("vci") for line in c["vendorCreditLineItems"]
    )
    assert state(c) == (64.99, 0, "NOT_APPLIED") and c["archived"] is False
    assert [line["amount"] for line in c["vendorCreditLineItems"]] == [14.99, 50]
    assert "quantity" not in c["vendorCreditLineItems"][1] and "usage" not in c
    assert c["vendorCreditLineItems"][0]["classifications"] == refs
    assert credit(api, c["id"]) == c


def test_create_errors(api: Api, vendor: dict[str, Any], new_api: Callable[[], Api]) -> None:
    body = assert_error(api.post(CREDITS, json={}), 400)
    assert {e["message"] for e in body} == {
        "vendorId: must not be blank",
        "referenceNumber: must not be blank",
        "creditDate: must not be null",
        "vendorCreditLineItems: must not be empty",
    }
    both = credit_body(
        vendor["id"], applyToChartOfAccountId="0ca02X", applyToBankAccountId=org_bank_account(api)
    )
    assert_error(api.post(CREDITS, json=both), 400, message="set at most one of")
    assert_error(
        api.post(CREDITS, json=credit_body(vendor["id"], applyToBankAccountId="bac02ABCDEFGHIJKabcd")),
        400,
        "BDC_1119",
    )
    assert_error(
        api.post(CREDITS, json=credit_body(vendor["id"], 0)), 400, message="amount: must be greater than 0"
    )
    foreign = make_vendor(new_api())
    assert_error(api.post(CREDITS, json=credit_body(foreign["id"])), 404, "BDC_1205")
    assert credit_count(api) == 0
    r = api.post(CREDITS, json=credit_body(vendor["id"], applyToBankAccountId=org_bank_account(api)))
    assert r.status_code == 201 and r.json()["applyToBankAccountId"].startswith("bac")


# --------------------------------------------------------------------------- on a bill
def test_credit_applied_on_a_bill_and_given_back_by_put(api: Api, vendor: dict[str, Any]) -> None:
    c = make_credit(api, vendor["id"], 50)
    body = bill_body(vendor["id"], 100, vendorCredits=[{"id": c["id"], "amount": 30}])
    r = api.post("/v3/bills", json=body)
    assert r.status_code == 201, r.text
    b = r.json()
    assert "vendorCredits" not in b
    assert state(b) == (100, 30, 70, 30, "PARTIALLY_PAID")
    got = credit(api, c["id"])
    assert state(got) == (50, 30, "PARTIALLY_APPLIED")
    assert got["usage"] == [{"billId": b["id"], "amount": 30}]
    assert api.get(f"/v3/vendors/{vendor['id']}").json()["balance"]["amount"] == 70

    # PATCH merges: the credit's use on this bill becomes 50 (all of it).
    r = api.patch(f"/v3/bills/{b['id']}", json={"vendorCredits": [{"id": c["id"], "amount": 50}]})
    assert state(r.json()) == (100, 50, 50, 50, "PARTIALLY_PAID")
    assert state(credit(api, c["id"])) == (50, 50, "FULLY_APPLIED")
    # A PATCH without vendorCredits keeps them.
    r = api.patch(f"/v3/bills/{b['id']}", json={"description": "still credited"})
    assert r.json()["creditAmount"] == 50
    # PUT without the credit gives it back.
    r = api.put(f"/v3/bills/{b['id']}", json=bill_body(vendor["id"], 100))
    assert state(r.json()) == (100, 0, 100, 0, "UNPAID")
    got = credit(api, c["id"])
    assert state(got) == (50, 0, "NOT_APPLIED") and "usage" not in got
    assert api.get(f"/v3/vendors/{vendor['id']}").json()["balance"]["amount"] == 100


def test_credit_can_pay_a_bill_in_full(api: Api, vendor: dict[str, Any]) -> None:
    c = make_credit(api, vendor["id"], 80)
    b = make_bill(api, vendor["id"], 80, vendorCredits=[{"id": c["id"], "amount": 80}])
    assert state(b) == (80, 80, 0, 80, "PAID")
    r = api.patch(f"/v3/bills/{b['id']}", json={"vendorCredits": [{"id": c["id"], "amount": 0}]})
    assert state(r.json()) == (80, 0, 80, 0, "UNPAID")


def test_credits_are_never_over_applied(api: Api, vendor: dict[str, Any]) -> None:
    c = make_credit(api, vendor["id"], 50)
    b1 = make_bill(api, vendor["id"], 100, vendorCredits=[{"id": c["id"], "amount": 40}])
    body = assert_error(
        api.post(
            "/v3/bills", json=bill_body(vendor["id"], 100, vendorCredits=[{"id": c["id"], "amount": 20}])
        ),
        400,
        "BDC_1119",
    )
    assert body[0]["category"] == "APPLICATION" and "10" in body[0]["message"]
    # More credit than the bill's due amount is an overpayment.
    big = make_credit(api, vendor["id"], 500)
    body = assert_error(
        api.post(
            "/v3/bills",
            json=bill_body(vendor["id"], 100, vendorCredits=[{"id": big["id"], "amount": 100.01}]),
        ),
        400,
        "BDC_1159",
    )
    # Credits of another vendor, unknown credits, duplicates.
    other = make_vendor(api, name="Other")
    theirs = make_credit(api, other["id"], 10)
    assert_error(
        api.post(
            "/v3/bills", json=bill_body(vendor["id"], 100, vendorCredits=[{"id": theirs["id"], "amount": 5}])
        ),
        400,
        "BDC_1119",
    )
    assert_error(
        api.post(
            "/v3/bills",
            json=bill_body(vendor["id"], 100, vendorCredits=[{"id": "vcr02ABCDEFGHIJKabcd", "amount": 5}]),
        ),
        404,
        "BDC_1205",
    )
    assert_error(
        api.post(
            "/v3/bills",
            json=bill_body(
                vendor["id"],
                100,
                vendorCredits=[{"id": big["id"], "amount": 5}, {"id": big["id"], "amount": 5}],
            ),
        ),
        400,
        "BDC_1119",
    )
    assert_error(
        api.post("/v3/bills", json=bill_body(vendor["id"], 100, vendorCredits=[{"id": big["id"]}])),
        400,
        message="vendorCredits[0].amount: must not be null",
    )
    assert state(credit(api, c["id"])) == (50, 40, "PARTIALLY_APPLIED")
    assert state(credit(api, big["id"])) == (500, 0, "NOT_APPLIED")
    assert len(api.get("/v3/bills").json()["results"]) == 1 and bill(api, b1["id"])["creditAmount"] == 40
    # An archived credit can't be applied any more.
    api.post(f"{CREDITS}/{big['id']}/archive")
    assert_error(
        api.post(
            "/v3/bills", json=bill_body(vendor["id"], 100, vendorCredits=[{"id": big["id"], "amount": 5}])
        ),
        400,
        "BDC_1119",
    )


def test_credit_amount_cannot_drop_below_what_is_applied(api: Api, vendor: dict[str, Any]) -> None:
    c = make_credit(api, vendor["id"], 30, 20)
    make_bill(api, vendor["id"], 100, vendorCredits=[{"id": c["id"], "amount": 40}])
    second = c["vendorCreditLineItems"][1]
    r = api.patch(f"{CREDITS}/{c['id']}", json={"vendorCreditLineItems": [{"id": second["id"], "amount": 5}]})
    assert_error(r, 400, "BDC_1119")
    r = api.patch(
        f"{CREDITS}/{c['id']}", json={"vendorCreditLineItems": [{"id": second["id"], "amount": 15}]}
    )
    assert (
        r.status_code == 200 and state(r.json()) == (45, 40, "PARTIALLY_APPLIED") and "usage" not in r.json()
    )
    other = make_vendor(api, name="Other")
    assert_error(api.patch(f"{CREDITS}/{c['id']}", json={"vendorId": other["id"]}), 400, "BDC_1119")


# ------------------------------------------------------------------------- through a payment
def test_credit_applied_through_record_payment_is_permanent(api: Api, vendor: dict[str, Any]) -> None:
    c = make_credit(api, vendor["id"], 50)
    b = make_bill(api, vendor["id"], 100)
    p = record_payment(
        api, vendor["id"], {"billId": b["id"], "amount": 60, "vendorCredits": [{"id": c["id"], "amount": 40}]}
    )
    assert p["amount"] == 60 and p["billPayments"][0]["vendorCredits"] == [{"id": c["id"], "amount": 40}]
    assert state(bill(api, b["id"])) == (100, 100, 0, 40, "PAID")
    got = credit(api, c["id"])
    assert state(got) == (50, 40, "PARTIALLY_APPLIED")
    assert got["usage"] == [{"billId": b["id"], "paymentId": p["id"], "amount": 40}]
    # A PUT of the bill does not take back a credit used by a payment.
    r = api.put(f"/v3/bills/{b['id']}", json=bill_body(vendor["id"], 100))
    assert state(r.json()) == (100, 100, 0, 40, "PAID")
    assert state(credit(api, c["id"])) == (50, 40, "PARTIALLY_APPLIED")
    # Over-applying through a payment fails as a whole.
    b2 = make_bill(api, vendor["id"], 100)
    record_payment(
        api,
        vendor["id"],
        {"billId": b2["id"], "amount": 10, "vendorCredits": [{"id": c["id"], "amount": 11}]},
        status=400,
    )
    assert state(bill(api, b2["id"])) == (100, 0, 100, 0, "UNPAID")
    p = record_payment(
        api, vendor["id"], {"billId": b2["id"], "amount": 0, "vendorCredits": [{"id": c["id"], "amount": 10}]}
    )
    assert p["amount"] == 0 and state(credit(api, c["id"])) == (50, 50, "FULLY_APPLIED")


# ---------------------------------------------------------------------------- PUT / PATCH
def test_put_and_patch_lines(api: Api, vendor: dict[str, Any]) -> None:
    c = make_credit(api, vendor["id"], 14.99, 50)
    first, second = c["vendorCreditLineItems"]
    body = credit_body(vendor["id"], description="line item added")
    body["vendorCreditLineItems"] = [{"amount": 29.99, "description": "gloves"}, {**first, "amount": 19.99}]
    r = api.put(f"{CREDITS}/{c['id']}", json=body)
    assert r.status_code == 200, r.text
    u = r.json()
    assert [x["amount"] for x in u["vendorCreditLineItems"]] == [29.99, 19.99] and u["amount"] == 49.98
    assert u["vendorCreditLineItems"][1]["id"] == first["id"]
    assert second["id"] not in {x["id"] for x in u["vendorCreditLineItems"]}
    r = api.patch(
        f"{CREDITS}/{c['id']}",
        json={"description": "patched", "vendorCreditLineItems": [{"id": first["id"], "amount": 20}]},
    )
    u = r.json()
    assert u["amount"] == 49.99 and u["description"] == "patched" and u["referenceNumber"] == "VC-1"
    assert_error(
        api.patch(f"{CREDITS}/{c['id']}", json={"referenceNumber": ""}),
        400,
        message="referenceNumber: must not be blank",
    )
    assert_error(api.put(f"{CREDITS}/vcr02ABCDEFGHIJKabcd", json=body), 404, "BDC_1205")


# ------------------------------------------------------------------------------------ bulk
def test_bulk_create_replace_update(api: Api, vendor: dict[str, Any]) -> None:
    r = api.post(f"{CREDITS}/bulk", json=[credit_body(vendor["id"], 10), credit_body(vendor["id"], 20)])
    assert r.status_code == 201, r.text
    a, b = r.json()["vendorCredits"]
    assert (a["amount"], b["amount"]) == (10, 20)
    replace = [
        {**credit_body(vendor["id"], 11), "id": a["id"]},
        {**credit_body(vendor["id"], 22), "id": b["id"]},
    ]
    r = api.put(f"{CREDITS}/bulk", json=replace)
    assert r.status_code == 200, r.text
    assert [c["amount"] for c in r.json()["vendorCredits"]] == [11, 22]
    r = api.patch(
        f"{CREDITS}/bulk", json=[{"id": a["id"], "description": "A"}, {"id": b["id"], "description": "B"}]
    )
    assert r.status_code == 200 and [c["description"] for c in r.json()["vendorCredits"]] == ["A", "B"]


def test_bulk_is_all_or_nothing(api: Api, vendor: dict[str, Any]) -> None:
    good, bad = credit_body(vendor["id"], 10), credit_body("00902ABCDEFGHIJKabcd", 10)
    body = assert_error(api.post(f"{CREDITS}/bulk", json=[good, bad]), 400, "BDC_1246")
    assert body[1]["message"].startswith("[1] ")
    assert_error(api.post(f"{CREDITS}/bulk", json=[good] * 51), 400)
    assert credit_count(api) == 0
    c = make_credit(api, vendor["id"], 10)
    r = api.patch(
        f"{CREDITS}/bulk",
        json=[{"id": c["id"], "description": "x"}, {"id": "vcr02ABCDEFGHIJKabcd", "description": "y"}],
    )
    assert_error(r, 400, "BDC_1246")
    assert "description" not in credit(api, c["id"])
    r = api.patch(f"{CREDITS}/bulk", json=[{"id": c["id"]}, {"id": c["id"]}])
    assert_error(r, 400, "BDC_1119")
    assert_error(
        api.patch(f"{CREDITS}/bulk", json=[{"description": "no id"}]), 400, message="id: must not be blank"
    )


def test_archive_is_one_way(api: Api, vendor: dict[str, Any]) -> None:
    c1, c2, c3 = (make_credit(api, vendor["id"], 10) for _ in range(3))
    r = api.post(f"{CREDITS}/{c1['id']}/archive")
    assert r.status_code == 200 and r.json()["archived"] is True
    assert api.post(f"{CREDITS}/{c1['id']}/archive").status_code == 200
    assert_error(api.post(f"{CREDITS}/{c1['id']}/restore"), 404, "BDC_1121")
    r = api.post(f"{CREDITS}/bulk/archive", params={"ids": f"{c2['id']},{c3['id']}"})
    assert r.status_code == 200, r.text
    assert [c["archived"] for c in r.json()["vendorCredits"]] == [True, True]
    assert_error(api.post(f"{CREDITS}/bulk/archive"), 400, "BDC_1108")
    c4 = make_credit(api, vendor["id"], 10)
    r = api.post(f"{CREDITS}/bulk/archive", params={"ids": f"{c4['id']},vcr02ABCDEFGHIJKabcd"})
    assert_error(r, 400, "BDC_1246")
    assert credit(api, c4["id"])["archived"] is False


# ----------------------------------------------------------------------------------- lists
def test_list_filters(api: Api, vendor: dict[str, Any]) -> None:
    other = make_vendor(api, name="Other")
    c1 = make_credit(api, vendor["id"], 10, creditDate="2025-01-01")
    c2 = make_credit(api, vendor["id"], 20, creditDate="2025-02-01")
    c3 = make_credit(api, other["id"], 30, creditDate="2025-03-01")
    make_bill(api, vendor["id"], 100, vendorCredits=[{"id": c2["id"], "amount": 20}])
    api.post(f"{CREDITS}/{c1['id']}/archive")

    def ids(**params: Any) -> list[str]:
        r = api.get(CREDITS, params=params)
        assert r.status_code == 200, r.text
        return [c["id"] for c in r.json()["results"]]

    assert ids() == [c1["id"], c2["id"], c3["id"]]
    assert ids(filters=f"vendorId:eq:{vendor['id']}") == [c1["id"], c2["id"]]
    assert ids(filters="status:eq:FULLY_APPLIED") == [c2["id"]]
    assert ids(filters="creditDate:gt:2025-01-15", sort="creditDate:desc") == [c3["id"], c2["id"]]
    assert ids(filters="archived:eq:false") == [c2["id"], c3["id"]]
    results = api.get(CREDITS, params={"filters": f"id:eq:{c2['id']}"}).json()["results"]
    assert results[0]["usage"][0]["amount"] == 20
    assert_error(api.get(CREDITS, params={"filters": "status:eq:USED"}), 400, "BDC_1129")


def test_tenancy(api: Api, new_api: Callable[[], Api]) -> None:
    other = new_api()
    theirs = make_credit(other, make_vendor(other)["id"])
    assert_error(api.get(f"{CREDITS}/{theirs['id']}"), 404, "BDC_1205")
    assert_error(api.patch(f"{CREDITS}/{theirs['id']}", json={"description": "x"}), 404, "BDC_1205")
    assert_error(api.post(f"{CREDITS}/{theirs['id']}/archive"), 404, "BDC_1205")
    mine = make_vendor(api)
    assert_error(
        api.post(
            "/v3/bills", json=bill_body(mine["id"], 10, vendorCredits=[{"id": theirs["id"], "amount": 1}])
        ),
        404,
        "BDC_1205",
    )
    assert api.get(CREDITS).json()["results"] == []


def test_bulk_archive_authenticates_before_reading_its_ids(api: Api) -> None:
    """Without a session the answer is 401, whatever the ids (they are parsed after auth)."""
    for ids in ("", ",".join(["x"] * 60)):
        r = api.client.post(
            "/connect/v3/vendor-credits/bulk/archive",
            params={"ids": ids},
            headers={"devKey": api.creds["devKey"]},
        )
        assert_error(r, 401, "BDC_1109")
    assert_error(api.post("/v3/vendor-credits/bulk/archive", params={"ids": ""}), 400, "BDC_1108")
