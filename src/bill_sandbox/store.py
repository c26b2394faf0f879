"""The generic create/get/list/update/archive/restore/delete path shared by every resource.

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
from sqlalchemy import Boolean, ColumnElement, Integer, String, Table, bindparam, select

from bill_sandbox import events, ids
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
        entity: str | None = None,
        archivable: bool = True,
        times_in_doc: bool = True,
    ) -> None:
        self.table = table
        self.archivable = archivable
        # False: BILL's object shows no ``createdTime``/``updatedTime`` (approval policies);
        # the row's columns still hold them.
        self.times_in_doc = times_in_doc
        # The event name of the documents (``vendor``: ``vendor.created``, ``.updated``,
        # ``.archived``, ``.restored``), recorded with every write; None: no events.
        self.entity = entity
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
        self._dml: dict[tuple[str, tuple[str, ...]], _Dml | None] = {}

    # ---------------------------------------------------------------------------- helpers
    def order(self, doc: Doc) -> Doc:
        """Put keys in BILL's order (as in its example responses); unknown keys go last."""
        if not self.key_order:
            return doc
        out = {k: doc[k] for k in self.key_order if k in doc}
        out.update((k, v) for k, v in doc.items() if k not in out)
        return out

    def _columns(self, doc: Doc, created: str | None = None, updated: str | None = None) -> dict[str, Any]:
        """The row's columns besides ``id``, ``org_id`` and ``doc``: archived flag, times (from
        the document, or ``created``/``updated`` when it carries none; None leaves a column as
        it is) and the projections."""
        out: dict[str, Any] = {"archived": bool(doc.get("archived", False))}
        if self.times_in_doc:
            out["created_time"] = doc["createdTime"]
            out["updated_time"] = doc["updatedTime"]
        else:
            if created is not None:
                out["created_time"] = created
            if updated is not None:
                out["updated_time"] = updated
        out.update(self.project(doc))
        return out

    def _stamp(self, doc: Doc, now: str) -> Doc:
        doc = prune(doc)
        if self.archivable:
            doc.setdefault("archived", False)
        if self.times_in_doc:
            doc["createdTime"] = now
            doc["updatedTime"] = now
        return self.order(doc)

    def encode(self, doc: Doc) -> str:
        return orjson.dumps(doc).decode()

    def _prepared_dml(self, kind: str, keys: tuple[str, ...]) -> _Dml | None:
        """The INSERT (``kind`` "insert") or UPDATE-by-id ("update") of these columns, prepared
        once (``db.Prepared``: ~10 µs instead of ~120 µs through ``insert().values(...)``, which
        rebuilt and re-keyed the statement per request). None when the statement needs
        SQLAlchemy: a column it does not know, a default or onupdate that is not a constant, a
        type whose values are processed (dates, decimals)."""
        try:
            return self._dml[(kind, keys)]
        except KeyError:
            dml = self._dml[(kind, keys)] = _make_dml(self.table, kind, keys)
            return dml

    def announce(self, ctx: RequestContext, action: str, doc: Doc, previous: Doc | None = None) -> None:
        """Record ``<entity>.<action>`` (archived/restored fall back to ``updated`` where BILL
        announces no such event for the entity)."""
        if self.entity is None:
            return
        name = f"{self.entity}.{action}"
        if name not in events.CATALOG and action in ("archived", "restored"):
            name = f"{self.entity}.updated"
        events.record(ctx, name, doc, previous)

    # ------------------------------------------------------------------------- operations
    def new_id(self) -> str:
        return ids.new_id(self.prefix)

    def insert(
        self,
        ctx: RequestContext,
        doc: Doc,
        id_: str | None = None,
        columns: Mapping[str, Any] = {},
        at: str | None = None,
    ) -> Doc:
        """Store a new document: id (``id_``, the document's, or a new one with the prefix),
        ``archived``, times, nulls pruned, keys ordered; records ``<entity>.created``.
        ``columns``: row-only values that are not part of the document (a password hash, a
        due time kept out of the answer). ``at``: the creation time when it is not the
        transaction's (seeds stagger theirs so that the default order, by creation, is theirs)."""
        now = at or ctx.now_iso
        doc = self._stamp({**doc, "id": id_ or doc.get("id") or self.new_id()}, now)
        row = {
            "id": doc["id"],
            "org_id": ctx.org_id,
            "doc": self.encode(doc),
            **self._columns(doc, now, now),
            **columns,
        }
        dml = self._prepared_dml("insert", tuple(row))
        if dml is None:
            ctx.tx.conn.execute(self.table.insert().values(**row))
        else:
            ctx.tx.execute_dml(dml.query, dml.params(row))
        self.announce(ctx, "created", doc)
        return doc

    def insert_many(self, ctx: RequestContext, docs: Iterable[Doc]) -> list[Doc]:
        out: list[Doc] = []
        rows: list[dict[str, Any]] = []
        now = ctx.now_iso
        for raw in docs:
            doc = self._stamp({**raw, "id": raw.get("id") or self.new_id()}, now)
            out.append(doc)
            rows.append(
                {
                    "id": doc["id"],
                    "org_id": ctx.org_id,
                    "doc": self.encode(doc),
                    **self._columns(doc, now, now),
                }
            )
        if rows:
            ctx.tx.conn.execute(self.table.insert(), rows)
        for doc in out:
            self.announce(ctx, "created", doc)
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

    def save(
        self,
        ctx: RequestContext,
        doc: Doc,
        touch: bool = True,
        previous: Doc | None = None,
        announce: bool = True,
        columns: Mapping[str, Any] = {},
    ) -> Doc:
        """Write a changed document back; records ``<entity>.updated`` (or ``.archived`` /
        ``.restored`` when ``previous`` shows the archived flag flipped) unless ``announce`` is
        False (bookkeeping that BILL does not announce, such as a vendor's running balance).
        ``columns``: row-only values, as for ``insert``."""
        doc = self.order(prune(doc))
        now = ctx.now_iso if touch else None
        if touch and self.times_in_doc:
            doc["updatedTime"] = now
        values = {"doc": self.encode(doc), **self._columns(doc, None, now), **columns}
        dml = self._prepared_dml("update", tuple(values))
        if dml is None:
            c = self.table.c
            ctx.tx.conn.execute(
                self.table.update().where(c.id == doc["id"], c.org_id == ctx.org_id).values(**values)
            )
        else:
            ctx.tx.execute_dml(dml.query, dml.params(values, where_id=doc["id"], where_org=ctx.org_id))
        if not announce:
            return doc
        action = "updated"
        if previous is not None and bool(previous.get("archived")) != bool(doc.get("archived")):
            action = "archived" if doc.get("archived") else "restored"
        self.announce(ctx, action, doc, previous)
        return doc

    def set_columns(self, ctx: RequestContext, id_: str, **values: Any) -> None:
        """Write row-only bookkeeping columns (a timer's due time, a schedule's state), leaving
        the document, its times and its projections as they are."""
        kept = {"id", "org_id", "doc", "archived", "created_time", "updated_time"}
        if kept & values.keys():
            raise ValueError(f"set_columns cannot write {sorted(kept & values.keys())}")
        c = self.table.c
        ctx.tx.conn.execute(self.table.update().where(c.id == id_, c.org_id == ctx.org_id).values(**values))

    def set_archived(self, ctx: RequestContext, id_: str, archived: bool) -> Doc:
        """Archive/restore; repeating either is a no-op that still answers with the object."""
        doc = self.get(ctx, id_, for_update=True)
        if doc.get("archived") == archived:
            return doc
        return self.save(ctx, {**doc, "archived": archived}, previous=doc)

    def delete(self, ctx: RequestContext, id_: str) -> bool:
        """Remove a document for good (BILL's hard DELETEs, and state that is dropped rather
        than archived); records ``<entity>.deleted`` where BILL announces one. False when the
        organization has no such document."""
        if not valid_id(id_):
            return False
        doc = self.find(ctx, id_)
        if doc is None:
            return False
        c = self.table.c
        ctx.tx.conn.execute(self.table.delete().where(c.id == id_, c.org_id == ctx.org_id))
        if self.entity is not None and f"{self.entity}.deleted" in events.CATALOG:
            events.record(ctx, f"{self.entity}.deleted", doc)
        return True

    def list(
        self, ctx: RequestContext, params: ListParams, where: Iterable[ColumnElement[bool]] = ()
    ) -> bytes:
        return list_page(ctx.tx, self.spec, ctx.org_id, params, where)


_PLAIN = (String, Integer, Boolean)  # values the DBAPI takes as they are


class _Dml:
    """A prepared INSERT/UPDATE: bind ``c0..cN`` stand for ``keys`` (a bind named like its
    column is reserved by SQLAlchemy), ``fixed`` holds the constant defaults of columns left
    out."""

    __slots__ = ("fixed", "keys", "query")

    def __init__(self, query: Prepared, keys: tuple[str, ...], fixed: dict[str, Any]) -> None:
        self.query = query
        self.keys = keys
        self.fixed = fixed

    def params(self, row: Mapping[str, Any], **where: Any) -> dict[str, Any]:
        out = {f"c{i}": row[k] for i, k in enumerate(self.keys)}
        out.update(self.fixed)
        out.update(where)
        return out


def _make_dml(table: Table, kind: str, keys: tuple[str, ...]) -> _Dml | None:
    c = table.c
    if len(set(keys)) != len(keys) or any(k not in c for k in keys):
        return None
    binds: dict[str, Any] = {k: bindparam(f"c{i}") for i, k in enumerate(keys)}
    fixed: dict[str, Any] = {}
    for col in c:
        if col.key in keys:
            continue
        default = col.default if kind == "insert" else col.onupdate
        if default is None:
            continue
        if not getattr(default, "is_scalar", False):
            return None
        binds[col.key] = bindparam(f"d_{col.key}")
        fixed[f"d_{col.key}"] = default.arg  # type: ignore[attr-defined]
    if not all(isinstance(c[k].type, _PLAIN) for k in binds):
        return None
    if kind == "insert":
        stmt: Any = table.insert().values(binds)
    else:
        stmt = (
            table.update()
            .where(c.id == bindparam("where_id"), c.org_id == bindparam("where_org"))
            .values(binds)
        )
    return _Dml(Prepared(stmt), keys, fixed)


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
