"""Users and roles of an organization (BILL-RULES §5.16, §5.16b).

- Roles are seeded with the organization (reaction to ``organization.created``, also after a
  reset): one per default type. Users embed ``role{id, type, description}``; ``users.role``
  keeps the type, which is what permission checks read on every call, so a role change takes
  effect on the user's next call.
- ``POST /v3/users`` and every other user write are ADMINISTRATOR-only (403, BILL-RULES §6 #16);
  reads are open to every role. Archiving a user ends their sessions (``auth`` refuses a session
  whose user is archived) and their logins; restoring lets them in again.
- An organization keeps at least one active ADMINISTRATOR: demoting or archiving the last one,
  or archiving yourself, is a 400 ``BDC_1119``.
- Users created through the API have no password (BILL emails them to finish sign-up); the
  control plane sets one (``POST /_sandbox/users/password``).
- Partner operations (``/v3/partner/users``, ``/v3/partner/roles``) call the same functions
  with ``as_partner=True``: no role check, and a ``username`` given by the partner.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy import func, select

from bill_sandbox import clock
from bill_sandbox.accounts import service as accounts
from bill_sandbox.accounts.models import UserRow
from bill_sandbox.context import RequestContext
from bill_sandbox.errors import ApplicationError, ForbiddenError, NotFoundError, RequestError, field_error
from bill_sandbox.events import Event
from bill_sandbox.listing import ListParams, ListSpec, list_field
from bill_sandbox.resources.users.models import RoleRow
from bill_sandbox.resources.users.schemas import PartnerUserCreate, UserCreate, UserUpdate
from bill_sandbox.settings import Settings
from bill_sandbox.store import Doc, DocumentStore, valid_id

NO_PERMISSION = "Current user or organization does not have valid permissions."
ADMIN = "ADMINISTRATOR"
ROLE_PREFIX = "0po"
USER_PREFIX = "006"
# The default roles of a new organization (BILL-RULES §5.16b), in this order.
DEFAULT_ROLES: tuple[tuple[str, str], ...] = (
    ("ADMINISTRATOR", "Administrator"),
    ("ACCOUNTANT", "Accountant"),
    ("APPROVER", "Approver"),
    ("PAYER", "Payer"),
    ("CLERK", "Clerk"),
    ("AUDITOR", "Auditor"),
    ("MEMBER", "Member"),
)
UNUSABLE_PASSWORD = "!"  # not an argon2 hash: no password matches it

users = UserRow.__table__
rt = RoleRow.__table__

ROLE_SPEC = ListSpec.build(
    rt,
    list_field("type", rt.c.type, "enum", enum=[t for t, _ in DEFAULT_ROLES] + ["CUSTOM"]),
    list_field("description", rt.c.description),
)
role_store = DocumentStore(
    rt,
    ROLE_PREFIX,
    ROLE_SPEC,
    lambda d: {"type": d["type"], "description": d.get("description", "")},
    ("id", "type", "description", "createdTime", "updatedTime"),
    archivable=False,
)

USER_SPEC = ListSpec.build(
    users,
    list_field("firstName", users.c.first_name),
    list_field("lastName", users.c.last_name),
    list_field(
        "role.type", users.c.role, "enum", sortable=False, enum=[t for t, _ in DEFAULT_ROLES] + ["CUSTOM"]
    ),
)
USER_ORDER = ("id", "archived", "firstName", "lastName", "email", "role", "createdTime", "updatedTime")


def _project_user(doc: Doc) -> dict[str, Any]:
    return {
        "first_name": doc.get("firstName", ""),
        "last_name": doc.get("lastName", ""),
        "role": (doc.get("role") or {}).get("type", ""),
    }


user_store = DocumentStore(users, USER_PREFIX, USER_SPEC, _project_user, USER_ORDER)


# ---------------------------------------------------------------------------- permissions
def role_of(ctx: RequestContext) -> str | None:
    """The calling user's role type, as of now (read on every call that needs it)."""
    role: str | None = ctx.tx.conn.execute(
        select(users.c.role).where(users.c.id == ctx.user_id, users.c.org_id == ctx.org_id)
    ).scalar()
    return role


def require_admin(ctx: RequestContext) -> None:
    """ADMINISTRATOR-only operations answer other roles 403 (BILL-RULES §5.16, §6 #16)."""
    if role_of(ctx) != ADMIN:
        raise ForbiddenError(None, message=NO_PERMISSION)


# ---------------------------------------------------------------------------------- roles
def seed_roles(ctx: RequestContext, _event: Event) -> None:
    """Reaction to ``organization.created`` (and reset): the default roles, and every existing
    user's document rewritten to embed its role (sign-up creates the first administrator
    before the roles exist)."""
    count = len(DEFAULT_ROLES)
    by_type: dict[str, Doc] = {}
    for i, (type_, description) in enumerate(DEFAULT_ROLES):
        # One millisecond apart, so that the default order (createdTime) is this order.
        at = clock.iso(ctx.now - timedelta(milliseconds=count - 1 - i))
        doc = role_store.insert(ctx, {"type": type_, "description": description}, at=at)
        by_type[type_] = doc
    rows = ctx.tx.conn.execute(select(users.c.doc, users.c.role).where(users.c.org_id == ctx.org_id)).all()
    for row in rows:
        old = orjson.loads(row.doc)
        role = by_type.get(row.role) or by_type[ADMIN]
        doc = {k: v for k, v in old.items() if k != "roleId"}
        doc["role"] = _role_ref(role)
        user_store.save(ctx, doc, touch=False)


def _role_ref(role: Doc) -> Doc:
    return {"id": role["id"], "type": role["type"], "description": role.get("description", "")}


def list_roles(ctx: RequestContext, params: ListParams) -> bytes:
    return role_store.list(ctx, params)


def get_role(ctx: RequestContext, role_id: str) -> str:
    return role_store.get_raw(ctx, role_id)


def _role_for(ctx: RequestContext, role_id: str | None) -> Doc:
    if role_id is None:
        value = ctx.tx.conn.execute(
            select(rt.c.doc).where(rt.c.org_id == ctx.org_id, rt.c.type == ADMIN).order_by(rt.c.created_time)
        ).scalar()
        if value is None:  # an organization always has its roles; be safe anyway
            raise RequestError("BDC_1119", "roleId", "")
        doc: Doc = orjson.loads(value)
        return doc
    role = role_store.find(ctx, role_id) if valid_id(role_id) else None
    if role is None:
        raise RequestError("BDC_1119", "roleId", role_id)
    return role


# ---------------------------------------------------------------------------------- users
def list_users(ctx: RequestContext, params: ListParams) -> bytes:
    return user_store.list(ctx, params)


def get_user(ctx: RequestContext, user_id: str) -> str:
    return user_store.get_raw(ctx, user_id)


def _username_taken(ctx: RequestContext, username: str) -> bool:
    return (
        ctx.tx.conn.execute(
            select(users.c.id).where(users.c.org_id == ctx.org_id, users.c.username == username)
        ).first()
        is not None
    )


def create_user(ctx: RequestContext, body: UserCreate, as_partner: bool = False) -> Doc:
    if not as_partner:
        require_admin(ctx)
    if body.accept_terms_of_service is None:
        raise field_error("acceptTermsOfService", "must not be null")
    if body.accept_terms_of_service is not True:
        raise RequestError("BDC_1119", "acceptTermsOfService", "false")
    assert body.first_name and body.last_name and body.email
    if isinstance(body, PartnerUserCreate):
        assert body.username
        username = body.username.strip().lower()
        if "@" in username:
            raise RequestError("BDC_1119", "username", body.username)
        field = "username"
    else:
        username = body.email.strip().lower()
        field = "email"
    if _username_taken(ctx, username):
        raise ApplicationError("BDC_1119", field, username)
    role = _role_for(ctx, body.role_id)
    doc = {
        "firstName": body.first_name,
        "lastName": body.last_name,
        "email": body.email,
        "role": _role_ref(role),
    }
    return user_store.insert(ctx, doc, columns={"username": username, "password_hash": UNUSABLE_PASSWORD})


def _active_admins(ctx: RequestContext) -> int:
    return int(
        ctx.tx.conn.execute(
            select(func.count())
            .select_from(users)
            .where(users.c.org_id == ctx.org_id, users.c.role == ADMIN, users.c.archived.is_(False))
        ).scalar()
        or 0
    )


def _last_admin(ctx: RequestContext, doc: Doc) -> bool:
    return (
        (doc.get("role") or {}).get("type") == ADMIN and not doc.get("archived") and _active_admins(ctx) <= 1
    )


def update_user(ctx: RequestContext, user_id: str, body: UserUpdate, as_partner: bool = False) -> Doc:
    if not as_partner:
        require_admin(ctx)
    doc = user_store.get(ctx, user_id, for_update=True)
    patch = body.to_camel_dict(exclude_unset=True)
    for required in ("firstName", "lastName", "email"):
        if required in patch and not patch[required]:
            raise field_error(required, "must not be blank")
    new = dict(doc)
    for key in ("firstName", "lastName", "email"):
        if key in patch:
            new[key] = patch[key]
    if patch.get("roleId"):
        role = _role_for(ctx, patch["roleId"])
        if role["type"] != ADMIN and _last_admin(ctx, doc):
            raise ApplicationError("BDC_1119", "roleId", patch["roleId"], object_id=user_id)
        new["role"] = _role_ref(role)
    return user_store.save(ctx, new)


def set_user_archived(ctx: RequestContext, user_id: str, archived: bool, as_partner: bool = False) -> Doc:
    if not as_partner:
        require_admin(ctx)
    doc = user_store.get(ctx, user_id, for_update=True)
    if bool(doc.get("archived")) == archived:
        return doc
    if archived and ((not as_partner and user_id == ctx.user_id) or _last_admin(ctx, doc)):
        raise ApplicationError("BDC_1119", "archived", "true", object_id=user_id)
    return user_store.save(ctx, {**doc, "archived": archived}, previous=doc)


def archive_user(ctx: RequestContext, user_id: str) -> Doc:
    return set_user_archived(ctx, user_id, True)


def restore_user(ctx: RequestContext, user_id: str) -> Doc:
    return set_user_archived(ctx, user_id, False)


# ------------------------------------------------------------------------- control plane
def set_password(
    ctx: RequestContext, settings: Settings, user_id: str, password: str | None
) -> dict[str, str]:
    """``POST /_sandbox/users/password``: the user's username and a password to log in with
    (generated unless given)."""
    if not valid_id(user_id):
        raise NotFoundError(user_id)
    username = ctx.tx.conn.execute(
        select(users.c.username).where(users.c.id == user_id, users.c.org_id == ctx.org_id)
    ).scalar()
    if username is None:
        raise NotFoundError(user_id)
    password = password or secrets.token_urlsafe(12)
    accounts.set_password(ctx.tx, settings, user_id, password)
    return {"username": str(username), "password": password}
