"""Outbox documents -> the delivered body.

The outbox keeps each object as the REST API returns it, account numbers unmasked. BILL's
webhooks send a narrower ``*PayloadV1`` shape per object (Connect Events API spec); for vendor,
bill, payment, bank-account and card-account this module keeps exactly the fields that shape
names (nested objects too) and builds the parts whose REST form differs (a payment's
``billIds``, ``funding``, ``disbursement`` and ``vendor``). Other objects pass through. Account
numbers are always masked (``************1111``).

``body`` serializes the delivered JSON once: those exact bytes are stored, signed and sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from bill_sandbox.events import CATALOG, VERSION

Doc = dict[str, Any]
# Field names and nesting of a payload: None = a value kept as it is, a dict = an object.
Shape = dict[str, "Shape | None"]

MASK = "************"

ADDRESS: Shape = dict.fromkeys(("line1", "line2", "city", "stateOrProvince", "zipOrPostalCode", "country"))
VENDOR: Shape = {
    "id": None,
    "name": None,
    "shortName": None,
    "archived": None,
    "paymentNetworkId": None,
    "rppsId": None,
    "networkStatus": None,
    "address": ADDRESS,
    "paymentInformation": {
        "payByType": None,
        "virtualCard": dict.fromkeys(
            ("status", "remitEmail", "enrollDate", "declineDate", "alternatePayByType")
        ),
        "email": None,
        "payeeName": None,
        "lastPaymentDate": None,
    },
    "createdTime": None,
    "updatedTime": None,
    "accountNumber": None,
    "email": None,
    "phone": None,
    "recurringPayments": None,
    "billCurrency": None,
    "autoPay": {"enabled": None},
    "balance": {"amount": None, "lastUpdatedDate": None},
    "additionalInfo": dict.fromkeys(
        (
            "taxId",
            "taxIdType",
            "track1099",
            "leadTimeInDays",
            "combinePayments",
            "companyName",
            "paymentTermId",
        )
    ),
}
BILL: Shape = {
    "id": None,
    "vendorId": None,
    "vendorName": None,
    "invoice": {"invoiceNumber": None, "invoiceDate": None},
    "amount": None,
    "createdBy": None,
    "createdTime": None,
    "updatedTime": None,
    "archived": None,
    "description": None,
    "dueDate": None,
    "payFromChartOfAccountId": None,
    "paymentStatus": None,
    "classifications": dict.fromkeys(("chartOfAccountId", "accountingClassId", "departmentId", "locationId")),
    "purchaseOrderNumber": None,
}
PAYMENT: Shape = {
    "id": None,
    "billIds": None,
    "transactionNumber": None,
    "status": None,
    "createdBy": None,
    "createdTime": None,
    "updatedTime": None,
    "processDate": None,
    "funding": {
        "amount": None,
        "currency": None,
        "fundingAccount": dict.fromkeys(("id", "type", "name", "accountNumber", "last4")),
    },
    "disbursement": {
        "amount": None,
        "currency": None,
        "arrivesByDate": None,
        "disbursementAccount": {"type": None, "accountNumber": None},
    },
    "vendor": {"id": None, "name": None},
    "billingType": None,
}
BANK_ACCOUNT: Shape = {
    "id": None,
    "archived": None,
    "accountNumber": None,
    "nameOnAccount": None,
    "routingNumber": None,
    "bankName": None,
    "status": None,
    "createdBy": None,
    "type": None,
    "ownerType": None,
    "default": {"payables": None, "receivables": None},
    "createdTime": None,
    "updatedTime": None,
}
CARD_ACCOUNT: Shape = {
    "id": None,
    "archived": None,
    "createdTime": None,
    "createdBy": None,
    "updatedTime": None,
    "nameOnAccount": None,
    "brand": None,
    "type": None,
    "status": None,
    "last4": None,
    "expiration": {"year": None, "month": None},
    "default": dict.fromkeys(("payables", "receivables", "funding", "disbursement")),
}


def mask(value: Any) -> Any:
    """``************`` + the last four characters (shorter values are masked whole)."""
    if not isinstance(value, str) or not value or value.startswith(MASK):
        return value
    return MASK + value[-4:] if len(value) > 4 else MASK


def mask_all(value: Any) -> Any:
    """Every ``accountNumber`` anywhere in ``value``, masked."""
    if isinstance(value, dict):
        return {k: mask(v) if k == "accountNumber" else mask_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_all(v) for v in value]
    return value


def project(doc: Doc, shape: Shape) -> Doc:
    """The fields of ``shape`` that ``doc`` has, in the shape's order."""
    out: Doc = {}
    for key, sub in shape.items():
        value = doc.get(key)
        if value is None:
            continue
        if sub is None:
            out[key] = value
        elif isinstance(value, dict):
            nested = project(value, sub)
            if nested:
                out[key] = nested
    return out


def _payment(doc: Doc) -> Doc:
    """A payment's REST document has bill payments, the funding account and the vendor as flat
    fields; the payload groups them."""
    bill_ids = [str(bp["billId"]) for bp in doc.get("billPayments") or [] if bp.get("billId")]
    if not bill_ids and doc.get("billId"):
        bill_ids = [str(doc["billId"])]
    currency = doc.get("currency") or "USD"
    funding_account = dict(doc.get("fundingAccount") or {})
    number = funding_account.get("accountNumber")
    if isinstance(number, str) and number and "last4" not in funding_account:
        funding_account["last4"] = number[-4:]
    info = doc.get("disbursementInfo") or {}
    shaped = {
        **doc,
        "billIds": bill_ids,
        "funding": {
            "amount": doc.get("fundingAmount", doc.get("amount")),
            "currency": currency,
            "fundingAccount": funding_account,
        },
        "disbursement": {
            "amount": doc.get("amount"),
            "currency": currency,
            "arrivesByDate": info.get("arrivesByDate") or doc.get("arrivesByDate"),
            "disbursementAccount": {
                "type": doc.get("disbursementType"),
                "accountNumber": (info.get("disbursementAccount") or {}).get("accountNumber"),
            },
        },
        "vendor": {"id": doc.get("vendorId"), "name": doc.get("vendorName")},
    }
    return project(shaped, PAYMENT)


SHAPERS: dict[str, Callable[[Doc], Doc]] = {
    "vendor": lambda d: project(d, VENDOR),
    "bill": lambda d: project(d, BILL),
    "payment": _payment,
    "bank-account": lambda d: project(d, BANK_ACCOUNT),
    "card-account": lambda d: project(d, CARD_ACCOUNT),
}


def payload(key: str, doc: Doc) -> Doc:
    """The object as BILL delivers it under ``key`` (masked)."""
    shaper = SHAPERS.get(key)
    shaped: Doc = mask_all(shaper(doc) if shaper else doc)
    return shaped


def body(event_type: str, event_id: str, subscription_id: str, org_id: str, doc: Doc) -> bytes:
    """The delivered JSON, serialized once."""
    key = CATALOG[event_type]
    return orjson.dumps(
        {
            "metadata": {
                "eventId": event_id,
                "subscriptionId": subscription_id,
                "organizationId": org_id,
                "eventType": event_type,
                "version": VERSION,
            },
            key: payload(key, doc),
        }
    )


# Test values (``POST /v3/subscriptions/{id}/test`` without an object in the body).
_T = "2024-01-01T00:00:00.000+00:00"
SAMPLES: dict[str, Doc] = {
    "vendor": {
        "id": "00901TESTVENDOR0001",
        "name": "Test Vendor",
        "archived": False,
        "address": {
            "line1": "1 Test Street",
            "city": "San Jose",
            "zipOrPostalCode": "95002",
            "country": "US",
        },
        "paymentInformation": {"payByType": "ACH", "payeeName": "Test Vendor"},
        "accountNumber": "123456781111",
        "email": "vendor@example.com",
        "billCurrency": "USD",
        "autoPay": {"enabled": False},
        "balance": {"amount": 0},
        "createdTime": _T,
        "updatedTime": _T,
    },
    "bill": {
        "id": "00n01TESTBILL000001",
        "vendorId": "00901TESTVENDOR0001",
        "vendorName": "Test Vendor",
        "invoice": {"invoiceNumber": "TEST-1", "invoiceDate": "2024-01-01"},
        "amount": 100.0,
        "archived": False,
        "dueDate": "2024-01-31",
        "paymentStatus": "UNPAID",
        "createdTime": _T,
        "updatedTime": _T,
    },
    "payment": {
        "id": "stp01TESTPAYMENT001",
        "billPayments": [{"billId": "00n01TESTBILL000001", "amount": 100.0}],
        "vendorId": "00901TESTVENDOR0001",
        "vendorName": "Test Vendor",
        "amount": 100.0,
        "status": "SCHEDULED",
        "processDate": "2024-01-02",
        "fundingAccount": {"type": "BANK_ACCOUNT", "id": "bac01TESTBANKACCT01"},
        "disbursementType": "ACH",
        "createdTime": _T,
        "updatedTime": _T,
    },
    "bank-account": {
        "id": "bac01TESTBANKACCT01",
        "archived": False,
        "accountNumber": "123456781111",
        "nameOnAccount": "Test Account",
        "routingNumber": "074000010",
        "status": "VERIFIED",
        "type": "CHECKING",
        "ownerType": "BUSINESS",
        "default": {"payables": True, "receivables": False},
        "createdTime": _T,
        "updatedTime": _T,
    },
    "card-account": {
        "id": "cca01TESTCARDACCT01",
        "archived": False,
        "nameOnAccount": "Test Card",
        "brand": "VISA",
        "type": "CREDIT",
        "status": "VERIFIED",
        "last4": "1111",
        "expiration": {"year": "2030", "month": "12"},
        "default": {"payables": True, "receivables": False, "funding": True, "disbursement": False},
        "createdTime": _T,
        "updatedTime": _T,
    },
    "invoice": {
        "id": "00e01TESTINVOICE001",
        "invoiceNumber": "TEST-1",
        "totalAmount": 100.0,
        "status": "OPEN",
    },
    "risk-verification": {"decision": "APPROVED"},
    "transaction": {"uuid": "test-transaction", "amount": 10.0, "transactionType": "CLEAR", "complete": True},
    "reimbursement": {"uuid": "test-reimbursement", "amount": 10.0, "status": "APPROVED"},
    "threeDsChallenge": {"merchantName": "Test Merchant", "amount": 10.0, "currencyCode": "USD"},
}
