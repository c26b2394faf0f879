from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

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


class ClassificationIds(RequestModel):
    """Classifications of a line (each id must be an active object); recurring bills use these."""

    chart_of_account_id: Id = None
    accounting_class_id: Id = None
    department_id: Id = None
    employee_id: Id = None
    job_id: Id = None
    location_id: Id = None
    item_id: Id = None


class LineClassifications(ClassificationIds):
    """Classifications of a bill or vendor-credit line: also a customer."""

    customer_id: Id = None


class BillClassifications(RequestModel):
    chart_of_account_id: Id = None
    accounting_class_id: Id = None
    department_id: Id = None
    location_id: Id = None
    item_id: Id = None


class BillLineIn(RequestModel):
    id: Id = None
    amount: Amount = None
    quantity: Number = None
    price: Number = None
    description: str | None = Field(None, max_length=4000)
    classifications: LineClassifications | None = None


class InvoiceIn(RequestModel):
    invoice_number: NotBlank = Field(None, max_length=100)
    invoice_date: RequiredDate = None


class InvoicePatch(RequestModel):
    invoice_number: str | None = Field(None, max_length=100)
    invoice_date: Date = None


class CreditUse(RequestModel):
    """A vendor credit applied to a bill or a payment: ``{id, amount}``."""

    id: NotBlank = Field(None, max_length=40)
    amount: Annotated[Amount, Field(default=None, validate_default=True), NotNull] = None


Lines = Annotated[
    list[BillLineIn] | None, Field(default=None, validate_default=True), AfterValidator(not_empty)
]


class BillFields(RequestModel):
    description: str | None = Field(None, max_length=4000)
    purchase_order_number: str | None = Field(None, max_length=100)
    pay_from_chart_of_account_id: Id = None
    classifications: BillClassifications | None = None
    vendor_credits: list[CreditUse] | None = None
    bill_approvals: Bool = None


class BillCreate(BillFields):
    """POST and PUT: vendorId, dueDate, invoice{invoiceNumber, invoiceDate} and at least one line."""

    vendor_id: NotBlank = Field(None, max_length=40)
    due_date: RequiredDate = None
    invoice: Annotated[InvoiceIn | None, Field(default=None, validate_default=True), NotNull] = None
    bill_line_items: Lines = None


class BillUpdate(BillFields):
    """PATCH: every field optional; lines are matched by ``id``."""

    vendor_id: str | None = Field(None, max_length=40)
    due_date: Date = None
    invoice: InvoicePatch | None = None
    bill_line_items: list[BillLineIn] | None = None


class BillPaymentIn(RequestModel):
    bill_id: NotBlank = Field(None, max_length=40)
    amount: Annotated[Amount, Field(default=None, validate_default=True), NotNull] = None
    vendor_credits: list[CreditUse] | None = None


class RecordPaymentClassifications(RequestModel):
    chart_of_account_id: Id = None


class RecordPayment(RequestModel):
    vendor_id: NotBlank = Field(None, max_length=40)
    process_date: Date = None
    to_print_check: Bool = None
    payments: Annotated[
        list[BillPaymentIn] | None,
        Field(default=None, validate_default=True, max_length=100),
        AfterValidator(not_empty),
    ] = None
    classifications: RecordPaymentClassifications | None = None
    description: str | None = Field(None, max_length=70)
    sync_reference: str | None = Field(None, max_length=100)
    allow_export: Bool = None


# ------------------------------------------------------------------------------ responses


class LineOut(ResponseModel):
    amount: float | None = None
    id: str | None = None
    quantity: float | None = None
    price: float | None = None
    description: str | None = None
    classifications: LineClassifications | None = None


class InvoiceOut(ResponseModel):
    invoice_date: str | None = None
    invoice_number: str | None = None


class ApproverOut(ResponseModel):
    user_id: str | None = None
    status: str | None = None
    approver_order: int | None = None
    status_changed_time: str | None = None


class Bill(ResponseModel):
    archived: bool | None = None
    id: str | None = None
    vendor_id: str | None = None
    vendor_name: str | None = None
    funding_amount: float | None = None
    amount: float | None = None
    paid_amount: float | None = None
    due_amount: float | None = None
    scheduled_amount: float | None = None
    credit_amount: float | None = None
    exchange_rate: float | None = None
    description: str | None = None
    due_date: str | None = None
    invoice: InvoiceOut | None = None
    bill_line_items: list[LineOut] = []
    pay_from_chart_of_account_id: str | None = None
    payment_status: str | None = None
    approval_status: str | None = None
    created_time: str | None = None
    updated_time: str | None = None
    classifications: BillClassifications | None = None
    purchase_order_number: str | None = None
    approvers: list[ApproverOut] = []


class BillList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Bill] = []


class CreditUseOut(ResponseModel):
    id: str | None = None
    amount: float | None = None


class BillPaymentOut(ResponseModel):
    id: str | None = None
    bill_id: str | None = None
    amount: float | None = None
    vendor_credits: list[CreditUseOut] = []


class PaymentOut(ResponseModel):
    """Fields every payment has (recorded offline or made online; see payments.schemas)."""

    id: str | None = None
    vendor_id: str | None = None
    bill_id: str | None = None
    bill_payments: list[BillPaymentOut] = []
    description: str | None = None
    process_date: str | None = None
    amount: float | None = None
    transaction_number: str | None = None
    confirmation_number: str | None = None
    status: str | None = None
    exchange_rate: float | None = None
    funding_amount: float | None = None
    online_payment: bool | None = None
    disbursement_type: str | None = None
    remittance_email: str | None = None
    created_time: str | None = None
    updated_time: str | None = None
    created_by: str | None = None
    disbursement_status: str | None = None
    single_status: str | None = None
    cancel_request_submitted: bool | None = None


class RecordedPayment(PaymentOut):
    """The response of Record AP payment."""

    to_print_check: bool | None = None
    classifications: RecordPaymentClassifications | None = None
    sync_reference: str | None = None
    allow_export: bool | None = None
