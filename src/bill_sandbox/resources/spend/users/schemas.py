from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from bill_sandbox.schemas import Email, NotBlank, RequestModel, RequiredEmail, ResponseModel

Role = Literal["ADMIN", "AUDITOR", "BOOKKEEPER", "MEMBER"]


class UserCreate(RequestModel):
    model_config = RequestModel.model_config | {
        "json_schema_extra": {
            "example": {
                "email": "clark@happymusicsupplies.example.com",
                "firstName": "Clark",
                "lastName": "Spenderson",
                "role": "MEMBER",
            }
        }
    }
    first_name: NotBlank = Field(None, max_length=100)
    last_name: NotBlank = Field(None, max_length=100)
    email: RequiredEmail = Field(None, max_length=255)
    role: Role | None = None
    date_of_birth: date | None = None
    phone: str | None = Field(None, max_length=40)


class UserUpdate(RequestModel):
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    email: Email = Field(None, max_length=255)
    role: Role | None = None
    date_of_birth: date | None = None
    phone: str | None = Field(None, max_length=40)


class User(ResponseModel):
    id: str | None = None
    uuid: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    receipt_email: str | None = None
    retired: bool | None = None
    use_company_mailing_address: bool | None = None
    sms_opt_in: bool | None = None
    has_date_of_birth: bool | None = None
    role: str | None = None
    created_time: str | None = None


class UserList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[User] = []
