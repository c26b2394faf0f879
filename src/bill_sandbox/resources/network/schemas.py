from __future__ import annotations

from typing import Literal

from pydantic import Field

from bill_sandbox.schemas import NotBlank, RequestModel, RequiredEmail, ResponseModel


class RppsInformation(RequestModel):
    account_number: str | None = Field(None, max_length=40)
    address_id: str | None = Field(None, max_length=40)


class InvitationIn(RequestModel):
    model_config = RequestModel.model_config | {
        "json_schema_extra": {"example": {"networkId": "00801NETAUTO0001auto", "networkType": "BILL"}}
    }
    network_id: NotBlank = Field(None, max_length=40)
    network_type: Literal["BILL", "RPPS"] | None = None
    rpps_information: RppsInformation | None = None


class EmailInvitationIn(RequestModel):
    email: RequiredEmail = Field(None, max_length=255)


class AcceptIn(RequestModel):
    network_id: NotBlank = Field(None, max_length=40)
    type: Literal["CUSTOMER", "VENDOR"] | None = None
    id: str | None = Field(None, max_length=40)
    name: str | None = Field(None, max_length=255)


# ------------------------------------------------------------------------------ responses


class ConnectionStatus(ResponseModel):
    id: str | None = None
    status: str | None = None
    network_id: str | None = None


class NetworkAddress(ResponseModel):
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state_or_province: str | None = None
    zip_or_postal_code: str | None = None
    country: str | None = None


class ManagedBy(ResponseModel):
    name: str | None = None
    email: str | None = None
    email_domain: str | None = None


class NetworkOrganization(ResponseModel):
    id: str | None = None
    name: str | None = None
    type: str | None = None
    addresses: list[NetworkAddress] = []
    managed_by: ManagedBy | None = None


class SearchResults(ResponseModel):
    results: list[NetworkOrganization] = []
