from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.funding_accounts import bank_account_users, bank_accounts, cards
from bill_sandbox.resources.funding_accounts import permissions as access
from bill_sandbox.resources.funding_accounts.schemas import (
    ApCard,
    BankAccount,
    BankAccountCreate,
    BankAccountList,
    BankAccountUpdate,
    BankAccountUser,
    BankAccountUserList,
    CardAccount,
    CardAccountList,
    CardAccountUserList,
    FundingPurposes,
    NominateRequest,
    Permissions,
    Status,
    Verified,
    VerifyRequest,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/funding-accounts", tags=["funding accounts"])
Auth = Annotated[Caller, Depends(session_caller)]
Params = Annotated[ListParams, Depends(list_params)]
BankAccountId = Annotated[str, Path(alias="bankAccountId")]
BankAccountUserId = Annotated[str, Path(alias="bankAccountUserId")]
CardAccountId = Annotated[str, Path(alias="cardAccountId")]
CurrentUser = Annotated[
    str | None, Query(alias="currentUser", description="true: only the signed-in user's records")
]

# Fixed paths come before /{id} paths so that "users" is never read as an id.


@router.get("/ap-cards", summary="Get list of AP Cards", response_model=list[ApCard])
async def list_ap_cards(caller: Auth) -> Response:
    return respond(caller.read(cards.list_ap_cards))


@router.get("/permissions", summary="Get funding account permissions", response_model=Permissions)
async def permissions(caller: Auth) -> Response:
    return respond(caller.read(access.permissions))


@router.get("/banks/users", summary="Get list of bank account users", response_model=BankAccountUserList)
async def list_bank_account_users(caller: Auth, params: Params, current_user: CurrentUser = None) -> Response:
    return respond(caller.read(bank_account_users.list_bank_account_users, params, current_user))


@router.post("/banks/users/nominate", summary="Nominate a bank account user", response_model=Status)
async def nominate_bank_account_user(caller: Auth, body: NominateRequest) -> Response:
    return respond(caller.write(bank_account_users.nominate_bank_account_user, body))


@router.post(
    "/banks/users/{bankAccountUserId}/archive",
    summary="Archive a bank account user",
    response_model=BankAccountUser,
)
async def archive_bank_account_user(caller: Auth, bank_account_user_id: BankAccountUserId) -> Response:
    return respond(caller.write(bank_account_users.archive_bank_account_user, bank_account_user_id))


@router.get("/banks", summary="Get list of bank accounts", response_model=BankAccountList)
async def list_bank_accounts(caller: Auth, params: Params) -> Response:
    return respond(caller.read(bank_accounts.list_bank_accounts, params))


@router.post("/banks", summary="Create a bank account", status_code=201, response_model=BankAccount)
async def create_bank_account(caller: Auth, body: BankAccountCreate) -> Response:
    return respond(caller.write(bank_accounts.create_bank_account, body), 201)


@router.get("/banks/{bankAccountId}", summary="Get bank account details", response_model=BankAccount)
async def get_bank_account(caller: Auth, bank_account_id: BankAccountId) -> Response:
    return respond(caller.read(bank_accounts.get_bank_account, bank_account_id))


@router.patch("/banks/{bankAccountId}", summary="Update a bank account", response_model=BankAccount)
async def update_bank_account(
    caller: Auth, bank_account_id: BankAccountId, body: BankAccountUpdate
) -> Response:
    return respond(caller.write(bank_accounts.update_bank_account, bank_account_id, body))


@router.post("/banks/{bankAccountId}/archive", summary="Archive a bank account", response_model=BankAccount)
async def archive_bank_account(caller: Auth, bank_account_id: BankAccountId) -> Response:
    return respond(caller.write(bank_accounts.archive_bank_account, bank_account_id))


@router.post("/banks/{bankAccountId}/verify", summary="Verify a bank account", response_model=Verified)
async def verify_bank_account(caller: Auth, bank_account_id: BankAccountId, body: VerifyRequest) -> Response:
    return respond(caller.write(bank_accounts.verify_bank_account, bank_account_id, body))


@router.get("/cards", summary="Get list of card accounts", response_model=CardAccountList)
async def list_card_accounts(
    caller: Auth,
    card_user_status: Annotated[
        str, Query(alias="cardUserStatus", description="VERIFIED or NOMINATED: the signed-in user's status")
    ],
) -> Response:
    return respond(caller.read(cards.list_card_accounts, card_user_status))


@router.get("/cards/funding-purposes", summary="Get card funding purpose", response_model=FundingPurposes)
async def card_funding_purposes(
    caller: Auth,
    vendor_id: Annotated[str, Query(alias="vendorId")],
    brand: Annotated[str, Query(description="Card brand, e.g. visa")],
) -> Response:
    return respond(caller.read(cards.card_funding_purposes, vendor_id, brand))


@router.get("/cards/users", summary="Get list of card account users", response_model=CardAccountUserList)
async def list_card_account_users(caller: Auth, params: Params, current_user: CurrentUser = None) -> Response:
    return respond(caller.read(cards.list_card_account_users, params, current_user))


@router.get("/cards/{cardAccountId}", summary="Get card account details", response_model=CardAccount)
async def get_card_account(caller: Auth, card_account_id: CardAccountId) -> Response:
    return respond(caller.read(cards.get_card_account, card_account_id))
