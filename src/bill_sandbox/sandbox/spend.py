"""Spend & Expense control plane: tokens, card activity, locks, upload targets, PAN reader."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends, Path, Request
from pydantic import ConfigDict, Field
from starlette.responses import Response

from bill_sandbox import scheduler
from bill_sandbox.auth import app_db, app_settings
from bill_sandbox.context import system_context
from bill_sandbox.db import Database
from bill_sandbox.jsonio import empty, respond
from bill_sandbox.resources.spend import company
from bill_sandbox.resources.spend.cards import service as cards
from bill_sandbox.resources.spend.transactions import activity
from bill_sandbox.resources.spend.transactions import service as transactions
from bill_sandbox.resources.spend.uploads import service as uploads
from bill_sandbox.routing import APIRouter
from bill_sandbox.sandbox.service import require_org
from bill_sandbox.schemas import PlainModel
from bill_sandbox.settings import Settings

router = APIRouter(prefix="/spend", tags=["spend & expense"])
Db = Annotated[Database, Depends(app_db)]
Cfg = Annotated[Settings, Depends(app_settings)]


class TokenRequest(PlainModel):
    model_config = ConfigDict(extra="forbid")
    organizationId: str = Field(..., max_length=20)
    role: str | None = Field(None, description="ADMIN, AUDITOR, BOOKKEEPER or MEMBER: a new user")
    userId: str | None = Field(None, max_length=40, description="An existing S&E user (id or uuid)")


class TokenOut(PlainModel):
    apiToken: str
    organizationId: str
    userId: str
    userUuid: str
    role: str


class LockRequest(PlainModel):
    model_config = ConfigDict(extra="forbid")
    locked: bool = True


class PanRequest(PlainModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(..., max_length=4000)


@router.post("/tokens", summary="Mint a Spend & Expense apiToken", response_model=TokenOut)
async def mint_token(db: Db, settings: Cfg, body: TokenRequest) -> Response:
    with db.transaction() as tx:
        require_org(tx, body.organizationId)
        return respond(company.mint_token(tx, settings, body.organizationId, body.role, body.userId))


def _simulate(db: Database, settings: Settings, body: activity.CardActivity) -> Response:
    with db.transaction() as tx:
        org_id = activity.card_org(tx, body.cardId)
        tx.use_org(org_id)
        ctx = system_context(tx, org_id, settings)
        doc = activity.simulate(ctx, body)
        scheduler.reschedule(tx, org_id)
    return respond(doc)


@router.post(
    "/transactions",
    summary="Simulate card activity (authorize, clear, reverse, refund, 3DS challenge)",
    description="Answers the resulting transaction (a DECLINE when the card or budget refuses "
    "it), or the 3DS challenge for THREE_DS.",
)
async def card_activity(db: Db, settings: Cfg, body: activity.CardActivity) -> Response:
    return _simulate(db, settings, body)


@router.post("/card-activity", summary="Simulate card activity (same as POST /spend/transactions)")
async def card_activity_alias(db: Db, settings: Cfg, body: activity.CardActivity) -> Response:
    return _simulate(db, settings, body)


@router.post("/transactions/{transactionId}/lock", summary="Lock or unlock a transaction")
async def lock_transaction(
    db: Db,
    settings: Cfg,
    transaction_id: Annotated[str, Path(alias="transactionId")],
    body: Annotated[LockRequest | None, Body()] = None,
) -> Response:
    with db.transaction() as tx:
        org_id = activity.transaction_org(tx, transaction_id)
        tx.use_org(org_id)
        ctx = system_context(tx, org_id, settings)
        return respond(transactions.set_locked(ctx, transaction_id, (body or LockRequest()).locked))


@router.put("/uploads/{token}", summary="Upload target of a Spend & Expense upload URL (JPG or PNG)")
async def put_upload(db: Db, request: Request, token: Annotated[str, Path(max_length=80)]) -> Response:
    data = await request.body()
    with db.transaction() as tx:
        uploads.store_bytes(tx, token, request.headers.get("content-type", ""), data)
    return empty()


@router.get("/uploads/{token}", summary="The bytes uploaded to a Spend & Expense upload URL")
async def get_upload(db: Db, token: Annotated[str, Path(max_length=80)]) -> Response:
    with db.transaction(write=False) as tx:
        data, content_type = uploads.read_bytes(tx, token)
    return Response(data, media_type=content_type)


@router.post("/pan", summary="Read a card's PAN JWT (BILL's /de/rest/pan, locally)")
async def read_pan(db: Db, body: PanRequest) -> Response:
    with db.transaction(write=False) as tx:
        out: dict[str, Any] = cards.read_pan(tx, body.token)
    return respond(out)
