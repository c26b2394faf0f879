from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from bill_sandbox.resources.bills.schemas import ClassificationIds, Id
from bill_sandbox.resources.invoices.schemas import InvoiceClassifications
from bill_sandbox.resources.recurring_bills.schemas import ScheduleIn, SchedulePatch
from bill_sandbox.schemas import (
    Amount,
    Bool,
    NotBlank,
    NotNull,
    Number,
    RequestModel,
    ResponseModel,
    not_empty,
)


class RecurringInvoiceLineIn(RequestModel):
    id: Id = None
    amount: Amount = None
    quantity: Number = None
    price: Number = None
    description: str | None = Field(None, max_length=4000)
    taxable: Bool = None
    classifications: ClassificationIds | None = None


class RecurringInvoiceFields(RequestModel):
    description: str | None = Field(None, max_length=4000)
    classifications: InvoiceClassifications | None = None
    send_email: Bool = None


class RecurringInvoiceCreate(RecurringInvoiceFields):
    """POST and PUT: customerId, schedule{period, nextDueDate, ...} and at least one line."""

    model_config = RecurringInvoiceFields.model_config | {
        "json_schema_extra": {
            "example": {
                "customerId": "0cu02ABCDEFGHIJKabcd",
                "schedule": {
                    "period": "MONTHLY",
                    "frequency": 1,
                    "nextDueDate": "2026-12-31",
                    "endDate": "2027-11-01",
                    "daysInAdvance": 5,
                },
                "recurringInvoiceLineItems": [
                    {"amount": 19.99, "quantity": 1, "description": "Monthly subscription"}
                ],
            }
        }
    }

    customer_id: NotBlank = Field(None, max_length=40)
    schedule: Annotated[ScheduleIn | None, Field(default=None, validate_default=True), NotNull] = None
    recurring_invoice_line_items: Annotated[
        list[RecurringInvoiceLineIn] | None,
        Field(default=None, validate_default=True, max_length=100),
        AfterValidator(not_empty),
    ] = None


class RecurringInvoiceUpdate(RecurringInvoiceFields):
    customer_id: str | None = Field(None, max_length=40)
    schedule: SchedulePatch | None = None
    recurring_invoice_line_items: list[RecurringInvoiceLineIn] | None = Field(None, max_length=100)


# ------------------------------------------------------------------------------ responses


class ScheduleOut(ResponseModel):
    period: str | None = None
    frequency: int | None = None
    next_due_date: str | None = None
    end_date: str | None = None
    days_in_advance: int | None = None


class RecurringInvoiceLineOut(ResponseModel):
    id: str | None = None
    amount: float | None = None
    description: str | None = None
    price: float | None = None
    quantity: float | None = None
    classifications: ClassificationIds | None = None
    taxable: bool | None = None


class RecurringInvoice(ResponseModel):
    id: str | None = None
    customer_id: str | None = None
    description: str | None = None
    archived: bool | None = None
    schedule: ScheduleOut | None = None
    recurring_invoice_line_items: list[RecurringInvoiceLineOut] = []
    classifications: InvoiceClassifications | None = None
    send_email: bool | None = None
    created_time: str | None = None
    updated_time: str | None = None


class RecurringInvoiceList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[RecurringInvoice] = []
