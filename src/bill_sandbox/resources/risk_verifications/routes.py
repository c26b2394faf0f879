from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import empty, respond
from bill_sandbox.resources.risk_verifications import service
from bill_sandbox.resources.risk_verifications.schemas import HasPhone, PhoneIn, RiskVerification
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/risk-verifications", tags=["risk verifications"])
Auth = Annotated[Caller, Depends(session_caller)]


@router.get("/phone", summary="Get phone status for risk verification", response_model=HasPhone)
async def phone_status(caller: Auth) -> Response:
    return respond(caller.read(service.phone_status))


@router.post("/phone", summary="Add phone for risk verification")
async def add_phone(caller: Auth, body: PhoneIn) -> Response:
    caller.write(service.add_phone, body)
    return empty()


@router.get("", summary="Get risk verification details", response_model=RiskVerification)
async def status(caller: Auth) -> Response:
    return respond(caller.read(service.status))


@router.post("", summary="Initiate risk verification for an organization", response_model=RiskVerification)
async def start(caller: Auth) -> Response:
    return respond(caller.write(service.start))
