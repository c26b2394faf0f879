"""Custom fields (+ values): create, get, list, PATCH, DELETE; values list, add, get, delete.

``type`` is derived (DEFAULT): ``CUSTOM_SELECTOR`` when the field has values or allows custom
ones, else ``NOTE``. A deleted value (``deleted: true``) stays on past transactions but can no
longer be chosen. A field applies to a budget when it is ``global`` or the budget is selected.
"""

from __future__ import annotations

from typing import Any

from bill_sandbox.errors import NotFoundError, RequestError, ValidationFailed, field_error
from bill_sandbox.listing import list_field
from bill_sandbox.resources.spend.auth import SpendContext, require_manager
from bill_sandbox.resources.spend.budgets import service as budgets
from bill_sandbox.resources.spend.common import Doc, SpendStore, amount
from bill_sandbox.resources.spend.custom_fields.models import SpendCustomFieldRow, SpendCustomFieldValueRow
from bill_sandbox.resources.spend.custom_fields.schemas import (
    CustomFieldCreate,
    CustomFieldFields,
    CustomFieldUpdate,
    ValuesCreate,
    ValuesDelete,
)
from bill_sandbox.resources.spend.listing import SpendListParams, SpendSpec, page

table = SpendCustomFieldRow.__table__
vt = SpendCustomFieldValueRow.__table__
KEY_ORDER = (
    "name",
    "description",
    "type",
    "multiSelect",
    "allowCustomValues",
    "minimumAmountForRequirement",
    "required",
    "global",
    "retired",
    "createdTime",
    "selectedBudgetIds",
    "selectedBudgetUuids",
    "requiredBudgetIds",
    "requiredBudgetUuids",
)

store = SpendStore(table, "cfd", "CustomField", lambda d: {"name": d.get("name", "")}, KEY_ORDER)


class ValueStore(SpendStore):
    """Values use ``deleted`` where other objects say ``retired``."""

    def _values(self, doc: Doc) -> dict[str, Any]:
        values = super()._values(doc)
        values["retired"] = bool(doc.get("deleted"))
        return values


def _project_value(doc: Doc) -> dict[str, Any]:
    out = {"value": doc.get("value", "")}
    field_uuid = doc.pop("_field", None)
    if field_uuid:
        out["field_uuid"] = field_uuid
    return out


values_store = ValueStore(vt, "cfv", "CustomFieldValue", _project_value, ("value", "deleted"))
SPEC = SpendSpec(
    table,
    {
        "retired": list_field("retired", table.c.retired, "bool", ops="eq"),
        "customFieldIds": list_field("customFieldIds", table.c.id, ops="eq,in"),
    },
    {"createdTime": table.c.created_time, "name": table.c.name},
    refs={"customFieldIds": lambda ctx, v: store.row_id(ctx, v)},
)
VALUE_SPEC = SpendSpec(
    vt,
    {
        "retired": list_field("retired", vt.c.retired, "bool", ops="eq"),
        "deleted": list_field("deleted", vt.c.retired, "bool", ops="eq"),
    },
    {"value": vt.c.value, "createdTime": vt.c.created_time},
)


def _public_value(doc: Doc) -> Doc:
    return {k: doc[k] for k in ("id", "uuid", "value", "deleted") if k in doc}


def _budget_refs(ctx: SpendContext, refs: list[str], field: str) -> tuple[list[str], list[str]]:
    ids: list[str] = []
    uuids: list[str] = []
    for ref in refs:
        budget = budgets.store.get_live(ctx, ref, field)
        if budget["uuid"] not in uuids:
            ids.append(budget["id"])
            uuids.append(budget["uuid"])
    return ids, uuids


def _apply(ctx: SpendContext, doc: Doc, body: CustomFieldFields) -> None:
    patch = body.model_dump(exclude_unset=True)
    if "name" in patch:
        if not (patch["name"] or "").strip():
            raise field_error("name", "must not be blank")
        doc["name"] = patch["name"]
    for key, wire in (
        ("description", "description"),
        ("multi_select", "multiSelect"),
        ("allow_custom_values", "allowCustomValues"),
        ("required", "required"),
        ("global_", "global"),
    ):
        if key in patch and patch[key] is not None:
            doc[wire] = patch[key]
    if "minimum_amount_for_requirement" in patch:
        value = patch["minimum_amount_for_requirement"]
        if value is not None and value < 0:
            raise field_error("minimumAmountForRequirement", "must be greater than or equal to 0")
        doc["minimumAmountForRequirement"] = None if value is None else amount(value)
    if patch.get("selected_budget_ids") is not None:
        doc["selectedBudgetIds"], doc["selectedBudgetUuids"] = _budget_refs(
            ctx, patch["selected_budget_ids"], "selectedBudgetIds"
        )
    if patch.get("required_budget_ids") is not None:
        doc["requiredBudgetIds"], doc["requiredBudgetUuids"] = _budget_refs(
            ctx, patch["required_budget_ids"], "requiredBudgetIds"
        )


def _type(ctx: SpendContext, doc: Doc) -> str:
    has_values = bool(values_store.all(ctx, vt.c.field_uuid == doc["uuid"]))
    return "CUSTOM_SELECTOR" if has_values or doc.get("allowCustomValues") else "NOTE"


def _add_values(ctx: SpendContext, field: Doc, texts: list[str]) -> list[Doc]:
    out: list[Doc] = []
    existing = {v["value"]: v for v in values_store.all(ctx, vt.c.field_uuid == field["uuid"])}
    for text in texts:
        text = (text or "").strip()
        if not text:
            raise field_error("values", "must not be blank")
        if text in existing:
            out.append(existing[text])
            continue
        value = values_store.insert(ctx, {"value": text, "deleted": False, "_field": field["uuid"]})
        existing[text] = value
        out.append(value)
    return out


def list_custom_fields(ctx: SpendContext, params: SpendListParams) -> dict[str, Any]:
    return page(ctx, SPEC, params)


def create_custom_field(ctx: SpendContext, body: CustomFieldCreate) -> Doc:
    require_manager(ctx)
    problems = []
    if not (body.name or "").strip():
        problems.append("name: must not be blank")
    if body.allow_custom_values is None:
        problems.append("allowCustomValues: must not be null")
    if problems:
        raise ValidationFailed(problems)
    doc: Doc = {
        "multiSelect": False,
        "required": False,
        "global": False,
        "retired": False,
        "createdTime": ctx.now_iso,
        "selectedBudgetIds": [],
        "selectedBudgetUuids": [],
        "requiredBudgetIds": [],
        "requiredBudgetUuids": [],
    }
    _apply(ctx, doc, body)
    doc["type"] = "CUSTOM_SELECTOR" if body.values or doc.get("allowCustomValues") else "NOTE"
    doc = store.insert(ctx, doc)
    if body.values:
        _add_values(ctx, doc, body.values)
    return doc


def get_custom_field(ctx: SpendContext, field_id: str) -> Doc:
    return store.get(ctx, field_id)


def _live(ctx: SpendContext, field_id: str) -> Doc:
    doc = store.get(ctx, field_id, for_update=True)
    if doc.get("retired"):
        raise NotFoundError(field_id[:40])
    return doc


def update_custom_field(ctx: SpendContext, field_id: str, body: CustomFieldUpdate) -> Doc:
    require_manager(ctx)
    doc = _live(ctx, field_id)
    _apply(ctx, doc, body)
    if body.values:
        _add_values(ctx, doc, body.values)
    doc["type"] = _type(ctx, doc)
    return store.save(ctx, doc)


def delete_custom_field(ctx: SpendContext, field_id: str) -> None:
    require_manager(ctx)
    doc = _live(ctx, field_id)
    store.save(ctx, {**doc, "retired": True})


def list_values(ctx: SpendContext, field_id: str, params: SpendListParams) -> dict[str, Any]:
    field = store.get(ctx, field_id)
    return page(ctx, VALUE_SPEC, params, [vt.c.field_uuid == field["uuid"]], render=_public_value)


def create_values(ctx: SpendContext, field_id: str, body: ValuesCreate) -> Doc:
    require_manager(ctx)
    field = _live(ctx, field_id)
    if not body.values:
        raise field_error("values", "must not be empty")
    created = _add_values(ctx, field, body.values)
    if field.get("type") != "CUSTOM_SELECTOR":
        store.save(ctx, {**field, "type": "CUSTOM_SELECTOR"})
    return _public_value(created[0])


def get_value(ctx: SpendContext, field_id: str, value_id: str) -> Doc:
    field = store.get(ctx, field_id)
    value = value_of(ctx, field, value_id)
    if value is None:
        raise NotFoundError(value_id[:40])
    return _public_value(value)


def value_of(ctx: Any, field: Doc, value_ref: str) -> Doc | None:
    value = values_store.find(ctx, value_ref)
    if value is None:
        return None
    row = ctx.tx.conn.execute(
        vt.select()
        .with_only_columns(vt.c.field_uuid)
        .where(vt.c.org_id == ctx.org_id, vt.c.id == value["uuid"])
    ).scalar()
    return value if row == field["uuid"] else None


def delete_values(ctx: SpendContext, field_id: str, body: ValuesDelete) -> None:
    require_manager(ctx)
    field = _live(ctx, field_id)
    if not body.custom_field_value_ids:
        raise field_error("customFieldValueIds", "must not be empty")
    found = []
    for ref in body.custom_field_value_ids:
        value = value_of(ctx, field, ref)
        if value is None:
            raise RequestError("BDC_1119", "customFieldValueIds", ref[:40])
        found.append(value)
    for value in found:
        if not value.get("deleted"):
            values_store.save(ctx, {**value, "deleted": True})


# --------------------------------------------------------------------- on transactions
def applies_to(field: Doc, budget_uuid: str) -> bool:
    return bool(field.get("global")) or budget_uuid in (field.get("selectedBudgetUuids") or [])


def is_required(field: Doc, budget_uuid: str) -> bool:
    return bool(field.get("required")) or budget_uuid in (field.get("requiredBudgetUuids") or [])


def live_fields(ctx: Any) -> list[Doc]:
    return store.all(ctx)


def entry(field: Doc, budget_uuid: str, current: Doc | None) -> Doc:
    """A custom field as transactions and reimbursements show it."""
    return {
        "id": field["id"],
        "uuid": field["uuid"],
        "name": field["name"],
        "note": (current or {}).get("note"),
        "isRequired": is_required(field, budget_uuid),
        "selectedValues": (current or {}).get("selectedValues", []),
    }


def apply_choices(ctx: Any, choices: list[Any], budget_uuid: str, existing: list[Doc] | None) -> list[Doc]:
    """``customFields[{customFieldId, selectedValues, note}]`` applied to an object's custom
    fields: values must belong to the field and not be deleted, one value unless
    ``multiSelect``, a note only on NOTE fields, ``[]`` clears."""
    from bill_sandbox.jsonio import prune

    current = {cf["uuid"]: cf for cf in existing or []}
    for i, choice in enumerate(choices):
        name = f"customFields[{i}]"
        if not choice.custom_field_id:
            raise field_error(f"{name}.customFieldId", "must not be null")
        field = store.get_live(ctx, choice.custom_field_id, f"{name}.customFieldId")
        if not applies_to(field, budget_uuid):
            raise RequestError("BDC_1119", f"{name}.customFieldId", choice.custom_field_id)
        if choice.note is not None and field.get("type") != "NOTE":
            raise RequestError("BDC_1119", f"{name}.note", "only NOTE custom fields take a note")
        selected: list[Doc] = []
        for ref in choice.selected_values or []:
            value = value_of(ctx, field, ref)
            if value is None or value.get("deleted"):
                raise RequestError("BDC_1119", f"{name}.selectedValues", ref[:40])
            if all(v["uuid"] != value["uuid"] for v in selected):
                selected.append({"id": value["id"], "uuid": value["uuid"], "value": value["value"]})
        if len(selected) > 1 and not field.get("multiSelect"):
            raise RequestError("BDC_1119", f"{name}.selectedValues", "one value only (multiSelect is false)")
        item = dict(current.get(field["uuid"]) or {})
        if choice.selected_values is not None:
            item["selectedValues"] = selected
        if choice.note is not None:
            item["note"] = choice.note
        if not item.get("selectedValues") and not item.get("note"):
            current.pop(field["uuid"], None)
        else:
            current[field["uuid"]] = prune(entry(field, budget_uuid, item))
    return list(current.values())
