from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic.json_schema import SkipJsonSchema

from bill_sandbox.resources.bills.schemas import ClassificationIds, Id
from bill_sandbox.schemas import (
    Amount,
    Bool,
    Date,
    Email,
    NotBlank,
    NotNull,
    Number,
    RequestModel,
    RequiredDate,
    ResponseModel,
    not_empty,
)


class InvoiceClassifications(RequestModel):
    accounting_class_id: Id = None
    department_id: Id = None
    job_id: Id = None
    location_id: Id = None


class InvoiceLineIn(RequestModel):
    id: Id = None
    description: str | None = Field(None, max_length=4000)
    quantity: Number = None
    price: Number = None
    # BILL's own samples send ``amount`` (with a quantity) instead of ``price``.
    amount: Amount = None
    taxable: Bool = None
    classifications: ClassificationIds | None = None


def _customer_object(value: Any) -> Any:
    if value is not None and not isinstance(value, dict):
        # What BILL's Jackson binder answers for a bare string (BILL-RULES §5.10).
        raise ValueError(
            "Cannot construct instance of `com.bill.connect.ar.InvoiceCustomer` (although at least "
            "one Creator exists): no String-argument constructor/factory method to deserialize from "
            f"String value ({value!r})"
        )
    return value


class InvoiceCustomer(RequestModel):
    """``{id}`` of an existing customer, or ``{name, email}`` to create one."""

    id: Id = None
    name: str | None = Field(None, max_length=255)
    email: Email = Field(None, max_length=255)


CustomerRef = Annotated[InvoiceCustomer | None, BeforeValidator(_customer_object)]


class ConvenienceFee(RequestModel):
    percentage: Number = None


class ProcessingOptions(RequestModel):
    send_email: Bool = None


class InvoiceFields(RequestModel):
    invoice_number: str | None = Field(None, max_length=100)
    invoice_date: Date = None
    due_date: Date = None
    pay_to_chart_of_account_id: Id = None
    classifications: InvoiceClassifications | None = None
    sales_tax_item_id: Id = None
    enable_card_payment: Bool = None
    convenience_fee: ConvenienceFee | None = None
    processing_options: ProcessingOptions | None = None
    # Not BILL's field: a flat customerId gets "customer: The customer field is required".
    customer_id: SkipJsonSchema[str | None] = Field(None, exclude=True)


class InvoiceCreate(InvoiceFields):
    """POST and PUT: ``customer`` and at least one line."""

    model_config = InvoiceFields.model_config | {
        "json_schema_extra": {
            "example": {
                "customer": {"id": "0cu02ABCDEFGHIJKabcd"},
                "invoiceLineItems": [
                    {"quantity": 2, "description": "Classic extreme drum sticks", "price": 14.99},
                    {"quantity": 1, "description": "Metal guitar picks (5-pack)", "price": 50},
                ],
                "dueDate": "2026-12-31",
            }
        }
    }

    customer: CustomerRef = None
    invoice_line_items: Annotated[
        list[InvoiceLineIn] | None, Field(default=None, validate_default=True), AfterValidator(not_empty)
    ] = None


class InvoiceUpdate(InvoiceFields):
    """PATCH: every field optional; lines are matched by ``id``."""

    customer: CustomerRef = None
    invoice_line_items: list[InvoiceLineIn] | None = None


PaymentType = Literal["CASH", "CHECK", "CREDIT_CARD", "ACH", "PAYPAL", "OTHER"]


class InvoiceAmount(RequestModel):
    id: NotBlank = Field(None, max_length=40)
    amount: Annotated[Amount, Field(default=None, validate_default=True), NotNull] = None


class RecordArPayment(RequestModel):
    """``POST /v3/invoices/record-payment``."""

    customer_id: str | None = Field(None, max_length=40)
    payment_date: RequiredDate = None
    payment_type: Annotated[PaymentType | None, Field(default=None, validate_default=True), NotNull] = None
    amount: Annotated[Amount, Field(default=None, validate_default=True), NotNull] = None
    invoices: list[InvoiceAmount] | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=4000)
    reference_number: str | None = Field(None, max_length=100)


class Recipient(RequestModel):
    to: Annotated[list[str] | None, Field(default=None, validate_default=True), AfterValidator(not_empty)] = (
        None
    )
    cc: list[str] | None = None


class ReplyTo(RequestModel):
    user_id: NotBlank = Field(None, max_length=40)


class SendInvoice(RequestModel):
    """``POST /v3/invoices/{id}/email``: both objects are required (BILL-RULES §5.10)."""

    recipient: Annotated[Recipient | None, Field(default=None, validate_default=True), NotNull] = None
    reply_to: Annotated[ReplyTo | None, Field(default=None, validate_default=True), NotNull] = None
    subject: str | None = Field(None, max_length=255)
    message: str | None = Field(None, max_length=4000)


class PaymentLinkIn(RequestModel):
    customer_id: NotBlank = Field(None, max_length=40)
    email: Email = Field(None, max_length=255)
    return_url: str | None = Field(None, max_length=2000)


# ------------------------------------------------------------------------------ responses


class InvoiceLineOut(ResponseModel):
    id: str | None = None
    description: str | None = None
    price: float | None = None
    quantity: float | None = None
    classifications: ClassificationIds | None = None


class InvoicePaymentOut(ResponseModel):
    id: str | None = None
    amount: float | None = None
    status: str | None = None
    date: str | None = None


class Invoice(ResponseModel):
    id: str | None = None
    archived: bool | None = None
    invoice_number: str | None = None
    invoice_date: str | None = None
    due_date: str | None = None
    customer_id: str | None = None
    total_amount: float | None = None
    due_amount: float | None = None
    scheduled_amount: float | None = None
    credit_amount: float | None = None
    status: str | None = None
    exchange_rate: float | None = None
    created_time: str | None = None
    updated_time: str | None = None
    invoice_line_items: list[InvoiceLineOut] = []
    pay_to_chart_of_account_id: str | None = None
    payments: list[InvoicePaymentOut] = []
    classifications: InvoiceClassifications | None = None
    sales_tax_item_id: str | None = None
    sales_tax_total: float | None = None
    sales_tax_percentage: float | None = None
    enable_card_payment: bool | None = None
    convenience_fee: ConvenienceFee | None = None
    invoice_pdf_id: str | None = None


class InvoiceList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Invoice] = []


class RecordedInvoice(ResponseModel):
    id: str | None = None
    payments: list[InvoicePaymentOut] = []


class RecordedArPayment(ResponseModel):
    id: str | None = None
    customer_id: str | None = None
    payment_type: str | None = None
    payment_date: str | None = None
    amount: float | None = None
    unapplied_amount: float | None = None
    status: str | None = None
    description: str | None = None
    invoices: list[RecordedInvoice] = []


class PaymentLink(ResponseModel):
    payment_link: str | None = None
