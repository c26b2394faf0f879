"""POST /v3/payments/mass: BILL's bulk payment fields, up to 2000 bills (BILL-RULES §5.6)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from bill_sandbox.resources.payments.schemas import BulkItem, PaymentFields, ProcessingOptionsIn
from bill_sandbox.schemas import ResponseModel, not_empty

MAX_BILLS = 2000


class MassPaymentCreate(PaymentFields):
    processing_options: ProcessingOptionsIn | None = None
    payments: Annotated[
        list[BulkItem] | None,
        Field(default=None, validate_default=True, max_length=MAX_BILLS),
        AfterValidator(not_empty),
    ] = None


class MassCount(ResponseModel):
    scheduled: int | None = None
    completed: int | None = None
    failed: int | None = None
    total: int | None = None


class MassItem(ResponseModel):
    bill_id: str | None = None
    amount: float | None = None
    payment_id: str | None = None
    errors: list[dict[str, object]] = []


class MassPayments(ResponseModel):
    scheduled: list[MassItem] = []
    completed: list[MassItem] = []
    failed: list[MassItem] = []


class MassPayment(ResponseModel):
    payment_batch_id: str | None = None
    batch_status: str | None = None
    count: MassCount | None = None
    payments: MassPayments | None = None
    created_time: str | None = None
    updated_time: str | None = None
