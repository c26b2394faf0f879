from __future__ import annotations

from typing import Literal

from pydantic import Field

from bill_sandbox.schemas import RequestModel, ResponseModel


class TransactionMove(RequestModel):
    budget_id: str | None = Field(None, max_length=40)


class CustomFieldChoice(RequestModel):
    custom_field_id: str | None = Field(None, max_length=40)
    selected_values: list[str] | None = None
    note: str | None = Field(None, max_length=4000)


class CustomFieldsUpdate(RequestModel):
    custom_fields: list[CustomFieldChoice] | None = None


class ReceiptAdd(RequestModel):
    url: str | None = Field(None, max_length=2000)
    filename: str | None = Field(None, max_length=255)


class ChallengeAnswer(RequestModel):
    action: Literal["ACCEPT", "REJECT"] | None = None


class SelectedValue(ResponseModel):
    id: str | None = None
    uuid: str | None = None
    value: str | None = None


class TransactionCustomField(ResponseModel):
    id: str | None = None
    uuid: str | None = None
    name: str | None = None
    note: str | None = None
    is_required: bool | None = None
    selected_values: list[SelectedValue] | None = None


class Receipt(ResponseModel):
    filename: str | None = None
    url: str | None = None
    uuid: str | None = None


class Transaction(ResponseModel):
    id: str | None = None
    uuid: str | None = None
    transaction_type: str | None = None
    amount: float | None = None
    merchant_name: str | None = None
    budget_id: str | None = None
    budget_uuid: str | None = None
    card_id: str | None = None
    card_uuid: str | None = None
    user_id: str | None = None
    user_uuid: str | None = None
    occurred_time: str | None = None
    updated_time: str | None = None
    custom_fields: list[TransactionCustomField] | None = None
    receipts: list[Receipt] | None = None


class TransactionList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Transaction] = []


class TransactionCustomFieldList(ResponseModel):
    results: list[TransactionCustomField] = []


class ValueList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[SelectedValue] = []


class Status(ResponseModel):
    status: str | None = None


class ChallengeResult(ResponseModel):
    id: str | None = None
    status: str | None = None
