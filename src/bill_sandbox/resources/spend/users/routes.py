from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.responses import Response

from bill_sandbox.jsonio import empty, respond
from bill_sandbox.resources.spend.auth import SpendCaller, spend_caller
from bill_sandbox.resources.spend.listing import SpendListParams, spend_list_params
from bill_sandbox.resources.spend.users import service
from bill_sandbox.resources.spend.users.schemas import User, UserCreate, UserList, UserUpdate
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/spend/users", tags=["users"])
Auth = Annotated[SpendCaller, Depends(spend_caller)]
UserId = Annotated[str, Path(alias="userId", description="User id or uuid")]
Params = Annotated[SpendListParams, Depends(spend_list_params)]


@router.get("", summary="Get list of users", response_model=UserList)
async def list_users(caller: Auth, params: Params) -> Response:
    return respond(caller.read(service.list_users, params))


@router.post("", summary="Create a user", response_model=User)
async def create_user(caller: Auth, body: UserCreate) -> Response:
    return respond(caller.write(service.create_user, body))


@router.get("/current", summary="Get current user details", response_model=User)
async def current_user(caller: Auth) -> Response:
    return respond(caller.read(service.current_user))


@router.get("/{userId}", summary="Get user details", response_model=User)
async def get_user(caller: Auth, user_id: UserId) -> Response:
    return respond(caller.read(service.get_user, user_id))


@router.patch("/{userId}", summary="Update a user", response_model=User)
async def update_user(caller: Auth, user_id: UserId, body: UserUpdate) -> Response:
    return respond(caller.write(service.update_user, user_id, body))


@router.delete("/{userId}", summary="Delete a user")
async def delete_user(caller: Auth, user_id: UserId) -> Response:
    caller.write(service.delete_user, user_id)
    return empty()
