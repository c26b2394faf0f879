from __future__ import annotations

from typing import Literal

from pydantic import Field

from bill_sandbox.schemas import NotBlank, RequestModel, ResponseModel


class PhoneIn(RequestModel):
    model_config = RequestModel.model_config | {
        "json_schema_extra": {"example": {"phoneNumber": "4155550134", "phoneType": "MOBILE"}}
    }
    phone_number: NotBlank = Field(None, max_length=40)
    phone_type: Literal["MOBILE"] | None = None


class HasPhone(ResponseModel):
    has_phone: bool | None = None


class RiskVerification(ResponseModel):
    processing_status: str | None = None
    decision: str | None = None
    reference_id: str | None = None
