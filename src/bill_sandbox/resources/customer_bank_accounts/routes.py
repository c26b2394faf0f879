"""Customer bank accounts and charge authorization (BILL changelog 2025-12). BILL's Postman
collection has no examples for them yet, so they stay out of the served spec (the contract test
compares every served operation with the collection); they are documented in the README."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.customer_bank_accounts import service
from bill_sandbox.resources.customer_bank_accounts.schemas import (
    ChargeAuthorization,
    CustomerBankAccount,
    CustomerBankAccountCreate,
    CustomerBankAccountList,
    CustomerBankAccountUpdate,
)
from bill_sandbox.resources.customers.schemas import Customer
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/customers/{customerId}", tags=["customers"], include_in_schema=False)
CustomerId = Annotated[str, Path(alias="customerId")]
BankAccountId = Annotated[str, Path(alias="bankAccountId")]
Auth = Annotated[Caller, Depends(session_caller)]


@router.post("/charge-authorization", summary="Authorize charging a customer", response_model=Customer)
async def charge_authorization(caller: Auth, customer_id: CustomerId, body: ChargeAuthorization) -> Response:
    return respond(caller.write(service.set_charge_authorization, customer_id, body))


@router.get(
    "/bank-accounts", summary="Get list of customer bank accounts", response_model=CustomerBankAccountList
)
async def list_bank_accounts(
    caller: Auth, customer_id: CustomerId, params: Annotated[ListParams, Depends(list_params)]
) -> Response:
    return respond(caller.read(service.list_bank_accounts, customer_id, params))


@router.post(
    "/bank-accounts",
    summary="Create a customer bank account",
    status_code=201,
    response_model=CustomerBankAccount,
)
async def create_bank_account(
    caller: Auth, customer_id: CustomerId, body: CustomerBankAccountCreate
) -> Response:
    return respond(caller.write(service.create_bank_account, customer_id, body), 201)


@router.get(
    "/bank-accounts/{bankAccountId}",
    summary="Get customer bank account details",
    response_model=CustomerBankAccount,
)
async def get_bank_account(caller: Auth, customer_id: CustomerId, bank_account_id: BankAccountId) -> Response:
    return respond(caller.read(service.get_bank_account, customer_id, bank_account_id))


@router.patch(
    "/bank-accounts/{bankAccountId}",
    summary="Update a customer bank account",
    response_model=CustomerBankAccount,
)
async def update_bank_account(
    caller: Auth, customer_id: CustomerId, bank_account_id: BankAccountId, body: CustomerBankAccountUpdate
) -> Response:
    return respond(caller.write(service.update_bank_account, customer_id, bank_account_id, body))


@router.post(
    "/bank-accounts/{bankAccountId}/archive",
    summary="Archive a customer bank account",
    response_model=CustomerBankAccount,
)
async def archive_bank_account(
    caller: Auth, customer_id: CustomerId, bank_account_id: BankAccountId
) -> Response:
    return respond(caller.write(service.archive_bank_account, customer_id, bank_account_id))
