from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Depends, Path, Query
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.payments import check_images, operations, quotes
from bill_sandbox.resources.payments.schemas import (
    CheckImages,
    ExchangeRate,
    Payment,
    PaymentBulk,
    PaymentBulkOut,
    PaymentCreate,
    PaymentList,
    PaymentOptions,
    VoidRequest,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/payments", tags=["payments"])
Auth = Annotated[Caller, Depends(session_caller)]
PaymentId = Annotated[str, Path(alias="paymentId")]
VendorId = Annotated[str, Query(alias="vendorId", description="The vendor to pay (009…)")]
Amount = Annotated[str, Query(description="The payment amount")]
T = TypeVar("T")


async def trusted_caller(caller: Auth) -> Caller:
    """Creating payments needs an MFA-trusted session: 401/403 come before the body is
    validated (BILL-RULES §2.3, §5.6 step 1)."""
    caller.read(operations.require_payment_trust)
    return caller


Trusted = Annotated[Caller, Depends(trusted_caller)]


@router.get("", summary="Get list of payments", response_model=PaymentList)
async def list_payments(caller: Auth, params: Annotated[ListParams, Depends(list_params)]) -> Response:
    return respond(caller.read(operations.list_payments, params))


@router.post("", summary="Create a payment", status_code=201, response_model=Payment)
async def create_payment(caller: Trusted, body: PaymentCreate) -> Response:
    return respond(caller.write(operations.create_payment, body), 201)


@router.post("/bulk", summary="Create a bulk payment", status_code=201, response_model=PaymentBulkOut)
async def create_bulk_payment(caller: Trusted, body: PaymentBulk) -> Response:
    return respond(caller.write(operations.create_bulk_payment, body), 201)


@router.get("/exchange-rate", summary="Get BILL foreign exchange rate", response_model=ExchangeRate)
async def exchange_rate(
    caller: Auth,
    vendor_id: VendorId,
    amount: Amount,
    base_currency: Annotated[
        str | None,
        Query(alias="baseCurrency", description="true: amount is in USD, not the vendor's currency"),
    ] = None,
) -> Response:
    return respond(caller.write(quotes.exchange_rate, vendor_id, amount, base_currency))


@router.get("/options", summary="Get list of vendor payment options", response_model=PaymentOptions)
async def payment_options(caller: Auth, vendor_id: VendorId, amount: Amount) -> Response:
    return respond(caller.read(quotes.payment_options, vendor_id, amount))


@router.get("/{paymentId}", summary="Get payment details", response_model=Payment)
async def get_payment(caller: Auth, payment_id: PaymentId) -> Response:
    return respond(caller.read(operations.get_payment, payment_id))


@router.post("/{paymentId}/cancel", summary="Cancel a payment", response_model=Payment)
async def cancel_payment(caller: Auth, payment_id: PaymentId) -> Response:
    return respond(caller.write(operations.cancel_payment, payment_id))


@router.get("/{paymentId}/check-image", summary="Get check image data", response_model=CheckImages)
async def check_image(caller: Auth, payment_id: PaymentId) -> Response:
    return respond(caller.read(check_images.check_image, payment_id))


@router.post("/{paymentId}/void", summary="Void a payment", response_model=Payment)
async def void_payment(caller: Auth, payment_id: PaymentId, body: VoidRequest) -> Response:
    return respond(caller.write(operations.void_payment, payment_id, body))
