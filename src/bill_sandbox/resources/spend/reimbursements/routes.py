from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.responses import Response

from bill_sandbox.jsonio import empty, respond
from bill_sandbox.resources.spend.auth import SpendCaller, spend_caller
from bill_sandbox.resources.spend.listing import SpendListParams, spend_list_params
from bill_sandbox.resources.spend.reimbursements import service
from bill_sandbox.resources.spend.reimbursements.schemas import (
    Reimbursement,
    ReimbursementAction,
    ReimbursementCreate,
    ReimbursementList,
    ReimbursementUpdate,
)
from bill_sandbox.resources.spend.transactions.schemas import Receipt, ReceiptAdd
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/spend/reimbursements", tags=["reimbursements"])
Auth = Annotated[SpendCaller, Depends(spend_caller)]
ReimbursementId = Annotated[str, Path(alias="reimbursementId", description="Reimbursement id or uuid")]
Params = Annotated[SpendListParams, Depends(spend_list_params)]


@router.get("", summary="Get list of reimbursements", response_model=ReimbursementList)
async def list_reimbursements(caller: Auth, params: Params) -> Response:
    return respond(caller.read(service.list_reimbursements, params))


@router.post("", summary="Create a reimbursement", response_model=Reimbursement)
async def create_reimbursement(caller: Auth, body: ReimbursementCreate) -> Response:
    return respond(caller.write(service.create_reimbursement, body))


@router.get("/{reimbursementId}", summary="Get reimbursement details", response_model=Reimbursement)
async def get_reimbursement(caller: Auth, reimbursement_id: ReimbursementId) -> Response:
    return respond(caller.read(service.get_reimbursement, reimbursement_id))


@router.patch("/{reimbursementId}", summary="Update a reimbursement", response_model=Reimbursement)
async def update_reimbursement(
    caller: Auth, reimbursement_id: ReimbursementId, body: ReimbursementUpdate
) -> Response:
    return respond(caller.write(service.update_reimbursement, reimbursement_id, body))


@router.delete("/{reimbursementId}", summary="Delete a reimbursement")
async def delete_reimbursement(caller: Auth, reimbursement_id: ReimbursementId) -> Response:
    caller.write(service.delete_reimbursement, reimbursement_id)
    return empty()


@router.post(
    "/{reimbursementId}/action", summary="Approve or deny a reimbursement", response_model=Reimbursement
)
async def act(caller: Auth, reimbursement_id: ReimbursementId, body: ReimbursementAction) -> Response:
    return respond(caller.write(service.act, reimbursement_id, body))


@router.post("/{reimbursementId}/receipts", summary="Add a reimbursement receipt", response_model=Receipt)
async def add_receipt(caller: Auth, reimbursement_id: ReimbursementId, body: ReceiptAdd) -> Response:
    return respond(caller.write(service.add_receipt, reimbursement_id, body))


@router.delete("/{reimbursementId}/receipts/{receiptId}", summary="Delete a reimbursement receipt")
async def delete_receipt(
    caller: Auth, reimbursement_id: ReimbursementId, receipt_id: Annotated[str, Path(alias="receiptId")]
) -> Response:
    caller.write(service.delete_receipt, reimbursement_id, receipt_id)
    return empty()
