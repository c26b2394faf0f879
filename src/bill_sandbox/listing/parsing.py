"""The list query parameters, parsed against a ``ListSpec``: ``max``, ``filters`` (into
``Filter``s with values converted to what the column stores) and ``sort``. Errors are BILL's:
unknown field BDC_1130, operator not allowed BDC_1131, anything malformed BDC_1129."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bill_sandbox import clock, money
from bill_sandbox.errors import RequestError
from bill_sandbox.listing.spec import ALL_OPS, MAX_DEFAULT, MAX_LIMIT, Field, ListSpec


def parse_max(raw: str | None) -> int:
    if raw is None or raw == "":
        return MAX_DEFAULT
    try:
        value = int(raw)
    except ValueError:
        raise RequestError("BDC_1129", "max", raw) from None
    if not 1 <= value <= MAX_LIMIT:
        raise RequestError("BDC_1129", "max", raw)
    return value


def split_outside_quotes(text: str, sep: str = ",") -> list[str]:
    if '"' not in text:
        return text.split(sep)
    parts: list[str] = []
    buf: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            buf.append(ch)
        elif ch == sep and not quoted:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    if quoted:
        raise RequestError("BDC_1129", "filters", text)
    parts.append("".join(buf))
    return parts


def unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


@dataclass(frozen=True)
class Filter:
    field: Field
    op: str
    values: tuple[Any, ...]


def _convert(f: Field, raw: str) -> Any:
    kind = f.kind
    if kind == "bool":
        low = raw.lower()
        if low not in ("true", "false"):
            raise RequestError("BDC_1129", f.name, raw)
        return low == "true"
    if kind == "time":
        ts = clock.parse_timestamp(raw)
        if ts is None:
            raise RequestError("BDC_1129", f.name, raw)
        return clock.iso(ts)
    if kind == "date":
        d = clock.parse_date(raw) or (clock.parse_timestamp(raw) or None)
        if d is None:
            raise RequestError("BDC_1129", f.name, raw)
        return clock.iso_date(d)
    if kind == "money":
        try:
            return money.to_cents(money.to_decimal(raw))
        except ValueError:
            raise RequestError("BDC_1129", f.name, raw) from None
    if kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise RequestError("BDC_1129", f.name, raw) from None
    if kind == "enum" and f.enum is not None and raw not in f.enum:
        raise RequestError("BDC_1129", f.name, raw)
    return raw


def parse_filters(text: str | None, spec: ListSpec) -> list[Filter]:
    if not text:
        return []
    clauses: list[tuple[str, str, list[str]]] = []
    for chunk in split_outside_quotes(text):
        bits = chunk.split(":", 2)
        if len(bits) == 3 and bits[1].strip() in ALL_OPS and not bits[0].startswith('"'):
            name, op, value = bits[0].strip(), bits[1].strip(), bits[2]
            clauses.append((name, op, [value]))
        elif clauses and clauses[-1][1] in ("in", "nin") and chunk.strip():
            clauses[-1][2].append(chunk)  # an unquoted in-list: a:in:X,Y
        elif len(bits) == 3 and bits[0].strip():
            if spec.field(bits[0].strip()) is None:
                raise RequestError("BDC_1130", bits[0].strip())
            raise RequestError("BDC_1131", bits[1].strip())
        elif len(bits) >= 1 and bits[0].strip() and spec.field(bits[0].strip()) is None:
            raise RequestError("BDC_1130", bits[0].strip())
        else:
            raise RequestError("BDC_1129", "filters", chunk)
    out: list[Filter] = []
    for name, op, raw_values in clauses:
        f = spec.field(name)
        if f is None:
            raise RequestError("BDC_1130", name)
        if op not in f.ops:
            raise RequestError("BDC_1131", op)
        if op in ("in", "nin"):
            items: list[str] = []
            for rv in raw_values:
                items.extend(unquote(x) for x in unquote(rv).split(","))
            values = tuple(_convert(f, x.strip()) for x in items if x.strip() != "")
            if not values:
                raise RequestError("BDC_1129", name, ",".join(raw_values))
        else:
            values = (_convert(f, unquote(raw_values[0])),)
        out.append(Filter(f, op, values))
    return out


def parse_sort(text: str | None, spec: ListSpec) -> list[tuple[Field, bool]]:
    """[(field, descending)]"""
    if not text:
        return [(spec.fields[name], desc) for name, desc in spec.default_sort]
    out: list[tuple[Field, bool]] = []
    for part in text.split(","):
        name, _, direction = part.strip().partition(":")
        f = spec.field(name.strip())
        if f is None or not f.sortable:
            raise RequestError("BDC_1129", "sort", part)
        direction = direction.strip().lower() or "asc"
        if direction not in ("asc", "desc"):
            raise RequestError("BDC_1129", "sort", part)
        if all(existing.name != f.name for existing, _ in out):
            out.append((f, direction == "desc"))
    return out
