"""Builders shared by the AP tests and contract scenarios: vendors, bills, vendor credits and
the classifications they reference."""

from __future__ import annotations

from typing import Any

from support.trust import trust

CLASSIFICATIONS = "/v3/classifications"


def post_ok(api: Any, path: str, body: Any, status: int = 201) -> Any:
    r = api.post(path, json=body)
    assert r.status_code == status, r.text
    return r.json()


def make_classifications(api: Any) -> dict[str, str]:
    """One active object of every kind a bill line can reference, keyed by the line field."""
    out = {
        "chartOfAccountId": post_ok(
            api,
            f"{CLASSIFICATIONS}/chart-of-accounts",
            {"name": "Music gear", "account": {"type": "EXPENSE"}},
        )["id"],
        "accountingClassId": post_ok(api, f"{CLASSIFICATIONS}/accounting-classes", {"name": "Retail"})["id"],
        "departmentId": post_ok(api, f"{CLASSIFICATIONS}/departments", {"name": "Studio"})["id"],
        "employeeId": post_ok(api, f"{CLASSIFICATIONS}/employees", {"firstName": "Ada", "lastName": "Drum"})[
            "id"
        ],
        "jobId": post_ok(api, f"{CLASSIFICATIONS}/jobs", {"name": "Album"})["id"],
        "locationId": post_ok(api, f"{CLASSIFICATIONS}/locations", {"name": "San Jose"})["id"],
        "itemId": post_ok(api, f"{CLASSIFICATIONS}/items", {"type": "SERVICE", "name": "Mixing"})["id"],
        "customerId": post_ok(api, "/v3/customers", {"name": "Fan Club", "email": "fans@example.com"})["id"],
    }
    return out


def bill_classifications(refs: dict[str, str]) -> dict[str, str]:
    keys = ("chartOfAccountId", "accountingClassId", "departmentId", "locationId", "itemId")
    return {k: refs[k] for k in keys}


def org_bank_account(api: Any) -> str:
    """The organization's seeded, verified bank account (``bac…``)."""
    r = api.get("/v3/funding-accounts/banks")
    assert r.status_code == 200, r.text
    bank_id: str = r.json()["results"][0]["id"]
    return bank_id


US_ADDRESS = {
    "line1": "123 Main Street",
    "line2": "Suite 4",
    "city": "San Jose",
    "stateOrProvince": "CA",
    "zipOrPostalCode": "95002",
    "country": "US",
}
BANK = {
    "nameOnAccount": "Bill Vendorson",
    "accountNumber": "111222333",
    "routingNumber": "074000010",
    "type": "CHECKING",
    "ownerType": "BUSINESS",
    "paymentCurrency": "USD",
}


def full_vendor(api: Any, purpose: str = "text", **changes: Any) -> dict[str, Any]:
    """A vendor body with every writable field (autoPay enabling needs a trusted session)."""
    payment_purpose: dict[str, Any] = (
        {"text": "Music equipment"} if purpose == "text" else {"code": {"name": "Goods", "value": "GDS"}}
    )
    body: dict[str, Any] = {
        "name": "Happy Music Supplies",
        "shortName": "Happy",
        "accountNumber": "HMS-001",
        "accountType": "BUSINESS",
        "email": "info@happymusicsupplies.org",
        "phone": "9876543210",
        "address": dict(US_ADDRESS),
        "paymentInformation": {
            "payeeName": "Happy Music Supplies",
            "email": "remit@happymusicsupplies.org",
            "bankAccount": dict(BANK),
            "paymentPurpose": payment_purpose,
        },
        "additionalInfo": {
            "taxId": "12-3456789",
            "taxIdType": "EIN",
            "track1099": True,
            "leadTimeInDays": 3,
            "combinePayments": False,
            "paymentTermId": "00p02ABCDEFGHIJKabcd",
            "companyName": "Happy Music Supplies LLC",
        },
        "billCurrency": "USD",
        "autoPay": {
            "enabled": True,
            "bankAccountId": org_bank_account(api),
            "maxAmount": 5000,
            "daysBeforeDueDate": 2,
        },
    }
    body.update(changes)
    return body


def make_vendor(api: Any, **body: Any) -> dict[str, Any]:
    body.setdefault("name", "Acme Strings")
    return dict(post_ok(api, "/v3/vendors", body))


def make_full_vendor(api: Any, purpose: str = "text") -> dict[str, Any]:
    trust(api)
    return dict(post_ok(api, "/v3/vendors", full_vendor(api, purpose)))


def bill_body(vendor_id: str, *amounts: float, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "vendorId": vendor_id,
        "dueDate": "2025-12-31",
        "invoice": {"invoiceNumber": "INV-1", "invoiceDate": "2025-12-01"},
        "billLineItems": [{"amount": a, "description": f"line {i}"} for i, a in enumerate(amounts or (100,))],
    }
    body.update(changes)
    return body


def make_bill(api: Any, vendor_id: str, *amounts: float, **changes: Any) -> dict[str, Any]:
    return dict(post_ok(api, "/v3/bills", bill_body(vendor_id, *amounts, **changes)))


def full_bill(vendor_id: str, refs: dict[str, str], **changes: Any) -> dict[str, Any]:
    """A bill body with every writable field."""
    body: dict[str, Any] = {
        "vendorId": vendor_id,
        "dueDate": "2025-12-31",
        "description": "Studio gear",
        "purchaseOrderNumber": "PO-77",
        "payFromChartOfAccountId": refs["chartOfAccountId"],
        "classifications": bill_classifications(refs),
        "invoice": {"invoiceNumber": "202501", "invoiceDate": "2025-12-01"},
        "billLineItems": [
            {"quantity": 2, "price": 79.99, "description": "Drum foot pedal", "classifications": dict(refs)},
            {
                "amount": 149,
                "quantity": 1,
                "price": 149,
                "description": "USB audio interface",
                "classifications": dict(refs),
            },
        ],
    }
    body.update(changes)
    return body


def credit_body(vendor_id: str, *amounts: float, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "vendorId": vendor_id,
        "referenceNumber": "VC-1",
        "creditDate": "2025-12-28",
        "vendorCreditLineItems": [
            {"amount": a, "description": f"credit {i}"} for i, a in enumerate(amounts or (50,))
        ],
    }
    body.update(changes)
    return body


def make_credit(api: Any, vendor_id: str, *amounts: float, **changes: Any) -> dict[str, Any]:
    return dict(post_ok(api, "/v3/vendor-credits", credit_body(vendor_id, *amounts, **changes)))


def record_payment(
    api: Any, vendor_id: str, *payments: dict[str, Any], status: int = 200, **extra: Any
) -> Any:
    body = {"vendorId": vendor_id, "processDate": "2025-12-20", "payments": list(payments), **extra}
    r = api.post("/v3/bills/record-payment", json=body)
    assert r.status_code == status, r.text
    return r.json()
