"""Vendor credit rules (BILL-RULES §5.3).

- Required: ``vendorId`` (an active vendor), ``referenceNumber``, ``creditDate`` and at least one
  line; ``amount`` = Σ line amounts (> 0). At most one of ``applyToChartOfAccountId`` and
  ``applyToBankAccountId``.
- A credit is used on bills: directly through a bill's ``vendorCredits[{id, amount}]`` (POST,
  PUT, PATCH of the bill; a PUT without it gives it back) or through a payment
  (``record-payment``'s ``payments[].vendorCredits``; permanent). Each use is a row of
  ``vendor_credit_applications``; ``usage[{billId, paymentId, amount}]``, ``appliedAmount`` and
  ``status`` (NOT_APPLIED → PARTIALLY_APPLIED → FULLY_APPLIED) are derived from those rows. A
  credit is never applied beyond its amount, only to bills of its own vendor, and an archived
  credit can't be applied further.
- PUT/PATCH can't lower ``amount`` below ``appliedAmount`` or move an applied credit to another
  vendor. Archive is one-way (no restore). Bulk create/replace/update/archive take ≤ 50 items
  and are all-or-nothing.
- Write responses leave ``usage`` out (BILL's examples show it on get and list only).

For the bills service: ``set_bill_credits`` and ``apply_payment_credits``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import delete, select

from bill_sandbox import ids, lines, money
from bill_sandbox.bulk import parse_ids, run_all
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, RequestError, ValidationFailed, field_error
from bill_sandbox.listing import ListParams, ListSpec, list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.bills.refs import Refs
from bill_sandbox.resources.vendor_credits.models import VendorCreditApplicationRow, VendorCreditRow
from bill_sandbox.resources.vendor_credits.schemas import (
    VendorCreditCreate,
    VendorCreditReplaceItem,
    VendorCreditUpdate,
    VendorCreditUpdateItem,
)
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.schemas import to_document
from bill_sandbox.store import Doc, DocumentStore, merge_patch

MAX_BULK = 50  # ids per bulk archive, vendor credits per bulk create/replace/update (BILL: 50)

table = VendorCreditRow.__table__
apps = VendorCreditApplicationRow.__table__
STATUSES = ("NOT_APPLIED", "PARTIALLY_APPLIED", "FULLY_APPLIED", "IN_PROCESS")
LINE_PREFIX = ids.PREFIXES.get("vendor_credit_line_item", "vci")
APPLICATION_PREFIX = "vca"

SPEC = ListSpec.build(
    table,
    list_field("vendorId", table.c.vendor_id, ops="eq,ne,in,nin"),
    list_field("creditDate", table.c.credit_date, "date"),
    list_field("status", table.c.status, "enum", ops="eq,ne,in,nin", enum=STATUSES),
    list_field("referenceNumber", table.c.reference_number, ops="eq,ne,sw,in"),
    list_field("amount", table.c.amount_cents, "money"),
    list_field("appliedAmount", table.c.applied_cents, "money"),
)

KEY_ORDER = (
    "id",
    "vendorId",
    "referenceNumber",
    "creditDate",
    "description",
    "archived",
    "applyToChartOfAccountId",
    "applyToBankAccountId",
    "amount",
    "appliedAmount",
    "status",
    "createdTime",
    "updatedTime",
    "vendorCreditLineItems",
    "usage",
)
LINE_ORDER = ("id", "description", "amount", "classifications")
CLASSIFICATION_ORDER = (
    "chartOfAccountId",
    "accountingClassId",
    "departmentId",
    "jobId",
    "locationId",
    "itemId",
    "employeeId",
    "customerId",
)


def _project(doc: Doc) -> dict[str, Any]:
    return {
        "vendor_id": doc["vendorId"],
        "credit_date": doc["creditDate"],
        "status": doc["status"],
        "reference_number": doc.get("referenceNumber", ""),
        "amount_cents": money.to_cents(from_json(doc["amount"])),
        "applied_cents": money.to_cents(from_json(doc.get("appliedAmount"))),
    }


store = DocumentStore(table, ids.PREFIXES.get("vendor_credit", "vcr"), SPEC, _project, KEY_ORDER)


def _ordered(value: Mapping[str, Any] | None, order: tuple[str, ...]) -> dict[str, Any] | None:
    if not value:
        return None
    out = {k: value[k] for k in order if value.get(k) is not None}
    out.update((k, v) for k, v in value.items() if k not in out and v is not None)
    return out or None


def status_of(amount: Decimal, applied: Decimal) -> str:
    if applied <= 0:
        return "NOT_APPLIED"
    return "FULLY_APPLIED" if applied >= amount else "PARTIALLY_APPLIED"


def out(doc: Doc) -> Doc:
    """A write response: the document without ``usage``."""
    return {k: v for k, v in doc.items() if k != "usage"}


# ------------------------------------------------------------------------------ building
def _build(ctx: RequestContext, refs: Refs, doc: Doc, existing: Doc | None) -> Doc:
    """Validate references, price the lines and fill the derived fields of ``doc``."""
    vendor_id = doc["vendorId"]
    if existing is None or existing["vendorId"] != vendor_id:
        vendors.require_vendor(ctx, vendor_id)
    if doc.get("applyToChartOfAccountId") and doc.get("applyToBankAccountId"):
        raise field_error(
            "applyToBankAccountId", "set at most one of applyToChartOfAccountId and applyToBankAccountId"
        )
    refs.chart_of_account(doc.get("applyToChartOfAccountId"), "applyToChartOfAccountId")
    refs.bank_account(doc.get("applyToBankAccountId"), "applyToBankAccountId")
    priced, amount = lines.price_lines(doc["vendorCreditLineItems"], "vendorCreditLineItems")
    clean: list[Doc] = []
    for line in priced:
        refs.classifications(line.get("classifications"))
        line = {k: v for k, v in line.items() if k not in ("quantity", "price")}
        line["classifications"] = _ordered(line.get("classifications"), CLASSIFICATION_ORDER)
        clean.append(_ordered(line, LINE_ORDER) or {})
    if amount <= 0:
        raise field_error("amount", "must be greater than 0")
    applied = from_json(existing.get("appliedAmount")) if existing else Decimal(0)
    if existing is not None:
        if amount < applied:
            raise ApplicationError(
                "BDC_1119",
                "amount",
                money.to_json(amount),
                object_id=existing["id"],
                message=(
                    f"Vendor credit amount can't be less than its applied amount {money.to_json(applied)}."
                ),
            )
        if applied > 0 and vendor_id != existing["vendorId"]:
            raise ApplicationError("BDC_1119", "vendorId", vendor_id, object_id=existing["id"])
    doc["vendorCreditLineItems"] = clean
    doc["amount"] = money.to_json(amount)
    doc["appliedAmount"] = money.to_json(applied)
    doc["status"] = status_of(amount, applied)
    if existing is not None and existing.get("usage"):
        doc["usage"] = existing["usage"]
    return doc


def _create(ctx: RequestContext, refs: Refs, body: VendorCreditCreate) -> Doc:
    doc = to_document(body)
    doc["vendorCreditLineItems"] = lines.new_lines(
        doc["vendorCreditLineItems"], LINE_PREFIX, "vendorCreditLineItems"
    )
    return store.insert(ctx, _build(ctx, refs, doc, None))


def _replace(ctx: RequestContext, refs: Refs, credit_id: str, body: VendorCreditCreate) -> Doc:
    existing = store.get(ctx, credit_id, for_update=True)
    doc = to_document(body)
    doc.pop("id", None)
    doc["vendorCreditLineItems"] = lines.replace_lines(
        existing["vendorCreditLineItems"], doc["vendorCreditLineItems"], LINE_PREFIX, "vendorCreditLineItems"
    )
    for key in ("id", "archived", "createdTime", "updatedTime"):
        doc[key] = existing.get(key)
    return store.save(ctx, _build(ctx, refs, doc, existing))


def _update(ctx: RequestContext, refs: Refs, credit_id: str, body: VendorCreditUpdate) -> Doc:
    existing = store.get(ctx, credit_id, for_update=True)
    patch = to_document(body, exclude_unset=True)
    patch.pop("id", None)
    for required in ("vendorId", "referenceNumber", "creditDate"):
        if required in patch and not patch[required]:
            raise field_error(required, "must not be blank")
    if "vendorCreditLineItems" in patch:
        incoming = patch.pop("vendorCreditLineItems") or []
        merged_lines = lines.merge_lines(
            existing["vendorCreditLineItems"], incoming, LINE_PREFIX, "vendorCreditLineItems"
        )
    else:
        merged_lines = existing["vendorCreditLineItems"]
    doc = merge_patch(existing, patch)
    doc["vendorCreditLineItems"] = merged_lines
    return store.save(ctx, _build(ctx, refs, doc, existing))


# ---------------------------------------------------------------------------- operations
def list_vendor_credits(ctx: RequestContext, params: ListParams) -> bytes:
    return store.list(ctx, params)


def create_vendor_credit(ctx: RequestContext, body: VendorCreditCreate) -> Doc:
    return out(_create(ctx, Refs(ctx), body))


def create_vendor_credits(ctx: RequestContext, bodies: Sequence[VendorCreditCreate]) -> Doc:
    refs = Refs(ctx)
    return {"vendorCredits": [out(d) for d in run_all(bodies, lambda _i, b: _create(ctx, refs, b))]}


def get_vendor_credit(ctx: RequestContext, credit_id: str) -> str:
    return store.get_raw(ctx, credit_id)


def replace_vendor_credit(ctx: RequestContext, credit_id: str, body: VendorCreditCreate) -> Doc:
    return out(_replace(ctx, Refs(ctx), credit_id, body))


def update_vendor_credit(ctx: RequestContext, credit_id: str, body: VendorCreditUpdate) -> Doc:
    return out(_update(ctx, Refs(ctx), credit_id, body))


def _unique_ids(items: Sequence[Any]) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise RequestError("BDC_1119", f"[{i}].id", item.id)
        seen.add(item.id)


def replace_vendor_credits(ctx: RequestContext, bodies: Sequence[VendorCreditReplaceItem]) -> Doc:
    _unique_ids(bodies)
    refs = Refs(ctx)
    done = run_all(bodies, lambda _i, b: _replace(ctx, refs, str(b.id), b))
    return {"vendorCredits": [out(d) for d in done]}


def update_vendor_credits(ctx: RequestContext, bodies: Sequence[VendorCreditUpdateItem]) -> Doc:
    _unique_ids(bodies)
    refs = Refs(ctx)
    done = run_all(bodies, lambda _i, b: _update(ctx, refs, str(b.id), b))
    return {"vendorCredits": [out(d) for d in done]}


def archive_vendor_credit(ctx: RequestContext, credit_id: str) -> Doc:
    return out(store.set_archived(ctx, credit_id, True))


def archive_vendor_credits(ctx: RequestContext, ids: str) -> Doc:
    """``ids`` is the comma-separated query parameter (parsed here, after authentication: a
    request without a session answers 401 whatever its ids)."""
    done = run_all(parse_ids(ids, MAX_BULK), lambda _i, cid: store.set_archived(ctx, cid, True))
    return {"vendorCredits": [out(d) for d in done]}


# ----------------------------------------------------------------------- applying credits
def _refresh(ctx: RequestContext, credit: Doc) -> Doc:
    """Rebuild ``usage``, ``appliedAmount`` and ``status`` from the application rows."""
    rows = ctx.tx.conn.execute(
        select(apps.c.bill_id, apps.c.payment_id, apps.c.amount_cents)
        .where(apps.c.org_id == ctx.org_id, apps.c.vendor_credit_id == credit["id"])
        .order_by(apps.c.created_time, apps.c.id)
    ).all()
    usage: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row.bill_id, row.payment_id)
        usage[key] = usage.get(key, 0) + row.amount_cents
    applied = money.from_cents(sum(usage.values()))
    credit["usage"] = [
        {"billId": bill_id, "paymentId": payment_id or None, "amount": money.to_json(money.from_cents(cents))}
        for (bill_id, payment_id), cents in usage.items()
        if cents
    ] or None
    credit["appliedAmount"] = money.to_json(applied)
    credit["status"] = status_of(from_json(credit["amount"]), applied)
    return store.save(ctx, credit)


def _use(ctx: RequestContext, credit_id: str, bill: Doc, grow: Decimal, field: str) -> Doc:
    """Lock the credit and check that it may be applied ``grow`` more to ``bill``."""
    credit = store.get(ctx, credit_id, for_update=True)
    if grow <= 0:
        return credit
    if credit["vendorId"] != bill["vendorId"]:
        raise ApplicationError(
            "BDC_1119",
            f"{field}.id",
            credit_id,
            object_id=bill["id"],
            message=f"Vendor credit {credit_id} belongs to another vendor.",
        )
    if credit.get("archived"):
        raise ApplicationError(
            "BDC_1119",
            f"{field}.id",
            credit_id,
            object_id=bill["id"],
            message=f"Vendor credit {credit_id} is archived.",
        )
    available = from_json(credit["amount"]) - from_json(credit.get("appliedAmount"))
    if grow > available:
        raise ApplicationError(
            "BDC_1119",
            f"{field}.amount",
            money.to_json(grow),
            object_id=credit_id,
            message=f"Vendor credit {credit_id} has only {money.to_json(available)} left to apply.",
        )
    return credit


def _insert_application(
    ctx: RequestContext, credit_id: str, bill_id: str, payment_id: str, amount: Decimal
) -> None:
    ctx.tx.conn.execute(
        apps.insert().values(
            id=ids.new_id(APPLICATION_PREFIX),
            org_id=ctx.org_id,
            vendor_credit_id=credit_id,
            bill_id=bill_id,
            payment_id=payment_id,
            amount_cents=money.to_cents(amount),
            created_time=ctx.now_iso,
        )
    )


def _wanted(uses: Sequence[Mapping[str, Any]], field: str) -> dict[str, Decimal]:
    out_: dict[str, Decimal] = {}
    for i, use in enumerate(uses):
        amount = from_json(use.get("amount"))
        if amount < 0:
            raise ValidationFailed([f"{field}[{i}].amount: must be greater than or equal to 0"])
        if use["id"] in out_:
            raise RequestError("BDC_1119", f"{field}[{i}].id", use["id"])
        out_[use["id"]] = amount
    return out_


def set_bill_credits(
    ctx: RequestContext,
    bill: Doc,
    uses: Sequence[Mapping[str, Any]],
    mode: Literal["replace", "merge"],
    field: str = "vendorCredits",
) -> Decimal:
    """Set the credits applied directly to ``bill`` (not through a payment) from
    ``[{id, amount}]``: ``replace`` (POST, PUT: credits left out are given back) or ``merge``
    (PATCH: listed credits are set, amount 0 removes one). Returns the change of the bill's
    ``creditAmount``; the caller checks that the bill is not over-credited."""
    rows = ctx.tx.conn.execute(
        select(apps.c.vendor_credit_id, apps.c.amount_cents).where(
            apps.c.org_id == ctx.org_id, apps.c.bill_id == bill["id"], apps.c.payment_id == ""
        )
    ).all()
    current: dict[str, Decimal] = {}
    for row in rows:
        current[row.vendor_credit_id] = current.get(row.vendor_credit_id, Decimal(0)) + money.from_cents(
            row.amount_cents
        )
    target = dict(current) if mode == "merge" else {}
    target.update(_wanted(uses, field))
    changed = sorted(
        cid
        for cid in set(current) | set(target)
        if current.get(cid, Decimal(0)) != target.get(cid, Decimal(0))
    )
    delta = Decimal(0)
    for cid in changed:
        old, new = current.get(cid, Decimal(0)), target.get(cid, Decimal(0))
        credit = _use(ctx, cid, bill, new - old, field)
        ctx.tx.conn.execute(
            delete(apps).where(
                apps.c.org_id == ctx.org_id,
                apps.c.bill_id == bill["id"],
                apps.c.vendor_credit_id == cid,
                apps.c.payment_id == "",
            )
        )
        if new > 0:
            _insert_application(ctx, cid, bill["id"], "", new)
        _refresh(ctx, credit)
        delta += new - old
    return delta


def apply_payment_credits(
    ctx: RequestContext, bill: Doc, payment_id: str, uses: Sequence[Mapping[str, Any]], field: str
) -> Decimal:
    """Apply vendor credits to ``bill`` as part of payment ``payment_id`` (permanent). Returns
    the total applied."""
    total = Decimal(0)
    for cid, amount in sorted(_wanted(uses, field).items()):
        if amount <= 0:
            continue
        credit = _use(ctx, cid, bill, amount, field)
        _insert_application(ctx, cid, bill["id"], payment_id, amount)
        _refresh(ctx, credit)
        total += amount
    return total
