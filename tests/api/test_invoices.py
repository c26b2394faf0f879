"""Invoices: create (customer by id or inline), amounts from lines and sales tax, numbering,
PUT/PATCH lines, the status machine, archive/restore, lists, events and the customer balance."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bill_sandbox.app import create_app
from bill_sandbox.settings import Settings
from support.api import Api, assert_error, recorded_events, signup
from support.ar import (
    INVOICES,
    balance,
    get,
    lines,
    make_credit_memo,
    make_customer,
    make_invoice,
    record,
    sales_tax_item,
)


def events(api: Api, entity_id: str) -> list[str]:
    return [e["type"] for e in recorded_events(api, entity_id)]


def test_create_with_customer_id_computes_amounts_and_defaults(api: Api) -> None:
    customer = make_customer(api)
    r = api.post(
        INVOICES,
        json={
            "customer": {"id": customer["id"]},
            "invoiceLineItems": [
                {"quantity": 2, "description": "Classic extreme drum sticks", "price": 14.99},
                {"quantity": 1, "description": "Metal guitar picks (5-pack)", "price": 50},
            ],
            "invoiceNumber": "202502",
            "dueDate": "2026-12-31",
            "processingOptions": {"sendEmail": False},
        },
    )
    assert r.status_code == 201, r.text
    inv = r.json()
    assert inv["id"].startswith("00e") and len(inv["id"]) == 20
    assert inv["customerId"] == customer["id"] and "customer" not in inv
    assert inv["totalAmount"] == 79.98 and inv["dueAmount"] == 79.98
    assert inv["scheduledAmount"] == 0 and inv["creditAmount"] == 0
    assert inv["status"] == "OPEN" and inv["archived"] is False and inv["exchangeRate"] == 1
    assert inv["invoiceNumber"] == "202502" and inv["dueDate"] == "2026-12-31"
    assert inv["invoiceDate"] == api.clock()["now"][:10]
    assert [line["id"][:3] for line in inv["invoiceLineItems"]] == ["00f", "00f"]
    assert inv["invoiceLineItems"][0] == {
        "id": inv["invoiceLineItems"][0]["id"],
        "description": "Classic extreme drum sticks",
        "price": 14.99,
        "quantity": 2,
    }
    assert inv["enableCardPayment"] is False
    assert None not in inv.values()
    assert get(api, f"{INVOICES}/{inv['id']}") == inv
    assert balance(api, customer["id"]) == 79.98


def test_inline_customer_is_created(api: Api) -> None:
    r = api.post(
        INVOICES,
        json={
            "customer": {"name": "Walk-in Pets", "email": "walkin@example.com"},
            "invoiceLineItems": lines(25),
        },
    )
    assert r.status_code == 201, r.text
    customer = get(api, f"/v3/customers/{r.json()['customerId']}")
    assert customer["name"] == "Walk-in Pets" and customer["email"] == "walkin@example.com"
    assert customer["balance"]["amount"] == 25


def test_customer_errors(api: Api, new_api: Callable[[], Api]) -> None:
    customer = make_customer(api)
    assert_error(
        api.post(INVOICES, json={"customerId": customer["id"], "invoiceLineItems": lines(1)}),
        400,
        message="customer: The customer field is required",
    )
    assert_error(
        api.post(INVOICES, json={"invoiceLineItems": lines(1)}), 400, message="customer: The customer field"
    )
    assert_error(
        api.post(INVOICES, json={"customer": customer["id"], "invoiceLineItems": lines(1)}),
        400,
        message="Cannot construct instance of",
    )
    assert_error(
        api.post(INVOICES, json={"customer": {"name": "No email"}, "invoiceLineItems": lines(1)}),
        400,
        message="customer.email: must not be blank",
    )
    other = make_customer(new_api())
    assert_error(
        api.post(INVOICES, json={"customer": {"id": other["id"]}, "invoiceLineItems": lines(1)}),
        404,
        "BDC_1205",
    )
    api.post(f"/v3/customers/{customer['id']}/archive")
    assert_error(
        api.post(INVOICES, json={"customer": {"id": customer["id"]}, "invoiceLineItems": lines(1)}),
        400,
        "BDC_1119",
    )


def test_line_errors(api: Api) -> None:
    cid = make_customer(api)["id"]
    assert_error(api.post(INVOICES, json={"customer": {"id": cid}}), 400, message="invoiceLineItems")
    assert_error(
        api.post(INVOICES, json={"customer": {"id": cid}, "invoiceLineItems": [{"description": "x"}]}),
        400,
        message="invoiceLineItems[0].price: must not be null",
    )
    assert_error(
        api.post(INVOICES, json={"customer": {"id": cid}, "invoiceLineItems": lines(-5)}),
        400,
        message="totalAmount: must be greater than 0",
    )
    assert_error(
        api.post(
            INVOICES,
            json={"customer": {"id": cid}, "invoiceLineItems": [{"id": "00f02XXXXXXXXXXXabcd", "price": 1}]},
        ),
        400,
        "BDC_1119",
    )
    assert_error(
        api.post(
            INVOICES,
            json={"customer": {"id": cid}, "invoiceLineItems": lines(1), "convenienceFee": {"percentage": 3}},
        ),
        400,
        "BDC_1119",
    )


def test_amount_only_line_gets_price(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, invoiceLineItems=[{"description": "Gloves", "amount": 29.99, "quantity": 1}])
    assert inv["invoiceLineItems"][0]["price"] == 29.99 and inv["totalAmount"] == 29.99


def test_sales_tax_on_taxable_lines(api: Api) -> None:
    cid = make_customer(api)["id"]
    tax = sales_tax_item(api, 8.5)
    body_lines = [{"price": 100, "quantity": 2, "taxable": True}, {"price": 50, "quantity": 1}]
    inv = make_invoice(api, cid, invoiceLineItems=body_lines, salesTaxItemId=tax)
    assert inv["salesTaxTotal"] == 17 and inv["salesTaxPercentage"] == 8.5
    assert inv["totalAmount"] == 267 and inv["dueAmount"] == 267
    service_item = api.post("/v3/classifications/items", json={"type": "SERVICE", "name": "Walks"}).json()
    assert_error(
        api.post(
            INVOICES,
            json={
                "customer": {"id": cid},
                "invoiceLineItems": lines(1),
                "salesTaxItemId": service_item["id"],
            },
        ),
        400,
        "BDC_1119",
    )


def test_invoice_numbers_are_a_per_org_sequence(api: Api, new_api: Callable[[], Api]) -> None:
    cid = make_customer(api)["id"]
    numbers = [make_invoice(api, cid)["invoiceNumber"] for _ in range(2)]
    make_invoice(api, cid, invoiceNumber="CUSTOM-1")
    numbers.append(make_invoice(api, cid)["invoiceNumber"])
    assert numbers == ["1001", "1002", "1003"]
    other = new_api()
    assert make_invoice(other, make_customer(other)["id"])["invoiceNumber"] == "1001"


def test_put_replaces_and_patch_merges_lines(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 10, 20)
    first, second = inv["invoiceLineItems"]
    r = api.put(
        f"{INVOICES}/{inv['id']}",
        json={
            "customer": {"id": cid},
            "invoiceLineItems": [
                {"description": "Premium drummer gloves", "amount": 29.99, "quantity": 1},
                {"id": first["id"], "description": "Sticks", "price": 14.99, "quantity": 2},
            ],
        },
    )
    assert r.status_code == 200, r.text
    put = r.json()
    assert [line["id"] for line in put["invoiceLineItems"]][1] == first["id"]
    assert second["id"] not in {line["id"] for line in put["invoiceLineItems"]}
    assert put["totalAmount"] == 59.97 and put["invoiceNumber"] == inv["invoiceNumber"]
    r = api.patch(
        f"{INVOICES}/{inv['id']}",
        json={"invoiceLineItems": [{"id": first["id"], "price": 19.99}], "dueDate": "2027-01-31"},
    )
    assert r.status_code == 200, r.text
    patched = r.json()
    assert len(patched["invoiceLineItems"]) == 2 and patched["totalAmount"] == 69.97
    assert patched["invoiceLineItems"][1]["description"] == "Sticks"
    assert patched["dueDate"] == "2027-01-31"
    assert balance(api, cid) == 69.97
    assert_error(api.patch(f"{INVOICES}/{inv['id']}", json={"customerId": cid}), 400, message="customer")


def test_status_machine_and_balance_with_payments(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 100)
    record(api, cid, 40, (inv["id"], 40))
    doc = get(api, f"{INVOICES}/{inv['id']}")
    assert (doc["status"], doc["dueAmount"]) == ("PARTIAL_PAYMENT", 60)
    assert doc["payments"][0]["amount"] == 40 and doc["payments"][0]["status"] == "PAID"
    assert balance(api, cid) == 60
    record(api, cid, 60, (inv["id"], 60))
    doc = get(api, f"{INVOICES}/{inv['id']}")
    assert (doc["status"], doc["dueAmount"]) == ("PAID_IN_FULL", 0)
    assert balance(api, cid) == 0
    # An edit can't lower the total below what was paid.
    r = api.patch(
        f"{INVOICES}/{inv['id']}",
        json={"invoiceLineItems": [{"id": doc["invoiceLineItems"][0]["id"], "price": 50}]},
    )
    assert_error(r, 400, "BDC_1119")
    # Archiving keeps the status.
    archived = api.post(f"{INVOICES}/{inv['id']}/archive").json()
    assert archived["archived"] is True and archived["status"] == "PAID_IN_FULL"


def test_archive_and_restore(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 30)
    r = api.post(f"{INVOICES}/{inv['id']}/archive")
    assert r.status_code == 200 and r.json()["archived"] is True and r.json()["status"] == "OPEN"
    assert balance(api, cid) == 0
    assert api.post(f"{INVOICES}/{inv['id']}/archive").json()["archived"] is True
    assert_error(
        api.post(
            f"{INVOICES}/record-payment",
            json={
                "amount": 5,
                "paymentDate": "2026-01-01",
                "paymentType": "CASH",
                "invoices": [{"id": inv["id"], "amount": 5}],
            },
        ),
        400,
        "BDC_1119",
    )
    r = api.post(f"{INVOICES}/{inv['id']}/restore")
    assert r.status_code == 200 and r.json()["archived"] is False
    assert balance(api, cid) == 30
    assert events(api, inv["id"]) == ["invoice.created", "invoice.archived", "invoice.restored"]


def test_unknown_and_other_org_ids(api: Api, new_api: Callable[[], Api]) -> None:
    inv = make_invoice(api, make_customer(api)["id"])
    other = new_api()
    for method, path in (
        ("GET", f"{INVOICES}/{inv['id']}"),
        ("POST", f"{INVOICES}/{inv['id']}/archive"),
        ("POST", f"{INVOICES}/00e02NOPE0000000abcd/restore"),
        ("PATCH", f"{INVOICES}/{inv['id']}"),
    ):
        kwargs: dict[str, Any] = {"json": {}} if method == "PATCH" else {}
        assert_error(other.request(method, path, **kwargs), 404, "BDC_1205")


def test_list_filters_and_sorts(api: Api) -> None:
    a, b = make_customer(api, "A")["id"], make_customer(api, "B")["id"]
    i1 = make_invoice(api, a, 10, dueDate="2026-03-01", invoiceNumber="A-1")
    i2 = make_invoice(api, a, 30, dueDate="2026-01-01", invoiceNumber="A-2")
    i3 = make_invoice(api, b, 20, dueDate="2026-02-01", invoiceNumber="B-1")
    record(api, a, 30, (i2["id"], 30))

    def ids(**params: str) -> list[str]:
        r = api.get(INVOICES, params=params)
        assert r.status_code == 200, r.text
        return [x["id"] for x in r.json()["results"]]

    assert ids(filters=f"customerId:eq:{a}") == [i1["id"], i2["id"]]
    assert ids(filters="status:eq:OPEN") == [i1["id"], i3["id"]]
    assert ids(filters='status:in:"PAID_IN_FULL,PARTIAL_PAYMENT"') == [i2["id"]]
    assert ids(sort="dueDate:asc") == [i2["id"], i3["id"], i1["id"]]
    assert ids(sort="totalAmount:desc") == [i2["id"], i3["id"], i1["id"]]
    assert ids(filters="invoiceNumber:sw:A-") == [i1["id"], i2["id"]]
    assert ids(filters="dueDate:gte:2026-02-01", sort="invoiceNumber:desc") == [i3["id"], i1["id"]]
    assert ids(filters=f"customerId:eq:{a},status:eq:OPEN") == [i1["id"]]
    assert_error(api.get(INVOICES, params={"filters": "nope:eq:1"}), 400, "BDC_1130")


def test_events_are_recorded(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 10)
    api.patch(f"{INVOICES}/{inv['id']}", json={"dueDate": "2027-01-01"})
    record(api, cid, 10, (inv["id"], 10))
    assert events(api, inv["id"]) == ["invoice.created", "invoice.updated", "invoice.updated"]


@pytest.mark.parametrize("field", ["invoiceDate", "dueDate"])
def test_bad_dates(api: Api, field: str) -> None:
    cid = make_customer(api)["id"]
    r = api.post(INVOICES, json={"customer": {"id": cid}, "invoiceLineItems": lines(1), field: "31/12/2026"})
    assert_error(r, 400, message=field)


def test_credit_memo_reduces_due(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 100)
    make_credit_memo(api, cid, 30)
    doc = get(api, f"{INVOICES}/{inv['id']}")
    assert (doc["creditAmount"], doc["dueAmount"], doc["status"]) == (30, 70, "PARTIAL_PAYMENT")
    assert balance(api, cid) == 70


def test_attachments_accept_invoices_and_replace_the_pdf(api: Api) -> None:
    inv = make_invoice(api, make_customer(api)["id"])
    r = api.post(
        f"/v3/attachments/invoices/{inv['id']}",
        params={"name": "invoice.pdf", "replaceInvoicePdf": "true"},
        content=b"%PDF-1.4\n%%EOF\n",
    )
    assert r.status_code == 200, r.text
    assert get(api, f"{INVOICES}/{inv['id']}")["invoicePdfId"] == r.json()["id"]
    listed = get(api, f"/v3/attachments/invoices/{inv['id']}")["results"]
    assert [a["id"] for a in listed] == [r.json()["id"]]
    assert_error(
        api.post("/v3/attachments/invoices/00e02NOPE0000000abcd", params={"name": "a.pdf"}, content=b"x"), 404
    )


@pytest.mark.inprocess  # its own app with another setting
def test_paid_status_compatibility_setting(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path, argon2_time_cost=1, argon2_memory_kib=1024, invoice_paid_status="PAID"
    )
    with TestClient(create_app(settings)) as client:
        api = Api(client, signup(client))
        cid = make_customer(api)["id"]
        inv = make_invoice(api, cid, 10)
        record(api, cid, 10, (inv["id"], 10))
        assert get(api, f"{INVOICES}/{inv['id']}")["status"] == "PAID"
        r = api.get(INVOICES, params={"filters": "status:eq:PAID"})
        assert [x["id"] for x in r.json()["results"]] == [inv["id"]]


def test_list_filters_on_classifications(api: Api) -> None:
    from support.ap import make_classifications

    refs = make_classifications(api)
    cid = make_customer(api)["id"]
    tagged = make_invoice(
        api,
        cid,
        invoiceLineItems=[{"price": 5, "classifications": {"itemId": refs["itemId"]}}],
        payToChartOfAccountId=refs["chartOfAccountId"],
        classifications={
            "accountingClassId": refs["accountingClassId"],
            "departmentId": refs["departmentId"],
            "locationId": refs["locationId"],
        },
    )
    make_invoice(api, cid, 7)
    for field, value in (
        ("payToChartOfAccountId", refs["chartOfAccountId"]),
        ("classifications.accountingClassId", refs["accountingClassId"]),
        ("classifications.departmentId", refs["departmentId"]),
        ("classifications.locationId", refs["locationId"]),
        ("classifications.itemId", refs["itemId"]),
    ):
        r = api.get(INVOICES, params={"filters": f"{field}:eq:{value}"})
        assert [x["id"] for x in r.json()["results"]] == [tagged["id"]], field
    assert_error(
        api.post(
            INVOICES,
            json={
                "customer": {"id": cid},
                "invoiceLineItems": lines(1),
                "payToChartOfAccountId": "0ca02NOPE000000abcde",
            },
        ),
        400,
        "BDC_1119",
    )


def test_card_payment_fee_and_put_keeps_dates(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(
        api,
        cid,
        10,
        enableCardPayment=True,
        convenienceFee={"percentage": 2.9},
        invoiceDate="2026-01-05",
        dueDate="2026-02-05",
    )
    assert inv["enableCardPayment"] is True and inv["convenienceFee"] == {"percentage": 2.9}
    r = api.patch(f"{INVOICES}/{inv['id']}", json={"enableCardPayment": False})
    assert r.status_code == 200, r.text
    assert r.json()["enableCardPayment"] is False and "convenienceFee" not in r.json()
    r = api.put(f"{INVOICES}/{inv['id']}", json={"customer": {"id": cid}, "invoiceLineItems": lines(12)})
    assert r.status_code == 200, r.text
    assert (r.json()["invoiceDate"], r.json()["dueDate"]) == ("2026-01-05", "2026-02-05")
