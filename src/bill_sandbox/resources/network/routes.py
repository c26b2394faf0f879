from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import empty, respond
from bill_sandbox.resources.network import service
from bill_sandbox.resources.network.schemas import (
    AcceptIn,
    ConnectionStatus,
    EmailInvitationIn,
    InvitationIn,
    SearchResults,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/network", tags=["network"])
Auth = Annotated[Caller, Depends(session_caller)]
VendorId = Annotated[str, Path(alias="vendorId")]
CustomerId = Annotated[str, Path(alias="customerId")]
V, C = service.VENDOR, service.CUSTOMER


@router.get("", summary="Search for an organization in the BILL Network", response_model=SearchResults)
async def search(
    caller: Auth,
    name: Annotated[str | None, Query(description="Whole words, at least 3 characters (BILL scope)")] = None,
    scope: Annotated[str | None, Query(description="BILL, RPPS or ALL (default)")] = None,
    zip_or_postal_code: Annotated[str | None, Query(alias="zipOrPostalCode")] = None,
    account_number: Annotated[str | None, Query(alias="accountNumber")] = None,
    networks: Annotated[str | None, Query(description="Alias of scope: BILL, RPPS or BILL,RPPS")] = None,
) -> Response:
    return respond(caller.read(service.search, name, scope, zip_or_postal_code, account_number, networks))


@router.post("/invitation/accept", summary="Accept connection request")
async def accept(caller: Auth, body: AcceptIn) -> Response:
    caller.write(service.accept, body)
    return empty()


@router.get(
    "/invitation/customer/{customerId}",
    summary="Get customer connection request status",
    response_model=ConnectionStatus,
)
async def customer_status(caller: Auth, customer_id: CustomerId) -> Response:
    return respond(caller.read(service.status, C, customer_id))


@router.post("/invitation/customer/{customerId}", summary="Send connection request to a customer")
async def invite_customer(caller: Auth, customer_id: CustomerId, body: InvitationIn) -> Response:
    caller.write(service.send, C, customer_id, body)
    return empty()


@router.delete("/invitation/customer/{customerId}", summary="Delete customer connection")
async def delete_customer_connection(caller: Auth, customer_id: CustomerId) -> Response:
    caller.write(service.remove, C, customer_id)
    return empty()


@router.get(
    "/invitation/vendor/{vendorId}",
    summary="Get vendor connection request status",
    response_model=ConnectionStatus,
)
async def vendor_status(caller: Auth, vendor_id: VendorId) -> Response:
    return respond(caller.read(service.status, V, vendor_id))


@router.post("/invitation/vendor/{vendorId}", summary="Send connection request to a vendor")
async def invite_vendor(caller: Auth, vendor_id: VendorId, body: InvitationIn) -> Response:
    caller.write(service.send, V, vendor_id, body)
    return empty()


@router.delete("/invitation/vendor/{vendorId}", summary="Delete vendor connection")
async def delete_vendor_connection(caller: Auth, vendor_id: VendorId) -> Response:
    caller.write(service.remove, V, vendor_id)
    return empty()


@router.post(
    "/invitation/vendor/{vendorId}/email",
    summary="Send connection request to a vendor not in the BILL Network",
)
async def invite_vendor_by_email(caller: Auth, vendor_id: VendorId, body: EmailInvitationIn) -> Response:
    caller.write(service.send_email, vendor_id, body)
    return empty()
