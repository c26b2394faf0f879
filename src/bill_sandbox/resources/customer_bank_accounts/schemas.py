from __future__ import annotations

from typing import Annotated

from pydantic import Field

from bill_sandbox.resources.funding_accounts.schemas import RequiredAccountType, RequiredOwnerType
from bill_sandbox.schemas import Bool, NotBlank, NotNull, RequestModel, ResponseModel


class CustomerBankAccountCreate(RequestModel):
    name_on_account: NotBlank = Field(None, max_length=100)
    routing_number: NotBlank = Field(None, max_length=9, description="9-digit ABA routing number")
    account_number: NotBlank = Field(None, max_length=17)
    type: RequiredAccountType = Field(None, description="CHECKING or SAVINGS")
    owner_type: RequiredOwnerType = Field(None, description="BUSINESS or PERSONAL")
    bank_name: str | None = Field(None, max_length=100)


class CustomerBankAccountUpdate(RequestModel):
    name_on_account: str | None = Field(None, max_length=100)
    bank_name: str | None = Field(None, max_length=100)


class ChargeAuthorization(RequestModel):
    authorized_to_charge: Annotated[Bool, Field(default=None, validate_default=True), NotNull] = None


class CustomerBankAccount(ResponseModel):
    id: str | None = None
    customer_id: str | None = None
    archived: bool | None = None
    name_on_account: str | None = None
    routing_number: str | None = None
    account_number: str | None = None
    type: str | None = None
    owner_type: str | None = None
    bank_name: str | None = None
    status: str | None = None
    created_time: str | None = None
    updated_time: str | None = None


class CustomerBankAccountList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[CustomerBankAccount] = []
