from __future__ import annotations

from typing import Annotated

from fastapi import Body, Depends, Path, Query
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.bills import service
from bill_sandbox.resources.bills.schemas import (
    Bill,
    BillCreate,
    BillList,
    BillUpdate,
    RecordedPayment,
    RecordPayment,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/bills", tags=["bills"])
BillId = Annotated[str, Path(alias="billId")]
Auth = Annotated[Caller, Depends(session_caller)]
# Accepted for BILL compatibility; approvers appear once approval policies exist.
BillApprovals = Annotated[
    bool | None, Query(alias="billApprovals", description="Add approvers to the response")
]
MAX_BULK = 100


@router.get("", summary="Get list of bills", response_model=BillList)
async def list_bills(caller: Auth, params: Annotated[ListParams, Depends(list_params)]) -> Response:
    return respond(caller.read(service.list_bills, params))


@router.post("", summary="Create a bill", status_code=201, response_model=Bill)
async def create_bill(caller: Auth, body: BillCreate, bill_approvals: BillApprovals = None) -> Response:
    return respond(caller.write(service.create_bill, body), 201)


@router.post("/bulk", summary="Create multiple bills", status_code=201, response_model=list[Bill])
async def create_bills(
    caller: Auth,
    body: Annotated[list[BillCreate], Body(min_length=1, max_length=MAX_BULK)],
    bill_approvals: BillApprovals = None,
) -> Response:
    return respond(caller.write(service.create_bills, body), 201)


@router.post("/record-payment", summary="Record AP payment", response_model=RecordedPayment)
async def record_payment(caller: Auth, body: RecordPayment) -> Response:
    return respond(caller.write(service.record_payment, body))


@router.get("/{billId}", summary="Get bill details", response_model=Bill)
async def get_bill(caller: Auth, bill_id: BillId) -> Response:
    return respond(caller.read(service.get_bill, bill_id))


@router.put("/{billId}", summary="Replace a bill", response_model=Bill)
async def replace_bill(
    caller: Auth, bill_id: BillId, body: BillCreate, bill_approvals: BillApprovals = None
) -> Response:
    return respond(caller.write(service.replace_bill, bill_id, body))


@router.patch("/{billId}", summary="Update a bill", response_model=Bill)
async def update_bill(
    caller: Auth, bill_id: BillId, body: BillUpdate, bill_approvals: BillApprovals = None
) -> Response:
    return respond(caller.write(service.update_bill, bill_id, body))


@router.post("/{billId}/archive", summary="Archive a bill", response_model=Bill)
async def archive_bill(caller: Auth, bill_id: BillId) -> Response:
    return respond(caller.write(service.archive_bill, bill_id))


@router.post("/{billId}/restore", summary="Restore an archived bill", response_model=Bill)
async def restore_bill(caller: Auth, bill_id: BillId) -> Response:
    return respond(caller.write(service.restore_bill, bill_id))
