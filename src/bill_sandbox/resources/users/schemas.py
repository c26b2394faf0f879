from __future__ import annotations

from pydantic import Field

from bill_sandbox.schemas import Bool, Email, NotBlank, RequestModel, RequiredEmail, ResponseModel


class UserCreate(RequestModel):
    model_config = RequestModel.model_config | {
        "json_schema_extra": {
            "example": {
                "firstName": "Clark",
                "lastName": "Billenterson",
                "email": "clark@happymusicsupplies.example.com",
                "roleId": "0po02ABCDEFGHIJKabcd",
                "acceptTermsOfService": True,
            }
        }
    }

    first_name: NotBlank = Field(None, max_length=100)
    last_name: NotBlank = Field(None, max_length=100)
    email: RequiredEmail = Field(None, max_length=255)
    role_id: str | None = Field(None, max_length=40)
    accept_terms_of_service: Bool = None


class PartnerUserCreate(UserCreate):
    """``POST /v3/partner/users``: also a ``username`` (unique, at most 40 characters, not an
    email address); ``roleId`` defaults to ADMINISTRATOR."""

    username: NotBlank = Field(None, max_length=40)


class UserUpdate(RequestModel):
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    email: Email = Field(None, max_length=255)
    role_id: str | None = Field(None, max_length=40)


# ------------------------------------------------------------------------------ responses


class RoleRef(ResponseModel):
    id: str | None = None
    type: str | None = None
    description: str | None = None


class User(ResponseModel):
    id: str | None = None
    archived: bool | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    role: RoleRef | None = None
    created_time: str | None = None
    updated_time: str | None = None


class UserList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[User] = []


class Role(ResponseModel):
    id: str | None = None
    type: str | None = None
    description: str | None = None
    created_time: str | None = None
    updated_time: str | None = None


class RoleList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Role] = []
