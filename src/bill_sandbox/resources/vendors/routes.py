from __future__ import annotations

from typing import Annotated

from fastapi import Body, Depends, Path, Query
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import empty, respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.vendors import service
from bill_sandbox.resources.vendors.schemas import (
    BankAccountIn,
    BankAccountOut,
    InternationalPaymentsConfig,
    Vendor,
    VendorBulk,
    VendorConfiguration,
    VendorCreate,
    VendorList,
    VendorUpdate,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/vendors", tags=["vendors"])
VendorId = Annotated[str, Path(alias="vendorId")]
Auth = Annotated[Caller, Depends(session_caller)]
MAX_BULK = 20


@router.get("", summary="Get list of vendors", response_model=VendorList)
async def list_vendors(caller: Auth, params: Annotated[ListParams, Depends(list_params)]) -> Response:
    return respond(caller.read(service.list_vendors, params))


@router.post("", summary="Create a vendor", status_code=201, response_model=Vendor)
async def create_vendor(caller: Auth, body: VendorCreate) -> Response:
    return respond(caller.write(service.create_vendor, body), 201)


@router.post("/bulk", summary="Create multiple vendors", status_code=201, response_model=VendorBulk)
async def create_vendors(
    caller: Auth, body: Annotated[list[VendorCreate], Body(min_length=1, max_length=MAX_BULK)]
) -> Response:
    return respond(caller.write(service.create_vendors, body), 201)


@router.get(
    "/configuration/international-payments",
    summary="Get international payments configuration",
    response_model=InternationalPaymentsConfig,
)
async def get_international_payments_configuration(
    caller: Auth,
    country: Annotated[str, Query(description="Vendor country (ISO 3166-1 alpha-2)")],
    bill_currency: Annotated[str, Query(alias="billCurrency", description="Bill currency (ISO 4217)")],
    account_type: Annotated[str, Query(alias="accountType", description="BUSINESS, PERSON or NONE")],
) -> Response:
    return respond(
        caller.read(service.get_international_payments_configuration, country, bill_currency, account_type)
    )


@router.get("/{vendorId}", summary="Get vendor details", response_model=Vendor)
async def get_vendor(caller: Auth, vendor_id: VendorId) -> Response:
    return respond(caller.read(service.get_vendor, vendor_id))


@router.patch("/{vendorId}", summary="Update a vendor", response_model=Vendor)
async def update_vendor(caller: Auth, vendor_id: VendorId, body: VendorUpdate) -> Response:
    return respond(caller.write(service.update_vendor, vendor_id, body))


@router.post("/{vendorId}/archive", summary="Archive a vendor", response_model=Vendor)
async def archive_vendor(caller: Auth, vendor_id: VendorId) -> Response:
    return respond(caller.write(service.archive_vendor, vendor_id))


@router.post("/{vendorId}/restore", summary="Restore an archived vendor", response_model=Vendor)
async def restore_vendor(caller: Auth, vendor_id: VendorId) -> Response:
    return respond(caller.write(service.restore_vendor, vendor_id))


@router.get(
    "/{vendorId}/bank-account", summary="Get vendor bank account details", response_model=BankAccountOut
)
async def get_bank_account(caller: Auth, vendor_id: VendorId) -> Response:
    return respond(caller.read(service.get_bank_account, vendor_id))


@router.post(
    "/{vendorId}/bank-account", summary="Create a vendor bank account", response_model=BankAccountOut
)
async def create_bank_account(caller: Auth, vendor_id: VendorId, body: BankAccountIn) -> Response:
    return respond(caller.write(service.create_bank_account, vendor_id, body))


@router.delete("/{vendorId}/bank-account", summary="Delete a vendor bank account", status_code=204)
async def delete_bank_account(caller: Auth, vendor_id: VendorId) -> Response:
    caller.write(service.delete_bank_account, vendor_id)
    return empty(204)


@router.get(
    "/{vendorId}/configuration", summary="Get vendor configuration", response_model=VendorConfiguration
)
async def get_vendor_configuration(caller: Auth, vendor_id: VendorId) -> Response:
    return respond(caller.read(service.get_vendor_configuration, vendor_id))
