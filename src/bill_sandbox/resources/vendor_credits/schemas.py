from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from bill_sandbox.resources.bills.schemas import LineClassifications
from bill_sandbox.schemas import (
    Amount,
    Date,
    NotBlank,
    Number,
    RequestModel,
    RequiredDate,
    ResponseModel,
    not_empty,
)

Id = Annotated[str | None, Field(max_length=40)]


class VendorCreditLineIn(RequestModel):
    """``amount``, or ``quantity`` × ``price`` when ``amount`` is omitted."""

    id: Id = None
    description: str | None = Field(None, max_length=4000)
    amount: Amount = None
    quantity: Number = None
    price: Number = None
    classifications: LineClassifications | None = None


class VendorCreditFields(RequestModel):
    description: str | None = Field(None, max_length=4000)
    apply_to_chart_of_account_id: Id = None
    apply_to_bank_account_id: Id = None


class VendorCreditCreate(VendorCreditFields):
    """POST and PUT: vendorId, referenceNumber, creditDate and at least one line."""

    vendor_id: NotBlank = Field(None, max_length=40)
    reference_number: NotBlank = Field(None, max_length=100)
    credit_date: RequiredDate = None
    vendor_credit_line_items: Annotated[
        list[VendorCreditLineIn] | None,
        Field(default=None, validate_default=True),
        AfterValidator(not_empty),
    ] = None


class VendorCreditUpdate(VendorCreditFields):
    vendor_id: str | None = Field(None, max_length=40)
    reference_number: str | None = Field(None, max_length=100)
    credit_date: Date = None
    vendor_credit_line_items: list[VendorCreditLineIn] | None = None


class VendorCreditReplaceItem(VendorCreditCreate):
    """One element of PUT /v3/vendor-credits/bulk."""

    id: NotBlank = Field(None, max_length=40)


class VendorCreditUpdateItem(VendorCreditUpdate):
    """One element of PATCH /v3/vendor-credits/bulk."""

    id: NotBlank = Field(None, max_length=40)


# ------------------------------------------------------------------------------ responses


class LineOut(ResponseModel):
    id: str | None = None
    description: str | None = None
    amount: float | None = None
    classifications: LineClassifications | None = None


class UsageOut(ResponseModel):
    bill_id: str | None = None
    payment_id: str | None = None
    amount: float | None = None


class VendorCredit(ResponseModel):
    id: str | None = None
    vendor_id: str | None = None
    reference_number: str | None = None
    credit_date: str | None = None
    description: str | None = None
    archived: bool | None = None
    apply_to_chart_of_account_id: str | None = None
    apply_to_bank_account_id: str | None = None
    amount: float | None = None
    applied_amount: float | None = None
    status: str | None = None
    created_time: str | None = None
    updated_time: str | None = None
    vendor_credit_line_items: list[LineOut] = []
    usage: list[UsageOut] = []


class VendorCreditList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[VendorCredit] = []


class VendorCreditBulk(ResponseModel):
    vendor_credits: list[VendorCredit] = []
