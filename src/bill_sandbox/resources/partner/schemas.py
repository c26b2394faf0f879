from __future__ import annotations

from pydantic import Field

from bill_sandbox.schemas import NotBlank, RequestModel, ResponseModel


class PartnerLogin(RequestModel):
    model_config = RequestModel.model_config | {
        "json_schema_extra": {
            "example": {
                "username": "partner@sandbox.example.com",
                "password": "partner-password",
                "appKey": "sbx-app-0123456789abcdef",
            }
        }
    }
    username: NotBlank = Field(None, max_length=255)
    password: NotBlank = Field(None, max_length=255)
    app_key: NotBlank = Field(None, max_length=80)


class LoginAsUser(RequestModel):
    user_id: NotBlank = Field(None, max_length=40)
    organization_id: NotBlank = Field(None, max_length=40)
    remember_me_id: str | None = Field(None, max_length=200)
    device: str | None = Field(None, max_length=200)


class PartnerSession(ResponseModel):
    session_id: str | None = None


class UserSession(ResponseModel):
    session_id: str | None = None
    trusted: bool | None = None
