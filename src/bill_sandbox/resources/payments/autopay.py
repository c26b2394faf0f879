"""Vendor autopay (BILL-RULES §5.1, §7.2): a new bill of a vendor with ``autoPay.enabled`` is paid
without anyone asking.

- Reaction to ``bill.created`` (``queue``): when the bill's vendor has autopay on, a job is
  queued for the scheduler, due at once. The bill is answered as created; the payment follows a
  moment later, as on BILL, where autopay runs in the background.
- Timer (``apply_due``): each due job schedules a payment of the bill's ``dueAmount`` from
  ``autoPay.bankAccountId`` with process date max(next business day, ``dueDate`` −
  ``autoPay.daysBeforeDueDate`` business days (2 when not set)), on behalf of the user who
  turned autopay on. It goes through the payments API's own rules (inside a savepoint): when
  they refuse it, or the amount is above ``autoPay.maxAmount``, nothing is paid and
  ``autopay.failed`` is recorded with the vendor (and announced to webhook subscribers).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Index, Integer, String, bindparam, delete, insert, select

from bill_sandbox import business_days, events, money
from bill_sandbox.context import RequestContext, system_context
from bill_sandbox.db import Base, Mapped, TenantMixin, mapped_column
from bill_sandbox.errors import BillError
from bill_sandbox.events import Event
from bill_sandbox.money import from_json
from bill_sandbox.resources.bills import service as bills
from bill_sandbox.resources.payments import operations
from bill_sandbox.resources.payments.schemas import PaymentCreate
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.store import Doc

DEFAULT_DAYS_BEFORE_DUE = 2


class AutopayJobRow(TenantMixin, Base):
    """A bill waiting for its autopay attempt (the scheduler's ``due_at``)."""

    __tablename__ = "autopay_jobs"
    __table_args__ = (Index("ix_autopay_jobs_org_due_at", "org_id", "due_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bill_id: Mapped[str] = mapped_column(String(40), nullable=False)
    due_at: Mapped[str] = mapped_column(String(29), nullable=False)


table = AutopayJobRow.__table__
_DUE = select(table.c.id, table.c.bill_id).where(
    table.c.org_id == bindparam("org"), table.c.due_at <= bindparam("now")
)


def queue(ctx: RequestContext, event: Event) -> None:
    """Reaction to ``bill.created``: queue an autopay attempt when the vendor has autopay on."""
    vendor = vendors.store.find(ctx, str(event.obj.get("vendorId", "")))
    if vendor and (vendor.get("autoPay") or {}).get("enabled"):
        ctx.tx.conn.execute(
            insert(table).values(org_id=ctx.org_id, bill_id=event.obj["id"], due_at=ctx.now_iso)
        )


def process_date(today: date, due_date: str | None, days_before: int) -> date:
    earliest = business_days.next_business_day(today)
    if not due_date:
        return earliest
    wanted = date.fromisoformat(due_date)
    for _ in range(days_before):
        wanted = business_days.previous_business_day(wanted)
    if not business_days.is_business_day(wanted):
        wanted = business_days.previous_business_day(wanted)
    return max(earliest, wanted)


def apply_due(ctx: RequestContext) -> None:
    """The scheduler's timer: attempt every queued autopay of the organization."""
    jobs = ctx.tx.conn.execute(_DUE, {"org": ctx.org_id, "now": ctx.now_iso}).all()
    for job in jobs:
        ctx.tx.conn.execute(delete(table).where(table.c.id == job.id))
        attempt(ctx, job.bill_id)


def attempt(ctx: RequestContext, bill_id: str) -> Doc | None:
    """Pay one bill by autopay; returns the payment, or None (nothing to pay, or failed)."""
    bill = bills.store.find(ctx, bill_id)
    if bill is None or bill.get("archived"):
        return None
    vendor = vendors.store.find(ctx, str(bill["vendorId"]))
    auto: dict[str, Any] = (vendor or {}).get("autoPay") or {}
    if vendor is None or not auto.get("enabled"):
        return None
    amount = from_json(bill.get("dueAmount"))
    if amount <= 0:
        return None
    limit = auto.get("maxAmount")
    if limit is not None and amount > money.from_json(limit):
        fail(ctx, vendor, bill, f"The bill's due amount {amount} is above the autopay limit {limit}.")
        return None
    days = int(auto.get("daysBeforeDueDate") or DEFAULT_DAYS_BEFORE_DUE)
    body = PaymentCreate.model_validate(
        {
            "billId": bill_id,
            "amount": amount,
            "processDate": process_date(ctx.now.date(), bill.get("dueDate"), days).isoformat(),
            "fundingAccount": {"type": "BANK_ACCOUNT", "id": auto.get("bankAccountId")},
            "processingOptions": {"requestPayFaster": False, "createBill": False},
        }
    )
    payer = system_context(ctx.tx, ctx.org_id, ctx.settings, str(auto.get("createdBy") or "") or None)
    try:
        with ctx.tx.conn.begin_nested():  # the payment's rules refuse it: nothing of it stays
            return operations.create_payment(payer, body)
    except BillError as exc:
        fail(ctx, vendor, bill, exc.message)
        return None


def fail(ctx: RequestContext, vendor: Doc, bill: Doc, reason: str) -> None:
    """Record ``autopay.failed`` (its payload is the vendor, as BILL announces it)."""
    events.record(
        ctx, "autopay.failed", {**vendor, "autoPayFailure": {"billId": bill["id"], "reason": reason}}
    )
