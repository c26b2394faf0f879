"""Recurring bill rules (BILL-RULES §5.4, §7.2, §1.7, §6 #18).

- Create/replace require ``vendorId`` (an active vendor; unknown → 404 ``BDC_1205``),
  ``schedule{period, nextDueDate}`` and ≥ 1 ``recurringBillLineItems``. ``frequency`` (every N
  periods) defaults to 1 and ``daysInAdvance`` to 0; ``endDate`` is optional. ``period`` NONE
  is a one-time schedule. A line's ``amount`` is ``quantity × price`` when omitted (BILL's
  answers show neither, so they are not kept); line classification ids must be active. PUT
  replaces lines, PATCH merges them by ``id`` (``lines.py``); line ids are ``rbl…``.
- ``processingOptions.autoPayment`` is always shown (false by default). Turning it on needs an
  MFA-trusted session (403 ``BDC_1361``) and ``paymentInformation.bankAccountId``, an active
  organization bank account (400 ``BDC_1119`` otherwise).
- Generation: when the sandbox date reaches ``nextDueDate − daysInAdvance`` a bill is created
  through the bills service (so approval policies apply) with ``dueDate`` = the occurrence,
  ``invoice{invoiceNumber: dueDate (yyyy-MM-dd), invoiceDate: dueDate − daysInAdvance}``, the
  recurring bill's ``description`` and lines; ``nextDueDate`` then moves ``frequency`` periods
  on (months keep the anchor's day: Jan 31 → Feb 28 → Mar 31). Every overdue occurrence is
  created (at most ``series.MAX_CATCH_UP`` per pass; the next clock move continues); nothing after
  ``endDate``. It runs on create/replace/update (a schedule already due generates at once) and
  by the scheduler as soon as the organization's sandbox date reaches it (``apply_due``).
- Edits affect future bills only; a change of ``period``, ``frequency`` or ``nextDueDate``
  re-anchors the schedule. Archive pauses generation: restoring skips the occurrences whose
  generation day passed while archived. A recurring bill whose vendor (or a line's
  classification) is archived generates nothing until that is fixed, then catches up.
- Autopay of the generated bills waits for the payments API (not done here).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from bill_sandbox import clock, ids, lines
from bill_sandbox.accounts.models import UserRow
from bill_sandbox.auth import require_trusted
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import BillError, ValidationFailed, field_error
from bill_sandbox.listing import ListParams, ListSpec, doc_field, list_field
from bill_sandbox.resources.bills import service as bills
from bill_sandbox.resources.bills.refs import Refs
from bill_sandbox.resources.bills.schemas import BillCreate
from bill_sandbox.resources.recurring_bills.models import RecurringBillRow
from bill_sandbox.resources.recurring_bills.schemas import RecurringBillCreate, RecurringBillUpdate
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.schemas import to_document
from bill_sandbox.series import Series
from bill_sandbox.store import Doc, DocumentStore, merge_patch

log = logging.getLogger("bill_sandbox")

table = RecurringBillRow.__table__
users = UserRow.__table__
PREFIX = ids.PREFIXES.get("recurring_bill", "btp")
LINE_PREFIX = ids.PREFIXES.get("recurring_bill_line_item", "rbl")
LINES = "recurringBillLineItems"

SPEC = ListSpec.build(
    table,
    list_field("vendorId", table.c.vendor_id, ops="eq,in"),
    list_field("description", doc_field(table, "description")),
)

KEY_ORDER = (
    "archived",
    "id",
    LINES,
    "schedule",
    "vendorId",
    "description",
    "processingOptions",
    "paymentInformation",
    "createdTime",
    "updatedTime",
)
LINE_ORDER = ("amount", "id", "description", "classifications")
LINE_CLASSIFICATION_ORDER = (
    "chartOfAccountId",
    "accountingClassId",
    "departmentId",
    "employeeId",
    "jobId",
    "locationId",
    "itemId",
)
SCHEDULE_ORDER = ("period", "frequency", "nextDueDate", "endDate", "daysInAdvance")
INPUT_KEYS = ("vendorId", "schedule", "description", "processingOptions", "paymentInformation")


def _project(doc: Doc) -> dict[str, Any]:
    return {"vendor_id": doc["vendorId"]}


store = DocumentStore(table, PREFIX, SPEC, _project, KEY_ORDER)


def _ordered(value: Mapping[str, Any] | None, order: tuple[str, ...]) -> dict[str, Any] | None:
    if not value:
        return None
    out = {k: value[k] for k in order if value.get(k) is not None}
    out.update((k, v) for k, v in value.items() if k not in out and v is not None)
    return out or None


# ------------------------------------------------------------------------------- schedule
def _schedule_doc(raw: Mapping[str, Any]) -> Doc:
    out = {
        "period": raw["period"],
        "frequency": raw.get("frequency") or 1,
        "nextDueDate": raw["nextDueDate"],
        "endDate": raw.get("endDate"),
        "daysInAdvance": raw.get("daysInAdvance") or 0,
    }
    return _ordered(out, SCHEDULE_ORDER) or {}


# ------------------------------------------------------------------------------ building
def _auto_payment(
    ctx: RequestContext, refs: Refs, doc: Doc, raw: Mapping[str, Any], existing: Doc | None
) -> None:
    enabled = bool((raw.get("processingOptions") or {}).get("autoPayment"))
    was_enabled = bool(((existing or {}).get("processingOptions") or {}).get("autoPayment"))
    bank_id = (raw.get("paymentInformation") or {}).get("bankAccountId")
    old_bank = ((existing or {}).get("paymentInformation") or {}).get("bankAccountId")
    if enabled and not was_enabled:
        require_trusted(ctx)
    if enabled and not bank_id:
        raise field_error("paymentInformation.bankAccountId", "must not be blank")
    if bank_id and (bank_id != old_bank or (enabled and not was_enabled)):
        refs.bank_account(bank_id, "paymentInformation.bankAccountId")
    doc["processingOptions"] = {"autoPayment": enabled}
    doc["paymentInformation"] = {"bankAccountId": bank_id} if bank_id else None


def _compose(ctx: RequestContext, refs: Refs, raw: Mapping[str, Any], existing: Doc | None) -> Doc:
    vendor_id = raw["vendorId"]
    moved = existing is None or existing["vendorId"] != vendor_id
    vendors.require_vendor(ctx, vendor_id, active=moved)
    priced, amount = lines.price_lines(raw[LINES], LINES)
    out_lines: list[Doc] = []
    for line in priced:
        refs.classifications(line.get("classifications"))
        kept = {
            "amount": line["amount"],
            "id": line["id"],
            "description": line.get("description"),
            "classifications": _ordered(line.get("classifications"), LINE_CLASSIFICATION_ORDER),
        }
        out_lines.append(_ordered(kept, LINE_ORDER) or {})
    if amount <= 0:
        raise field_error(LINES, "the total amount must be greater than 0")
    doc: Doc = dict(existing or {})
    doc["vendorId"] = vendor_id
    doc["description"] = raw.get("description")
    doc["schedule"] = _schedule_doc(raw["schedule"])
    doc[LINES] = out_lines
    _auto_payment(ctx, refs, doc, raw, existing)
    doc.setdefault("archived", False)
    return doc


# ------------------------------------------------------------------------------ generation
def _bill_body(doc: Doc, due: date) -> dict[str, Any]:
    days = int(doc["schedule"].get("daysInAdvance") or 0)
    body: dict[str, Any] = {
        "vendorId": doc["vendorId"],
        "dueDate": clock.iso_date(due),
        "invoice": {
            "invoiceNumber": clock.iso_date(due),
            "invoiceDate": clock.iso_date(due - timedelta(days=days)),
        },
        "billLineItems": [
            {k: line[k] for k in ("amount", "description", "classifications") if k in line}
            for line in doc[LINES]
        ],
    }
    if doc.get("description"):
        body["description"] = doc["description"]
    return body


def _create_bill(ctx: RequestContext, doc: Doc, due: date) -> bool:
    """Create the occurrence's bill; False when it can't be created now (e.g. the vendor or a
    classification was archived since). The bills service refuses before it writes anything."""
    try:
        bills.create_bill(ctx, BillCreate.model_validate(_bill_body(doc, due)))
    except (BillError, ValidationError) as exc:
        log.info("recurring bill %s: occurrence %s not generated: %s", doc["id"], due, exc)
        return False
    return True


# ---------------------------------------------------------------------------- operations
series = Series(store, _create_bill)
apply_due = series.apply_due  # the scheduler's timer (resources.registry)


def list_recurring_bills(ctx: RequestContext, params: ListParams) -> bytes:
    return store.list(ctx, params)


def create_recurring_bill(ctx: RequestContext, body: RecurringBillCreate) -> Doc:
    raw = to_document(body)
    raw[LINES] = lines.new_lines(raw[LINES], LINE_PREFIX, LINES)
    doc = store.insert(ctx, _compose(ctx, Refs(ctx), raw, None))
    return series.start(ctx, doc)


def get_recurring_bill(ctx: RequestContext, recurring_bill_id: str) -> str:
    return store.get_raw(ctx, recurring_bill_id)


def replace_recurring_bill(ctx: RequestContext, recurring_bill_id: str, body: RecurringBillCreate) -> Doc:
    existing = store.get(ctx, recurring_bill_id, for_update=True)
    raw = to_document(body)
    raw[LINES] = lines.replace_lines(existing[LINES], raw[LINES], LINE_PREFIX, LINES)
    doc = _compose(ctx, Refs(ctx), raw, existing)
    state = series.edited_state(ctx, existing, doc)
    return series.run(ctx, store.save(ctx, doc), state)


def update_recurring_bill(ctx: RequestContext, recurring_bill_id: str, body: RecurringBillUpdate) -> Doc:
    existing = store.get(ctx, recurring_bill_id, for_update=True)
    patch = to_document(body, exclude_unset=True)
    problems = [f"{k}: must not be null" for k in ("vendorId", "schedule") if k in patch and not patch[k]]
    schedule = patch.get("schedule") or {}
    problems += [
        f"schedule.{k}: must not be null"
        for k in ("period", "nextDueDate")
        if k in schedule and not schedule[k]
    ]
    if LINES in patch and not patch[LINES]:
        problems.append(f"{LINES}: must not be empty")
    if problems:
        raise ValidationFailed(problems)
    incoming = patch.pop(LINES, None) or []
    raw = merge_patch({k: existing.get(k) for k in INPUT_KEYS}, patch)
    raw[LINES] = lines.merge_lines(existing[LINES], incoming, LINE_PREFIX, LINES)
    doc = _compose(ctx, Refs(ctx), raw, existing)
    state = series.edited_state(ctx, existing, doc)
    return series.run(ctx, store.save(ctx, doc), state)


def archive_recurring_bill(ctx: RequestContext, recurring_bill_id: str) -> Doc:
    return store.set_archived(ctx, recurring_bill_id, True)


def restore_recurring_bill(ctx: RequestContext, recurring_bill_id: str) -> Doc:
    return series.restore(ctx, recurring_bill_id)
