"""S&E users: create (ADMIN), current, get, PATCH, DELETE (retired, leaves the list)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func

from bill_sandbox import events
from bill_sandbox.errors import ApplicationError, field_error
from bill_sandbox.listing import list_field
from bill_sandbox.resources.spend.auth import SpendContext, require_admin
from bill_sandbox.resources.spend.common import Doc, SpendStore
from bill_sandbox.resources.spend.listing import SpendListParams, SpendSpec, page
from bill_sandbox.resources.spend.users.models import SpendUserRow
from bill_sandbox.resources.spend.users.schemas import UserCreate, UserUpdate

table = SpendUserRow.__table__
USER_CREATED = "spend.user.created"  # internal (BILL announces no such event)
KEY_ORDER = (
    "firstName",
    "lastName",
    "email",
    "receiptEmail",
    "retired",
    "useCompanyMailingAddress",
    "smsOptIn",
    "hasDateOfBirth",
    "role",
    "createdTime",
)


def _project(doc: Doc) -> dict[str, Any]:
    return {
        "email": str(doc.get("email", "")).lower(),
        "first_name": doc.get("firstName", ""),
        "last_name": doc.get("lastName", ""),
        "role": doc.get("role", "MEMBER"),
    }


store = SpendStore(table, "usr", "User", _project, KEY_ORDER)
SPEC = SpendSpec(
    table,
    {"retired": list_field("retired", table.c.retired, "bool", ops="eq")},
    {
        "createdTime": table.c.created_time,
        "firstName": table.c.first_name,
        "lastName": table.c.last_name,
        "email": table.c.email,
    },
)


def full_name(user: Doc) -> str:
    return f"{user.get('firstName', '')} {user.get('lastName', '')}".strip()


def new_user_doc(ctx: Any, first: str, last: str, email: str, role: str, has_dob: bool = False) -> Doc:
    return {
        "firstName": first,
        "lastName": last,
        "email": email,
        "receiptEmail": email,
        "retired": False,
        "useCompanyMailingAddress": True,
        "smsOptIn": False,
        "hasDateOfBirth": has_dob,
        "role": role,
        "createdTime": ctx.now_iso,
    }


def _email_taken(ctx: SpendContext, email: str, except_uuid: str = "") -> bool:
    c = table.c
    found = ctx.tx.conn.execute(
        table.select()
        .with_only_columns(c.id)
        .where(c.org_id == ctx.org_id, func.lower(c.email) == email.lower(), c.retired.is_(False))
        .where(c.id != except_uuid)
        .limit(1)
    ).first()
    return found is not None


def list_users(ctx: SpendContext, params: SpendListParams) -> dict[str, Any]:
    return page(ctx, SPEC, params)


def create_user(ctx: SpendContext, body: UserCreate) -> Doc:
    require_admin(ctx)
    if body.role is None:
        raise field_error("role", "must not be null")
    assert body.first_name and body.last_name and body.email
    if _email_taken(ctx, body.email):
        raise ApplicationError("BDC_1119", "email", body.email)
    doc = new_user_doc(
        ctx, body.first_name, body.last_name, body.email, body.role, body.date_of_birth is not None
    )
    doc = store.insert(ctx, doc)
    events.record(ctx, USER_CREATED, doc)  # budgets with autoAddUsers take the new user in
    return doc


def current_user(ctx: SpendContext) -> Doc:
    return store.get(ctx, ctx.user_uuid)


def get_user(ctx: SpendContext, user_id: str) -> Doc:
    return store.get(ctx, user_id)


def update_user(ctx: SpendContext, user_id: str, body: UserUpdate) -> Doc:
    require_admin(ctx)
    doc = store.get(ctx, user_id, for_update=True)
    patch = body.model_dump(exclude_unset=True)
    for name in ("first_name", "last_name", "role"):
        if name in patch and not patch[name]:
            raise field_error(name.replace("_n", "N"), "must not be blank")
    if patch.get("email"):
        if _email_taken(ctx, patch["email"], doc["uuid"]):
            raise ApplicationError("BDC_1119", "email", patch["email"])
        doc["email"] = doc["receiptEmail"] = patch["email"]
    if patch.get("first_name"):
        doc["firstName"] = patch["first_name"]
    if patch.get("last_name"):
        doc["lastName"] = patch["last_name"]
    if patch.get("role"):
        if doc["uuid"] == ctx.user_uuid and patch["role"] != "ADMIN":
            raise ApplicationError("BDC_1119", "role", patch["role"])
        doc["role"] = patch["role"]
    if patch.get("date_of_birth"):
        doc["hasDateOfBirth"] = True
    return store.save(ctx, doc)


def delete_user(ctx: SpendContext, user_id: str) -> None:
    require_admin(ctx)
    doc = store.get(ctx, user_id, for_update=True)
    if doc["uuid"] == ctx.user_uuid:
        raise ApplicationError("BDC_1119", "userId", user_id)
    if not doc.get("retired"):
        store.save(ctx, {**doc, "retired": True})
