from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from bill_sandbox.resources.bills.schemas import ClassificationIds, Id
from bill_sandbox.resources.invoices.schemas import InvoiceClassifications
from bill_sandbox.schemas import (
    Amount,
    Bool,
    Date,
    NotBlank,
    Number,
    RequestModel,
    RequiredDate,
    ResponseModel,
    not_empty,
)


class CreditMemoLineIn(RequestModel):
    id: Id = None
    description: str | None = Field(None, max_length=4000)
    quantity: Number = None
    price: Number = None
    amount: Amount = None
    # A percentage of the lines above this one (-10: a 10% discount).
    rate_percent: Number = None
    taxable: Bool = None
    classifications: ClassificationIds | None = None


class CreditMemoFields(RequestModel):
    description: str | None = Field(None, max_length=4000)
    sales_tax_item_id: Id = None
    pay_to_chart_of_account_id: Id = None
    pay_to_bank_account_id: Id = None
    classifications: InvoiceClassifications | None = None


class CreditMemoCreate(CreditMemoFields):
    """POST and PUT: customerId, referenceNumber, creditDate and at least one line."""

    customer_id: NotBlank = Field(None, max_length=40)
    reference_number: NotBlank = Field(None, max_length=100)
    credit_date: RequiredDate = None
    credit_memo_line_items: Annotated[
        list[CreditMemoLineIn] | None, Field(default=None, validate_default=True), AfterValidator(not_empty)
    ] = None


class CreditMemoUpdate(CreditMemoFields):
    customer_id: str | None = Field(None, max_length=40)
    reference_number: str | None = Field(None, max_length=100)
    credit_date: Date = None
    credit_memo_line_items: list[CreditMemoLineIn] | None = None


class CreditMemoReplaceItem(CreditMemoCreate):
    id: NotBlank = Field(None, max_length=40)


class CreditMemoUpdateItem(CreditMemoUpdate):
    id: NotBlank = Field(None, max_length=40)


# ------------------------------------------------------------------------------ responses


class CreditMemoLineOut(ResponseModel):
    id: str | None = None
    description: str | None = None
    price: float | None = None
    quantity: float | None = None
    amount: float | None = None
    rate_percent: float | None = None
    taxable: bool | None = None
    classifications: ClassificationIds | None = None


class UsageOut(ResponseModel):
    invoice_id: str | None = None
    amount: float | None = None


class CreditMemo(ResponseModel):
    id: str | None = None
    customer_id: str | None = None
    reference_number: str | None = None
    credit_date: str | None = None
    description: str | None = None
    archived: bool | None = None
    sales_tax_item_id: str | None = None
    pay_to_chart_of_account_id: str | None = None
    pay_to_bank_account_id: str | None = None
    amount: float | None = None
    applied_amount: float | None = None
    sales_tax_total: float | None = None
    sales_tax_percentage: float | None = None
    status: str | None = None
    created_time: str | None = None
    updated_time: str | None = None
    credit_memo_line_items: list[CreditMemoLineOut] = []
    classifications: InvoiceClassifications | None = None
    usage: list[UsageOut] = []


class CreditMemoList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[CreditMemo] = []


class CreditMemoBulk(ResponseModel):
    credit_memos: list[CreditMemo] = []
