"""Each organization's S&E company: its first ADMIN user and the tokens (control plane).

``organization.created`` (sign-up, and a reset seeding again) creates the company's ADMIN,
named like the organization's first BILL user, with a uuid derived from the organization so
that a reset keeps it; ``admin_token`` answers that user's token (creating one the first time).
"""

from __future__ import annotations

import secrets
from typing import Any

import orjson
from sqlalchemy import select

from bill_sandbox.accounts.models import UserRow
from bill_sandbox.context import RequestContext, system_context
from bill_sandbox.db import Tx
from bill_sandbox.errors import NotFoundError, RequestError
from bill_sandbox.events import Event
from bill_sandbox.resources.spend.auth import ROLES, mint, tokens
from bill_sandbox.resources.spend.common import derived_number, derived_uuid, new_legacy_id
from bill_sandbox.resources.spend.users import service as users
from bill_sandbox.settings import Settings

bill_users = UserRow.__table__


def admin_uuid(org_id: str) -> str:
    return derived_uuid("usr", "admin:" + org_id)


def seed_company(ctx: RequestContext, _: Event | None = None) -> None:
    """Reaction to ``organization.created``: the company's first ADMIN (idempotent)."""
    uuid = admin_uuid(ctx.org_id)
    if users.store.find(ctx, uuid) is not None:
        return
    raw = ctx.tx.conn.execute(
        select(bill_users.c.doc)
        .where(bill_users.c.org_id == ctx.org_id)
        .order_by(bill_users.c.created_time, bill_users.c.id)
        .limit(1)
    ).scalar()
    bill_user: dict[str, Any] = orjson.loads(raw) if raw else {}
    doc = users.new_user_doc(
        ctx,
        bill_user.get("firstName") or "Sandbox",
        bill_user.get("lastName") or "Admin",
        bill_user.get("email") or f"admin-{ctx.org_id.lower()}@sandbox.example.com",
        "ADMIN",
    )
    legacy = new_legacy_id("User", derived_number("admin:" + ctx.org_id))
    users.store.insert(ctx, doc, uuid=uuid, legacy=legacy)


def admin_token(tx: Tx, settings: Settings, org_id: str) -> str:
    """The organization's ADMIN apiToken (the first one minted for the seeded ADMIN)."""
    ctx = system_context(tx, org_id, settings)
    seed_company(ctx)
    uuid = admin_uuid(org_id)
    token = tx.conn.execute(
        select(tokens.c.token)
        .where(tokens.c.org_id == org_id, tokens.c.user_uuid == uuid)
        .order_by(tokens.c.created_time, tokens.c.token)
        .limit(1)
    ).scalar()
    return str(token) if token else mint(tx, org_id, uuid)


def mint_token(
    tx: Tx, settings: Settings, org_id: str, role: str | None, user_id: str | None
) -> dict[str, Any]:
    """``POST /_sandbox/spend/tokens``: a token for an existing user (``userId``), or for a new
    user with ``role`` (default: the seeded ADMIN)."""
    ctx = system_context(tx, org_id, settings)
    seed_company(ctx)
    if role is not None and role not in ROLES:
        raise RequestError("BDC_1129", "role", role[:40])
    if user_id:
        user = users.store.find(ctx, user_id)
        if user is None or user.get("retired"):
            raise NotFoundError(user_id[:40])
    elif role is None or role == "ADMIN":
        user = users.store.get(ctx, admin_uuid(org_id))
    else:
        suffix = secrets.token_hex(3)
        doc = users.new_user_doc(
            ctx, role.title(), f"User {suffix}", f"{role.lower()}-{suffix}@sandbox.example.com", role
        )
        user = users.store.insert(ctx, doc)
    token = mint(tx, org_id, user["uuid"])
    return {
        "apiToken": token,
        "organizationId": org_id,
        "userId": user["id"],
        "userUuid": user["uuid"],
        "role": user["role"],
    }
