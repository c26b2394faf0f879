"""Control-plane setters (rules in ``sandbox.states``): states BILL reaches on its own side, so
that a test gets there through HTTP, against an in-process app or a served one alike."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Path
from pydantic import ConfigDict, Field
from starlette.responses import Response

from bill_sandbox.auth import app_db, app_settings
from bill_sandbox.db import Database
from bill_sandbox.jsonio import respond
from bill_sandbox.routing import APIRouter
from bill_sandbox.sandbox import states
from bill_sandbox.schemas import PlainModel
from bill_sandbox.settings import Settings

router = APIRouter()
Db = Annotated[Database, Depends(app_db)]
Cfg = Annotated[Settings, Depends(app_settings)]
VendorId = Annotated[str, Path(alias="vendorId")]
OrgId = Annotated[str, Path(alias="organizationId")]


class VendorNetwork(PlainModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str
    status: Literal["NOT_CONNECTED", "PENDING", "CONNECTED", "CONNECTED_RPPS"]
    rppsId: str | None = Field(None, description="The biller's RPPS id (with CONNECTED_RPPS)")


@router.post(
    "/vendors/{vendorId}/network",
    summary="Set a vendor's BILL network connection (payByType follows)",
    description="Answers the vendor as `GET /v3/vendors/{vendorId}` would.",
    tags=["network"],
)
async def vendor_network(db: Db, settings: Cfg, vendor_id: VendorId, body: VendorNetwork) -> Response:
    with db.transaction() as tx:
        org_id = body.organizationId
        doc = states.set_vendor_network(tx, settings, org_id, vendor_id, body.status, body.rppsId)
    return respond(doc)


class VirtualCard(PlainModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str
    status: Literal["ENROLLED", "PENDING", "UNENROLLED"] = "ENROLLED"
    remitEmail: str = Field("cards@example.com", max_length=255)


@router.post(
    "/vendors/{vendorId}/virtual-card",
    summary="Set a vendor's virtual-card enrollment",
    description="BILL enrolls vendors for virtual cards itself; this records the outcome "
    "(`paymentInformation.virtualCard`). Answers the vendor.",
    tags=["payments"],
)
async def vendor_virtual_card(db: Db, settings: Cfg, vendor_id: VendorId, body: VirtualCard) -> Response:
    with db.transaction() as tx:
        doc = states.set_vendor_virtual_card(
            tx, settings, body.organizationId, vendor_id, body.status, body.remitEmail
        )
    return respond(doc)


class TrustRequest(PlainModel):
    model_config = ConfigDict(extra="forbid")
    sessionId: str = Field(..., max_length=80)


class TrustedSession(PlainModel):
    sessionId: str
    organizationId: str
    userId: str
    trusted: bool


@router.post(
    "/sessions/trust",
    summary="Make a session MFA-trusted (as a validated MFA challenge does)",
    response_model=TrustedSession,
    tags=["mfa"],
)
async def trust_session(db: Db, body: TrustRequest) -> Response:
    with db.transaction() as tx:
        return respond(states.trust_session(tx, body.sessionId))


class NewUser(PlainModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str
    role: Literal["ADMINISTRATOR", "ACCOUNTANT", "APPROVER", "PAYER", "CLERK", "AUDITOR", "MEMBER"] = (
        "ADMINISTRATOR"
    )
    firstName: str = Field("Sandbox", min_length=1, max_length=100)
    lastName: str = Field("User", min_length=1, max_length=100)
    username: str | None = Field(None, max_length=255, description="Defaults to a generated address")
    password: str | None = Field(None, min_length=8, description="Defaults to a generated password")
    mfaPhone: bool = Field(True, description="Register an MFA phone for the user")


class UserOut(PlainModel):
    organizationId: str
    userId: str
    role: str
    username: str
    password: str


@router.post(
    "/users",
    summary="Add a user with a role to an organization, ready to log in",
    description="Log in with `username`, `password` and any devKey of the organization.",
    status_code=201,
    response_model=UserOut,
    tags=["accounts"],
)
async def add_user(db: Db, settings: Cfg, body: NewUser) -> Response:
    with db.transaction() as tx:
        out = states.add_user(
            tx,
            settings,
            body.organizationId,
            body.role,
            body.firstName,
            body.lastName,
            body.username,
            body.password,
            body.mfaPhone,
        )
    return respond(out, 201)


class MfaBypass(PlainModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool


class MfaBypassOut(PlainModel):
    organizationId: str
    mfaBypass: bool


@router.post(
    "/orgs/{organizationId}/mfa-bypass",
    summary="Turn an organization's MFA bypass on or off (its sessions are trusted at login)",
    response_model=MfaBypassOut,
    tags=["mfa"],
)
async def mfa_bypass(db: Db, organization_id: OrgId, body: MfaBypass) -> Response:
    with db.transaction() as tx:
        return respond(states.set_mfa_bypass(tx, organization_id, body.enabled))


class NewEvent(PlainModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str
    type: str = Field(..., max_length=64, description="A type of `GET /v3/events/catalog`")
    object: dict[str, Any] = Field(..., description="The event's object (needs an `id`)")


class RecordedEvent(PlainModel):
    id: str
    organizationId: str
    type: str


@router.post(
    "/events",
    summary="Record an event (delivered to the organization's subscriptions)",
    description="Sends a webhook of any catalog type with the object you give, e.g. to test a "
    "receiver; it is delivered, signed and retried like any other.",
    status_code=201,
    response_model=RecordedEvent,
    tags=["webhooks"],
)
async def record_event(db: Db, settings: Cfg, body: NewEvent) -> Response:
    with db.transaction() as tx:
        out = states.record_event(tx, settings, body.organizationId, body.type, body.object)
    return respond(out, 201)
