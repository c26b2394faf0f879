from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.responses import Response

from bill_sandbox.auth import app_settings
from bill_sandbox.jsonio import respond
from bill_sandbox.resources.spend.auth import SpendCaller, spend_caller
from bill_sandbox.resources.spend.uploads import service
from bill_sandbox.routing import APIRouter
from bill_sandbox.schemas import ResponseModel
from bill_sandbox.settings import Settings
from bill_sandbox.urls import origin

router = APIRouter(prefix="/v3/spend")
Auth = Annotated[SpendCaller, Depends(spend_caller)]
Cfg = Annotated[Settings, Depends(app_settings)]


class UploadUrl(ResponseModel):
    url: str | None = None


@router.post(
    "/reimbursements/image-upload-url",
    summary="Create a reimbursement upload URL",
    response_model=UploadUrl,
    tags=["reimbursements"],
)
async def reimbursement_upload_url(caller: Auth, request: Request, settings: Cfg) -> Response:
    return respond(caller.write(service.create_url, "reimbursement", origin(request, settings)))


@router.post(
    "/transactions/receipt-upload-url",
    summary="Create a transaction upload URL",
    response_model=UploadUrl,
    tags=["transactions"],
)
async def transaction_upload_url(caller: Auth, request: Request, settings: Cfg) -> Response:
    return respond(caller.write(service.create_url, "transaction", origin(request, settings)))


@router.post("/reimbursements/upload-image-url", include_in_schema=False)
async def reimbursement_upload_url_alias(caller: Auth, request: Request, settings: Cfg) -> Response:
    """The guide's prose spells it this way (BILL-RULES §5.18b: an alias, DEFAULT)."""
    return respond(caller.write(service.create_url, "reimbursement", origin(request, settings)))
