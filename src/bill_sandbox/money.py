"""Money is Decimal in Python, integer cents in the database, a JSON number on the wire."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_decimal(value: object, exact: bool = False) -> Decimal:
    """The one parser of numbers: a number or numeric string (BILL's own samples send
    ``"amount":"100"``) as a Decimal rounded to cents, or at full precision when ``exact``
    (quantities, prices, rates). Anything else (bools, NaN, infinities, text) is a ValueError."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("not a number") from exc
    if not d.is_finite():
        raise ValueError("not a number")
    if exact:
        return d
    try:
        return d.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # too many digits for the context precision
        raise ValueError("not a number") from exc


def to_cents(value: Decimal) -> int:
    return int((value.quantize(CENT, rounding=ROUND_HALF_UP) * 100).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def to_json(value: Decimal) -> float | int:
    """A JSON number: integral amounts as ints, others as floats with at most 2 decimals."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def from_json(value: object) -> Decimal:
    """A number stored in a document (int, float or str; None is 0) as an exact Decimal."""
    return Decimal(0) if value is None else to_decimal(value, exact=True)
