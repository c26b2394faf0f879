from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.resources.mass_payments import service
from bill_sandbox.resources.mass_payments.schemas import MassPayment, MassPaymentCreate
from bill_sandbox.resources.payments.operations import require_payment_trust
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/payments/mass", tags=["payments"])
Auth = Annotated[Caller, Depends(session_caller)]


async def trusted_caller(caller: Auth) -> Caller:
    """An MFA-trusted session, checked before the body (BILL-RULES §2.3)."""
    caller.read(require_payment_trust)
    return caller


@router.post("", summary="Create a mass payment", status_code=201, response_model=MassPayment)
async def create_mass_payment(
    caller: Annotated[Caller, Depends(trusted_caller)], body: MassPaymentCreate
) -> Response:
    return respond(caller.write(service.create, body), 201)


@router.get("/{paymentBatchId}", summary="Get mass payment status", response_model=MassPayment)
async def get_mass_payment(caller: Auth, batch_id: Annotated[str, Path(alias="paymentBatchId")]) -> Response:
    return respond(caller.read(service.get, batch_id))
