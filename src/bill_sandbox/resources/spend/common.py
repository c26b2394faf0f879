"""What every Spend & Expense family shares: rows with an ``id`` and a ``uuid``, the store.

S&E objects carry two ids (BILL-RULES §5.18b): ``id``, base64 of ``"<Type>:<n>"`` (deprecated but
still returned) and ``uuid`` with a type prefix (``usr_``, ``bgt_``...). Paths and ``...Id``
body fields accept either. Rows are keyed by the uuid; ``legacy_id`` holds the other one.
Deleted objects stay readable with ``retired: true`` and leave the lists.
"""

from __future__ import annotations

import base64
import secrets
import string
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Boolean, Index, String, Table, Text, or_, select

from bill_sandbox import money
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Mapped, TenantMixin, mapped_column
from bill_sandbox.errors import NotFoundError, ValidationFailed, field_error
from bill_sandbox.jsonio import prune

Doc = dict[str, Any]
_B62 = string.ascii_letters + string.digits


class SpendMixin(TenantMixin):
    """uuid (primary key), the base64 ``id``, the retired flag, times and the wire document."""

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    legacy_id: Mapped[str] = mapped_column(String(40), nullable=False)
    retired: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_time: Mapped[str] = mapped_column(String(29), nullable=False)
    updated_time: Mapped[str] = mapped_column(String(29), nullable=False)
    doc: Mapped[str] = mapped_column(Text, nullable=False)


def spend_indexes(table: str, *columns: str) -> tuple[Index, ...]:
    return (
        Index(f"ix_{table}_org_legacy", "org_id", "legacy_id"),
        *(Index(f"ix_{table}_org_{c}", "org_id", c, "id") for c in ("created_time", *columns)),
    )


def new_uuid(prefix: str) -> str:
    return prefix + "_" + "".join(secrets.choice(_B62) for _ in range(20))


def new_legacy_id(type_name: str, number: int | None = None) -> str:
    n = number if number is not None else secrets.randbelow(9_000_000) + 1_000_000
    return base64.b64encode(f"{type_name}:{n}".encode()).decode()


def amount(value: Decimal | int | None) -> float | int:
    return money.to_json(Decimal(value or 0) if not isinstance(value, Decimal) else value)


def parse_money(field: str, value: Any, allow_negative: bool = False) -> Decimal:
    try:
        out = money.to_decimal(value)
    except ValueError:
        raise field_error(field, "must be a number") from None
    if out < 0 and not allow_negative:
        raise field_error(field, "must be greater than or equal to 0")
    return out


def require(body: Mapping[str, Any], *fields: str) -> None:
    missing = [f"{f}: must not be null" for f in fields if body.get(f) in (None, "", [])]
    if missing:
        raise ValidationFailed(missing)


class SpendStore:
    """Insert/get/save for one S&E table; every statement scoped to the caller's organization."""

    def __init__(
        self,
        table: Table,
        uuid_prefix: str,
        type_name: str,
        project: Callable[[Doc], Mapping[str, Any]],
        key_order: Sequence[str] = (),
    ) -> None:
        self.table = table
        self.uuid_prefix = uuid_prefix
        self.type_name = type_name
        self.project = project
        self.key_order = tuple(key_order)

    def order(self, doc: Doc) -> Doc:
        out = {k: doc[k] for k in ("id", "uuid", *self.key_order) if k in doc}
        out.update((k, v) for k, v in doc.items() if k not in out)
        return out

    def _values(self, doc: Doc) -> dict[str, Any]:
        projected = dict(self.project(doc))  # first: it may take private keys out of ``doc``
        return {"doc": orjson.dumps(doc).decode(), "retired": bool(doc.get("retired")), **projected}

    def insert(
        self, ctx: RequestContext, doc: Doc, uuid: str | None = None, legacy: str | None = None
    ) -> Doc:
        doc = dict(doc)
        doc["uuid"] = uuid or new_uuid(self.uuid_prefix)
        doc["id"] = legacy or new_legacy_id(self.type_name)
        doc = self.order(prune(doc))
        now = ctx.now_iso
        ctx.tx.conn.execute(
            self.table.insert().values(
                id=doc["uuid"],
                legacy_id=doc["id"],
                org_id=ctx.org_id,
                created_time=now,
                updated_time=now,
                **self._values(doc),
            )
        )
        return doc

    def row_id(self, ctx: RequestContext, ref: str) -> str | None:
        """The uuid of the object ``ref`` (its id or uuid) names, or None."""
        if not ref or len(ref) > 40 or not ref.isprintable():
            return None
        c = self.table.c
        value = ctx.tx.conn.execute(
            select(c.id).where(c.org_id == ctx.org_id, or_(c.id == ref, c.legacy_id == ref)).limit(1)
        ).scalar()
        return str(value) if value is not None else None

    def find(self, ctx: RequestContext, ref: str | None, for_update: bool = False) -> Doc | None:
        if not ref or len(ref) > 40 or not ref.isprintable():
            return None
        c = self.table.c
        q = select(c.doc).where(c.org_id == ctx.org_id, or_(c.id == ref, c.legacy_id == ref)).limit(1)
        if for_update:
            q = q.with_for_update()
        value = ctx.tx.conn.execute(q).scalar()
        if value is None:
            return None
        doc: Doc = orjson.loads(value)
        return doc

    def get(self, ctx: RequestContext, ref: str, for_update: bool = False) -> Doc:
        doc = self.find(ctx, ref, for_update)
        if doc is None:
            raise NotFoundError(ref[:40])
        return doc

    def get_live(self, ctx: RequestContext, ref: str, field: str, for_update: bool = False) -> Doc:
        """A referenced object that must exist and not be deleted (400 otherwise)."""
        doc = self.find(ctx, ref, for_update)
        if doc is None or doc.get("retired"):
            from bill_sandbox.errors import RequestError

            raise RequestError("BDC_1119", field, ref[:40])
        return doc

    def save(self, ctx: RequestContext, doc: Doc) -> Doc:
        doc = self.order(prune(doc))
        c = self.table.c
        ctx.tx.conn.execute(
            self.table.update()
            .where(c.id == doc["uuid"], c.org_id == ctx.org_id)
            .values(updated_time=ctx.now_iso, **self._values(doc))
        )
        return doc

    def all(self, ctx: RequestContext, *where: Any, live: bool = True) -> list[Doc]:
        c = self.table.c
        q = select(c.doc).where(c.org_id == ctx.org_id, *where).order_by(c.created_time, c.id)
        if live:
            q = q.where(c.retired.is_(False))
        return [orjson.loads(v) for v in ctx.tx.conn.execute(q).scalars()]


def derived_uuid(prefix: str, seed: str) -> str:
    """A stable uuid for seeded objects (the company, its first ADMIN), so that a reset that
    seeds them again keeps the ids (and the printed apiToken) valid."""
    import hashlib

    digest = hashlib.sha256(seed.encode()).digest()
    return prefix + "_" + "".join(_B62[b % 62] for b in digest[:20])


def derived_number(seed: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:4], "big") % 9_000_000 + 1_000_000


def company_uuid(org_id: str) -> str:
    return derived_uuid("cmp", "company:" + org_id)
