"""Control-plane calls for BILL's money-path simulations (BILL-RULES §7.4; OUR DESIGN)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from pydantic import ConfigDict, Field
from starlette.responses import Response

from bill_sandbox import scheduler
from bill_sandbox.accounts import tokens
from bill_sandbox.auth import app_db, app_settings
from bill_sandbox.db import Database
from bill_sandbox.jsonio import respond
from bill_sandbox.resources.payments import actions as payment_actions
from bill_sandbox.routing import APIRouter
from bill_sandbox.sandbox import service
from bill_sandbox.schemas import PlainModel
from bill_sandbox.settings import Settings

router = APIRouter()
Db = Annotated[Database, Depends(app_db)]
Cfg = Annotated[Settings, Depends(app_settings)]


class TokenRequest(PlainModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str
    userId: str | None = Field(None, description="Default: the organization's first administrator")
    console: bool = Field(False, description="true: a consoleApiToken; false: a sign-in token")


@router.post(
    "/api-tokens",
    summary="Create an API token (token sign-in or consoleApiToken)",
    description="`console:false` answers `{tokenName, tokenValue}`: log in with `username` = "
    "tokenName and `password` = tokenValue. `console:true` answers `{consoleApiToken}`: log in "
    "with `consoleApiToken` instead of `password`. Either session lasts 48 hours idle and can "
    "neither pay nor do MFA (BILL-RULES §2.1).",
    status_code=201,
    tags=["accounts"],
)
async def create_api_token(db: Db, body: TokenRequest) -> Response:
    with db.transaction() as tx:
        service.require_org(tx, body.organizationId)
        out = tokens.create(tx, body.organizationId, body.userId, body.console)
    return respond(out, 201)


@router.post(
    "/orgs/{organizationId}/funding-received",
    summary="Mark the funds of failed fundings as received (FUNDING_FAILED_ACTION_NEEDED)",
    description="The organization wired what its failed fundings (bank account 000000000021) "
    "owed: those payments take the status their disbursement reached and new payments are "
    "accepted again. Answers `{payments: [...]}` with the payments released.",
    tags=["payments"],
)
async def funding_received(
    db: Db, settings: Cfg, organization_id: Annotated[str, Path(alias="organizationId")]
) -> Response:
    with db.transaction() as tx:
        service.require_org(tx, organization_id)
        released = payment_actions.funds_received(tx, settings, organization_id)
        scheduler.reschedule(tx, organization_id)
    return respond({"payments": released})
