"""BILL list semantics, written once for every list endpoint.

``GET /v3/<resource>?max=&page=&filters=&sort=`` returns ``{nextPage, prevPage, results}``:

- ``max`` 1-100 (default 20); anything else is a 400.
- ``filters=field:op:value[,field:op:value]`` (comma = AND) with ops
  ``eq ne gt gte lt lte in nin sw``; values may be double-quoted; ``in``/``nin`` take one quoted
  comma list. Unknown field -> BDC_1130, operator not allowed for the field -> BDC_1131.
- ``sort=field[:asc|desc][,...]`` applied in order; the id breaks ties.
- ``page`` is an opaque, signed keyset cursor: page 1000 costs what page 1 costs, and a
  tampered cursor is a clean 400. ``nextPage``/``prevPage`` are left out when there is nothing
  in that direction.

A resource declares a ``ListSpec`` (its table and the wire fields clients may filter and sort
on, each mapped to an indexed column) and calls ``list_page``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi import Query
from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    Integer,
    Select,
    String,
    Table,
    and_,
    bindparam,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.visitors import traverse

from bill_sandbox import clock, money
from bill_sandbox.db import Prepared, Tx
from bill_sandbox.errors import RequestError

MAX_DEFAULT = 20
MAX_LIMIT = 100
ALL_OPS = frozenset({"eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "sw"})
RANGE = "eq,ne,gt,gte,lt,lte"
EQ = "eq,ne,in,nin"


class Folded(ColumnElement[str]):
    """``lower(column)`` for case-insensitive comparisons that an expression index serves:
    ``(lower(col) COLLATE "C")`` on PostgreSQL (byte order, whatever the database's collation,
    so that a prefix is exactly a range), ``lower(col)`` on SQLite (binary order already)."""

    inherit_cache = True
    type = String()

    def __init__(self, column: Any) -> None:
        self.column = column


@compiles(Folded)
def _folded(element: Folded, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.column, **kw)})"


@compiles(Folded, "postgresql")
def _folded_pg(element: Folded, compiler: Any, **kw: Any) -> str:
    return f'(lower({compiler.process(element.column, **kw)}) COLLATE "C")'


class DocPath(ColumnElement[Any]):
    """A field of the stored wire document (``doc``), for lists that filter or sort on a field
    without a projection column (BILL-RULES §4's less common fields). Never NULL (a document
    without the field gives "", 0 or false), so keyset cursors stay exact; money comes out as
    integer cents like money projection columns. Not indexed: the organization's rows are
    scanned."""

    inherit_cache = True

    def __init__(self, column: Any, path: str, kind: str = "str") -> None:
        self.column = column
        self.path = path
        self.kind = kind
        types: dict[str, Any] = {"money": BigInteger(), "int": BigInteger(), "bool": Boolean()}
        self.type = types.get(kind, String())


def doc_field(table: Table, path: str, kind: str = "str") -> DocPath:
    """``DocPath`` over ``table.c.doc``: ``kind`` str, money, int or bool."""
    return DocPath(table.c.doc, path, kind)


@compiles(DocPath)
def _doc_path_sqlite(element: DocPath, compiler: Any, **kw: Any) -> str:
    col = compiler.process(element.column, **kw)
    extract = f"json_extract({col}, '$.{element.path}')"
    if element.kind == "money":
        return f"CAST(round(coalesce({extract}, 0) * 100) AS INTEGER)"
    if element.kind in ("int", "bool"):
        return f"CAST(coalesce({extract}, 0) AS INTEGER)"
    return f"coalesce(CAST({extract} AS TEXT), '')"


@compiles(DocPath, "postgresql")
def _doc_path_pg(element: DocPath, compiler: Any, **kw: Any) -> str:
    col = compiler.process(element.column, **kw)
    keys = ",".join(element.path.split("."))
    extract = f"(CAST({col} AS jsonb) #>> '{{{keys}}}')"
    if element.kind == "money":
        return f"CAST(round(coalesce(CAST({extract} AS numeric), 0) * 100) AS BIGINT)"
    if element.kind == "int":
        return f"CAST(coalesce(CAST({extract} AS numeric), 0) AS BIGINT)"
    if element.kind == "bool":
        return f"coalesce(CAST({extract} AS boolean), false)"
    return f"coalesce({extract}, '')"


@dataclass(frozen=True)
class Field:
    """A wire field that lists can filter and/or sort on."""

    name: str
    column: Any
    kind: str = "str"  # str | enum | bool | time | date | money | int
    ops: frozenset[str] = ALL_OPS
    sortable: bool = True
    enum: frozenset[str] | None = None
    # Filters compare case-insensitively (``lower()`` on both sides; names: ``eq`` and ``sw``
    # agree, and ``sw`` is a range over the ``lower(column)`` index, see ``Folded``).
    fold: bool = False


def list_field(
    name: str,
    column: Any,
    kind: str = "str",
    ops: str | None = None,
    sortable: bool = True,
    enum: Iterable[str] | None = None,
    fold: bool = False,
) -> Field:
    default_ops = {
        "str": "eq,ne,in,nin,sw,gt,gte,lt,lte",
        "enum": EQ,
        "bool": "eq,ne",
        "time": RANGE,
        "date": RANGE,
        "money": RANGE,
        "int": RANGE,
    }[kind]
    return Field(
        name,
        column,
        kind,
        frozenset((ops or default_ops).split(",")),
        sortable,
        frozenset(enum) if enum is not None else None,
        fold,
    )


@dataclass(frozen=True)
class ListSpec:
    table: Table
    fields: Mapping[str, Field]
    default_sort: tuple[tuple[str, bool], ...] = (("createdTime", False),)
    aliases: Mapping[str, str] = field(default_factory=dict)

    @staticmethod
    def build(table: Table, *fields: Field, aliases: Mapping[str, str] | None = None) -> ListSpec:
        c = table.c
        base = [
            list_field("id", c.id, ops="eq,ne,in,nin"),
            list_field("archived", c.archived, "bool"),
            list_field("createdTime", c.created_time, "time"),
            list_field("updatedTime", c.updated_time, "time"),
        ]
        return ListSpec(table, {f.name: f for f in [*base, *fields]}, aliases=aliases or {})

    def field(self, name: str) -> Field | None:
        return self.fields.get(self.aliases.get(name, name))


@dataclass(frozen=True)
class ListParams:
    max: str | None = None
    page: str | None = None
    filters: str | None = None
    sort: str | None = None


async def list_params(
    # ``str`` with a None default rather than ``str | None``: FastAPI inspects each parameter's
    # annotation again on every request, and a union costs ~4 µs more per parameter. The served
    # spec is the same (bill_sandbox.openapi drops the null branch FastAPI writes for optional
    # parameters).
    max: str = Query(None, description="Page size, 1 to 100 (default 20)"),
    page: str = Query(None, description="nextPage or prevPage of a previous response"),
    filters: str = Query(None, description='field:op:value[,...], e.g. name:sw:"Hap"'),
    sort: str = Query(None, description="field:asc|desc[,...], e.g. createdTime:desc"),
) -> ListParams:
    return ListParams(max, page, filters, sort)


# ------------------------------------------------------------------------------- parsing


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
        if len(bits) == 3 and bits[1].strip() in ALL_OPS | {"in", "nin"} and not bits[0].startswith('"'):
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


def filter_clause(flt: Filter) -> ColumnElement[bool]:
    return _filter_clause(flt, _bound_values(flt, escape=False))


# The last code point: every string that starts with p sorts before p + PREFIX_END (byte order).
PREFIX_END = "\U0010ffff"


def _bound_values(flt: Filter, escape: bool) -> tuple[Any, ...]:
    """The values a filter's clause binds, in order: a ``sw`` on a folded field is the range
    [p, p + PREFIX_END); another ``sw`` one (escaped) LIKE prefix."""
    if flt.op != "sw":
        return flt.values
    value = str(flt.values[0])
    if flt.field.fold:
        return (value, value + PREFIX_END)
    return (_like_escape(value) if escape else value,)


def _filter_clause(flt: Filter, v: Sequence[Any]) -> ColumnElement[bool]:
    """The filter's clause with values ``v``: the filter's own values (a ``sw`` value as a
    string), or bind parameters that stand for them (a ``sw`` one bound to the escaped value,
    see ``_like_escape``)."""
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
            if isinstance(v[0], str):
                return col.istartswith(v[0], autoescape=True)  # type: ignore[no-any-return]
            return col.istartswith(v[0], escape="/")  # type: ignore[no-any-return]
    raise RequestError("BDC_1131", flt.op)


def _like_escape(value: str) -> str:
    """What ``autoescape=True`` does to a LIKE prefix (escape character ``/``)."""
    return value.replace("/", "//").replace("%", "/%").replace("_", "/_")


# ------------------------------------------------------------------------------- cursors


def _scope(spec: ListSpec, filters: str | None, where: Sequence[ColumnElement[bool]]) -> str:
    """What a cursor is bound to besides its sort: the resource (its table and fixed
    conditions, such as one bill's documents or one classification kind) and the filters. A
    cursor replayed on another list is a clean 400 ``BDC_1129`` (``decode_cursor``)."""
    parts = [spec.table.name, filters or ""]
    for clause in where:
        parts.append(str(clause))  # its shape; and the values it pins (``col = value``), not
        # the moving ones (a list of what is ready by now compares with the time)

        def pinned(el: Any) -> None:
            if el.operator is operators.eq and isinstance(el.right, BindParameter):
                parts.append(f"{el.left}={el.right.value}")

        traverse(clause, {}, {"binary": pinned})
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def _sort_signature(order: Sequence[tuple[Field, bool]]) -> str:
    return ",".join(f"{f.name}:{'desc' if d else 'asc'}" for f, d in order)


def encode_cursor(secret: bytes, direction: str, sig: str, key: Sequence[Any]) -> str:
    payload = orjson.dumps({"d": direction, "s": sig, "k": list(key)})
    mac = hmac.new(secret, payload, hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(payload + mac).decode().rstrip("=")


def decode_cursor(secret: bytes, token: str, sig: str, width: int) -> tuple[str, list[Any]]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload, mac = raw[:-12], raw[-12:]
        if not hmac.compare_digest(mac, hmac.new(secret, payload, hashlib.sha256).digest()[:12]):
            raise ValueError("bad signature")
        data = orjson.loads(payload)
        direction, key = data["d"], data["k"]
        if direction not in ("n", "p") or data["s"] != sig or len(key) != width:
            raise ValueError("cursor for another query")
    except (ValueError, KeyError, TypeError, orjson.JSONDecodeError):
        raise RequestError("BDC_1129", "page", token[:40]) from None
    return direction, key


def _after(cols: Sequence[Any], descs: Sequence[bool], key: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after ``key`` in the order (cols, descs)."""
    if all(d == descs[0] for d in descs):
        left, right = tuple_(*cols), tuple_(*key)
        return (left < right) if descs[0] else (left > right)
    ors: list[ColumnElement[bool]] = []
    for i, (col, desc) in enumerate(zip(cols, descs, strict=True)):
        eqs = [c == k for c, k in zip(cols[:i], key[:i], strict=True)]
        ors.append(and_(*eqs, (col < key[i]) if desc else (col > key[i])))
    return or_(*ors)


# ---------------------------------------------------------------------------------- query
#
# A page's SQL depends only on its "shape": which fields are filtered with which operator and
# how many values, the sort, the direction, whether a cursor is given. Building the statement
# with SQLAlchemy and executing it cost ~250 µs per list (measured on the 2-core bench machine,
# 20 rows; SQLite's own work was ~40 µs); ~60 µs this way: each shape is built once with bind
# parameters, compiled once (``db.Prepared``) and run on the DBAPI cursor, and only the values
# are bound per request. Lists with extra ``where`` clauses, or over columns whose values need
# type processing (dates, decimals), take the plain SQLAlchemy path. Both build their
# statement with ``_page_query``, so the SQL is the same.

_PLAIN_TYPES = (String, Integer, Boolean)
_SHAPES: dict[tuple[Any, ...], tuple[ListSpec, Prepared]] = {}
_MAX_SHAPES = 512  # a few KB each; a client inventing shapes only resets the cache


class _Literal:
    """Values go into the statement as they are (SQLAlchemy binds them per execution); a
    boolean as a bound literal, since ``col > True`` (a cursor over a boolean sort) is refused
    by SQLAlchemy."""

    def __call__(self, value: Any, type_: Any = None) -> Any:
        return literal(value) if isinstance(value, bool) else value


class _Binder:
    """Values become named bind parameters; their values are collected in ``params``."""

    def __init__(self) -> None:
        self.params: dict[str, Any] = {}

    def __call__(self, value: Any, type_: Any = None) -> Any:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return bindparam(name, type_=type_)


def _plain(spec: ListSpec, filters: Sequence[Filter], cols: Sequence[Any]) -> bool:
    t = spec.table
    involved = [t.c.id, t.c.doc, *(f.field.column for f in filters), *cols]
    return all(isinstance(getattr(c, "type", None), _PLAIN_TYPES) for c in involved)


def _page_query(
    spec: ListSpec,
    org_id: str,
    filters: Sequence[Filter],
    cols: Sequence[Any],
    descs: Sequence[bool],
    direction: str,
    key: Sequence[Any] | None,
    limit: int,
    where: Sequence[ColumnElement[bool]],
    bind: _Literal | _Binder,
) -> Select[Any]:
    t = spec.table
    conds = [t.c.org_id == bind(org_id), *where]
    for f in filters:
        values = _bound_values(f, escape=isinstance(bind, _Binder))
        conds.append(_filter_clause(f, [bind(v) for v in values]))
    run_descs = descs if direction == "n" else [not d for d in descs]
    if key is not None:
        conds.append(_after(cols, run_descs, [bind(k) for k in key]))
    return (
        select(*cols, t.c.doc)
        .where(and_(true(), *conds) if conds else false())
        .order_by(*[c.desc() if d else c.asc() for c, d in zip(cols, run_descs, strict=True)])
        .limit(bind(limit + 1, Integer))
    )


def _run_cached(
    tx: Tx,
    spec: ListSpec,
    org_id: str,
    filters: Sequence[Filter],
    cols: Sequence[Any],
    descs: Sequence[bool],
    direction: str,
    key: Sequence[Any] | None,
    limit: int,
) -> list[tuple[Any, ...]] | None:
    """The page's rows through the shape's prepared statement; None if it needs SQLAlchemy."""
    shape = (
        id(spec),
        tuple((f.field.name, f.op, len(f.values)) for f in filters),
        tuple(descs),
        tuple(id(c) for c in cols),
        direction,
        key is not None,
    )
    binder = _Binder()
    cached = _SHAPES.get(shape)
    if cached is None or cached[0] is not spec:
        if not _plain(spec, filters, cols):
            return None
        stmt = _page_query(spec, org_id, filters, cols, descs, direction, key, limit, (), binder)
        if len(_SHAPES) >= _MAX_SHAPES:
            _SHAPES.clear()
        cached = _SHAPES[shape] = (spec, Prepared(stmt))
    else:  # the same values, in the order _page_query binds them
        binder(org_id)
        for f in filters:
            for v in _bound_values(f, escape=True):
                binder(v)
        for k in key or ():
            binder(k)
        binder(limit + 1)
    return tx.fetch(cached[1], binder.params)


def list_page(
    tx: Tx, spec: ListSpec, org_id: str, params: ListParams, where: Iterable[ColumnElement[bool]] = ()
) -> bytes:
    """Run one page of a list and return the response body (documents are not re-parsed)."""
    limit = parse_max(params.max)
    filters = parse_filters(params.filters, spec)
    order = parse_sort(params.sort, spec)
    t = spec.table
    cols = [f.column for f, _ in order] + [t.c.id]
    descs = [d for _, d in order] + [order[-1][1]]
    sig = _sort_signature(order) + "|" + _scope(spec, params.filters, where := list(where))
    direction, key = "n", None
    if params.page:
        direction, key = decode_cursor(tx.secret, params.page, sig, len(cols))
    rows: list[Any] | None = None
    if not where:
        rows = _run_cached(tx, spec, org_id, filters, cols, descs, direction, key, limit)
    if rows is None:
        stmt = _page_query(spec, org_id, filters, cols, descs, direction, key, limit, where, _Literal())
        rows = list(tx.conn.execute(stmt).all())
    more = len(rows) > limit
    rows = rows[:limit]
    if direction == "p":
        rows.reverse()
    width = len(cols)
    next_page = prev_page = None
    if rows:
        first, last = list(rows[0][:width]), list(rows[-1][:width])
        for i, c in enumerate(cols):
            if isinstance(c.type, Boolean):  # the DBAPI may answer 0/1; cursors carry booleans
                first[i], last[i] = bool(first[i]), bool(last[i])
        if direction == "n":
            next_page = encode_cursor(tx.secret, "n", sig, last) if more else None
            prev_page = encode_cursor(tx.secret, "p", sig, first) if key is not None else None
        else:
            prev_page = encode_cursor(tx.secret, "p", sig, first) if more else None
            next_page = encode_cursor(tx.secret, "n", sig, last)
    elif key is not None:
        if direction == "n":
            prev_page = encode_cursor(tx.secret, "p", sig, key)
        else:
            next_page = encode_cursor(tx.secret, "n", sig, key)
    head = b"{"
    if next_page:
        head += b'"nextPage":"' + next_page.encode() + b'",'
    if prev_page:
        head += b'"prevPage":"' + prev_page.encode() + b'",'
    docs = b",".join(r[-1].encode() for r in rows)
    return head + b'"results":[' + docs + b"]}"
