from __future__ import annotations

from typing import Annotated

from fastapi import Body, Depends, Path, Query
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.credit_memos import service
from bill_sandbox.resources.credit_memos.schemas import (
    CreditMemo,
    CreditMemoBulk,
    CreditMemoCreate,
    CreditMemoList,
    CreditMemoReplaceItem,
    CreditMemoUpdate,
    CreditMemoUpdateItem,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/credit-memos", tags=["credit memos"])
CreditMemoId = Annotated[str, Path(alias="creditMemoId")]
Auth = Annotated[Caller, Depends(session_caller)]
MAX_BULK = service.MAX_BULK
Ids = Annotated[str, Query(description="Comma-separated credit memo ids (at most 50)")]


@router.get("", summary="Get list of credit memos", response_model=CreditMemoList)
async def list_credit_memos(caller: Auth, params: Annotated[ListParams, Depends(list_params)]) -> Response:
    return respond(caller.read(service.list_credit_memos, params))


@router.post("", summary="Create a credit memo", status_code=201, response_model=CreditMemo)
async def create_credit_memo(caller: Auth, body: CreditMemoCreate) -> Response:
    return respond(caller.write(service.create_credit_memo, body), 201)


@router.put("/bulk", summary="Replace multiple credit memos", response_model=CreditMemoBulk)
async def replace_credit_memos(
    caller: Auth, body: Annotated[list[CreditMemoReplaceItem], Body(min_length=1, max_length=MAX_BULK)]
) -> Response:
    return respond(caller.write(service.replace_credit_memos, body))


@router.post("/bulk", summary="Create multiple credit memos", status_code=201, response_model=CreditMemoBulk)
async def create_credit_memos(
    caller: Auth, body: Annotated[list[CreditMemoCreate], Body(min_length=1, max_length=MAX_BULK)]
) -> Response:
    return respond(caller.write(service.create_credit_memos, body), 201)


@router.patch("/bulk", summary="Update multiple credit memos", response_model=CreditMemoBulk)
async def update_credit_memos(
    caller: Auth, body: Annotated[list[CreditMemoUpdateItem], Body(min_length=1, max_length=MAX_BULK)]
) -> Response:
    return respond(caller.write(service.update_credit_memos, body))


@router.post("/bulk/archive", summary="Archive multiple credit memos", response_model=CreditMemoBulk)
async def archive_credit_memos(caller: Auth, ids: Ids) -> Response:
    return respond(caller.write(service.archive_credit_memos, ids))


@router.post("/bulk/restore", summary="Restore multiple credit memos", response_model=CreditMemoBulk)
async def restore_credit_memos(caller: Auth, ids: Ids) -> Response:
    return respond(caller.write(service.restore_credit_memos, ids))


@router.get("/{creditMemoId}", summary="Get credit memo details", response_model=CreditMemo)
async def get_credit_memo(caller: Auth, memo_id: CreditMemoId) -> Response:
    return respond(caller.read(service.get_credit_memo, memo_id))


@router.put("/{creditMemoId}", summary="Replace a credit memo", response_model=CreditMemo)
async def replace_credit_memo(caller: Auth, memo_id: CreditMemoId, body: CreditMemoCreate) -> Response:
    return respond(caller.write(service.replace_credit_memo, memo_id, body))


@router.patch("/{creditMemoId}", summary="Update a credit memo", response_model=CreditMemo)
async def update_credit_memo(caller: Auth, memo_id: CreditMemoId, body: CreditMemoUpdate) -> Response:
    return respond(caller.write(service.update_credit_memo, memo_id, body))


@router.post("/{creditMemoId}/archive", summary="Archive a credit memo", response_model=CreditMemo)
async def archive_credit_memo(caller: Auth, memo_id: CreditMemoId) -> Response:
    return respond(caller.write(service.archive_credit_memo, memo_id))


@router.post("/{creditMemoId}/restore", summary="Restore a credit memo", response_model=CreditMemo)
async def restore_credit_memo(caller: Auth, memo_id: CreditMemoId) -> Response:
    return respond(caller.write(service.restore_credit_memo, memo_id))
