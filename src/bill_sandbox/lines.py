"""Line items, shared by every document that carries them (bills, vendor credits; later
invoices, credit memos, recurring bills).

- A line's ``amount`` is ``quantity × price`` when ``amount`` is omitted; when all three are
  sent, ``amount`` wins (BILL-RULES §5.2). The document's amount is the sum of its lines.
- PUT replaces lines: a line without ``id`` is created, a stored line whose ``id`` is left out is
  deleted, and a line with an ``id`` replaces the stored line with that id (BILL-RULES §1.7).
- PATCH merges lines: a line with an ``id`` is merged into the stored line (ids never change),
  a line without ``id`` is added, and stored lines not mentioned stay as they are.
- An ``id`` that is not one of the document's lines is a 400 ``BDC_1119``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bill_sandbox import ids, money
from bill_sandbox.errors import RequestError, ValidationFailed
from bill_sandbox.money import from_json
from bill_sandbox.schemas import MAX_AMOUNT
from bill_sandbox.store import merge_patch

Line = dict[str, Any]


def line_amount(line: Mapping[str, Any], where: str) -> Decimal:
    """The line's amount in dollars (cents precision)."""
    if line.get("amount") is not None:
        return from_json(line["amount"]).quantize(money.CENT, rounding=ROUND_HALF_UP)
    quantity, price = line.get("quantity"), line.get("price")
    if quantity is None or price is None:
        raise ValidationFailed([f"{where}.amount: must not be null"])
    return (from_json(quantity) * from_json(price)).quantize(money.CENT, rounding=ROUND_HALF_UP)


def price_lines(lines: Sequence[Line], field: str) -> tuple[list[Line], Decimal]:
    """Every line with its ``amount`` filled in, and their total."""
    out: list[Line] = []
    total = Decimal(0)
    for i, line in enumerate(lines):
        amount = line_amount(line, f"{field}[{i}]")
        if abs(amount) > MAX_AMOUNT:
            raise ValidationFailed([f"{field}[{i}].amount: must be between -{MAX_AMOUNT} and {MAX_AMOUNT}"])
        out.append({**line, "amount": money.to_json(amount)})
        total += amount
    if abs(total) > MAX_AMOUNT:
        raise ValidationFailed([f"amount: must be between -{MAX_AMOUNT} and {MAX_AMOUNT}"])
    return out, total


def _check_ids(incoming: Sequence[Mapping[str, Any]], known: set[str], field: str) -> None:
    seen: set[str] = set()
    for i, line in enumerate(incoming):
        line_id = line.get("id")
        if line_id is None:
            continue
        if line_id not in known or line_id in seen:
            raise RequestError("BDC_1119", f"{field}[{i}].id", line_id)
        seen.add(line_id)


def new_lines(incoming: Sequence[Mapping[str, Any]], prefix: str, field: str) -> list[Line]:
    """Lines of a new document: every line gets a fresh id (a sent ``id`` is an error)."""
    _check_ids(incoming, set(), field)
    return [{**line, "id": ids.new_id(prefix)} for line in incoming]


def replace_lines(
    stored: Sequence[Mapping[str, Any]], incoming: Sequence[Mapping[str, Any]], prefix: str, field: str
) -> list[Line]:
    """PUT semantics (see the module docstring)."""
    _check_ids(incoming, {str(line["id"]) for line in stored}, field)
    return [dict(line) if line.get("id") else {**line, "id": ids.new_id(prefix)} for line in incoming]


def merge_lines(
    stored: Sequence[Mapping[str, Any]], incoming: Sequence[Mapping[str, Any]], prefix: str, field: str
) -> list[Line]:
    """PATCH semantics (see the module docstring). A patch that changes ``quantity`` or
    ``price`` without an ``amount`` recomputes the amount from them."""
    _check_ids(incoming, {str(line["id"]) for line in stored}, field)
    out = [dict(line) for line in stored]
    index = {line["id"]: i for i, line in enumerate(out)}
    for line in incoming:
        line_id = line.get("id")
        if line_id is None:
            out.append({**line, "id": ids.new_id(prefix)})
            continue
        base = out[index[line_id]]
        if ("quantity" in line or "price" in line) and "amount" not in line:
            base.pop("amount", None)
        out[index[line_id]] = merge_patch(base, line)
    return out
