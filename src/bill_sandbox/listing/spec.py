"""What a list declares: its table, the wire fields clients may filter and sort on (``Field``,
``list_field``, ``ListSpec``) and the SQL expressions such fields may stand for besides a plain column
(``Folded``, ``DocPath``); plus the four query parameters every list takes (``ListParams``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import Query
from sqlalchemy import BigInteger, Boolean, ColumnElement, String, Table
from sqlalchemy.ext.compiler import compiles

from bill_sandbox import fastpath

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


@fastpath.reads_query(lambda q: ListParams(q.get("max"), q.get("page"), q.get("filters"), q.get("sort")))
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
