"""Vendor rules (BILL-RULES §5.1, §6 #25-#27).

- ``name`` is required; ``accountType`` defaults to NONE and ``billCurrency`` to USD.
- Derived fields are recomputed on every write: ``address.countryName``;
  ``paymentInformation.payByType`` (first match: RPPS if RPPS-linked, WALLET if network
  CONNECTED, ACH if it has a bank account, CHECK if address line1/city/zip/country and
  ``payeeName`` are complete, else OFFLINE) and ``payBySubType``; ``bankAccountStatus``
  (NO_ACCOUNT → NO_NET_LINKED_ACCOUNT with a bank account → NET_LINKED_ACCOUNT when CONNECTED);
  ``networkStatus`` (NOT_CONNECTED until the network issue connects it); ``recurringPayments``.
- ``balance{amount, lastUpdatedDate}`` is Σ ``dueAmount`` over the vendor's unarchived bills; the
  bills service keeps it current through ``adjust_balance`` (one locked vendor row per change).
- Enabling ``autoPay`` needs an MFA-trusted session (403 ``BDC_1361``) and a ``bankAccountId``;
  ``autoPay.createdBy`` is the user who enabled it.
- One bank account per vendor (``vba…``), created inline on POST or through
  ``POST …/bank-account`` (no trusted session needed, like inline, BILL-RULES §2.3), never
  changed by PATCH, deleted with DELETE. Its ``status`` is PENDING until 2 business days
  after creation, then VERIFIED (computed on read from the sandbox clock).

For other services: ``require_vendor``, ``adjust_balance``, ``record_last_payment``,
``set_network_status`` and ``bank_account``. Every write records ``vendor.*`` events (the store's
``entity``); bills and payments keep their ``vendorName`` in step by reacting to
``vendor.updated`` (``renamed``).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Table, func, select

from bill_sandbox import business_days, clock, ids, money
from bill_sandbox.auth import require_trusted
from bill_sandbox.bulk import run_all
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, NotFoundError, RequestError, ValidationFailed, field_error
from bill_sandbox.events import Event
from bill_sandbox.listing import EQ, ListParams, ListSpec, doc_field, list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.funding_accounts import stores as funding_stores
from bill_sandbox.resources.vendors.international import international_payments
from bill_sandbox.resources.vendors.models import VendorBankAccountRow, VendorRow
from bill_sandbox.resources.vendors.schemas import BankAccountIn, VendorCreate, VendorUpdate
from bill_sandbox.schemas import address_doc, country_name, is_currency, to_document
from bill_sandbox.store import Doc, DocumentStore, merge_patch

table = VendorRow.__table__
ba = VendorBankAccountRow.__table__
ACCOUNT_TYPES = ("BUSINESS", "PERSON", "NONE")
BANK_PREFIX = ids.PREFIXES.get("vendor_bank_account", "vba")
VERIFY_BUSINESS_DAYS = 2

SPEC = ListSpec.build(
    table,
    list_field("name", table.c.name, ops="eq,ne,sw,in,nin", fold=True),
    list_field("accountType", table.c.account_type, "enum", ops=EQ, enum=ACCOUNT_TYPES),
    list_field("billCurrency", table.c.bill_currency, ops=EQ),
    list_field("address.country", table.c.country, ops="eq,ne", sortable=False),
    # BILL-RULES §4's other vendor fields, read from the document (no projection column).
    list_field("paymentStatus", doc_field(table, "paymentStatus"), ops=EQ),
    list_field("shortName", doc_field(table, "shortName")),
    list_field("email", doc_field(table, "email")),
    list_field("phone", doc_field(table, "phone")),
)

KEY_ORDER = (
    "archived",
    "id",
    "name",
    "shortName",
    "accountNumber",
    "accountType",
    "email",
    "phone",
    "address",
    "paymentInformation",
    "additionalInfo",
    "rppsId",
    "bankAccountStatus",
    "recurringPayments",
    "billCurrency",
    "createdTime",
    "updatedTime",
    "balance",
    "autoPay",
    "networkStatus",
    "paymentNetworkId",
)
PAYMENT_INFO_ORDER = (
    "payeeName",
    "email",
    "lastPaymentDate",
    "payByType",
    "payBySubType",
    "virtualCard",
    "bankAccount",
    "paymentPurpose",
)
BANK_ORDER = ("nameOnAccount", "accountNumber", "routingNumber", "type", "ownerType", "paymentCurrency")
# The stored document is the wire view (plus its id); the vendor, the verification time and the
# bank's country are row-only columns. No times in the document: BILL's object shows none.
bank_store = DocumentStore(
    ba, BANK_PREFIX, ListSpec.build(ba), key_order=BANK_ORDER, archivable=False, times_in_doc=False
)
ADDITIONAL_ORDER = (
    "taxId",
    "taxIdType",
    "track1099",
    "leadTimeInDays",
    "combinePayments",
    "paymentTermId",
    "companyName",
)
AUTO_PAY_ORDER = ("enabled", "bankAccountId", "createdBy", "maxAmount", "daysBeforeDueDate")


def _project(doc: Doc) -> dict[str, Any]:
    return {
        "name": doc["name"],
        "account_type": doc.get("accountType", "NONE"),
        "bill_currency": doc.get("billCurrency", "USD"),
        "country": (doc.get("address") or {}).get("country", ""),
    }


store = DocumentStore(table, ids.PREFIXES.get("vendor", "009"), SPEC, _project, KEY_ORDER, entity="vendor")


def renamed(event: Event) -> tuple[str, str] | None:
    """(old name, new name) when a ``vendor.updated`` event renamed the vendor."""
    if event.previous is None or not event.changed("name"):
        return None
    return str(event.previous["name"]), str(event.obj["name"])


def rename_vendor_in(table: Table, ctx: RequestContext, event: Event) -> None:
    """Documents that carry ``vendorName`` (bills, payments) follow a vendor's rename in one
    statement (times are not touched). Documents are orjson-encoded with a fixed key order, so
    the exact ``"vendorName":<json>`` text is found; the same text inside another string value
    would be escaped and can't match."""
    names = renamed(event)
    if names is None:
        return
    old = b'"vendorName":' + orjson.dumps(names[0])
    new = b'"vendorName":' + orjson.dumps(names[1])
    ctx.tx.conn.execute(
        table.update()
        .where(table.c.org_id == ctx.org_id, table.c.vendor_id == event.obj["id"])
        .values(doc=func.replace(table.c.doc, old.decode(), new.decode()))
    )


def _ordered(value: dict[str, Any] | None, order: tuple[str, ...]) -> dict[str, Any] | None:
    if not value:
        return None
    out = {k: value[k] for k in order if value.get(k) is not None}
    out.update((k, v) for k, v in value.items() if k not in out and v is not None)
    return out


# ------------------------------------------------------------------------------- derived
def pay_by(doc: Doc) -> tuple[str, str]:
    """(payByType, payBySubType) per BILL-RULES §6 #27."""
    info = doc.get("paymentInformation") or {}
    network = doc.get("networkStatus", "NOT_CONNECTED")
    international = doc.get("billCurrency", "USD") != "USD"
    if network == "CONNECTED_RPPS" or doc.get("rppsId"):
        return "RPPS", "NONE"
    if network == "CONNECTED":
        return "WALLET", "NONE"
    if info.get("bankAccount"):
        return ("ACH", "WIRE") if international else ("ACH", "ACH")
    address = doc.get("address") or {}
    if all(address.get(k) for k in ("line1", "city", "zipOrPostalCode", "country")) and info.get("payeeName"):
        return "CHECK", "NONE"
    return "OFFLINE", "NONE"


def _finish(ctx: RequestContext, doc: Doc) -> Doc:
    doc["address"] = address_doc(doc.get("address"))
    doc["accountType"] = doc.get("accountType") or "NONE"
    doc["billCurrency"] = doc.get("billCurrency") or "USD"
    doc["networkStatus"] = doc.get("networkStatus") or "NOT_CONNECTED"
    doc["recurringPayments"] = bool(doc.get("recurringPayments", False))
    info = dict(doc.get("paymentInformation") or {})
    info["bankAccount"] = _ordered(info.get("bankAccount"), BANK_ORDER)
    doc["paymentInformation"] = info
    info["payByType"], info["payBySubType"] = pay_by(doc)
    doc["paymentInformation"] = _ordered(info, PAYMENT_INFO_ORDER)
    if doc["networkStatus"] == "CONNECTED":
        doc["bankAccountStatus"] = "NET_LINKED_ACCOUNT"
    else:
        doc["bankAccountStatus"] = "NO_NET_LINKED_ACCOUNT" if info.get("bankAccount") else "NO_ACCOUNT"
    doc["additionalInfo"] = _ordered(doc.get("additionalInfo"), ADDITIONAL_ORDER)
    doc["autoPay"] = _ordered(doc.get("autoPay") or {"enabled": False}, AUTO_PAY_ORDER)
    doc["balance"] = doc.get("balance") or {"amount": 0, "lastUpdatedDate": ctx.now_iso}
    return doc


def _check_purpose(info: dict[str, Any] | None) -> None:
    purpose = (info or {}).get("paymentPurpose")
    if purpose and purpose.get("text") and purpose.get("code"):
        raise field_error("paymentInformation.paymentPurpose", "set either text or code, not both")


def _auto_pay(ctx: RequestContext, doc: Doc, was_enabled: bool) -> None:
    auto = doc.get("autoPay")
    if not auto:
        return
    if auto.get("enabled"):
        if not was_enabled:
            require_trusted(ctx)
            auto["createdBy"] = ctx.user_id
        bank_id = auto.get("bankAccountId")
        if not bank_id:
            raise field_error("autoPay.bankAccountId", "must not be blank")
        found = funding_stores.bank_store.find(ctx, bank_id)
        if found is None or found.get("archived"):
            raise RequestError("BDC_1119", "autoPay.bankAccountId", bank_id)
    if auto.get("maxAmount") is not None and from_json(auto["maxAmount"]) <= 0:
        raise field_error("autoPay.maxAmount", "must be greater than 0")


# --------------------------------------------------------------------------- bank account
_ABA_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7, 1)


def valid_routing_number(value: str) -> bool:
    """A US ABA routing number: 9 digits with a valid checksum (000000000 is always refused)."""
    if not re.fullmatch(r"[0-9]{9}", value) or value == "000000000":
        return False
    return sum(int(d) * w for d, w in zip(value, _ABA_WEIGHTS, strict=True)) % 10 == 0


def _bank_doc(vendor: Doc, raw: dict[str, Any]) -> tuple[Doc, str]:
    """(wire view, bankCountry) of a new bank account; validates the numbers."""
    currency = raw.get("paymentCurrency") or vendor.get("billCurrency") or "USD"
    routing = raw.get("routingNumber")
    account = str(raw.get("accountNumber") or "")
    problems: list[str] = []
    if currency == "USD":
        if routing is not None and not valid_routing_number(routing):
            problems.append("routingNumber: invalid routing number")
        if not re.fullmatch(r"[0-9]{4,17}", account):
            problems.append("accountNumber: invalid account number")
    elif not re.fullmatch(r"[A-Za-z0-9]{4,34}", account):
        problems.append("accountNumber: invalid account number")
    if problems:
        raise ValidationFailed(problems)
    info = vendor.get("paymentInformation") or {}
    view = {
        "nameOnAccount": raw.get("nameOnAccount") or info.get("payeeName") or vendor.get("name"),
        "accountNumber": account,
        "routingNumber": routing,
        "type": raw.get("type") or "CHECKING",
        "ownerType": raw.get("ownerType")
        or ("PERSONAL" if vendor.get("accountType") == "PERSON" else "BUSINESS"),
        "paymentCurrency": currency,
    }
    return _ordered(view, BANK_ORDER) or {}, str(raw.get("bankCountry") or "")


def _insert_bank_account(ctx: RequestContext, vendor_id: str, view: Doc, bank_country: str) -> None:
    today = ctx.now.date()
    verified = ctx.now + timedelta(
        days=(business_days.add_business_days(today, VERIFY_BUSINESS_DAYS) - today).days
    )
    columns = {"vendor_id": vendor_id, "verified_time": clock.iso(verified), "bank_country": bank_country}
    bank_store.insert(ctx, view, columns=columns)


def _bank_row(ctx: RequestContext, vendor_id: str) -> Any:
    return ctx.tx.conn.execute(
        select(ba.c.id, ba.c.doc, ba.c.created_time, ba.c.verified_time, ba.c.bank_country).where(
            ba.c.org_id == ctx.org_id, ba.c.vendor_id == vendor_id
        )
    ).first()


def _status(ctx: RequestContext, verified_time: str) -> str:
    return "VERIFIED" if ctx.now_iso >= verified_time else "PENDING"


def bank_account(ctx: RequestContext, vendor_id: str) -> Doc | None:
    """The vendor's bank account for other services: the wire view plus ``id``, ``status``,
    ``createdTime``, ``verifiedTime`` (when ``status`` turns VERIFIED) and ``bankCountry``."""
    row = _bank_row(ctx, vendor_id)
    if row is None:
        return None
    view: Doc = orjson.loads(row.doc)
    view.update(
        id=row.id,
        status=_status(ctx, row.verified_time),
        createdTime=row.created_time,
        verifiedTime=row.verified_time,
        bankCountry=row.bank_country or None,
    )
    return view


def _bank_view(ctx: RequestContext, row: Any) -> Doc:
    view: Doc = orjson.loads(row.doc)
    view.pop("id", None)  # BILL's object names no id (the path has the vendor's)
    view["status"] = _status(ctx, row.verified_time)
    return view


# ---------------------------------------------------------------------------- operations
def list_vendors(ctx: RequestContext, params: ListParams) -> bytes:
    return store.list(ctx, params)


def _create(ctx: RequestContext, body: VendorCreate) -> Doc:
    doc = to_document(body)
    info = doc.get("paymentInformation") or {}
    bank_in = info.pop("bankAccount", None)
    _check_purpose(info)
    _auto_pay(ctx, doc, was_enabled=False)
    vendor_id = store.new_id()
    if bank_in:
        doc["billCurrency"] = doc.get("billCurrency") or "USD"
        view, bank_country = _bank_doc(doc, bank_in)
        info["bankAccount"] = view
        _insert_bank_account(ctx, vendor_id, view, bank_country)
    return store.insert(ctx, _finish(ctx, doc), vendor_id)


def create_vendor(ctx: RequestContext, body: VendorCreate) -> Doc:
    return _create(ctx, body)


def create_vendors(ctx: RequestContext, bodies: list[VendorCreate]) -> Doc:
    return {"vendors": run_all(bodies, lambda _i, body: _create(ctx, body))}


def get_vendor(ctx: RequestContext, vendor_id: str) -> str:
    return store.get_raw(ctx, vendor_id)


def update_vendor(ctx: RequestContext, vendor_id: str, body: VendorUpdate) -> Doc:
    doc = store.get(ctx, vendor_id, for_update=True)
    patch = to_document(body, exclude_unset=True)
    if "name" in patch and not patch["name"]:
        raise field_error("name", "must not be blank")
    was_enabled = bool((doc.get("autoPay") or {}).get("enabled"))
    stored_info = doc.get("paymentInformation") or {}
    merged = merge_patch(doc, patch)
    # The bank account and the payment history are not PATCHable: keep them whatever the patch says.
    info = dict(merged.get("paymentInformation") or {})
    for key in ("bankAccount", "lastPaymentDate", "virtualCard"):
        info[key] = stored_info.get(key)
    merged["paymentInformation"] = info
    _check_purpose(merged.get("paymentInformation"))
    _auto_pay(ctx, merged, was_enabled)
    return store.save(ctx, _finish(ctx, merged), previous=doc)


def archive_vendor(ctx: RequestContext, vendor_id: str) -> Doc:
    return store.set_archived(ctx, vendor_id, True)


def restore_vendor(ctx: RequestContext, vendor_id: str) -> Doc:
    return store.set_archived(ctx, vendor_id, False)


def get_bank_account(ctx: RequestContext, vendor_id: str) -> Doc:
    store.get(ctx, vendor_id)
    row = _bank_row(ctx, vendor_id)
    if row is None:
        raise NotFoundError(vendor_id)
    return _bank_view(ctx, row)


def create_bank_account(ctx: RequestContext, vendor_id: str, body: BankAccountIn) -> Doc:
    # No MFA-trusted session needed: vendor bank accounts are not on BILL's list (BILL-RULES §2.3).
    vendor = store.get(ctx, vendor_id, for_update=True)
    if _bank_row(ctx, vendor_id) is not None:
        raise ApplicationError(
            "BDC_1119",
            message="The vendor already has a bank account. Delete it before adding another one.",
            object_id=vendor_id,
        )
    view, bank_country = _bank_doc(vendor, to_document(body))
    _insert_bank_account(ctx, vendor_id, view, bank_country)
    info = dict(vendor.get("paymentInformation") or {})
    info["bankAccount"] = view
    vendor["paymentInformation"] = info
    store.save(ctx, _finish(ctx, vendor))
    row = _bank_row(ctx, vendor_id)
    return _bank_view(ctx, row)


def delete_bank_account(ctx: RequestContext, vendor_id: str) -> None:
    vendor = store.get(ctx, vendor_id, for_update=True)
    row = _bank_row(ctx, vendor_id)
    if row is None or not bank_store.delete(ctx, row.id):
        raise NotFoundError(vendor_id)
    info = dict(vendor.get("paymentInformation") or {})
    info.pop("bankAccount", None)
    vendor["paymentInformation"] = info
    store.save(ctx, _finish(ctx, vendor))


def get_vendor_configuration(ctx: RequestContext, vendor_id: str) -> Doc:
    vendor = store.get(ctx, vendor_id)
    country = (vendor.get("address") or {}).get("country") or "US"
    return {
        "internationalPayments": international_payments(
            country, vendor.get("billCurrency", "USD"), vendor.get("accountType", "NONE")
        )
    }


def get_international_payments_configuration(
    ctx: RequestContext, country: str, bill_currency: str, account_type: str
) -> Doc:
    if country_name(country) is None:
        raise RequestError("BDC_1129", "country", country)
    if not is_currency(bill_currency):
        raise RequestError("BDC_1129", "billCurrency", bill_currency)
    if account_type not in ACCOUNT_TYPES:
        raise RequestError("BDC_1129", "accountType", account_type)
    return international_payments(country, bill_currency, account_type)


# ----------------------------------------------------------------- for the other services
def require_vendor(ctx: RequestContext, vendor_id: str, field: str = "vendorId", active: bool = True) -> Doc:
    """The vendor document; an unknown (or another org's) id is a 404 ``BDC_1205``, an archived
    vendor (when ``active``) a 400 ``BDC_1119`` on ``field``."""
    doc = store.get(ctx, vendor_id)
    if active and doc.get("archived"):
        raise ApplicationError("BDC_1119", field, vendor_id, object_id=vendor_id)
    return doc


def adjust_balance(ctx: RequestContext, vendor_id: str, delta: Decimal) -> None:
    """Add ``delta`` to ``balance.amount`` (Σ dueAmount of unarchived bills)."""
    if not delta:
        return
    doc = store.get(ctx, vendor_id, for_update=True)
    amount = from_json((doc.get("balance") or {}).get("amount")) + delta
    doc["balance"] = {"amount": money.to_json(amount), "lastUpdatedDate": ctx.now_iso}
    store.save(ctx, doc, touch=False, announce=False)


def record_last_payment(ctx: RequestContext, vendor_id: str, when: datetime) -> None:
    doc = store.get(ctx, vendor_id, for_update=True)
    info = dict(doc.get("paymentInformation") or {})
    stamp = clock.iso(when)
    if (info.get("lastPaymentDate") or "") >= stamp:
        return
    info["lastPaymentDate"] = stamp
    doc["paymentInformation"] = _ordered(info, PAYMENT_INFO_ORDER)
    store.save(ctx, doc, touch=False, announce=False)


def set_network_status(
    ctx: RequestContext,
    vendor_id: str,
    status: str,
    rpps_id: str | None = None,
    network_id: str | None = None,
) -> Doc:
    """For the network issue: NOT_CONNECTED, PENDING, CONNECTED or CONNECTED_RPPS (recomputes
    payByType and bankAccountStatus). ``paymentNetworkId`` (the vendor's PNI, BILL's changelog
    2025-12-05) is the network id it is connected through (``network_id``, else the RPPS id)."""
    doc = store.get(ctx, vendor_id, for_update=True)
    doc["networkStatus"] = status
    doc["rppsId"] = rpps_id if status == "CONNECTED_RPPS" else None
    connected = status in ("CONNECTED", "CONNECTED_RPPS")
    doc["paymentNetworkId"] = (network_id or rpps_id) if connected else None
    return store.save(ctx, _finish(ctx, doc))
