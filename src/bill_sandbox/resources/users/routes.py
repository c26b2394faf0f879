from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.users import service
from bill_sandbox.resources.users.schemas import Role, RoleList, User, UserCreate, UserList, UserUpdate
from bill_sandbox.routing import APIRouter

users_router = APIRouter(prefix="/v3/users", tags=["organization users"])
roles_router = APIRouter(prefix="/v3/roles", tags=["roles"])
Auth = Annotated[Caller, Depends(session_caller)]
Params = Annotated[ListParams, Depends(list_params)]
UserId = Annotated[str, Path(alias="userId")]
RoleId = Annotated[str, Path(alias="roleId")]


@users_router.get("", summary="Get list of users", response_model=UserList)
async def list_users(caller: Auth, params: Params) -> Response:
    return respond(caller.read(service.list_users, params))


@users_router.post("", summary="Create a user", status_code=201, response_model=User)
async def create_user(caller: Auth, body: UserCreate) -> Response:
    return respond(caller.write(service.create_user, body), 201)


@users_router.get("/{userId}", summary="Get user details", response_model=User)
async def get_user(caller: Auth, user_id: UserId) -> Response:
    return respond(caller.read(service.get_user, user_id))


@users_router.patch("/{userId}", summary="Update a user", response_model=User)
async def update_user(caller: Auth, user_id: UserId, body: UserUpdate) -> Response:
    return respond(caller.write(service.update_user, user_id, body))


@users_router.post("/{userId}/archive", summary="Archive a user", response_model=User)
async def archive_user(caller: Auth, user_id: UserId) -> Response:
    return respond(caller.write(service.archive_user, user_id))


@users_router.post("/{userId}/restore", summary="Restore an archived user", response_model=User)
async def restore_user(caller: Auth, user_id: UserId) -> Response:
    return respond(caller.write(service.restore_user, user_id))


@roles_router.get("", summary="Get list of user roles", response_model=RoleList)
async def list_roles(caller: Auth, params: Params) -> Response:
    return respond(caller.read(service.list_roles, params))


@roles_router.get("/{roleId}", summary="Get user role details", response_model=Role)
async def get_role(caller: Auth, role_id: RoleId) -> Response:
    return respond(caller.read(service.get_role, role_id))
