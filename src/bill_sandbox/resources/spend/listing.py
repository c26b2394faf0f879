"""The Spend & Expense list dialect (BILL-RULES §5.18b "Lists"), on the core ``listing`` pieces.

- ``max`` 1-100 (transactions 1-50), default 20; outside: 400 ``max: must be less than or
  equal to 50`` (or ``...100``, ``...greater than or equal to 1``) without a code.
- ``nextPage`` / ``prevPage`` are query parameters carrying the cursor of an earlier response:
  base64 of ``arrayconnection:<index>`` (the index of the last row returned for ``nextPage``,
  of the first one for ``prevPage``). A cursor past the end answers an empty page.
- ``sort=field[:asc|desc]``: one field only.
- ``filters=field:op:value[,...]`` in one parameter, parsed by ``listing.parse_filters``;
  unknown field or operator -> 400. A repeated ``filters`` or terms joined with ``;`` are
  accepted and ignored. Fields that name another object (``budgetId``, ``cardIds``...) take
  its id or uuid.
- Deleted (``retired``) objects are left out unless the request filters on ``retired``.
- ``page``, ``page_size``, ``limit`` and every other unknown parameter are ignored.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi import Query, Request
from sqlalchemy import ColumnElement, Table, select

from bill_sandbox.errors import RequestError, field_error
from bill_sandbox.listing import Field, Filter, ListSpec, filter_clause, parse_filters
from bill_sandbox.resources.spend.auth import SpendContext

Doc = dict[str, Any]
DEFAULT_MAX = 20


@dataclass(frozen=True)
class SpendListParams:
    max: str | None = None
    next_page: str | None = None
    prev_page: str | None = None
    sort: str | None = None
    filters: str | None = None
    repeated_filters: bool = False


async def spend_list_params(
    request: Request,
    max: str = Query(None, description="Page size (default 20)"),
    next_page: str = Query(None, alias="nextPage", description="nextPage of the previous response"),
    prev_page: str = Query(None, alias="prevPage", description="prevPage of the previous response"),
    sort: str = Query(None, description="One field: field:asc|desc"),
    filters: str = Query(None, description="field:op:value[,...]"),
) -> SpendListParams:
    repeated = len(request.query_params.getlist("filters")) > 1
    return SpendListParams(max, next_page, prev_page, sort, filters, repeated)


@dataclass(frozen=True)
class SpendSpec:
    """A list's filterable fields (core ``Field``s), which of them name another object
    (field name -> resolver from id-or-uuid to the uuid stored in the column), and its
    sortable fields (wire name -> column)."""

    table: Table
    filters: Mapping[str, Field]
    sorts: Mapping[str, Any]
    refs: Mapping[str, Callable[[SpendContext, str], str | None]] = field(default_factory=dict)
    max_limit: int = 100
    default_sort: tuple[Any, bool] | None = None

    def core(self) -> ListSpec:
        return ListSpec(self.table, self.filters)


def encode_cursor(index: int) -> str:
    return base64.b64encode(f"arrayconnection:{index}".encode()).decode()


def decode_cursor(token: str, name: str) -> int:
    try:
        text = base64.b64decode(token + "=" * (-len(token) % 4), validate=False).decode()
        prefix, _, number = text.partition(":")
        if prefix != "arrayconnection":
            raise ValueError(text)
        value = int(number)
        if value < 0:
            raise ValueError(text)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise RequestError("BDC_1129", name, token[:40]) from None
    return value


def parse_max(raw: str | None, limit: int) -> int:
    if raw is None or raw == "":
        return DEFAULT_MAX
    try:
        value = int(raw)
    except ValueError:
        raise RequestError("BDC_1129", "max", raw[:40]) from None
    if value > limit:
        raise field_error("max", f"must be less than or equal to {limit}")
    if value < 1:
        raise field_error("max", "must be greater than or equal to 1")
    return value


def parse_sort(raw: str | None, spec: SpendSpec) -> tuple[Any, bool]:
    if not raw:
        return spec.default_sort or (spec.table.c.created_time, False)
    if "," in raw:
        raise RequestError("BDC_1129", "sort", raw[:80])
    name, _, direction = raw.strip().partition(":")
    column = spec.sorts.get(name.strip())
    direction = direction.strip().lower() or "asc"
    if column is None or direction not in ("asc", "desc"):
        raise RequestError("BDC_1129", "sort", raw[:80])
    return column, direction == "desc"


def where_clauses(ctx: SpendContext, params: SpendListParams, spec: SpendSpec) -> list[ColumnElement[bool]]:
    text = params.filters
    if params.repeated_filters or (text and ";" in text):
        text = None  # accepted and ignored, as live BILL does
    parsed = parse_filters(text, spec.core())
    out: list[ColumnElement[bool]] = []
    for flt in parsed:
        resolve = spec.refs.get(flt.field.name)
        if resolve is not None:
            values = tuple(resolve(ctx, str(v)) or str(v) for v in flt.values)
            flt = Filter(flt.field, flt.op, values)
        out.append(filter_clause(flt))
    if not any(f.field.name == "retired" for f in parsed) and "retired" in spec.table.c:
        out.append(spec.table.c.retired.is_(False))
    return out


def page(
    ctx: SpendContext,
    spec: SpendSpec,
    params: SpendListParams,
    where: Iterable[ColumnElement[bool]] = (),
    render: Callable[[Doc], Doc] | None = None,
) -> dict[str, Any]:
    """One page: ``{nextPage?, prevPage?, results}``."""
    limit = parse_max(params.max, spec.max_limit)
    column, desc = parse_sort(params.sort, spec)
    table = spec.table
    conds = [table.c.org_id == ctx.org_id, *where, *where_clauses(ctx, params, spec)]
    start = 0
    if params.next_page:
        start = decode_cursor(params.next_page, "nextPage") + 1
    elif params.prev_page:
        start = max(0, decode_cursor(params.prev_page, "prevPage") - limit)
    order = [column.desc() if desc else column.asc(), table.c.id.desc() if desc else table.c.id.asc()]
    rows = list(
        ctx.tx.conn.execute(select(table.c.doc).where(*conds).order_by(*order).offset(start).limit(limit + 1))
        .scalars()
        .all()
    )
    more = len(rows) > limit
    docs = [orjson.loads(r) for r in rows[:limit]]
    if render is not None:
        docs = [render(d) for d in docs]
    out: dict[str, Any] = {}
    if more:
        out["nextPage"] = encode_cursor(start + limit - 1)
    if start > 0 and docs:
        out["prevPage"] = encode_cursor(start)
    out["results"] = docs
    return out
