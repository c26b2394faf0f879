"""Bill approval rules (BILL-RULES §5.5, §6 #5, #6, #16, #18).

Policies
- ``{policyName, rules[{key, op, values[]}], approvers[userId]}``; ``key`` is BILL_AMOUNT,
  VENDOR_ID, CHART_OF_ACCOUNT_ID, JOB_ID or LOCATION_ID. The answer turns ``values`` into
  ``[{value, displayName}]`` (the amount itself; the vendor's or classification's name, taken
  when the policy is written) and ``approvers`` into ``{users[{userId, fullName}], groups[]}``,
  and adds ``status`` ACTIVE. Ids are ``app…`` (§6 #18).
- BILL_AMOUNT values are numbers (``gte``/``gt``/``lt``/``lte`` take exactly one; ``eq``/``in``
  match any). Id values must name a vendor of the organization or an active classification of
  the key's kind; an id rule matches when the bill (or one of its lines) uses one of the ids,
  whatever ``op`` says. Approvers are active users of the organization whose role may approve
  (not CLERK, PAYER or AUDITOR); each at most once. Unknown references are 400 ``BDC_1119``.
- Delete is a hard delete (``{"status":"SUCCESS"}``); unknown ids are 404 ``BDC_1205``.

Bills (registered into ``bills.service.approval_policies``: runs on create, replace, update)
- Every ACTIVE policy whose rules all match contributes its approvers (policies in creation
  order, approvers in the policy's order, each user once). None → ``UNASSIGNED`` without
  approvers; some → ``ASSIGNED`` with ``approvers[{userId, status: WAITING, approverOrder
  (0-based), statusChangedTime}]``.
- An edit that changes neither what policies test (amount, vendor, chart-of-account, job and
  location ids) nor the resulting approvers keeps the approvals given so far (an APPROVED bill
  whose description is edited stays APPROVED); any other edit starts the approval again (a
  DENIED bill is resubmitted by editing it). A bill with a payment scheduled or made keeps its
  approval state. Policy changes reach a bill when it is next edited.

Actions (``POST /v3/bill-approvals/actions``, an array, all-or-nothing)
- Sequential (§6 #6): only the lowest-order WAITING approver may act, and only that user sees
  the bill in ``GET …/pending-user-approvals``. APPROVE by the last approver → ``APPROVED``;
  any DENY → ``DENIED`` (the approvers after it stay WAITING). ``approvalStatus`` never shows
  ``APPROVING`` (§6 #5).
- A bill that is not ASSIGNED, archived, or waiting for another approver first → 400
  APPLICATION ``BDC_1119`` (plain and id-prefixed); a caller who is not one of the bill's
  approvers → 403 "Current user or organization does not have valid permissions." (§6 #16).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import bindparam, delete, select

from bill_sandbox import ids, money
from bill_sandbox.accounts.models import UserRow
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Prepared
from bill_sandbox.errors import (
    ApplicationError,
    ForbiddenError,
    NotFoundError,
    RequestError,
    ValidationFailed,
)
from bill_sandbox.listing import ListSpec
from bill_sandbox.money import from_json
from bill_sandbox.resources.bill_approvals.models import ApprovalPolicyRow, BillApprovalStateRow
from bill_sandbox.resources.bill_approvals.schemas import ActionIn, PolicyIn
from bill_sandbox.resources.bills import service as bills
from bill_sandbox.resources.bills.models import BillRow
from bill_sandbox.resources.classifications import service as classifications
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.schemas import MAX_AMOUNT
from bill_sandbox.store import Doc, DocumentStore, valid_id

policy_table = ApprovalPolicyRow.__table__
state_table = BillApprovalStateRow.__table__
bill_table = BillRow.__table__
users = UserRow.__table__

PREFIX = ids.PREFIXES.get("approval_policy", "app")
POLICY_ORDER = ("id", "policyName", "status", "rules", "approvers")
# BILL's policy object has no times or ``archived``; the row's columns keep the times.
policy_store = DocumentStore(
    policy_table,
    PREFIX,
    ListSpec.build(policy_table),
    lambda doc: {"status": doc["status"]},
    POLICY_ORDER,
    archivable=False,
    times_in_doc=False,
)
NO_PERMISSION = "Current user or organization does not have valid permissions."
SUCCESS: Doc = {"status": "SUCCESS"}
# BILL's roles that can't approve bills (Administrator, Accountant and Approver can, §5.5);
# any other role value (custom roles) is allowed.
NON_APPROVER_ROLES = frozenset({"CLERK", "PAYER", "AUDITOR", "NO_ACCESS"})
ORDERED_OPS = ("gte", "gt", "lt", "lte")
# Rule key -> (classification kind, the field on bills and their lines)
CLASSIFICATION_KEYS: dict[str, tuple[str, str]] = {
    "CHART_OF_ACCOUNT_ID": ("chart-of-accounts", "chartOfAccountId"),
    "JOB_ID": ("jobs", "jobId"),
    "LOCATION_ID": ("locations", "locationId"),
}
APPROVER_ORDER = ("userId", "status", "approverOrder", "statusChangedTime")

# Run on every bill write: Prepared (see db.Prepared).
_ACTIVE = Prepared(
    select(policy_table.c.doc)
    .where(policy_table.c.org_id == bindparam("org"), policy_table.c.status == "ACTIVE")
    .order_by(policy_table.c.created_time, policy_table.c.id)
)
_STATE = Prepared(
    select(state_table.c.fingerprint).where(
        state_table.c.bill_id == bindparam("bill"), state_table.c.org_id == bindparam("org")
    )
)


# ------------------------------------------------------------------------------- policies
def _policy_row(ctx: RequestContext, policy_id: str, for_update: bool = False) -> Doc:
    return policy_store.get(ctx, policy_id, for_update=for_update)


def _full_name(doc: Mapping[str, Any]) -> str:
    name = " ".join(str(doc[k]) for k in ("firstName", "lastName") if doc.get(k))
    return name or str(doc.get("email") or "")


def _approvers(ctx: RequestContext, user_ids: Sequence[str]) -> list[Doc]:
    rows = ctx.tx.conn.execute(
        select(users.c.id, users.c.doc, users.c.role, users.c.archived).where(
            users.c.org_id == ctx.org_id, users.c.id.in_(list(user_ids))
        )
    ).all()
    found = {r.id: r for r in rows}
    out: list[Doc] = []
    seen: set[str] = set()
    for i, user_id in enumerate(user_ids):
        row = found.get(user_id)
        if row is None or row.archived or row.role in NON_APPROVER_ROLES or user_id in seen:
            raise RequestError("BDC_1119", f"approvers[{i}]", user_id)
        seen.add(user_id)
        out.append({"userId": user_id, "fullName": _full_name(orjson.loads(row.doc))})
    return out


def amount_limit(raw: str) -> Decimal | None:
    """A BILL_AMOUNT rule value as a number ("1000", "1,000.00" and "$1000" all read 1000)."""
    try:
        value = money.to_decimal(raw.strip().replace(",", "").removeprefix("$"))
    except ValueError:
        return None
    return value if 0 <= value <= MAX_AMOUNT else None


def _rule_values(ctx: RequestContext, key: str, op: str, values: Sequence[str], where: str) -> list[Doc]:
    if key == "BILL_AMOUNT" and op in ORDERED_OPS and len(values) != 1:
        raise ValidationFailed([f"{where}.values: must have exactly one value for op {op}"])
    out: list[Doc] = []
    for j, value in enumerate(values):
        field = f"{where}.values[{j}]"
        if key == "BILL_AMOUNT":
            if amount_limit(value) is None:
                raise ValidationFailed([f"{field}: must be an amount between 0 and {MAX_AMOUNT}"])
            out.append({"value": value, "displayName": value})
        elif key == "VENDOR_ID":
            vendor = vendors.store.find(ctx, value) if valid_id(value) else None
            if vendor is None:
                raise RequestError("BDC_1119", field, value)
            out.append({"value": value, "displayName": vendor.get("name")})
        else:
            kind = CLASSIFICATION_KEYS[key][0]
            doc = classifications.require(ctx, kind, value, field)
            out.append({"value": value, "displayName": classifications.kind_of(kind).display_name(doc)})
    return out


def _build(ctx: RequestContext, body: PolicyIn, policy_id: str) -> Doc:
    rules: list[Doc] = []
    for i, rule in enumerate(body.rules or []):
        assert rule.key is not None and rule.op is not None and rule.values is not None
        values = _rule_values(ctx, rule.key, rule.op, rule.values, f"rules[{i}]")
        rules.append({"key": rule.key, "op": rule.op, "values": values})
    assert body.approvers is not None
    return {
        "id": policy_id,
        "policyName": body.policy_name,
        "status": "ACTIVE",
        "rules": rules,
        "approvers": {"users": _approvers(ctx, body.approvers), "groups": []},
    }


def list_policies(ctx: RequestContext) -> bytes:
    rows = ctx.tx.conn.execute(
        select(policy_table.c.doc)
        .where(policy_table.c.org_id == ctx.org_id)
        .order_by(policy_table.c.created_time, policy_table.c.id)
    ).scalars()
    return b"[" + b",".join(str(doc).encode() for doc in rows) + b"]"


def create_policy(ctx: RequestContext, body: PolicyIn) -> Doc:
    return policy_store.insert(ctx, _build(ctx, body, policy_store.new_id()))


def update_policy(ctx: RequestContext, policy_id: str, body: PolicyIn) -> Doc:
    existing = _policy_row(ctx, policy_id, for_update=True)
    doc = _build(ctx, body, policy_id)
    doc["status"] = existing.get("status", "ACTIVE")
    return policy_store.save(ctx, doc)


def delete_policy(ctx: RequestContext, policy_id: str) -> Doc:
    if not policy_store.delete(ctx, policy_id):
        raise NotFoundError(policy_id)
    return SUCCESS


# -------------------------------------------------------------------------------- matching
def _bill_ids(bill: Mapping[str, Any], field: str) -> set[str]:
    found = {(bill.get("classifications") or {}).get(field)}
    found.update((line.get("classifications") or {}).get(field) for line in bill.get("billLineItems") or [])
    return {str(x) for x in found if x}


def _rule_matches(rule: Mapping[str, Any], bill: Mapping[str, Any]) -> bool:
    values = [str(v.get("value")) for v in rule.get("values") or []]
    key, op = rule.get("key"), rule.get("op")
    if key == "BILL_AMOUNT":
        amount = from_json(bill.get("amount"))
        limits = [x for x in map(amount_limit, values) if x is not None]
        if not limits:
            return False
        if op in ORDERED_OPS:
            limit = limits[0]
            return {
                "gte": amount >= limit,
                "gt": amount > limit,
                "lt": amount < limit,
                "lte": amount <= limit,
            }[str(op)]
        return any(amount == limit for limit in limits)
    if key == "VENDOR_ID":
        return bill.get("vendorId") in values
    if key in CLASSIFICATION_KEYS:
        return not _bill_ids(bill, CLASSIFICATION_KEYS[key][1]).isdisjoint(values)
    return False


def _matching_approvers(policies: Iterable[Mapping[str, Any]], bill: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for policy in policies:
        if all(_rule_matches(rule, bill) for rule in policy.get("rules") or []):
            for user in (policy.get("approvers") or {}).get("users") or []:
                if user["userId"] not in out:
                    out.append(user["userId"])
    return out


def _fingerprint(bill: Mapping[str, Any], approvers: Sequence[str]) -> str:
    tested = {
        "amount": money.to_json(from_json(bill.get("amount"))),
        "vendorId": bill.get("vendorId"),
        **{field: sorted(_bill_ids(bill, field)) for _, field in CLASSIFICATION_KEYS.values()},
        "approvers": list(approvers),
    }
    return hashlib.sha256(orjson.dumps(tested, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _has_payment(bill: Mapping[str, Any]) -> bool:
    cleared = from_json(bill.get("paidAmount")) - from_json(bill.get("creditAmount"))
    return cleared > 0 or from_json(bill.get("scheduledAmount")) > 0


def _save_state(ctx: RequestContext, bill_id: str, current_user: str, fingerprint: str | None = None) -> None:
    values: dict[str, Any] = {"current_user_id": current_user}
    if fingerprint is not None:
        values["fingerprint"] = fingerprint
    updated = ctx.tx.conn.execute(
        state_table.update()
        .where(state_table.c.bill_id == bill_id, state_table.c.org_id == ctx.org_id)
        .values(**values)
    ).rowcount
    if not updated:
        ctx.tx.conn.execute(
            state_table.insert().values(bill_id=bill_id, org_id=ctx.org_id, **{"fingerprint": "", **values})
        )


def apply_policies(ctx: RequestContext, bill: Doc) -> None:
    """The ``bill.approval`` rule (``events.apply_rules``): set ``approvalStatus`` and
    ``approvers`` on a bill being created or edited (see the module docstring)."""
    policies = [orjson.loads(row[0]) for row in ctx.tx.fetch(_ACTIVE, {"org": ctx.org_id})]
    matched = _matching_approvers(policies, bill)
    if not matched and not bill.get("approvers"):
        return  # nothing to assign and nothing assigned before
    if _has_payment(bill):
        return
    fingerprint = _fingerprint(bill, matched)
    stored = ctx.tx.fetch_value(_STATE, {"bill": bill["id"], "org": ctx.org_id})
    if stored == fingerprint and bill.get("approvers"):
        return  # nothing policies test changed: keep the approvals given so far
    if not matched:
        bill["approvalStatus"] = "UNASSIGNED"
        bill["approvers"] = None
        ctx.tx.conn.execute(
            delete(state_table).where(state_table.c.bill_id == bill["id"], state_table.c.org_id == ctx.org_id)
        )
        return
    now = ctx.now_iso
    bill["approvalStatus"] = "ASSIGNED"
    bill["approvers"] = [
        {"userId": user_id, "status": "WAITING", "approverOrder": i, "statusChangedTime": now}
        for i, user_id in enumerate(matched)
    ]
    _save_state(ctx, bill["id"], matched[0], fingerprint)


# --------------------------------------------------------------------------------- actions
def _refuse(bill_id: str, message: str) -> ApplicationError:
    return ApplicationError("BDC_1119", message=message, object_id=bill_id)


def _act(ctx: RequestContext, action: ActionIn) -> None:
    assert action.bill_id is not None
    bill = bills.get_bill_for_update(ctx, action.bill_id)
    bill_id = bill["id"]
    approvers = sorted((dict(a) for a in bill.get("approvers") or []), key=lambda a: int(a["approverOrder"]))
    if approvers and ctx.user_id not in {a["userId"] for a in approvers}:
        raise ForbiddenError(None, message=NO_PERMISSION)
    status = bill.get("approvalStatus", "UNASSIGNED")
    if status != "ASSIGNED" or not approvers:
        raise _refuse(bill_id, f"The bill is not waiting for approval (approvalStatus {status}).")
    if bill.get("archived"):
        raise _refuse(bill_id, "An archived bill can't be approved or denied.")
    waiting = [a for a in approvers if a["status"] == "WAITING"]
    current = waiting[0]
    if current["userId"] != ctx.user_id:
        raise _refuse(bill_id, "The bill is waiting for another approver first.")
    current["status"] = "APPROVED" if action.action == "APPROVE" else "DENIED"
    current["statusChangedTime"] = ctx.now_iso
    next_user = ""
    if action.action == "DENY":
        bill["approvalStatus"] = "DENIED"
    elif len(waiting) == 1:
        bill["approvalStatus"] = "APPROVED"
    else:
        next_user = waiting[1]["userId"]
    bill["approvers"] = [{k: a[k] for k in APPROVER_ORDER if k in a} for a in approvers]
    bills.store.save(ctx, bill)
    _save_state(ctx, bill_id, next_user)


def act(ctx: RequestContext, actions: Sequence[ActionIn]) -> Doc:
    """Approve or deny bills in order; the first refusal rolls every action back."""
    for action in actions:
        _act(ctx, action)
    return SUCCESS


def pending(ctx: RequestContext) -> Doc:
    rows = ctx.tx.conn.execute(
        select(bill_table.c.doc)
        .select_from(state_table.join(bill_table, bill_table.c.id == state_table.c.bill_id))
        .where(
            state_table.c.org_id == ctx.org_id,
            state_table.c.current_user_id == ctx.user_id,
            bill_table.c.org_id == ctx.org_id,
            bill_table.c.archived.is_(False),
        )
        .order_by(bill_table.c.created_time, bill_table.c.id)
    ).scalars()
    out: list[Doc] = []
    for raw in rows:
        bill = orjson.loads(raw)
        out.append(
            {
                "billId": bill["id"],
                "vendorId": bill.get("vendorId"),
                "amount": bill.get("amount"),
                "dueDate": bill.get("dueDate"),
            }
        )
    return {"bills": out}
