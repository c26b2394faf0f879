"""Bill rules (BILL-RULES §5.2, §5.3, §6 #3, #12, #22).

- Create/replace require ``vendorId`` (an active vendor of the org: unknown → 404 ``BDC_1205``,
  archived → 400), ``dueDate``, ``invoice{invoiceNumber, invoiceDate}`` and ≥ 1 line.
  Classification ids on the bill and its lines, and ``payFromChartOfAccountId``, must be
  active objects (``classifications.require``); a line's ``customerId`` an active customer.
- A line's ``amount`` is ``quantity × price`` when omitted; ``amount`` = Σ lines (> 0). PUT
  replaces lines, PATCH merges them by ``id`` (``lines.py``).
- Amounts: ``creditAmount`` = vendor credits applied; ``paidAmount`` = cleared payments +
  credits; ``scheduledAmount`` = payments not yet cleared; ``dueAmount`` = amount − paid −
  scheduled; ``paymentStatus``: UNPAID if nothing paid or scheduled, SCHEDULED if scheduled > 0
  and nothing due, PAID if nothing due or scheduled, else PARTIALLY_PAID. ``fundingAmount`` =
  amount and ``exchangeRate`` = 1 (USD). An edit never lowers ``amount`` below what is paid,
  scheduled or credited, and never moves a bill with money on it to another vendor.
- ``vendorCredits[{id, amount}]`` on POST/PUT (replace: a PUT without a credit gives it back)
  and PATCH (merge; amount 0 removes) — see ``vendor_credits.service``.
- ``approvalStatus`` starts UNASSIGNED; the approvals issue registers policies into
  ``approval_policies`` (called with the bill document on create, replace and update; they may
  set ``approvalStatus`` and ``approvers``). ``can_pay`` refuses ASSIGNED and DENIED bills.
- Archive is refused while a payment is scheduled; archived bills leave the vendor balance
  (Σ ``dueAmount`` of unarchived bills), can't be paid or credited.
- Write responses leave ``vendorName`` out (BILL's examples show it on get and list only).

Payments API (for the payments issue; every function runs inside the caller's transaction):

- ``get_bill_for_update(ctx, bill_id) -> Doc``: the bill, row-locked (404 ``BDC_1205``).
- ``check_payable(bill, amount)``: archived, not approved (``can_pay``) or ``amount`` >
  ``dueAmount`` (``BDC_1159``) → 400 APPLICATION with the id-prefixed copy.
- ``apply_payment(ctx, bill, amount, transition) -> Doc`` moves money and saves the bill (and the
  vendor balance). ``transition`` is one of:
  ``"schedule"`` due → scheduled (a payment is created SCHEDULED; checks ``check_payable``),
  ``"cancel"`` scheduled → due (a SCHEDULED payment is cancelled or fails before clearing),
  ``"clear"`` scheduled → paid (the payment reaches CLEARED),
  ``"pay"`` due → paid at once (offline/instant; checks ``check_payable``),
  ``"void"`` paid → due (a cleared payment is voided or returned).
- ``apply_payment_credits(ctx, bill, payment_id, [{id, amount}], field) -> Doc``: vendor
  credits used by a payment (permanent), added to ``creditAmount``/``paidAmount``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from bill_sandbox import clock, events, ids, lines, money
from bill_sandbox.bulk import run_all
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, RequestError, ValidationFailed, field_error
from bill_sandbox.events import Event
from bill_sandbox.listing import RANGE, ListParams, ListSpec, doc_field, list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.bills.models import BillRow
from bill_sandbox.resources.bills.refs import Refs
from bill_sandbox.resources.bills.schemas import BillCreate, BillUpdate, RecordPayment
from bill_sandbox.resources.payments import storage as payment_storage
from bill_sandbox.resources.vendor_credits import service as vendor_credits
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.schemas import to_document
from bill_sandbox.store import Doc, DocumentStore, merge_patch

table = BillRow.__table__
PAYMENT_STATUSES = ("UNPAID", "PARTIALLY_PAID", "SCHEDULED", "PAID")
LINE_PREFIX = ids.PREFIXES.get("bill_line_item", "bli")
ZERO = Decimal(0)

SPEC = ListSpec.build(
    table,
    list_field("vendorId", table.c.vendor_id, ops="eq,in"),
    list_field("dueDate", table.c.due_date, "date", ops=RANGE),
    list_field("paymentStatus", table.c.payment_status, "enum", ops="eq,ne,in", enum=PAYMENT_STATUSES),
    list_field("payFromChartOfAccountId", table.c.pay_from_coa_id, ops="eq,ne,in"),
    list_field("classifications.chartOfAccountId", table.c.coa_id, ops="eq,ne,in", sortable=False),
    list_field("classifications.accountingClassId", table.c.class_id, ops="eq,ne,in", sortable=False),
    list_field("classifications.departmentId", table.c.department_id, ops="eq,ne,in", sortable=False),
    list_field("classifications.locationId", table.c.location_id, ops="eq,ne,in", sortable=False),
    # BILL-RULES §4's other bill fields, read from the document (no projection column).
    list_field(
        "classifications.itemId", doc_field(table, "classifications.itemId"), ops="eq,ne,in", sortable=False
    ),
    list_field("fundingAmount", doc_field(table, "fundingAmount", "money"), "money"),
    list_field("exchangeRate", doc_field(table, "exchangeRate", "money"), "money"),
    list_field("description", doc_field(table, "description")),
)

KEY_ORDER = (
    "archived",
    "id",
    "vendorId",
    "vendorName",
    "fundingAmount",
    "amount",
    "paidAmount",
    "dueAmount",
    "scheduledAmount",
    "creditAmount",
    "exchangeRate",
    "description",
    "dueDate",
    "invoice",
    "billLineItems",
    "payFromChartOfAccountId",
    "paymentStatus",
    "approvalStatus",
    "createdTime",
    "updatedTime",
    "classifications",
    "purchaseOrderNumber",
    "approvers",
    "recordStatus",
    "createdBy",
)
LINE_ORDER = ("amount", "id", "quantity", "price", "description", "classifications")
LINE_CLASSIFICATION_ORDER = (
    "chartOfAccountId",
    "accountingClassId",
    "departmentId",
    "employeeId",
    "jobId",
    "locationId",
    "itemId",
    "customerId",
)
BILL_CLASSIFICATION_ORDER = ("chartOfAccountId", "accountingClassId", "departmentId", "locationId", "itemId")
INPUT_KEYS = (
    "vendorId",
    "description",
    "dueDate",
    "invoice",
    "payFromChartOfAccountId",
    "classifications",
    "purchaseOrderNumber",
)


def _project(doc: Doc) -> dict[str, Any]:
    cls = doc.get("classifications") or {}
    return {
        "vendor_id": doc["vendorId"],
        "due_date": doc["dueDate"],
        "payment_status": doc["paymentStatus"],
        "approval_status": doc.get("approvalStatus", "UNASSIGNED"),
        "invoice_number": (doc.get("invoice") or {}).get("invoiceNumber", ""),
        "amount_cents": money.to_cents(from_json(doc["amount"])),
        "due_cents": money.to_cents(from_json(doc["dueAmount"])),
        "pay_from_coa_id": doc.get("payFromChartOfAccountId", ""),
        "coa_id": cls.get("chartOfAccountId", ""),
        "class_id": cls.get("accountingClassId", ""),
        "department_id": cls.get("departmentId", ""),
        "location_id": cls.get("locationId", ""),
    }


class BillStore(DocumentStore):
    """Bills carry ``recordStatus`` (BILL's changelog 2026-03): ACTIVE exactly when not
    archived (BILL-RULES §1.7), kept in step by every write."""

    def order(self, doc: Doc) -> Doc:
        doc["recordStatus"] = "INACTIVE" if doc.get("archived") else "ACTIVE"
        return super().order(doc)


store = BillStore(table, ids.PREFIXES.get("bill", "00n"), SPEC, _project, KEY_ORDER, entity="bill")
APPROVAL_RULE = "bill.approval"  # events.apply_rules: approval policies set approvalStatus


def apply_approval_policies(ctx: RequestContext, bill: Doc) -> None:
    """Let the approval policies decide ``approvalStatus`` and ``approvers`` of a bill being
    created or edited, before it is saved (``events.apply_rules``)."""
    events.apply_rules(ctx, APPROVAL_RULE, bill)


def can_pay(bill: Mapping[str, Any]) -> bool:
    return bill.get("approvalStatus", "UNASSIGNED") not in ("ASSIGNED", "DENIED")


# ------------------------------------------------------------------------------- amounts
@dataclass(frozen=True)
class Amounts:
    amount: Decimal
    cleared: Decimal  # payments that cleared (paidAmount without credits)
    scheduled: Decimal
    credit: Decimal

    @property
    def paid(self) -> Decimal:
        return self.cleared + self.credit

    @property
    def due(self) -> Decimal:
        return self.amount - self.paid - self.scheduled

    @property
    def status(self) -> str:
        due = max(self.due, ZERO)
        if self.paid == 0 and self.scheduled == 0:
            return "UNPAID"
        if self.scheduled > 0 and due == 0:
            return "SCHEDULED"
        if due == 0 and self.scheduled == 0:
            return "PAID"
        return "PARTIALLY_PAID"

    @staticmethod
    def of(bill: Mapping[str, Any]) -> Amounts:
        paid, credit = from_json(bill.get("paidAmount")), from_json(bill.get("creditAmount"))
        return Amounts(
            from_json(bill.get("amount")), paid - credit, from_json(bill.get("scheduledAmount")), credit
        )


def _write_amounts(doc: Doc, a: Amounts) -> None:
    doc["fundingAmount"] = money.to_json(a.amount)
    doc["amount"] = money.to_json(a.amount)
    doc["paidAmount"] = money.to_json(a.paid)
    doc["dueAmount"] = money.to_json(max(a.due, ZERO))
    doc["scheduledAmount"] = money.to_json(a.scheduled)
    doc["creditAmount"] = money.to_json(a.credit)
    doc["exchangeRate"] = 1
    doc["paymentStatus"] = a.status


def _contribution(doc: Mapping[str, Any] | None) -> Decimal:
    """What the bill adds to its vendor's balance."""
    if not doc or doc.get("archived"):
        return ZERO
    return from_json(doc.get("dueAmount"))


def _persist(ctx: RequestContext, old: Doc | None, new: Doc) -> Doc:
    """Insert or save ``new`` and keep the vendor balance(s) in step."""
    if old is None:
        new.setdefault("createdBy", ctx.user_id)
    saved = store.insert(ctx, new, new["id"]) if old is None else store.save(ctx, new, previous=old)
    new_vendor, new_c = saved["vendorId"], _contribution(saved)
    if old is not None and old["vendorId"] != new_vendor:
        vendors.adjust_balance(ctx, old["vendorId"], -_contribution(old))
        vendors.adjust_balance(ctx, new_vendor, new_c)
    else:
        vendors.adjust_balance(ctx, new_vendor, new_c - _contribution(old))
    return saved


def out(doc: Doc) -> Doc:
    """A write response: the document without ``vendorName``."""
    return {k: v for k, v in doc.items() if k != "vendorName"}


# ------------------------------------------------------------------------------ building
def _ordered(value: Mapping[str, Any] | None, order: tuple[str, ...]) -> dict[str, Any] | None:
    if not value:
        return None
    result = {k: value[k] for k in order if value.get(k) is not None}
    result.update((k, v) for k, v in value.items() if k not in result and v is not None)
    return result or None


def _compose(
    ctx: RequestContext, refs: Refs, raw: Mapping[str, Any], existing: Doc | None
) -> tuple[Doc, Decimal]:
    """The bill document (without amounts) from its input fields, and its amount."""
    vendor_id = raw["vendorId"]
    moved = existing is None or existing["vendorId"] != vendor_id
    vendor = vendors.require_vendor(ctx, vendor_id, active=moved)
    refs.chart_of_account(raw.get("payFromChartOfAccountId"), "payFromChartOfAccountId")
    refs.classifications(raw.get("classifications"))
    priced, amount = lines.price_lines(raw["billLineItems"], "billLineItems")
    bill_lines: list[Doc] = []
    for line in priced:
        refs.classifications(line.get("classifications"))
        line = {**line, "classifications": _ordered(line.get("classifications"), LINE_CLASSIFICATION_ORDER)}
        bill_lines.append(_ordered(line, LINE_ORDER) or {})
    if amount <= 0:
        raise field_error("amount", "must be greater than 0")
    doc: Doc = dict(existing or {})
    for key in INPUT_KEYS:
        doc[key] = raw.get(key)
    doc["vendorName"] = vendor["name"]
    doc["invoice"] = _ordered(raw.get("invoice"), ("invoiceDate", "invoiceNumber"))
    doc["classifications"] = _ordered(raw.get("classifications"), BILL_CLASSIFICATION_ORDER)
    doc["billLineItems"] = bill_lines
    doc.setdefault("archived", False)
    doc.setdefault("approvalStatus", "UNASSIGNED")
    return doc, amount


def _reconcile_amounts(
    ctx: RequestContext,
    doc: Doc,
    old: Amounts,
    amount: Decimal,
    uses: Sequence[Mapping[str, Any]] | None,
    mode: Literal["replace", "merge"],
    previous_vendor: str | None = None,
) -> None:
    """Apply direct vendor credits and write the amounts of an edited (or new) bill."""
    moved = previous_vendor is not None and previous_vendor != doc["vendorId"]
    if moved and (old.cleared > 0 or old.scheduled > 0 or old.credit > 0):
        raise ApplicationError(
            "BDC_1119",
            "vendorId",
            doc["vendorId"],
            object_id=doc["id"],
            message="A bill with payments or credits can't be moved to another vendor.",
        )
    delta = ZERO
    if uses is not None:
        if doc.get("archived") and any(from_json(u.get("amount")) > 0 for u in uses):
            raise ApplicationError(
                "BDC_1119",
                message="Vendor credits can't be applied to an archived bill.",
                object_id=doc["id"],
            )
        delta = vendor_credits.set_bill_credits(ctx, doc, uses, mode)
    new = Amounts(amount, old.cleared, old.scheduled, old.credit + delta)
    if new.due < 0:
        if delta > 0:
            raise _overpay(doc["id"], old.credit + delta, amount - old.cleared - old.scheduled)
        raise ApplicationError(
            "BDC_1119",
            "amount",
            money.to_json(amount),
            object_id=doc["id"],
            message=(
                "The bill amount can't be less than what is already paid, scheduled or credited "
                f"({money.to_json(new.paid + new.scheduled)})."
            ),
        )
    _write_amounts(doc, new)


def _overpay(bill_id: str, amount: Decimal, due: Decimal) -> ApplicationError:
    return ApplicationError(
        "BDC_1159",
        message=f"Amount {money.to_json(amount)} is more than the bill's due amount "
        f"{money.to_json(max(due, ZERO))}.",
        object_id=bill_id,
    )


# ---------------------------------------------------------------------------- operations
def list_bills(ctx: RequestContext, params: ListParams) -> bytes:
    return store.list(ctx, params)


def _create(ctx: RequestContext, refs: Refs, body: BillCreate) -> Doc:
    raw = to_document(body)
    uses = raw.pop("vendorCredits", None)
    raw.pop("billApprovals", None)
    raw["billLineItems"] = lines.new_lines(raw["billLineItems"], LINE_PREFIX, "billLineItems")
    doc, amount = _compose(ctx, refs, raw, None)
    doc["id"] = store.new_id()
    _reconcile_amounts(ctx, doc, Amounts(amount, ZERO, ZERO, ZERO), amount, uses, "replace")
    apply_approval_policies(ctx, doc)
    return _persist(ctx, None, doc)


def create_bill(ctx: RequestContext, body: BillCreate) -> Doc:
    return out(_create(ctx, Refs(ctx), body))


def create_bills(ctx: RequestContext, bodies: Sequence[BillCreate]) -> list[Doc]:
    refs = Refs(ctx)
    return [out(d) for d in run_all(bodies, lambda _i, body: _create(ctx, refs, body))]


def get_bill(ctx: RequestContext, bill_id: str) -> str:
    return store.get_raw(ctx, bill_id)


def get_bill_for_update(ctx: RequestContext, bill_id: str) -> Doc:
    return store.get(ctx, bill_id, for_update=True)


def replace_bill(ctx: RequestContext, bill_id: str, body: BillCreate) -> Doc:
    existing = get_bill_for_update(ctx, bill_id)
    raw = to_document(body)
    uses = raw.pop("vendorCredits", None) or []
    raw.pop("billApprovals", None)
    raw["billLineItems"] = lines.replace_lines(
        existing["billLineItems"], raw["billLineItems"], LINE_PREFIX, "billLineItems"
    )
    doc, amount = _compose(ctx, Refs(ctx), raw, existing)
    _reconcile_amounts(ctx, doc, Amounts.of(existing), amount, uses, "replace", existing["vendorId"])
    apply_approval_policies(ctx, doc)
    return out(_persist(ctx, existing, doc))


def update_bill(ctx: RequestContext, bill_id: str, body: BillUpdate) -> Doc:
    existing = get_bill_for_update(ctx, bill_id)
    patch = to_document(body, exclude_unset=True)
    uses = patch.pop("vendorCredits", None)
    patch.pop("billApprovals", None)
    problems = [
        f"{k}: must not be null" for k in ("vendorId", "dueDate", "invoice") if k in patch and not patch[k]
    ]
    invoice = patch.get("invoice") or {}
    problems += [
        f"invoice.{k}: must not be null"
        for k in ("invoiceNumber", "invoiceDate")
        if k in invoice and not invoice[k]
    ]
    if "billLineItems" in patch and patch["billLineItems"] is None:
        problems.append("billLineItems: must not be empty")
    if problems:
        raise ValidationFailed(problems)
    incoming = patch.pop("billLineItems", None) or []
    raw = merge_patch({k: existing.get(k) for k in INPUT_KEYS}, patch)
    raw["billLineItems"] = lines.merge_lines(
        existing["billLineItems"], incoming, LINE_PREFIX, "billLineItems"
    )
    doc, amount = _compose(ctx, Refs(ctx), raw, existing)
    _reconcile_amounts(ctx, doc, Amounts.of(existing), amount, uses, "merge", existing["vendorId"])
    apply_approval_policies(ctx, doc)
    return out(_persist(ctx, existing, doc))


def _set_archived(ctx: RequestContext, bill_id: str, archived: bool) -> Doc:
    existing = get_bill_for_update(ctx, bill_id)
    if bool(existing.get("archived")) == archived:
        return out(existing)
    if archived and from_json(existing.get("scheduledAmount")) > 0:
        raise ApplicationError(
            "BDC_1119", message="A bill with a payment in process can't be archived.", object_id=bill_id
        )
    doc = {**existing, "archived": archived}
    return out(_persist(ctx, existing, doc))


def archive_bill(ctx: RequestContext, bill_id: str) -> Doc:
    return _set_archived(ctx, bill_id, True)


def restore_bill(ctx: RequestContext, bill_id: str) -> Doc:
    return _set_archived(ctx, bill_id, False)


# ------------------------------------------------------------------------ the payments API
Transition = Literal["schedule", "cancel", "clear", "pay", "void"]


def check_payable(bill: Mapping[str, Any], amount: Decimal) -> None:
    bill_id = str(bill["id"])
    if bill.get("archived"):
        raise ApplicationError("BDC_1119", message="An archived bill can't be paid.", object_id=bill_id)
    if not can_pay(bill):
        raise ApplicationError(
            "BDC_1119",
            message=f"The bill can't be paid while its approval status is {bill.get('approvalStatus')}.",
            object_id=bill_id,
        )
    due = from_json(bill.get("dueAmount"))
    if amount > due:
        raise _overpay(bill_id, amount, due)


def _move(
    ctx: RequestContext, bill: Doc, cleared: Decimal = ZERO, scheduled: Decimal = ZERO, credit: Decimal = ZERO
) -> Doc:
    a = Amounts.of(bill)
    new = Amounts(a.amount, a.cleared + cleared, a.scheduled + scheduled, a.credit + credit)
    if new.cleared < 0 or new.scheduled < 0 or new.credit < 0:
        raise ApplicationError(
            "BDC_1119", message="The amount is more than the bill has in that state.", object_id=bill["id"]
        )
    if new.due < 0:
        raise _overpay(bill["id"], cleared + scheduled + credit, a.due)
    doc = dict(bill)
    _write_amounts(doc, new)
    return _persist(ctx, bill, doc)


def apply_payment(ctx: RequestContext, bill: Doc, amount: Decimal, transition: Transition) -> Doc:
    """Move ``amount`` of ``bill`` between due, scheduled and paid (see the module docstring)."""
    if amount < 0:
        raise field_error("amount", "must be greater than or equal to 0")
    match transition:
        case "schedule":
            check_payable(bill, amount)
            return _move(ctx, bill, scheduled=amount)
        case "cancel":
            return _move(ctx, bill, scheduled=-amount)
        case "clear":
            return _move(ctx, bill, scheduled=-amount, cleared=amount)
        case "pay":
            check_payable(bill, amount)
            return _move(ctx, bill, cleared=amount)
        case "void":
            return _move(ctx, bill, cleared=-amount)
    raise ValueError(f"unknown transition {transition!r}")


def apply_payment_credits(
    ctx: RequestContext, bill: Doc, payment_id: str, uses: Sequence[Mapping[str, Any]], field: str
) -> Doc:
    total = vendor_credits.apply_payment_credits(ctx, bill, payment_id, uses, field)
    return _move(ctx, bill, credit=total) if total else bill


def record_payment(ctx: RequestContext, body: RecordPayment) -> Doc:
    """POST /v3/bills/record-payment: an offline payment, PAID and CLEARED at once."""
    raw = to_document(body)
    vendor = vendors.require_vendor(ctx, raw["vendorId"], active=False)
    refs = Refs(ctx)
    classifications = raw.get("classifications") or {}
    refs.chart_of_account(classifications.get("chartOfAccountId"), "classifications.chartOfAccountId")
    entries: list[dict[str, Any]] = raw["payments"]
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry["billId"] in seen:
            raise RequestError("BDC_1119", f"payments[{i}].billId", entry["billId"])
        seen.add(entry["billId"])
    payment_id = payment_storage.store.new_id()
    bill_payments: dict[int, Doc] = {}
    total = ZERO
    # Lock every row this payment changes up front, in one order (bills, then vendor credits,
    # each by id; the vendor last), the order every other writer of these rows follows too.
    locked = {bill_id: get_bill_for_update(ctx, bill_id) for bill_id in sorted(seen)}
    credit_ids = {str(u["id"]) for entry in entries for u in entry.get("vendorCredits") or []}
    for credit_id in sorted(credit_ids):
        vendor_credits.store.get(ctx, credit_id, for_update=True)
    for i, entry in sorted(enumerate(entries), key=lambda pair: pair[1]["billId"]):
        where = f"payments[{i}]"
        bill = locked[entry["billId"]]
        if bill["vendorId"] != vendor["id"]:
            raise ApplicationError(
                "BDC_1119",
                f"{where}.billId",
                bill["id"],
                object_id=bill["id"],
                message=f"Bill {bill['id']} belongs to another vendor.",
            )
        cash = from_json(entry["amount"])
        uses = entry.get("vendorCredits") or []
        credit = sum((from_json(u.get("amount")) for u in uses), ZERO)
        if cash < 0:
            raise ValidationFailed([f"{where}.amount: must be greater than or equal to 0"])
        if cash + credit <= 0:
            raise ValidationFailed([f"{where}.amount: must be greater than 0"])
        check_payable(bill, cash + credit)
        bill = apply_payment_credits(ctx, bill, payment_id, uses, f"{where}.vendorCredits")
        if cash:
            apply_payment(ctx, bill, cash, "pay")
        bill_payments[i] = {
            "id": ids.new_id(payment_storage.BILL_PAYMENT_PREFIX),
            "billId": bill["id"],
            "amount": money.to_json(cash),
            "vendorCredits": [
                {"id": u["id"], "amount": money.to_json(from_json(u["amount"]))}
                for u in uses
                if from_json(u["amount"]) > 0
            ]
            or None,
        }
        total += cash
    process_date = raw.get("processDate") or clock.iso_date(ctx.now)
    info = vendor.get("paymentInformation") or {}
    doc: Doc = {
        "id": payment_id,
        "vendorId": vendor["id"],
        "vendorName": vendor.get("name"),
        "billId": entries[0]["billId"] if len(entries) == 1 else None,
        "billPayments": [bill_payments[i] for i in sorted(bill_payments)],
        "description": raw.get("description"),
        "processDate": process_date,
        "amount": money.to_json(total),
        "transactionNumber": payment_storage.transaction_number(),
        "confirmationNumber": payment_storage.confirmation_number(ctx),
        "status": "PAID",
        "exchangeRate": 1,
        "fundingAmount": money.to_json(total),
        "onlinePayment": False,
        "disbursementType": "OFFLINE",
        "remittanceEmail": info.get("email") or vendor.get("email"),
        "createdBy": ctx.user_id,
        "disbursementStatus": "DONE",
        "singleStatus": "CLEARED",
        "toPrintCheck": bool(raw.get("toPrintCheck")),
        "classifications": classifications or None,
        "syncReference": raw.get("syncReference"),
        "allowExport": raw.get("allowExport") if raw.get("allowExport") is not None else True,
    }
    payment = payment_storage.insert(ctx, doc)
    when = clock.parse_timestamp(process_date)
    if when is not None:
        vendors.record_last_payment(ctx, vendor["id"], when)
    # Stored (and read back by GET /v3/payments) with vendorName, like every payment of BILL's
    # list example; the record-payment answer is BILL's record-payment example, without it.
    return {k: v for k, v in payment.items() if k != "vendorName"}


# ----------------------------------------------------------------------- vendor renames
def follow_vendor_rename(ctx: RequestContext, event: Event) -> None:
    """Reaction to ``vendor.updated``: bills keep ``vendorName`` in step."""
    vendors.rename_vendor_in(table, ctx, event)
