from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query
from starlette.responses import Response

from bill_sandbox.jsonio import empty, respond
from bill_sandbox.resources.spend.auth import SpendCaller, spend_caller
from bill_sandbox.resources.spend.cards import service
from bill_sandbox.resources.spend.cards.schemas import Card, CardCreate, CardList, CardUpdate, PanJwt
from bill_sandbox.resources.spend.listing import SpendListParams, spend_list_params
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/spend/cards", tags=["cards"])
Auth = Annotated[SpendCaller, Depends(spend_caller)]
CardId = Annotated[str, Path(alias="cardId", description="Card id or uuid")]
Params = Annotated[SpendListParams, Depends(spend_list_params)]


@router.get("", summary="Get list of cards", response_model=CardList)
async def list_cards(caller: Auth, params: Params) -> Response:
    return respond(caller.read(service.list_cards, params))


@router.post("", summary="Create a vendor card", response_model=Card)
async def create_card(caller: Auth, body: CardCreate) -> Response:
    return respond(caller.write(service.create_card, body))


@router.get("/{cardId}", summary="Get vendor card details", response_model=Card)
async def get_card(caller: Auth, card_id: CardId) -> Response:
    return respond(caller.read(service.get_card, card_id))


@router.patch("/{cardId}", summary="Update a vendor card", response_model=Card)
async def update_card(caller: Auth, card_id: CardId, body: CardUpdate) -> Response:
    return respond(caller.write(service.update_card, card_id, body))


@router.delete("/{cardId}", summary="Delete a vendor card")
async def delete_card(
    caller: Auth,
    card_id: CardId,
    reason: Annotated[str, Query(description="CANCELLED, LOST, STOLEN or MISPLACED")],
) -> Response:
    caller.write(service.delete_card, card_id, reason)
    return empty()


@router.post("/{cardId}/freeze", summary="Freeze a vendor card", response_model=Card)
async def freeze_card(caller: Auth, card_id: CardId) -> Response:
    return respond(caller.write(service.freeze_card, card_id))


@router.post("/{cardId}/unfreeze", summary="Unfreeze a vendor card", response_model=Card)
async def unfreeze_card(caller: Auth, card_id: CardId) -> Response:
    return respond(caller.write(service.unfreeze_card, card_id))


@router.get("/{cardId}/pan-jwt", summary="Get a PAN JWT token", response_model=PanJwt)
async def pan_jwt(caller: Auth, card_id: CardId) -> Response:
    return respond(caller.read(service.pan_jwt, card_id))
