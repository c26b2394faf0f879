"""Request and response models of the seven classification kinds.

Four wire shapes exist: named objects (accounting classes, departments, jobs, locations), chart
of accounts (``account{type, number}``, no ``shortName``), employees (``firstName``/``lastName``,
no ``name``/``description``) and items (type, prices, chart-of-accounts references).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field

from bill_sandbox import money
from bill_sandbox.schemas import Bool, NotBlank, NotNull, RequestModel, ResponseModel


def _number(value: Any) -> Any:
    """A JSON number or numeric string, kept at full precision (tax rates like 8.875)."""
    if value is None:
        return None
    try:
        d = money.to_decimal(value, exact=True)
    except ValueError:
        raise ValueError("must be a number") from None
    return int(d) if d == d.to_integral_value() else float(d)


Number = Annotated[float | None, BeforeValidator(_number)]

# Seen in BILL's examples and third-party code (BILL-RULES §5.14).
AccountType = Literal[
    "ACCOUNTS_PAYABLE",
    "ACCOUNTS_RECEIVABLE",
    "BANK",
    "COST_OF_GOODS_SOLD",
    "CREDIT_CARD",
    "EQUITY",
    "EXPENSE",
    "FIXED_ASSET",
    "INCOME",
    "LONG_TERM_LIABILITY",
    "NON_POSTING",
    "OTHER_ASSET",
    "OTHER_CURRENT_ASSET",
    "OTHER_CURRENT_LIABILITY",
    "OTHER_EXPENSE",
    "OTHER_INCOME",
    "UNSPECIFIED",
]
# Seen in BILL's examples (first six), plus the usual accounting-system item types (DEFAULT).
ItemType = Literal[
    "SALES_TAX",
    "SALES_TAX_GROUP",
    "OTHER_CHARGE",
    "FIXED_ASSET",
    "INVENTORY",
    "PAYMENT",
    "SERVICE",
    "NON_INVENTORY",
    "DISCOUNT",
    "SUBTOTAL",
    "GROUP",
]

ACCOUNT_TYPES: tuple[str, ...] = get_args(AccountType)
ITEM_TYPES: tuple[str, ...] = get_args(ItemType)

NAME = 255
SHORT_NAME = 100
DESCRIPTION = 4000
ID = 40


# ------------------------------------------------------------------------------- requests
class _Parent(RequestModel):
    parent_id: str | None = Field(None, max_length=ID)


class NamedUpdate(_Parent):
    name: str | None = Field(None, max_length=NAME)
    short_name: str | None = Field(None, max_length=SHORT_NAME)
    description: str | None = Field(None, max_length=DESCRIPTION)


class NamedCreate(NamedUpdate):
    """Accounting classes, jobs, locations: nothing is required."""


class NamedCreateRequired(NamedUpdate):
    """Departments: ``name`` is required."""

    name: NotBlank = Field(None, max_length=NAME)


class Account(RequestModel):
    type: AccountType | None = None
    number: str | None = Field(None, max_length=100)


class ChartOfAccountUpdate(_Parent):
    name: str | None = Field(None, max_length=NAME)
    description: str | None = Field(None, max_length=DESCRIPTION)
    account: Account | None = None


class ChartOfAccountCreate(ChartOfAccountUpdate):
    name: NotBlank = Field(None, max_length=NAME)


class EmployeeUpdate(_Parent):
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    short_name: str | None = Field(None, max_length=SHORT_NAME)


class EmployeeCreate(EmployeeUpdate):
    pass


class ItemUpdate(_Parent):
    type: ItemType | None = None
    name: str | None = Field(None, max_length=NAME)
    short_name: str | None = Field(None, max_length=SHORT_NAME)
    description: str | None = Field(None, max_length=DESCRIPTION)
    price: Number = None
    expense_chart_of_account_id: str | None = Field(None, max_length=ID)
    purchase_description: str | None = Field(None, max_length=DESCRIPTION)
    purchase_cost: Number = None
    chart_of_account_id: str | None = Field(None, max_length=ID)
    taxable: Bool = None
    percentage: Number = None


class ItemCreate(ItemUpdate):
    type: Annotated[ItemType | None, NotNull] = Field(None, validate_default=True)
    name: NotBlank = Field(None, max_length=NAME)


# ------------------------------------------------------------------------------ responses


class _Stamps(ResponseModel):
    id: str | None = None
    archived: bool | None = None
    parent_id: str | None = None
    created_time: str | None = None
    updated_time: str | None = None


class NamedOut(_Stamps):
    name: str | None = None
    short_name: str | None = None
    description: str | None = None


class AccountOut(ResponseModel):
    type: str | None = None
    number: str | None = None


class ChartOfAccountOut(_Stamps):
    name: str | None = None
    description: str | None = None
    account: AccountOut | None = None


class EmployeeOut(_Stamps):
    first_name: str | None = None
    last_name: str | None = None
    short_name: str | None = None


class ItemOut(_Stamps):
    type: str | None = None
    name: str | None = None
    short_name: str | None = None
    description: str | None = None
    price: float | None = None
    expense_chart_of_account_id: str | None = None
    purchase_description: str | None = None
    purchase_cost: float | None = None
    chart_of_account_id: str | None = None
    taxable: bool | None = None
    percentage: float | None = None
