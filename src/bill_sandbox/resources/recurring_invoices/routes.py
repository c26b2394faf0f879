from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.recurring_invoices import service
from bill_sandbox.resources.recurring_invoices.schemas import (
    RecurringInvoice,
    RecurringInvoiceCreate,
    RecurringInvoiceList,
    RecurringInvoiceUpdate,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/recurring-invoices", tags=["recurring invoices"])
RecurringInvoiceId = Annotated[str, Path(alias="recurringInvoiceId")]
Auth = Annotated[Caller, Depends(session_caller)]


@router.get("", summary="Get list of recurring invoices", response_model=RecurringInvoiceList)
async def list_recurring_invoices(
    caller: Auth, params: Annotated[ListParams, Depends(list_params)]
) -> Response:
    return respond(caller.read(service.list_recurring_invoices, params))


@router.post("", summary="Create a recurring invoice", status_code=201, response_model=RecurringInvoice)
async def create_recurring_invoice(caller: Auth, body: RecurringInvoiceCreate) -> Response:
    return respond(caller.write(service.create_recurring_invoice, body), 201)


@router.get("/{recurringInvoiceId}", summary="Get recurring invoice details", response_model=RecurringInvoice)
async def get_recurring_invoice(caller: Auth, recurring_id: RecurringInvoiceId) -> Response:
    return respond(caller.read(service.get_recurring_invoice, recurring_id))


@router.put("/{recurringInvoiceId}", summary="Replace a recurring invoice", response_model=RecurringInvoice)
async def replace_recurring_invoice(
    caller: Auth, recurring_id: RecurringInvoiceId, body: RecurringInvoiceCreate
) -> Response:
    return respond(caller.write(service.replace_recurring_invoice, recurring_id, body))


@router.patch("/{recurringInvoiceId}", summary="Update a recurring invoice", response_model=RecurringInvoice)
async def update_recurring_invoice(
    caller: Auth, recurring_id: RecurringInvoiceId, body: RecurringInvoiceUpdate
) -> Response:
    return respond(caller.write(service.update_recurring_invoice, recurring_id, body))


@router.post(
    "/{recurringInvoiceId}/archive", summary="Archive a recurring invoice", response_model=RecurringInvoice
)
async def archive_recurring_invoice(caller: Auth, recurring_id: RecurringInvoiceId) -> Response:
    return respond(caller.write(service.archive_recurring_invoice, recurring_id))


@router.post(
    "/{recurringInvoiceId}/restore", summary="Restore a recurring invoice", response_model=RecurringInvoice
)
async def restore_recurring_invoice(caller: Auth, recurring_id: RecurringInvoiceId) -> Response:
    return respond(caller.write(service.restore_recurring_invoice, recurring_id))
