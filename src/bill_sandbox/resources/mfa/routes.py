from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends
from starlette.responses import Response

from bill_sandbox.auth import Caller, session_caller
from bill_sandbox.jsonio import respond
from bill_sandbox.resources.mfa import service
from bill_sandbox.resources.mfa.schemas import (
    ChallengeRequest,
    ChallengeResponse,
    ChallengeValidateRequest,
    ChallengeValidateResponse,
    PhoneList,
    SetupRequest,
    SetupResponse,
    SetupValidateRequest,
    StatusResponse,
    StepUpRequest,
    TrustedResponse,
)
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/mfa", tags=["mfa"])
Auth = Annotated[Caller, Depends(session_caller)]


def _answer(result: dict[str, Any] | service.Rejected) -> Response:
    """A refused token is raised only now, after its attempt was committed."""
    if isinstance(result, service.Rejected):
        raise result.error
    return respond(result)


@router.post("/setup", summary="Add phone for MFA setup", response_model=SetupResponse)
async def setup(caller: Auth, body: SetupRequest) -> Response:
    return respond(caller.write(service.setup, body))


@router.post("/setup/validate", summary="Validate phone for MFA setup", response_model=StatusResponse)
async def validate_setup(caller: Auth, body: SetupValidateRequest) -> Response:
    return _answer(caller.write(service.validate_setup, body))


# BILL's guides call the setup validation /v3/mfa/validate (BILL-RULES §6 #33); not in its operation list.
@router.post("/validate", include_in_schema=False)
async def validate_setup_alias(caller: Auth, body: SetupValidateRequest) -> Response:
    return _answer(caller.write(service.validate_setup, body))


@router.post("/challenge", summary="Generate MFA challenge", response_model=ChallengeResponse)
async def challenge(caller: Auth, body: Annotated[ChallengeRequest | None, Body()] = None) -> Response:
    return respond(caller.write(service.challenge, body))


@router.post(
    "/challenge/validate", summary="Validate MFA challenge", response_model=ChallengeValidateResponse
)
async def validate_challenge(caller: Auth, body: ChallengeValidateRequest) -> Response:
    return _answer(caller.write(service.validate_challenge, body))


@router.post("/step-up", summary="MFA step-up for API session", response_model=TrustedResponse)
async def step_up(caller: Auth, body: StepUpRequest) -> Response:
    return respond(caller.write(service.step_up, body))


@router.get("/phones", summary="Get list of MFA phone numbers", response_model=PhoneList)
async def list_phones(caller: Auth) -> Response:
    return respond(caller.read(service.list_phones))
