from __future__ import annotations

from typing import Literal

from pydantic import Field

from bill_sandbox.schemas import NotBlank, Out, Wire


class PhoneIn(Wire):
    model_config = Wire.model_config | {
        "json_schema_extra": {"example": {"phoneNumber": "4155550134", "phoneType": "MOBILE"}}
    }
    phone_number: NotBlank = Field(None, max_length=40)
    phone_type: Literal["MOBILE"] | None = None


class HasPhone(Out):
    has_phone: bool | None = None


class RiskVerification(Out):
    processing_status: str | None = None
    decision: str | None = None
    reference_id: str | None = None
