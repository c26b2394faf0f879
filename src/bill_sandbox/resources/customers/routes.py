from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.customers import service
from bill_sandbox.resources.customers.schemas import Customer, CustomerCreate, CustomerList, CustomerUpdate
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/customers", tags=["customers"])
CustomerId = Annotated[str, Path(alias="customerId")]
Auth = Annotated[Caller, Depends(session_caller)]


@router.get("", summary="Get list of customers", response_model=CustomerList)
async def list_customers(caller: Auth, params: Annotated[ListParams, Depends(list_params)]) -> Response:
    return respond(caller.read(service.list_customers, params))


@router.post("", summary="Create a customer", status_code=201, response_model=Customer)
async def create_customer(caller: Auth, body: CustomerCreate) -> Response:
    return respond(caller.write(service.create_customer, body), 201)


@router.get("/{customerId}", summary="Get customer details", response_model=Customer)
async def get_customer(caller: Auth, customer_id: CustomerId) -> Response:
    return respond(caller.read(service.get_customer, customer_id))


@router.patch("/{customerId}", summary="Update a customer", response_model=Customer)
async def update_customer(caller: Auth, customer_id: CustomerId, body: CustomerUpdate) -> Response:
    return respond(caller.write(service.update_customer, customer_id, body))


@router.post("/{customerId}/archive", summary="Archive a customer", response_model=Customer)
async def archive_customer(caller: Auth, customer_id: CustomerId) -> Response:
    return respond(caller.write(service.archive_customer, customer_id))


@router.post("/{customerId}/restore", summary="Restore an archived customer", response_model=Customer)
async def restore_customer(caller: Auth, customer_id: CustomerId) -> Response:
    return respond(caller.write(service.restore_customer, customer_id))
