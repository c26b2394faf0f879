from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bill_sandbox.accounts import service as accounts
from bill_sandbox.auth import app_db, app_settings
from bill_sandbox.db import Database
from bill_sandbox.errors import RequestError
from bill_sandbox.jsonio import empty, respond
from bill_sandbox.listing import ListParams, list_params
from bill_sandbox.resources.organizations.schemas import (
    Organization,
    OrganizationCreate,
    OrganizationList,
    PricePlanUpdate,
    StatusOut,
)
from bill_sandbox.resources.partner import service
from bill_sandbox.resources.partner.auth import PartnerCaller, partner_caller, partner_org_caller
from bill_sandbox.resources.partner.schemas import LoginAsUser, PartnerLogin, PartnerSession, UserSession
from bill_sandbox.resources.risk_verifications.schemas import PhoneIn
from bill_sandbox.resources.users.schemas import PartnerUserCreate, Role, RoleList, User, UserList, UserUpdate
from bill_sandbox.routing import APIRouter
from bill_sandbox.settings import Settings

router = APIRouter(prefix="/v3/partner", tags=["partner"])
Partner = Annotated[PartnerCaller, Depends(partner_caller)]
PartnerOrg = Annotated[PartnerCaller, Depends(partner_org_caller)]
Params = Annotated[ListParams, Depends(list_params)]
OrgId = Annotated[str, Path(alias="organizationId")]
UserId = Annotated[str, Path(alias="userId")]
RoleId = Annotated[str, Path(alias="roleId")]


@router.post("/login", summary="API partner login", response_model=PartnerSession)
async def partner_login(
    body: PartnerLogin,
    db: Annotated[Database, Depends(app_db)],
    settings: Annotated[Settings, Depends(app_settings)],
) -> Response:
    assert body.username and body.password and body.app_key
    with db.transaction(write=False) as tx:
        partner = service.find_partner(tx, body.username, body.app_key)
    # argon2 runs in a worker thread: no transaction is open while we wait for it.
    if not await run_in_threadpool(accounts.password_matches, settings, partner.password_hash, body.password):
        raise RequestError("BDC_1101")
    with db.transaction() as tx:
        return respond(service.open_partner_session(tx, partner, body.app_key))


@router.post("/login-as-user", summary="API login as user", response_model=UserSession)
async def login_as_user(caller: Partner, body: LoginAsUser) -> Response:
    assert body.user_id and body.organization_id
    return respond(
        caller.write(
            service.login_as_user, body.user_id, body.organization_id, body.remember_me_id, body.device
        )
    )


@router.get("/organizations", summary="Get list of organizations", response_model=OrganizationList)
async def list_organizations(caller: Partner, params: Params) -> Response:
    return respond(caller.read(service.list_organizations, params))


@router.post("/organizations", summary="Create an organization", status_code=201, response_model=Organization)
async def create_organization(caller: Partner, body: OrganizationCreate) -> Response:
    return respond(caller.write(service.create_organization, body), 201)


@router.patch(
    "/organizations/{organizationId}/price-plan",
    summary="Update an organization price plan",
    response_model=StatusOut,
)
async def set_price_plan(caller: Partner, organization_id: OrgId, body: PricePlanUpdate) -> Response:
    return respond(caller.write(service.set_price_plan, organization_id, body))


@router.get("/users", summary="Get list of users", response_model=UserList)
async def list_users(caller: PartnerOrg, params: Params) -> Response:
    return respond(caller.read(service.list_users, params))


@router.post("/users", summary="Create a user", status_code=201, response_model=User)
async def create_user(caller: PartnerOrg, body: PartnerUserCreate) -> Response:
    return respond(caller.write(service.create_user, body), 201)


@router.get("/users/{userId}", summary="Get user details", response_model=User)
async def get_user(caller: PartnerOrg, user_id: UserId) -> Response:
    return respond(caller.read(service.get_user, user_id))


@router.patch("/users/{userId}", summary="Update a user", response_model=User)
async def update_user(caller: PartnerOrg, user_id: UserId, body: UserUpdate) -> Response:
    return respond(caller.write(service.update_user, user_id, body))


@router.post("/users/{userId}/archive", summary="Archive a user", response_model=User)
async def archive_user(caller: PartnerOrg, user_id: UserId) -> Response:
    return respond(caller.write(service.set_user_archived, user_id, True))


@router.post("/users/{userId}/restore", summary="Restore an archived user", response_model=User)
async def restore_user(caller: PartnerOrg, user_id: UserId) -> Response:
    return respond(caller.write(service.set_user_archived, user_id, False))


@router.get("/roles", summary="Get list of user roles", response_model=RoleList)
async def list_roles(caller: PartnerOrg, params: Params) -> Response:
    return respond(caller.read(service.list_roles, params))


@router.get("/roles/{roleId}", summary="Get user role details", response_model=Role)
async def get_role(caller: PartnerOrg, role_id: RoleId) -> Response:
    return respond(caller.read(service.get_role, role_id))


@router.post("/risk-verifications/{userId}/phone", summary="Add phone for risk verification")
async def add_user_phone(caller: PartnerOrg, user_id: UserId, body: PhoneIn) -> Response:
    caller.write(service.add_user_phone, user_id, body)
    return empty()
