"""BILL-shaped ids: 3-char type prefix, 2-digit shard, 15 alphanumerics
(an upper-case/digit run, then a lower-case/digit tail), 20 characters in all."""

from __future__ import annotations

import secrets
import string

_UPPER = string.ascii_uppercase + string.digits
_LOWER = string.ascii_lowercase + string.digits

PREFIXES: dict[str, str] = {
    "user": "006",
    "organization": "008",
    "vendor": "009",
    "bill": "00n",
    "customer": "0cu",
    "bank_account": "bac",
    "bank_account_user": "bau",
    "card_account": "cca",
    "card_account_user": "cau",
    "ap_card": "apc",
    "chart_of_accounts": "0ca",
    "accounting_class": "cls",
    "department": "0de",
    "employee": "emp",
    "item": "0ii",
    "job": "job",
    "location": "loc",
    "attachment": "att",
    "document_upload": "0du",
    "document": "00h",
    "vendor_credit": "vcr",
    "payment": "stp",
    "mass_payment": "bbq",
    "bill_payment": "blp",
    "vendor_bank_account": "vba",
    "bill_line_item": "bli",
    "vendor_credit_line_item": "vci",
    "recurring_bill": "btp",
    "recurring_bill_line_item": "rbl",
    "approval_policy": "app",
    "invoice": "00e",
    "invoice_line_item": "00f",
    "received_payment": "0rp",
    "credit_memo": "ccr",
    "credit_memo_line_item": "cml",
    "recurring_invoice": "rit",
    "recurring_invoice_line_item": "ril",
    "customer_bank_account": "cba",
    "invoice_email": "eml",
}


def new_id(prefix: str, shard: str = "02") -> str:
    if len(prefix) != 3:
        raise ValueError(f"id prefix must have 3 characters: {prefix!r}")
    head = "".join(secrets.choice(_UPPER) for _ in range(11))
    tail = "".join(secrets.choice(_LOWER) for _ in range(4))
    return f"{prefix}{shard}{head}{tail}"


def has_prefix(value: str, prefix: str) -> bool:
    return len(value) == 20 and value.startswith(prefix)


def new_token(nbytes: int = 24) -> str:
    return secrets.token_urlsafe(nbytes)
