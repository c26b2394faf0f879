"""The payments API (BILL-RULES §2.3, §3, §5.6, §6 #12, #13, #20, #21, #29; §7.4).

Create (``POST /v3/payments``) checks, in §5.6's order (each failure is BILL's error array; the
business ones come twice, to_document and prefixed with the object's id):

1. the session is MFA-trusted (403 ``BDC_1361``; the route checks it before the body, too);
2. the funding account (``funding_accounts``): BANK_ACCOUNT and CARD_ACCOUNT need the account
   VERIFIED (``BDC_1151``) and the user allowed to pay and VERIFIED on it (``BDC_1150``);
   CARD_ACCOUNT needs a ``cardFundingPurpose`` (one of the funding-purpose values); AP_CARD
   needs an ACTIVE card; WALLET has no id. WALLET and AP_CARD need a ``processDate``;
3. the bill exists (404) — or ``processingOptions.createBill`` with ``vendorId`` creates it
   (single payments only) — and is not archived; a ``vendorId`` sent must be the bill's;
4. its ``approvalStatus`` is APPROVED or UNASSIGNED; 5. ``amount`` ≤ ``dueAmount`` (``BDC_1159``;
   a bill fully paid or fully scheduled can't be paid again) — ``bills.check_payable``;
6. the vendor can receive a payment: ACH (bank account), CHECK (complete address), RPPS,
   WALLET (network) or a virtual card; OFFLINE vendors can't (400, "unable to receive
   ePayments"). Non-USD vendors need a live ``exchangeRateBatchId`` for their currency;
7. ``processDate``: omitted → the next business day (2 business days out while the vendor's
   bank account is still PENDING); a past date, today or a non-business day → 422 ``BDC_1152``
   "Invalid Process Date : <date>." (twice, the copy prefixed with the bill id); non-USD
   vendors: exactly the next business day; while the vendor's bank account is PENDING (added
   less than 2 business days ago) at least 2 business days out, else 400 ``BDC_1402``.
   Amount 999.03 is always 422 ``BDC_1152`` (§7.4).

Then, in the caller's one transaction: the bill is row-locked (``get_bill_for_update``) before
its due amount is read, the amount is scheduled on it (``apply_payment "schedule"``), the
payment is inserted SCHEDULED, and the vendor's ``lastPaymentDate`` set. Two simultaneous
payments of one bill therefore serialize on the bill row (PostgreSQL) or on the write lock
(SQLite ``BEGIN IMMEDIATE``): the second sees the first's schedule. A failure anywhere rolls
everything back.

Bulk (``POST /v3/payments/bulk``): one funding account, process date and options for up to 50
existing bills (``createBill`` refused), each item checked like a single payment; all or
nothing (400 ``BDC_1246`` then every failing item's errors prefixed ``[i]``). Items of a
vendor with ``additionalInfo.combinePayments`` are combined, up to 35 bills per payment.

Cancel, void, release and the clock: see ``actions`` and ``lifecycle``; payment options and
exchange-rate quotes: ``quotes``; check images: ``check_image``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from bill_sandbox import business_days, clock, money
from bill_sandbox.auth import TOKEN_SESSION_PREFIX, require_trusted
from bill_sandbox.bulk import run_all
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import (
    ApplicationError,
    NotFoundError,
    RequestError,
    UnprocessableError,
    field_error,
)
from bill_sandbox.listing import ListParams
from bill_sandbox.money import from_json
from bill_sandbox.resources.bills import service as bills
from bill_sandbox.resources.bills.schemas import BillCreate
from bill_sandbox.resources.funding_accounts import bank_accounts, funding_checks
from bill_sandbox.resources.funding_accounts import cards as funding_cards
from bill_sandbox.resources.funding_accounts import permissions as funding_permissions
from bill_sandbox.resources.funding_accounts import stores as funding_stores
from bill_sandbox.resources.payments import actions, lifecycle, rails, storage
from bill_sandbox.resources.payments.models import ExchangeRateBatchRow
from bill_sandbox.resources.payments.schemas import PaymentBulk, PaymentCreate, VoidRequest
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.schemas import to_document
from bill_sandbox.store import Doc

rate_batch_table = ExchangeRateBatchRow.__table__
ZERO = Decimal(0)
COMBINE_MAX = 35
BANK_DAYS_NEW_VENDOR_ACCOUNT = 2
UNABLE = (
    "This vendor is unable to receive ePayments. Add a bank account or a complete mailing address "
    "(and payee name) to the vendor."
)
MSG_1402 = "Please select a payment processing date two business days out from today."


# ------------------------------------------------------------------------------- helpers
def production(ctx: RequestContext) -> bool:
    """BILL's production-only rules apply (setting ``rules``, default "production"): 2
    business days before paying a new vendor bank account (BDC_1402), a VERIFIED funding bank
    account, an MFA-trusted session for payments. "sandbox" relaxes them as BILL's sandbox does."""
    return ctx.settings.rules != "sandbox"


def require_payment_trust(ctx: RequestContext) -> None:
    """An MFA-trusted session (production rules); a token session never pays (BILL-RULES §2.1)."""
    if production(ctx) or ctx.session_id.startswith(TOKEN_SESSION_PREFIX):
        require_trusted(ctx)


def _invalid_date(value: str, bill_id: str) -> UnprocessableError:
    return UnprocessableError(
        "BDC_1152", value, message=f"Invalid Process Date : {value}.", object_id=bill_id
    )


def payment_currency(vendor: Doc) -> str:
    bank = (vendor.get("paymentInformation") or {}).get("bankAccount") or {}
    return str(bank.get("paymentCurrency") or vendor.get("billCurrency") or "USD")


def vendor_bank_pending(ctx: RequestContext, vendor: Doc, rail: str | None) -> tuple[bool, str | None]:
    """(the vendor's bank account is still PENDING and the payment uses it, its number)."""
    if rail not in ("ACH", "INTERNATIONAL"):
        return False, None
    bank = vendors.bank_account(ctx, vendor["id"])
    if bank is None:
        return False, None
    pending = bank.get("status") == "PENDING" and production(ctx)
    return pending, str(bank.get("accountNumber") or "")


def earliest_process_date(ctx: RequestContext, pending: bool) -> date:
    today = ctx.now.date()
    if pending:
        return business_days.add_business_days(today, BANK_DAYS_NEW_VENDOR_ACCOUNT)
    return business_days.next_business_day(today)


@dataclass
class Funding:
    type: str
    id: str | None
    fails: bool = False
    card: bool = False
    voids: bool = False


def resolve_funding(
    ctx: RequestContext, raw: dict[str, Any], process_date: str | None, card_purpose: str | None
) -> Funding:
    """Step 2 (BILL-RULES §5.6): the funding account and whether this user may pay from it (and the
    organization: not while a funding failure awaits its wire, ``lifecycle``)."""
    actions.require_funding_settled(ctx)
    kind = str(raw["type"])
    account_id = raw.get("id")
    if kind != "WALLET" and not account_id:
        raise field_error("fundingAccount.id", "must not be blank")
    funding = Funding(kind, account_id if kind != "WALLET" else None)
    if kind == "BANK_ACCOUNT":
        number = _funding_bank_number(ctx, str(account_id))
        funding.fails = number == bank_accounts.FUNDING_FAILS
        funding.voids = number == rails.FUNDING_VOIDS_ACCOUNT
    elif kind == "CARD_ACCOUNT":
        funding_checks.funding_card_account(ctx, str(account_id))
        funding.card = True
        if not card_purpose:
            raise field_error("cardFundingPurpose", "must not be blank")
        if not funding_cards.is_funding_purpose(card_purpose):
            raise RequestError("BDC_1129", "cardFundingPurpose", card_purpose)
    else:
        if not funding_permissions.user_can_pay(ctx):
            raise ApplicationError(
                "BDC_1150", message=funding_checks.MSG_1150, object_id=str(account_id or ctx.user_id)
            )
        if kind == "AP_CARD":
            funding_checks.funding_ap_card(ctx, str(account_id))
        if not process_date:
            raise field_error("processDate", "must not be null")
    return funding


def _funding_bank_number(ctx: RequestContext, account_id: str) -> str:
    """The org bank account a payment debits, checked (§5.6 step 2); its account number. Under
    sandbox rules an account still waiting for its verification (PENDING, NOT_VERIFIED) pays."""
    try:
        bank = funding_checks.funding_bank_account(ctx, account_id)
    except ApplicationError as err:
        if production(ctx) or err.code != "BDC_1151":
            raise
        doc = funding_stores.bank_store.get(ctx, account_id)
        if doc.get("archived") or doc.get("status") not in ("PENDING", "NOT_VERIFIED"):
            raise
        return str(doc.get("accountNumber") or "")
    return str(bank["account"].get("accountNumber") or "")


def _exchange_rate(ctx: RequestContext, vendor: Doc, batch_id: int | None, bill_id: str) -> Decimal:
    currency = payment_currency(vendor)
    if currency == "USD":
        return Decimal(1)
    if batch_id is None:
        raise field_error("exchangeRateBatchId", "must not be null")
    row = ctx.tx.conn.execute(
        select(
            rate_batch_table.c.vendor_id,
            rate_batch_table.c.payment_currency,
            rate_batch_table.c.rate,
            rate_batch_table.c.expires_time,
        ).where(rate_batch_table.c.id == batch_id, rate_batch_table.c.org_id == ctx.org_id)
    ).first()
    if row is None or row.payment_currency != currency or row.expires_time <= ctx.now_iso:
        raise ApplicationError("BDC_1119", "exchangeRateBatchId", batch_id, object_id=bill_id)
    return money.from_json(row.rate)


@dataclass
class Item:
    """One bill of a payment request, checked and scheduled."""

    index: int
    bill_id: str
    amount: Decimal
    vendor: Doc
    rail: str
    process_date: date
    rate: Decimal
    vendor_bank: str | None


def _check_item(
    ctx: RequestContext,
    index: int,
    bill: Doc,
    amount: Decimal,
    vendor_id: str | None,
    process_date: str | None,
    batch_id: int | None,
) -> Item:
    """Steps 3-7 for one bill (already row-locked), then its amount is scheduled on it."""
    bill_id = str(bill["id"])
    if vendor_id and vendor_id != bill["vendorId"]:
        raise ApplicationError("BDC_1119", "vendorId", vendor_id, object_id=bill_id)
    bills.check_payable(bill, amount)
    vendor = vendors.require_vendor(ctx, bill["vendorId"])
    rail = rails.rail_for(vendor)
    if rail is None:
        raise ApplicationError("BDC_1119", message=UNABLE, object_id=bill_id)
    rate = _exchange_rate(ctx, vendor, batch_id, bill_id) if rail == "INTERNATIONAL" else Decimal(1)
    pending, vendor_bank = vendor_bank_pending(ctx, vendor, rail)
    today = ctx.now.date()
    if process_date is None:
        day = earliest_process_date(ctx, pending)
        shown = clock.iso_date(day)
    else:
        shown = process_date
        parsed = clock.parse_date(process_date)
        assert parsed is not None  # the schema checked the format
        day = parsed
    if amount == rails.INVALID_DATE_AMOUNT:
        raise _invalid_date(shown, bill_id)
    if day <= today or not business_days.is_business_day(day):
        raise _invalid_date(shown, bill_id)
    if rail == "INTERNATIONAL" and day != business_days.next_business_day(today):
        raise _invalid_date(shown, bill_id)
    if pending and day < business_days.add_business_days(today, BANK_DAYS_NEW_VENDOR_ACCOUNT):
        raise ApplicationError("BDC_1402", message=MSG_1402, object_id=bill_id)
    bills.apply_payment(ctx, bill, amount, "schedule")
    return Item(index, bill_id, amount, vendor, rail, day, rate, vendor_bank)


def _magic(funding: Funding, amount: Decimal, rail: str, vendor_bank: str | None) -> str | None:
    if funding.fails:
        return rails.FUNDING_FAILS
    if funding.voids:
        return rails.FUNDING_VOIDS
    if amount in rails.MAGIC_AMOUNTS:
        return rails.MAGIC_AMOUNTS[amount]
    if vendor_bank == rails.VENDOR_BANK_REJECTED_ACCOUNT:
        return rails.VENDOR_BANK_REJECTS
    return None


def _start(
    ctx: RequestContext,
    items: Sequence[Item],
    funding: Funding,
    options: dict[str, Any],
    raw: dict[str, Any],
) -> Doc:
    """Build, insert and announce one payment of ``items`` (one vendor, one process date)."""
    first = items[0]
    total = sum((i.amount for i in items), ZERO)
    vendor = first.vendor
    purpose = raw.get("paymentPurpose")
    if purpose is None and first.rail == "INTERNATIONAL":
        purpose = (vendor.get("paymentInformation") or {}).get("paymentPurpose")
    doc, plan = lifecycle.build(
        ctx,
        lifecycle.NewPayment(
            vendor=vendor,
            rail=first.rail,
            bill_payments=[(i.bill_id, i.amount) for i in items],
            process_date=first.process_date,
            funding={"type": funding.type, "id": funding.id},
            options=options,
            created_by=ctx.user_id,
            description=raw.get("description"),
            transaction_number=raw.get("transactionNumber"),
            exchange_rate=first.rate,
            payment_purpose=purpose,
            card_funding_purpose=raw.get("cardFundingPurpose") if funding.card else None,
            magic=_magic(funding, total, first.rail, first.vendor_bank),
        ),
    )
    saved = storage.insert(ctx, doc, rails.next_at(plan), rails.encode_plan(plan))
    vendors.record_last_payment(ctx, vendor["id"], rails.start_of(first.process_date))
    if funding.card and raw.get("cardFundingPurpose"):
        funding_cards.record_funding_purpose(ctx, vendor["id"], str(raw["cardFundingPurpose"]))
    return saved


# ---------------------------------------------------------------------------- operations
def list_payments(ctx: RequestContext, params: ListParams) -> bytes:
    return storage.store.list(ctx, params)


def get_payment(ctx: RequestContext, payment_id: str) -> str:
    return storage.store.get_raw(ctx, payment_id)


def _new_bill(ctx: RequestContext, raw: dict[str, Any], amount: Decimal) -> Doc:
    """``processingOptions.createBill``: a bill for the payment, due on its process date."""
    if raw.get("billId"):
        raise RequestError("BDC_1119", "billId", raw["billId"])
    if not raw.get("vendorId"):
        raise field_error("vendorId", "must not be blank")
    today = clock.iso_date(ctx.now)
    body = BillCreate.model_validate(
        {
            "vendorId": raw["vendorId"],
            "dueDate": raw.get("processDate") or today,
            "description": raw.get("description"),
            "invoice": {
                "invoiceNumber": raw.get("transactionNumber") or f"PAY-{today}",
                "invoiceDate": today,
            },
            "billLineItems": [{"amount": amount, "description": raw.get("description") or "Payment"}],
        }
    )
    created = bills.create_bill(ctx, body)
    return bills.get_bill_for_update(ctx, created["id"])


def create_payment(ctx: RequestContext, body: PaymentCreate) -> Doc:
    require_payment_trust(ctx)
    raw = to_document(body)
    amount = from_json(raw["amount"])
    if amount <= 0:
        raise field_error("amount", "must be greater than 0")
    options = raw.get("processingOptions") or {}
    funding = resolve_funding(
        ctx, raw["fundingAccount"], raw.get("processDate"), raw.get("cardFundingPurpose")
    )
    lifecycle.apply_due(ctx)
    if options.get("createBill"):
        bill = _new_bill(ctx, raw, amount)
    else:
        if not raw.get("billId"):
            raise field_error("billId", "must not be blank")
        bill = bills.get_bill_for_update(ctx, raw["billId"])
    item = _check_item(
        ctx, 0, bill, amount, raw.get("vendorId"), raw.get("processDate"), raw.get("exchangeRateBatchId")
    )
    return _start(ctx, [item], funding, options, raw)


def create_bulk_payment(ctx: RequestContext, body: PaymentBulk) -> Doc:
    require_payment_trust(ctx)
    raw = to_document(body)
    options = raw.get("processingOptions") or {}
    if options.get("createBill"):
        raise RequestError("BDC_1119", "processingOptions.createBill", "true")
    funding = resolve_funding(
        ctx, raw["fundingAccount"], raw.get("processDate"), raw.get("cardFundingPurpose")
    )
    lifecycle.apply_due(ctx)
    entries: list[dict[str, Any]] = raw["payments"]
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry["billId"] in seen:
            raise RequestError("BDC_1119", f"payments[{i}].billId", entry["billId"])
        seen.add(entry["billId"])
    # Lock every bill first, in id order (the order every writer of bills follows).
    locked: dict[str, Doc] = {}
    for bill_id in sorted(seen):
        with contextlib.suppress(NotFoundError):
            locked[bill_id] = bills.get_bill_for_update(ctx, bill_id)

    def check(index: int, entry: dict[str, Any]) -> Item:
        amount = from_json(entry["amount"])
        if amount < 0:
            raise field_error(f"payments[{index}].amount", "must be greater than or equal to 0")
        bill = locked.get(entry["billId"])
        if bill is None:
            raise NotFoundError(entry["billId"])
        return _check_item(
            ctx,
            index,
            bill,
            amount,
            raw.get("vendorId"),
            raw.get("processDate"),
            raw.get("exchangeRateBatchId"),
        )

    items = run_all(entries, check)
    groups: list[list[Item]] = []
    open_groups: dict[tuple[str, str, date], list[Item]] = {}
    for item in items:
        combine = bool((item.vendor.get("additionalInfo") or {}).get("combinePayments"))
        key = (item.vendor["id"], item.rail, item.process_date)
        group = open_groups.get(key) if combine else None
        if group is None or len(group) >= COMBINE_MAX:
            group = []
            groups.append(group)
            if combine:
                open_groups[key] = group
        group.append(item)
    return {"payments": [_start(ctx, group, funding, options, raw) for group in groups]}


def _locked(ctx: RequestContext, payment_id: str) -> tuple[Doc, dict[str, Any] | None]:
    lifecycle.apply_due(ctx)
    return lifecycle.lock_payment(ctx, payment_id)


def cancel_payment(ctx: RequestContext, payment_id: str) -> Doc:
    doc, plan = _locked(ctx, payment_id)
    return actions.cancel(ctx, doc, plan)


def void_payment(ctx: RequestContext, payment_id: str, body: VoidRequest) -> Doc:
    doc, plan = _locked(ctx, payment_id)
    return actions.void(ctx, doc, plan, str(body.type), str(body.reason))
