from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.recurring_bills import service
from bill_sandbox.resources.recurring_bills.schemas import (
    RecurringBill,
    RecurringBillCreate,
    RecurringBillList,
    RecurringBillUpdate,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/recurringbills", tags=["recurringbills"])
RecurringBillId = Annotated[str, Path(alias="recurringBillId")]
Auth = Annotated[Caller, Depends(session_caller)]


@router.get("", summary="Get list of recurring bills", response_model=RecurringBillList)
async def list_recurring_bills(caller: Auth, params: Annotated[ListParams, Depends(list_params)]) -> Response:
    return respond(caller.read(service.list_recurring_bills, params))


@router.post("", summary="Create a recurring bill", status_code=201, response_model=RecurringBill)
async def create_recurring_bill(caller: Auth, body: RecurringBillCreate) -> Response:
    return respond(caller.write(service.create_recurring_bill, body), 201)


@router.get("/{recurringBillId}", summary="Get recurring bill details", response_model=RecurringBill)
async def get_recurring_bill(caller: Auth, recurring_bill_id: RecurringBillId) -> Response:
    return respond(caller.read(service.get_recurring_bill, recurring_bill_id))


@router.put("/{recurringBillId}", summary="Replace a recurring bill", response_model=RecurringBill)
async def replace_recurring_bill(
    caller: Auth, recurring_bill_id: RecurringBillId, body: RecurringBillCreate
) -> Response:
    return respond(caller.write(service.replace_recurring_bill, recurring_bill_id, body))


@router.patch("/{recurringBillId}", summary="Update a recurring bill", response_model=RecurringBill)
async def update_recurring_bill(
    caller: Auth, recurring_bill_id: RecurringBillId, body: RecurringBillUpdate
) -> Response:
    return respond(caller.write(service.update_recurring_bill, recurring_bill_id, body))


@router.post("/{recurringBillId}/archive", summary="Archive a recurring bill", response_model=RecurringBill)
async def archive_recurring_bill(caller: Auth, recurring_bill_id: RecurringBillId) -> Response:
    return respond(caller.write(service.archive_recurring_bill, recurring_bill_id))


@router.post(
    "/{recurringBillId}/restore", summary="Restore an archived recurring bill", response_model=RecurringBill
)
async def restore_recurring_bill(caller: Auth, recurring_bill_id: RecurringBillId) -> Response:
    return respond(caller.write(service.restore_recurring_bill, recurring_bill_id))
