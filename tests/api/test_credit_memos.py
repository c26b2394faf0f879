"""Credit memos: amounts (quantity × price, ratePercent of the lines above, sales tax), credit
applied oldest first, status and usage, edits, archive/restore, bulk operations, lists."""

from __future__ import annotations

from collections.abc import Callable

from support.api import Api, assert_error
from support.ar import CREDIT_MEMOS, INVOICES, balance, get, make_credit_memo, make_customer, make_invoice


def test_create_with_rate_percent_discount(api: Api) -> None:
    cid = make_customer(api)["id"]
    r = api.post(
        CREDIT_MEMOS,
        json={
            "customerId": cid,
            "referenceNumber": "202502-creditmemo",
            "creditDate": "2025-12-28",
            "creditMemoLineItems": [
                {"description": "Classic extreme drum sticks", "price": 14.99, "quantity": 2},
                {"description": "Metal guitar picks (5-pack)", "price": 50, "quantity": 1},
                {"description": "10% discount", "ratePercent": -10},
            ],
            "description": "Paperless Credit Memo",
        },
    )
    assert r.status_code == 201, r.text
    memo = r.json()
    assert memo["id"].startswith("ccr") and len(memo["id"]) == 20
    assert [line["amount"] for line in memo["creditMemoLineItems"]] == [29.98, 50, -8]
    assert memo["amount"] == 71.98 and memo["appliedAmount"] == 0 and memo["status"] == "NOT_APPLIED"
    assert "usage" not in memo
    assert get(api, f"{CREDIT_MEMOS}/{memo['id']}")["amount"] == 71.98


def test_required_fields_and_customer(api: Api, new_api: Callable[[], Api]) -> None:
    r = api.post(CREDIT_MEMOS, json={})
    body = assert_error(r, 400)
    messages = {item["message"] for item in body}
    assert {"customerId: must not be blank", "referenceNumber: must not be blank"} <= messages
    assert any(m.startswith("creditDate") for m in messages)
    other = make_customer(new_api())["id"]
    assert_error(
        api.post(
            CREDIT_MEMOS,
            json={
                "customerId": other,
                "referenceNumber": "x",
                "creditDate": "2026-01-01",
                "creditMemoLineItems": [{"price": 1}],
            },
        ),
        404,
        "BDC_1205",
    )


def test_credit_applies_oldest_memo_to_oldest_invoice(api: Api) -> None:
    cid = make_customer(api)["id"]
    old_inv = make_invoice(api, cid, 50, invoiceDate="2026-01-01")
    new_inv = make_invoice(api, cid, 100, invoiceDate="2026-02-01")
    late = make_credit_memo(api, cid, 30, day="2026-03-01")
    assert late["status"] == "FULLY_APPLIED" and late["appliedAmount"] == 30
    early = make_credit_memo(api, cid, 40, day="2025-12-01")
    assert early["status"] == "FULLY_APPLIED"
    inv_old = get(api, f"{INVOICES}/{old_inv['id']}")
    inv_new = get(api, f"{INVOICES}/{new_inv['id']}")
    assert (inv_old["creditAmount"], inv_old["dueAmount"], inv_old["status"]) == (50, 0, "PAID_IN_FULL")
    assert (inv_new["creditAmount"], inv_new["dueAmount"]) == (20, 80)
    assert get(api, f"{CREDIT_MEMOS}/{late['id']}")["usage"] == [{"invoiceId": old_inv["id"], "amount": 30}]
    assert get(api, f"{CREDIT_MEMOS}/{early['id']}")["usage"] == [
        {"invoiceId": old_inv["id"], "amount": 20},
        {"invoiceId": new_inv["id"], "amount": 20},
    ]
    assert balance(api, cid) == 80


def test_unused_credit_waits_for_the_next_invoice(api: Api) -> None:
    cid = make_customer(api)["id"]
    memo = make_credit_memo(api, cid, 25)
    assert memo["status"] == "NOT_APPLIED"
    inv = make_invoice(api, cid, 10)
    assert inv["creditAmount"] == 10 and inv["status"] == "PAID_IN_FULL"
    doc = get(api, f"{CREDIT_MEMOS}/{memo['id']}")
    assert (doc["appliedAmount"], doc["status"]) == (10, "PARTIALLY_APPLIED")


def test_edits_cannot_drop_below_applied(api: Api) -> None:
    cid = make_customer(api)["id"]
    make_invoice(api, cid, 20)
    memo = make_credit_memo(api, cid, 50)
    line = memo["creditMemoLineItems"][0]
    r = api.patch(
        f"{CREDIT_MEMOS}/{memo['id']}", json={"creditMemoLineItems": [{"id": line["id"], "price": 10}]}
    )
    assert_error(r, 400, "BDC_1119")
    r = api.patch(
        f"{CREDIT_MEMOS}/{memo['id']}", json={"creditMemoLineItems": [{"id": line["id"], "price": 60}]}
    )
    assert r.status_code == 200, r.text
    assert r.json()["amount"] == 60 and r.json()["appliedAmount"] == 20
    r = api.put(
        f"{CREDIT_MEMOS}/{memo['id']}",
        json={
            "customerId": cid,
            "referenceNumber": "CM-R",
            "creditDate": "2026-01-01",
            "creditMemoLineItems": [{"price": 30}],
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["referenceNumber"] == "CM-R" and len(r.json()["creditMemoLineItems"]) == 1


def test_archive_stops_credit_and_restore_applies_it(api: Api) -> None:
    cid = make_customer(api)["id"]
    memo = make_credit_memo(api, cid, 40)
    assert api.post(f"{CREDIT_MEMOS}/{memo['id']}/archive").json()["archived"] is True
    inv = make_invoice(api, cid, 30)
    assert inv["creditAmount"] == 0
    restored = api.post(f"{CREDIT_MEMOS}/{memo['id']}/restore").json()
    assert restored["archived"] is False and restored["appliedAmount"] == 30
    assert get(api, f"{INVOICES}/{inv['id']}")["status"] == "PAID_IN_FULL"


def test_bulk_operations_are_all_or_nothing(api: Api) -> None:
    cid = make_customer(api)["id"]
    body = {"customerId": cid, "referenceNumber": "B", "creditDate": "2026-01-01"}
    r = api.post(
        f"{CREDIT_MEMOS}/bulk", json=[{**body, "creditMemoLineItems": [{"price": p}]} for p in (5, 6)]
    )
    assert r.status_code == 201, r.text
    memos = r.json()["creditMemos"]
    assert [m["amount"] for m in memos] == [5, 6]
    bad = [
        {**body, "creditMemoLineItems": [{"price": 7}]},
        {**body, "customerId": "0cu02NOPE0000000abcd", "creditMemoLineItems": [{"price": 1}]},
    ]
    assert_error(api.post(f"{CREDIT_MEMOS}/bulk", json=bad), 400, "BDC_1246")
    assert len(api.get(CREDIT_MEMOS).json()["results"]) == 2
    r = api.patch(f"{CREDIT_MEMOS}/bulk", json=[{"id": m["id"], "description": "bulk"} for m in memos])
    assert r.status_code == 200 and {m["description"] for m in r.json()["creditMemos"]} == {"bulk"}
    r = api.put(
        f"{CREDIT_MEMOS}/bulk",
        json=[{**body, "id": memos[0]["id"], "referenceNumber": "B2", "creditMemoLineItems": [{"price": 9}]}],
    )
    assert r.status_code == 200 and r.json()["creditMemos"][0]["amount"] == 9
    ids = ",".join(m["id"] for m in memos)
    r = api.post(f"{CREDIT_MEMOS}/bulk/archive", params={"ids": ids})
    assert r.status_code == 200 and all(m["archived"] for m in r.json()["creditMemos"])
    r = api.post(f"{CREDIT_MEMOS}/bulk/restore", params={"ids": ids})
    assert r.status_code == 200 and not any(m["archived"] for m in r.json()["creditMemos"])
    assert_error(api.post(f"{CREDIT_MEMOS}/bulk/archive"), 400, "BDC_1108")


def test_list_filters_and_sorts(api: Api) -> None:
    cid = make_customer(api)["id"]
    a = make_credit_memo(api, cid, 10, day="2026-02-01")
    b = make_credit_memo(api, cid, 30, day="2026-01-01")
    make_invoice(api, cid, 5)

    def ids(**params: str) -> list[str]:
        r = api.get(CREDIT_MEMOS, params=params)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["results"]]

    assert ids(sort="creditDate:asc") == [b["id"], a["id"]]
    assert ids(sort="amount:desc") == [b["id"], a["id"]]
    assert ids(filters="status:eq:PARTIALLY_APPLIED") == [b["id"]]
    assert ids(filters=f"customerId:eq:{cid}", sort="appliedAmount:desc") == [b["id"], a["id"]]
    assert ids(filters=f"id:eq:{a['id']}") == [a["id"]]
