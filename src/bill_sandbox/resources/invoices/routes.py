from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import empty, respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.invoices import delivery, service
from bill_sandbox.resources.invoices.schemas import (
    Invoice,
    InvoiceCreate,
    InvoiceList,
    InvoiceUpdate,
    PaymentLink,
    PaymentLinkIn,
    RecordArPayment,
    RecordedArPayment,
    SendInvoice,
)
from bill_sandbox.resources.receivable_payments import service as receivable_payments
from bill_sandbox.routing import APIRouter
from bill_sandbox.urls import origin

router = APIRouter(prefix="/v3/invoices", tags=["invoices"])
InvoiceId = Annotated[str, Path(alias="invoiceId")]
Auth = Annotated[Caller, Depends(session_caller)]


@router.get("", summary="Get list of invoices", response_model=InvoiceList)
async def list_invoices(caller: Auth, params: Annotated[ListParams, Depends(list_params)]) -> Response:
    return respond(caller.read(service.list_invoices, params))


@router.post("", summary="Create an invoice", status_code=201, response_model=Invoice)
async def create_invoice(caller: Auth, body: InvoiceCreate) -> Response:
    return respond(caller.write(delivery.create_invoice, body), 201)


@router.post("/record-payment", summary="Record AR payment", response_model=RecordedArPayment)
async def record_payment(caller: Auth, body: RecordArPayment) -> Response:
    return respond(caller.write(receivable_payments.record_payment, body))


@router.get("/{invoiceId}", summary="Get invoice details", response_model=Invoice)
async def get_invoice(caller: Auth, invoice_id: InvoiceId) -> Response:
    return respond(caller.read(service.get_invoice, invoice_id))


@router.put("/{invoiceId}", summary="Replace an invoice", response_model=Invoice)
async def replace_invoice(caller: Auth, invoice_id: InvoiceId, body: InvoiceCreate) -> Response:
    return respond(caller.write(service.replace_invoice, invoice_id, body))


@router.patch("/{invoiceId}", summary="Update an invoice", response_model=Invoice)
async def update_invoice(caller: Auth, invoice_id: InvoiceId, body: InvoiceUpdate) -> Response:
    return respond(caller.write(service.update_invoice, invoice_id, body))


@router.post("/{invoiceId}/archive", summary="Archive an invoice", response_model=Invoice)
async def archive_invoice(caller: Auth, invoice_id: InvoiceId) -> Response:
    return respond(caller.write(service.archive_invoice, invoice_id))


@router.post("/{invoiceId}/email", summary="Send an invoice")
async def send_invoice(caller: Auth, invoice_id: InvoiceId, body: SendInvoice) -> Response:
    caller.write(delivery.send_invoice, invoice_id, body)
    return empty()


@router.post("/{invoiceId}/payment-link", summary="Get invoice payment link", response_model=PaymentLink)
async def payment_link(
    caller: Auth, request: Request, invoice_id: InvoiceId, body: PaymentLinkIn
) -> Response:
    base = origin(request, caller.settings)
    return respond(caller.write(delivery.payment_link, invoice_id, body, base))


@router.post("/{invoiceId}/restore", summary="Restore an archived invoice", response_model=Invoice)
async def restore_invoice(caller: Auth, invoice_id: InvoiceId) -> Response:
    return respond(caller.write(service.restore_invoice, invoice_id))
