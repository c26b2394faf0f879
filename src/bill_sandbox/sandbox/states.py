"""Control-plane rules that put an organization into a state BILL reaches on its own side (a
vendor joining the network or enrolling for virtual cards, a user added by an administrator, a
session trusted by MFA, time passing on the wall clock), so that tests and demos get there
without reaching into the database."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select, update

from bill_sandbox import events, scheduler
from bill_sandbox.accounts import mfa
from bill_sandbox.accounts import service as accounts
from bill_sandbox.accounts.models import OrganizationRow, SessionRow, UserRow
from bill_sandbox.context import system_context
from bill_sandbox.db import Tx, set_state
from bill_sandbox.errors import NotFoundError, RequestError, field_error
from bill_sandbox.resources.customers import service as customers
from bill_sandbox.resources.customers.schemas import CustomerCreate
from bill_sandbox.resources.network import service as network
from bill_sandbox.resources.network.schemas import InvitationIn
from bill_sandbox.resources.vendors import service as vendors
from bill_sandbox.sandbox.service import advanced, clock_state, require_org
from bill_sandbox.settings import Settings
from bill_sandbox.store import Doc

orgs = OrganizationRow.__table__
sessions = SessionRow.__table__
users = UserRow.__table__


def set_vendor_network(
    tx: Tx, settings: Settings, org_id: str, vendor_id: str, status: str, rpps_id: str | None
) -> Doc:
    """A vendor's BILL network connection as BILL would record it (payByType and the bank
    account status follow). ``CONNECTED_RPPS`` needs the biller's ``rppsId``."""
    require_org(tx, org_id)
    if status == "CONNECTED_RPPS" and not rpps_id:
        raise field_error("rppsId", "required with CONNECTED_RPPS")
    return vendors.set_network_status(system_context(tx, org_id, settings), vendor_id, status, rpps_id)


def set_vendor_virtual_card(
    tx: Tx, settings: Settings, org_id: str, vendor_id: str, status: str, remit_email: str
) -> Doc:
    """A vendor's virtual-card enrollment (BILL enrolls vendors itself; there is no operation)."""
    require_org(tx, org_id)
    ctx = system_context(tx, org_id, settings)
    doc = vendors.store.get(ctx, vendor_id, for_update=True)
    info = dict(doc.get("paymentInformation") or {})
    info["virtualCard"] = {"status": status, "remitEmail": remit_email, "enrollDate": ctx.now_iso[:10]}
    doc["paymentInformation"] = info
    return vendors.store.save(ctx, doc)


def trust_session(tx: Tx, session_id: str) -> dict[str, Any]:
    """Mark a session MFA-trusted, as a validated MFA challenge does."""
    row = tx.conn.execute(
        select(sessions.c.org_id, sessions.c.user_id).where(sessions.c.id == session_id)
    ).first()
    if row is None:
        raise NotFoundError(session_id)
    tx.conn.execute(update(sessions).where(sessions.c.id == session_id).values(trusted=True))
    return {"sessionId": session_id, "organizationId": row.org_id, "userId": row.user_id, "trusted": True}


def add_user(
    tx: Tx,
    settings: Settings,
    org_id: str,
    role: str,
    first_name: str,
    last_name: str,
    username: str | None,
    password: str | None,
    mfa_phone: bool,
) -> dict[str, Any]:
    """A user of the organization with a role, able to log in at once (BILL would email them
    to finish sign-up); with a registered MFA phone unless ``mfa_phone`` is false."""
    require_org(tx, org_id)
    username = (username or f"user-{secrets.token_hex(5)}@sandbox.example.com").lower()
    if tx.conn.execute(select(users.c.id).where(users.c.username == username)).first() is not None:
        raise field_error("username", "already taken")
    password = password or secrets.token_urlsafe(12)
    tx.use_org(org_id)
    user_id = accounts.create_user(tx, settings, org_id, username, password, first_name, last_name, role)
    if mfa_phone:
        mfa.register_phone(tx, org_id, user_id)
    return {
        "organizationId": org_id,
        "userId": user_id,
        "role": role,
        "username": username,
        "password": password,
    }


def set_mfa_bypass(tx: Tx, org_id: str, enabled: bool) -> dict[str, Any]:
    """An organization whose sessions are trusted without MFA (BILL turns this on per
    organization)."""
    require_org(tx, org_id)
    tx.conn.execute(update(orgs).where(orgs.c.id == org_id).values(mfa_bypass=enabled))
    return {"organizationId": org_id, "mfaBypass": enabled}


def pass_wall_time(tx: Tx, seconds: float, org_id: str | None) -> dict[str, Any]:
    """As if ``seconds`` of real time had passed: the organization's sandbox time (or every
    organization's) moves and nothing is applied here; the background scheduler applies what
    came due on its own, as it does when the wall clock gets there."""
    before = clock_state(tx, org_id)
    moved = update(orgs).values(
        clock_offset=orgs.c.clock_offset + seconds, next_due=orgs.c.next_due - seconds
    )
    if org_id is not None:
        require_org(tx, org_id)
        moved = moved.where(orgs.c.id == org_id)
    else:
        set_state(tx, "clock_offset", repr(scheduler.global_offset(tx) + seconds))
    tx.conn.execute(moved)
    after = clock_state(tx, org_id)
    return {**advanced(org_id, before, after, seconds), "applied": False}


def record_event(tx: Tx, settings: Settings, org_id: str, type_: str, obj: Doc) -> dict[str, Any]:
    """An outbox event of a catalog type with this object, delivered to the organization's
    subscriptions like one a resource recorded (reactions to it run too)."""
    require_org(tx, org_id)
    if type_ not in events.CATALOG:
        raise field_error("type", f"not an event type of the catalog: {type_}")
    if not str(obj.get("id") or obj.get("uuid") or ""):
        raise field_error("object", "needs an id")
    event_id = events.record(system_context(tx, org_id, settings), type_, obj)
    scheduler.reschedule(tx, org_id)
    return {"id": event_id, "organizationId": org_id, "type": type_}


def send_connection_request(tx: Tx, settings: Settings, org_id: str, network_id: str) -> Doc:
    """Organization ``org_id`` adds a customer for the organization whose network id is
    ``network_id`` and sends it a connection request (PENDING), as through
    ``POST /v3/network/invitation/customer/{customerId}``; the invited organization may then
    accept it with ``type`` VENDOR."""
    require_org(tx, network_id)
    require_org(tx, org_id)
    if network_id == org_id:
        raise RequestError("BDC_1119", "networkId", network_id)
    invited = tx.conn.execute(select(orgs.c.name).where(orgs.c.id == network_id)).scalar()
    ctx = system_context(tx, org_id, settings)
    customer = customers.create_customer(
        ctx,
        CustomerCreate.model_validate(
            {"name": invited or "BILL organization", "email": "network@sandbox.example.com"}
        ),
    )
    customer_id = str(customer["id"])
    network.send(
        ctx,
        network.CUSTOMER,
        customer_id,
        InvitationIn.model_validate({"networkId": network_id, "networkType": "BILL"}),
    )
    status = network.status(ctx, network.CUSTOMER, customer_id)["status"]
    scheduler.reschedule(tx, org_id)
    return {"organizationId": org_id, "customerId": customer_id, "networkId": network_id, "status": status}
