from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Header
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bill_sandbox.accounts import service, tokens
from bill_sandbox.auth import Caller, app_db, app_settings, session_caller
from bill_sandbox.context import RequestContext
from bill_sandbox.db import Database
from bill_sandbox.jsonio import empty, respond
from bill_sandbox.resources.authentication.schemas import LoginRequest, LoginResponse, SessionDetails
from bill_sandbox.resources.partner import service as partner
from bill_sandbox.resources.partner.auth import PartnerCaller
from bill_sandbox.routing import APIRouter
from bill_sandbox.settings import Settings

router = APIRouter(prefix="/v3", tags=["authentication"])


@router.post("/login", summary="API login", response_model=LoginResponse)
async def login(
    body: LoginRequest,
    db: Annotated[Database, Depends(app_db)],
    settings: Annotated[Settings, Depends(app_settings)],
) -> Response:
    assert body.organization_id and body.dev_key
    if body.console_api_token or tokens.is_token_name(body.username):
        with db.transaction() as tx:  # consoleApiToken, or a token's name and value (BILL-RULES §2.1)
            token_session = tokens.login(
                tx, body.organization_id, body.dev_key, body.username, body.password, body.console_api_token
            )
        if token_session is not None:
            return respond(token_session)
    assert body.username and body.password
    try:
        with db.transaction(write=False) as tx:
            user = service.find_login_user(tx, body.username, body.organization_id, body.dev_key)
        # argon2 runs in a worker thread: no transaction is open while we wait for it.
        ok = await run_in_threadpool(service.password_matches, settings, user.password_hash, body.password)
        if not ok or user.archived:
            raise service.BadCredentials(user.username)
    except service.BadCredentials as exc:
        with db.transaction() as tx:
            service.record_failure(tx, settings, exc.username, body.organization_id)
        raise
    with db.transaction() as tx:
        result = service.open_session(
            tx, user, body.organization_id, body.dev_key, body.remember_me_id, body.device
        )
    return respond(result)


def _logout(ctx: RequestContext) -> None:
    service.logout(ctx.tx, ctx.session_id)


def _details(ctx: RequestContext) -> dict[str, Any]:
    return service.session_details(ctx.tx, ctx.org_id, ctx.user_id)


@router.post("/logout", summary="API logout")
async def logout(
    caller: Annotated[Caller, Depends(session_caller)],
    app_key: str = Header(None, alias="appKey", description="Partner sessions: the partner's appKey"),
) -> Response:
    if app_key and not caller.dev_key:
        # A partner session (appKey instead of devKey) ends here too (resources.partner).
        PartnerCaller(caller.db, caller.settings, app_key, caller.session_id, None).write(partner.logout)
        return empty()
    caller.write(_logout)
    return empty()


@router.get("/login/session", summary="Get API session details", response_model=SessionDetails)
async def session_details(caller: Annotated[Caller, Depends(session_caller)]) -> Response:
    return respond(caller.read(_details))
