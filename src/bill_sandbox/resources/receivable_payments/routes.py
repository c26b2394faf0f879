from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.receivable_payments import service
from bill_sandbox.resources.receivable_payments.schemas import (
    ChargeCustomer,
    ReceivablePayment,
    ReceivablePaymentList,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/receivable-payments", tags=["receivable-payments"])
PaymentId = Annotated[str, Path(alias="receivedPaymentId")]
Auth = Annotated[Caller, Depends(session_caller)]


@router.get("", summary="Get list of received payments", response_model=ReceivablePaymentList)
async def list_payments(caller: Auth, params: Annotated[ListParams, Depends(list_params)]) -> Response:
    return respond(caller.read(service.list_payments, params))


# BILL's changelog (2025-12) documents charging a customer; its Postman collection has no
# example yet, so the operation stays out of the served spec (the contract test compares every
# served operation with the collection).
@router.post(
    "",
    summary="Charge a customer",
    status_code=201,
    response_model=ReceivablePayment,
    include_in_schema=False,
)
async def charge_customer(caller: Auth, body: ChargeCustomer) -> Response:
    return respond(caller.write(service.charge_customer, body), 201)


@router.get("/{receivedPaymentId}", summary="Get received payment details", response_model=ReceivablePayment)
async def get_payment(caller: Auth, payment_id: PaymentId) -> Response:
    return respond(caller.read(service.get_payment, payment_id))
