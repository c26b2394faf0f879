"""The list fast path against a plain SQLAlchemy Core query, on random data and random queries.

``list_page`` runs a list through compiled-once statements on the DBAPI cursor (or, with extra
``where`` clauses, through SQLAlchemy), in pages joined by signed cursors. Here the same
filters and sort are also written the straightforward way: one ``select()`` with its
``where``, ``order_by`` and ``limit``, executed by SQLAlchemy. For every operator a spec allows,
every field kind and random sorts, both must return the same ids in the same order: the first
page, every page walked with ``nextPage``, and one page back with ``prevPage``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ColumnElement,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    not_,
    select,
)

from bill_sandbox import clock
from bill_sandbox.db import Database, Tx
from bill_sandbox.listing import ListParams, ListSpec, doc_field, list_field, list_page

md = MetaData()
t = Table(
    "listing_differential",
    md,
    Column("id", String(40), primary_key=True),
    Column("org_id", String(20), nullable=False),
    Column("archived", Boolean, nullable=False),
    Column("created_time", String(29), nullable=False),
    Column("updated_time", String(29), nullable=False),
    Column("doc", Text, nullable=False),
    Column("name", String(20), nullable=False),
    Column("code", String(20), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("rank", Integer, nullable=False),
    Column("due_date", String(10), nullable=False),
)
KINDS = ("BUSINESS", "PERSON", "NONE")
SPEC = ListSpec.build(
    t,
    list_field("name", t.c.name, fold=True),  # case-insensitive, every operator of a string
    list_field("code", t.c.code),
    list_field("kind", t.c.kind, "enum", enum=KINDS),
    list_field("amount", t.c.amount, "money"),
    list_field("rank", t.c.rank, "int"),
    list_field("dueDate", t.c.due_date, "date"),
    list_field("note", doc_field(t, "note")),
    list_field("score", doc_field(t, "score", "int"), "int"),
)
ORG, OTHER_ORG = "00800000000000000001", "00800000000000000002"
BASE = datetime(2024, 3, 1, tzinfo=UTC)
TIMES = [clock.iso(BASE + timedelta(seconds=i)) for i in range(4)]
DATES = ["2024-03-01", "2024-03-02", "2024-03-03"]
# Strings from a small pool, so that values collide (eq, in, ties in sorts) and prefixes match:
# letters of both cases and LIKE's special characters (escaping matters: "_" and "a%" must not
# act as wildcards); nothing the filter syntax reserves (, : ").
WORDS = ["", "a", "A", "ab", "aB", "Ab", "b", "%", "_", "a%", "a_b", "/", "B/", "a/b", "%b"]
TEXT = st.sampled_from(WORDS)
NONEMPTY = st.sampled_from(WORDS[1:])
PREFIXES = st.sampled_from(["a", "A", "b", "%", "_", "/", "a%", "a_", "aB", "a/"])
MONEY = st.sampled_from([-150, 0, 25, 150, 300])  # cents

# field -> (kind of value, operators); the wire form and the column value come from the kind.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    name: (f.kind, tuple(sorted(f.ops))) for name, f in SPEC.fields.items()
}


def _value(kind: str, field: str) -> st.SearchStrategy[Any]:
    if field == "id":
        return st.integers(0, 12).map(lambda i: f"r{i:03d}")
    return {
        "str": TEXT,
        "enum": st.sampled_from(KINDS),
        "bool": st.booleans(),
        "time": st.sampled_from(TIMES),
        "date": st.sampled_from(DATES),
        "money": MONEY,
        "int": st.integers(-3, 3),
    }[kind]


def _wire(kind: str, value: Any) -> str:
    if kind == "bool":
        return "true" if value else "false"
    if kind == "money":
        return f"{value / 100:.2f}"
    return f'"{value}"' if kind == "str" else str(value)


OPS = sorted({op for _, ops in FIELDS.values() for op in ops})


@st.composite
def filters(draw: st.DrawFn) -> list[tuple[str, str, tuple[Any, ...]]]:
    """Up to two filters: an operator first (each equally likely), then a field allowing it."""
    out: list[tuple[str, str, tuple[Any, ...]]] = []
    for op in draw(st.lists(st.sampled_from(OPS), max_size=2)):
        field = draw(st.sampled_from([name for name, (_, ops) in FIELDS.items() if op in ops]))
        kind = FIELDS[field][0]
        if op in ("in", "nin"):
            value = NONEMPTY if kind == "str" and field != "id" else _value(kind, field)
            values = tuple(draw(st.lists(value, min_size=1, max_size=3)))
        elif kind == "str" and field != "id":
            values = (draw(PREFIXES if op == "sw" else TEXT),)
        else:
            values = (draw(_value(kind, field)),)
        out.append((field, op, values))
    return out


def filter_text(flts: list[tuple[str, str, tuple[Any, ...]]]) -> str | None:
    parts = []
    for field, op, values in flts:
        kind = FIELDS[field][0]
        if op in ("in", "nin"):  # one quoted list
            inner = ",".join(_wire(kind, v).strip('"') for v in values)
            parts.append(f'{field}:{op}:"{inner}"')
        else:
            parts.append(f"{field}:{op}:{_wire(kind, values[0])}")
    return ",".join(parts) or None


SORTABLE = sorted(name for name, f in SPEC.fields.items() if f.sortable)
sorts = st.lists(st.tuples(st.sampled_from(SORTABLE), st.booleans()), max_size=3, unique_by=lambda s: s[0])

rows_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "archived": st.booleans(),
            "created_time": st.sampled_from(TIMES),
            "name": TEXT,
            "code": TEXT,
            "kind": st.sampled_from(KINDS),
            "amount": MONEY,
            "rank": st.integers(-3, 3),
            "due_date": st.sampled_from(DATES),
            "note": st.none() | TEXT,
            "score": st.none() | st.integers(-3, 3),
            "other_org": st.booleans(),
        }
    ),
    min_size=3,
    max_size=14,
)


# -------------------------------------------------------------------- the plain Core query


def reference_clause(field: str, op: str, values: tuple[Any, ...], dialect: str) -> ColumnElement[bool]:
    """The filter the obvious way: ``column <op> value``; case-insensitive fields compare
    ``lower()`` on both sides in byte order, ``sw`` is ``lower(column) LIKE lower(prefix) || '%'``."""
    f = SPEC.fields[field]
    col: Any = f.column
    if f.kind == "str" and (f.fold or op == "sw"):
        col = func.lower(col)
        if dialect == "postgresql" and f.fold:
            col = col.collate("C")
        values = tuple(v.lower() for v in values)
    if op == "sw":
        return col.startswith(values[0], autoescape=True)  # type: ignore[no-any-return]
    if op == "in":
        return col.in_(values)  # type: ignore[no-any-return]
    if op == "nin":
        return not_(col.in_(values))
    compare = {
        "eq": "__eq__",
        "ne": "__ne__",
        "lt": "__lt__",
        "lte": "__le__",
        "gt": "__gt__",
        "gte": "__ge__",
    }
    return getattr(col, compare[op])(values[0])  # type: ignore[no-any-return]


def reference_ids(
    tx: Tx, flts: list[tuple[str, str, tuple[Any, ...]]], order: list[tuple[str, bool]], limit: int | None
) -> list[str]:
    order = order or [("createdTime", False)]
    cols = [(SPEC.fields[name].column, desc) for name, desc in order] + [(t.c.id, order[-1][1])]
    stmt = (
        select(t.c.id)
        .where(t.c.org_id == ORG, *(reference_clause(*f, tx.conn.dialect.name) for f in flts))
        .order_by(*(c.desc() if desc else c.asc() for c, desc in cols))
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [r[0] for r in tx.conn.execute(stmt)]


# ------------------------------------------------------------------------------ the test


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_database")
    else:
        url = f"sqlite:///{Path(tmp_path_factory.mktemp('listing')) / 'diff.db'}"
    database = Database(url)
    database.secret = os.urandom(32)
    md.create_all(database.engine)
    yield database
    md.drop_all(database.engine)
    database.close()


def _ids(body: bytes) -> tuple[list[str], dict[str, Any]]:
    data = orjson.loads(body)
    return [d["id"] for d in data["results"]], data


def walk(tx: Tx, params: ListParams, extra: bool) -> list[str]:
    """Every page from the first, following nextPage; checks one step back with prevPage."""
    where = [t.c.org_id == ORG] if extra else []  # an extra condition: the SQLAlchemy path
    seen: list[str] = []
    pages: list[list[str]] = []
    page: str | None = None
    while True:
        ids, data = _ids(
            list_page(tx, SPEC, ORG, ListParams(params.max, page, params.filters, params.sort), where)
        )
        pages.append(ids)
        seen += ids
        if len(pages) >= 2:
            back, _ = _ids(
                list_page(
                    tx,
                    SPEC,
                    ORG,
                    ListParams(params.max, data["prevPage"], params.filters, params.sort),
                    where,
                )
            )
            assert back == pages[-2]
        page = data.get("nextPage")
        if page is None:
            return seen


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows_strategy, flts=filters(), order=sorts, size=st.integers(1, 4))
def test_fast_path_matches_plain_core(
    db: Database,
    rows: list[dict[str, Any]],
    flts: list[tuple[str, str, tuple[Any, ...]]],
    order: list[tuple[str, bool]],
    size: int,
) -> None:
    records = []
    for i, row in enumerate(rows):
        doc: dict[str, Any] = {"id": f"r{i:03d}"}
        if row["note"] is not None:
            doc["note"] = row["note"]
        if row["score"] is not None:
            doc["score"] = row["score"]
        records.append(
            {
                "id": f"r{i:03d}",
                "org_id": OTHER_ORG if row["other_org"] else ORG,
                "updated_time": row["created_time"],
                "doc": orjson.dumps(doc).decode(),
                **{k: v for k, v in row.items() if k not in ("note", "score", "other_org")},
            }
        )
    sort = ",".join(f"{name}:{'desc' if desc else 'asc'}" for name, desc in order) or None
    params = ListParams(str(size), None, filter_text(flts), sort)
    with db.transaction() as tx:
        tx.conn.execute(t.delete())
        if records:
            tx.conn.execute(t.insert(), records)
        expected = reference_ids(tx, flts, order, None)
        first, _ = _ids(list_page(tx, SPEC, ORG, params))
        assert first == reference_ids(tx, flts, order, size)
        assert walk(tx, params, extra=False) == expected
        assert walk(tx, params, extra=True) == expected
