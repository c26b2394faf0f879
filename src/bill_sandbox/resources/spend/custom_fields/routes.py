from __future__ import annotations

from typing import Annotated

from fastapi import Body, Depends, Path
from starlette.responses import Response

from bill_sandbox.jsonio import empty, respond
from bill_sandbox.resources.spend.auth import SpendCaller, spend_caller
from bill_sandbox.resources.spend.custom_fields import service
from bill_sandbox.resources.spend.custom_fields.schemas import (
    CustomField,
    CustomFieldCreate,
    CustomFieldList,
    CustomFieldUpdate,
    Value,
    ValueList,
    ValuesCreate,
    ValuesDelete,
)
from bill_sandbox.resources.spend.listing import SpendListParams, spend_list_params
from bill_sandbox.routing import APIRouter

router = APIRouter(prefix="/v3/spend/custom-fields", tags=["custom-fields"])
Auth = Annotated[SpendCaller, Depends(spend_caller)]
FieldId = Annotated[str, Path(alias="customFieldId", description="Custom field id or uuid")]
ValueId = Annotated[str, Path(alias="customFieldValueId", description="Value id or uuid")]
Params = Annotated[SpendListParams, Depends(spend_list_params)]


@router.get("", summary="Get list of custom fields", response_model=CustomFieldList)
async def list_custom_fields(caller: Auth, params: Params) -> Response:
    return respond(caller.read(service.list_custom_fields, params))


@router.post("", summary="Create a custom field", response_model=CustomField)
async def create_custom_field(caller: Auth, body: CustomFieldCreate) -> Response:
    return respond(caller.write(service.create_custom_field, body))


@router.get("/{customFieldId}", summary="Get custom field details", response_model=CustomField)
async def get_custom_field(caller: Auth, field_id: FieldId) -> Response:
    return respond(caller.read(service.get_custom_field, field_id))


@router.patch("/{customFieldId}", summary="Update a custom field", response_model=CustomField)
async def update_custom_field(caller: Auth, field_id: FieldId, body: CustomFieldUpdate) -> Response:
    return respond(caller.write(service.update_custom_field, field_id, body))


@router.delete("/{customFieldId}", summary="Delete a custom field")
async def delete_custom_field(caller: Auth, field_id: FieldId) -> Response:
    caller.write(service.delete_custom_field, field_id)
    return empty()


@router.get("/{customFieldId}/values", summary="Get list of custom field values", response_model=ValueList)
async def list_values(caller: Auth, field_id: FieldId, params: Params) -> Response:
    return respond(caller.read(service.list_values, field_id, params))


@router.post("/{customFieldId}/values", summary="Create a custom field value", response_model=Value)
async def create_values(caller: Auth, field_id: FieldId, body: ValuesCreate) -> Response:
    return respond(caller.write(service.create_values, field_id, body))


@router.delete("/{customFieldId}/values", summary="Delete a custom field value")
async def delete_values(caller: Auth, field_id: FieldId, body: Annotated[ValuesDelete, Body()]) -> Response:
    caller.write(service.delete_values, field_id, body)
    return empty()


@router.get(
    "/{customFieldId}/values/{customFieldValueId}",
    summary="Get custom field value details",
    response_model=Value,
)
async def get_value(caller: Auth, field_id: FieldId, value_id: ValueId) -> Response:
    return respond(caller.read(service.get_value, field_id, value_id))
