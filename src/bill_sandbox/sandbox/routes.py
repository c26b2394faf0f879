from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends, Path, Query, Request
from pydantic import ConfigDict, Field
from starlette.responses import Response

from bill_sandbox import scheduler
from bill_sandbox.accounts import mfa
from bill_sandbox.accounts import service as accounts
from bill_sandbox.auth import app_db, app_settings
from bill_sandbox.db import Database
from bill_sandbox.errors import field_error
from bill_sandbox.jsonio import respond
from bill_sandbox.resources.partner import service as partner_service
from bill_sandbox.resources.payments import actions as payment_actions
from bill_sandbox.routing import APIRouter, include
from bill_sandbox.sandbox import ar as ar_routes
from bill_sandbox.sandbox import fidelity, network_setup, org_partner, service, state_routes, states
from bill_sandbox.sandbox.spend import router as spend_router
from bill_sandbox.schemas import PlainModel
from bill_sandbox.settings import Settings
from bill_sandbox.urls import connect_base
from bill_sandbox.webhooks import service as webhooks

router = APIRouter()
include(router, org_partner.router)  # users' passwords (resources.users, .partner)
include(router, state_routes.router)  # setters: network, virtual cards, users, trust, events
Db = Annotated[Database, Depends(app_db)]
Cfg = Annotated[Settings, Depends(app_settings)]


class SignupRequest(PlainModel):
    model_config = ConfigDict(extra="forbid")
    username: str | None = Field(None, description="Defaults to a generated address")
    password: str | None = Field(None, min_length=8, description="Defaults to a generated password")
    organizationName: str | None = None
    partner: bool = Field(False, description="Create a partner account (answers its appKey) instead")
    mfaPhone: bool = Field(
        True, description="Register an MFA phone for the user (false: an account without one)"
    )


class Credentials(PlainModel):
    baseUrl: str
    username: str
    password: str
    devKey: str | None = Field(None, description="Developer accounts")
    organizationId: str | None = Field(None, description="Developer accounts")
    userId: str | None = Field(None, description="Developer accounts")
    appKey: str | None = Field(None, description="Partner accounts")
    partnerId: str | None = Field(None, description="Partner accounts")
    apiToken: str | None = Field(None, description="Spend & Expense ADMIN apiToken")


class ResetRequest(PlainModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str | None = Field(None, description="Reset only this organization")


class Advance(PlainModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str | None = Field(
        None, description="Move only this organization's sandbox time (default: every organization)"
    )
    seconds: float | None = Field(None, ge=0)
    minutes: float | None = Field(None, ge=0)
    hours: float | None = Field(None, ge=0)
    days: float | None = Field(None, ge=0)
    apply: bool = Field(
        True,
        description="false: only move the time, as the wall clock does; the background scheduler "
        "then applies what came due on its own (the answer does not wait for it)",
    )


class ClockState(PlainModel):
    organizationId: str | None = None
    now: str
    offsetSeconds: float


@router.post(
    "/signup",
    summary="Create a developer account and organization",
    status_code=201,
    response_model=Credentials,
    tags=["accounts"],
)
async def signup(
    request: Request, db: Db, settings: Cfg, body: Annotated[SignupRequest | None, Body()] = None
) -> Response:
    body = body or SignupRequest()
    if body.partner:
        with db.transaction() as tx:
            partner = partner_service.signup(
                tx, settings, body.username, body.password, body.organizationName
            )
        return respond({"baseUrl": connect_base(request, settings), **partner}, 201)
    with db.transaction() as tx:
        creds = accounts.signup(
            tx, settings, body.username, body.password, body.organizationName, mfa_phone=body.mfaPhone
        )
    return respond(creds.as_json(connect_base(request, settings)), 201)


@router.post("/reset", summary="Clear data (everything, or one organization)", tags=["data"])
async def reset(db: Db, settings: Cfg, body: Annotated[ResetRequest | None, Body()] = None) -> Response:
    with db.transaction() as tx:
        result: dict[str, Any] = service.reset(tx, settings, body.organizationId if body else None)
    return respond(result)


@router.get(
    "/clock",
    summary="Read the sandbox clock",
    description="An organization's sandbox time; without `organizationId`, the shared time that "
    "new organizations start at.",
    response_model=ClockState,
    tags=["clock"],
)
async def get_clock(
    db: Db, organization_id: Annotated[str | None, Query(alias="organizationId")] = None
) -> Response:
    with db.transaction(write=False) as tx:
        return respond(service.clock_state(tx, organization_id))


@router.post(
    "/clock/advance",
    summary="Move the sandbox clock forward",
    description="Moves one organization's time (`organizationId`) or every organization's, and "
    "answers once every transition due by the new time has been applied (`apply: false`: "
    "as if that much wall-clock time had passed, leaving the work to the background scheduler).",
    tags=["clock"],
)
async def advance(db: Db, settings: Cfg, body: Advance) -> Response:
    seconds = (
        (body.seconds or 0) + (body.minutes or 0) * 60 + (body.hours or 0) * 3600 + (body.days or 0) * 86400
    )
    if all(v is None for v in (body.seconds, body.minutes, body.hours, body.days)):
        raise field_error("seconds", "give one of seconds, minutes, hours or days")
    if not body.apply:
        with db.transaction() as tx:
            return respond(states.pass_wall_time(tx, seconds, body.organizationId))
    return respond(service.advance(db, settings, seconds, body.organizationId))


@router.post(
    "/payments/{paymentId}/release",
    summary="Release a payment on hold (amount 999.01)",
    tags=["payments"],
)
async def release_payment(
    db: Db, settings: Cfg, payment_id: Annotated[str, Path(alias="paymentId")]
) -> Response:
    with db.transaction() as tx:
        doc = payment_actions.release(tx, settings, payment_id)
        scheduler.reschedule(tx, tx.org_id or "")
    return respond(doc)


class MfaCode(PlainModel):
    code: str
    kind: str
    setupId: str | None = None
    challengeId: str | None = None
    organizationId: str
    userId: str
    type: str
    last4digits: str | None = None
    sentTime: str
    state: str


@router.get(
    "/mfa/last-code",
    summary="Read the last MFA code the sandbox sent",
    response_model=MfaCode,
    tags=["mfa"],
)
async def mfa_last_code(
    db: Db,
    organization_id: Annotated[str | None, Query(alias="organizationId")] = None,
    user_id: Annotated[str | None, Query(alias="userId")] = None,
) -> Response:
    with db.transaction(write=False) as tx:
        return respond(mfa.last_code(tx, organization_id, user_id))


# ------------------------------------------------------------------------------ webhooks
Limit = Annotated[int, Query(ge=1, le=500, description="How many, newest first (default 50)")]
OrgFilter = Annotated[str | None, Query(alias="organizationId", max_length=20)]


@router.get("/events", summary="Recent outbox events, newest first", tags=["webhooks"])
async def recent_events(
    db: Db,
    organization_id: OrgFilter = None,
    type_: Annotated[str | None, Query(alias="type", max_length=64)] = None,
    entity_id: Annotated[str | None, Query(alias="entityId", max_length=64)] = None,
    payload: Annotated[bool, Query(description="true: each event's object too")] = False,
    limit: Limit = 50,
) -> Response:
    with db.transaction(write=False) as tx:
        return respond(webhooks.recent_events(tx, organization_id, type_, limit, entity_id, payload))


@router.get("/deliveries", summary="Recent webhook delivery attempts, newest first", tags=["webhooks"])
async def recent_deliveries(
    db: Db,
    organization_id: OrgFilter = None,
    subscription_id: Annotated[str | None, Query(alias="subscriptionId", max_length=40)] = None,
    limit: Limit = 50,
) -> Response:
    with db.transaction(write=False) as tx:
        return respond(webhooks.recent_attempts(tx, organization_id, subscription_id, limit))


include(router, spend_router)  # Spend & Expense
include(router, ar_routes.router)  # accounts receivable: recorded invoice emails, payment-link page
include(router, fidelity.router)
include(router, network_setup.router)  # a connection request from another organization
