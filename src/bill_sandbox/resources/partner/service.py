"""Partner rules (BILL-RULES §2.1 partner onboarding chain, §5.16b).

- A partner account (control plane: ``bill-sandbox signup --partner`` or ``POST
  /_sandbox/signup {"partner": true}``) has a username, a password and an ``appKey``.
- ``POST /v3/partner/login {username, password, appKey}`` -> ``{sessionId}``; a bad appKey is
  400 ``BDC_1102``, bad credentials 400 ``BDC_1101``.
- ``login-as-user`` opens an ordinary org session for a user of one of the partner's
  organizations; it is bound to no devKey (any devKey the sandbox knows works with it, BILL-RULES
  §5.16b DEFAULT) and trusted when ``rememberMeId``+``device`` name a remembered device.
- A partner-created organization is a full organization (seeded like any other), listed only
  to its partner, with ``partnerName`` set and a price plan (default ``PricePlan1``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import delete, select, update

from bill_sandbox import ids, scheduler
from bill_sandbox.accounts import service as accounts
from bill_sandbox.accounts.models import DevKeyRow, UserRow
from bill_sandbox.accounts.service import LoginUser
from bill_sandbox.auth import ANY_DEV_KEY
from bill_sandbox.db import Tx
from bill_sandbox.errors import NotFoundError, RequestError
from bill_sandbox.listing import ListParams, ListSpec, list_field, list_page
from bill_sandbox.resources.organizations import service as organizations
from bill_sandbox.resources.organizations.schemas import OrganizationCreate, PricePlanUpdate
from bill_sandbox.resources.partner.auth import PartnerContext, org_context
from bill_sandbox.resources.partner.models import PartnerOrganizationRow, PartnerRow, PartnerSessionRow
from bill_sandbox.resources.risk_verifications import service as risk
from bill_sandbox.resources.risk_verifications.schemas import PhoneIn
from bill_sandbox.resources.users import service as user_service
from bill_sandbox.resources.users.schemas import PartnerUserCreate, UserUpdate
from bill_sandbox.settings import Settings
from bill_sandbox.store import Doc, valid_id

partners = PartnerRow.__table__
psessions = PartnerSessionRow.__table__
porgs = PartnerOrganizationRow.__table__
users = UserRow.__table__
dev_keys = DevKeyRow.__table__
PARTNER_PREFIX = "0pa"  # not a BILL id (partners have none on the wire); ours, for the tables

ORG_SPEC = ListSpec.build(porgs, list_field("name", porgs.c.name))


# ------------------------------------------------------------------------------- accounts
def signup(
    tx: Tx,
    settings: Settings,
    username: str | None = None,
    password: str | None = None,
    name: str | None = None,
) -> dict[str, str]:
    suffix = secrets.token_hex(4)
    username = (username or f"partner-{suffix}@sandbox.example.com").strip()
    password = password or secrets.token_urlsafe(12)
    if tx.conn.execute(select(partners.c.id).where(partners.c.username == username.lower())).first():
        raise RequestError("BDC_1119", "username", username)
    partner_id = ids.new_id(PARTNER_PREFIX)
    app_key = "sbx-app-" + secrets.token_hex(16)
    tx.use_org(partner_id, scheduler.global_offset(tx))
    pw_hash = accounts.hasher(settings.argon2_time_cost, settings.argon2_memory_kib).hash(password)
    tx.conn.execute(
        partners.insert().values(
            id=partner_id,
            username=username.lower(),
            password_hash=pw_hash,
            app_key=app_key,
            name=name or f"Sandbox Partner {suffix}",
            created_time=tx.now_iso,
        )
    )
    # The appKey is also a devKey the sandbox knows: login-as-user sessions accept any such key
    # (BILL-RULES §5.16b DEFAULT), so a partner without a developer account can use its own.
    tx.conn.execute(
        dev_keys.insert().values(
            key=app_key, org_id=partner_id, username=username.lower(), created_time=tx.now_iso
        )
    )
    return {"username": username, "password": password, "appKey": app_key, "partnerId": partner_id}


@dataclass(frozen=True)
class PartnerLoginUser:
    partner_id: str
    password_hash: str


def find_partner(tx: Tx, username: str, app_key: str) -> PartnerLoginUser:
    """Partner login, step 1 (a read)."""
    tx.use_org("", scheduler.global_offset(tx))
    row = tx.conn.execute(
        select(partners.c.id, partners.c.username, partners.c.password_hash).where(
            partners.c.app_key == app_key
        )
    ).first()
    if row is None:
        raise RequestError("BDC_1102")
    if row.username != username.strip().lower():
        raise RequestError("BDC_1101")
    return PartnerLoginUser(row.id, row.password_hash)


def open_partner_session(tx: Tx, partner: PartnerLoginUser, app_key: str) -> dict[str, str]:
    """Partner login, step 3 (a write)."""
    tx.use_org(partner.partner_id, scheduler.global_offset(tx))
    session_id = ids.new_token(30)
    now = tx.now_iso
    tx.conn.execute(
        psessions.insert().values(
            id=session_id, partner_id=partner.partner_id, app_key=app_key, created_time=now, last_seen=now
        )
    )
    return {"sessionId": session_id}


def logout(ctx: PartnerContext) -> None:
    ctx.tx.conn.execute(delete(psessions).where(psessions.c.id == ctx.session_id))


def login_as_user(
    ctx: PartnerContext, user_id: str, organization_id: str, remember_me_id: str | None, device: str | None
) -> dict[str, Any]:
    org_ctx = org_context(ctx, organization_id)
    row = (
        ctx.tx.conn.execute(
            select(users.c.id, users.c.username, users.c.archived).where(
                users.c.id == user_id, users.c.org_id == organization_id
            )
        ).first()
        if valid_id(user_id)
        else None
    )
    if row is None:
        raise NotFoundError(user_id)
    if row.archived:
        raise RequestError("BDC_1119", "userId", user_id)
    user = LoginUser(row.username, row.id, "", False)
    session = accounts.open_session(org_ctx.tx, user, organization_id, ANY_DEV_KEY, remember_me_id, device)
    return {"sessionId": session["sessionId"], "trusted": session["trusted"]}


# -------------------------------------------------------------------------- organizations
def create_organization(ctx: PartnerContext, body: OrganizationCreate) -> Doc:
    assert body.name
    organizations.check_address(body.to_camel_dict())
    org_id = accounts.create_organization(ctx.tx, ctx.settings, body.name, seed=False)
    doc = organizations.new_document(body, org_id, ctx.tx.now_iso, ctx.partner_name)
    text = orjson.dumps(doc).decode()
    ctx.tx.conn.execute(organizations.orgs.update().where(organizations.orgs.c.id == org_id).values(doc=text))
    ctx.tx.conn.execute(
        porgs.insert().values(
            id=org_id,
            org_id=ctx.partner_id,
            archived=False,
            created_time=doc["createdTime"],
            updated_time=doc["updatedTime"],
            name=doc["name"],
            price_plan=organizations.DEFAULT_PLAN,
            doc=text,
        )
    )
    accounts.seed_organization(ctx.tx, ctx.settings, org_id)
    return doc


def list_organizations(ctx: PartnerContext, params: ListParams) -> bytes:
    return list_page(ctx.tx, ORG_SPEC, ctx.partner_id, params)


def set_price_plan(ctx: PartnerContext, organization_id: str, body: PricePlanUpdate) -> dict[str, str]:
    done = ctx.tx.conn.execute(
        update(porgs)
        .where(porgs.c.id == organization_id, porgs.c.org_id == ctx.partner_id)
        .values(price_plan=body.price_plan_type)
    ).rowcount
    if not done:
        raise NotFoundError(organization_id)
    return {"status": "SUCCESS"}


# ------------------------------------------------------------------------ child-org calls
# The organization is the ``organizationId`` header's; the partner acts without role checks.


def list_users(ctx: PartnerContext, params: ListParams) -> bytes:
    return user_service.list_users(ctx.org(), params)


def create_user(ctx: PartnerContext, body: PartnerUserCreate) -> Doc:
    return user_service.create_user(ctx.org(), body, as_partner=True)


def get_user(ctx: PartnerContext, user_id: str) -> str:
    return user_service.get_user(ctx.org(), user_id)


def update_user(ctx: PartnerContext, user_id: str, body: UserUpdate) -> Doc:
    return user_service.update_user(ctx.org(), user_id, body, as_partner=True)


def set_user_archived(ctx: PartnerContext, user_id: str, archived: bool) -> Doc:
    return user_service.set_user_archived(ctx.org(), user_id, archived, as_partner=True)


def list_roles(ctx: PartnerContext, params: ListParams) -> bytes:
    return user_service.list_roles(ctx.org(), params)


def get_role(ctx: PartnerContext, role_id: str) -> str:
    return user_service.get_role(ctx.org(), role_id)


def add_user_phone(ctx: PartnerContext, user_id: str, body: PhoneIn) -> None:
    risk.add_user_phone(ctx.org(), user_id, body)
