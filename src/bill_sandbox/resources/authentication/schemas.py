from __future__ import annotations

from pydantic import Field

from bill_sandbox.schemas import NotBlank, Wire


class LoginRequest(Wire):
    username: NotBlank = Field(None, description="Your BILL developer account user name")
    password: NotBlank = Field(None, description="Your password")
    organization_id: NotBlank = Field(None, description="The organization id (008...)")
    dev_key: NotBlank = Field(None, description="Your developer key")
    remember_me_id: str | None = None
    device: str | None = None


class LoginResponse(Wire):
    session_id: str
    organization_id: str
    user_id: str
    trusted: bool


class SessionDetails(Wire):
    organization_id: str
    user_id: str
    mfa_status: str
    mfa_bypass: bool
