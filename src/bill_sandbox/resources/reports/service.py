"""The vendor audit trail (BILL-RULES §5.16b), built from what the sandbox recorded: the outbox rows
(``events``) of the vendor — ``vendor.created`` / ``.updated`` / ``.archived`` /
``.restored``, each holding the vendor as it was after the change.

- ``vendor.created`` -> one ``CREATE`` record with ``"field": {}``.
- Every later event -> one ``EDIT`` record per field that changed since the previous event,
  named by its web-app label (``"Pay by"``, ``"Vendor Name"``...), values as strings
  (``payByType`` shown as the web app says it: ``Check``, ``ePayment``...).
- Archive and restore are ``EDIT`` records of ``"Status"`` (Active/Inactive); BILL calls them
  archived records: they are listed only with ``includeArchived=true``.
- Newest first; ``start`` (index of the first record, default 0) and ``max`` (1-100, default
  20) cut the list. ``source`` is ``API``. The outbox does not keep who made a change: ``user``
  is the organization's first administrator (documented limitation).
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from sqlalchemy import select

from bill_sandbox.accounts.models import UserRow
from bill_sandbox.context import RequestContext, system_context
from bill_sandbox.errors import RequestError
from bill_sandbox.events import EventRow
from bill_sandbox.query import bool_param
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.store import Doc

et = EventRow.__table__
users = UserRow.__table__
TYPES = ("vendor.created", "vendor.updated", "vendor.archived", "vendor.restored")
IGNORED = {
    "id",
    "createdTime",
    "updatedTime",
    "balance",
    "paymentInformation.lastPaymentDate",
    "paymentInformation.payBySubType",
    "recurringPayments",
    "address.countryName",
}
LABELS: dict[str, str] = {
    "name": "Vendor Name",
    "shortName": "Short Name",
    "email": "Email",
    "phone": "Phone",
    "accountType": "Account Type",
    "billCurrency": "Currency",
    "description": "Description",
    "accountNumber": "Account Number",
    "archived": "Status",
    "networkStatus": "Network Status",
    "bankAccountStatus": "Bank Account Status",
    "address.line1": "Address 1",
    "address.line2": "Address 2",
    "address.city": "City",
    "address.stateOrProvince": "State",
    "address.zipOrPostalCode": "Zip",
    "address.country": "Country",
    "paymentInformation.payByType": "Pay by",
    "paymentInformation.payeeName": "Name on Check",
    "paymentInformation.email": "Payment Email",
    "additionalInfo.taxId": "Tax ID",
    "additionalInfo.taxIdType": "Tax ID Type",
    "additionalInfo.track1099": "Track 1099",
    "additionalInfo.leadTimeInDays": "Lead Time (days)",
    "additionalInfo.combinePayments": "Combine Payments",
    "additionalInfo.paymentTermId": "Payment Terms",
    "additionalInfo.companyName": "Company Name",
    "autoPay.enabled": "Auto Pay",
}
PAY_BY: dict[str, str] = {
    "CHECK": "Check",
    "ACH": "ePayment",
    "WALLET": "BILL Network",
    "RPPS": "RPPS",
    "VIRTUAL_CARD": "Virtual Card",
    "OFFLINE": "Offline",
    "INTERNATIONAL_E_PAYMENT": "International ePayment",
}


def _flatten(doc: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(doc, dict):
        for key, value in doc.items():
            path = f"{prefix}.{key}" if prefix else key
            if path in IGNORED:
                continue
            out.update(_flatten(value, path))
    elif prefix:
        out[prefix] = doc
    return out


def _label(path: str) -> str:
    if path in LABELS:
        return LABELS[path]
    words = re.sub(r"([A-Z])", r" \1", path.split(".")[-1]).strip()
    return words[:1].upper() + words[1:].lower()


def _text(path: str, value: Any) -> str:
    if value is None:
        return ""
    if path == "archived":
        return "Inactive" if value else "Active"
    if path == "paymentInformation.payByType":
        return PAY_BY.get(str(value), str(value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | dict):
        return orjson.dumps(value).decode()
    return str(value)


def _int(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise RequestError("BDC_1129", name, raw) from None
    if not low <= value <= high:
        raise RequestError("BDC_1129", name, raw)
    return value


def _admin(ctx: RequestContext) -> Doc:
    admin = system_context(ctx.tx, ctx.org_id, ctx.settings).user_id
    value = ctx.tx.conn.execute(select(users.c.doc).where(users.c.id == admin)).scalar()
    doc: Doc = orjson.loads(value) if value else {}
    name = " ".join(str(doc[k]) for k in ("firstName", "lastName") if doc.get(k)) or str(doc.get("email", ""))
    return {"id": admin, "name": name}


def vendor_audit_trail(
    ctx: RequestContext, vendor_id: str, include_archived: str | None, start: str | None, max_: str | None
) -> list[Doc]:
    vendors.store.get(ctx, vendor_id)  # 404 for an unknown vendor or another organization's
    show_archived = bool_param("includeArchived", include_archived)
    first = _int("start", start, 0, 0, 1_000_000)
    limit = _int("max", max_, 20, 1, 100)
    rows = ctx.tx.conn.execute(
        select(et.c.type, et.c.created_time, et.c.payload)
        .where(et.c.org_id == ctx.org_id, et.c.entity_id == vendor_id, et.c.type.in_(TYPES))
        .order_by(et.c.seq)
    ).all()
    user = _admin(ctx)
    records: list[Doc] = []
    before: dict[str, Any] | None = None
    for row in rows:
        now = _flatten(orjson.loads(row.payload))
        if row.type == "vendor.created" or before is None:
            records.append(
                {
                    "source": "API",
                    "type": "CREATE",
                    "createdTime": row.created_time,
                    "user": user,
                    "field": {},
                }
            )
        else:
            for path in [*now, *(k for k in before if k not in now)]:
                old, new = before.get(path), now.get(path)
                if old == new or (path == "archived" and not show_archived):
                    continue
                value = {"previous": _text(path, old), "current": _text(path, new)}
                records.append(
                    {
                        "source": "API",
                        "type": "EDIT",
                        "createdTime": row.created_time,
                        "user": user,
                        "field": {"name": _label(path), "value": value},
                    }
                )
        before = now
    records.reverse()
    return records[first : first + limit]
