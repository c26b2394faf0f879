"""Control plane for users, partners and the network: set a user's password (BILL emails new
users to finish sign-up; the sandbox lets tests log in as them instead); an organization's
network profile (private, auto-connect)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends
from pydantic import ConfigDict, Field
from starlette.responses import Response

from bill_sandbox.auth import app_db, app_settings
from bill_sandbox.context import system_context
from bill_sandbox.db import Database
from bill_sandbox.jsonio import respond
from bill_sandbox.resources.network import service as network
from bill_sandbox.resources.users import service as users
from bill_sandbox.routing import APIRouter
from bill_sandbox.sandbox.service import require_org
from bill_sandbox.schemas import PlainModel
from bill_sandbox.settings import Settings

router = APIRouter()


class PasswordRequest(PlainModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str
    userId: str
    password: str | None = Field(None, min_length=8, description="Defaults to a generated password")


class UserCredentials(PlainModel):
    username: str
    password: str


@router.post(
    "/users/password",
    summary="Set a user's password (to log in as a user created through the API)",
    response_model=UserCredentials,
    tags=["accounts"],
)
async def set_password(
    db: Annotated[Database, Depends(app_db)],
    settings: Annotated[Settings, Depends(app_settings)],
    body: PasswordRequest,
) -> Response:
    with db.transaction() as tx:
        require_org(tx, body.organizationId)
        ctx = system_context(tx, body.organizationId, settings)
        return respond(users.set_password(ctx, settings, body.userId, body.password))


class NetworkProfile(PlainModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str
    visibility: Literal["PUBLIC", "PRIVATE"] | None = Field(None, description="PRIVATE: hidden from searches")
    autoConnect: bool | None = Field(None, description="true: connection requests connect at once")


class NetworkProfileOut(PlainModel):
    organizationId: str
    networkId: str
    visibility: str
    autoConnect: bool


@router.post(
    "/network/profile",
    summary="Set an organization's BILL network profile (visibility, auto-connect)",
    response_model=NetworkProfileOut,
    tags=["network"],
)
async def network_profile(
    db: Annotated[Database, Depends(app_db)],
    settings: Annotated[Settings, Depends(app_settings)],
    body: NetworkProfile,
) -> Response:
    with db.transaction() as tx:
        require_org(tx, body.organizationId)
        ctx = system_context(tx, body.organizationId, settings)
        return respond(network.set_profile(ctx, body.visibility, body.autoConnect))
