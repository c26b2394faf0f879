from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from bill_sandbox.schemas import Bool, NotBlank, NotNull, RequestModel, ResponseModel

PhoneType = Literal["TEXT", "VOICE"]
# Required: absent and null answer "type: must not be null".
RequiredType = Annotated[PhoneType | None, Field(validate_default=True), NotNull]


class SetupRequest(RequestModel):
    phone: NotBlank = Field(None, max_length=40, description="The phone number to register")
    type: RequiredType = Field(None, description="How the code is sent: TEXT or VOICE")
    primary: Bool = Field(None, description="Deprecated: make this the primary phone")


class SetupValidateRequest(RequestModel):
    setup_id: NotBlank = Field(None, description="setupId from Add phone for MFA setup")
    type: RequiredType = None
    token: NotBlank = Field(None, max_length=12, description="The 6-digit code that was sent")


class ChallengeRequest(RequestModel):
    use_backup: Bool = Field(None, description="Send the code to a backup phone")


class ChallengeValidateRequest(RequestModel):
    challenge_id: NotBlank = Field(None, description="challengeId from Generate MFA challenge")
    token: NotBlank = Field(None, max_length=12, description="The 6-digit code that was sent")
    device: str | None = Field(None, max_length=255, description="A name for this device")
    machine_name: str | None = Field(None, max_length=255)
    remember_me: Bool = Field(None, description="Keep the returned rememberMeId valid for 30 days")


class StepUpRequest(RequestModel):
    remember_me_id: NotBlank = Field(None, max_length=60)
    device: NotBlank = Field(None, max_length=255)


# ------------------------------------------------------------------------------ responses


class SetupResponse(ResponseModel):
    setup_id: str


class StatusResponse(ResponseModel):
    status: str


class ChallengeResponse(ResponseModel):
    challenge_id: str


class ChallengeValidateResponse(ResponseModel):
    remember_me_id: str


class TrustedResponse(ResponseModel):
    trusted: bool


class Phone(ResponseModel):
    type: str | None = None
    last4digits: str | None = Field(None, alias="last4digits")
    primary: bool | None = None


class PhoneList(ResponseModel):
    results: list[Phone] = []
