"""Wire types beyond ``schemas.py``: dates, exact numbers, and turning Decimals back into JSON.

``schemas.Wire.wire()`` dumps in JSON mode, which writes Decimals as strings; documents with
money use ``plain(model)`` instead, which keeps BILL's JSON numbers.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from bill_sandbox import clock, money


def _date(value: str | None) -> str | None:
    if value is None:
        return None
    parsed = clock.parse_date(value)
    if parsed is None:
        raise ValueError("must be a date in yyyy-MM-dd format")
    return clock.iso_date(parsed)


def _required(value: str | None) -> str:
    if value is None or not str(value).strip():
        raise ValueError("must not be null")
    return value


# yyyy-MM-dd; RequiredDate answers "<field>: must not be null" when absent.
Date = Annotated[str | None, AfterValidator(_date)]
RequiredDate = Annotated[
    str | None, Field(default=None, validate_default=True), AfterValidator(_required), AfterValidator(_date)
]


# The largest magnitude of an amount, a quantity or a price (cents must fit a BIGINT column).
MAX_AMOUNT = Decimal("999999999999.99")


def _number(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("must be a number")
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError("must be a number") from None
    if not d.is_finite():
        raise ValueError("must be a number")
    if abs(d) > MAX_AMOUNT:
        raise ValueError(f"must be between -{MAX_AMOUNT} and {MAX_AMOUNT}")
    return d


def _amount(value: Any) -> Any:
    if value is None:
        return None
    try:
        d = money.to_decimal(value)
    except ValueError:
        raise ValueError("must be a number") from None
    if abs(d) > MAX_AMOUNT:
        raise ValueError(f"must be between -{MAX_AMOUNT} and {MAX_AMOUNT}")
    return d


# An exact number that is not rounded to cents (quantities, unit prices).
Number = Annotated[Any, BeforeValidator(_number)]
# Money in dollars, rounded to cents, bounded by MAX_AMOUNT.
Amount = Annotated[Any, BeforeValidator(_amount)]


def jsonable(value: Any) -> Any:
    """Decimals (money, quantities) become JSON numbers; containers are copied."""
    if isinstance(value, Decimal):
        return money.wire(value) if value == value.quantize(money.CENT) else float(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def plain(model: BaseModel, exclude_unset: bool = False) -> dict[str, Any]:
    """A request model as a wire dict (camelCase keys) with numbers kept as numbers."""
    out: dict[str, Any] = jsonable(model.model_dump(by_alias=True, exclude_unset=exclude_unset))
    return out


def dec(value: Any) -> Decimal:
    """A stored wire number (int/float/str) as an exact Decimal."""
    if value is None:
        return Decimal(0)
    return Decimal(str(value))


def not_empty(value: list[Any] | None) -> list[Any]:
    """A required list with at least one element ("<field>: must not be empty")."""
    if not value:
        raise ValueError("must not be empty")
    return value
