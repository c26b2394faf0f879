from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from bill_sandbox.schemas import (
    Address,
    Amount,
    Bool,
    Country,
    Currency,
    Email,
    NotBlank,
    RequestModel,
    ResponseModel,
)

AccountType = Literal["BUSINESS", "PERSON", "NONE"]


class BankAccountIn(RequestModel):
    """A vendor bank account (POST /v3/vendors/{vendorId}/bank-account, or inline on create)."""

    name_on_account: str | None = Field(None, max_length=100)
    account_number: NotBlank = Field(None, max_length=34)
    routing_number: str | None = Field(None, max_length=34)
    type: Literal["CHECKING", "SAVINGS"] | None = None
    owner_type: Literal["BUSINESS", "PERSONAL"] | None = None
    payment_currency: Currency = None
    bank_country: Country = None


class PurposeCode(RequestModel):
    name: str | None = Field(None, max_length=200)
    value: str | None = Field(None, max_length=100)


class PaymentPurpose(RequestModel):
    text: str | None = Field(None, max_length=140)
    code: PurposeCode | None = None


class PaymentInformationUpdate(RequestModel):
    payee_name: str | None = Field(None, max_length=100)
    email: Email = Field(None, max_length=255)
    payment_purpose: PaymentPurpose | None = None


class PaymentInformationCreate(PaymentInformationUpdate):
    bank_account: BankAccountIn | None = None


class AdditionalInfo(RequestModel):
    tax_id: str | None = Field(None, max_length=40)
    tax_id_type: Literal["EIN", "SSN"] | None = None
    track1099: Bool = None
    lead_time_in_days: Annotated[int | None, Field(ge=0, le=365)] = None
    combine_payments: Bool = None
    payment_term_id: str | None = Field(None, max_length=40)
    company_name: str | None = Field(None, max_length=255)


class AutoPayIn(RequestModel):
    enabled: Bool = None
    bank_account_id: str | None = Field(None, max_length=40)
    max_amount: Amount = None
    days_before_due_date: Annotated[int | None, Field(ge=0, le=365)] = None


class VendorFields(RequestModel):
    short_name: str | None = Field(None, max_length=100)
    account_number: str | None = Field(None, max_length=100)
    account_type: AccountType | None = None
    email: Email = Field(None, max_length=255)
    phone: str | None = Field(None, max_length=40)
    address: Address | None = None
    additional_info: AdditionalInfo | None = None
    bill_currency: Currency = None
    auto_pay: AutoPayIn | None = None


class VendorCreate(VendorFields):
    name: NotBlank = Field(None, max_length=255)
    payment_information: PaymentInformationCreate | None = None


class VendorUpdate(VendorFields):
    """PATCH: the bank account cannot be changed here (it has its own endpoints)."""

    name: str | None = Field(None, max_length=255)
    payment_information: PaymentInformationUpdate | None = None


# ------------------------------------------------------------------------------ responses


class AddressOut(ResponseModel):
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state_or_province: str | None = None
    zip_or_postal_code: str | None = None
    country: str | None = None
    country_name: str | None = None


class BankAccountOut(ResponseModel):
    name_on_account: str | None = None
    account_number: str | None = None
    routing_number: str | None = None
    type: str | None = None
    owner_type: str | None = None
    payment_currency: str | None = None
    status: str | None = None


class VirtualCardOut(ResponseModel):
    status: str | None = None
    remit_email: str | None = None
    enroll_date: str | None = None
    decline_date: str | None = None
    alternate_pay_by_type: str | None = None


class PaymentInformationOut(ResponseModel):
    payee_name: str | None = None
    email: str | None = None
    last_payment_date: str | None = None
    pay_by_type: str | None = None
    pay_by_sub_type: str | None = None
    virtual_card: VirtualCardOut | None = None
    bank_account: BankAccountOut | None = None
    payment_purpose: PaymentPurpose | None = None


class BalanceOut(ResponseModel):
    amount: float | None = None
    last_updated_date: str | None = None


class AutoPayOut(ResponseModel):
    enabled: bool | None = None
    bank_account_id: str | None = None
    created_by: str | None = None
    max_amount: float | None = None
    days_before_due_date: int | None = None


class Vendor(ResponseModel):
    archived: bool | None = None
    id: str | None = None
    name: str | None = None
    short_name: str | None = None
    account_number: str | None = None
    account_type: str | None = None
    email: str | None = None
    phone: str | None = None
    address: AddressOut | None = None
    payment_information: PaymentInformationOut | None = None
    additional_info: AdditionalInfo | None = None
    rpps_id: str | None = None
    bank_account_status: str | None = None
    recurring_payments: bool | None = None
    bill_currency: str | None = None
    created_time: str | None = None
    updated_time: str | None = None
    balance: BalanceOut | None = None
    auto_pay: AutoPayOut | None = None
    network_status: str | None = None


class VendorList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Vendor] = []


class VendorBulk(ResponseModel):
    vendors: list[Vendor] = []


class CodeOut(ResponseModel):
    name: str | None = None
    value: str | None = None


class PaymentPurposeConfig(ResponseModel):
    required: bool | None = None
    type: str | None = None
    codes: list[CodeOut] = []


class ValidationField(ResponseModel):
    name: str | None = None
    description: str | None = None
    regular_expression: str | None = None
    required: bool | None = None


class Validations(ResponseModel):
    fields: list[ValidationField] = []


class InternationalPaymentsConfig(ResponseModel):
    payment_purpose: PaymentPurposeConfig | None = None
    validations: Validations | None = None


class VendorConfiguration(ResponseModel):
    international_payments: InternationalPaymentsConfig | None = None
