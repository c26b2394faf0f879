"""Builders shared by the accounts-receivable tests and contract scenarios: customers,
invoices, credit memos, customer bank accounts (verified through the sandbox clock), charges."""

from __future__ import annotations

from typing import Any

from support.ap import US_ADDRESS, post_ok

CLASSIFICATIONS = "/v3/classifications"
INVOICES = "/v3/invoices"
CREDIT_MEMOS = "/v3/credit-memos"
RECEIVABLE_PAYMENTS = "/v3/receivable-payments"
BANK = {
    "nameOnAccount": "Happy Paws Pet Supply",
    "routingNumber": "074000010",
    "accountNumber": "987654321",
    "type": "CHECKING",
    "ownerType": "BUSINESS",
}


def make_customer(api: Any, name: str = "Happy Paws", **extra: Any) -> dict[str, Any]:
    body = {"name": name, "email": "billing@happypaws.example.com", "billingAddress": US_ADDRESS, **extra}
    out: dict[str, Any] = post_ok(api, "/v3/customers", body)
    return out


def get(api: Any, path: str) -> dict[str, Any]:
    r = api.get(path)
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def balance(api: Any, customer_id: str) -> float:
    amount: float = get(api, f"/v3/customers/{customer_id}")["balance"]["amount"]
    return amount


def lines(*amounts: float) -> list[dict[str, Any]]:
    return [{"description": f"Item {i}", "quantity": 1, "price": a} for i, a in enumerate(amounts)]


def make_invoice(api: Any, customer_id: str, *amounts: float, **extra: Any) -> dict[str, Any]:
    body = {"customer": {"id": customer_id}, "invoiceLineItems": lines(*(amounts or (100,))), **extra}
    out: dict[str, Any] = post_ok(api, INVOICES, body)
    return out


def make_credit_memo(api: Any, customer_id: str, amount: float, day: str = "2026-01-01", **extra: Any) -> Any:
    body = {
        "customerId": customer_id,
        "referenceNumber": f"CM-{day}",
        "creditDate": day,
        "creditMemoLineItems": [{"description": "Credit", "quantity": 1, "price": amount}],
        **extra,
    }
    return post_ok(api, CREDIT_MEMOS, body)


def record(api: Any, customer_id: str, amount: float, *pairs: tuple[str, float], **extra: Any) -> Any:
    body = {
        "customerId": customer_id,
        "amount": amount,
        "paymentDate": "2026-01-15",
        "paymentType": "CHECK",
        "invoices": [{"id": i, "amount": a} for i, a in pairs],
        **extra,
    }
    return post_ok(api, f"{INVOICES}/record-payment", body, 200)


def sales_tax_item(api: Any, percentage: float = 8.5) -> str:
    body = {"type": "SALES_TAX", "name": f"CA tax {percentage}", "percentage": percentage}
    item_id: str = post_ok(api, f"{CLASSIFICATIONS}/items", body)["id"]
    return item_id


def bank_account(api: Any, customer_id: str, **changes: Any) -> dict[str, Any]:
    out: dict[str, Any] = post_ok(api, f"/v3/customers/{customer_id}/bank-accounts", {**BANK, **changes})
    return out


def relogin(api: Any) -> None:
    """Sessions expire when the sandbox clock jumps: log in again."""
    api.login()


def verified_bank_account(api: Any, customer_id: str) -> dict[str, Any]:
    """A customer bank account, verified by moving the sandbox clock 6 days (≥ 2 business days)."""
    account = bank_account(api, customer_id)
    api.advance(days=6)
    relogin(api)
    doc = get(api, f"/v3/customers/{customer_id}/bank-accounts/{account['id']}")
    assert doc["status"] == "VERIFIED", doc
    return doc


def authorize(api: Any, customer_id: str, value: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = post_ok(
        api, f"/v3/customers/{customer_id}/charge-authorization", {"authorizedToCharge": value}, 200
    )
    return out


def charge(api: Any, customer_id: str, account_id: str, *pairs: tuple[str, float], **extra: Any) -> Any:
    body = {
        "customerId": customer_id,
        "fundingAccount": {"id": account_id, "type": "BANK_ACCOUNT"},
        "invoicePayments": [{"invoiceId": i, "amount": a} for i, a in pairs],
        **extra,
    }
    return api.post(RECEIVABLE_PAYMENTS, json=body)
