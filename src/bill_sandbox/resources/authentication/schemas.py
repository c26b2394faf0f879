from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator

from bill_sandbox.schemas import NotBlank, RequestModel


class LoginRequest(RequestModel):
    username: NotBlank = Field(None, description="Your BILL developer account user name (or a token's name)")
    console_api_token: str | None = Field(
        None, description="An Accountant Console API token, instead of password (BILL-RULES §2.1)"
    )
    password: str | None = Field(
        None, validate_default=True, description="Your password (or a token's value)"
    )

    @field_validator("password")
    @classmethod
    def _password_or_token(cls, value: str | None, info: ValidationInfo) -> str | None:
        if (value is None or not value.strip()) and not info.data.get("console_api_token"):
            raise ValueError("must not be blank")
        return value

    organization_id: NotBlank = Field(None, description="The organization id (008...)")
    dev_key: NotBlank = Field(None, description="Your developer key")
    remember_me_id: str | None = None
    device: str | None = None


class LoginResponse(RequestModel):
    session_id: str
    organization_id: str
    user_id: str
    trusted: bool


class SessionDetails(RequestModel):
    organization_id: str
    user_id: str
    mfa_status: str
    mfa_bypass: bool
