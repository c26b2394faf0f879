from __future__ import annotations

from typing import Annotated

from fastapi import Body, Depends, Path, Query
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.vendor_credits import service
from bill_sandbox.resources.vendor_credits.schemas import (
    VendorCredit,
    VendorCreditBulk,
    VendorCreditCreate,
    VendorCreditList,
    VendorCreditReplaceItem,
    VendorCreditUpdate,
    VendorCreditUpdateItem,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/vendor-credits", tags=["vendor credits"])
VendorCreditId = Annotated[str, Path(alias="vendorCreditId")]
Auth = Annotated[Caller, Depends(session_caller)]
MAX_BULK = service.MAX_BULK


@router.get("", summary="Get list of vendor credits", response_model=VendorCreditList)
async def list_vendor_credits(caller: Auth, params: Annotated[ListParams, Depends(list_params)]) -> Response:
    return respond(caller.read(service.list_vendor_credits, params))


@router.post("", summary="Create a vendor credit", status_code=201, response_model=VendorCredit)
async def create_vendor_credit(caller: Auth, body: VendorCreditCreate) -> Response:
    return respond(caller.write(service.create_vendor_credit, body), 201)


@router.put("/bulk", summary="Replace multiple vendor credits", response_model=VendorCreditBulk)
async def replace_vendor_credits(
    caller: Auth, body: Annotated[list[VendorCreditReplaceItem], Body(min_length=1, max_length=MAX_BULK)]
) -> Response:
    return respond(caller.write(service.replace_vendor_credits, body))


@router.post(
    "/bulk", summary="Create multiple vendor credits", status_code=201, response_model=VendorCreditBulk
)
async def create_vendor_credits(
    caller: Auth, body: Annotated[list[VendorCreditCreate], Body(min_length=1, max_length=MAX_BULK)]
) -> Response:
    return respond(caller.write(service.create_vendor_credits, body), 201)


@router.patch("/bulk", summary="Update multiple vendor credits", response_model=VendorCreditBulk)
async def update_vendor_credits(
    caller: Auth, body: Annotated[list[VendorCreditUpdateItem], Body(min_length=1, max_length=MAX_BULK)]
) -> Response:
    return respond(caller.write(service.update_vendor_credits, body))


@router.post("/bulk/archive", summary="Archive multiple vendor credits", response_model=VendorCreditBulk)
async def archive_vendor_credits(
    caller: Auth, ids: Annotated[str, Query(description="Comma-separated vendor credit ids (at most 50)")]
) -> Response:
    return respond(caller.write(service.archive_vendor_credits, ids))


@router.get("/{vendorCreditId}", summary="Get vendor credit details", response_model=VendorCredit)
async def get_vendor_credit(caller: Auth, credit_id: VendorCreditId) -> Response:
    return respond(caller.read(service.get_vendor_credit, credit_id))


@router.put("/{vendorCreditId}", summary="Replace a vendor credit", response_model=VendorCredit)
async def replace_vendor_credit(
    caller: Auth, credit_id: VendorCreditId, body: VendorCreditCreate
) -> Response:
    return respond(caller.write(service.replace_vendor_credit, credit_id, body))


@router.patch("/{vendorCreditId}", summary="Update a vendor credit", response_model=VendorCredit)
async def update_vendor_credit(caller: Auth, credit_id: VendorCreditId, body: VendorCreditUpdate) -> Response:
    return respond(caller.write(service.update_vendor_credit, credit_id, body))


@router.post("/{vendorCreditId}/archive", summary="Archive a vendor credit", response_model=VendorCredit)
async def archive_vendor_credit(caller: Auth, credit_id: VendorCreditId) -> Response:
    return respond(caller.write(service.archive_vendor_credit, credit_id))
