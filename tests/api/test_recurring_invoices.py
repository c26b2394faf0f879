"""Recurring invoices: CRUD and validation; invoices generated as the sandbox clock passes
each occurrence (numbered with their due date, emailed with sendEmail); edits affect future
invoices only; archive pauses."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from support.ap import post_ok
from support.api import Api, assert_error
from support.ar import INVOICES, get, make_customer, relogin

RECURRING = "/v3/recurring-invoices"


def today(api: Api) -> date:
    return date.fromisoformat(api.clock()["now"][:10])


def body(customer_id: str, next_due: date, **changes: Any) -> dict[str, Any]:
    schedule: dict[str, Any] = {
        "period": "WEEKLY",
        "frequency": 1,
        "nextDueDate": str(next_due),
        "endDate": str(next_due + timedelta(days=30)),
        "daysInAdvance": 0,
    }
    schedule.update(changes.pop("schedule", {}))
    out: dict[str, Any] = {
        "customerId": customer_id,
        "schedule": schedule,
        "recurringInvoiceLineItems": [
            {"amount": 19.99, "quantity": 1, "description": "Monthly subscription"}
        ],
    }
    out.update(changes)
    return out


def customer_invoices(api: Api, customer_id: str) -> list[dict[str, Any]]:
    params = {"filters": f"customerId:eq:{customer_id}", "max": 100, "sort": "dueDate"}
    r = api.get(INVOICES, params=params)
    assert r.status_code == 200, r.text
    results: list[dict[str, Any]] = r.json()["results"]
    return results


def test_create_get_and_defaults(api: Api) -> None:
    cid = make_customer(api)["id"]
    start = today(api) + timedelta(days=10)
    r = api.post(RECURRING, json=body(cid, start, schedule={"frequency": None, "daysInAdvance": None}))
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["id"].startswith("rit") and doc["customerId"] == cid and doc["archived"] is False
    assert doc["schedule"]["frequency"] == 1 and doc["schedule"]["daysInAdvance"] == 0
    assert doc["sendEmail"] is False
    line = doc["recurringInvoiceLineItems"][0]
    assert line["id"].startswith("ril") and (line["amount"], line["price"], line["quantity"]) == (
        19.99,
        19.99,
        1,
    )
    assert get(api, f"{RECURRING}/{doc['id']}") == doc
    assert customer_invoices(api, cid) == []


def test_validation(api: Api) -> None:
    cid = make_customer(api)["id"]
    messages = {i["message"] for i in assert_error(api.post(RECURRING, json={}), 400)}
    assert "customerId: must not be blank" in messages
    bad = body(cid, today(api))
    bad["recurringInvoiceLineItems"] = [{"description": "no amount"}]
    assert_error(api.post(RECURRING, json=bad), 400, message="amount: must not be null")
    assert_error(api.post(RECURRING, json=body("0cu02NOPE0000000abcd", today(api))), 404, "BDC_1205")
    assert_error(
        api.post(RECURRING, json=body(cid, today(api), schedule={"period": "HOURLY"})), 400, "BDC_1129"
    )


def test_generates_invoices_as_the_clock_passes(api: Api) -> None:
    cid = make_customer(api)["id"]
    start = today(api) + timedelta(days=3)
    doc = post_ok(api, RECURRING, body(cid, start, schedule={"daysInAdvance": 1}, sendEmail=True))
    assert customer_invoices(api, cid) == []
    api.advance(days=9)
    relogin(api)
    invoices = customer_invoices(api, cid)
    assert [i["invoiceNumber"] for i in invoices] == [str(start), str(start + timedelta(days=7))]
    first = invoices[0]
    assert first["dueDate"] == str(start) and first["invoiceDate"] == str(start - timedelta(days=1))
    assert first["totalAmount"] == 19.99 and first["status"] == "OPEN"
    assert get(api, f"{RECURRING}/{doc['id']}")["schedule"]["nextDueDate"] == str(start + timedelta(days=14))
    mails = api.sandbox("GET", "/emails", params={"organizationId": api.org_id}).json()["results"]
    assert sorted(m["invoiceId"] for m in mails) == sorted(i["id"] for i in invoices)
    assert mails[0]["to"] == ["billing@happypaws.example.com"]
    assert get(api, f"/v3/customers/{cid}")["balance"]["amount"] == 39.98


def test_due_now_generates_at_once_and_end_date_stops(api: Api) -> None:
    cid = make_customer(api)["id"]
    start = today(api)
    doc = post_ok(
        api,
        RECURRING,
        body(cid, start, schedule={"period": "DAILY", "endDate": str(start + timedelta(days=2))}),
    )
    assert len(customer_invoices(api, cid)) == 1
    api.advance(days=5)
    relogin(api)
    assert len(customer_invoices(api, cid)) == 3
    assert get(api, f"{RECURRING}/{doc['id']}")["schedule"]["nextDueDate"] == str(start + timedelta(days=3))


def test_edits_affect_future_invoices_only(api: Api) -> None:
    cid = make_customer(api)["id"]
    start = today(api)
    doc = post_ok(api, RECURRING, body(cid, start))
    line = doc["recurringInvoiceLineItems"][0]
    r = api.patch(
        f"{RECURRING}/{doc['id']}", json={"recurringInvoiceLineItems": [{"id": line["id"], "price": 25}]}
    )
    assert r.status_code == 200, r.text
    assert r.json()["recurringInvoiceLineItems"][0]["amount"] == 25
    api.advance(days=7)
    relogin(api)
    assert [i["totalAmount"] for i in customer_invoices(api, cid)] == [19.99, 25]
    r = api.put(
        f"{RECURRING}/{doc['id']}",
        json=body(cid, start + timedelta(days=30), description="Replaced"),
    )
    assert r.status_code == 200 and r.json()["description"] == "Replaced"
    assert len(r.json()["recurringInvoiceLineItems"]) == 1


def test_archive_pauses_and_restore_skips_missed(api: Api) -> None:
    cid = make_customer(api)["id"]
    start = today(api) + timedelta(days=1)
    doc = post_ok(api, RECURRING, body(cid, start))
    assert api.post(f"{RECURRING}/{doc['id']}/archive").json()["archived"] is True
    api.advance(days=9)
    relogin(api)
    assert customer_invoices(api, cid) == []
    restored = api.post(f"{RECURRING}/{doc['id']}/restore").json()
    assert restored["archived"] is False
    assert restored["schedule"]["nextDueDate"] >= str(today(api))


def test_list_filters(api: Api) -> None:
    a, b = make_customer(api, "A")["id"], make_customer(api, "B")["id"]
    ra = post_ok(api, RECURRING, body(a, today(api) + timedelta(days=20)))
    post_ok(api, RECURRING, body(b, today(api) + timedelta(days=20)))
    r = api.get(RECURRING, params={"filters": f"customerId:eq:{a}"})
    assert [x["id"] for x in r.json()["results"]] == [ra["id"]]
    r = api.get(RECURRING, params={"sort": "archived"})
    assert r.status_code == 200 and len(r.json()["results"]) == 2
