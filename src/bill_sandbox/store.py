"""The generic create/get/list/update/archive/restore path shared by every resource.

A resource declares a ``DocumentStore``: its table (a ``DocumentMixin`` model), its id prefix,
its ``ListSpec`` and a ``project`` function that copies the filterable/sortable fields of a
wire document into the table's indexed columns. The store keeps ``doc`` and those columns in
step, stamps ids and times, scopes every statement to the caller's organization, and answers
an id of another organization exactly like an unknown id (404 BDC_1205).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Table, bindparam, select

from bill_sandbox import ids
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Prepared
from bill_sandbox.errors import NotFoundError
from bill_sandbox.jsonio import prune
from bill_sandbox.listing import ListParams, ListSpec, list_page

Doc = dict[str, Any]


def valid_id(value: str) -> bool:
    """Ids are short printable tokens; anything else cannot exist (and must not reach SQL)."""
    return 0 < len(value) <= 40 and value.isprintable()


def _no_projection(_: Doc) -> Mapping[str, Any]:
    return {}


class DocumentStore:
    def __init__(
        self,
        table: Table,
        prefix: str,
        spec: ListSpec,
        project: Callable[[Doc], Mapping[str, Any]] = _no_projection,
        key_order: Sequence[str] = (),
    ) -> None:
        self.table = table
        self.prefix = prefix
        self.spec = spec
        self.project = project
        self.key_order = tuple(key_order)
        c = table.c
        self._get_q = select(c.doc)
        self._lock_q = select(c.doc)
        # GET by id is every resource's hottest statement: Prepared (see db.Prepared).
        by_id = select(c.doc).where(c.id == bindparam("id"), c.org_id == bindparam("org"))
        self._by_id = Prepared(by_id)
        self._by_id_for_update = Prepared(by_id.with_for_update())

    # ---------------------------------------------------------------------------- helpers
    def order(self, doc: Doc) -> Doc:
        """Put keys in BILL's order (as in its example responses); unknown keys go last."""
        if not self.key_order:
            return doc
        out = {k: doc[k] for k in self.key_order if k in doc}
        out.update((k, v) for k, v in doc.items() if k not in out)
        return out

    def _columns(self, doc: Doc) -> dict[str, Any]:
        return {
            "archived": bool(doc.get("archived", False)),
            "created_time": doc["createdTime"],
            "updated_time": doc["updatedTime"],
            **self.project(doc),
        }

    def encode(self, doc: Doc) -> str:
        return orjson.dumps(doc).decode()

    # ------------------------------------------------------------------------- operations
    def new_id(self) -> str:
        return ids.new_id(self.prefix)

    def insert(self, ctx: RequestContext, doc: Doc, id_: str | None = None) -> Doc:
        doc = prune(doc)
        now = ctx.now_iso
        doc["id"] = id_ or doc.get("id") or self.new_id()
        doc.setdefault("archived", False)
        doc["createdTime"] = now
        doc["updatedTime"] = now
        doc = self.order(doc)
        ctx.tx.conn.execute(
            self.table.insert().values(
                id=doc["id"], org_id=ctx.org_id, doc=self.encode(doc), **self._columns(doc)
            )
        )
        return doc

    def insert_many(self, ctx: RequestContext, docs: Iterable[Doc]) -> list[Doc]:
        out: list[Doc] = []
        rows: list[dict[str, Any]] = []
        now = ctx.now_iso
        for raw in docs:
            doc = prune(raw)
            doc["id"] = doc.get("id") or self.new_id()
            doc.setdefault("archived", False)
            doc["createdTime"] = doc["updatedTime"] = now
            doc = self.order(doc)
            out.append(doc)
            rows.append(
                {"id": doc["id"], "org_id": ctx.org_id, "doc": self.encode(doc), **self._columns(doc)}
            )
        if rows:
            ctx.tx.conn.execute(self.table.insert(), rows)
        return out

    def get_raw(self, ctx: RequestContext, id_: str) -> str:
        if not valid_id(id_):
            raise NotFoundError(id_)
        value = ctx.tx.fetch_value(self._by_id, {"id": id_, "org": ctx.org_id})
        if value is None:
            raise NotFoundError(id_)
        return str(value)

    def get(self, ctx: RequestContext, id_: str, for_update: bool = False) -> Doc:
        if not valid_id(id_):
            raise NotFoundError(id_)
        q = self._by_id_for_update if for_update else self._by_id
        value = ctx.tx.fetch_value(q, {"id": id_, "org": ctx.org_id})
        if value is None:
            raise NotFoundError(id_)
        doc: Doc = orjson.loads(value)
        return doc

    def find(self, ctx: RequestContext, id_: str) -> Doc | None:
        try:
            return self.get(ctx, id_)
        except NotFoundError:
            return None

    def get_many(self, ctx: RequestContext, id_list: Sequence[str]) -> dict[str, Doc]:
        c = self.table.c
        rows = ctx.tx.conn.execute(
            select(c.id, c.doc).where(c.org_id == ctx.org_id, c.id.in_(list(id_list)))
        ).all()
        return {r.id: orjson.loads(r.doc) for r in rows}

    def save(self, ctx: RequestContext, doc: Doc, touch: bool = True) -> Doc:
        doc = self.order(prune(doc))
        if touch:
            doc["updatedTime"] = ctx.now_iso
        c = self.table.c
        ctx.tx.conn.execute(
            self.table.update()
            .where(c.id == doc["id"], c.org_id == ctx.org_id)
            .values(doc=self.encode(doc), **self._columns(doc))
        )
        return doc

    def set_archived(self, ctx: RequestContext, id_: str, archived: bool) -> Doc:
        """Archive/restore; repeating either is a no-op that still answers with the object."""
        doc = self.get(ctx, id_, for_update=True)
        if doc.get("archived") == archived:
            return doc
        doc["archived"] = archived
        return self.save(ctx, doc)

    def list(
        self, ctx: RequestContext, params: ListParams, where: Iterable[ColumnElement[bool]] = ()
    ) -> bytes:
        return list_page(ctx.tx, self.spec, ctx.org_id, params, where)


def merge_patch(doc: Doc, patch: Mapping[str, Any]) -> Doc:
    """PATCH: nested objects merge, lists and scalars replace, null removes."""
    out = dict(doc)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = merge_patch(out[key], value)
        else:
            out[key] = value
    return out
