from __future__ import annotations

from typing import Literal

from pydantic import Field

from bill_sandbox.schemas import (
    Address,
    Currency,
    Email,
    NotBlank,
    RequestModel,
    RequiredEmail,
    ResponseModel,
)

AccountType = Literal["BUSINESS", "PERSON", "NONE"]


class Contact(RequestModel):
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)


class CustomerFields(RequestModel):
    company_name: str | None = Field(None, max_length=255)
    contact: Contact | None = None
    phone: str | None = Field(None, max_length=40)
    fax: str | None = Field(None, max_length=40)
    description: str | None = Field(None, max_length=4000)
    invoice_currency: Currency = None
    account_type: AccountType | None = None
    payment_term_id: str | None = Field(None, max_length=20)
    account_number: str | None = Field(None, max_length=100)
    billing_address: Address | None = None
    shipping_address: Address | None = None


class CustomerCreate(CustomerFields):
    # The body Postman ("Example" parameters) and the docs page's "Try it out" start from.
    model_config = CustomerFields.model_config | {
        "json_schema_extra": {
            "example": {
                "name": "Happy Paws Pet Supply",
                "email": "billing@happypaws.example.com",
                "companyName": "Happy Paws Pet Supply LLC",
                "accountType": "BUSINESS",
                "invoiceCurrency": "USD",
                "contact": {"firstName": "Jordan", "lastName": "Lee"},
                "phone": "+1 650 555 0134",
                "billingAddress": {
                    "line1": "455 Market Street",
                    "city": "San Francisco",
                    "stateOrProvince": "CA",
                    "zipOrPostalCode": "94105",
                    "country": "US",
                },
            }
        }
    }

    name: NotBlank = Field(None, max_length=255)
    email: RequiredEmail = Field(None, max_length=255)


class CustomerUpdate(CustomerFields):
    name: str | None = Field(None, max_length=255)
    email: Email = Field(None, max_length=255)


# ------------------------------------------------------------------------------ responses


class AddressOut(ResponseModel):
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state_or_province: str | None = None
    zip_or_postal_code: str | None = None
    country: str | None = None
    country_name: str | None = None


class Balance(ResponseModel):
    amount: float | None = None


class Customer(ResponseModel):
    email: str | None = None
    name: str | None = None
    id: str | None = None
    archived: bool | None = None
    company_name: str | None = None
    contact: Contact | None = None
    phone: str | None = None
    fax: str | None = None
    description: str | None = None
    invoice_currency: str | None = None
    account_type: str | None = None
    payment_term_id: str | None = None
    account_number: str | None = None
    billing_address: AddressOut | None = None
    shipping_address: AddressOut | None = None
    balance: Balance | None = None
    created_time: str | None = None
    updated_time: str | None = None


class CustomerList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Customer] = []
