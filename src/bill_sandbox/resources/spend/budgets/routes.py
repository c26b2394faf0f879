from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from starlette.responses import Response

from bill_sandbox.jsonio import empty, respond
from bill_sandbox.resources.spend.auth import SpendCaller, spend_caller
from bill_sandbox.resources.spend.budgets import members, service
from bill_sandbox.resources.spend.budgets.schemas import (
    Budget,
    BudgetCreate,
    BudgetList,
    BudgetUpdate,
    BulkMembers,
    Member,
    MemberList,
    MemberUpsert,
    Status,
)
from bill_sandbox.resources.spend.listing import SpendListParams, spend_list_params
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/spend/budgets", tags=["budgets"])
Auth = Annotated[SpendCaller, Depends(spend_caller)]
BudgetId = Annotated[str, Path(alias="budgetId", description="Budget id or uuid")]
UserId = Annotated[str, Path(alias="userId", description="User id or uuid")]
Params = Annotated[SpendListParams, Depends(spend_list_params)]


@router.get("", summary="Get list of budgets", response_model=BudgetList)
async def list_budgets(caller: Auth, params: Params) -> Response:
    return respond(caller.read(service.list_budgets, params))


@router.post("", summary="Create a budget", response_model=Budget)
async def create_budget(caller: Auth, body: BudgetCreate) -> Response:
    return respond(caller.write(service.create_budget, body))


@router.get("/{budgetId}", summary="Get budget details", response_model=Budget)
async def get_budget(caller: Auth, budget_id: BudgetId) -> Response:
    return respond(caller.read(service.get_budget, budget_id))


@router.patch("/{budgetId}", summary="Update a budget", response_model=Budget)
async def update_budget(caller: Auth, budget_id: BudgetId, body: BudgetUpdate) -> Response:
    return respond(caller.write(service.update_budget, budget_id, body))


@router.delete("/{budgetId}", summary="Delete a budget")
async def delete_budget(caller: Auth, budget_id: BudgetId) -> Response:
    caller.write(service.delete_budget, budget_id)
    return empty()


@router.get("/{budgetId}/members", summary="Get list of budget members", response_model=MemberList)
async def list_members(caller: Auth, budget_id: BudgetId, params: Params) -> Response:
    return respond(caller.read(members.list_members, budget_id, params))


@router.put("/{budgetId}/members/bulk", summary="Update multiple budget members", response_model=Status)
async def bulk_members(caller: Auth, budget_id: BudgetId, body: BulkMembers) -> Response:
    return respond(caller.write(members.bulk_members, budget_id, body))


@router.get("/{budgetId}/members/{userId}", summary="Get budget member details", response_model=Member)
async def get_member(caller: Auth, budget_id: BudgetId, user_id: UserId) -> Response:
    return respond(caller.read(members.get_member, budget_id, user_id))


@router.put("/{budgetId}/members/{userId}", summary="Add or update a budget member", response_model=Member)
async def upsert_member(caller: Auth, budget_id: BudgetId, user_id: UserId, body: MemberUpsert) -> Response:
    return respond(caller.write(members.upsert_member, budget_id, user_id, body))


@router.delete("/{budgetId}/members/{userId}", summary="Delete a budget member")
async def delete_member(caller: Auth, budget_id: BudgetId, user_id: UserId) -> Response:
    caller.write(members.delete_member, budget_id, user_id)
    return empty()
