from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from bill_sandbox.schemas import Amount, Date, NotBlank, NotNull, RequestModel, ResponseModel, not_empty


class FundingAccountIn(RequestModel):
    id: NotBlank = Field(None, max_length=40)
    type: Annotated[Literal["BANK_ACCOUNT"] | None, Field(default=None, validate_default=True), NotNull] = (
        None
    )


class InvoicePaymentIn(RequestModel):
    invoice_id: NotBlank = Field(None, max_length=40)
    amount: Annotated[Amount, Field(default=None, validate_default=True), NotNull] = None


class ChargeCustomer(RequestModel):
    """``POST /v3/receivable-payments`` (BILL changelog 2025-12): charge a customer's bank account."""

    customer_id: NotBlank = Field(None, max_length=40)
    funding_account: Annotated[
        FundingAccountIn | None, Field(default=None, validate_default=True), NotNull
    ] = None
    invoice_payments: Annotated[
        list[InvoicePaymentIn] | None,
        Field(default=None, validate_default=True, max_length=100),
        AfterValidator(not_empty),
    ] = None
    description: str | None = Field(None, max_length=4000)
    payment_date: Date = None


# ------------------------------------------------------------------------------ responses


class AccountRef(ResponseModel):
    id: str | None = None
    type: str | None = None


class InvoicePaymentOut(ResponseModel):
    invoice_id: str | None = None
    amount: float | None = None
    payment_date: str | None = None


class ReceivablePayment(ResponseModel):
    amount: float | None = None
    id: str | None = None
    customer_id: str | None = None
    invoice_payments: list[InvoicePaymentOut] = []
    description: str | None = None
    payment_date: str | None = None
    funding_account: AccountRef | None = None
    receivables_account: AccountRef | None = None
    unapplied_amount: float | None = None
    convenience_fee_amount: float | None = None
    receivables_type: str | None = None
    status: str | None = None
    reference_number: str | None = None
    online_payment: bool | None = None
    created_time: str | None = None
    updated_time: str | None = None


class ReceivablePaymentList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[ReceivablePayment] = []
