from __future__ import annotations

from pydantic import Field

from bill_sandbox.schemas import Bool, Money, RequestModel, ResponseModel


class CustomFieldFields(RequestModel):
    name: str | None = Field(None, max_length=255)
    description: str | None = Field(None, max_length=4000)
    multi_select: Bool = None
    allow_custom_values: Bool = None
    minimum_amount_for_requirement: Money = None
    required: Bool = None
    global_: Bool = Field(None, alias="global")
    values: list[str] | None = None
    selected_budget_ids: list[str] | None = None
    required_budget_ids: list[str] | None = None


class CustomFieldCreate(CustomFieldFields):
    model_config = CustomFieldFields.model_config | {
        "json_schema_extra": {
            "example": {
                "name": "Team offsite",
                "allowCustomValues": False,
                "global": True,
                "values": ["Travel", "Food"],
            }
        }
    }


class CustomFieldUpdate(CustomFieldFields):
    pass


class ValuesCreate(RequestModel):
    values: list[str] | None = None


class ValuesDelete(RequestModel):
    custom_field_value_ids: list[str] | None = None


class CustomField(ResponseModel):
    id: str | None = None
    uuid: str | None = None
    name: str | None = None
    description: str | None = None
    type: str | None = None
    multi_select: bool | None = None
    allow_custom_values: bool | None = None
    minimum_amount_for_requirement: float | None = None
    required: bool | None = None
    global_: bool | None = Field(None, alias="global")
    retired: bool | None = None
    created_time: str | None = None
    selected_budget_ids: list[str] | None = None
    selected_budget_uuids: list[str] | None = None
    required_budget_ids: list[str] | None = None
    required_budget_uuids: list[str] | None = None


class CustomFieldList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[CustomField] = []


class Value(ResponseModel):
    id: str | None = None
    uuid: str | None = None
    value: str | None = None
    deleted: bool | None = None


class ValueList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Value] = []
