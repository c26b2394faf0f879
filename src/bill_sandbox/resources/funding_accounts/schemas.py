from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from bill_sandbox.schemas import Bool, Money, NotBlank, NotNull, RequestModel, ResponseModel

AccountType = Literal["CHECKING", "SAVINGS"]
OwnerType = Literal["BUSINESS", "PERSONAL"]
# Required enums: absent and null answer "<field>: must not be null".
RequiredAccountType = Annotated[AccountType | None, Field(validate_default=True), NotNull]
RequiredOwnerType = Annotated[OwnerType | None, Field(validate_default=True), NotNull]


class BankAccountCreate(RequestModel):
    name_on_account: NotBlank = Field(None, max_length=100)
    routing_number: NotBlank = Field(None, max_length=9, description="9-digit ABA routing number")
    account_number: NotBlank = Field(None, max_length=17)
    type: RequiredAccountType = Field(None, description="CHECKING or SAVINGS")
    owner_type: RequiredOwnerType = Field(None, description="BUSINESS or PERSONAL")
    bank_name: str | None = Field(None, max_length=100)
    access_to_admins: Bool = None
    chart_of_account_id: str | None = Field(None, max_length=20)


class Defaults(RequestModel):
    payables: Bool = None
    receivables: Bool = None


class BankAccountUpdate(RequestModel):
    name_on_account: str | None = Field(None, max_length=100)
    owner_type: OwnerType | None = None
    bank_name: str | None = Field(None, max_length=100)
    access_to_admins: Bool = None
    default: Defaults | None = None
    chart_of_account_id: str | None = Field(None, max_length=20)
    # Never change: accepted only with the account's current value.
    routing_number: str | None = Field(None, max_length=9)
    account_number: str | None = Field(None, max_length=17)
    type: AccountType | None = None


class VerifyRequest(RequestModel):
    deposit_amount: Money = Field(None, description="The micro-deposit amount (the sandbox deposits 0.50)")


class NominateRequest(RequestModel):
    bank_account_id: NotBlank = None
    user_id: NotBlank = None


# ------------------------------------------------------------------------------ responses


class DefaultsOut(ResponseModel):
    payables: bool | None = None
    receivables: bool | None = None


class BankAccount(ResponseModel):
    archived: bool | None = None
    id: str | None = None
    status: str | None = None
    created_by: str | None = None
    routing_number: str | None = None
    account_number: str | None = None
    name_on_account: str | None = None
    type: str | None = None
    owner_type: str | None = None
    bank_name: str | None = None
    access_to_admins: bool | None = None
    default: DefaultsOut | None = None
    created_time: str | None = None
    updated_time: str | None = None
    chart_of_account_id: str | None = None


class BankAccountList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[BankAccount] = []


class Verified(ResponseModel):
    verified: bool


class Status(ResponseModel):
    status: str


class BankAccountUser(ResponseModel):
    id: str | None = None
    bank_account_id: str | None = None
    user_id: str | None = None
    archived: bool | None = None
    verification_status: str | None = None
    created_time: str | None = None
    updated_time: str | None = None


class BankAccountUserList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[BankAccountUser] = []


class Expiration(ResponseModel):
    year: str | None = None
    month: str | None = None


class CardDefaults(ResponseModel):
    payables: bool | None = None
    receivables: bool | None = None
    funding: bool | None = None
    disbursement: bool | None = None


class CardAccount(ResponseModel):
    archived: bool | None = None
    id: str | None = None
    created_time: str | None = None
    updated_time: str | None = None
    created_by: str | None = None
    issuing_bank_name: str | None = None
    name_on_account: str | None = None
    brand: str | None = None
    type: str | None = None
    status: str | None = None
    last4: str | None = None
    expiration: Expiration | None = None
    default: CardDefaults | None = None


class Rates(ResponseModel):
    credit_card_rate: float | None = None
    debit_card_rate: float | None = None


class Promotion(Rates):
    start_date: str | None = None
    end_date: str | None = None


class CardRates(ResponseModel):
    default_card_account_id: str | None = None
    funding: Rates | None = None
    active_promotion: Promotion | None = None


class CardAccountList(ResponseModel):
    rates: CardRates | None = None
    cards: list[CardAccount] = []


class CardAccountUser(ResponseModel):
    card_account_id: str | None = None
    user_id: str | None = None
    archived: bool | None = None
    verification_status: str | None = None


class CardAccountUserList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[CardAccountUser] = []


class ApCard(ResponseModel):
    id: str | None = None
    status: str | None = None
    name_on_account: str | None = None
    created_time: str | None = None
    updated_time: str | None = None
    balance: float | None = None
    limit: float | None = None


class FundingPurpose(ResponseModel):
    category: str | None = None
    sub_categories: list[str] = []


class FundingPurposes(ResponseModel):
    last_used_purpose: str | None = None
    results: list[FundingPurpose] = []


class CardPermissions(ResponseModel):
    pay_by_card: bool | None = None
    funding_enabled: bool | None = None
    amex_allowed: bool | None = None


class WalletPermissions(ResponseModel):
    funding_enabled: bool | None = None


class OrganizationPermissions(ResponseModel):
    card: CardPermissions | None = None
    wallet: WalletPermissions | None = None


class UserPermissions(ResponseModel):
    pay_online: bool | None = None


class Permissions(ResponseModel):
    organization: OrganizationPermissions | None = None
    user: UserPermissions | None = None
