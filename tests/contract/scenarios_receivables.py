"""Contract scenarios: invoices, receivable payments and credit memos. Every writable field is
set; invoices carry a payment and an invoice PDF where BILL's example shows them."""

from __future__ import annotations

from typing import Any

import httpx

from contract.scenarios_files import PDF
from contract.shapes import scenario
from support.ap import make_classifications, org_bank_account, post_ok
from support.ar import (
    CREDIT_MEMOS,
    INVOICES,
    RECEIVABLE_PAYMENTS,
    authorize,
    charge,
    make_customer,
    record,
    sales_tax_item,
    verified_bank_account,
)

# A new invoice has no payments yet and no PDF attachment.
NEW_INVOICE = {"payments", "invoicePdfId"}
# Invoice lines show ``taxable`` (BILL's credit-memo and recurring-invoice lines do too).
TAXABLE = {"invoiceLineItems[].taxable"}
LINE_KEYS = ("chartOfAccountId", "accountingClassId", "departmentId", "jobId", "locationId", "itemId")
DOC_KEYS = ("accountingClassId", "departmentId", "jobId", "locationId")


def _refs(api: Any) -> dict[str, Any]:
    refs = make_classifications(api)
    return {
        "line": {k: refs[k] for k in LINE_KEYS},
        "doc": {k: refs[k] for k in DOC_KEYS},
        "coa": refs["chartOfAccountId"],
        "tax": sales_tax_item(api),
    }


def _invoice_body(customer_id: str, refs: dict[str, Any], number: str = "INV-2026-001") -> dict[str, Any]:
    return {
        "customer": {"id": customer_id},
        "invoiceNumber": number,
        "invoiceDate": "2026-01-02",
        "dueDate": "2026-02-01",
        "invoiceLineItems": [
            {
                "description": "Dog food, 20 lb",
                "quantity": 3,
                "price": 42.5,
                "taxable": True,
                "classifications": refs["line"],
            },
            {"description": "Grooming", "quantity": 1, "price": 60, "classifications": refs["line"]},
        ],
        "payToChartOfAccountId": refs["coa"],
        "classifications": refs["doc"],
        "salesTaxItemId": refs["tax"],
        "enableCardPayment": True,
        "convenienceFee": {"percentage": 2.9},
        "processingOptions": {"sendEmail": False},
    }


def _full_invoice(api: Any) -> dict[str, Any]:
    """An invoice with every field, a recorded payment and an invoice PDF."""
    customer = make_customer(api)
    invoice = post_ok(api, INVOICES, _invoice_body(customer["id"], _refs(api)))
    record(api, customer["id"], 50, (invoice["id"], 50))
    r = api.post(
        f"/v3/attachments/invoices/{invoice['id']}",
        params={"name": "invoice.pdf", "replaceInvoicePdf": "true"},
        content=PDF,
    )
    assert r.status_code == 200, r.text
    out: dict[str, Any] = api.get(f"{INVOICES}/{invoice['id']}").json()
    return out


def _middle_page(api: Any, path: str) -> httpx.Response:
    """Page 2 of 3 (one result a page): both cursors are present."""
    first = api.get(path, params={"max": 1})
    assert first.status_code == 200, first.text
    return api.get(path, params={"max": 1, "page": first.json()["nextPage"]})


def _plain_invoice(api: Any, customer_id: str) -> None:
    post_ok(api, INVOICES, {"customer": {"id": customer_id}, "invoiceLineItems": [{"price": 10}]})


@scenario("GET", "/v3/invoices", extra={f"results[].{f}" for f in TAXABLE})
def list_invoices(api: Any) -> httpx.Response:
    customer = make_customer(api, "Other customer")
    _plain_invoice(api, customer["id"])
    _full_invoice(api)
    _plain_invoice(api, customer["id"])
    return _middle_page(api, INVOICES)


@scenario("POST", "/v3/invoices", missing=NEW_INVOICE, extra=TAXABLE)
def create_invoice(api: Any) -> httpx.Response:
    customer = make_customer(api)
    return api.post(INVOICES, json=_invoice_body(customer["id"], _refs(api)))


@scenario("GET", "/v3/invoices/{invoiceId}", extra=TAXABLE)
def get_invoice(api: Any) -> httpx.Response:
    return api.get(f"{INVOICES}/{_full_invoice(api)['id']}")


@scenario("PUT", "/v3/invoices/{invoiceId}", extra=TAXABLE)
def replace_invoice(api: Any) -> httpx.Response:
    invoice = _full_invoice(api)
    body = _invoice_body(invoice["customerId"], _refs(api), "INV-2026-001-R")
    body["invoiceLineItems"][0]["id"] = invoice["invoiceLineItems"][0]["id"]
    return api.put(f"{INVOICES}/{invoice['id']}", json=body)


@scenario("PATCH", "/v3/invoices/{invoiceId}", extra=TAXABLE)
def update_invoice(api: Any) -> httpx.Response:
    invoice = _full_invoice(api)
    line = invoice["invoiceLineItems"][1]
    body = {"invoiceLineItems": [{"id": line["id"], "quantity": 2, "price": 65}], "dueDate": "2026-03-01"}
    return api.patch(f"{INVOICES}/{invoice['id']}", json=body)


@scenario("POST", "/v3/invoices/{invoiceId}/archive", extra=TAXABLE)
def archive_invoice(api: Any) -> httpx.Response:
    return api.post(f"{INVOICES}/{_full_invoice(api)['id']}/archive")


@scenario("POST", "/v3/invoices/{invoiceId}/restore", extra=TAXABLE)
def restore_invoice(api: Any) -> httpx.Response:
    invoice = _full_invoice(api)
    api.post(f"{INVOICES}/{invoice['id']}/archive")
    return api.post(f"{INVOICES}/{invoice['id']}/restore")


@scenario("POST", "/v3/invoices/record-payment")
def record_payment(api: Any) -> httpx.Response:
    invoice = _full_invoice(api)
    body = {
        "customerId": invoice["customerId"],
        "amount": "100",
        "invoices": [{"id": invoice["id"], "amount": "50"}],
        "paymentDate": "2026-01-20",
        "paymentType": "CREDIT_CARD",
        "description": "Accepted credit card payment in store",
    }
    return api.post(f"{INVOICES}/record-payment", json=body)


@scenario("POST", "/v3/invoices/{invoiceId}/email")
def send_invoice(api: Any) -> httpx.Response:
    invoice = _full_invoice(api)
    body = {"recipient": {"to": ["billing@happypaws.example.com"]}, "replyTo": {"userId": api.user_id}}
    return api.post(f"{INVOICES}/{invoice['id']}/email", json=body)


@scenario("POST", "/v3/invoices/{invoiceId}/payment-link")
def payment_link(api: Any) -> httpx.Response:
    invoice = _full_invoice(api)
    body = {
        "customerId": invoice["customerId"],
        "email": "billing@happypaws.example.com",
        "returnUrl": "https://example.com/thanks",
    }
    return api.post(f"{INVOICES}/{invoice['id']}/payment-link", json=body)


# ------------------------------------------------------------------------ receivable payments
def _charged(api: Any) -> dict[str, Any]:
    customer = make_customer(api)
    invoice = post_ok(
        api,
        INVOICES,
        {"customer": {"id": customer["id"]}, "invoiceLineItems": [{"price": 80, "quantity": 1}]},
    )
    account = verified_bank_account(api, customer["id"])
    authorize(api, customer["id"])
    r = charge(api, customer["id"], account["id"], (invoice["id"], 80), description="Monthly charge")
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


@scenario("GET", "/v3/receivable-payments")
def list_receivable_payments(api: Any) -> httpx.Response:
    customer = make_customer(api, "Other customer")
    record(api, customer["id"], 5)
    _charged(api)
    record(api, customer["id"], 6)
    return _middle_page(api, RECEIVABLE_PAYMENTS)


@scenario("GET", "/v3/receivable-payments/{receivedPaymentId}")
def get_receivable_payment(api: Any) -> httpx.Response:
    return api.get(f"{RECEIVABLE_PAYMENTS}/{_charged(api)['id']}")


# ------------------------------------------------------------------------------ credit memos
def _memo_body(api: Any, customer_id: str, refs: dict[str, Any], ref: str = "CM-2026-001") -> dict[str, Any]:
    return {
        "customerId": customer_id,
        "referenceNumber": ref,
        "creditDate": "2026-01-05",
        "description": "Returned items",
        "salesTaxItemId": refs["tax"],
        "payToChartOfAccountId": refs["coa"],
        "payToBankAccountId": org_bank_account(api),
        "classifications": refs["doc"],
        "creditMemoLineItems": [
            {
                "description": "Dog food, 20 lb",
                "quantity": 1,
                "price": 42.5,
                "taxable": True,
                "classifications": refs["line"],
            },
            {"description": "10% discount", "ratePercent": -10, "classifications": refs["line"]},
        ],
    }


def _applied_memo(api: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A credit memo applied to an invoice (so it has usage), and its refs."""
    customer = make_customer(api)
    refs = _refs(api)
    post_ok(api, INVOICES, {"customer": {"id": customer["id"]}, "invoiceLineItems": [{"price": 500}]})
    memo = post_ok(api, CREDIT_MEMOS, _memo_body(api, customer["id"], refs))
    return memo, refs


@scenario("GET", "/v3/credit-memos")
def list_credit_memos(api: Any) -> httpx.Response:
    customer = make_customer(api, "Other customer")
    body = {"customerId": customer["id"], "referenceNumber": "X", "creditDate": "2026-01-01"}
    post_ok(api, CREDIT_MEMOS, {**body, "creditMemoLineItems": [{"price": 1}]})
    _applied_memo(api)
    post_ok(api, CREDIT_MEMOS, {**body, "creditMemoLineItems": [{"price": 2}]})
    return _middle_page(api, CREDIT_MEMOS)


@scenario("POST", "/v3/credit-memos")
def create_credit_memo(api: Any) -> httpx.Response:
    customer = make_customer(api)
    return api.post(CREDIT_MEMOS, json=_memo_body(api, customer["id"], _refs(api)))


@scenario("GET", "/v3/credit-memos/{creditMemoId}")
def get_credit_memo(api: Any) -> httpx.Response:
    memo, _ = _applied_memo(api)
    return api.get(f"{CREDIT_MEMOS}/{memo['id']}")


@scenario("PUT", "/v3/credit-memos/{creditMemoId}")
def replace_credit_memo(api: Any) -> httpx.Response:
    memo, refs = _applied_memo(api)
    body = _memo_body(api, memo["customerId"], refs, "CM-2026-001-R")
    body["creditMemoLineItems"][0]["id"] = memo["creditMemoLineItems"][0]["id"]
    return api.put(f"{CREDIT_MEMOS}/{memo['id']}", json=body)


@scenario("PATCH", "/v3/credit-memos/{creditMemoId}")
def update_credit_memo(api: Any) -> httpx.Response:
    memo, _ = _applied_memo(api)
    line = memo["creditMemoLineItems"][0]
    return api.patch(
        f"{CREDIT_MEMOS}/{memo['id']}",
        json={
            "description": "Returned items (updated)",
            "creditMemoLineItems": [{"id": line["id"], "price": 45}],
        },
    )


@scenario("POST", "/v3/credit-memos/{creditMemoId}/archive")
def archive_credit_memo(api: Any) -> httpx.Response:
    memo, _ = _applied_memo(api)
    return api.post(f"{CREDIT_MEMOS}/{memo['id']}/archive")


@scenario("POST", "/v3/credit-memos/{creditMemoId}/restore")
def restore_credit_memo(api: Any) -> httpx.Response:
    memo, _ = _applied_memo(api)
    api.post(f"{CREDIT_MEMOS}/{memo['id']}/archive")
    return api.post(f"{CREDIT_MEMOS}/{memo['id']}/restore")


@scenario("POST", "/v3/credit-memos/bulk")
def create_credit_memos(api: Any) -> httpx.Response:
    customer = make_customer(api)
    refs = _refs(api)
    bodies = [_memo_body(api, customer["id"], refs, f"CM-B-{i}") for i in range(2)]
    return api.post(f"{CREDIT_MEMOS}/bulk", json=bodies)


@scenario("PUT", "/v3/credit-memos/bulk")
def replace_credit_memos(api: Any) -> httpx.Response:
    memo, refs = _applied_memo(api)
    body = {**_memo_body(api, memo["customerId"], refs, "CM-2026-001-B"), "id": memo["id"]}
    return api.put(f"{CREDIT_MEMOS}/bulk", json=[body])


@scenario("PATCH", "/v3/credit-memos/bulk")
def update_credit_memos(api: Any) -> httpx.Response:
    memo, _ = _applied_memo(api)
    return api.patch(f"{CREDIT_MEMOS}/bulk", json=[{"id": memo["id"], "description": "Bulk update"}])


@scenario("POST", "/v3/credit-memos/bulk/archive")
def archive_credit_memos(api: Any) -> httpx.Response:
    memo, _ = _applied_memo(api)
    return api.post(f"{CREDIT_MEMOS}/bulk/archive", params={"ids": memo["id"]})


@scenario("POST", "/v3/credit-memos/bulk/restore")
def restore_credit_memos(api: Any) -> httpx.Response:
    memo, _ = _applied_memo(api)
    api.post(f"{CREDIT_MEMOS}/bulk/archive", params={"ids": memo["id"]})
    return api.post(f"{CREDIT_MEMOS}/bulk/restore", params={"ids": memo["id"]})


# ------------------------------------------------------------------------ recurring invoices
RECURRING_INVOICES = "/v3/recurring-invoices"


def _recurring_body(api: Any, customer_id: str, refs: dict[str, Any]) -> dict[str, Any]:
    return {
        "customerId": customer_id,
        "description": "Monthly grooming plan",
        "schedule": {
            "period": "MONTHLY",
            "frequency": 1,
            "nextDueDate": "2030-12-31",
            "endDate": "2031-11-01",
            "daysInAdvance": 5,
        },
        "recurringInvoiceLineItems": [
            {
                "amount": 19.99,
                "quantity": 1,
                "description": "Monthly subscription",
                "taxable": True,
                "classifications": refs["line"],
            },
            {"price": 5, "quantity": 2, "description": "Treats", "classifications": refs["line"]},
        ],
        "classifications": refs["doc"],
        "sendEmail": True,
    }


def _recurring(api: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    customer = make_customer(api)
    refs = _refs(api)
    out: dict[str, Any] = post_ok(api, RECURRING_INVOICES, _recurring_body(api, customer["id"], refs))
    return out, refs


@scenario("GET", "/v3/recurring-invoices")
def list_recurring_invoices(api: Any) -> httpx.Response:
    customer = make_customer(api, "Other customer")
    plain = {
        "customerId": customer["id"],
        "schedule": {"period": "WEEKLY", "nextDueDate": "2030-01-01"},
        "recurringInvoiceLineItems": [{"amount": 1}],
    }
    post_ok(api, RECURRING_INVOICES, plain)
    _recurring(api)
    post_ok(api, RECURRING_INVOICES, plain)
    return _middle_page(api, RECURRING_INVOICES)


@scenario("POST", "/v3/recurring-invoices")
def create_recurring_invoice(api: Any) -> httpx.Response:
    customer = make_customer(api)
    return api.post(RECURRING_INVOICES, json=_recurring_body(api, customer["id"], _refs(api)))


@scenario("GET", "/v3/recurring-invoices/{recurringInvoiceId}")
def get_recurring_invoice(api: Any) -> httpx.Response:
    doc, _ = _recurring(api)
    return api.get(f"{RECURRING_INVOICES}/{doc['id']}")


@scenario("PUT", "/v3/recurring-invoices/{recurringInvoiceId}")
def replace_recurring_invoice(api: Any) -> httpx.Response:
    doc, refs = _recurring(api)
    body = _recurring_body(api, doc["customerId"], refs)
    body["recurringInvoiceLineItems"][0]["id"] = doc["recurringInvoiceLineItems"][0]["id"]
    return api.put(f"{RECURRING_INVOICES}/{doc['id']}", json=body)


@scenario("PATCH", "/v3/recurring-invoices/{recurringInvoiceId}")
def update_recurring_invoice(api: Any) -> httpx.Response:
    doc, _ = _recurring(api)
    line = doc["recurringInvoiceLineItems"][1]
    body = {"description": "Updated plan", "recurringInvoiceLineItems": [{"id": line["id"], "quantity": 3}]}
    return api.patch(f"{RECURRING_INVOICES}/{doc['id']}", json=body)


@scenario("POST", "/v3/recurring-invoices/{recurringInvoiceId}/archive")
def archive_recurring_invoice(api: Any) -> httpx.Response:
    doc, _ = _recurring(api)
    return api.post(f"{RECURRING_INVOICES}/{doc['id']}/archive")


@scenario("POST", "/v3/recurring-invoices/{recurringInvoiceId}/restore")
def restore_recurring_invoice(api: Any) -> httpx.Response:
    doc, _ = _recurring(api)
    api.post(f"{RECURRING_INVOICES}/{doc['id']}/archive")
    return api.post(f"{RECURRING_INVOICES}/{doc['id']}/restore")
