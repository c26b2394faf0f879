"""Classification rules, written once for the seven kinds (BILL-RULES §5.14).

- Every kind lives in the ``classifications`` table; each kind has its own ``DocumentStore``
  (id prefix, key order, list spec) and every statement is scoped to the kind.
- ``parentId`` must name an active object of the same kind in the organization, and may not
  make an object its own ancestor. Items' ``chartOfAccountId`` / ``expenseChartOfAccountId``
  must name active chart-of-accounts entries. Violations are 400 ``BDC_1119``.
- Bulk create/update take 1-50 objects and are all-or-nothing (the request's one transaction
  rolls back on the first error). Bulk archive/restore take ``ids`` (required, comma list).
- A new organization gets a five-account chart of accounts (BILL-RULES §7.3).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy import select

from bill_sandbox import clock
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import NotFoundError, RequestError, field_error
from bill_sandbox.events import Event
from bill_sandbox.listing import ListParams, ListSpec, doc_field, list_field
from bill_sandbox.resources.classifications.kinds import BY_SEGMENT, CHART_OF_ACCOUNTS, KINDS, Kind
from bill_sandbox.resources.classifications.models import ClassificationRow
from bill_sandbox.schemas import RequestModel
from bill_sandbox.store import Doc, DocumentStore, merge_patch

table = ClassificationRow.__table__

BULK_LIMIT = 50

# The id field other resources use to reference each kind (for error messages).
REFERENCE_FIELDS: dict[str, str] = {
    "chart-of-accounts": "chartOfAccountId",
    "accounting-classes": "accountingClassId",
    "departments": "departmentId",
    "employees": "employeeId",
    "items": "itemId",
    "jobs": "jobId",
    "locations": "locationId",
}

_REQUIRE_Q = select(table.c.doc, table.c.archived)
_PARENT_Q = select(table.c.parent_id)


def require(ctx: RequestContext, kind: str, id_: str, field: str | None = None) -> dict[str, Any]:
    """The stored document of an active classification of ``kind`` in the caller's org.

    ``kind`` is the URL segment (``chart-of-accounts``, ``departments``...). An unknown id,
    another organization's id, an id of another kind or an archived object is a 400
    ``BDC_1119`` "Invalid field,value: <field>, <id>." (``field`` defaults to the usual
    reference name of the kind, e.g. ``chartOfAccountId``).
    """
    row = ctx.tx.conn.execute(
        _REQUIRE_Q.where(table.c.id == id_, table.c.org_id == ctx.org_id, table.c.kind == kind)
    ).first()
    if row is None or row.archived:
        raise RequestError("BDC_1119", field or REFERENCE_FIELDS.get(kind, "id"), id_)
    doc: dict[str, Any] = orjson.loads(row.doc)
    return doc


# ------------------------------------------------------------------------------ storage
def _spec(kind: Kind) -> ListSpec:
    extra = [
        list_field(f.name, table.c[f.column], "enum", enum=f.enum)
        if f.enum
        else list_field(f.name, table.c[f.column], ops="eq,ne,in,nin,sw", fold=f.name == "name")
        for f in kind.filters
    ]
    names = {f.name for f in extra}
    # Every kind sorts by name and description (employees: firstName, lastName), BILL-RULES §4.
    if "name" not in names:
        extra.append(list_field("name", table.c.name, ops="eq,ne,in,nin,sw", fold=True))
    extra.append(list_field("description", doc_field(table, "description")))
    if kind.segment == "employees":
        extra += [
            list_field("firstName", doc_field(table, "firstName")),
            list_field("lastName", doc_field(table, "lastName")),
        ]
    return ListSpec.build(table, list_field("parentId", table.c.parent_id, ops="eq,ne,in,nin"), *extra)


def _projection(kind: Kind) -> Callable[[Doc], dict[str, Any]]:
    def project(doc: Doc) -> dict[str, Any]:
        return {
            "kind": kind.segment,
            "name": kind.display_name(doc)[:255],
            "short_name": doc.get("shortName", ""),
            "parent_id": doc.get("parentId", ""),
            "type": (doc.get("account") or {}).get("type") or doc.get("type") or "",
        }

    return project


STORES: dict[str, DocumentStore] = {
    k.segment: DocumentStore(table, k.prefix, _spec(k), _projection(k), k.key_order) for k in KINDS
}


def store_of(kind: Kind | str) -> DocumentStore:
    return STORES[kind if isinstance(kind, str) else kind.segment]


def _own(kind: Kind, id_: str) -> None:
    """An id of another kind (wrong prefix) is unknown here (BILL-RULES §6 #11)."""
    if not id_.startswith(kind.prefix):
        raise NotFoundError(id_)


# -------------------------------------------------------------------------------- rules
def _check_references(ctx: RequestContext, kind: Kind, doc: Doc, changed: Mapping[str, Any]) -> None:
    """Validate the reference fields that are being set (all of them on create)."""
    parent = changed.get("parentId")
    if parent:
        require(ctx, kind.segment, parent, "parentId")
        self_id = doc.get("id")
        if self_id:  # an update: refuse cycles
            seen = 0
            current: str | None = parent
            while current and seen < 1000:
                if current == self_id:
                    raise RequestError("BDC_1119", "parentId", parent)
                current = ctx.tx.conn.execute(
                    _PARENT_Q.where(table.c.id == current, table.c.org_id == ctx.org_id)
                ).scalar()
                seen += 1
    for field, target in kind.references.items():
        value = changed.get(field)
        if value:
            require(ctx, target, value, field)


def _check_required(kind: Kind, patch: Mapping[str, Any], prefix: str = "") -> None:
    for name in kind.required:
        if name in patch and (patch[name] is None or patch[name] == ""):
            raise field_error(f"{prefix}{name}", "must not be blank")


def _bulk_size(kind: Kind, n: int, field: str | None = None) -> None:
    if not 1 <= n <= BULK_LIMIT:
        raise field_error(field or kind.bulk_key, f"size must be between 1 and {BULK_LIMIT}")


def _new_doc(ctx: RequestContext, kind: Kind, body: RequestModel) -> Doc:
    doc = body.to_camel_dict()
    _check_references(ctx, kind, {}, doc)
    return doc


def _patched(ctx: RequestContext, kind: Kind, id_: str, patch: dict[str, Any], prefix: str = "") -> Doc:
    _own(kind, id_)
    store = store_of(kind)
    doc = store.get(ctx, id_, for_update=True)
    _check_required(kind, patch, prefix)
    _check_references(ctx, kind, doc, patch)
    return store.save(ctx, merge_patch(doc, patch))


# ---------------------------------------------------------------------------- operations
def list_objects(ctx: RequestContext, kind: Kind, params: ListParams) -> bytes:
    return store_of(kind).list(ctx, params, where=[table.c.kind == kind.segment])


def create(ctx: RequestContext, kind: Kind, body: RequestModel) -> Doc:
    return store_of(kind).insert(ctx, _new_doc(ctx, kind, body))


def bulk_create(ctx: RequestContext, kind: Kind, bodies: Sequence[RequestModel]) -> dict[str, list[Doc]]:
    _bulk_size(kind, len(bodies))
    docs = [_new_doc(ctx, kind, body) for body in bodies]
    return {kind.bulk_key: store_of(kind).insert_many(ctx, docs)}


def get(ctx: RequestContext, kind: Kind, id_: str) -> str:
    _own(kind, id_)
    return store_of(kind).get_raw(ctx, id_)


def update(ctx: RequestContext, kind: Kind, id_: str, body: RequestModel) -> Doc:
    return _patched(ctx, kind, id_, body.to_camel_dict(exclude_unset=True))


def bulk_update(ctx: RequestContext, kind: Kind, bodies: Sequence[RequestModel]) -> dict[str, list[Doc]]:
    _bulk_size(kind, len(bodies))
    out: list[Doc] = []
    for i, body in enumerate(bodies):
        patch = body.to_camel_dict(exclude_unset=True)
        id_ = str(patch.pop("id"))
        out.append(_patched(ctx, kind, id_, patch, prefix=f"[{i}]."))
    return {kind.bulk_key: out}


def set_archived(ctx: RequestContext, kind: Kind, id_: str, archived: bool) -> Doc:
    _own(kind, id_)
    return store_of(kind).set_archived(ctx, id_, archived)


def bulk_set_archived(ctx: RequestContext, kind: Kind, id_list: str, archived: bool) -> dict[str, list[Doc]]:
    wanted = list(dict.fromkeys(x.strip() for x in id_list.split(",") if x.strip()))
    if not wanted:
        raise RequestError("BDC_1108", "ids")
    _bulk_size(kind, len(wanted), "ids")
    return {kind.bulk_key: [set_archived(ctx, kind, id_, archived) for id_ in wanted]}


# --------------------------------------------------------------------------------- seed
SEED_CHART_OF_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("Checking", "BANK", "1000"),
    ("Accounts Receivable", "ACCOUNTS_RECEIVABLE", "1200"),
    ("Accounts Payable", "ACCOUNTS_PAYABLE", "2000"),
    ("Sales", "INCOME", "4000"),
    ("Office Expenses", "EXPENSE", "6000"),
)


def seed_chart_of_accounts(ctx: RequestContext, _event: Event) -> None:
    """Reaction to ``organization.created``: a new (or reset) organization starts with a small
    chart of accounts (BILL-RULES §7.3)."""
    store = store_of(CHART_OF_ACCOUNTS)
    count = len(SEED_CHART_OF_ACCOUNTS)
    for i, (name, type_, number) in enumerate(SEED_CHART_OF_ACCOUNTS):
        # One millisecond apart, so that the default order (createdTime) is this order.
        at = clock.iso(ctx.now - timedelta(milliseconds=count - 1 - i))
        store.insert(ctx, {"name": name, "account": {"type": type_, "number": number}}, at=at)


def kind_of(segment: str) -> Kind:
    return BY_SEGMENT[segment]
