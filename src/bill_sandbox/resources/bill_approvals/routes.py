from __future__ import annotations

from typing import Annotated

from fastapi import Body, Depends, Path
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.resources.bill_approvals import service
from bill_sandbox.resources.bill_approvals.schemas import ActionIn, PendingList, Policy, PolicyIn, Status
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/bill-approvals", tags=["bill-approvals"])
PolicyId = Annotated[str, Path(alias="policyId")]
Auth = Annotated[Caller, Depends(session_caller)]
MAX_ACTIONS = 100


@router.post("/actions", summary="Approve or deny a bill", response_model=Status)
async def act(
    caller: Auth, body: Annotated[list[ActionIn], Body(min_length=1, max_length=MAX_ACTIONS)]
) -> Response:
    return respond(caller.write(service.act, body))


@router.get(
    "/pending-user-approvals", summary="Get list of bills pending approval", response_model=PendingList
)
async def pending(caller: Auth) -> Response:
    return respond(caller.read(service.pending))


@router.get("/policies", summary="Get list of bill approval policies", response_model=list[Policy])
async def list_policies(caller: Auth) -> Response:
    return respond(caller.read(service.list_policies))


@router.post("/policies", summary="Create a bill approval policy", status_code=201, response_model=Policy)
async def create_policy(caller: Auth, body: PolicyIn) -> Response:
    return respond(caller.write(service.create_policy, body), 201)


# BILL's changelog gives the create path as POST /v3/bill-approvals (BILL-RULES §5.5, §6 #33).
@router.post("", status_code=201, response_model=Policy, include_in_schema=False)
async def create_policy_alias(caller: Auth, body: PolicyIn) -> Response:
    return respond(caller.write(service.create_policy, body), 201)


@router.put("/policies/{policyId}", summary="Update a bill approval policy", response_model=Policy)
async def update_policy(caller: Auth, policy_id: PolicyId, body: PolicyIn) -> Response:
    return respond(caller.write(service.update_policy, policy_id, body))


@router.delete("/policies/{policyId}", summary="Delete a bill approval policy", response_model=Status)
async def delete_policy(caller: Auth, policy_id: PolicyId) -> Response:
    return respond(caller.write(service.delete_policy, policy_id))
