from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from bill_sandbox.resources.spend.transactions.schemas import (
    CustomFieldChoice,
    Receipt,
    ReceiptAdd,
    TransactionCustomField,
)
from bill_sandbox.schemas import Money, RequestModel, ResponseModel


class ReimbursementFields(RequestModel):
    user_id: str | None = Field(None, max_length=40)
    budget_id: str | None = Field(None, max_length=40)
    amount: Money = None
    note: str | None = Field(None, max_length=4000)
    merchant_name: str | None = Field(None, max_length=255)
    occurred_date: date | None = None
    custom_fields: list[CustomFieldChoice] | None = None


class ReimbursementCreate(ReimbursementFields):
    model_config = ReimbursementFields.model_config | {
        "json_schema_extra": {
            "example": {
                "budgetId": "bgt_...",
                "userId": "usr_...",
                "occurredDate": "2025-12-25",
                "note": "Team lunch",
                "merchantName": "Jasmine Thai",
                "amount": 50,
                "receipts": [{"url": "<url from image-upload-url>", "filename": "lunch.jpg"}],
            }
        }
    }
    receipts: list[ReceiptAdd] | None = None


class ReimbursementUpdate(ReimbursementFields):
    pass


class ReimbursementAction(RequestModel):
    action: Literal["APPROVE", "DENY"] | None = None
    note: str | None = Field(None, max_length=4000)


class StatusStep(ResponseModel):
    actor_id: str | None = None
    actor_role: str | None = None
    occurred_time: str | None = None
    note: str | None = None
    status: str | None = None


class Reimbursement(ResponseModel):
    id: str | None = None
    uuid: str | None = None
    amount: float | None = None
    fulfillment_type: str | None = None
    fund_request_amount: float | None = None
    fund_request_budget_amount: float | None = None
    merchant_name: str | None = None
    note: str | None = None
    submitted_time: str | None = None
    occurred_date: str | None = None
    retired: bool | None = None
    status: str | None = None
    type: str | None = None
    batch_id: str | None = None
    batch_amount: float | None = None
    status_history: list[StatusStep] | None = None
    budget_id: str | None = None
    budget_uuid: str | None = None
    user_id: str | None = None
    user_uuid: str | None = None
    receipts: list[Receipt] | None = None
    custom_fields: list[TransactionCustomField] | None = None


class ReimbursementList(ResponseModel):
    next_page: str | None = None
    prev_page: str | None = None
    results: list[Reimbursement] = []
