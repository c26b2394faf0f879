"""Budget and member rows: the store, list specs and the wire order of their documents."""

from __future__ import annotations

from typing import Any

from bill_sandbox import money
from bill_sandbox.listing import list_field
from bill_sandbox.money import from_json
from bill_sandbox.resources.spend.auth import SpendContext
from bill_sandbox.resources.spend.budgets.models import (
    SpendBudgetMemberRow,
    SpendBudgetRow,
    SpendMemberJobRow,
)
from bill_sandbox.resources.spend.common import Doc, SpendStore
from bill_sandbox.resources.spend.listing import SpendSpec

table = SpendBudgetRow.__table__
mt = SpendBudgetMemberRow.__table__
jt = SpendMemberJobRow.__table__
KEY_ORDER = (
    "name",
    "description",
    "retired",
    "startDate",
    "expirationDate",
    "recurringInterval",
    "timezone",
    "autoAddUsers",
    "receiptRequired",
    "maxTxSize",
    "carryOver",
    "default",
    "parentBudgetId",
    "parentBudgetUuid",
    "budgetGroup",
    "shareFunds",
    "recurringLimit",
    "limitlessOverspend",
    "limitlessGoal",
    "currentPeriod",
)
MEMBER_ORDER = (
    "userId",
    "userUuid",
    "spent",
    "limit",
    "recurringLimit",
    "recurring",
    "budgetRole",
    "name",
    "retired",
    "shareBudgetFunds",
)


def _project(doc: Doc) -> dict[str, Any]:
    period = doc.get("currentPeriod") or {}
    return {
        "name": doc.get("name", ""),
        "spent_cents": money.to_cents(from_json((period.get("spent") or {}).get("total"))),
        "parent_budget_uuid": doc.get("parentBudgetUuid", ""),
        "budget_group": bool(doc.get("budgetGroup")),
        "period_end": doc.pop("_periodEnd", None) or "",
    }


class BudgetStore(SpendStore):
    """Keeps the period's end (not a wire field) in its column across saves."""

    def _values(self, doc: Doc) -> dict[str, Any]:
        end = doc.pop("_periodEnd", None)
        values = super()._values(doc)
        if end is not None:
            values["period_end"] = end
        else:
            values.pop("period_end", None)
        return values


store = BudgetStore(table, "bgt", "Budget", _project, KEY_ORDER)


def _budget_ref(ctx: SpendContext, value: str) -> str | None:
    return store.row_id(ctx, value)


SPEC = SpendSpec(
    table,
    {
        "budgetIds": list_field("budgetIds", table.c.id, ops="eq,in"),
        "retired": list_field("retired", table.c.retired, "bool", ops="eq"),
        "parentBudgetId": list_field("parentBudgetId", table.c.parent_budget_uuid, ops="eq"),
        "isBudgetGroup": list_field("isBudgetGroup", table.c.budget_group, "bool", ops="eq"),
        "name": list_field("name", table.c.name, ops="eq,sw"),
    },
    {"name": table.c.name, "spent": table.c.spent_cents, "createdTime": table.c.created_time},
    refs={"budgetIds": _budget_ref, "parentBudgetId": _budget_ref},
)
MEMBER_SPEC = SpendSpec(
    mt,
    {"retired": list_field("retired", mt.c.retired, "bool", ops="eq")},
    {"name": mt.c.name, "spent": mt.c.spent_cents, "createdTime": mt.c.created_time},
)


def _public(doc: Doc) -> Doc:
    return {k: v for k, v in doc.items() if not k.startswith("_")}
