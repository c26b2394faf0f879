"""Sending invoices: the recorded email with a real PDF (``/_sandbox/emails``), and the
payment-link page that a person uses to pay an invoice with a test bank account."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

from pypdf import PdfReader

from support.api import Api, assert_error
from support.ar import INVOICES, RECEIVABLE_PAYMENTS, balance, get, make_customer, make_invoice


def send(api: Api, invoice_id: str, **changes: Any) -> Any:
    body = {"recipient": {"to": ["ap@petstore.example.com"]}, "replyTo": {"userId": api.user_id}, **changes}
    return api.post(f"{INVOICES}/{invoice_id}/email", json=body)


def emails(api: Api, **params: str) -> list[dict[str, Any]]:
    r = api.sandbox("GET", "/emails", params={"organizationId": api.org_id, **params})
    assert r.status_code == 200, r.text
    results: list[dict[str, Any]] = r.json()["results"]
    return results


def test_email_is_recorded_with_a_pdf(api: Api) -> None:
    cid = make_customer(api)["id"]
    lines = [{"description": f"Line {i}", "price": 10 + i, "quantity": 1} for i in range(60)]
    inv = make_invoice(api, cid, invoiceNumber="INV-PDF-7", invoiceLineItems=lines)
    att = api.post(f"/v3/attachments/invoices/{inv['id']}", params={"name": "terms.txt"}, content=b"Net 30")
    assert att.status_code == 200, att.text
    r = send(
        api, inv["id"], recipient={"to": ["ap@petstore.example.com"], "cc": ["boss@petstore.example.com"]}
    )
    assert r.status_code == 200 and r.content == b""
    [mail] = emails(api)
    assert mail["invoiceId"] == inv["id"] and mail["to"] == ["ap@petstore.example.com"]
    assert mail["cc"] == ["boss@petstore.example.com"] and "INV-PDF-7" in mail["subject"]
    assert mail["replyTo"] == api.creds["username"] and "INV-PDF-7" in mail["body"]
    assert [a["name"] for a in mail["attachments"]] == ["invoice-INV-PDF-7.pdf", "terms.txt"]
    r = api.sandbox("GET", mail["pdfUrl"].removeprefix("/_sandbox"))
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(r.content))
    assert len(reader.pages) >= 2  # 60 lines do not fit one page
    text = "".join(page.extract_text() for page in reader.pages)
    assert "INV-PDF-7" in text and "Line 59" in text
    assert emails(api, invoiceId="00e02NOPE0000000abcd") == []


def test_email_errors(api: Api, new_api: Callable[[], Api]) -> None:
    inv = make_invoice(api, make_customer(api)["id"])
    assert_error(
        api.post(f"{INVOICES}/{inv['id']}/email", json={}), 400, message="recipient: must not be null"
    )
    assert_error(send(api, inv["id"], replyTo=None), 400, message="replyTo")
    assert_error(send(api, inv["id"], replyTo={"userId": "00602NOPE0000000abcd"}), 400, "BDC_1119")
    assert_error(send(api, inv["id"], recipient={"to": []}), 400, message="recipient.to")
    assert_error(send(api, inv["id"], recipient={"to": ["not an address"]}), 400)
    assert_error(send(new_api(), inv["id"]), 404, "BDC_1205")
    api.post(f"{INVOICES}/{inv['id']}/archive")
    assert_error(send(api, inv["id"]), 400, "BDC_1119")
    assert emails(api) == []
    assert api.sandbox("GET", "/emails/eml02NOPE0000000abcd/pdf").status_code == 404


def link(api: Api, invoice: dict[str, Any], **changes: Any) -> Any:
    body = {"customerId": invoice["customerId"], "email": "ap@petstore.example.com", **changes}
    return api.post(f"{INVOICES}/{invoice['id']}/payment-link", json=body)


def page_path(url: str) -> str:
    return urlsplit(url).path.removeprefix("/_sandbox")


def test_payment_link_page_pays_the_invoice(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 120, invoiceNumber="INV-LINK-1")
    r = link(api, inv, returnUrl="https://merchant.example.com/thanks")
    assert r.status_code == 200, r.text
    url = r.json()["paymentLink"]
    assert "/_sandbox/pay/" in url and url.startswith("http")
    page = api.sandbox("GET", page_path(url))
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "INV-LINK-1" in page.text and "<form" in page.text and "120" in page.text
    form = {
        "nameOnAccount": "Pat Payer",
        "routingNumber": "074000010",
        "accountNumber": "123456789",
        "amount": "70",
    }
    r = api.sandbox("POST", page_path(url), data=form)
    assert r.status_code == 200, r.text
    assert "Payment received" in r.text and "merchant.example.com/thanks" in r.text
    doc = get(api, f"{INVOICES}/{inv['id']}")
    assert (doc["status"], doc["dueAmount"]) == ("PARTIAL_PAYMENT", 50)
    [payment] = api.get(RECEIVABLE_PAYMENTS).json()["results"]
    assert payment["onlinePayment"] is True and payment["status"] == "PAID" and payment["amount"] == 70
    assert payment["invoicePayments"][0]["invoiceId"] == inv["id"]
    assert balance(api, cid) == 50
    r = api.sandbox("POST", page_path(url), data={**form, "amount": "50"})
    assert r.status_code == 200
    assert get(api, f"{INVOICES}/{inv['id']}")["status"] == "PAID_IN_FULL"
    assert "This invoice is paid" in api.sandbox("GET", page_path(url)).text


def test_payment_link_page_refuses_bad_input(api: Api) -> None:
    inv = make_invoice(api, make_customer(api)["id"], 40)
    url = link(api, inv).json()["paymentLink"]
    form = {"nameOnAccount": "Pat", "routingNumber": "000000000", "accountNumber": "123", "amount": "10"}
    r = api.sandbox("POST", page_path(url), data=form)
    assert r.status_code == 400 and "Invalid routing number" in r.text
    r = api.sandbox("POST", page_path(url), data={**form, "routingNumber": "074000010", "amount": "41"})
    assert r.status_code == 400 and "at most 40" in r.text
    assert get(api, f"{INVOICES}/{inv['id']}")["dueAmount"] == 40
    assert api.sandbox("GET", "/pay/not-a-token").status_code == 404


def test_payment_link_errors(api: Api, new_api: Callable[[], Api]) -> None:
    inv = make_invoice(api, make_customer(api)["id"])
    other_customer = make_customer(api, "Other")["id"]
    assert_error(link(api, inv, customerId=other_customer), 400, "BDC_1119")
    assert_error(link(api, inv, customerId=None), 400, message="customerId")
    assert_error(link(new_api(), inv), 404, "BDC_1205")


def test_send_email_on_create(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, processingOptions={"sendEmail": True})
    quiet = make_invoice(api, cid, processingOptions={"sendEmail": False})
    [mail] = emails(api)
    assert mail["invoiceId"] == inv["id"] and mail["to"] == ["billing@happypaws.example.com"]
    assert emails(api, invoiceId=quiet["id"]) == []


def test_card_payment_adds_the_convenience_fee(api: Api) -> None:
    cid = make_customer(api)["id"]
    inv = make_invoice(api, cid, 200, enableCardPayment=True, convenienceFee={"percentage": 3})
    url = link(api, inv).json()["paymentLink"]
    page = api.sandbox("GET", page_path(url)).text
    assert "card-form" in page and "convenience fee of 3%" in page
    card = {
        "method": "card",
        "cardNumber": "4000000000000002",
        "expiry": "12/30",
        "cvc": "123",
        "amount": "100",
    }
    r = api.sandbox("POST", page_path(url), data=card)
    assert r.status_code == 400 and "declined" in r.text
    r = api.sandbox("POST", page_path(url), data={**card, "cardNumber": "4242424242424241"})
    assert r.status_code == 400 and "Invalid card number" in r.text
    r = api.sandbox("POST", page_path(url), data={**card, "cardNumber": "4242 4242 4242 4242"})
    assert r.status_code == 200 and "Convenience fee: 3 USD" in r.text
    [payment] = api.get(RECEIVABLE_PAYMENTS).json()["results"]
    assert (payment["receivablesType"], payment["amount"], payment["convenienceFeeAmount"]) == (
        "CREDIT_CARD",
        100,
        3,
    )
    assert get(api, f"{INVOICES}/{inv['id']}")["dueAmount"] == 100


def test_card_form_only_when_card_payment_is_enabled(api: Api) -> None:
    inv = make_invoice(api, make_customer(api)["id"], 50)
    url = link(api, inv).json()["paymentLink"]
    assert "card-form" not in api.sandbox("GET", page_path(url)).text
    card = {
        "method": "card",
        "cardNumber": "4242424242424242",
        "expiry": "12/30",
        "cvc": "123",
        "amount": "5",
    }
    r = api.sandbox("POST", page_path(url), data=card)
    assert r.status_code == 400 and "be paid by card" in r.text
