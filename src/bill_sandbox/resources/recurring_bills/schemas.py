from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from bill_sandbox.resources.bills.schemas import ClassificationIds
from bill_sandbox.schemas import (
    Amount,
    Bool,
    Date,
    NotBlank,
    NotNull,
    Number,
    RequestModel,
    RequiredDate,
    ResponseModel,
    not_empty,
)

Id = Annotated[str | None, Field(max_length=40)]
# NONE (seen in BILL's examples) is a one-time schedule: one bill, at nextDueDate.
Period = Literal["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "NONE"]
Frequency = Annotated[int | None, Field(ge=1, le=999)]
DaysInAdvance = Annotated[int | None, Field(ge=0, le=365)]


class LineIn(RequestModel):
    """``amount`` is ``quantity × price`` when omitted (quantity and price are not kept)."""

    id: Id = None
    amount: Amount = None
    quantity: Number = None
    price: Number = None
    description: str | None = Field(None, max_length=4000)
    classifications: ClassificationIds | None = None


class ScheduleIn(RequestModel):
    period: Annotated[Period | None, Field(default=None, validate_default=True), NotNull] = None
    frequency: Frequency = None
    next_due_date: RequiredDate = None
    end_date: Date = None
    days_in_advance: DaysInAdvance = None


class SchedulePatch(RequestModel):
    period: Period | None = None
    frequency: Frequency = None
    next_due_date: Date = None
    end_date: Date = None
    days_in_advance: DaysInAdvance = None


class ProcessingOptions(RequestModel):
    auto_payment: Bool = None


class PaymentInformation(RequestModel):
    bank_account_id: Id = None


class RecurringBillFields(RequestModel):
    description: str | None = Field(None, max_length=4000)
    processing_options: ProcessingOptions | None = None
    payment_information: PaymentInformation | None = None


Lines = Annotated[
    list[LineIn] | None,
    Field(default=None, validate_default=True, max_length=100),
    AfterValidator(not_empty),
]


class RecurringBillCreate(RecurringBillFields):
    """POST and PUT: vendorId, schedule{period, nextDueDate, ...} and at least one line."""

    model_config = RecurringBillFields.model_config | {
        "json_schema_extra": {
            "example": {
                "vendorId": "00902ABCDEFGHIJKabcd",
                "schedule": {
                    "period": "MONTHLY",
                    "frequency": 1,
                    "nextDueDate": "2026-12-31",
                    "endDate": "2027-11-30",
                    "daysInAdvance": 5,
                },
                "recurringBillLineItems": [{"amount": 19.99, "description": "Monthly subscription"}],
            }
        }
    }

    vendor_id: NotBlank = Field(None, max_length=40)
    schedule: Annotated[ScheduleIn | None, Field(default=None, validate_default=True), NotNull] = None
    recurring_bill_line_items: Lines = None


class RecurringBillUpdate(RecurringBillFields):
    """PATCH: every field optional; lines are matched by ``id``."""

    vendor_id: str | None = Field(None, max_length=40)
    schedule: SchedulePatch | None = None
    recurring_bill_line_items: list[LineIn] | None = Field(None, max_length=100)


# ------------------------------------------------------------------------------ responses


class LineOut(ResponseModel):
    amount: float | None = None
    id: str | None = None
    description: str | None = None
    classifications: ClassificationIds | None = None


class ScheduleOut(ResponseModel):
    period: str | None = None
    frequency: int | None = None
    next_due_date: str | None = None
    end_date: str | None = None
    days_in_advance: int | None = None


class RecurringBill(ResponseModel):
    archived: bool | None = None
    id: str | None = None
    recurring_bill_line_items: list[LineOut] = []
    schedule: ScheduleOut | None = None
    vendor_id: str | None = None
    description: str | None = None
    processing_options: ProcessingOptions | None = None
    payment_information: PaymentInformation | None = None
    created_time: str | None = None
    updated_time: str | None = None


class RecurringBillList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[RecurringBill] = []
