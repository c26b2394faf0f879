"""The SQL of a list page: filter clauses, the keyset condition after a cursor, and the page's
``select``.

A page's values (organization, filter values, cursor key, limit) are named (``page_values``)
and the statement refers to them by name (``page_query`` with a ``bind`` callable): either
the values themselves (``literal_binds``, for one-off statements through SQLAlchemy) or named
``bindparam``s, for statements compiled once and run on the DBAPI cursor (``prepared``). Which
position each value takes in the SQL is then SQLAlchemy's business (``db.Prepared`` reads it
from the compiled statement), never re-derived here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    tuple_,
)

from bill_sandbox.errors import RequestError
from bill_sandbox.listing.parsing import Filter
from bill_sandbox.listing.spec import Folded, ListSpec

# The last code point: every string that starts with p sorts before p + PREFIX_END (byte order).
PREFIX_END = "\U0010ffff"
# Column types whose values the DBAPI takes and returns as they are (no type processing), the
# condition for running a page's statement on the raw DBAPI cursor.
PLAIN_TYPES = (String, Integer, Boolean)

Bind = Callable[[str], Any]


def like_escape(value: str) -> str:
    """A LIKE prefix with its wildcards escaped (escape character ``/``)."""
    return value.replace("/", "//").replace("%", "/%").replace("_", "/_")


def bound_values(flt: Filter) -> tuple[Any, ...]:
    """The values a filter's clause binds, in the order ``_clause`` uses them: a ``sw`` on a
    folded field is the range [p, p + PREFIX_END); another ``sw`` an escaped LIKE prefix."""
    if flt.op != "sw":
        return flt.values
    value = str(flt.values[0])
    if flt.field.fold:
        return (value, value + PREFIX_END)
    return (like_escape(value),)


def _clause(flt: Filter, v: Sequence[Any]) -> ColumnElement[bool]:
    """The filter's clause over ``v``: its ``bound_values`` or expressions that stand for them."""
    col = flt.field.column
    if flt.field.fold:
        col = Folded(col)
        v = [func.lower(x) for x in v]
        if flt.op == "sw":
            return and_(col >= v[0], col < v[1])
    match flt.op:
        case "eq":
            return col == v[0]  # type: ignore[no-any-return]
        case "ne":
            return col != v[0]  # type: ignore[no-any-return]
        case "gt":
            return col > v[0]  # type: ignore[no-any-return]
        case "gte":
            return col >= v[0]  # type: ignore[no-any-return]
        case "lt":
            return col < v[0]  # type: ignore[no-any-return]
        case "lte":
            return col <= v[0]  # type: ignore[no-any-return]
        case "in":
            return col.in_(v)  # type: ignore[no-any-return]
        case "nin":
            return not_(col.in_(v))  # type: ignore[no-any-return]
        case "sw":
            return col.istartswith(v[0], escape="/")  # type: ignore[no-any-return]
    raise RequestError("BDC_1131", flt.op)


def filter_clause(flt: Filter) -> ColumnElement[bool]:
    """One filter as a WHERE clause with its values in it (for lists built by hand)."""
    return _clause(flt, [_literal(v) for v in bound_values(flt)])


def after(cols: Sequence[Any], descs: Sequence[bool], key: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after ``key`` in the order (cols, descs)."""
    if all(d == descs[0] for d in descs):
        left, right = tuple_(*cols), tuple_(*key)
        return (left < right) if descs[0] else (left > right)
    ors: list[ColumnElement[bool]] = []
    for i, (col, desc) in enumerate(zip(cols, descs, strict=True)):
        eqs = [c == k for c, k in zip(cols[:i], key[:i], strict=True)]
        ors.append(and_(*eqs, (col < key[i]) if desc else (col > key[i])))
    return or_(*ors)


# ---------------------------------------------------------------------- named page values


def _filter_name(i: int, j: int) -> str:
    return f"f{i}_{j}"


def _key_name(i: int) -> str:
    return f"k{i}"


def page_values(
    org_id: str, filters: Sequence[Filter], key: Sequence[Any] | None, limit: int
) -> dict[str, Any]:
    """Every value a page's statement uses, by bind name (one row more than the page: whether
    there is a next one)."""
    values: dict[str, Any] = {"org": org_id, "lim": limit + 1}
    for i, f in enumerate(filters):
        for j, v in enumerate(bound_values(f)):
            values[_filter_name(i, j)] = v
    if key is not None:
        for i, k in enumerate(key):
            values[_key_name(i)] = k
    return values


def _literal(value: Any) -> Any:
    """A value as it goes into a statement; a boolean as a bound literal, since ``col > True``
    (a cursor over a boolean sort) is refused by SQLAlchemy."""
    return literal(value) if isinstance(value, bool) else value


def literal_binds(values: Mapping[str, Any]) -> Bind:
    """``page_query`` with the values in the statement (SQLAlchemy binds them per execution)."""
    return lambda name: _literal(values[name])


def named_binds(name: str) -> Any:
    """``page_query`` with named bind parameters, for a statement whose values ``page_values``
    gives per execution."""
    return bindparam(name, type_=Integer() if name == "lim" else None)


def plain(spec: ListSpec, filters: Sequence[Filter], cols: Sequence[Any]) -> bool:
    """Whether every column involved takes and returns its values untouched by SQLAlchemy."""
    table = spec.table
    involved = [table.c.id, table.c.doc, *(f.field.column for f in filters), *cols]
    return all(isinstance(getattr(c, "type", None), PLAIN_TYPES) for c in involved)


def page_query(
    spec: ListSpec,
    filters: Sequence[Filter],
    cols: Sequence[Any],
    descs: Sequence[bool],
    direction: str,
    keyed: bool,
    where: Sequence[ColumnElement[bool]],
    bind: Bind,
) -> Select[Any]:
    """The page's ``select``: its sort columns then ``doc``, in the direction of travel
    (``n`` next, ``p`` previous: the order reversed), after the cursor key if ``keyed``."""
    table = spec.table
    conds = [table.c.org_id == bind("org"), *where]
    for i, f in enumerate(filters):
        names = [_filter_name(i, j) for j in range(len(bound_values(f)))]
        conds.append(_clause(f, [bind(n) for n in names]))
    run_descs = descs if direction == "n" else [not d for d in descs]
    if keyed:
        conds.append(after(cols, run_descs, [bind(_key_name(i)) for i in range(len(cols))]))
    return (
        select(*cols, table.c.doc)
        .where(and_(true(), *conds))
        .order_by(*[c.desc() if d else c.asc() for c, d in zip(cols, run_descs, strict=True)])
        .limit(bind("lim"))
    )
